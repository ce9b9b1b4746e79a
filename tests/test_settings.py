"""Typed settings: each concern's group reads its keys with their types, on a real database file."""

from __future__ import annotations

from dataclasses import fields

from assistant.core.storage import settings as settings_module
from assistant.core.storage.database import connect
from assistant.core.storage.settings import (
    ApiChoices,
    Appearance,
    HubChoices,
    ModelSettings,
    Sampling,
    Settings,
    TaskModels,
    WindowRecord,
)


def open_settings(tmp_path) -> Settings:
    return Settings(connect(tmp_path / "history.db"))


def test_a_group_reads_its_defaults_then_what_was_written(tmp_path):
    settings = open_settings(tmp_path)
    assert settings.read(ApiChoices) == ApiChoices(enabled=False, port=8765, network=False, origins=[])
    settings.update(ApiChoices, enabled=True, port=8800, origins=["https://example.org"])
    reopened = open_settings(tmp_path)
    assert reopened.read(ApiChoices) == ApiChoices(enabled=True, port=8800, network=False,
                                                   origins=["https://example.org"])


def test_a_value_of_the_wrong_type_reads_as_the_default_and_none_deletes(tmp_path):
    settings = open_settings(tmp_path)
    settings.set("api_port", "eighty")  # as an older or hand-edited database might hold
    settings.set("welcome_done", 1)
    settings.set("offline", "yes")
    assert settings.read(ApiChoices).port == 8765
    assert settings.read(HubChoices).offline is False
    settings.update(TaskModels, chat="/models/a.gguf")
    assert settings.read(TaskModels).chat == "/models/a.gguf"
    settings.update(TaskModels, chat=None)
    assert settings.read(TaskModels).chat is None
    assert settings.get("task_model:chat") is None
    assert settings.read(WindowRecord) == WindowRecord(state={}, welcome_done=False)


def test_every_key_is_declared_once():
    keys = [item.metadata["key"] for group in vars(settings_module).values()
            if isinstance(group, type) and group.__module__ == settings_module.__name__
            and "__dataclass_fields__" in vars(group) and group is not ModelSettings and group is not Sampling
            for item in fields(group)]
    assert len(keys) >= 15
    assert len(keys) == len(set(keys)), keys


def test_a_models_settings_share_the_sampling_fields_and_keep_old_rows(tmp_path):
    settings = open_settings(tmp_path)
    settings.set("model:/m.gguf", {"temperature": 0.2, "seed": 7, "retired_field": 1})
    chosen = settings.model_settings("/m.gguf")
    assert (chosen.temperature, chosen.seed, chosen.top_k) == (0.2, 7, 40)
    assert set(chosen.sampling()) == {f.name for f in fields(Sampling)}


def test_a_conversations_document_choice_moves_to_its_own_table_and_goes_with_it(tmp_path):
    """A version-8 database kept each chat's document choice among the settings; the migration moves them, and
    deleting the conversation now deletes its choice."""
    import sqlite3

    from assistant.core.storage import database
    from assistant.core.storage.history import DocumentsChoice, History

    path = tmp_path / "history.db"
    old = sqlite3.connect(path, isolation_level=None)
    database.migrate(old, 0, database.MIGRATIONS[:8])
    for conversation_id in (1, 2):
        old.execute("INSERT INTO conversations (id, title, created_at, updated_at) VALUES (?, 'chat', 0, 0)",
                    (conversation_id,))
    old.execute("""INSERT INTO settings VALUES ('chat_documents:1', '{"on": true, "sources": ["/docs/a.pdf"]}'),
                                               ('chat_documents:2', '{"on": false, "sources": null}'),
                                               ('chat_documents:99', '{"on": true, "sources": null}'),
                                               ('theme', '"dark"')""")

    old.close()

    history = History(database.connect(path))
    assert history.documents_choice(1) == DocumentsChoice(True, ["/docs/a.pdf"])
    assert history.documents_choice(2) == DocumentsChoice(False, None)
    assert history.documents_choice(99) is None  # its conversation was gone already
    settings = Settings(history.conn)
    assert settings.get("chat_documents:1") is None and settings.read(Appearance).theme == "dark"
    history.set_documents_choice(2, DocumentsChoice(True, None))
    assert history.documents_choice(2) == DocumentsChoice(True, None)
    history.delete_conversation(1)
    assert history.documents_choice(1) is None
    assert history.conn.execute("SELECT COUNT(*) FROM conversation_documents").fetchone()[0] == 1


def test_no_module_reads_or_writes_a_setting_by_a_raw_key():
    """Keys live in one place: outside core/storage/settings.py a setting is read and written through its typed
    group (or a family's accessor), never as ``settings.get("some_key")``."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "assistant"
    raw = re.compile(r"settings\.(get|set|delete)\(")
    offenders = [f"{path.relative_to(root)}:{number}" for path in root.rglob("*.py")
                 if path != root / "core" / "storage" / "settings.py"
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
                 if raw.search(line)]
    assert offenders == []
