"""Where the app's Hub access comes from: the endpoint and offline settings, and the token in the keyring."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from assistant.core.hub.hub_client import (
    HubClient,
    check_endpoint,
    env_offline,
    resolve_endpoint,
)
from assistant.core.storage.settings import HubChoices, Settings

if TYPE_CHECKING:
    from assistant.core.hub.token import TokenStore


class HubAccess:
    """The current endpoint, offline choice and token, read once and kept in memory.

    ``client()`` is called from the download thread too, so it touches the database never and the keyring (which
    can be slow, or prompt) once: the token is read when the Hub is first used, not at start-up. The setters write
    through to both.
    """

    def __init__(self, settings: Settings, tokens: TokenStore | None = None):
        self.settings = settings
        self._tokens = tokens
        self._token: str | None = None
        self._token_read = False
        self._lock = threading.RLock()
        chosen = settings.read(HubChoices)
        self._endpoint: str | None = chosen.endpoint or None
        self._offline = chosen.offline

    @property
    def tokens(self) -> TokenStore:
        from assistant.core.hub.token import TokenStore  # keyring: imported when the Hub is first used

        with self._lock:
            if self._tokens is None:
                self._tokens = TokenStore()
            return self._tokens

    def _current_token(self) -> str | None:
        store = self.tokens
        with self._lock:
            if not self._token_read:
                self._token, self._token_read = store.get(), True
            return self._token

    @property
    def has_token(self) -> bool:
        return self._current_token() is not None

    def client(self) -> HubClient:
        return HubClient(resolve_endpoint(self._endpoint), self._current_token(), self._offline or env_offline())

    def set_token(self, token: str) -> bool:
        """True if the keyring keeps it, False if it is kept for this session only (``tokens.problem`` says why)."""
        saved = self.tokens.set(token)
        with self._lock:
            self._token, self._token_read = self.tokens.get(), True
        return saved

    def clear_token(self) -> None:
        self.tokens.clear()
        with self._lock:
            self._token, self._token_read = None, True

    @property
    def endpoint_setting(self) -> str:
        return self._endpoint or ""

    def set_endpoint(self, url: str) -> None:
        """An empty string goes back to HF_ENDPOINT or the official Hub; anything else must be an http(s) URL."""
        if url.strip():
            self._endpoint = check_endpoint(url)
        else:
            self._endpoint = None
        self.settings.update(HubChoices, endpoint=self._endpoint)

    @property
    def offline(self) -> bool:
        return self._offline

    def set_offline(self, offline: bool) -> None:
        self._offline = bool(offline)
        self.settings.update(HubChoices, offline=self._offline)
