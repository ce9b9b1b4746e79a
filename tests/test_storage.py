"""History in a real SQLite file: schema versions, migrations with backups, branches, Unicode, refusals."""

from __future__ import annotations

import sqlite3

import pytest

from assistant.core.storage import database
from assistant.core.storage.database import SCHEMA_VERSION, DatabaseError, connect
from assistant.core.storage.history import INTERRUPTED, STREAMING, History
from assistant.core.storage.paths import database_path
from assistant.core.storage.settings import ModelSettings, Settings


def test_database_lives_in_the_xdg_data_folder(isolated_data_home):
    assert database_path().is_relative_to(isolated_data_home)
    conn = connect(database_path())
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_migration_backs_up_first_and_keeps_every_conversation(tmp_path, monkeypatch):
    path = tmp_path / "history.sqlite3"
    conn = connect(path)
    history = History(conn)
    ids = [history.create_conversation(f"chat {i}") for i in range(3)]
    history.add_message(ids[0], None, "user", "kept through the migration")
    conn.close()

    monkeypatch.setattr(database, "MIGRATIONS", database.MIGRATIONS + [
        "ALTER TABLE conversations ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;"
    ])
    monkeypatch.setattr(database, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    conn = connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    assert conn.execute("SELECT COUNT(*) FROM conversations WHERE pinned = 0").fetchone()[0] == 3
    assert History(conn).thread(ids[0])[0].content == "kept through the migration"

    backup = tmp_path / f"history.sqlite3.v{SCHEMA_VERSION}.bak"
    old = sqlite3.connect(backup)
    assert old.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert old.execute("SELECT COUNT(*) FROM conversations").fetchone()[0] == 3
    assert old.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_database_from_a_newer_version_is_refused_untouched(tmp_path):
    path = tmp_path / "history.sqlite3"
    connect(path).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="newer version"):
        connect(path)
    assert path.read_bytes() == before


def _scribble(path, table: str) -> bytes:
    """Overwrite a leaf page of ``table`` with 0xff (found through SQLite's dbstat): the file's new bytes."""
    conn = sqlite3.connect(path)
    page, size = conn.execute("SELECT pageno, pgsize FROM dbstat WHERE name = ? AND pagetype = 'leaf' "
                              "ORDER BY pageno LIMIT 1", (table,)).fetchone()
    conn.close()
    data = bytearray(path.read_bytes())
    data[(page - 1) * size: page * size] = b"\xff" * size
    path.write_bytes(bytes(data))
    return bytes(data)


def _history_file(path, conversations: int = 200):
    conn = connect(path)
    history = History(conn)
    for i in range(conversations):
        conversation = history.create_conversation(f"conversation {i} " + "x" * 200)
        history.add_message(conversation, None, "user", f"question {i} " + "words " * 100)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def test_a_damaged_database_opens_untouched_and_the_check_says_what_is_wrong(tmp_path):
    """The whole-file check runs after start-up (IntegrityCheck): a start opens a damaged file without writing to
    it; a read that meets the damage fails with an error the window reports; the check finds damage anywhere."""
    path = tmp_path / "history.sqlite3"
    _history_file(path)
    assert database.IntegrityCheck(path).run() is None  # a sound file
    data = _scribble(path, "message_search_data")  # the search index: nothing start-up reads
    conn = connect(path)
    history = History(conn)
    assert history.mark_interrupted_replies() == 0
    assert len(history.list_conversations(limit=100)) == 100
    problem = database.IntegrityCheck(path).run()
    assert "damaged" in problem and str(path) in problem and "Export" in problem
    conn.close()
    assert path.read_bytes() == data

    _scribble(path, "conversations")
    history = History(connect(path))
    with pytest.raises(sqlite3.DatabaseError):
        history.list_conversations()


def test_a_damaged_database_is_never_migrated(tmp_path, monkeypatch):
    path = tmp_path / "history.sqlite3"
    _history_file(path)
    data = _scribble(path, "messages")
    monkeypatch.setattr(database, "MIGRATIONS", database.MIGRATIONS + ["CREATE TABLE later (id INTEGER);"])
    monkeypatch.setattr(database, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(DatabaseError) as caught:
        connect(path)
    assert "damaged" in str(caught.value) and "left exactly as it is" in str(caught.value)
    assert path.read_bytes() == data
    assert not list(tmp_path.glob("*.bak"))


def test_a_stopped_check_answers_nothing(tmp_path):
    path = tmp_path / "history.sqlite3"
    _history_file(path, 3)
    _scribble(path, "message_search_data")
    check = database.IntegrityCheck(path)
    check.stop()  # the app closed before the check began
    assert check.run() is None
    assert database.IntegrityCheck(path).run() is not None


def test_text_survives_intact(tmp_path):
    history = History(connect(tmp_path / "h.sqlite3"))
    samples = [
        "before\x00after",
        "lone \ud800 high and \udfff low surrogates",
        "עברית ומספרים 123 mixed with English",
        "مرحبا بالعالم",
        "😀" * 100_000,
        "中文 emoji 👩‍👩‍👧 combining e\u0301",
    ]
    conversation = history.create_conversation("\ud83d broken title \x00")
    parent = None
    for text in samples:
        parent = history.add_message(conversation, parent, "user", text)
    assert [m.content for m in history.thread(conversation)] == samples
    assert history.conversation(conversation).title == "\ud83d broken title \x00"


def test_edits_and_regenerations_are_siblings_and_nothing_is_lost(tmp_path):
    history = History(connect(tmp_path / "h.sqlite3"))
    c = history.create_conversation("branches")
    q1 = history.add_message(c, None, "user", "first question")
    a1 = history.add_message(c, q1, "assistant", "first answer")
    q2 = history.add_message(c, a1, "user", "second question")
    a2 = history.add_message(c, q2, "assistant", "second answer")
    # Regenerate the second answer.
    a2b = history.add_message(c, q2, "assistant", "second answer, again")
    thread = history.thread(c)
    assert [m.content for m in thread][-1] == "second answer, again"
    assert (thread[-1].sibling_index, thread[-1].sibling_count) == (1, 2)
    # Edit the first question: a new branch from the root.
    q1b = history.add_message(c, None, "user", "first question, edited")
    history.add_message(c, q1b, "assistant", "answer to the edit")
    thread = history.thread(c)
    assert [m.content for m in thread] == ["first question, edited", "answer to the edit"]
    assert (thread[0].sibling_index, thread[0].sibling_count) == (1, 2)
    # Back to the first version: its whole subtree, newest reply first, is still there.
    history.show_branch(q1)
    assert [m.content for m in history.thread(c)] == [
        "first question", "first answer", "second question", "second answer, again"]
    history.show_branch(a2)
    assert history.thread(c)[-1].content == "second answer"
    assert history.sibling_ids(a2) == [a2, a2b]


def test_streaming_replies_become_interrupted_at_start_up(tmp_path):
    path = tmp_path / "h.sqlite3"
    history = History(connect(path))
    c = history.create_conversation("crash")
    q = history.add_message(c, None, "user", "tell me a story")
    reply = history.add_message(c, q, "assistant", "", status=STREAMING)
    history.save_reply(reply, "Once upon a", STREAMING)
    history = History(connect(path))  # a new start
    assert history.mark_interrupted_replies() == 1
    message = history.message(reply)
    assert (message.content, message.status) == ("Once upon a", INTERRUPTED)


def test_conversations_can_be_filtered_renamed_and_deleted(tmp_path):
    history = History(connect(tmp_path / "h.sqlite3"))
    a = history.create_conversation("Trip to Lisbon")
    b = history.create_conversation("翻译 notes")
    history.add_message(a, None, "user", "hi")
    assert [s.id for s in history.list_conversations("lisbon")] == [a]
    assert [s.id for s in history.list_conversations("翻译")] == [b]
    history.rename(a, "Trip to Porto")
    assert history.list_conversations("porto")[0].title == "Trip to Porto"
    history.delete_conversation(a)
    assert [s.id for s in history.list_conversations()] == [b]
    assert history.conn.execute("SELECT COUNT(*) FROM messages").fetchone()[0] == 0


def test_settings_round_trip(tmp_path):
    settings = Settings(connect(tmp_path / "h.sqlite3"))
    assert settings.model_settings("/m.gguf") == ModelSettings()
    settings.set_model_settings("/m.gguf", ModelSettings(temperature=0.2, top_p=0.5, max_tokens=64,
                                                         context_length=1024))
    assert settings.model_settings("/m.gguf").max_tokens == 64
    settings.set("last_model", "/m.gguf")
    assert settings.get("last_model") == "/m.gguf"


def test_a_version_2_history_gains_thinking_and_keeps_every_message(tmp_path, monkeypatch):
    path = tmp_path / "v2.sqlite3"
    monkeypatch.setattr(database, "MIGRATIONS", database.MIGRATIONS[:2])
    monkeypatch.setattr(database, "SCHEMA_VERSION", 2)
    old = connect(path)
    conversation = _write_old_conversation(old, "Before thinking", ["潮水退了", "The tide went out."])
    old.close()
    monkeypatch.undo()

    conn = connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    history = History(conn)
    thread = history.thread(conversation)
    assert [(m.role, m.content, m.thinking) for m in thread] == [
        ("user", "潮水退了", ""), ("assistant", "The tide went out.", "")]
    reply = history.add_message(conversation, thread[-1].id, "assistant", "")
    history.save_reply(reply, "Four.", "complete", thinking="二加二……\ud800 four", thinking_seconds=2.5)
    saved = history.message(reply)
    assert (saved.content, saved.thinking, saved.thinking_seconds) == ("Four.", "二加二……\ud800 four", 2.5)
    assert (tmp_path / "v2.sqlite3.v2.bak").exists()


def _write_old_conversation(conn, title, texts):
    """A conversation written as an older version wrote it: plain SQL, user and reply in turn."""
    conversation = conn.execute(
        "INSERT INTO conversations (title, created_at, updated_at) VALUES (?, 0, 0)", (title.encode(),)).lastrowid
    parent = None
    for i, text in enumerate(texts):
        parent = conn.execute(
            "INSERT INTO messages (conversation_id, parent_id, role, content, created_at) VALUES (?, ?, ?, ?, 0)",
            (conversation, parent, "user" if i % 2 == 0 else "assistant", text.encode("utf-8", "surrogatepass")),
        ).lastrowid
    conn.execute("UPDATE conversations SET current_leaf_id = ? WHERE id = ?", (parent, conversation))
    return conversation


def test_a_version_5_history_becomes_searchable_and_keeps_every_message_exactly(tmp_path, monkeypatch):
    path = tmp_path / "v5.sqlite3"
    monkeypatch.setattr(database, "MIGRATIONS", database.MIGRATIONS[:5])
    monkeypatch.setattr(database, "SCHEMA_VERSION", 5)
    old = connect(path)
    texts = ["How high is the tide at Qiantang?", "钱塘江大潮的潮头可达九米。\0 NUL and a lone \ud800 survive",
             "And in autumn?", "Autumn tides are the highest."]
    first = _write_old_conversation(old, "Tides", texts)
    second = _write_old_conversation(old, "Other", ["unrelated", "nothing about water"])
    old.close()
    monkeypatch.undo()

    conn = connect(path)
    history = History(conn)
    assert [m.content for m in history.thread(first)] == texts  # byte for byte, NUL and surrogate included
    assert [hit.text for hit in history.search("tide")] == ["How high is the tide at Qiantang?"]
    assert [hit.text for hit in history.search("tides autumn")] == ["Autumn tides are the highest."]
    chinese = history.search("大潮")
    assert [(hit.conversation_id, hit.conversation_title, hit.role) for hit in chinese] == [(first, "Tides",
                                                                                              "assistant")]
    assert history.search("潮") and history.search("survive")  # one character: a prefix of the pairs
    assert history.search("water")[0].conversation_id == second
    assert history.search("") == [] and history.search("  ？ ") == []

    history.delete_conversation(first)
    assert history.search("tide") == [] and history.search("water")


def test_a_reply_is_found_once_it_ends_and_every_branch_is_searched(tmp_path):
    conn = connect(tmp_path / "h.sqlite3")
    history = History(conn)
    conversation = history.create_conversation()
    question = history.add_message(conversation, None, "user", "Name a river")
    reply = history.add_message(conversation, question, "assistant", "", status=STREAMING)
    history.save_reply(reply, "The Yangtze", STREAMING)
    assert history.search("Yangtze") == []  # still streaming
    history.save_reply(reply, "The Yangtze, 长江", "complete")
    assert [hit.message_id for hit in history.search("长江")] == [reply]
    assert history.search("Yangtze")[0].message_id == reply

    edited = history.add_message(conversation, None, "user", "Name a mountain")  # an edit: a sibling branch
    assert history.thread(conversation)[-1].id == edited
    assert [hit.message_id for hit in history.search("name")] == [edited, question]

    dying = history.add_message(conversation, edited, "assistant", "", status=STREAMING)
    history.save_reply(dying, "Everest was", STREAMING)
    conn.close()
    history = History(connect(tmp_path / "h.sqlite3"))
    assert history.mark_interrupted_replies() == 1
    assert [(hit.message_id, hit.text) for hit in history.search("everest")] == [(dying, "Everest was")]


def test_a_version_6_history_keeps_every_translation_and_can_keep_the_pane(tmp_path, monkeypatch):
    from assistant.core.writing.translation_store import TranslationStore, Workspace

    path = tmp_path / "v6.sqlite3"
    monkeypatch.setattr(database, "MIGRATIONS", database.MIGRATIONS[:6])
    monkeypatch.setattr(database, "SCHEMA_VERSION", 6)
    old = connect(path)
    rows = [("fr", "en", "Bonjour.\0 \ud800", "Hello.", 1.0), ("fr", "en", "Bonjour.\0 \ud800", "Hi.", 2.0),
            ("en", "zh-Hans", "Tide", "潮水", 3.0)]
    for source_language, target_language, source, target, when in rows:  # as version 6 wrote them
        old.execute("INSERT INTO translations (source_language, target_language, source, target, created_at, "
                    "updated_at) VALUES (?, ?, ?, ?, ?, ?)", (source_language, target_language,
                                                              source.encode("utf-8", "surrogatepass"),
                                                              target.encode(), when, when))
    old.close()
    monkeypatch.undo()

    conn = connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert (tmp_path / "v6.sqlite3.v6.bak").exists()
    assert conn.execute("SELECT COUNT(*) FROM translations").fetchone()[0] == 3  # every row kept
    store = TranslationStore(conn)
    # Shown once per text, the newest; none is marked stopped, as nothing was known of their place.
    assert [(e.text, e.translation, e.stopped) for e in store.history()] == [
        ("Tide", "潮水", False), ("Bonjour.\0 \ud800", "Hi.", False)]
    assert store.workspace() is None  # the pane starts empty, as before
    store.save_workspace(Workspace("Tide", "潮水", "auto", "zh-Hans", "default"))
    assert store.workspace().translation == "潮水"


def test_an_automatic_title_ends_at_a_word_or_a_character_with_an_ellipsis():
    from assistant.core.storage.history import chat_title

    assert chat_title("  What is\n the   capital of France?\n") == "What is the capital of France?"
    long = "Please explain carefully how lighthouses guided ships along rocky coasts at night"
    assert chat_title(long) == "Please explain carefully how lighthouses guided…"
    chinese = "请解释一下为什么天空是蓝色的，以及日落时为什么会变成红色和橙色，还有云为什么是白色的呢这个问题很有意思"
    assert chat_title(chinese) == chinese[:47] + "…"  # no spaces: cut between characters
    url = "See https://example.com/" + "a" * 80
    assert chat_title(url) == url[:47] + "…"  # one long word is cut inside it, not left empty
    assert all(len(chat_title(text)) <= 48 for text in (long, chinese, url))


def test_a_version_7_history_gains_the_start_up_indexes_and_keeps_everything(tmp_path, monkeypatch):
    """Migration 8: start-up reads the newest conversations and the replies a crash left streaming by index, so
    what it reads does not grow with the history (docs/performance.md, issue 30)."""
    path = tmp_path / "v7.sqlite3"
    monkeypatch.setattr(database, "MIGRATIONS", database.MIGRATIONS[:7])
    monkeypatch.setattr(database, "SCHEMA_VERSION", 7)
    old = History(connect(path))
    ids = []
    for i in range(5):
        ids.append(old.create_conversation(f"chat {i}"))
        question = old.add_message(ids[-1], None, "user", f"question {i} 长江")
        old.add_message(ids[-1], question, "assistant", f"reply {i}", status="complete" if i else STREAMING)
    old.conn.execute("UPDATE conversations SET updated_at = ? WHERE id = ?", (1e12, ids[2]))  # the newest
    before = [(c.id, c.title) for c in old.list_conversations()]
    old.conn.close()
    monkeypatch.undo()

    conn = connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert (tmp_path / "v7.sqlite3.v7.bak").exists()
    history = History(conn)
    assert [(c.id, c.title) for c in history.list_conversations()] == before
    assert before[0][0] == ids[2]
    assert [m.content for m in history.thread(ids[3])] == ["question 3 长江", "reply 3"]
    assert len(history.search("长江")) == 5
    assert history.mark_interrupted_replies() == 1
    assert history.thread(ids[0])[-1].status == INTERRUPTED
    assert history.mark_interrupted_replies() == 0

    def plan(sql: str) -> str:
        return " ".join(row[-1] for row in conn.execute("EXPLAIN QUERY PLAN " + sql))

    assert "USING INDEX conversations_by_update" in plan(
        "SELECT id, title, updated_at FROM conversations ORDER BY updated_at DESC, id DESC")
    assert "USING INDEX messages_streaming" in plan("SELECT id, content FROM messages WHERE status = 'streaming'")


def test_the_first_page_of_conversations_is_the_newest(tmp_path):
    history = History(connect(tmp_path / "h.sqlite3"))
    ids = [history.create_conversation(f"chat {i}" if i % 3 else f"Lisbon {i}") for i in range(30)]
    history.add_message(ids[4], None, "user", "brought to the top")
    everything = history.list_conversations()
    assert [c.id for c in everything] == [ids[4]] + [i for i in reversed(ids) if i != ids[4]]
    assert history.list_conversations(limit=7) == everything[:7]
    lisbon = history.list_conversations("lisbon")
    assert len(lisbon) == 10 and history.list_conversations("LISBON", limit=3) == lisbon[:3]
    assert history.list_conversations(limit=100) == everything
