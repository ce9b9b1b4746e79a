"""A history write that failed, said to the user with what to do about it: a full disk, a file that may not be
written, or another program holding the database. The caller keeps what was typed; this only finds the words."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from assistant.core.i18n import translate

# What a write to the history can raise when the storage, not the app, is at fault.
STORAGE_ERRORS = (sqlite3.OperationalError, OSError)

FULL, READ_ONLY, LOCKED, OTHER = "full", "read_only", "locked", "other"


def kind(error: BaseException) -> str:
    name = getattr(error, "sqlite_errorname", "") or ""
    text = str(error).lower()
    if name == "SQLITE_FULL" or "disk is full" in text or getattr(error, "errno", None) == errno.ENOSPC:
        return FULL
    if name.startswith("SQLITE_READONLY") or name == "SQLITE_PERM" or "readonly" in text or \
            getattr(error, "errno", None) in (errno.EACCES, errno.EPERM, errno.EROFS):
        return READ_ONLY
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
        return LOCKED
    return OTHER


def database_folder(conn: sqlite3.Connection) -> str:
    """The folder of the connection's main database file ("" for one in memory, or when it cannot be asked)."""
    try:
        row = conn.execute("PRAGMA database_list").fetchone()
    except sqlite3.Error:
        return ""
    return str(Path(row[2]).parent) if row and row[2] else ""


def describe(error: BaseException, folder: str = "") -> str:
    """One sentence on what went wrong and one on what to do."""
    found = kind(error)
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
