"""Where the app's model sources are reached from: the source chosen (the Hugging Face Hub or ModelScope), each
one's address, the offline choice, and each one's token in the keyring."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from assistant.core.hub.hub_client import (
    HubClient,
    HubError,
    check_endpoint,
    env_offline,
    resolve_endpoint,
)
from assistant.core.i18n import translate
from assistant.core.storage.settings import HubChoices, Settings

if TYPE_CHECKING:
    from assistant.core.hub.modelscope_client import ModelScopeClient
    from assistant.core.hub.token import TokenStore

SOURCES = ("hub", "modelscope")


class HubAccess:
    """The current source, addresses, offline choice and tokens, read once and kept in memory.

    ``client()`` is called from the download thread too, so it touches the database never and the keyring (which
    can be slow, or prompt) once per source: a token is read when its source is first used, not at start-up. The
    setters write through to both.
    """

    def __init__(self, settings: Settings, tokens: TokenStore | None = None,
                 modelscope_tokens: TokenStore | None = None):
        self.settings = settings
        self._stores: dict[str, TokenStore | None] = {"hub": tokens, "modelscope": modelscope_tokens}
        self._tokens_read: dict[str, str | None] = {}
        self._lock = threading.RLock()
        chosen = settings.read(HubChoices)
        self._endpoint: str | None = chosen.endpoint or None
        self._modelscope_endpoint: str | None = chosen.modelscope_endpoint or None
        self._offline = chosen.offline
        self._source = chosen.source if chosen.source in SOURCES else "hub"

    def store(self, source: str = "hub") -> TokenStore:
        from assistant.core.hub.token import ACCOUNT, MODELSCOPE_ACCOUNT, TokenStore  # keyring: on first use

        with self._lock:
            if self._stores[source] is None:
                self._stores[source] = TokenStore(MODELSCOPE_ACCOUNT if source == "modelscope" else ACCOUNT)
            return self._stores[source]

    @property
    def tokens(self) -> TokenStore:
        return self.store("hub")

    def _current_token(self, source: str = "hub") -> str | None:
        store = self.store(source)
        with self._lock:
            if source not in self._tokens_read:
                self._tokens_read[source] = store.get()
            return self._tokens_read[source]

    @property
    def has_token(self) -> bool:
        return self._current_token() is not None

    def has_token_for(self, source: str) -> bool:
        return self._current_token(source) is not None

    # The source --------------------------------------------------------------------------------------------

    @property
    def source(self) -> str:
        return self._source

    def set_source(self, source: str) -> None:
        if source not in SOURCES:
            raise ValueError(f"unknown model source {source!r}")
        self._source = source
        self.settings.update(HubChoices, source=source)

    def client(self, source: str | None = None) -> HubClient | ModelScopeClient:
        """The chosen source's client, or ``source``'s (a download resumed from where it began)."""
        if (source or self._source) == "modelscope":
            return self.modelscope_client()
        return HubClient(resolve_endpoint(self._endpoint), self._current_token(), self._offline or env_offline())

    def modelscope_client(self) -> ModelScopeClient:
        from assistant.core.hub.modelscope_client import ModelScopeClient, default_endpoint

        return ModelScopeClient(self._modelscope_endpoint or default_endpoint(), self._current_token("modelscope"),
                                self._offline or env_offline())

    # Tokens ------------------------------------------------------------------------------------------------

    def set_token(self, token: str, source: str = "hub") -> bool:
        """True if the keyring keeps it, False if it is kept for this session only (``store(source).problem``
        says why)."""
        store = self.store(source)
        saved = store.set(token)
        with self._lock:
            self._tokens_read[source] = store.get()
        return saved

    def clear_token(self, source: str = "hub") -> None:
        self.store(source).clear()
        with self._lock:
            self._tokens_read[source] = None

    # Addresses and offline ---------------------------------------------------------------------------------

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
    def modelscope_endpoint_setting(self) -> str:
        return self._modelscope_endpoint or ""

    def set_modelscope_endpoint(self, url: str) -> None:
        """An empty string goes back to www.modelscope.cn (or MODELSCOPE_DOMAIN where it is set)."""
        from assistant.core.hub.modelscope_client import MODELSCOPE_ENDPOINT

        try:
            self._modelscope_endpoint = check_endpoint(url) if url.strip() else None
        except HubError:
            raise HubError(translate("ModelScope", "{url} is not a web address. ModelScope's looks like {example}.")
                           .format(url=repr(url.strip()), example=MODELSCOPE_ENDPOINT), "bad_name") from None
        self.settings.update(HubChoices, modelscope_endpoint=self._modelscope_endpoint)

    @property
    def offline(self) -> bool:
        return self._offline

    def set_offline(self, offline: bool) -> None:
        self._offline = bool(offline)
        self.settings.update(HubChoices, offline=self._offline)
