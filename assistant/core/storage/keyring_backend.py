"""Whether the OS keyring can hold a secret. The keyring package falls back on whatever backend it finds, and
keyrings.alt's file backends (installed beside it by some distributions and tools) write the secret to a file in
plain text or base64: that is no keyring. Such a backend counts only when the user chose it (PYTHON_KEYRING_BACKEND
or keyring's own configuration file); otherwise Hearth keeps the secret for the session and says so."""

from __future__ import annotations

import os

import keyring
import keyring.backends.fail
import keyring.backends.null


def _chosen_by_user() -> bool:
    if os.environ.get("PYTHON_KEYRING_BACKEND"):
        return True
    try:
        return keyring.core.load_config() is not None
    except Exception:  # noqa: BLE001 - an unreadable configuration chooses nothing
        return False


def usable() -> bool:
    backend = keyring.get_keyring()
    if isinstance(backend, (keyring.backends.fail.Keyring, keyring.backends.null.Keyring)):
        return False
    if type(backend).__module__.startswith("keyrings.alt.file"):
        return _chosen_by_user()
    return True
