"""Open…, Save… and Copy of a writing pane's text (.txt and .md files, UTF-8; with ``word``, the body of a .docx
too), with a message instead of a traceback; one implementation for Drafting and Translation."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from assistant.core.formats.docx_review import body_text
from assistant.core.i18n import translate


class TextFiles(QObject):
    """``text()`` is what Save and Copy take; ``opened(text)`` receives an opened file's text. The pane says what
    came of a save (``saved``) in its own words."""

    saved = Signal(Path)

    def __init__(self, parent: QWidget, suggested: str, text: Callable[[], str], opened: Callable[[str], object],
                 word: bool = False):
        super().__init__(parent)
        self.parent_widget, self.suggested, self.text, self.opened = parent, suggested, text, opened
        self.word = word
        self.word_source: Path | None = None  # the .docx opened last: a review saved as Word keeps its formatting

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.parent_widget, translate("TextFiles", "Open a text file"), str(Path.home()),
            translate("TextFiles", "Text, Markdown and Word (*.txt *.md *.docx);;All files (*)") if self.word else
            translate("TextFiles", "Text and Markdown (*.txt *.md);;All files (*)"))
        if path:
            self.open(Path(path))

    def open(self, path: Path) -> bool:
        """The file's text (UTF-8, a BOM dropped) to ``opened``; False after telling the user why it cannot be read."""
        if self.word and path.suffix.lower() == ".docx":
            return self._open_word(path)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            QMessageBox.warning(self.parent_widget, translate("TextFiles", "Open"), translate(
                "TextFiles", "{file} could not be opened as UTF-8 text: {error}").format(file=path.name, error=exc))
            return False
        self.opened(text)
        return True

    def _open_word(self, path: Path) -> bool:
        """A Word document's body paragraphs, one line each; its tables, pictures and formatting stay in the file."""
        try:
            text = body_text(path)
        except Exception as exc:  # noqa: BLE001 (python-docx raises many kinds for a file that is not a .docx)
            QMessageBox.warning(self.parent_widget, translate("TextFiles", "Open"), translate(
                "TextFiles", "{file} could not be read as a Word document: {error}").format(file=path.name, error=exc))
            return False
        self.opened(text)
        self.word_source = path
        return True

    def save_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self.parent_widget, translate("TextFiles", "Save as"), str(Path.home() / self.suggested),
            translate("TextFiles", "Markdown (*.md);;Text (*.txt)"))
        if path:
            self.save(Path(path))

    def save(self, path: Path) -> bool:
        try:
            path.write_text(self.text(), encoding="utf-8")
        except OSError as exc:
            QMessageBox.warning(self.parent_widget, translate("TextFiles", "Save"), translate(
                "TextFiles", "Could not save to {path}: {error}").format(path=path, error=exc.strerror or exc))
            return False
        self.saved.emit(path)
        return True

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text())
