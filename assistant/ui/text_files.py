"""Opening and saving .txt and .md files for the writing panes, with a message instead of a traceback."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

OPEN_FILTER = "Text and Markdown (*.txt *.md);;All files (*)"
SAVE_FILTER = "Markdown (*.md);;Text (*.txt)"


def choose_file_to_open(parent: QWidget) -> Path | None:
    path, _ = QFileDialog.getOpenFileName(parent, "Open a text file", str(Path.home()), OPEN_FILTER)
    return Path(path) if path else None


def choose_file_to_save(parent: QWidget, suggested: str) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(parent, "Save as", str(Path.home() / suggested), SAVE_FILTER)
    return Path(path) if path else None


def read_text(parent: QWidget, path: Path) -> str | None:
    """The file's text (UTF-8, a BOM dropped), or None after telling the user why it cannot be read."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        QMessageBox.warning(parent, "Open", f"{path.name} could not be opened as UTF-8 text: {exc}")
        return None


def write_text(parent: QWidget, path: Path, text: str) -> bool:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        QMessageBox.warning(parent, "Save", f"Could not save to {path}: {exc.strerror or exc}")
        return False
    return True
