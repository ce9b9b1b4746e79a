"""*Save as…* of a translated file: where (beside the file, ``report.fr.docx``, unless it was saved elsewhere
before), bilingual or not, and for a PDF which kind of file it becomes. A file that cannot be written says why in the
dialog, which stays open; nothing is half-written (the formats write atomically)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout,
                               QLabel, QLineEdit, QPushButton, QVBoxLayout)

KIND_NAMES = {"docx": "Word (.docx)", "md": "Markdown (.md)", "html": "HTML (.html)"}


class FileSaveDialog(QDialog):
    def __init__(self, kinds: tuple[str, ...], suggested: Path, save: Callable[[Path, bool, str], str | None],
                 folder: Path, parent=None):
        """``save(path, bilingual, kind)``: None once written, else why it could not be; ``folder``: where a name
        typed without one goes (the translated file's)."""
        super().__init__(parent)
        self.setObjectName("fileSaveDialog")
        self.setWindowTitle(self.tr("Save the translated file"))
        self.save, self.folder = save, folder
        self.path_edit = QLineEdit(str(suggested), self)
        self._suggested = str(suggested)  # the name as Hearth suggested it, which the choices below may change
        self.path_edit.setObjectName("fileSavePath")
        self.path_edit.setAccessibleName(self.tr("Save to"))
        self.browse_button = QPushButton(self.tr("Browse…"), self)
        self.browse_button.setObjectName("fileSaveBrowse")
        self.browse_button.clicked.connect(self.browse)
        self.kind_box = QComboBox(self)
        self.kind_box.setObjectName("fileSaveKind")
        self.kind_box.setAccessibleName(self.tr("Kind of file"))
        for kind in kinds:
            self.kind_box.addItem(KIND_NAMES.get(kind, f".{kind}"), kind)
        if suggested.suffix.lstrip(".") in kinds:
            self.kind_box.setCurrentIndex(kinds.index(suggested.suffix.lstrip(".")))
        self._kind = self.kind_box.currentData()
        self.kind_box.currentIndexChanged.connect(self._kind_changed)
        self.bilingual = QCheckBox(self.tr("Bilingual: each part followed by its translation"), self)
        self.bilingual.setObjectName("fileSaveBilingual")
        self.bilingual.toggled.connect(self._bilingual_changed)
        self.problem = QLabel(self)
        self.problem.setObjectName("fileSaveProblem")
        self.problem.setWordWrap(True)
        self.problem.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        where = QHBoxLayout()
        where.addWidget(self.path_edit, 1)
        where.addWidget(self.browse_button)
        form = QFormLayout()
        form.addRow(self.tr("Save to"), where)
        kind_label = QLabel(self.tr("Write as"), self)
        form.addRow(kind_label, self.kind_box)
        kind_label.setVisible(len(kinds) > 1)  # a PDF becomes another kind of file; the others stay what they are
        self.kind_box.setVisible(len(kinds) > 1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.bilingual)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def path(self) -> Path:
        path = Path(self.path_edit.text().strip()).expanduser()
        return path if path.is_absolute() else self.folder / path

    def _kind_changed(self) -> None:
        """The name's ending follows the kind chosen, when it was the kind's before."""
        kind, path = self.kind_box.currentData(), self.path_edit.text().strip()
        if path.endswith(f".{self._kind}"):
            changed = path[:-len(self._kind)] + kind
            self.path_edit.setText(changed)
            if path == self._suggested:
                self._suggested = changed
        self._kind = kind

    def _bilingual_changed(self, bilingual: bool) -> None:
        """A bilingual file is named apart from the plain one (report.fr.bilingual.docx), so saving both keeps both;
        a name the user typed is left as it is."""
        path, ending = self.path_edit.text().strip(), f".{self._kind}"
        if path != self._suggested:
            return
        if bilingual and path.endswith(ending) and not path.endswith(".bilingual" + ending):
            self._suggest(path[:-len(ending)] + ".bilingual" + ending)
        elif not bilingual and path.endswith(".bilingual" + ending):
            self._suggest(path[:-len(".bilingual" + ending)] + ending)

    def _suggest(self, path: str) -> None:
        self.path_edit.setText(path)
        self._suggested = path

    def browse(self) -> None:
        kind = self.kind_box.currentData()
        chosen, _ = QFileDialog.getSaveFileName(self, self.windowTitle(), str(self.path()),
                                                f"{KIND_NAMES.get(kind, kind)} (*.{kind})")
        if chosen:
            self.path_edit.setText(chosen)

    def accept(self) -> None:
        if not self.path_edit.text().strip():
            problem = self.tr("Give the translated file a name.")
        else:
            problem = self.save(self.path(), self.bilingual.isChecked(), self.kind_box.currentData())
        if problem:
            self.problem.setText(problem)
            self.problem.show()
            return
        super().accept()
