"""Drafts and their versions in a real SQLite file, the v1 → v2 migration, custom actions and prompts."""

from __future__ import annotations

import sqlite3

from assistant.core.storage import database
from assistant.core.storage.database import connect
from assistant.core.writing.drafting import (
    Brief,
    action_messages,
    add_custom_action,
    ask_messages,
    built_in_actions,
    compose_messages,
    custom_actions,
    remove_custom_action,
)
from assistant.core.storage.drafts import MAX_VERSIONS, Drafts
from assistant.core.storage.history import History
from assistant.core.storage.settings import Settings


def test_drafts_autosave_versions_and_survive_reopening(tmp_path):
    path = tmp_path / "db.sqlite3"
    drafts = Drafts(connect(path))
    draft = drafts.create("# Launch note\n\nFirst words.")
    drafts.save(draft.id, "# Launch note\n\nFirst words, and more.")
    drafts.add_version(draft.id, "# Launch note\n\nBetter words.", "Accepted: Rewrite")
    reopened = Drafts(connect(path))
    [again] = reopened.list()
    assert again.title == "Launch note" and again.content.endswith("and more.")
    assert [(v.note, v.content.splitlines()[-1]) for v in reopened.versions(draft.id)] == [
        ("Accepted: Rewrite", "Better words."), ("Created", "First words.")]
    reopened.delete(draft.id)
    assert reopened.list() == [] and reopened.versions(draft.id) == []


def test_old_versions_are_pruned_but_the_first_is_kept(tmp_path):
    drafts = Drafts(connect(tmp_path / "db.sqlite3"))
    draft = drafts.create("v0")
    for i in range(1, MAX_VERSIONS + 20):
        drafts.add_version(draft.id, f"v{i}", "edit")
    versions = drafts.versions(draft.id)
    assert len(versions) == MAX_VERSIONS
    assert versions[0].content == f"v{MAX_VERSIONS + 19}" and versions[-1].content == "v0"


def test_a_version_1_database_gains_drafts_and_keeps_its_history(tmp_path, monkeypatch):
    path = tmp_path / "db.sqlite3"
    monkeypatch.setattr(database, "MIGRATIONS", database.MIGRATIONS[:1])
    monkeypatch.setattr(database, "SCHEMA_VERSION", 1)
    old = connect(path)
    conversation = old.execute("INSERT INTO conversations (title, created_at, updated_at) VALUES (x'', 0, 0)").lastrowid
    message = old.execute("INSERT INTO messages (conversation_id, role, content, created_at) VALUES (?, 'user', ?, 0)",
                          (conversation, b"Keep me")).lastrowid
    old.execute("UPDATE conversations SET current_leaf_id = ? WHERE id = ?", (message, conversation))
    old.close()
    monkeypatch.undo()
    conn = connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == database.SCHEMA_VERSION
    assert [m.content for m in History(conn).thread(conversation)] == ["Keep me"]
    assert Drafts(conn).create("new").content == "new"
    backup = sqlite3.connect(tmp_path / "db.sqlite3.v1.bak")
    assert backup.execute("PRAGMA user_version").fetchone()[0] == 1


def test_custom_actions_are_stored_as_data(tmp_path):
    settings = Settings(connect(tmp_path / "db.sqlite3"))
    action = add_custom_action(settings, "Legal English", "Rewrite the text in precise legal English.")
    assert [a.label for a in custom_actions(Settings(settings.conn))] == ["Legal English"]
    messages = action_messages(action, "We will pay soon.")
    assert messages[1]["content"].startswith("Rewrite the text in precise legal English.")
    assert messages[1]["content"].endswith("Text:\nWe will pay soon.")
    remove_custom_action(settings, action)
    assert custom_actions(settings) == []


def test_every_built_in_action_and_prompt_is_filled():
    labels = {a.id: a.label for a in built_in_actions()}
    assert {"proofread", "rewrite", "shorten", "expand", "tone_formal", "tone_friendly", "tone_confident",
            "tone_plain", "summarize", "key_points", "continue"} <= set(labels)
    compose = compose_messages(Brief("email", "friendly", "short", "a colleague", "en",
                                     "Thank Ana for the {report}."))[1]["content"]
    assert "Write an email in English." in compose and "about 100 words" in compose and "{report}" in compose
    ask = ask_messages("The launch is on May 4.", "When is the launch?")[1]["content"]
    assert "The launch is on May 4." in ask and ask.endswith("When is the launch?")
