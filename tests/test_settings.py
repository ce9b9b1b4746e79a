"""Typed settings: each concern's group reads its keys with their types, on a real database file."""

from __future__ import annotations

from dataclasses import fields

from assistant.core.storage import settings as settings_module
from assistant.core.storage.database import connect
from assistant.core.storage.settings import (
    ApiChoices,
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
