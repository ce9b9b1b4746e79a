"""The Hugging Face token (and ModelScope's, under an account of its own): kept in the system keyring, or for this
session only when there is none.

It is never written to a plain file and never logged. Where no keyring backend works (headless Linux without a
Secret Service, a locked keyring), the token lives in memory until the app quits, and ``problem`` says why so the
Settings page can tell the user.
"""

from __future__ import annotations

import keyring
from keyring.errors import KeyringError

from assistant import APP_ID, APP_NAME
from assistant.core.i18n import translate
from assistant.core.storage import keyring_backend

SERVICE = APP_ID
ACCOUNT = "huggingface-token"
MODELSCOPE_ACCOUNT = "modelscope-token"


class BadToken(ValueError):
    pass


def check_token(token: str) -> str:
    token = token.strip()
    if not token:
        raise BadToken(translate("HubToken", "The token is empty."))
    if any(ord(ch) < 33 or ord(ch) > 126 for ch in token):
        raise BadToken(translate("HubToken", "A Hugging Face token has no spaces or special characters; paste it "
                                             "again from huggingface.co/settings/tokens."))
    return token


class TokenStore:
    def __init__(self, account: str = ACCOUNT):
        self.account = account
        self._session_token: str | None = None
        # Why the keyring cannot be used (None when it can), worded when asked: in the language shown then.
        self._problem: tuple[str, str] | None = None if keyring_backend.usable() else ("none", "")

    @property
    def problem(self) -> str | None:
        """Why the keyring cannot be used, for the user; None when it can."""
        if self._problem is None:
            return None
        kind, error = self._problem
        if kind == "none":
            return translate("HubToken", "No system keyring is available, so the token is kept only until you quit "
                                         "{app}.").format(app=APP_NAME)
        if kind == "not_kept":
            return translate("HubToken", "The system keyring did not keep the token, so it is kept only until you "
                                         "quit {app}.").format(app=APP_NAME)
        return translate("HubToken", "The system keyring could not be used ({error}; it may be locked), so the token "
                                     "is kept only until you quit {app}.").format(error=error, app=APP_NAME)

    @property
    def persistent(self) -> bool:
        return self._problem is None

    def get(self) -> str | None:
        if self._session_token is not None or not self.persistent:
            return self._session_token
        try:
            return keyring.get_password(SERVICE, self.account)
        except KeyringError as exc:
            self._give_up_on_keyring(exc)
            return None

    def set(self, token: str) -> bool:
        """Keep the token; True if it was saved in the keyring, False if only for this session."""
        token = check_token(token)
        if self.persistent:
            try:
                keyring.set_password(SERVICE, self.account, token)
                if keyring.get_password(SERVICE, self.account) == token:  # read back: some keyrings say yes, keep nothing
                    self._session_token = None
                    return True
                self._problem = ("not_kept", "")
            except KeyringError as exc:
                self._give_up_on_keyring(exc)
        self._session_token = token
        return False

    def clear(self) -> None:
        self._session_token = None
        if self.persistent:
            try:
                keyring.delete_password(SERVICE, self.account)
            except keyring.errors.PasswordDeleteError:
                pass  # there was none
            except KeyringError as exc:
                self._give_up_on_keyring(exc)

    def _give_up_on_keyring(self, exc: KeyringError) -> None:
        # The exception's text may quote the backend's state but never the token; keep only its type.
        self._problem = ("unusable", type(exc).__name__)

