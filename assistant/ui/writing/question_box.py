"""Questions about a draft: the question with Ask (an icon, at its end, as a chat's send), and the answer (shown once
a question is asked)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLayout, QLineEdit, QTextBrowser, QVBoxLayout, QWidget

from assistant.ui.common.design_tokens import SPACING
from assistant.ui.common.ui_language import Texts, Translatable
from assistant.ui.writing.tool_buttons import icon_button


class QuestionBox(Translatable, QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.texts = Texts(self)
        self.question = QLineEdit(self)
        self.question.setObjectName("draftQuestion")
        self.texts.bind(self.question.setAccessibleName, lambda: self.tr("Question about the draft"))
        self.texts.bind(self.question.setPlaceholderText, lambda: self.tr(
            "Ask about this draft…"))
        self.texts.bind(self.question.setToolTip, lambda: self.tr(
            "Ask about this draft, e.g. “What date does it give?”"))
        self.ask_button = icon_button(self, "askButton", "send", lambda: self.tr("Ask"),
                                      lambda: self.tr("Ask the model about this draft (Enter)"))
        self.answer = QTextBrowser(self)
        self.answer.setObjectName("draftAnswer")
        self.texts.bind(self.answer.setAccessibleName, lambda: self.tr("Answer about the draft"))
        self.answer.hide()  # until a question is asked: an empty box says nothing
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # As tall as the question alone while no answer shows; the review above keeps the rest.
        layout.setSizeConstraint(QLayout.SetMinAndMaxSize)
        row = QHBoxLayout()
        row.setSpacing(SPACING["xxs"])
        row.addWidget(self.question, 1)
        row.addWidget(self.ask_button)
        layout.addLayout(row)
        layout.addWidget(self.answer, 1)

    def forget(self) -> None:
        """Another draft is open: the question and its answer were about the one before."""
        self.question.clear()
        self.answer.clear()
        self.answer.hide()
