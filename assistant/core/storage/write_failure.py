"""A write to the database that failed, as the user can act on it: the disk is full, the data cannot be written
(permissions, a read-only disk) or another program holds the file. The panes say it where the user looks and keep
the text, so the next save can try again."""

from __future__ import annotations

import errno
import sqlite3
from dataclasses import dataclass

from assistant.core.i18n import translate

FULL, READ_ONLY, LOCKED, OTHER = "full", "read-only", "locked", "other"

# SQLite's primary result codes (an extended code's low byte): https://sqlite.org/rescode.html
_KINDS = {13: FULL, 8: READ_ONLY, 3: READ_ONLY, 14: READ_ONLY, 23: READ_ONLY, 5: LOCKED, 6: LOCKED}


@dataclass(frozen=True)
class WriteFailure:
    kind: str  # FULL, READ_ONLY, LOCKED or OTHER
    detail: str  # SQLite's own words, for OTHER

    def advice(self) -> str:
        """What happened and what to do about it, in the app's language."""
        if self.kind == FULL:
            return translate("WriteFailure", "The disk is full. Free some space.")
        if self.kind == READ_ONLY:
            return translate("WriteFailure", "The app's data cannot be written. Check the permissions of its folder "
                                             "and that the disk is not read-only.")
        if self.kind == LOCKED:
            return translate("WriteFailure", "Another program is using the app's data. Close it (or another copy "
                                             "of the app).")
        return translate("WriteFailure", "The database reported: {error}.").format(error=self.detail)


# What a write can raise when the storage, not the app, is at fault: SQLite's errors, and the file system's.
STORAGE_ERRORS = (sqlite3.DatabaseError, OSError)
_ERRNOS = {errno.ENOSPC: FULL, errno.EACCES: READ_ONLY, errno.EPERM: READ_ONLY, errno.EROFS: READ_ONLY}


def write_failure(error: BaseException) -> WriteFailure:
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int):
        return WriteFailure(_KINDS.get(code & 0xFF, OTHER), str(error))
    return WriteFailure(_ERRNOS.get(getattr(error, "errno", None), OTHER), str(error))


def saving_said(failure: WriteFailure | None) -> str:
    """What a pane's status line says when a save fails (``failure``), and when one works again (None)."""
    if failure is None:
        return translate("WriteFailure", "Saved again; nothing was lost.")
    return translate("WriteFailure", "Not saved. {advice} Nothing is lost: your text stays here and is saved at the "
                                     "next change.").format(advice=failure.advice())
