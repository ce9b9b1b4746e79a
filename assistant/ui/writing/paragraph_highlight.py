"""The paragraph the cursor is in, highlighted in both texts of Translation: paragraph n of the source is paragraph n
of the translation (core/writing/translation.py keeps them aligned)."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit

from assistant.core.writing.translation import paragraph_spans
from assistant.ui.common.theme import colours
from assistant.ui.common.theme import notifier as theme_notifier


class ParagraphHighlight(QObject):
    def __init__(self, source: QPlainTextEdit, target: QPlainTextEdit, parent=None):
        super().__init__(parent)
        self.source, self.target = source, target
        self.index: int | None = None  # the paragraph highlighted in both texts
        self._rendering = False
        source.cursorPositionChanged.connect(lambda: self._moved(source))
        target.cursorPositionChanged.connect(lambda: self._rendering or self._moved(target))
        theme_notifier().changed.connect(self._theme_changed)  # a method: Qt disconnects it with this object

    def set_target_text(self, text: str) -> None:
        """The translation's text anew; its cursor goes back to the start, which is not the user choosing the
        first paragraph, and the highlight that setPlainText took away is drawn again."""
        self._rendering = True
        try:
            self.target.setPlainText(text)
        finally:
            self._rendering = False
        self.apply()

    def _moved(self, editor: QPlainTextEdit) -> None:
        self.index = paragraph_at(editor.toPlainText(), editor.textCursor().position())
        self.apply()

    def apply(self) -> None:
        for editor in (self.source, self.target):
            highlight_paragraph(editor, self.index)

    def _theme_changed(self, _dark: bool) -> None:
        self.apply()  # the highlight's colour is the theme's: drawn again in the new one

    def go_to(self, index: int) -> None:
        """The source's cursor to the start of paragraph ``index`` (which highlights it on both sides)."""
        spans = paragraph_spans(self.source.toPlainText())
        if index < len(spans):
            cursor = self.source.textCursor()
            cursor.setPosition(spans[index][0])
            self.source.setTextCursor(cursor)


def highlight_paragraph(editor: QPlainTextEdit, index: int | None) -> None:
    spans = paragraph_spans(editor.toPlainText())
    selections = []
    if index is not None and index < len(spans):
        selection = QTextEdit.ExtraSelection()
        fmt = QTextCharFormat()
        fmt.setBackground(QColor(colours()["highlight"]))
        selection.format = fmt
        cursor = QTextCursor(editor.document())
        cursor.setPosition(spans[index][0])
        cursor.setPosition(spans[index][1], QTextCursor.KeepAnchor)
        selection.cursor = cursor
        selections.append(selection)
    editor.setExtraSelections(selections)


def paragraph_at(text: str, position: int) -> int | None:
    for index, (start, end) in enumerate(paragraph_spans(text)):
        if start <= position <= end:
            return index
    return None
