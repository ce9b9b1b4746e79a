"""The document index: every file read from the sources, its passages, and a full-text index of them (SQLite FTS5),
in ``documents.sqlite3`` beside the history.

It is derived data: the list of sources lives in the history database (``document_sources``), and everything here
can be made again from the files. So a damaged index, or one written by a newer version, is set aside (renamed, not
deleted) and rebuilt, where the history would be left alone with a message.

The full-text table is contentless (the passages table holds the text once); removing a passage from it therefore
gives FTS5 the same words again (``index_form``), as its documentation asks.
"""

from __future__ import annotations

import math
import sqlite3
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from assistant.core.documents.passages import Passage
from assistant.core.storage.search_text import index_form, match_expression, query_terms
from assistant.core.i18n import translate
from assistant.core.storage.database import migrate

MIGRATIONS = [
    """
    CREATE TABLE files (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL,            -- the file or folder the user added that brought it in
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        sha256 TEXT NOT NULL DEFAULT '', -- to know a renamed file without reading it again
        status TEXT NOT NULL,            -- 'ready' or 'failed'
        error TEXT NOT NULL DEFAULT '',
        pages INTEGER NOT NULL DEFAULT 0,
        ocr_pages INTEGER NOT NULL DEFAULT 0,
        unreadable_pages INTEGER NOT NULL DEFAULT 0,
        passages INTEGER NOT NULL DEFAULT 0,
        indexed_at REAL NOT NULL
    );
    CREATE INDEX files_by_source ON files(source);
    CREATE INDEX files_by_hash ON files(sha256);
    CREATE TABLE passages (
        id INTEGER PRIMARY KEY,
        file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
        ordinal INTEGER NOT NULL,
        page INTEGER,
        paragraph INTEGER NOT NULL,
        text TEXT NOT NULL
    );
    CREATE INDEX passages_by_file ON passages(file_id, ordinal);
    CREATE VIRTUAL TABLE passage_words USING fts5(body, content='', tokenize='unicode61 remove_diacritics 2');
    CREATE VIRTUAL TABLE passage_words_vocab USING fts5vocab(passage_words, 'row');
    """,
    # 2: vectors from the embedding model the user chose, for meaning-based retrieval beside the words.
    """
    CREATE TABLE passage_vectors (
        passage_id INTEGER PRIMARY KEY REFERENCES passages(id) ON DELETE CASCADE,
        vector BLOB NOT NULL               -- float32, normalized
    );
    CREATE TABLE index_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    # 3: how many passages hold each word asked about. FTS5 counts them by reading the word's whole posting list
    # (70 ms for a word in a million passages), so the count is kept; all of them go when the index has grown or
    # shrunk by a tenth since they were counted.
    """
    CREATE TABLE word_counts (term TEXT PRIMARY KEY, passages INTEGER NOT NULL) WITHOUT ROWID;
    """,
]


# A word in more than this share of the passages (the, is, 的河) says little about any of them and makes ranking
# slow at scale: it is left out of the query, unless every word of the question is that common.
COMMON_SHARE = 0.02
CHECK_COMMON_FROM = 2000  # passages; in a smaller index every word is cheap to rank
MEANINGFUL_SCORE = 1e-3  # bm25 of a passage that shares only words that are in nearly every passage
# Below this many passages, FTS5's bm25 says nothing: its idf, log((N - n + 0.5) / (n + 0.5)), is 0 or less for a
# word in half the passages or more and is then floored to 1e-6, so with two files every word weighs nothing and
# every question looks unanswered. A small index is ranked here instead (``_search_small``).
SMALL_INDEX = 64
# Where idf cannot tell them (a word in one of two passages looks telling), the words every English question has
# say nothing: "What is the capital of France?" is not answered by a passage for holding "what" and "of".
QUESTION_WORDS = frozenset("""a an and are as at be by can could did do does for from had has have how i in is it
its me my of on or should that the their there these they this to was we were what when where which who whom whose
why will with would you your""".split())
RELEVANT_SHARE = 0.2  # of the best passage's score


def _from_sources(sources: list[str] | None, keyword: str) -> tuple[str, list[str]]:
    """The SQL condition (after ``keyword``) and its values that keep the files of ``sources`` only; none for all."""
    if not sources:
        return "", []
    return f"{keyword} f.source IN ({', '.join('?' * len(sources))})", list(sources)


@dataclass
class IndexedFile:
    path: str
    source: str
    size: int
    mtime_ns: int
    sha256: str
    status: str
    error: str
    pages: int
    ocr_pages: int
    unreadable_pages: int
    passages: int


@dataclass
class Hit:
    passage_id: int
    path: str
    page: int | None
    paragraph: int
    text: str
    score: float  # bm25: lower is better


def open_index(path: Path) -> tuple[sqlite3.Connection, str | None]:
    """The index at ``path``, created or migrated; with a note when a damaged or newer one had to be set aside."""
    path.parent.mkdir(parents=True, exist_ok=True)
    note = None
    for attempt in (1, 2):
        conn = sqlite3.connect(path, timeout=10.0, isolation_level=None, check_same_thread=False)
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > len(MIGRATIONS):
                raise sqlite3.DatabaseError(f"written by a newer version (schema {version})")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            if version < len(MIGRATIONS):
                migrate(conn, version, MIGRATIONS)
            return conn, note
        except sqlite3.DatabaseError as exc:
            conn.close()
            if attempt == 2:
                raise
            aside = path.with_name(f"{path.name}.set-aside-{int(time.time())}")
            for suffix in ("", "-wal", "-shm"):
                part = Path(str(path) + suffix)
                if part.exists():
                    part.rename(Path(str(aside) + suffix))
            note = translate("Documents", "The document index could not be used ({reason}); it was set aside as "
                                          "{file} and is made again from your sources.").format(reason=exc,
                                                                                                file=aside.name)
    raise AssertionError("unreachable")


class DocumentIndex:
    """One connection, used under a lock: the indexing thread writes, searches read between its transactions."""

    def __init__(self, path: Path):
        self.path = path
        self.conn, self.note = open_index(path)
        self._lock = threading.RLock()
        self._passage_count: int | None = None  # cached between writes

    def close(self) -> None:
        with self._lock:
            self.conn.close()

    # Files --------------------------------------------------------------------------------------------------

    def files(self, source: str | None = None) -> list[IndexedFile]:
        query = "SELECT path, source, size, mtime_ns, sha256, status, error, pages, ocr_pages, unreadable_pages, " \
                "passages FROM files"
        with self._lock:
            rows = self.conn.execute(query + (" WHERE source = ? ORDER BY path" if source else " ORDER BY path"),
                                     (source,) if source else ()).fetchall()
        return [IndexedFile(*row) for row in rows]

    def file(self, path: str) -> IndexedFile | None:
        with self._lock:
            row = self.conn.execute("SELECT path, source, size, mtime_ns, sha256, status, error, pages, ocr_pages, "
                                    "unreadable_pages, passages FROM files WHERE path = ?", (path,)).fetchone()
        return IndexedFile(*row) if row else None

    def store(self, record: IndexedFile, passages: Iterable[Passage]) -> None:
        """Replace whatever the index had for ``record.path`` with these passages, in one transaction: a file is in
        the index whole or not at all, whatever happens in between."""
        with self._lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                self._remove(record.path)
                cursor = self.conn.execute(
                    "INSERT INTO files (path, source, size, mtime_ns, sha256, status, error, pages, ocr_pages, "
                    "unreadable_pages, passages, indexed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (record.path, record.source, record.size, record.mtime_ns, record.sha256, record.status,
                     record.error, record.pages, record.ocr_pages, record.unreadable_pages, record.passages,
                     time.time()))
                file_id = cursor.lastrowid
                for passage in passages:
                    row = self.conn.execute(
                        "INSERT INTO passages (file_id, ordinal, page, paragraph, text) VALUES (?, ?, ?, ?, ?)",
                        (file_id, passage.ordinal, passage.page, passage.paragraph, passage.text)).lastrowid
                    self.conn.execute("INSERT INTO passage_words (rowid, body) VALUES (?, ?)",
                                      (row, index_form(passage.text)))
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            finally:
                self._passage_count = None

    def moved(self, old_path: str, new_path: str, source: str, size: int, mtime_ns: int) -> None:
        """A renamed file: the same passages under its new name, nothing read again."""
        with self._lock:
            self.conn.execute("UPDATE files SET path = ?, source = ?, size = ?, mtime_ns = ? WHERE path = ?",
                              (new_path, source, size, mtime_ns, old_path))

    def remove(self, path: str) -> None:
        with self._lock:
            self._passage_count = None
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                self._remove(path)
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise

    def _remove(self, path: str) -> None:
        row = self.conn.execute("SELECT id FROM files WHERE path = ?", (path,)).fetchone()
        if row is None:
            return
        for passage_id, text in self.conn.execute("SELECT id, text FROM passages WHERE file_id = ?", row):
            self.conn.execute("INSERT INTO passage_words (passage_words, rowid, body) VALUES ('delete', ?, ?)",
                              (passage_id, index_form(text)))
        self.conn.execute("DELETE FROM files WHERE id = ?", row)

    def _search_small(self, terms: list[tuple[str, bool]], limit: int, sources: list[str] | None) -> list[Hit]:
        """A small index ranked by the terms each passage holds, weighed by Lucene's idf, log(1 + (N - n + 0.5) /
        (n + 0.5)), which stays above 0. A passage must hold a telling word: one in fewer than half the passages
        (where bm25's idf is above 0), or in one passage only (with two files, the file that names the Yangtze). One
        that shares only "the" and "is" with the question is no answer to it. With the lock held."""
        total = self._passage_count
        terms = [term for term in terms if term[0] not in QUESTION_WORDS]
        holding: dict[int, set[int]] = {}  # term index -> the passages holding it
        for number, term in enumerate(terms):
            rows = self.conn.execute("SELECT rowid FROM passage_words WHERE passage_words MATCH ?",
                                     (match_expression([term]),)).fetchall()
            holding[number] = {row[0] for row in rows}
        weight = {number: math.log(1 + (total - len(ids) + 0.5) / (len(ids) + 0.5)) for number, ids in holding.items()}
        scores: dict[int, float] = {}
        for number, ids in holding.items():
            for pid in ids:
                scores[pid] = scores.get(pid, 0.0) + weight[number]
        answering = {pid for ids in holding.values() if len(ids) == 1 or 2 * len(ids) < total for pid in ids}
        ranked = sorted((pid for pid in scores if pid in answering), key=lambda pid: -scores[pid])
        if not ranked:
            return []
        where, values = _from_sources(sources, "AND")
        rows = self.conn.execute(
            f"SELECT p.id, f.path, p.page, p.paragraph, p.text FROM passages p JOIN files f ON f.id = p.file_id "
            f"WHERE p.id IN ({', '.join('?' * len(ranked))}) {where}", (*ranked, *values)).fetchall()
        by_id = {row[0]: row for row in rows}
        hits = [Hit(*by_id[pid], -scores[pid]) for pid in ranked if pid in by_id][:limit]
        return [hit for hit in hits if hit.score <= hits[0].score * RELEVANT_SHARE] if hits else []

    def _telling_terms(self, terms: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
        """``terms`` less those found in more than COMMON_SHARE of the passages (with the lock held)."""
        if self._passage_count is None:
            self._passage_count = self.conn.execute("SELECT COUNT(*) FROM passages").fetchone()[0]
        total = self._passage_count
        if total < CHECK_COMMON_FROM or len(terms) < 2:
            return terms
        counted_at = self.conn.execute("SELECT value FROM index_state WHERE key = 'words_counted_at'").fetchone()
        if counted_at is None or abs(int(counted_at[0]) - total) > total / 10:
            self.conn.execute("DELETE FROM word_counts")
            self.conn.execute("INSERT OR REPLACE INTO index_state (key, value) VALUES ('words_counted_at', ?)",
                              (str(total),))
        counts = {}
        for term, prefix in terms:
            if prefix:
                continue
            row = self.conn.execute("SELECT passages FROM word_counts WHERE term = ?", (term,)).fetchone()
            if row is None:
                row = self.conn.execute("SELECT doc FROM passage_words_vocab WHERE term = ?", (term,)).fetchone()
                row = (row[0] if row else 0,)
                self.conn.execute("INSERT OR REPLACE INTO word_counts (term, passages) VALUES (?, ?)", (term, row[0]))
            counts[term] = row[0]
        telling = [(t, p) for t, p in terms if p or counts[t] <= COMMON_SHARE * total]
        if telling:
            return telling
        return sorted(terms, key=lambda item: counts.get(item[0], 0))[:2]  # all common: the two least so

    def passage(self, passage_id: int) -> Hit | None:
        with self._lock:
            row = self.conn.execute("SELECT p.id, f.path, p.page, p.paragraph, p.text, 0.0 FROM passages p JOIN "
                                    "files f ON f.id = p.file_id WHERE p.id = ?", (passage_id,)).fetchone()
        return Hit(*row) if row else None

    # Vectors ------------------------------------------------------------------------------------------------

    def embedding_model(self) -> str | None:
        with self._lock:
            row = self.conn.execute("SELECT value FROM index_state WHERE key = 'embedding_model'").fetchone()
        return row[0] if row else None

    def set_embedding_model(self, model: str | None) -> None:
        """Vectors of another model mean nothing beside the new one's: they go."""
        if model == self.embedding_model():
            return
        with self._lock:
            self.conn.execute("BEGIN IMMEDIATE")
            self.conn.execute("DELETE FROM passage_vectors")
            if model is None:
                self.conn.execute("DELETE FROM index_state WHERE key = 'embedding_model'")
            else:
                self.conn.execute("INSERT OR REPLACE INTO index_state (key, value) VALUES ('embedding_model', ?)",
                                  (model,))
            self.conn.execute("COMMIT")

    def without_vectors(self, limit: int) -> list[tuple[int, str]]:
        with self._lock:
            return self.conn.execute("SELECT p.id, p.text FROM passages p LEFT JOIN passage_vectors v ON "
                                     "v.passage_id = p.id WHERE v.passage_id IS NULL ORDER BY p.id LIMIT ?",
                                     (limit,)).fetchall()

    def store_vectors(self, rows: list[tuple[int, bytes]]) -> None:
        with self._lock:
            self.conn.execute("BEGIN IMMEDIATE")
            # A passage removed while its vector was computed is simply not there any more.
            self.conn.executemany("INSERT OR REPLACE INTO passage_vectors (passage_id, vector) SELECT ?, ? WHERE "
                                  "EXISTS (SELECT 1 FROM passages WHERE id = ?)",
                                  [(pid, vector, pid) for pid, vector in rows])
            self.conn.execute("COMMIT")

    def has_vectors(self) -> bool:
        with self._lock:
            return self.conn.execute("SELECT 1 FROM passage_vectors LIMIT 1").fetchone() is not None

    def vector_counts(self) -> tuple[int, int]:
        """(passages with a vector, passages)."""
        with self._lock:
            return (self.conn.execute("SELECT COUNT(*) FROM passage_vectors").fetchone()[0],
                    self.conn.execute("SELECT COUNT(*) FROM passages").fetchone()[0])

    def vector_batches(self, sources: list[str] | None = None, size: int = 20_000):
        """(passage ids, packed vectors) a batch at a time, so memory stays bounded whatever the index's size."""
        where, values = "", []
        if sources:
            where = f"WHERE f.source IN ({', '.join('?' * len(sources))})"
            values = list(sources)
        last = 0
        while True:
            with self._lock:
                rows = self.conn.execute(
                    f"SELECT v.passage_id, v.vector FROM passage_vectors v JOIN passages p ON p.id = v.passage_id "
                    f"JOIN files f ON f.id = p.file_id {where} {'AND' if where else 'WHERE'} v.passage_id > ? "
                    f"ORDER BY v.passage_id LIMIT ?", (*values, last, size)).fetchall()
            if not rows:
                return
            last = rows[-1][0]
            yield [r[0] for r in rows], b"".join(r[1] for r in rows)

    def hits(self, passage_ids: list[int]) -> list[Hit]:
        found = {}
        with self._lock:
            for start in range(0, len(passage_ids), 500):
                chunk = passage_ids[start:start + 500]
                for row in self.conn.execute(
                        f"SELECT p.id, f.path, p.page, p.paragraph, p.text, 0.0 FROM passages p JOIN files f ON "
                        f"f.id = p.file_id WHERE p.id IN ({', '.join('?' * len(chunk))})", chunk):
                    found[row[0]] = Hit(*row)
        return [found[i] for i in passage_ids if i in found]

    # Search -------------------------------------------------------------------------------------------------

    def search(self, question: str, limit: int = 8, sources: list[str] | None = None) -> list[Hit]:
        """The passages that best match ``question``'s words (bm25), from ``sources`` only when given. Passages that
        share only words found everywhere (bm25 about 0), or score below RELEVANT_SHARE of the best, are left out:
        they would only give the model something to guess from."""
        if sources is not None and not sources:
            return []  # asked of no source at all
        with self._lock:
            terms = self._telling_terms(query_terms(question))
            query = match_expression(terms)
            if query is None:
                return []
            if self._passage_count < SMALL_INDEX:
                return self._search_small(terms, limit, sources)
            # FTS5 ranks inside its own table (ORDER BY rank) far faster than after a join; the few best are then
            # joined. Asked for some sources only, more candidates are ranked, then filtered.
            candidates = limit * 25 if sources else limit
            where, values = _from_sources(sources, "WHERE")
            rows = self.conn.execute(
                f"WITH top AS (SELECT rowid AS id, rank AS score FROM passage_words WHERE passage_words MATCH ? "
                f"ORDER BY rank LIMIT ?) "
                f"SELECT p.id, f.path, p.page, p.paragraph, p.text, top.score FROM top "
                f"JOIN passages p ON p.id = top.id JOIN files f ON f.id = p.file_id {where} "
                f"ORDER BY top.score LIMIT ?", (query, candidates, *values, limit)).fetchall()
        hits = [Hit(*row) for row in rows]
        if not hits or hits[0].score > -MEANINGFUL_SCORE:
            return []
        return [hit for hit in hits if hit.score <= hits[0].score * RELEVANT_SHARE]
