"""The pane rail: an icon above each pane's label, as wide as its longest label in the language shown (nothing cut
off, nothing wider than it needs), each item named for a screen reader and its key in its tooltip."""

from __future__ import annotations

from conftest import open_main_window
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication

from assistant.ui.common import ui_language


def items(window) -> list:
    return [window.nav.item(row) for row in range(window.nav.count())]


def test_each_pane_has_an_icon_above_its_label_a_spoken_name_and_its_key(qtbot):
    window = open_main_window(qtbot)
    try:
        rail = QAccessible.queryAccessibleInterface(window.nav)
        spoken = [rail.child(row).text(QAccessible.Text.Name) for row in range(rail.childCount())]
        assert spoken == ["Chat", "Drafting", "Translation", "Models"]
        for number, item in enumerate(items(window), start=1):
            assert not item.icon().isNull()
            assert item.toolTip() == f"{item.text()} (Ctrl+{number})"
        first = window.nav.visualItemRect(window.nav.item(0))
        above = window.nav.iconSize().height() + window.nav.fontMetrics().height()
        assert first.height() > above  # the icon above the label, not beside it
    finally:
        window.close()


def test_the_rail_is_as_wide_as_its_longest_label_in_english_and_in_chinese(qtbot):
    window = open_main_window(qtbot)
    widths = {}
    try:
        for language in ("en", "zh_CN"):
            ui_language.apply(language)
            qtbot.waitUntil(lambda: window.nav.width() == window.nav.sizeHint().width(), timeout=3000)
            for item in items(window):
                shown = window.nav.visualItemRect(item).width()
                needed = window.nav.sizeHintForIndex(window.nav.indexFromItem(item)).width()
                assert shown >= needed, (language, item.text(), shown, needed)  # no label cut or elided
            widths[language] = window.nav.width()
        assert widths["zh_CN"] < widths["en"] < 124  # it follows the labels: "Translation" is wider than "翻译"
        assert items(window)[2].toolTip() == "翻译 (Ctrl+3)"
    finally:
        ui_language.apply("en")
        window.close()


def test_the_rail_grows_with_the_text_size(qtbot):
    app = QApplication.instance()
    original = app.font()
    window = open_main_window(qtbot)
    try:
        before, icon_before = window.nav.width(), window.nav.iconSize().width()
        font = app.font()
        font.setPointSizeF(original.pointSizeF() * 2)
        app.setFont(font)
        qtbot.waitUntil(lambda: window.nav.width() > before * 1.5, timeout=3000)
        assert window.nav.iconSize().width() > icon_before
        longest = window.nav.item(2)
        assert window.nav.visualItemRect(longest).width() >= window.nav.sizeHintForIndex(
            window.nav.indexFromItem(longest)).width()
    finally:
        app.setFont(original)
        window.close()


def test_the_keyboard_moves_through_the_rail_and_changes_the_pane(qtbot):
    window = open_main_window(qtbot)
    try:
        window.nav.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.keyClick(window.nav, Qt.Key.Key_Down)
        assert window.panes.currentWidget() is window.drafting
        qtbot.keyClick(window.nav, Qt.Key.Key_End)
        assert window.panes.currentWidget() is window.models
    finally:
        window.close()


def test_a_click_changes_the_pane_without_the_keyboards_ring_and_tab_still_reaches_the_rail(qtbot):
    window = open_main_window(qtbot)
    try:
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        window.chat.conversations.filter_box.setFocus()
        qtbot.waitUntil(window.chat.conversations.filter_box.hasFocus)  # focus is real here: what follows can see it move
        rect = window.nav.visualItemRect(window.nav.item(1))
        qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert window.panes.currentWidget() is window.drafting
        assert not window.nav.hasFocus()  # no focus, so no ring drawn for a click
        window.nav.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(window.nav.hasFocus)
    finally:
        window.close()
