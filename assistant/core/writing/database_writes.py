"""A core object that keeps what the user typed in the database: each write guarded, so a full disk, a read-only
disk or a locked file is said to the observers (FAILURE, with ``failure`` saying why) instead of raised, and the
first write that works again is said too. The caller keeps what it could not write and tries again."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TypeVar

from assistant.core.storage.write_failure import WriteFailure, write_failure
from assistant.core.writing.observable import Observable

FAILURE = "failure"
T = TypeVar("T")


class DatabaseWrites(Observable):
    def __init__(self) -> None:
        super().__init__()
        self.failure: WriteFailure | None = None  # why the last write failed; None once one works

    def write(self, write: Callable[[], T]) -> T | bool:
        """What ``write()`` gives (True for nothing); False when the database refused it."""
        try:
            result = write()
        except sqlite3.DatabaseError as exc:
            self.failure = write_failure(exc)
            self._changed(FAILURE)
            return False
        if self.failure is not None:
            self.failure = None
            self._changed(FAILURE)
        return True if result is None else result
