"""Drafts in the database: the text as it is now (saved as the user types) and a version for every accepted change."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.core.storage.database import pack_text, unpack_text

MAX_VERSIONS = 200  # per draft; the oldest go first, the first one is always kept


@dataclass(frozen=True)
class Draft:
    id: int
    title: str
    content: str
    updated_at: float


@dataclass(frozen=True)
class Version:
    id: int
    content: str
    note: str
    created_at: float


class Drafts:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def create(self, content: str = "") -> Draft:
        now = time.time()
        with self.conn:  # the draft and its first version, or neither (a full disk, a locked file)
            self.conn.execute("BEGIN")
            cursor = self.conn.execute(
                "INSERT INTO drafts (title, content, created_at, updated_at) VALUES (?, ?, ?, ?)",
                (pack_text(_title_of(content)), pack_text(content), now, now))
            self._add_version(cursor.lastrowid, content, CREATED, now)
        return self.get(cursor.lastrowid)

    def get(self, draft_id: int) -> Draft | None:
        row = self.conn.execute("SELECT id, title, content, updated_at FROM drafts WHERE id = ?",
                                (draft_id,)).fetchone()
        return Draft(row[0], unpack_text(row[1]), unpack_text(row[2]), row[3]) if row else None

    def list(self) -> list[Draft]:
        rows = self.conn.execute("SELECT id, title, content, updated_at FROM drafts ORDER BY updated_at DESC")
        return [Draft(r[0], unpack_text(r[1]), unpack_text(r[2]), r[3]) for r in rows]

    def save(self, draft_id: int, content: str, versions: Sequence[Version] = ()) -> None:
        """The autosave: the current text, no new version. ``versions``: the draft's versions that earlier saves
        could not write (a full disk, a locked file), written with it, each with the time it was made."""
        with self.conn:
            self.conn.execute("BEGIN")
            self.conn.execute("UPDATE drafts SET content = ?, title = ?, updated_at = ? WHERE id = ?",
                              (pack_text(content), pack_text(_title_of(content)), time.time(), draft_id))
            for version in versions:
                self._add_version(draft_id, version.content, version.note, version.created_at)

    def add_version(self, draft_id: int, content: str, note: str) -> None:
        with self.conn:
            self.conn.execute("BEGIN")
            self._add_version(draft_id, content, note, time.time())

    def _add_version(self, draft_id: int, content: str, note: str, created_at: float) -> None:
        self.conn.execute("INSERT INTO draft_versions (draft_id, content, note, created_at) VALUES (?, ?, ?, ?)",
                          (draft_id, pack_text(content), note, created_at))
        self.conn.execute(
            "DELETE FROM draft_versions WHERE draft_id = ? AND id NOT IN (SELECT MIN(id) FROM draft_versions "
            "WHERE draft_id = ?) AND id NOT IN (SELECT id FROM draft_versions WHERE draft_id = ? ORDER BY id DESC "
            "LIMIT ?)", (draft_id, draft_id, draft_id, MAX_VERSIONS - 1))

    def versions(self, draft_id: int) -> list[Version]:
        rows = self.conn.execute("SELECT id, content, note, created_at FROM draft_versions WHERE draft_id = ? "
                                 "ORDER BY id DESC", (draft_id,))
        return [Version(r[0], unpack_text(r[1]), r[2], r[3]) for r in rows]

    def delete(self, draft_id: int) -> None:
        self.conn.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))


UNTITLED = "Untitled draft"  # stored as it is; the UI shows it in its own language
CREATED = "Created"  # the first version's note, likewise


def _title_of(content: str) -> str:
    for line in content.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:60]
    return UNTITLED
