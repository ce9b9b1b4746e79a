"""Open…, Save… and Copy of a writing pane's text (.txt and .md files, UTF-8), with a message instead of a
traceback; one implementation for Drafting and Translation."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from assistant.core.i18n import translate


class TextFiles(QObject):
    """``text()`` is what Save and Copy take; ``opened(text)`` receives an opened file's text. The pane says what
    came of a save (``saved``) in its own words."""

    saved = Signal(Path)

    def __init__(self, parent: QWidget, suggested: str, text: Callable[[], str], opened: Callable[[str], object]):
        super().__init__(parent)
        self.parent_widget, self.suggested, self.text, self.opened = parent, suggested, text, opened

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.parent_widget, translate("TextFiles", "Open a text file"), str(Path.home()),
            translate("TextFiles", "Text and Markdown (*.txt *.md);;All files (*)"))
        if path:
            self.open(Path(path))

    def open(self, path: Path) -> bool:
        """The file's text (UTF-8, a BOM dropped) to ``opened``; False after telling the user why it cannot be read."""
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            QMessageBox.warning(self.parent_widget, translate("TextFiles", "Open"), translate(
                "TextFiles", "{file} could not be opened as UTF-8 text: {error}").format(file=path.name, error=exc))
            return False
        self.opened(text)
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
