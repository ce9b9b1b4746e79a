"""The glossary of a language pair: terms always translated one way (each with a note for whoever keeps the list),
and terms left untranslated; imported from and exported to a CSV file, as translators and other tools keep theirs
(core/writing/glossary_csv.py)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from assistant.core.writing.glossary_csv import GlossaryFileProblem, read_glossary_csv, write_glossary_csv
from assistant.core.writing.translation import Glossary


class GlossaryDialog(QDialog):
    def __init__(self, glossary: Glossary, pair: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Glossary: {languages}").format(languages=pair))
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("glossaryTable")
        self.table.setAccessibleName(self.tr("Glossary"))
        self.table.setHorizontalHeaderLabels([self.tr("Term"), self.tr("Always translate as"), self.tr("Note")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.keep = QPlainTextEdit(self)
        self.keep.setObjectName("glossaryKeep")
        self.keep.setPlaceholderText(self.tr("Names and terms to leave untranslated, one per line"))
        self.keep.setAccessibleName(self.tr("Do not translate"))
        self.keep_notes: dict[str, str] = {}  # the notes of the terms left untranslated: kept, not shown
        self.import_button = QPushButton(self.tr("Import CSV…"), self)
        self.import_button.setObjectName("glossaryImport")
        self.import_button.setToolTip(self.tr("Add the terms of a CSV file (term, translation, note); its terms "
                                              "replace those already here"))
        self.import_button.clicked.connect(self._import_dialog)
        self.export_button = QPushButton(self.tr("Export CSV…"), self)
        self.export_button.setObjectName("glossaryExport")
        self.export_button.clicked.connect(self._export_dialog)
        self.status = QLabel(self)
        self.status.setObjectName("glossaryStatus")
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        files = QHBoxLayout()
        files.addWidget(self.status, 1)
        files.addWidget(self.import_button)
        files.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(QLabel(self.tr("Do not translate"), self))
        layout.addWidget(self.keep)
        layout.addLayout(files)
        layout.addWidget(buttons)
        self.show_glossary(glossary)
        self.resize(620, 480)

    def show_glossary(self, glossary: Glossary) -> None:
        self.table.clearContents()
        self.table.setRowCount(max(8, len(glossary.pairs) + 4))
        for row, (term, wanted) in enumerate(glossary.pairs):
            for column, text in enumerate((term, wanted, glossary.notes.get(term, ""))):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.keep.setPlainText("\n".join(glossary.keep))
        self.keep_notes = {term: glossary.notes[term] for term in glossary.keep if term in glossary.notes}

    def value(self) -> Glossary:
        pairs, notes = [], {}
        for row in range(self.table.rowCount()):
            term, wanted, note = (self.table.item(row, c) for c in (0, 1, 2))
            if term and wanted and term.text().strip() and wanted.text().strip():
                pairs.append((term.text().strip(), wanted.text().strip()))
                if note and note.text().strip():
                    notes[term.text().strip()] = note.text().strip()
        keep = [line.strip() for line in self.keep.toPlainText().splitlines() if line.strip()]
        notes.update({term: self.keep_notes[term] for term in keep if term in self.keep_notes})
        return Glossary(pairs, keep, notes)

    # CSV files --------------------------------------------------------------------------------------------------

    def _import_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import a glossary"), str(Path.home()),
                                              self.tr("CSV files (*.csv *.txt *.tsv);;All files (*)"))
        if path:
            self.import_csv(Path(path))

    def import_csv(self, path: Path) -> bool:
        """The file's terms added to those shown (its own win); False, said in the dialog, when it cannot be read."""
        try:
            imported = read_glossary_csv(path)
        except GlossaryFileProblem as problem:
            self.status.setText(str(problem))
            return False
        self.show_glossary(self.value().merged(imported))
        self.status.setText(self.tr("Imported %n terms from {name}.", "", len(imported.pairs) + len(imported.keep))
                            .format(name=Path(path).name))
        return True

    def _export_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the glossary"), str(Path.home() / "glossary.csv"),
                                              self.tr("CSV files (*.csv)"))
        if path:
            self.export_csv(Path(path))

    def export_csv(self, path: Path) -> bool:
        glossary = self.value()
        try:
            write_glossary_csv(glossary, path)
        except OSError as exc:
            self.status.setText(self.tr("The glossary could not be written to {path}: {reason}").format(
                path=path, reason=exc.strerror or exc))
            return False
        self.status.setText(self.tr("Exported %n terms to {name}.", "", len(glossary.pairs) + len(glossary.keep))
                            .format(name=Path(path).name))
        return True
