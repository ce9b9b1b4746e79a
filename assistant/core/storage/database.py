"""The app's SQLite file: opening it safely, the schema, and migrations.

History is the one thing users cannot get back, so this module never resets or rewrites a database it does not
understand: a damaged file or one from a newer version raises :class:`DatabaseError` with a plain explanation,
and a migration always copies the file first (SQLite's backup API, safe on a live file).
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from assistant.core.i18n import translate
from assistant.core.storage.search_text import index_form


def pack_text(text: str) -> bytes:
    """Encode text for storage. Lone surrogates and NUL survive, which plain TEXT binding would reject or cut."""
    return text.encode("utf-8", "surrogatepass")


def unpack_text(raw: bytes | str | None) -> str:
    if raw is None:
        return ""
    if isinstance(raw, str):
        return raw
    return bytes(raw).decode("utf-8", "surrogatepass")


def searchable(text: str) -> str:
    """Text as the message index holds it: Chinese as character pairs (see search_text), and nothing a TEXT value
    cannot carry. Messages themselves stay bytes, which keep every character exactly; the index is a derived copy."""
    return index_form(text.encode("utf-8", "replace").decode("utf-8").replace("\0", " "))


def _conversation_documents(conn: sqlite3.Connection) -> None:
    """Each conversation's use of the documents, once kept among the settings (``chat_documents:{id}``), gets a
    table of its own: deleting a conversation now deletes it too. Choices of conversations already gone are
    dropped; every other one is moved as it was."""
    conn.execute("""
        CREATE TABLE conversation_documents (
            conversation_id INTEGER PRIMARY KEY REFERENCES conversations(id) ON DELETE CASCADE,
            use_documents INTEGER NOT NULL,
            sources TEXT  -- a JSON list of the sources chosen; NULL: all of them
        )""")
    rows = conn.execute("SELECT key, value FROM settings WHERE key LIKE 'chat_documents:%'").fetchall()
    for key, value in rows:
        try:
            conversation_id, choice = int(key.split(":", 1)[1]), json.loads(value)
        except (ValueError, json.JSONDecodeError):
            continue
        if not isinstance(choice, dict):
            continue
        sources = choice.get("sources")
        conn.execute(
            "INSERT INTO conversation_documents (conversation_id, use_documents, sources) "
            "SELECT id, ?, ? FROM conversations WHERE id = ?",
            (bool(choice.get("on")), json.dumps(sources) if isinstance(sources, list) else None, conversation_id))
    conn.execute("DELETE FROM settings WHERE key LIKE 'chat_documents:%'")


def _index_messages(conn: sqlite3.Connection) -> None:
    """6: every message's text becomes searchable (chat search), in an FTS5 table whose rowid is the message's id.
    The messages are read, never rewritten, so the migration cannot lose one."""
    conn.execute("CREATE VIRTUAL TABLE message_search USING fts5(body, tokenize='unicode61 remove_diacritics 2')")
    # Deleting a conversation removes its messages by cascade; the trigger keeps the index in step.
    conn.execute("CREATE TRIGGER message_search_forget AFTER DELETE ON messages "
                 "BEGIN DELETE FROM message_search WHERE rowid = old.id; END")
    rows = conn.execute("SELECT id, content FROM messages").fetchall()
    conn.executemany("INSERT INTO message_search (rowid, body) VALUES (?, ?)",
                     ((row[0], searchable(unpack_text(row[1]))) for row in rows))


# Each entry moves the schema from version N-1 to N: SQL, or a function for a step that needs Python. Never edit a
# shipped entry; append a new one.
MIGRATIONS: list[str | Callable[[sqlite3.Connection], None]] = [
    # 1: conversations as trees of messages (edits and regenerations are siblings), settings, recent models.
    """
    CREATE TABLE conversations (
        id INTEGER PRIMARY KEY,
        title BLOB NOT NULL,
        system_prompt BLOB NOT NULL DEFAULT x'',
        current_leaf_id INTEGER,
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL
    );
    CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        parent_id INTEGER REFERENCES messages(id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
        content BLOB NOT NULL,
        status TEXT NOT NULL DEFAULT 'complete'
            CHECK (status IN ('complete', 'streaming', 'interrupted', 'stopped', 'failed')),
        error TEXT,
        model TEXT,
        created_at REAL NOT NULL,
        prompt_tokens INTEGER,
        generated_tokens INTEGER,
        ttft_ms REAL,
        tokens_per_s REAL,
        context_dropped INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX messages_by_conversation ON messages(conversation_id, parent_id);
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE recent_models (
        path TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        architecture TEXT NOT NULL,
        quantization TEXT NOT NULL,
        size_bytes INTEGER NOT NULL,
        context_length INTEGER,
        last_used REAL NOT NULL
    );
    """,
    # 2: drafts with their versions (every accepted change), and translations.
    """
    CREATE TABLE drafts (
        id INTEGER PRIMARY KEY,
        title BLOB NOT NULL,
        content BLOB NOT NULL,
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL
    );
    CREATE TABLE draft_versions (
        id INTEGER PRIMARY KEY,
        draft_id INTEGER NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
        content BLOB NOT NULL,
        note TEXT NOT NULL,
        created_at REAL NOT NULL
    );
    CREATE INDEX draft_versions_by_draft ON draft_versions(draft_id, id);
    CREATE TABLE translations (
        id INTEGER PRIMARY KEY,
        source_language TEXT NOT NULL,
        target_language TEXT NOT NULL,
        source BLOB NOT NULL,
        target BLOB NOT NULL,
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL
    );
    """,
    # 3: a reply's thinking, kept apart from its answer, and how long the model thought.
    """
    ALTER TABLE messages ADD COLUMN thinking BLOB NOT NULL DEFAULT x'';
    ALTER TABLE messages ADD COLUMN thinking_seconds REAL;
    """,
    # 4: the files and folders the user gave to ask questions of. Their index is derived data, in a file of its own
    # (core/documents/index.py); this list is what it is made again from.
    """
    CREATE TABLE document_sources (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        added_at REAL NOT NULL
    );
    """,
    # 5: the passages a reply was given, numbered as it cites them (JSON), so its sources can be opened later.
    """
    ALTER TABLE messages ADD COLUMN sources TEXT NOT NULL DEFAULT '';
    """,
    _index_messages,
    # 7: Translation as it was left, so it survives a restart: the pane's texts, languages and register, and the
    # place of a translation that has not finished (its job as JSON; empty once done), in the pane and in each
    # history entry, so Resume goes on from there. Entries written before are finished ones.
    """
    ALTER TABLE translations ADD COLUMN job BLOB NOT NULL DEFAULT x'';
    CREATE TABLE translation_workspace (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        source BLOB NOT NULL,
        target BLOB NOT NULL,
        source_language TEXT NOT NULL,
        target_language TEXT NOT NULL,
        formality TEXT NOT NULL,
        job BLOB NOT NULL DEFAULT x'',
        history_id INTEGER,
        updated_at REAL NOT NULL
    );
    """,
    # 8: what start-up reads, by index, so that it does not grow with the history: the newest conversations (the
    # first page of the list) and the replies a crash left streaming (a partial index holds only those, so it costs
    # nothing to keep). Without them a start read every message and sorted every conversation.
    """
    CREATE INDEX conversations_by_update ON conversations(updated_at, id);
    CREATE INDEX messages_streaming ON messages(id) WHERE status = 'streaming';
    """,
    # 9: what belongs to one conversation lives with the conversations, not among the settings.
    _conversation_documents,
    # 10: the images a message was sent with, in order, by the sha256 that names each file in the image store
    # (core/images/image_store); the index finds whether anything still uses an image before its file is removed.
    # A reply's notes (JSON list): what the user is told about how it was asked, such as the text of an image read
    # for a model that cannot see pictures.
    """
    CREATE TABLE message_images (
        message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        PRIMARY KEY (message_id, position)
    ) WITHOUT ROWID;
    CREATE INDEX message_images_by_image ON message_images(sha256);
    ALTER TABLE messages ADD COLUMN notes TEXT NOT NULL DEFAULT '';
    """,
    # 11: whole files in translation (core/writing/file_translation_store): one row per file and target language,
    # found again by the file's sha256 (moved or renamed, it is the same file), and each segment's translation as it
    # is done, so a translation stopped or killed goes on at the first segment without one. The segments' source
    # text is the file's: it is read again, not kept twice.
    """
    CREATE TABLE file_translations (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        kind TEXT NOT NULL,
        source_language TEXT NOT NULL,
        target_language TEXT NOT NULL,
        formality TEXT NOT NULL DEFAULT 'default',
        segments INTEGER NOT NULL,
        output TEXT NOT NULL DEFAULT '',
        bilingual INTEGER NOT NULL DEFAULT 0,
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL
    );
    CREATE INDEX file_translations_by_file ON file_translations(sha256, target_language);
    CREATE TABLE file_segments (
        translation_id INTEGER NOT NULL REFERENCES file_translations(id) ON DELETE CASCADE,
        number INTEGER NOT NULL,
        translation TEXT NOT NULL,
        edited INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (translation_id, number)
    ) WITHOUT ROWID;
    """,
    # 12: tools in Chat. A reply's tool steps (JSON list: each call the model wrote, what the user decided and what
    # the tool answered), saved as they happen; the tools each conversation may use (off until switched on: which
    # tools, NULL for all, and the files the user picked for it to read); and the user's "Always allow" grants, each
    # bound to the fingerprint of one tool as it was shown (its server, name, description and schema), so a tool
    # that changes is asked about again.
    """
    ALTER TABLE messages ADD COLUMN tool_steps TEXT NOT NULL DEFAULT '[]';
    CREATE TABLE conversation_tools (
        conversation_id INTEGER PRIMARY KEY REFERENCES conversations(id) ON DELETE CASCADE,
        enabled INTEGER NOT NULL,
        tools TEXT,
        files TEXT NOT NULL DEFAULT '[]'
    );
    CREATE TABLE tool_grants (
        fingerprint TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        source TEXT NOT NULL,
        granted_at REAL NOT NULL
    );
    """,
    # 13: the learner's recurring mistakes (core/storage/mistakes.py), kept only when the user switches it on: each
    # correction accepted from Drafting's Feedback, with the sentence it was found in. A mistake outlives its draft
    # (it is the learner's record, not the draft's), so a deleted draft only unlinks it.
    """
    CREATE TABLE writing_mistakes (
        id INTEGER PRIMARY KEY,
        language TEXT NOT NULL,
        category TEXT NOT NULL,
        original TEXT NOT NULL,
        corrected TEXT NOT NULL,
        explanation TEXT NOT NULL DEFAULT '',
        example TEXT NOT NULL DEFAULT '',
        context TEXT NOT NULL DEFAULT '',
        draft_id INTEGER REFERENCES drafts(id) ON DELETE SET NULL,
        noted_at REAL NOT NULL
    );
    CREATE INDEX writing_mistakes_by_language ON writing_mistakes(language, category);
    """,
    # 14: each conversation's switch for the user's profile (core/writing/profile.py) in its system prompt: on, so
    # a profile once filled in applies to the conversations there are, until one is switched off.
    "ALTER TABLE conversations ADD COLUMN profile_on INTEGER NOT NULL DEFAULT 1;",
]
SCHEMA_VERSION = len(MIGRATIONS)


class DatabaseError(Exception):
    """The database cannot be used as it is. The message says what happened and that nothing was changed."""


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) and migrate the database at ``path``.

    The whole file is checked before a migration rewrites it, not at every start: reading all of a lived-in history
    took a quarter of start-up, so the window checks it on a thread once it is up (``IntegrityCheck``). A start-up
    read that meets a damaged page raises ``sqlite3.DatabaseError``, which the window reports with ``unreadable``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    existed = path.exists() and path.stat().st_size > 0
    try:
        conn = sqlite3.connect(path, timeout=5.0, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise DatabaseError(translate("Database", "The history database {path} cannot be opened ({error}). Nothing "
                                                  "was changed.").format(path=path, error=exc)) from exc
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise DatabaseError(translate(
                "Database", "The history database {path} was written by a newer version of the app (schema "
                            "{version}, this version knows {known}). It was not changed; please update the app.")
                .format(path=path, version=version, known=SCHEMA_VERSION))
        if existed and version < SCHEMA_VERSION:  # a migration never rewrites a damaged file
            problem = conn.execute("PRAGMA quick_check").fetchone()[0]
            if problem != "ok":
                raise DatabaseError(damaged(path, problem))
        conn.execute("PRAGMA journal_mode = WAL")
        # WAL + NORMAL survives an app crash or kill -9 with every commit intact; only a power cut can lose the
        # last moments, never corrupt the file.
        conn.execute("PRAGMA synchronous = NORMAL")
        if version < SCHEMA_VERSION:
            if existed and version > 0:
                backup(conn, path.with_name(f"{path.name}.v{version}.bak"))
            migrate(conn, version)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise DatabaseError(unreadable(path, exc)) from exc
    except BaseException:
        conn.close()
        raise
    return conn


def damaged(path: Path, problem: str) -> str:
    return translate("Database", "The history database {path} is damaged ({error}). It was left exactly as it is; "
                                 "move it aside to start with an empty history, or restore a backup.").format(
        path=path, error=problem)


def unreadable(path: Path, error: object) -> str:
    return translate("Database", "The history database {path} cannot be read ({error}). It was left exactly as it "
                                 "is; move it aside to start with an empty history, or restore a backup.").format(
        path=path, error=error)


class IntegrityCheck:
    """Reads the whole file and checks it (``PRAGMA quick_check``) on a read-only connection of its own, while the
    app goes on using the file: seconds on a large history, so the window runs it on a thread after start-up.
    ``stop`` (from any thread) interrupts it; ``run`` then answers None, as it does for a sound file."""

    def __init__(self, path: Path):
        self.path = path
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._stopped = False

    def run(self) -> str | None:
        """What is wrong, for the user, or None."""
        with self._lock:
            if self._stopped:
                return None
            try:
                conn = self._conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True,
                                                    timeout=5.0, check_same_thread=False)
            except sqlite3.Error as exc:
                return unreadable(self.path, exc)
        try:
            problem = conn.execute("PRAGMA quick_check").fetchone()[0]
        except sqlite3.Error as exc:
            problem = str(exc)
        finally:
            with self._lock:
                self._conn = None
                conn.close()
        if problem == "ok" or self._stopped:
            return None
        return translate("Database", "The history database {path} is damaged ({error}). Conversations in the "
                                     "damaged part may not open or save. Export the chats you need (File › Export "
                                     "all chats), then quit and move the file aside to start with an empty history, "
                                     "or restore a backup.").format(path=self.path, error=problem)

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            if self._conn is not None:
                self._conn.interrupt()


def backup(conn: sqlite3.Connection, target: Path) -> Path:
    """Copy a live database consistently; a plain file copy of a WAL database can be corrupt."""
    if target.exists():
        target = target.with_name(f"{target.name}.{int(time.time())}")
    with sqlite3.connect(target) as dest:
        conn.backup(dest)
    dest.close()
    return target


def back_up_to(database: Path, target: Path) -> int:
    """The user's backup: ``database`` copied whole to ``target`` (replaced if it exists) through SQLite's backup
    API, in a connection of its own (a worker thread's), written beside the target first so a failed copy leaves
    no half file. Everything the app keeps in it comes along (conversations, drafts, translations, settings with
    the profiles, the recurring mistakes, the documents' index); secrets stay in the keyring, and models and chat
    pictures are files of their own. Its size in bytes."""
    partial = target.with_name(f".{target.name}.partial")
    source = sqlite3.connect(database, timeout=5.0)
    try:
        with closing(sqlite3.connect(partial)) as dest:
            source.backup(dest)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        source.close()
    return target.stat().st_size


def migrate(conn: sqlite3.Connection, current: int,
            migrations: list[str | Callable[[sqlite3.Connection], None]] | None = None) -> None:
    """Up to the last of ``migrations`` (the history's by default), each in its own transaction."""
    migrations = MIGRATIONS if migrations is None else migrations
    target = SCHEMA_VERSION if migrations is MIGRATIONS else len(migrations)
    for version in range(current + 1, target + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            step = migrations[version - 1]
            if callable(step):
                step(conn)
            else:
                for statement in _split_statements(step):
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def _split_statements(script: str) -> list[str]:
    """Split a migration into statements, so it runs inside our transaction (executescript would commit first)."""
    statements, pending = [], ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            if pending.strip():
                statements.append(pending.strip())
            pending = ""
    if pending.strip():
        statements.append(pending.strip())
    return statements
