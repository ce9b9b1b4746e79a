"""A keyring that is a plain file is no keyring: keyrings.alt's file backends, which the keyring package falls back
on where they are installed, write secrets in plain text or base64. Unless the user chose one, Hearth keeps its
secrets (API token, server keys, Hub token) for the session and says so; nothing reaches the file."""

from __future__ import annotations

from pathlib import Path

from assistant.core.api import api_token
from assistant.core.engines.remote.server_keys import server_key, set_server_key
from assistant.core.hub.token import TokenStore
from assistant.core.storage import keyring_backend

TEST_KEYRING = "test-keyring.cfg"  # conftest's file backend, in this test's data folder


def test_a_file_backend_the_user_did_not_choose_keeps_nothing(monkeypatch, isolated_data_home):
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)  # as keyring finds it by itself, not chosen
    assert not keyring_backend.usable()
    token, kept = api_token.new_token()
    assert not kept
    assert not set_server_key("http://127.0.0.1:9", "sk-secret-key")
    assert server_key("http://127.0.0.1:9") == "sk-secret-key"  # for this session
    store = TokenStore()
    assert not store.persistent and store.problem
    keyring_file = Path(isolated_data_home) / TEST_KEYRING
    assert not keyring_file.exists() or token not in keyring_file.read_text()


def test_a_file_backend_the_user_chose_is_used(isolated_data_home):
    # conftest chooses it, in PYTHON_KEYRING_BACKEND, as a user may
    assert keyring_backend.usable()
    token, kept = api_token.new_token()
    assert kept and api_token.stored_token() == token
