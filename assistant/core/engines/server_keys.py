"""API keys of remote servers, in the system keyring, one per server address; never in a file or a log.

Scripts and headless set-ups can give the key in ``HEARTH_SERVER_KEY`` instead, which wins over the keyring.
"""

from __future__ import annotations

import os

import keyring
from keyring.errors import KeyringError

from assistant import APP_ID

ENVIRONMENT = "HEARTH_SERVER_KEY"


def _account(url: str) -> str:
    return "server-key:" + url.rstrip("/").removesuffix("/v1")


def server_key(url: str) -> str | None:
    """The key for the server at ``url``, or None (no key: the server may not want one)."""
    if os.environ.get(ENVIRONMENT):
        return os.environ[ENVIRONMENT]
    try:
        return keyring.get_password(APP_ID, _account(url))
    except KeyringError:
        return None


def set_server_key(url: str, key: str) -> None:
    """Keep ``key`` in the keyring. Raises KeyringError where there is none to keep it in."""
    keyring.set_password(APP_ID, _account(url), key.strip())


def forget_server_key(url: str) -> None:
    try:
        keyring.delete_password(APP_ID, _account(url))
    except KeyringError:
        pass  # none was kept, or no keyring to keep one
