"""Compose: the brief a text is written from (its kind, tone, length, audience, language and what it should say)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
)

from assistant.core.writing.drafting import Brief
from assistant.core.writing.languages import LANGUAGES
from assistant.core.writing.prompts import prompts, ui_wording
from assistant.ui.common import ui_language


class ComposeDialog(QDialog):
    def __init__(self, parent=None, documents: bool = False):
        """``documents``: the user has documents to write from (File → Documents…)."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Compose"))
        wording = prompts(ui_wording(ui_language.current()))["drafting"]
        self.kind = self._choices(wording["kinds"].items())
        self.tone = self._choices(wording["tones"].items())
        names = {"short": self.tr("short"), "medium": self.tr("medium"), "long": self.tr("long")}
        self.length = self._choices((key, f"{names.get(key, key)} ({description})")
                                    for key, description in wording["lengths"].items())
        self.audience = QLineEdit(self)
        self.audience.setPlaceholderText(self.tr("e.g. customers, my team, a hiring manager"))
        self.language = self._choices((lang.code, lang.native) for lang in LANGUAGES)
        # Chinese readers most often write Chinese; everyone else starts from English.
        self.language.setCurrentIndex(self.language.findData("zh-Hans" if ui_language.current() == "zh_CN" else "en"))
        self.brief = QPlainTextEdit(self)
        self.brief.setObjectName("composeBrief")
        self.brief.setPlaceholderText(self.tr("What should it say? A few lines are enough."))
        form = QFormLayout()
        form.addRow(self.tr("Kind of text"), self.kind)
        form.addRow(self.tr("Tone"), self.tone)
        form.addRow(self.tr("Length"), self.length)
        form.addRow(self.tr("Audience"), self.audience)
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Brief"), self.brief)
        self.use_documents = QCheckBox(self.tr("Write from my documents, citing them as [1], [2]"), self)
        self.use_documents.setObjectName("composeFromDocuments")
        self.use_documents.setVisible(documents)
        form.addRow("", self.use_documents)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        buttons.button(QDialogButtonBox.Ok).setText(self.tr("Write"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _choices(self, items) -> QComboBox:
        """A menu of (key, label) pairs, each label showing its key as the item's data."""
        box = QComboBox(self)
        for key, label in items:
            box.addItem(label, key)
        return box

    def value(self) -> Brief:
        return Brief(self.kind.currentData(), self.tone.currentData(), self.length.currentData(),
                     self.audience.text().strip(), self.language.currentData(), self.brief.toPlainText().strip())
