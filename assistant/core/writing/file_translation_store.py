"""Whole files in translation, in the database: which file (by its sha256, so a file moved or renamed is found again),
into which language, and each segment's translation as it is done. What Resume, after Stop or a restart or a kill,
goes on from; the window's list of recent files and ``assistant translate`` read the same rows."""

from __future__ import annotations

import hashlib
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from assistant.core.storage.database import pack_text, unpack_text

HASH_CHUNK = 1 << 20


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class FileRecord:
    id: int
    path: str  # where the file was when last translated
    sha256: str
    kind: str
    source_language: str
    target_language: str
    formality: str
    segments: int
    done: int  # segments with a translation
    output: str  # where it was last saved ("" until then)
    bilingual: bool
    updated_at: float

    @property
    def finished(self) -> bool:
        return self.done >= self.segments


class FileTranslationStore:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def find(self, sha256: str, source: str, target: str) -> FileRecord | None:
        """The newest translation of this file's content from ``source`` into ``target``."""
        row = self.conn.execute(_SELECT + " WHERE f.sha256 = ? AND f.source_language = ? AND f.target_language = ? "
                                "GROUP BY f.id ORDER BY f.updated_at DESC, f.id DESC LIMIT 1",
                                (sha256, source, target)).fetchone()
        return FileRecord(*row[:10], bool(row[10]), row[11]) if row else None

    def create(self, path: Path, sha256: str, kind: str, source: str, target: str, formality: str,
               segments: int) -> int:
        now = time.time()
        cursor = self.conn.execute(
            "INSERT INTO file_translations (path, sha256, kind, source_language, target_language, formality, "
            "segments, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (str(path), sha256, kind, source, target, formality, segments, now, now))
        return cursor.lastrowid

    def translations(self, record_id: int) -> dict[int, tuple[str, bool]]:
        """Segment number -> (translation, corrected by hand)."""
        rows = self.conn.execute("SELECT number, translation, edited FROM file_segments WHERE translation_id = ?",
                                 (record_id,))
        return {number: (unpack_text(text), bool(edited)) for number, text, edited in rows}

    def save_segment(self, record_id: int, number: int, translation: str, edited: bool = False,
                     path: Path | None = None) -> None:
        """One segment's translation, committed at once: a kill after this never translates it again."""
        with self.conn:
            self.conn.execute("BEGIN")
            self.conn.execute(
                "INSERT INTO file_segments (translation_id, number, translation, edited) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(translation_id, number) DO UPDATE SET translation = excluded.translation, "
                "edited = excluded.edited", (record_id, number, pack_text(translation), int(edited)))
            self.conn.execute("UPDATE file_translations SET updated_at = ?, path = COALESCE(?, path) WHERE id = ?",
                              (time.time(), None if path is None else str(path), record_id))

    def saved_as(self, record_id: int, output: Path, bilingual: bool) -> None:
        with self.conn:
            self.conn.execute("UPDATE file_translations SET output = ?, bilingual = ?, updated_at = ? WHERE id = ?",
                              (str(output), int(bilingual), time.time(), record_id))

    def recent(self, limit: int = 10) -> list[FileRecord]:
        rows = self.conn.execute(_SELECT + " GROUP BY f.id ORDER BY f.updated_at DESC, f.id DESC LIMIT ?", (limit,))
        return [FileRecord(*row[:10], bool(row[10]), row[11]) for row in rows]

    def forget(self, record_id: int) -> None:
        with self.conn:
            self.conn.execute("DELETE FROM file_translations WHERE id = ?", (record_id,))


_SELECT = ("SELECT f.id, f.path, f.sha256, f.kind, f.source_language, f.target_language, f.formality, f.segments, "
           "COUNT(s.number), f.output, f.bilingual, f.updated_at FROM file_translations f "
           "LEFT JOIN file_segments s ON s.translation_id = f.id")
