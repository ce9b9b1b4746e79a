"""A quiet, centred explanation of what a place is for, with the one button that moves on from it (issue 34's empty
and no-model states; a failure's reason too). What it says and which button it offers are the caller's
(core/writing/pane_state.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from assistant.ui.common.design_tokens import SPACING
from assistant.ui.common.style_flag import set_flag


class EmptyState(QWidget):
    chosen = Signal()  # the button was pressed

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("emptyStateBox")
        self.label = QLabel(self)
        self.label.setObjectName("emptyState")
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignCenter)
        self.button = QPushButton(self)
        self.button.setObjectName("emptyStateAction")
        self.button.clicked.connect(self.chosen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACING["l"], SPACING["l"], SPACING["l"], SPACING["l"])
        layout.setSpacing(SPACING["m"])
        layout.addStretch(1)
        layout.addWidget(self.label)
        layout.addWidget(self.button, 0, Qt.AlignHCenter)
        layout.addStretch(1)

    def show_text(self, text: str, action: str | None) -> None:
        """``action``: the button's words, or None for no button."""
        self.label.setText(text)
        self.label.setVisible(bool(text))
        self.button.setText(action or "")
        self.button.setVisible(bool(action))

    def set_failed(self, failed: bool) -> None:
        """The text says why something failed (in the danger colour; its words say it too)."""
        set_flag(self.label, "failed", failed)
