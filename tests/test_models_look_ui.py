"""The Models pane's designed look on real widgets: the verdict badges say their word, the welcome's cards hold chat
models only and fit a 900x600 window in Chinese without a sideways scroll bar or cut text, offline is said with the
action that moves on, and every icon-only button has a name a screen reader can say."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QTabBar, QToolButton, QWidget

from assistant.core.engines.memory_fit import Verdict
from assistant.core.hub.access import HubAccess
from assistant.core.hub.download_queue import DownloadQueue, DownloadStatus, State
from assistant.core.library.recommended import recommendations
from assistant.core.storage.database import connect
from assistant.core.storage.paths import models_dir
from assistant.core.storage.settings import HubChoices, Settings
from assistant.ui.common import ui_language
from assistant.ui.common.background import Background
from assistant.ui.models.downloads_view import DownloadRow, QueueSignals
from assistant.ui.models.model_cards import CardDelegate
from assistant.ui.models.models_pane import ModelsPane
from assistant.ui.models.verdict_badge import VERDICT_ROLE, VerdictBadge
from assistant.ui.models.welcome_dialog import ENTRY_ROLE, WelcomeDialog

WORDS = {"en": {Verdict.FITS: "fits", Verdict.TIGHT: "tight", Verdict.TOO_BIG: "too big"},
         "zh_CN": {Verdict.FITS: "装得下", Verdict.TIGHT: "勉强", Verdict.TOO_BIG: "太大"}}


@pytest.fixture
def language(request):
    ui_language.apply(request.param)
    yield request.param
    ui_language.apply("en")


def make_pane(qtbot, tmp_path: Path, offline: bool = False) -> ModelsPane:
    settings = Settings(connect(tmp_path / "history.db"))
    settings.update(HubChoices, offline=offline)
    access = HubAccess(settings)
    signals = QueueSignals()
    queue = DownloadQueue(models_dir(), access.client, signals.changed.emit)
    services = SimpleNamespace(models_dir=models_dir(), access=access, background=Background(),
                               queue_signals=signals, downloads=queue)
    pane = ModelsPane(services)
    qtbot.addWidget(pane)
    pane.destroyed.connect(lambda: queue.close())
    return pane


@pytest.mark.parametrize("language", ["en", "zh_CN"], indirect=True)
def test_the_badge_says_its_verdict_in_words_and_carries_its_colour_as_a_property(qtbot, language):
    badge = VerdictBadge()
    qtbot.addWidget(badge)
    assert badge.isHidden()
    for verdict, word in WORDS[language].items():
        badge.set_verdict(verdict)
        assert badge.text() == word and word in badge.accessibleName()
        assert badge.property("verdict") == verdict.name.lower()
    badge.set_verdict(None)
    assert badge.isHidden() and badge.text() == ""


def test_a_badge_follows_a_language_change(qtbot):
    badge = VerdictBadge()
    qtbot.addWidget(badge)
    badge.set_verdict(Verdict.TIGHT)
    try:
        ui_language.apply("zh_CN")
        assert badge.text() == "勉强"
    finally:
        ui_language.apply("en")
    assert badge.text() == "tight"


def test_discover_says_each_verdict_in_words_on_the_cards(qtbot, tmp_path):
    results = make_pane(qtbot, tmp_path).discover.results
    cards = [results.item(row) for row in range(results.count()) if results.item(row).data(VERDICT_ROLE)]
    assert len(cards) == len(recommendations())
    for card in cards:
        assert card.data(VERDICT_ROLE).label() in card.text()  # the word, not only the badge's colour
    assert results.horizontalScrollBarPolicy() == Qt.ScrollBarAlwaysOff


def test_the_welcome_fits_900x600_in_chinese_with_chat_models_only_and_nothing_cut(qtbot, tmp_path):
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(900, 600)
    window.show()
    pane = make_pane(qtbot, tmp_path)
    try:
        ui_language.apply("zh_CN")
        dialog = WelcomeDialog(pane, lambda _path: None, parent=window)
        dialog.show()
        qtbot.waitUntil(lambda: not dialog._checking, timeout=30_000)
        assert dialog.width() <= 900 and dialog.height() <= 600
        shown = [dialog.list.item(row).data(ENTRY_ROLE) for row in range(dialog.list.count())]
        assert shown and all(entry.chats for entry in shown)
        assert not {"BGE-M3", "Qwen3-Embedding 0.6B"} & {entry.title for entry in shown}
        delegate = dialog.list.itemDelegate()
        assert isinstance(delegate, CardDelegate)

        def laid_out() -> list:
            """Each card's rectangle and what it draws, once the list has laid its cards out at its width (the
            list lays out again, a moment later, when its width changes)."""
            width = dialog.list.viewport().width()
            cards = [(dialog.list.visualItemRect(dialog.list.item(row)),
                      *delegate._place(dialog.list.font(), dialog.list.indexFromItem(dialog.list.item(row)), width))
                     for row in range(dialog.list.count())]
            whole = width > 0 and all(rect.width() <= width and rect.height() >= height for rect, _, height in cards)
            return cards if whole else []

        qtbot.waitUntil(lambda: bool(laid_out()), timeout=5_000)  # every card drawn whole, none wider than the list
        bar = dialog.list.horizontalScrollBar()
        assert not bar.isVisible() and bar.maximum() == 0
        width = dialog.list.viewport().width()
        for _rect, placed, _height in laid_out():
            texts = [thing for kind, _x, _y, thing in placed if kind in ("title", "meta", "note")]
            assert len(texts) == 3  # the name, its size and languages, and its description, all wrapped
            for layout in texts:
                assert layout.text() and all(layout.lineAt(i).naturalTextWidth() <= width
                                             for i in range(layout.lineCount()))
        assert dialog.start_button.property("primary") and dialog.start_button.isDefault()
        assert not dialog.offline_note.isVisibleTo(dialog)
        dialog.close()
    finally:
        ui_language.apply("en")


def test_offline_the_welcome_offers_to_open_a_model_file(qtbot, tmp_path):
    pane = make_pane(qtbot, tmp_path, offline=True)
    assert pane.offline_note.isVisibleTo(pane) and pane.offline_note.button.text() == "Import GGUF file…"
    dialog = WelcomeDialog(pane, lambda _path: None)
    qtbot.addWidget(dialog)
    note = dialog.offline_note
    assert note.isVisibleTo(dialog) and "Offline mode is on" in note.text.text()
    assert note.button.text() == "Open a model file…" and note.button.isDefault() and note.button.property("primary")
    assert not dialog.start_button.isDefault() and not dialog.file_button.isVisibleTo(dialog)  # one way, said once
    with qtbot.waitSignal(dialog.open_file_requested):
        qtbot.mouseClick(note.button, Qt.LeftButton)
    assert not dialog.isVisible()


def named(button: QAbstractButton) -> bool:
    interface = QAccessible.queryAccessibleInterface(button)
    return bool(interface and interface.text(QAccessible.Text.Name).strip()) and bool(button.toolTip())


def test_icon_only_buttons_have_names_and_tooltips(qtbot, tmp_path):
    pane = make_pane(qtbot, tmp_path)
    installed = pane.installed
    assert [b.objectName() for b in (installed.reveal_button, installed.delete_button)] == ["revealModel",
                                                                                          "deleteModel"]
    assert installed.reveal_button.accessibleName() == "Show file" and installed.delete_button.accessibleName() == \
        "Delete…"
    assert pane.discover.search_button.text() == "" and pane.discover.search_button.accessibleName() == "Search"
    status = DownloadStatus("HearthTest/Repo/model.gguf", "HearthTest/Repo", "model.gguf", State.DOWNLOADING,
                            40, 100)
    row = DownloadRow(status, pane.downloads)
    qtbot.addWidget(row)
    icon_only = [b for b in pane.findChildren(QToolButton) + row.findChildren(QToolButton)
                 if b.toolButtonStyle() == Qt.ToolButtonIconOnly or not b.text()]
    assert {row.pause_button, row.cancel_button, row.remove_button, installed.reveal_button} <= set(icon_only)
    ours = [b for b in icon_only if not isinstance(b.parentWidget(), (QTabBar, QLineEdit))]  # not Qt's own arrows
    assert [b for b in ours if not named(b)] == []
    assert named(pane.discover.search_button)
    # A failed download: Retry in words beside its icon, and the reason in words.
    row.update_from(DownloadStatus(status.key, status.repo_id, status.name, State.FAILED, 40, 100,
                                   message="The file does not match the checksum."))
    assert row.resume_button.text() == "Retry" and row.resume_button.toolButtonStyle() == Qt.ToolButtonTextBesideIcon
    assert "does not match the checksum" in row.detail.text() and row.detail.property("failed")
    row.update_from(DownloadStatus(status.key, status.repo_id, status.name, State.PAUSED, 40, 100))
    assert row.resume_button.accessibleName() == "Resume" and row.resume_button.toolButtonStyle() == \
        Qt.ToolButtonIconOnly


def test_installed_with_nothing_says_what_to_do_first_with_the_button_that_does_it(qtbot, tmp_path):
    pane = make_pane(qtbot, tmp_path)
    installed = pane.installed
    qtbot.waitUntil(lambda: installed.stack.currentWidget() is not installed.cards and not installed.models,
                    timeout=10_000)
    pane.tabs.setCurrentWidget(installed)
    assert installed.find_button.isVisibleTo(pane)
    qtbot.mouseClick(installed.find_button, Qt.LeftButton)
    assert pane.tabs.currentWidget() is pane.discover
    assert installed.load_button.property("primary") and not installed.load_button.isEnabled()
