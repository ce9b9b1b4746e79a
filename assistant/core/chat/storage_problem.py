"""A history write that failed, said to the user with what to do about it: a full disk, a file that may not be
written, or another program holding the database. The caller keeps what was typed; this only finds the chat's words
(which of those it was is told apart once, in core/storage/write_failure)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from assistant.core.i18n import translate
from assistant.core.storage.write_failure import FULL, LOCKED, READ_ONLY, STORAGE_ERRORS, write_failure

__all__ = ["STORAGE_ERRORS", "database_folder", "describe"]


def database_folder(conn: sqlite3.Connection) -> str:
    """The folder of the connection's main database file ("" for one in memory, or when it cannot be asked)."""
    try:
        row = conn.execute("PRAGMA database_list").fetchone()
    except sqlite3.Error:
        return ""
    return str(Path(row[2]).parent) if row and row[2] else ""


def describe(error: BaseException, folder: str = "") -> str:
    """One sentence on what went wrong and one on what to do."""
    found = write_failure(error).kind
    if found == FULL:
        return translate("StorageProblem", "Your chat history could not be saved: the disk is full. Free some space "
                                           "on it, then try again.")
    if found == READ_ONLY:
        return translate("StorageProblem", "Your chat history could not be saved: its file is read-only. Check that "
                                           "you may write to {folder}, then try again.").format(
            folder=folder or translate("StorageProblem", "the app's data folder"))
    if found == LOCKED:
        return translate("StorageProblem", "Your chat history could not be saved: another program is using it. "
                                           "Close that program (or another copy of Hearth), then try again.")
    return translate("StorageProblem", "Your chat history could not be saved ({error}). Check the disk holding "
                                       "{folder}, then try again.").format(
        error=error, folder=folder or translate("StorageProblem", "the app's data folder"))
