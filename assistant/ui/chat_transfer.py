"""Export and import of conversations in the window (core/storage/chat_files does the work).

Exporting asks where, and in which format the file name or the chosen filter says (Markdown to read, Hearth JSON to
bring back with every branch). Importing reads and converts the file off the GUI thread, with a connection of its
own to the same database (SQLite's WAL lets the window keep writing meanwhile), then says what came in and what
did not: a ChatGPT export of years of chats takes seconds, and the window must not freeze for them.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from assistant.core.storage.chat_files import ImportReport, export_json, export_markdown, import_file
from assistant.core.storage.history import History

MARKDOWN, JSON = "markdown", "json"


def database_file(conn: sqlite3.Connection) -> Path:
    return Path(conn.execute("PRAGMA database_list").fetchone()[2])


def import_in_own_connection(path: Path, database: Path) -> ImportReport:
    """On a worker thread: the window's connection stays the GUI thread's."""
    from assistant.core.storage.database import connect

    conn = connect(database)
    try:
        return import_file(History(conn), path)
    finally:
        conn.close()


class ChatTransfer(QObject):
    imported = Signal(list)  # the new conversations' ids

    def __init__(self, history: History, background, parent: QWidget):
        super().__init__(parent)
        self.history, self.background, self.window = history, background, parent
        self.last_report: ImportReport | None = None

    # Export ---------------------------------------------------------------------------------------------------

    def export(self, conversation_ids: list[int], suggested: str) -> None:
        if not conversation_ids:
            self._tell(self.tr("There is no conversation to export yet."))
            return
        markdown, json_filter = self.tr("Markdown, to read (*.md)"), self.tr("Hearth JSON, every branch (*.json)")
        path, chosen = QFileDialog.getSaveFileName(self.window, self.tr("Export chats"),
                                                   str(Path.home() / f"{safe_name(suggested)}.md"),
                                                   f"{markdown};;{json_filter}")
        if path:
            self.export_to(conversation_ids, Path(path), JSON if chosen == json_filter else MARKDOWN)

    def export_to(self, conversation_ids: list[int], path: Path, kind: str) -> bool:
        """Write the file; ``kind`` gives way to the name's extension when it has one of ours."""
        if path.suffix.lower() in (".json", ".md", ".markdown"):
            kind = JSON if path.suffix.lower() == ".json" else MARKDOWN
        elif path.suffix == "":
            path = path.with_suffix(".json" if kind == JSON else ".md")
        data = (export_json if kind == JSON else export_markdown)(self.history, conversation_ids)
        partial = path.with_name(path.name + ".part")
        try:
            partial.write_bytes(data)
            partial.replace(path)  # a file that was there stays whole until the new one is
        except OSError as exc:
            with contextlib.suppress(OSError):  # a disk that filled up leaves no half-written file behind
                partial.unlink(missing_ok=True)
            self._tell(self.tr("Could not write {file}: {error}").format(file=path, error=exc.strerror or exc),
                       QMessageBox.Warning)
            return False
        self.window.statusBar().showMessage(self.tr("Exported %n conversation(s) to {file}.", "",
                                                    len(conversation_ids)).format(file=path), 10000)
        return True

    # Import ---------------------------------------------------------------------------------------------------

    def ask_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.window, self.tr("Import chats"), str(Path.home()),
            self.tr("Chat exports: Hearth JSON, ChatGPT's conversations.json (*.json);;All files (*)"))
        if path:
            self.import_from(Path(path))

    def import_from(self, path: Path) -> None:
        self.window.statusBar().showMessage(self.tr("Importing {file}…").format(file=path.name))
        database = database_file(self.history.conn)
        self.background.run("import-chats", lambda: import_in_own_connection(path, database), self._imported,
                            lambda error: self._tell(error, QMessageBox.Warning), receiver=self)

    def _imported(self, report: ImportReport) -> None:
        self.last_report = report
        lines = [self.tr("Imported %n conversation(s). Messages: {messages}.", "", len(report.conversation_ids))
                 .format(messages=report.messages)]
        lines += report.notes
        if report.skipped:
            lines.append(self.tr("Not imported:"))
            lines += [f"• {line}" for line in report.skipped[:20]]
            if len(report.skipped) > 20:
                lines.append(self.tr("… and {count} more.").format(count=len(report.skipped) - 20))
        self.window.statusBar().showMessage(lines[0], 10000)
        self._tell("\n".join(lines), QMessageBox.Warning if report.skipped else QMessageBox.Information)
        self.imported.emit(report.conversation_ids)

    def _tell(self, text: str, icon=QMessageBox.Information) -> None:
        box = QMessageBox(icon, self.tr("Chats"), text, QMessageBox.Ok, self.window)
        box.setWindowModality(Qt.WindowModal)
        box.open()
        self.message_box = box  # kept for tests, and so that it is not collected while open


def safe_name(title: str) -> str:
    kept = "".join(c if c.isalnum() or c in " -_" else " " for c in title).strip()
    return " ".join(kept.split())[:60] or "chats"
