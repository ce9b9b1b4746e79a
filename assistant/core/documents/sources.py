"""The files and folders the user gave (Chat's sources, ``assistant docs add``): a short list in the history
database, which outlives any index made from it."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path


def normal_path(path: str | Path) -> str:
    """Absolute, with symbolic links resolved, so that one folder is one source however it was named."""
    return str(Path(os.path.expanduser(str(path))).resolve())


class SourceList:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def all(self) -> list[str]:
        return [row[0] for row in self.conn.execute("SELECT path FROM document_sources ORDER BY id")]

    def add(self, path: str | Path) -> str:
        normal = normal_path(path)
        self.conn.execute("INSERT OR IGNORE INTO document_sources (path, added_at) VALUES (?, ?)",
                          (normal, time.time()))
        return normal

    def remove(self, path: str | Path) -> bool:
        cursor = self.conn.execute("DELETE FROM document_sources WHERE path IN (?, ?)", (str(path), normal_path(path)))
        return cursor.rowcount > 0
