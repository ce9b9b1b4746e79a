"""The writing panes' buttons made one way: an icon alone (a compact toolbar's, always with a tooltip and an accessible
name), the pane's one primary button (words on the accent), and a "More" button with its menu."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSize
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


class SameSize(QObject):
    """Buttons shown in one another's place (Run and Stop; Translate, Stop and Resume) are given one size, the
    largest of their own, so the row around them keeps its geometry when one takes another's place. Measured again
    when the language (their words) or the text size changes."""

    def __init__(self, owners: list[Translatable], buttons: list[QPushButton]):
        """``owners``: those whose texts the buttons' words are (measured after any of them changes language)."""
        super().__init__(buttons[0])
        self.buttons = buttons
        for button in buttons:
            button.installEventFilter(self)
        for owner in owners:
            owner.texts.on_change(self.fit)
        self.fit()

    def fit(self) -> None:
        hints = []
        for button in self.buttons:
            button.ensurePolished()  # the style sheet's padding counts
            hints.append(button.sizeHint())
        size = QSize(max(hint.width() for hint in hints), max(hint.height() for hint in hints))
        for button in self.buttons:
            button.setMinimumSize(size)
            button.setMaximumSize(size)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.Polish):
            self.fit()
        return False
