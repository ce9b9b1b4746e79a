"""Drafting's right side, secondary to the draft: a quiet raised surface (resources/styles/writing.qss) with the
review, or what it is for, above and the questions about the draft below."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QVBoxLayout

from assistant.ui.common.design_tokens import SPACING
from assistant.ui.writing.question_box import QuestionBox
from assistant.ui.writing.review_view import ReviewView


class ReviewSide(QFrame):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("reviewSide")
        self.review = ReviewView(self)
        self.questions = QuestionBox(self)
        layout = QVBoxLayout(self)
        margin = SPACING["m"]
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.setSpacing(SPACING["m"])
        layout.addWidget(self.review, 3)
        layout.addWidget(self.questions, 1)
