"""The glossary of a language pair: terms always translated one way, and terms left untranslated."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from assistant.core.writing.translation import Glossary


class GlossaryDialog(QDialog):
    def __init__(self, glossary: Glossary, pair: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Glossary: {languages}").format(languages=pair))
        self.table = QTableWidget(max(8, len(glossary.pairs) + 4), 2, self)
        self.table.setObjectName("glossaryTable")
        self.table.setAccessibleName(self.tr("Glossary"))
        self.table.setHorizontalHeaderLabels([self.tr("Term"), self.tr("Always translate as")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        for row, (term, wanted) in enumerate(glossary.pairs):
            self.table.setItem(row, 0, QTableWidgetItem(term))
            self.table.setItem(row, 1, QTableWidgetItem(wanted))
        self.keep = QPlainTextEdit("\n".join(glossary.keep), self)
        self.keep.setObjectName("glossaryKeep")
        self.keep.setPlaceholderText(self.tr("Names and terms to leave untranslated, one per line"))
        self.keep.setAccessibleName(self.tr("Do not translate"))
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(QLabel(self.tr("Do not translate"), self))
        layout.addWidget(self.keep)
        layout.addWidget(buttons)
        self.resize(520, 460)

    def value(self) -> Glossary:
        pairs = []
        for row in range(self.table.rowCount()):
            term, wanted = (self.table.item(row, c) for c in (0, 1))
            if term and wanted and term.text().strip() and wanted.text().strip():
                pairs.append((term.text().strip(), wanted.text().strip()))
        keep = [line.strip() for line in self.keep.toPlainText().splitlines() if line.strip()]
        return Glossary(pairs, keep)
