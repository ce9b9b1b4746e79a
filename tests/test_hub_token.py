"""The Hub token in a real keyring backend (a file in a temporary folder), and what happens without one."""

from __future__ import annotations

import keyring
import keyring.backends.fail
import pytest
from keyring.errors import KeyringLocked
from keyrings.alt.file import PlaintextKeyring

from assistant.core.hub.token import BadToken, TokenStore, check_token
from test_api_ui import ForgetfulKeyring

TOKEN = "hf_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"


def test_token_is_kept_in_the_keyring_across_sessions(tmp_path):
    store = TokenStore()
    assert store.persistent and store.problem is None
    assert store.set(f"  {TOKEN}\n") is True
    assert TokenStore().get() == TOKEN  # a new session finds it
    assert "huggingface_2dtoken" in (tmp_path / "xdg-data" / "test-keyring.cfg").read_text()  # the backend's file
    store.clear()
    assert TokenStore().get() is None


def test_without_a_keyring_the_token_lives_only_for_the_session(tmp_path):
    keyring.set_keyring(keyring.backends.fail.Keyring())
    store = TokenStore()
    assert not store.persistent and "only until you quit" in store.problem
    assert store.set(TOKEN) is False
    assert store.get() == TOKEN
    assert TokenStore().get() is None  # nothing was written anywhere
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert TOKEN.encode() not in path.read_bytes(), path


def test_a_keyring_that_forgets_is_found_out_and_the_token_kept_for_the_session():
    keyring.set_keyring(ForgetfulKeyring())  # says yes and keeps nothing
    store = TokenStore()
    assert store.set(TOKEN) is False and store.get() == TOKEN
    assert not store.persistent and "did not keep the token" in store.problem and TOKEN not in store.problem


class _LockedKeyring(PlaintextKeyring):
    """A file keyring that refuses like a locked Secret Service does."""

    def get_password(self, service, username):
        raise KeyringLocked("the collection is locked")

    def set_password(self, service, username, password):
        raise KeyringLocked("the collection is locked")


def test_locked_keyring_falls_back_to_the_session_and_says_why(tmp_path):
    locked = _LockedKeyring()
    locked.file_path = str(tmp_path / "locked.cfg")
    keyring.set_keyring(locked)
    store = TokenStore()
    assert store.get() is None
    assert store.set(TOKEN) is False
    assert store.get() == TOKEN
    assert "KeyringLocked" in store.problem and TOKEN not in store.problem


@pytest.mark.parametrize("bad", ["", "   ", "hf_abc def", "hf_abc\nX-Injected: 1", "hf_é"])
def test_malformed_tokens_are_refused(bad):
    with pytest.raises(BadToken):
        check_token(bad)
