"""API keys of remote servers, in the system keyring, one per server address; never in a file or a log.

Scripts and headless set-ups can give the key in ``HEARTH_SERVER_KEY`` instead, which wins over the keyring. Where no
keyring keeps a key (none at all, or one that accepts it and forgets it), the key is kept in memory for this run
only, and the caller says so: a server added with its key must keep working until the app quits.
"""

from __future__ import annotations

import os

import keyring
from keyring.errors import KeyringError

from assistant import APP_ID
from assistant.core.storage import keyring_backend

ENVIRONMENT = "HEARTH_SERVER_KEY"

_this_session: dict[str, str] = {}  # account → key, for keys no keyring kept; gone when the app quits


def _account(url: str) -> str:
    return "server-key:" + url.rstrip("/").removesuffix("/v1")


def server_key(url: str) -> str | None:
    """The key for the server at ``url``, or None (no key: the server may not want one)."""
    if os.environ.get(ENVIRONMENT):
        return os.environ[ENVIRONMENT]
    account = _account(url)
    if account in _this_session:
        return _this_session[account]
    try:
        return keyring.get_password(APP_ID, account)
    except KeyringError:
        return None


def set_server_key(url: str, key: str) -> bool:
    """Keep ``key``: True when the keyring kept it (read back to be sure), False when it is kept for this run only."""
    account, key = _account(url), key.strip()
    _this_session.pop(account, None)
    try:
        if keyring_backend.usable():
            keyring.set_password(APP_ID, account, key)
            if keyring.get_password(APP_ID, account) == key:
                return True
    except KeyringError:
        pass  # no keyring, or a locked one
    _this_session[account] = key
    return False


def forget_server_key(url: str) -> None:
    _this_session.pop(_account(url), None)
    try:
        keyring.delete_password(APP_ID, _account(url))
    except KeyringError:
        pass  # none was kept, or no keyring to keep one
