"""The token a program must send to use Hearth's API: generated here, shown once, kept in the system keyring.

For scripted set-ups ``HEARTH_API_TOKEN`` gives it instead (and wins). Where no keyring works (a headless home
server), a new token lives for this run only and the caller says so. The token is never written to a file or a log.
"""

from __future__ import annotations

import hmac
import os
import secrets

import keyring
from keyring.errors import KeyringError, PasswordDeleteError

from assistant import APP_ID
from assistant.core.storage import keyring_backend

ENVIRONMENT = "HEARTH_API_TOKEN"
ACCOUNT = "api-token"
PREFIX = "hearth-"  # so that a leaked token can be recognised (secret scanners, logs)

# Where the token the API checks comes from (token_place): what Settings → API tells the user about it.
FROM_ENVIRONMENT, IN_KEYRING, THIS_SESSION, NO_TOKEN = "environment", "keyring", "session", "none"


def generate() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def _keyring_usable() -> bool:
    return keyring_backend.usable()


def stored_token() -> str | None:
    """The token from the environment or the keyring; None when there is none yet (or no keyring to ask)."""
    if os.environ.get(ENVIRONMENT):
        return os.environ[ENVIRONMENT]
    if not _keyring_usable():
        return None
    try:
        return keyring.get_password(APP_ID, ACCOUNT)
    except KeyringError:
        return None


def new_token() -> tuple[str, bool]:
    """A fresh token, replacing any kept one: (token, kept), kept False when no keyring could keep it. Kept means
    read back: a keyring that accepts a password and then forgets it (some headless set-ups) keeps nothing."""
    token = generate()
    if not _keyring_usable():
        return token, False
    try:
        keyring.set_password(APP_ID, ACCOUNT, token)
        return token, keyring.get_password(APP_ID, ACCOUNT) == token
    except KeyringError:
        return token, False


def current_token(session_token: str | None) -> str | None:
    """The token the API checks: the environment's, else one made this run that no keyring kept (newer than
    anything in the keyring), else the keyring's."""
    if os.environ.get(ENVIRONMENT):
        return os.environ[ENVIRONMENT]
    return session_token or stored_token()


def token_place(session_token: str | None) -> str:
    """Where ``current_token`` comes from: FROM_ENVIRONMENT, THIS_SESSION (gone when the app quits), IN_KEYRING or
    NO_TOKEN."""
    if os.environ.get(ENVIRONMENT):
        return FROM_ENVIRONMENT
    if session_token:
        return THIS_SESSION
    return IN_KEYRING if stored_token() else NO_TOKEN


def forget_token() -> None:
    try:
        keyring.delete_password(APP_ID, ACCOUNT)
    except (PasswordDeleteError, KeyringError):
        pass  # none was kept


def matches(expected: str, offered: str) -> bool:
    """In constant time, so that the answer's timing tells nothing about the token."""
    return hmac.compare_digest(expected.encode(), offered.encode())
