"""Each pane as a keyboard and screen-reader user meets it, in English and in Chinese: every control that can take the
focus has a name that Qt's accessibility tree reports, Tab from the pane's first control reaches every one of them,
and at 200% text nothing is cut off. A failure lists each control as (pane, class, object name)."""

from __future__ import annotations

import pytest
from pytestqt.exceptions import TimeoutError
from conftest import open_main_window
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTextEdit,
    QWidget,
)

from assistant.ui.common import theme, ui_language
from assistant.ui.common.elided_label import ElidedLabel

CONTROLS = (QAbstractButton, QLineEdit, QTextEdit, QPlainTextEdit, QComboBox, QAbstractItemView, QAbstractSlider,
            QAbstractSpinBox)
LANGUAGES = ("en", "zh_CN")
TAB_LIMIT = 400


def qt_part(widget: QWidget) -> bool:
    """A part Qt makes inside a control (a combo box's list, a spin box's or combo box's line edit, a scroll bar, a
    tab bar's scroll buttons): the control itself is what is named and reached."""
    parent = widget.parentWidget()
    return (widget.objectName().startswith("qt_") or isinstance(widget, (QHeaderView, QScrollBar))
            or isinstance(parent, (QLineEdit, QAbstractSpinBox, QComboBox))
            or (parent is not None and (parent.inherits("QComboBoxPrivateContainer") or parent.inherits("QTabBar"))))


def label(pane: QWidget, widget: QWidget) -> tuple[str, str, str]:
    return type(pane).__name__, type(widget).__name__, widget.objectName() or "(no object name)"


def focus_controls(window, pane: QWidget) -> list[QWidget]:
    """The pane's visible, enabled controls that Tab can reach, and the pane rail's."""
    found = []
    for widget in [window.nav, *pane.findChildren(QWidget)]:
        if (isinstance(widget, CONTROLS) and not qt_part(widget) and widget.isVisible() and widget.isEnabled()
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus):
            found.append(widget)
    return found


def spoken_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name).strip() if interface is not None else ""


def panes(window) -> list[QWidget]:
    return [pane for _name, pane in window.named_panes()]  # all of them built (two are built when first shown)


@pytest.fixture
def window(qtbot):
    window = open_main_window(qtbot)
    window.activateWindow()
    yield window
    ui_language.apply("en")
    window.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_control_that_takes_the_focus_has_a_spoken_name(qtbot, window, language):
    ui_language.apply(language)
    unnamed = []
    for pane in panes(window):
        window.show_pane(pane)
        unnamed += [label(pane, widget) for widget in focus_controls(window, pane) if not spoken_name(widget)]
    assert unnamed == [], f"{language}: controls without an accessible name"


def reached(control: QWidget, visited: list[QWidget]) -> bool:
    """Tab stopped on the control, on a part of it, or on a widget whose focus goes to it."""
    return any(widget is control or control.isAncestorOf(widget) or widget.focusProxy() is control
               or control.focusProxy() is widget for widget in visited)


def tab_round(qtbot, start: QWidget) -> list[QWidget]:
    """What Tab visits from ``start`` until it comes back there (or stops moving, or goes on past TAB_LIMIT)."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    visited = [QApplication.focusWidget()]
    for _ in range(TAB_LIMIT):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        if widget is visited[0] or widget is None or widget is visited[-1]:
            break
        visited.append(widget)
    return visited


@pytest.mark.parametrize("language", LANGUAGES)
def test_tab_from_a_panes_first_control_reaches_every_control_in_it(qtbot, window, language):
    ui_language.apply(language)
    missed = []
    for pane in panes(window):
        window.show_pane(pane)
        controls = [widget for widget in focus_controls(window, pane) if widget is not window.nav]
        if not controls:
            continue
        visited = tab_round(qtbot, controls[0])
        missed += [label(pane, control) for control in controls if not reached(control, visited)]
        assert reached(window.nav, visited), f"{language}: Tab never reaches the pane rail from {label(pane, pane)}"
    assert missed == [], f"{language}: controls Tab does not reach"


def cut_off(widget: QWidget) -> bool:
    """Narrower than its text needs, and not a label that ends in "…" with the whole text as its tooltip."""
    if isinstance(widget, ElidedLabel):
        return widget.shown_text() != widget.text() and widget.toolTip() != widget.text()
    if isinstance(widget, QLabel) and widget.wordWrap():
        return widget.height() < widget.heightForWidth(widget.width())
    return widget.width() < widget.sizeHint().width()


def needs(widget: QWidget) -> tuple[str, str]:
    """What it has and what it needs, as "width x height"."""
    if isinstance(widget, QLabel) and widget.wordWrap():
        needed = QSize(widget.width(), widget.heightForWidth(widget.width()))
    else:
        needed = widget.sizeHint()
    return f"{widget.width()}x{widget.height()}", f"{needed.width()}x{needed.height()}"


def cut_in(pane: QWidget) -> list[tuple]:
    return [label(pane, widget) + needs(widget) for widget in pane.findChildren(QWidget)
            if isinstance(widget, (QLabel, QAbstractButton)) and not qt_part(widget) and widget.isVisible()
            and cut_off(widget)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_at_200_percent_text_nothing_in_a_pane_is_cut_off(qtbot, window, language):
    app = QApplication.instance()
    original = app.font()
    theme.apply("light")  # as the app does at start-up: from then on its style sheet follows the system font
    ui_language.apply(language)
    cut = []
    try:
        font = app.font()
        font.setPointSizeF(original.pointSizeF() * 2)  # as a user's 200% text setting does
        app.setFont(font)
        qtbot.waitUntil(lambda: window.nav.font().pointSizeF() > original.pointSizeF() * 2)
        for pane in panes(window):
            window.show_pane(pane)
            wanted = window.minimumSizeHint().expandedTo(QSize(1280, 800))
            window.resize(wanted)
            qtbot.waitUntil(lambda w=wanted: window.size() == w)
            try:  # the layouts settle over a few passes of the event loop
                qtbot.waitUntil(lambda p=pane: not cut_in(p), timeout=2000)
            except TimeoutError:
                cut += cut_in(pane)
    finally:
        app.setFont(original)
    assert cut == [], f"{language}: cut off at 200% text (pane, class, object name, size, size needed)"
