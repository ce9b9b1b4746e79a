"""Translations in the database: the pane as it was left (its texts, languages and the place of an unfinished
translation, saved as it changes) and the history of translations, so neither is lost at a restart."""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass

from assistant.core.storage.database import pack_text, unpack_text
from assistant.core.writing.translation import TranslationJob

DETECT = "auto"  # the source language is detected from the text


@dataclass(frozen=True)
class Workspace:
    """What the Translation pane shows."""

    text: str
    translation: str
    source_language: str  # a language code, or DETECT
    target_language: str
    formality: str
    # The translation in the pane: unfinished, Resume goes on from its place; finished, its checks come back with it.
    job: TranslationJob | None = None
    history_id: int | None = None  # the history entry the translation is saved in


@dataclass(frozen=True)
class Entry:
    id: int
    source_language: str
    target_language: str
    text: str
    translation: str
    updated_at: float
    job: TranslationJob | None  # set while the translation is unfinished

    @property
    def stopped(self) -> bool:
        return self.job is not None

    @property
    def paragraphs_done(self) -> int:
        return len(self.job.finished_paragraphs()) if self.job else 0


class TranslationStore:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    # The pane ---------------------------------------------------------------------------------------------------

    def workspace(self) -> Workspace | None:
        row = self.conn.execute("SELECT source, target, source_language, target_language, formality, job, "
                                "history_id FROM translation_workspace WHERE id = 1").fetchone()
        if row is None:
            return None
        return Workspace(unpack_text(row[0]), unpack_text(row[1]), row[2], row[3], row[4], _unpack_job(row[5]),
                         row[6])

    def save_workspace(self, workspace: Workspace) -> None:
        self.conn.execute(
            "INSERT INTO translation_workspace (id, source, target, source_language, target_language, formality, "
            "job, history_id, updated_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
            "source = excluded.source, target = excluded.target, source_language = excluded.source_language, "
            "target_language = excluded.target_language, formality = excluded.formality, job = excluded.job, "
            "history_id = excluded.history_id, updated_at = excluded.updated_at",
            (pack_text(workspace.text), pack_text(workspace.translation), workspace.source_language,
             workspace.target_language, workspace.formality, _pack_job(workspace.job, finished=True),
             workspace.history_id, time.time()))

    # History ----------------------------------------------------------------------------------------------------

    def save_entry(self, entry_id: int | None, job: TranslationJob, text: str, translation: str) -> int:
        """Add a translation to the history (``entry_id`` None) or bring one up to date; its id."""
        now = time.time()
        values = (job.source, job.target, pack_text(text), pack_text(translation), _pack_job(job), now)
        if entry_id is not None:
            updated = self.conn.execute(
                "UPDATE translations SET source_language = ?, target_language = ?, source = ?, target = ?, job = ?, "
                "updated_at = ? WHERE id = ?", (*values, entry_id))
            if updated.rowcount:
                return entry_id
        cursor = self.conn.execute(
            "INSERT INTO translations (source_language, target_language, source, target, job, updated_at, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", (*values, now))
        return cursor.lastrowid

    def history(self, limit: int = 20) -> list[Entry]:
        """Newest first, one entry per text and target language: the latest translation of it. Older ones stay in
        the database; a text translated again simply shows once."""
        rows = self.conn.execute(
            "SELECT id, source_language, target_language, source, target, updated_at, job FROM ("
            " SELECT *, ROW_NUMBER() OVER (PARTITION BY source, target_language ORDER BY updated_at DESC, id DESC)"
            " AS newest FROM translations) WHERE newest = 1 ORDER BY updated_at DESC, id DESC LIMIT ?", (limit,))
        return [_entry(row) for row in rows]

    def entry(self, entry_id: int) -> Entry | None:
        row = self.conn.execute("SELECT id, source_language, target_language, source, target, updated_at, job "
                                "FROM translations WHERE id = ?", (entry_id,)).fetchone()
        return _entry(row) if row else None


def _entry(row) -> Entry:
    return Entry(row[0], row[1], row[2], unpack_text(row[3]), unpack_text(row[4]), row[5], _unpack_job(row[6]))


def _pack_job(job: TranslationJob | None, finished: bool = False) -> bytes:
    """A history entry keeps only an unfinished job: a finished one has nothing left to go on with. ``finished``:
    the pane's, whose checks are read from its job again after a restart."""
    if job is None or (job.done and not finished):
        return b""
    return pack_text(json.dumps(job.to_dict(), ensure_ascii=False))


def _unpack_job(raw) -> TranslationJob | None:
    text = unpack_text(raw)
    if not text:
        return None
    try:
        return TranslationJob.from_dict(json.loads(text))
    except ValueError:  # json's errors are ValueErrors too: a damaged place is dropped, the texts still come back
        return None
