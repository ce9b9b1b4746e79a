"""Drafting's middle: the draft's text, with its counts and the pane's status line under it, and the sources of a
text composed from documents."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from assistant.core.writing.revision import count_words
from assistant.ui.common.design_tokens import SPACING
from assistant.ui.common.ui_language import Texts, Translatable
from assistant.ui.writing.sources_line import SourcesLine
from assistant.ui.writing.text_boxes import status_line, text_box


class DraftEditor(Translatable, QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.texts = Texts(self)
        self.editor = text_box(self, self.texts, "draftEditor", lambda: self.tr("Draft text"), lambda: self.tr(
            "Write here, or compose from a brief with the pen button above."))
        self.counts = QLabel(self)
        self.counts.setObjectName("draftCounts")
        self.status = status_line(self, "draftStatus")
        self.sources_label = SourcesLine(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACING["xs"])
        layout.addWidget(self.editor, 1)
        status_row = QHBoxLayout()
        status_row.setSpacing(SPACING["m"])
        status_row.addWidget(self.counts)
        status_row.addWidget(self.status, 1)
        layout.addLayout(status_row)
        layout.addWidget(self.sources_label)

    def show_counts(self) -> None:
        text = self.editor.toPlainText()
        self.counts.setText(self.tr("{words} words · {characters} characters").format(
            words=f"{count_words(text):,}", characters=f"{len(text):,}"))
