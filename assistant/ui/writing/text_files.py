"""Opening and saving .txt and .md files for the writing panes, with a message instead of a traceback."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from assistant.core.i18n import translate


def choose_file_to_open(parent: QWidget) -> Path | None:
    path, _ = QFileDialog.getOpenFileName(parent, translate("TextFiles", "Open a text file"), str(Path.home()),
                                          translate("TextFiles", "Text and Markdown (*.txt *.md);;All files (*)"))
    return Path(path) if path else None


def choose_file_to_save(parent: QWidget, suggested: str) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(parent, translate("TextFiles", "Save as"), str(Path.home() / suggested),
                                          translate("TextFiles", "Markdown (*.md);;Text (*.txt)"))
    return Path(path) if path else None


def read_text(parent: QWidget, path: Path) -> str | None:
    """The file's text (UTF-8, a BOM dropped), or None after telling the user why it cannot be read."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        QMessageBox.warning(parent, translate("TextFiles", "Open"), translate(
            "TextFiles", "{file} could not be opened as UTF-8 text: {error}").format(file=path.name, error=exc))
        return None


def write_text(parent: QWidget, path: Path, text: str) -> bool:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        QMessageBox.warning(parent, translate("TextFiles", "Save"), translate(
            "TextFiles", "Could not save to {path}: {error}").format(path=path, error=exc.strerror or exc))
        return False
    return True
