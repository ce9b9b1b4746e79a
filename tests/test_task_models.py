"""A model per task: opening a pane loads its model, and a switch waits for the generation under way."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import Qt

from assistant.core.storage.database import connect
from assistant.core.library.gguf_file import read_gguf
from assistant.core.storage.paths import database_path
from assistant.core.storage.settings import ModelSettings, Settings, TaskModels
from assistant.ui.shell.main_window import MainWindow
from assistant.ui.shell.services import Services

pytestmark = pytest.mark.model
TIMEOUT = 60_000


@pytest.fixture
def two_models(model_path, tmp_path):
    """The same weights under a second path: to the app, a second model."""
    other = tmp_path / "second-model.gguf"
    shutil.copyfile(model_path, other)
    return str(model_path), str(other)


def open_window(qtbot, two_models, chat_tokens=24):
    first, second = two_models
    settings = Settings(connect(database_path()))
    for path in two_models:
        settings.set_model_settings(path, ModelSettings(temperature=0.0, max_tokens=chat_tokens, context_length=2048))
    settings.update(TaskModels, chat=first)
    settings.update(TaskModels, drafting=second)
    window = MainWindow(Services.create(settings.conn))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.client.model_loaded, timeout=TIMEOUT):
        window.restore_last_model()  # the chat's model, since Chat is the first pane
    assert str(window.model.info.path) == first
    return window


def test_opening_a_pane_loads_its_model_and_back(qtbot, two_models):
    first, second = two_models
    window = open_window(qtbot, two_models)
    with qtbot.waitSignal(window.client.model_loaded, timeout=TIMEOUT):
        window.show_pane(window.drafting)
    assert str(window.model.info.path) == second and str(window.drafting.task.model.info.path) == second
    with qtbot.assertNotEmitted(window.client.model_loaded, wait=300):
        window.show_pane(window.translation)  # no model chosen for Translation: it keeps the loaded one
    with qtbot.waitSignal(window.client.model_loaded, timeout=TIMEOUT):
        window.show_pane(window.chat)
    assert str(window.model.info.path) == first
    window.close()


def test_a_switch_waits_for_the_reply_under_way(qtbot, two_models):
    second = two_models[1]
    window = open_window(qtbot, two_models, chat_tokens=200)
    loaded = []
    window.client.model_loaded.connect(lambda model: loaded.append(str(model.info.path)))
    chunks = []
    window.client.replies.chunk.connect(lambda _rid, text: chunks.append(text))
    window.chat.input.setPlainText("Tell me a long story about a lighthouse keeper.")
    with qtbot.waitSignal(window.client.model_loaded, timeout=TIMEOUT):
        qtbot.mouseClick(window.chat.send_button, Qt.LeftButton)
        qtbot.waitUntil(lambda: len(chunks) >= 3, timeout=TIMEOUT)
        window.show_pane(window.drafting)
        assert loaded == [] and window.session.pending_switch == second  # the reply goes on on its own model
    reply = window.chat.history.thread(window.chat.conversation_id)[-1]
    assert reply.status == "complete" and reply.generated_tokens > 3  # finished, not cut off by the switch
    assert loaded == [second]
    window.close()


def test_a_missing_task_model_is_reported_and_nothing_switches(qtbot, two_models, tmp_path):
    window = open_window(qtbot, two_models)
    window.settings.update(TaskModels, translation=str(tmp_path / "gone.gguf"))
    with qtbot.assertNotEmitted(window.client.model_loaded, wait=300):
        window.show_pane(window.translation)
    assert "missing" in window.statusBar().currentMessage()
    window.close()


def test_the_dialog_stores_the_choices(qtbot, two_models):
    second = two_models[1]
    window = open_window(qtbot, two_models)
    window.library.remember(read_gguf(second))
    window.edit_task_models()
    dialog = window.task_dialog
    box = dialog.boxes["translation"]
    box.setCurrentIndex(box.findData(second))
    dialog.boxes["chat"].setCurrentIndex(0)  # whichever model is loaded
    dialog.accept()
    assert window.settings.read(TaskModels).translation == second
    assert window.settings.read(TaskModels).chat is None
    window.close()


def test_one_gguf_from_two_repositories_reads_as_two_choices(qtbot, model_path):
    """The same file downloaded from the Hub and from ModelScope (another owner there): the task dialog and
    Model › Installed models tell the copies apart by their repository."""
    import os

    from conftest import open_main_window

    from assistant.core.storage.paths import models_dir

    for repo in ("tencent/Tiny-MT-GGUF", "Tencent-Hunyuan/Tiny-MT-GGUF"):
        folder = models_dir() / repo
        folder.mkdir(parents=True)
        os.link(model_path, folder / "tiny-mt.gguf")
    window = open_main_window(qtbot)
    window.models.installed.refresh()
    qtbot.waitUntil(lambda: len(window.installed) == 2, timeout=30_000)
    window.edit_task_models()
    box = window.task_dialog.boxes["translation"]
    labels = [box.itemText(i) for i in range(1, box.count())]
    assert len(set(labels)) == 2 and {label.rsplit(" · ", 1)[1] for label in labels} == {
        "tencent/Tiny-MT-GGUF", "Tencent-Hunyuan/Tiny-MT-GGUF"}
    window.task_dialog.reject()
    menu = [action.text() for action in window.menus.installed_menu.actions()]
    assert sorted(menu) == sorted(labels)
    window.close()
