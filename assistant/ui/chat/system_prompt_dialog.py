"""The conversation's system prompt, edited in a small dialog."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget


class SystemPromptDialog(QDialog):
    def __init__(self, text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("System prompt"))
        self.editor = QPlainTextEdit(text, self)
        self.editor.setAccessibleName(self.tr("System prompt"))
        self.editor.setPlaceholderText(self.tr("Empty: the model's own default instructions apply"))
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(QLabel(self.tr("Instructions the model sees at the start of this conversation:")))
        box.addWidget(self.editor)
        box.addWidget(buttons)
        self.resize(520, 300)

    @classmethod
    def ask(cls, text: str, parent: QWidget | None = None) -> str | None:
        """The new system prompt, or None when the dialog was cancelled."""
        dialog = cls(text, parent)
        return dialog.editor.toPlainText() if dialog.exec() == QDialog.Accepted else None
