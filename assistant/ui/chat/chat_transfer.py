"""Export and import of conversations in the window (core/storage/chat_files does the work).

Exporting asks where, and in which format the file name or the chosen filter says (Markdown to read, Hearth JSON to
bring back with every branch), then writes the file off the GUI thread one conversation at a time, with a count
that can be cancelled (a history of thousands of conversations takes seconds; a cancelled export leaves no file).
Importing reads and converts the file off the GUI thread too. Both use a connection of their own to the same
database (SQLite's WAL lets the window keep writing meanwhile); importing then says what came in and what did
not: a ChatGPT export of years of chats takes seconds, and the window must not freeze for them.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from assistant.core.storage.chat_files import JSON, MARKDOWN, Export, ExportCancelled, ImportReport, import_file
from assistant.core.storage.history import History

__all__ = ["JSON", "MARKDOWN", "ChatTransfer", "safe_name"]


def database_file(conn: sqlite3.Connection) -> Path:
    return Path(conn.execute("PRAGMA database_list").fetchone()[2])


def export_in_own_connection(job: Export, conversation_ids: list[int], database: Path, progress) -> int | None:
    """On a worker thread, like importing: the number of conversations written, or None when cancelled."""
    from assistant.core.storage.database import connect

    conn = connect(database)
    try:
        return job.write(History(conn), conversation_ids, progress)
    except ExportCancelled:
        return None
    finally:
        conn.close()


def import_in_own_connection(path: Path, database: Path, images=None) -> ImportReport:
    """On a worker thread: the window's connection stays the GUI thread's. ``images``: the ImageStore the
    file's pictures go back into."""
    from assistant.core.storage.database import connect

    conn = connect(database)
    try:
        return import_file(History(conn), path, images=images)
    finally:
        conn.close()


class ChatTransfer(QObject):
    imported = Signal(list)  # the new conversations' ids
    exported = Signal(str, int)  # the file, how many conversations it holds
    export_failed = Signal(str)  # why there is no file: the user cancelled, or it could not be written
    export_progress = Signal(int, int)  # conversations written, of how many (emitted on the export's thread)

    def __init__(self, history: History, background, parent: QWidget, images=None):
        super().__init__(parent)
        self.history, self.background, self.window = history, background, parent
        self.images = images  # the ImageStore: pictures go into exports and come back from imports
        self.last_report: ImportReport | None = None
        self.export_job: Export | None = None
        self.progress_dialog: QProgressDialog | None = None
        self._last_report = 0.0
        self.export_progress.connect(self._show_progress)  # queued: the dialog is the GUI thread's
        parent.installEventFilter(self)

    # Export ---------------------------------------------------------------------------------------------------

    def export_chat(self, conversation_id: int | None) -> None:
        """One conversation (File → Export this chat, or its menu in the list), under its title."""
        conversation = self.history.conversation(conversation_id) if conversation_id is not None else None
        self.export([conversation_id] if conversation else [], conversation.title if conversation else "")

    def export_all(self) -> None:
        ids = [summary.id for summary in self.history.list_conversations()]
        self.export(ids, self.tr("Hearth chats"))

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

    def export_to(self, conversation_ids: list[int], path: Path, kind: str) -> None:
        """Write the file off the GUI thread, one conversation at a time, with a cancellable count; ``exported``
        or ``export_failed`` says how it ended."""
        if self.export_job is not None:
            self._tell(self.tr("An export is already being written. Wait for it or cancel it first."))
            return
        job = Export.to(path, kind, images=self.images)
        self.export_job, self._last_report = job, 0.0
        self.progress_dialog = self._progress_dialog(job, len(conversation_ids))
        database = database_file(self.history.conn)
        ids = list(conversation_ids)
        self.background.run("export-chats", lambda: export_in_own_connection(job, ids, database, self._report),
                            lambda count: self._export_ended(job, count, None),
                            lambda error: self._export_ended(job, None, error), receiver=self)

    def _progress_dialog(self, job: Export, total: int) -> QProgressDialog:
        dialog = QProgressDialog(self._progress_text(0, total), self.tr("Cancel"), 0, max(total, 1), self.window)
        dialog.setWindowTitle(self.tr("Export chats"))
        dialog.setWindowModality(Qt.WindowModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(500)  # a few conversations take less: no dialog flashes by
        dialog.canceled.connect(job.cancel)
        dialog.setValue(0)
        return dialog

    def _progress_text(self, done: int, total: int) -> str:
        return self.tr("Exporting chats: {done} of {total} conversations written…").format(
            done=f"{done:,}", total=f"{total:,}")

    def _report(self, done: int, total: int) -> None:
        """On the export's thread: a count for the dialog, at most every 0.1 s (and the last one)."""
        now = time.monotonic()
        if done == total or now - self._last_report >= 0.1:
            self._last_report = now
            self.export_progress.emit(done, total)

    def _show_progress(self, done: int, total: int) -> None:
        dialog = self.progress_dialog
        if dialog is None or dialog.wasCanceled() or done <= dialog.value():
            return  # a count that a later one already replaced
        dialog.setLabelText(self._progress_text(done, total))
        # Last: a window-modal dialog's setValue handles the events waiting, later counts among them.
        dialog.setValue(min(done, dialog.maximum()))

    def _export_ended(self, job: Export, count: int | None, error: str | None) -> None:
        self.export_job = None
        if self.progress_dialog is not None:
            self.progress_dialog.close()
            self.progress_dialog.deleteLater()
            self.progress_dialog = None
        if count is None and error is None:  # cancelled: Export removed what it had written
            message = self.tr("Export cancelled. No file was written.")
            self.window.statusBar().showMessage(message, 10000)
            self.export_failed.emit(message)
        elif error is not None:
            self._tell(error, QMessageBox.Warning)
            self.export_failed.emit(error)
        else:
            self.window.statusBar().showMessage(self.tr("Exported %n conversation(s) to {file}.", "", count)
                                                .format(file=job.path), 10000)
            self.exported.emit(str(job.path), count)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.window and event.type() == QEvent.Close and self.export_job is not None:
            self.export_job.cancel()  # the window is going: no half-written file stays behind it
        return False

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
        images = self.images
        self.background.run("import-chats", lambda: import_in_own_connection(path, database, images), self._imported,
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
