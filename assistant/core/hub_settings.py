"""Where the app's Hub access comes from: the endpoint and offline settings, and the token in the keyring."""

from __future__ import annotations

from assistant.core.hub import (
    ENDPOINT_KEY,
    OFFLINE_KEY,
    HubClient,
    check_endpoint,
    env_offline,
    resolve_endpoint,
)
from assistant.core.hub_token import TokenStore
from assistant.core.settings import Settings


class HubAccess:
    """The current endpoint, offline choice and token, read once and kept in memory.

    ``client()`` is called from the download thread too, so it touches neither the database nor the keyring
    (which can be slow, or prompt); the setters write through to both.
    """

    def __init__(self, settings: Settings, tokens: TokenStore | None = None):
        self.settings = settings
        self.tokens = tokens or TokenStore()
        self._token = self.tokens.get()
        self._endpoint: str | None = settings.get(ENDPOINT_KEY) or None
        self._offline = bool(settings.get(OFFLINE_KEY, False))

    @property
    def has_token(self) -> bool:
        return self._token is not None

    def client(self) -> HubClient:
        return HubClient(resolve_endpoint(self._endpoint), self._token, self._offline or env_offline())

    def set_token(self, token: str) -> bool:
        """True if the keyring keeps it, False if it is kept for this session only (``tokens.problem`` says why)."""
        saved = self.tokens.set(token)
        self._token = self.tokens.get()
        return saved

    def clear_token(self) -> None:
        self.tokens.clear()
        self._token = None

    @property
    def endpoint_setting(self) -> str:
        return self._endpoint or ""

    def set_endpoint(self, url: str) -> None:
        """An empty string goes back to HF_ENDPOINT or the official Hub; anything else must be an http(s) URL."""
        if url.strip():
            self._endpoint = check_endpoint(url)
            self.settings.set(ENDPOINT_KEY, self._endpoint)
        else:
            self._endpoint = None
            self.settings.delete(ENDPOINT_KEY)

    @property
    def offline(self) -> bool:
        return self._offline

    def set_offline(self, offline: bool) -> None:
        self._offline = bool(offline)
        self.settings.set(OFFLINE_KEY, self._offline)
