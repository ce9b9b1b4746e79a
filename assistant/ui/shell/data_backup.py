"""File › Back up all data…: the whole database copied to a file the user chooses, off the GUI thread
(core/storage/database.back_up_to). Restoring is putting that file back in the data folder while the app is closed
(README, "Your data")."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from assistant.core.storage.database import back_up_to
from assistant.ui.chat.chat_transfer import database_file


def copy(database: Path, target: Path) -> int:
    try:
        return back_up_to(database, target)
    except sqlite3.Error as exc:  # a full disk, a locked file: said as a file error is, not as a crash
        raise OSError(str(exc)) from exc


class DataBackup(QObject):
    said = Signal(str)  # for the status line
    done = Signal(object)  # the backup's path, or None when it failed

    def __init__(self, conn: sqlite3.Connection, background, parent: QWidget):
        super().__init__(parent)
        self.conn, self.background, self.window = conn, background, parent
        self.box: QMessageBox | None = None  # the last answer shown

    def ask(self) -> None:
        suggested = Path.home() / f"hearth-backup-{time.strftime('%Y-%m-%d')}.sqlite3"
        path, _filter = QFileDialog.getSaveFileName(self.window, self.tr("Back up all data"), str(suggested),
                                                    self.tr("Hearth backups (*.sqlite3);;All files (*)"))
        if path:
            self.back_up(Path(path))

    def back_up(self, target: Path) -> None:
        database = database_file(self.conn)
        if target.resolve() == database.resolve():
            self.said.emit(self.tr("Choose another file: that one is the database itself."))
            self.done.emit(None)
            return
        self.said.emit(self.tr("Backing up your data to {path}…").format(path=target))
        self.background.run("backup", lambda: copy(database, target),
                            lambda size: self._ended(target, size, None),
                            lambda error: self._ended(target, None, error), receiver=self)

    def _ended(self, target: Path, size: int | None, error: str | None) -> None:
        """Said in a box: the user asked for it and waits for the answer, which a status line would hide."""
        if size is None:
            self._tell(QMessageBox.Warning, self.tr("The backup could not be written to {path}: {error}. Nothing "
                                                    "else was changed.").format(path=target, error=error))
            self.done.emit(None)
            return
        self._tell(QMessageBox.Information, self.tr(
            "Backed up to {path} ({size:.1f} MB): conversations, drafts, translations, settings, profiles and "
            "recurring mistakes. Models and chat pictures are files in the data folder.").format(
            path=target, size=size / 1e6))
        self.done.emit(target)

    def _tell(self, icon, text: str) -> None:
        self.said.emit(text)
        self.box = QMessageBox(icon, self.tr("Back up all data"), text, QMessageBox.Ok, self.window)
        self.box.setWindowModality(Qt.WindowModal)
        self.box.setAttribute(Qt.WA_DeleteOnClose)
        self.box.open()
