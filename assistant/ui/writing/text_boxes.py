"""The writing panes' text boxes and status lines, made one way."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListView, QListWidget, QPlainTextEdit, QWidget

from assistant.ui.common.ui_language import Texts


def text_box(parent: QWidget, texts: Texts, name: str, accessible_name: Callable[[], str],
             placeholder: Callable[[], str] | None = None) -> QPlainTextEdit:
    """Tab moves on to the next control: a text box that keeps the Tab key is a trap for keyboard users (Qt's
    QPlainTextEdit has no other key to leave by). Pasted tabs stay; indent with spaces."""
    box = QPlainTextEdit(parent)
    box.setObjectName(name)
    box.setTabChangesFocus(True)
    texts.bind(box.setAccessibleName, accessible_name)
    if placeholder is not None:
        texts.bind(box.setPlaceholderText, placeholder)
    return box


def status_line(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    return label




def titled_list(parent: QWidget, texts: Texts, name: str, title: Callable[[], str],
                accessible_name: Callable[[], str]) -> tuple[QLabel, QListWidget]:
    """A list of notes (checks, alternatives) under its title. Long lines wrap within the list's width instead of
    running behind a horizontal scroll bar, and are wrapped anew when the list is resized."""
    label = QLabel(parent)
    texts.bind(label.setText, title)
    box = QListWidget(parent)
    box.setObjectName(name)
    texts.bind(box.setAccessibleName, accessible_name)
    box.setWordWrap(True)
    box.setTextElideMode(Qt.ElideNone)
    box.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
    box.setResizeMode(QListView.Adjust)
    return label, box
