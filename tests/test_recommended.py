"""The recommended models: today's models by memory tier, each checked against a stored copy of its Hub page."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from assistant.core.library.recommended import Recommendation, chat_models, recommendations


def test_every_entry_names_where_it_was_checked_and_what_it_can_do():
    data = json.loads(resources.files("assistant.resources").joinpath("recommended_models.json").read_text("utf-8"))
    assert data["checked"]
    entries = recommendations()
    assert {entry.tier for entry in entries} == {"small", "medium", "large", "documents"}
    for entry in entries:
        assert entry.source.startswith("https://"), entry.title
        assert entry.repo_id.split("/")[1] in entry.source or entry.file in entry.source or "copy" in entry.source
        assert entry.thinking in ("", "switchable", "always")
        assert entry.file.endswith(".gguf") and entry.size_gb > 0
    # For chat, writing and Chinese-English translation in every tier, thinking and not.
    for tier in ("small", "medium", "large"):
        uses = {use for entry in entries if entry.tier == tier for use in entry.uses}
        assert {"chat", "translation"} <= uses, tier
    assert any(entry.thinking for entry in entries) and any(not entry.thinking for entry in entries)
    assert any(entry.vision for entry in entries)
    # Multilingual embedding models for the documents, which never show up as something to chat with.
    embedders = [entry for entry in entries if entry.tier == "documents"]
    assert {entry.title for entry in embedders} == {"BGE-M3", "Qwen3-Embedding 0.6B"}
    assert all(entry.uses == ("documents",) for entry in embedders)


@pytest.mark.parametrize("retired", ["Qwen/Qwen2.5-1.5B-Instruct-GGUF", "bartowski/gemma-2-27b-it-GGUF"])
def test_the_2024_catalogue_is_gone(retired):
    assert retired not in [entry.repo_id for entry in recommendations()]


def test_a_first_model_is_one_that_can_chat():
    """The welcome offers these: an embedding model would leave a new user with nothing to chat with."""
    offered = chat_models()
    assert offered and all("chat" in entry.uses for entry in offered)
    assert not {"BGE-M3", "Qwen3-Embedding 0.6B"} & {entry.title for entry in offered}
    assert [e for e in recommendations() if e not in offered] == [
        e for e in recommendations() if e.tier == "documents" or e.uses == ("translation",)]
    embedder = next(entry for entry in recommendations() if entry.tier == "documents")
    assert chat_models([embedder, offered[0]]) == [offered[0]]  # of a list given too


def test_a_chat_model_is_one_whose_uses_include_chat():
    """The catalogue decides what can be chatted with: the welcome and its choice of a first model ask it."""
    entries = recommendations()
    assert [entry.title for entry in entries if not entry.chats] == [
        "Hy-MT2 1.8B", "Hy-MT2 7B", "BGE-M3", "Qwen3-Embedding 0.6B"]
    translator = Recommendation("small", "Small", "Translator", "a/b", "x-Q4_K_M.gguf", 1.0, ("translation",), "", "")
    assert not translator.chats  # translates only: not a first chat model either
    assert chat_models([translator, *entries]) == [entry for entry in entries if entry.chats]


def test_translation_and_chinese_models_with_their_licences_and_names_on_modelscope():
    """Issue 36: models made for translation beside today's Chinese-strong chat models; each entry names its
    licence, and its repository on ModelScope where users who cannot reach the Hub download it."""
    entries = {entry.title: entry for entry in recommendations()}
    assert all(entry.licence for entry in entries.values())
    translators = [entry for entry in entries.values() if entry.uses == ("translation",)]
    assert {entry.tier for entry in translators} == {"small", "medium"}  # one for every computer
    for entry in translators:
        assert entry.repo_id.startswith("tencent/Hy-MT2-") and entry.licence == "Apache-2.0"
        assert entry.modelscope_repo == "Tencent-Hunyuan/" + entry.repo_id.split("/")[1]  # another owner there
    assert {"Qwen3.5 4B", "Qwen3.5 9B", "GLM-4.7 Flash"} <= set(entries)
    assert entries["GLM-4.7 Flash"].licence == "MIT" and entries["GLM-4.7 Flash"].tier == "large"
    assert entries["Qwen3.5 4B"].vision and entries["Qwen3.5 4B"].thinking == "switchable"
    assert entries["Qwen3.5 9B"].licence_text() == "Licence: Apache-2.0"
