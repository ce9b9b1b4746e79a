"""The main window's own states: each pane's status line is its own and leaves with what it is about, a size saved
on a larger screen fits this one, and a failed switch to a server's model leaves the working model loaded."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.core.engines.remote.server_keys import set_server_key
from assistant.core.engines.remote.server_list import Server, remote_target
from assistant.core.storage.settings import TaskModels
from conftest import open_main_window
from test_chat_ui import REPLY_TIMEOUT_MS, widgets
from test_remote import LlamaServer  # at collection: the build cache's place is read when it is imported

pytestmark = pytest.mark.model
DRIVER = Path(__file__).with_name("app_driver.py")


def send_and_wait(qtbot, window, text: str) -> None:
    with qtbot.waitSignal(window.client.generation_ended, timeout=REPLY_TIMEOUT_MS):
        window.chat.input.setPlainText(text)
        window.chat.send()


def test_each_pane_shows_its_own_status_line_and_a_new_model_clears_them(qtbot, model_path):
    window = open_main_window(qtbot, model_path)
    try:
        send_and_wait(qtbot, window, "Hello")
        chat_line = window.generation_label.text()
        assert "tokens/s" in chat_line
        window.show_pane(window.translation)
        assert window.generation_label.text() != chat_line  # the chat's speed is not Translation's
        window.show_pane(window.chat)
        assert window.generation_label.text() == chat_line
        with qtbot.waitSignal(window.client.model_loaded, timeout=REPLY_TIMEOUT_MS):
            window.load_model(str(model_path))
        assert "tokens/s" not in window.generation_label.text()  # that reply's context use was the old load's
    finally:
        window.close()


def test_a_long_status_line_ends_in_an_ellipsis_with_the_whole_text_in_its_tooltip(qtbot):
    window = open_main_window(qtbot)
    try:
        long = "The reply ended while the model was still thinking. " * 6
        window.status.set_pane_line(window.chat, long)
        label = window.generation_label
        qtbot.waitUntil(lambda: label.shown_text() != long)
        assert label.shown_text().endswith("…") and label.toolTip() == long
        assert window.statusBar().rect().contains(label.geometry())
    finally:
        window.close()


def test_a_note_about_a_waiting_model_leaves_when_the_reply_it_waited_for_ends(qtbot, model_path, tmp_path):
    other = tmp_path / "drafting-model.gguf"
    other.symlink_to(model_path)
    window = open_main_window(qtbot, model_path, max_tokens=60)
    try:
        window.settings.update(TaskModels, drafting=str(other))
        window.chat.input.setPlainText("Tell me about lighthouses.")
        window.chat.send()
        assert window.chat.busy
        window.show_pane(window.drafting)
        assert "loads when the current reply" in window.statusBar().currentMessage()
        with qtbot.waitSignal(window.client.model_loaded, timeout=REPLY_TIMEOUT_MS):
            pass  # the reply ends, then the drafting model loads
        assert "loads when" not in window.statusBar().currentMessage()
    finally:
        window.close()


@pytest.mark.parametrize("pane", ["chat", "drafting", "translation"])
def test_a_window_saved_on_a_larger_screen_fits_a_900_by_600_one(qtbot, tmp_path, pane):
    window = open_main_window(qtbot, pane=pane)
    window.resize(1600, 1000)
    window.move(300, 200)
    window.save_window_state()
    window.close()
    screen = tmp_path / "screen.json"  # Qt's offscreen platform, with one screen the size of a small laptop's
    screen.write_text(json.dumps({"screens": [{"name": "small", "x": 0, "y": 0, "width": 900, "height": 600,
                                               "logicalDpi": 96, "logicalBpi": 96, "dpr": 1}]}))
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={screen}")
    done = subprocess.run([sys.executable, str(DRIVER), "geometry"], env=env, capture_output=True, text=True,
                          timeout=120)
    shown = json.loads(done.stdout.strip().splitlines()[-1])
    x, y, width, height = shown["frame"]
    assert x >= 0 and y >= 0 and x + width <= 900 and y + height <= 600, shown
    inside = shown["window"][2:]
    assert len(shown["parts"]) > 2, shown  # the pane's buttons and the status bar
    for name, (left, top, w, h) in shown["parts"].items():
        assert left >= 0 and top >= 0 and left + w <= inside[0] and top + h <= inside[1], (name, shown)


def test_a_servers_model_that_cannot_be_used_leaves_the_local_model_loaded(qtbot, model_path):
    server = LlamaServer(model_path, "-a", "smollm2")
    window = open_main_window(qtbot, model_path)
    try:
        window.services.servers.add(Server(server.url))
        set_server_key(server.url, "not-the-key")
        with qtbot.waitSignal(window.client.model_load_failed, timeout=REPLY_TIMEOUT_MS) as failed:
            window.load_model(remote_target(server.url, "smollm2"))
        assert "refused the API key" in failed.args[1] and "{" not in failed.args[1]  # a sentence, not the JSON
        assert window.session.model is not None and window.session.model.info.path == model_path
        assert window.model_label.text().startswith(window.session.model.info.name)
        assert window.client.engine.pid is not None  # the engine host and its model were kept
        send_and_wait(qtbot, window, "Hello")
        assert widgets(window)[-1].message.content
    finally:
        server.stop()
        window.close()


def test_a_language_change_lets_a_finished_line_go_rather_than_leave_it_in_the_old_language(qtbot, model_path):
    from assistant.ui.common import ui_language

    window = open_main_window(qtbot, model_path)
    try:
        send_and_wait(qtbot, window, "Hello")
        assert "tokens/s" in window.generation_label.text()
        ui_language.apply("zh_CN")
        assert "tokens/s" not in window.generation_label.text()
        send_and_wait(qtbot, window, "Hello again")
        assert "词元/秒" in window.generation_label.text()  # the next reply's line, in the new language
    finally:
        ui_language.apply("en")
        window.close()


def test_drafting_and_translation_are_built_when_first_shown_and_follow_the_model_loaded_before(qtbot, model_path):
    from assistant.ui.writing.drafting_pane import DraftingPane
    from assistant.ui.writing.translation_pane import TranslationPane

    window = open_main_window(qtbot, model_path=model_path)
    assert window.panes.count() == 4
    assert not isinstance(window.panes.widget(1), DraftingPane)  # start-up did not wait for it
    assert not isinstance(window.panes.widget(2), TranslationPane)
    view = next(a for a in window.menuBar().actions() if a.text() == "&View").menu()
    next(a for a in view.actions() if a.text() == "&Drafting").trigger()  # Ctrl+2
    drafting = window.panes.currentWidget()
    assert isinstance(drafting, DraftingPane) and window.panes.indexOf(drafting) == 1 and window.nav.currentRow() == 1
    assert drafting is window.drafting and drafting.isVisible()
    assert drafting.task.model is window.session.model is not None  # loaded before the pane was
    window.nav.setCurrentRow(2)  # the rail
    assert isinstance(window.panes.currentWidget(), TranslationPane) and window.translation.task.model is not None
    assert [window.panes.widget(i) for i in range(4)] == [window.chat, window.drafting, window.translation,
                                                           window.models]
    window.close()  # both built: each is stopped and saved


def test_a_window_whose_drafting_and_translation_were_never_shown_closes_cleanly(qtbot):
    from assistant.ui.writing.drafting_pane import DraftingPane

    window = open_main_window(qtbot)
    window.close()
    assert not any(isinstance(window.panes.widget(i), DraftingPane) for i in range(window.panes.count()))
