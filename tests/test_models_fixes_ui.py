"""Findings of the Models look's tryout on real widgets: the primary button holds its words at 100% and 200% text in
both languages, without an icon drawn in the text colour on the accent; an unreachable Hub (a closed port) is said
once, in words, with Retry and Open a model file."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget

from assistant.core.hub.unreachable import Unreachable
from assistant.core.library.models import installed_models
from assistant.ui.common import theme, ui_language
from assistant.ui.common.background import Background
from assistant.ui.models.installed_view import InstalledView
from assistant.ui.models.primary_button import make_primary
from conftest import HUB_REPO
from test_models_look_ui import make_pane


@pytest.fixture
def one_model(tmp_path, model_path) -> Path:
    folder = tmp_path / "models"
    folder.mkdir()
    shutil.copy(model_path, folder / model_path.name)
    return folder


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("scale", [1, 2])
def test_use_in_chat_is_as_wide_as_its_words_once_a_model_is_chosen(qtbot, one_model, language, scale):
    app = QApplication.instance()
    original = app.font()
    theme.apply("light")
    ui_language.apply(language)
    try:
        font = app.font()
        font.setPointSizeF(original.pointSizeF() * scale)
        app.setFont(font)
        view = InstalledView(one_model, Background())
        qtbot.addWidget(view)
        view.resize(790, 560)
        view.show()
        view._show(installed_models(one_model))
        button = view.load_button
        assert not button.isEnabled()  # nothing chosen yet: measured as a disabled button
        view.select(0)
        assert button.isEnabled() and button.icon().isNull()
        # A button made enabled as it is, measured afresh: what its words need with the primary look's padding.
        fresh = make_primary(QPushButton(button.text(), view))
        qtbot.waitUntil(lambda: button.width() >= fresh.sizeHint().width())
        assert button.width() >= button.sizeHint().width() >= fresh.sizeHint().width()
    finally:
        app.setFont(original)
        ui_language.apply("en")


def closed_port() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once the socket closes
    return f"http://127.0.0.1:{port}"


def test_an_unreachable_hub_is_said_once_in_words_with_retry_and_open_a_model_file(qtbot, tmp_path, hub, monkeypatch):
    pane = make_pane(qtbot, tmp_path)
    discover = pane.discover
    pane.access.set_endpoint(closed_port())
    note = discover.unreachable
    assert note.isHidden()
    discover.search_box.setText("smol")
    discover.search()
    qtbot.waitUntil(lambda: not note.isHidden())
    assert note.text.text() == Unreachable.sentence() and "ConnectError" not in note.text.text()
    assert "ConnectError" in note.text.toolTip()  # the technical reason, aside
    assert discover.status.text() == ""
    # A repository opened meanwhile: the same note, not the message again under the files and in the card.
    discover.open_repo(HUB_REPO)
    qtbot.waitUntil(lambda: discover.repo_title.text() == f"<b>{HUB_REPO}</b>")
    assert discover.fit_label.text() == "" and "ConnectError" not in discover.card.toPlainText()
    assert len([w for w in discover.findChildren(QWidget) if w.objectName() == "hubUnreachable"]) == 1
    # Retry repeats the last request, the repository: reachable again, the note goes and its files come.
    pane.access.set_endpoint(hub.endpoint)
    qtbot.mouseClick(note.button, Qt.LeftButton)
    qtbot.waitUntil(lambda: discover.files.rowCount() > 0, timeout=20_000)
    assert note.isHidden()
    # Open a model file: the Installed tab's import, as offline mode's note does.
    opened = []
    monkeypatch.setattr(pane.installed, "import_dialog", lambda: opened.append(True))
    open_file = note.findChild(QPushButton, "hubOpenFile")
    assert open_file.text() == "Open a model file…"
    open_file.click()
    assert opened == [True] and pane.tabs.currentWidget() is pane.installed


def test_the_chosen_installed_model_shows_its_memory_bar_and_the_empty_state_names_recent_models(qtbot, one_model,
                                                                                                  tmp_path):
    view = InstalledView(one_model, Background())
    qtbot.addWidget(view)
    view.show()
    view._show(installed_models(one_model))
    assert view.memory_bar.isHidden()
    view.select(0)
    assert view.memory_bar.isVisible() and "Weights" in view.memory_bar.text()
    assert view.memory_bar.need is not None and view.memory_bar.free > 0
    view.cards.clearSelection()
    assert view.memory_bar.isHidden() and view.memory_bar.need is None
    empty = InstalledView(tmp_path / "none", Background())
    qtbot.addWidget(empty)
    empty._show([])
    words = empty.stack.currentWidget().findChild(QLabel, "emptyState")
    assert "Model → Recent models" in words.text() and empty.find_button.text() == "Find a model"
