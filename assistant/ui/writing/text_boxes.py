"""The writing panes' text boxes and status lines, made one way."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget

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
