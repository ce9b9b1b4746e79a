"""The parts that dialogs and panes lay out the same way, made in one place: a label whose words follow the app's
language, a wrapping line that a widget writes into (a status, a note, a verdict), a button with its words and its
action, a row or a column of widgets, and the Close or OK/Cancel buttons at the foot of a dialog.

Rows and columns take their items in order: a widget or a layout; ``STRETCH``, the space that grows (what follows
it goes to the far side); or a tuple ``(widget, stretch)`` or ``(widget, stretch, alignment)``, as Qt's
``addWidget`` takes them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Union

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assistant.ui.common.ui_language import Translatable

STRETCH = None
Item = Union[QWidget, QLayout, tuple, None]


def text_label(owner: Translatable, text: Callable[[], str]) -> QLabel:
    """A label of ``owner`` whose words ``text()`` are kept in the current language."""
    label = QLabel(owner)
    owner.texts.bind(label.setText, text)
    return label


def note_label(parent: QWidget, name: str, selectable: bool = False) -> QLabel:
    """A wrapping line the widget writes into; ``name`` is its objectName, for tests and style sheets.
    ``selectable``: its words can be selected and copied (a path, a server's error)."""
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    if selectable:
        label.setTextInteractionFlags(Qt.TextSelectableByMouse)
    return label


def action_button(owner: Translatable, text: Callable[[], str], on_click: Callable[[], object],
                  name: str = "") -> QPushButton:
    """A button of ``owner`` with its words kept in the current language; a click calls ``on_click``."""
    button = owner.text_button(text)
    if name:
        button.setObjectName(name)
    button.clicked.connect(on_click)
    return button


def row(*items: Item) -> QHBoxLayout:
    return _fill(QHBoxLayout(), items)


def column(parent: QWidget | None, *items: Item, margins: bool = True) -> QVBoxLayout:
    """``parent``'s layout (None: a layout to put in another); ``margins=False`` for a pane inside a pane."""
    layout = _fill(QVBoxLayout(parent) if parent is not None else QVBoxLayout(), items)
    if not margins:
        layout.setContentsMargins(0, 0, 0, 0)
    return layout


def _fill(layout: QBoxLayout, items: tuple[Item, ...]) -> QBoxLayout:
    for item in items:
        if item is STRETCH:
            layout.addStretch(1)
            continue
        part, *how = item if isinstance(item, tuple) else (item,)
        if isinstance(part, QLayout):
            layout.addLayout(part, *how)
        else:
            layout.addWidget(part, *how)
    return layout


def close_buttons(dialog: QDialog) -> QDialogButtonBox:
    """Only Close, the dialog's one primary action: for a dialog whose choices apply at once, or when it closes."""
    buttons = QDialogButtonBox(QDialogButtonBox.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    buttons.button(QDialogButtonBox.Close).setDefault(True)
    return buttons


def ok_cancel_buttons(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, dialog)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons
