"""The writing panes' buttons made one way: an icon alone (a compact toolbar's, always with a tooltip and an accessible
name), the pane's one primary button (words on the accent), and a "More" button with its menu."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QMenu, QPushButton, QToolButton, QWidget

from assistant.ui.common.icons import icon
from assistant.ui.common.ui_language import Translatable


def icon_size(widget: QWidget) -> QSize:
    """As tall as a line of the widget's text, so icons grow with the user's text size (200% too)."""
    side = max(16, round(widget.fontMetrics().height() * 1.15))
    return QSize(side, side)


def icon_button(owner: Translatable, object_name: str, icon_name: str, name: Callable[[], str],
                tip: Callable[[], str] | None = None, parent: QWidget | None = None) -> QToolButton:
    """An icon-only button: ``name()`` is what a screen reader says, ``tip()`` (else the name) its tooltip. Its
    texts follow ``owner``'s language; it is ``parent``'s (else ``owner``'s, a widget)."""
    button = QToolButton(parent or owner)
    button.setObjectName(object_name)
    button.setAutoRaise(True)
    button.setIcon(icon(icon_name))
    button.setIconSize(icon_size(button))
    owner.texts.bind(button.setAccessibleName, name)
    owner.texts.bind(button.setToolTip, tip or name)
    return button


def primary_button(owner: Translatable, object_name: str, text: Callable[[], str]) -> QPushButton:
    """The pane's one primary action, in words on the accent (resources/styles/writing.qss). No icon: the icons
    are drawn in the text colour, which would not read on the accent."""
    button = owner.text_button(text)
    button.setObjectName(object_name)
    button.setProperty("primary", True)
    return button


def more_button(owner: Translatable, object_name: str, name: Callable[[], str]) -> tuple[QToolButton, QMenu]:
    """"More": the actions rarely used, in a menu that opens on a click or Space (and Alt+Down)."""
    button = icon_button(owner, object_name, "ellipsis", name)
    menu = QMenu(button)
    button.setMenu(menu)
    button.setPopupMode(QToolButton.InstantPopup)
    return button, menu
