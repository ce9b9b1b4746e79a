"""The Chat pane's composer, header and states on the real window: Send and Stop in one place (Stop only while a
reply is written, with the real model), Send's reasons when it is off, the model picker's menu and what choosing
from it asks for, the context gauge, the note about the model (loading, failed, recovering) with its actions, an
empty conversation's examples."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import open_main_window
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from assistant.core.chat import pane_state
from assistant.core.chat.context_gauge import FULL, NEARLY_FULL, context_use
from assistant.core.library.gguf_file import GgufInfo
from assistant.core.library.models import InstalledModel
from assistant.ui.chat.context_gauge import ContextGauge

REPLY_TIMEOUT_MS = 90_000


def installed(path: Path, name: str, **metadata) -> InstalledModel:
    path.write_bytes(b"GGUF")
    info = GgufInfo(path, 1_100_000_000, 3, {"general.architecture": "llama", "general.name": name, **metadata})
    return InstalledModel(path, [path], None, 1_100_000_000, False, info)


@pytest.mark.model
def test_stop_stands_in_sends_place_only_while_a_reply_is_written(qtbot, model_path):
    window = open_main_window(qtbot, model_path, max_tokens=400)
    chat = window.chat
    window.activateWindow()
    assert chat.send_button.isVisible() and not chat.stop_button.isVisible()
    assert not chat.send_button.isEnabled() and "Type a message" in chat.send_button.toolTip()
    # The field's border is the box's focus ring.
    chat.input.setFocus()
    qtbot.waitUntil(lambda: chat.input_row.field.property("focused") is True)
    chat.conversations.filter_box.setFocus()
    qtbot.waitUntil(lambda: chat.input_row.field.property("focused") is False)
    chat.input.setPlainText("   ")  # spaces are nothing to send
    assert not chat.send_button.isEnabled()
    chat.input.setPlainText("Write a long story about a lighthouse keeper.")
    assert chat.send_button.isEnabled() and chat.send_button.toolTip() == "Send (Enter)"
    chunks = []
    window.client.replies.chunk.connect(lambda _rid, text: chunks.append(text))
    qtbot.mouseClick(chat.send_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: len(chunks) >= 3 or not chat.busy, timeout=REPLY_TIMEOUT_MS)
    assert chat.busy, "the reply ended before it could be stopped"
    assert chat.stop_button.isVisible() and chat.stop_button.isEnabled() and not chat.send_button.isVisible()
    assert chat.stop_button.accessibleName() == "Stop" and chat.send_button.accessibleName() == "Send"
    with qtbot.waitSignal(window.client.replies.stopped, timeout=REPLY_TIMEOUT_MS):
        qtbot.mouseClick(chat.stop_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: not chat.busy, timeout=REPLY_TIMEOUT_MS)
    assert chat.send_button.isVisible() and not chat.stop_button.isVisible()
    # The gauge in the header: what the reply took, of the model's context.
    reply = chat.history.thread(chat.conversation_id)[-1]
    used = reply.prompt_tokens + reply.generated_tokens
    assert chat.context_gauge.isVisible()
    assert f"{used:,} / 2,048" in chat.context_gauge.bar.toolTip()
    assert chat.context_gauge.bar.value() == round(used / 2048 * 1000)
    assert chat.context_gauge.bar.accessibleDescription() == chat.context_gauge.bar.toolTip()
    window.close()


@pytest.mark.model
def test_the_note_shows_the_load_where_the_user_looks_then_an_empty_conversation(qtbot, model_path):
    window = open_main_window(qtbot)
    window.activateWindow()
    chat = window.chat
    assert chat.stack.currentWidget() is chat.welcome and not chat.model_note.isVisible()
    assert not chat.send_button.isEnabled() and "Choose a model" in chat.send_button.toolTip()
    assert not chat.context_gauge.isVisible() and chat.model_picker.text() == "Choose a model"
    with qtbot.waitSignal(window.client.load_progress, timeout=30_000):
        window.load_model(str(model_path))
        assert chat.model_note.state == pane_state.LOADING and chat.model_note.isVisible()
        assert "SmolLM2" in chat.model_note.text.text().replace("Smollm2", "SmolLM2")
        assert chat.stack.currentWidget() is chat.empty_page  # what can be asked, while it loads
        chat.input.setPlainText("Hello")
        assert not chat.send_button.isEnabled() and "still loading" in chat.send_button.toolTip()
    assert chat.model_note.progress.isVisible() and chat.model_note.progress.maximum() == 100
    qtbot.waitUntil(lambda: window.model is not None, timeout=30_000)
    assert not chat.model_note.isVisible() and chat.send_button.isEnabled()
    assert chat.model_picker.text().lower().startswith("smollm2")
    # An empty conversation's examples fill the box, ready to send.
    chat.input.clear()
    example = chat.empty_page.examples[0]
    qtbot.mouseClick(example, Qt.LeftButton)
    assert chat.input.toPlainText() == example.text() and chat.input.hasFocus()
    window.close()


def test_a_failed_load_is_said_above_the_page_with_what_moves_on(qtbot, model_path, tmp_path):
    window = open_main_window(qtbot)
    chat, session = window.chat, window.session
    session.begin_load(str(model_path), "SmolLM2")  # as session.load does, without asking the engine
    session.failed(None, "Not enough memory for this model.")
    note = chat.model_note
    assert note.isVisible() and note.state == pane_state.FAILED and note.property("state") == pane_state.FAILED
    assert "could not be loaded" in note.text.text() and "Not enough memory" in note.text.text()
    assert note.retry_button.isVisible() and note.choose_button.isVisible()
    assert note.close_button.accessibleName() == "Dismiss"
    asked = []
    chat.load_recent_requested.disconnect()  # the window would load it; here only the request is checked
    chat.load_recent_requested.connect(asked.append)
    qtbot.mouseClick(note.retry_button, Qt.LeftButton)
    assert asked == [str(model_path)]
    shown = []
    chat.model_picker.showMenu = lambda: shown.append(True)  # the menu itself is modal; its contents are below
    qtbot.mouseClick(note.choose_button, Qt.LeftButton)
    assert shown == [True]
    qtbot.mouseClick(note.close_button, Qt.LeftButton)
    assert not note.isVisible()
    # A file that is not a model: trying it again cannot help, so only choosing another is offered.
    bad = tmp_path / "notes.gguf"
    bad.write_text("These are notes, not a model.")
    assert not session.load(str(bad))
    assert note.isVisible() and note.choose_button.isVisible() and not note.retry_button.isVisible()
    assert "notes.gguf" in note.text.text()
    window.close()


def test_a_crash_is_a_quiet_note_until_the_model_is_back(qtbot, model_path):
    window = open_main_window(qtbot, model_path)
    chat, session, model = window.chat, window.session, window.model
    session.crashed("The engine stopped unexpectedly (SIGKILL).")
    note = chat.model_note
    assert note.isVisible() and note.state == pane_state.RECOVERING
    assert "SIGKILL" in note.text.text() and not note.choose_button.isVisible()
    assert not chat.send_button.isEnabled()
    session.loaded(model)
    assert not note.isVisible()
    window.close()


def test_the_picker_lists_chat_models_and_asks_for_what_is_chosen(qtbot, tmp_path):
    window = open_main_window(qtbot)
    chat, picker = window.chat, window.chat.model_picker
    # The Models pane's first look at its folder (empty here) is said to the window once; then these stand.
    qtbot.waitUntil(lambda: not window.models.installed.background.busy("installed"))  # busy until delivered
    chat.set_installed_models([installed(tmp_path / "qwen.gguf", "Qwen3 8B"),
                               installed(tmp_path / "bge.gguf", "bge-m3", **{"llama.pooling_type": 2})])
    assert picker.accessibleName() == "Choose a model" and picker.toolTip()
    picker.fill()
    actions = picker.choices.actions()
    models = [a for a in actions if a.objectName() == "modelChoice"]
    assert [a.data() for a in models] == [str(tmp_path / "qwen.gguf")]  # the embedding model is for Documents
    assert models[0].text().startswith("Qwen3 8B") and "Installed models" in [a.text() for a in actions]
    requests = []
    chat.load_recent_requested.disconnect()
    chat.load_recent_requested.connect(requests.append)
    chat.open_model_requested.disconnect()
    chat.open_model_requested.connect(lambda: requests.append("open"))
    # The start page offers the same chat models as cards, each a button that loads it.
    def cards():  # shown once the event loop runs (a layout shows a new child later); the old ones are hidden
        return [b for b in chat.welcome.findChildren(QPushButton, "modelCard") if b.isVisibleTo(chat.welcome)]

    qtbot.waitUntil(lambda: len(cards()) == 1)
    assert cards()[0].accessibleName().startswith("Qwen3 8B, ") and cards()[0].accessibleName().endswith("1.1 GB")
    qtbot.mouseClick(cards()[0], Qt.LeftButton)
    models[0].trigger()
    next(a for a in actions if a.objectName() == "openModelFile").trigger()
    next(a for a in actions if a.objectName() == "findModels").trigger()
    assert requests == [str(tmp_path / "qwen.gguf")] * 2 + ["open"]
    assert window.panes.currentWidget() is window.models  # Find models… opens the Models pane

    window.close()


def test_the_gauge_fills_and_says_in_words_when_it_is_nearly_full(qtbot):
    gauge = ContextGauge()
    qtbot.addWidget(gauge)
    gauge.show()
    gauge.show_use(context_use(126, 8192))
    assert gauge.bar.value() == round(126 / 8192 * 1000) and "126 / 8,192" in gauge.bar.toolTip()
    assert not gauge.level.isVisible() and gauge.bar.property("level") == "normal"
    gauge.show_use(context_use(7000, 8192, reserve=512))
    assert gauge.level.isVisible() and gauge.level.text() == "Nearly full"
    assert gauge.bar.property("level") == NEARLY_FULL and "oldest messages" in gauge.bar.toolTip()
    gauge.show_use(context_use(8000, 8192, reserve=512))
    assert gauge.level.text() == "Full" and gauge.bar.property("level") == FULL
    gauge.show_use(None)
    assert not gauge.isVisible()


def test_the_composers_buttons_are_named_icons_that_show_their_state(qtbot):
    window = open_main_window(qtbot)
    chat = window.chat
    for button in (chat.images.button, chat.tools.button, chat.documents_button, chat.system_button,
                   chat.send_button):
        assert button.accessibleName() and button.toolTip() and not button.icon().isNull(), button.objectName()
    assert chat.tools.button.toolButtonStyle() == Qt.ToolButtonIconOnly and "Tools: off" in chat.tools.button.toolTip()
    chat.session.set_tools(True)
    chat.tools.refresh()
    assert chat.tools.button.toolButtonStyle() == Qt.ToolButtonTextBesideIcon  # on: its words beside the icon
    assert chat.tools.button.property("on") is True and chat.tools.button.accessibleName() == "Tools: on"
    window.close()
