"""The app's side of Hearth's API (core/api): started and stopped by the switch in Settings, answering with the
model loaded in the window, through the panes' own scheduler. The window shows when it is answering."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from assistant.core.engines.model_session import ModelSession
from assistant.core.storage.settings import ApiChoices, Settings
from assistant.ui.common.engine_client import EngineClient


class ApiService(QObject):
    activity = Signal(int)  # chat completions waiting or being written (emitted on the server's thread)
    state_changed = Signal()  # started, stopped, or could not start (``error``)

    def __init__(self, settings: Settings, client: EngineClient, session: ModelSession,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.settings, self.client, self.session = settings, client, session
        self.server = None
        self.error = ""
        self.active = 0
        self._served = None  # ServedModel, swapped whole on the GUI thread, read by the server's thread
        self._session_token: str | None = None  # made where no keyring could keep it: until the app quits
        self.activity.connect(self._count)
        session.subscribe(lambda _session: self.refresh_model())

    @property
    def choices(self) -> ApiChoices:
        """On or off, the port, the network (every interface, by the user's explicit choice; 127.0.0.1 otherwise)
        and the web pages' origins allowed."""
        return self.settings.read(ApiChoices)

    @property
    def url(self) -> str:
        return self.server.url if self.server is not None else ""

    def _count(self, active: int) -> None:
        self.active = active

    def refresh_model(self) -> None:
        """The loaded model or its settings changed: what the API serves from the next request on."""
        from assistant.core.api.endpoints import served_model

        model = self.session.model
        self._served = None if model is None or self.session.loading else served_model(
            model, self.settings.model_settings(str(model.info.path)))

    def start(self) -> str | None:
        """Start (or restart) with the saved choices. Returns a new token when one had to be made: the caller shows
        it once. ``error`` says why it did not start."""
        from assistant.core.api.endpoints import ApiLimits, ChatApi, build_app
        from assistant.core.api.http_server import ApiServer

        from assistant.core.api.api_token import current_token

        self.stop()
        token, made = current_token(self._session_token), None
        if token is None:
            token = made = self.make_token()[0]
        self.refresh_model()
        api = ChatApi(self.client.scheduler, lambda: self._served, ApiLimits(), self.activity.emit)
        choices = self.choices
        host = "0.0.0.0" if choices.network else "127.0.0.1"
        try:
            server = ApiServer(build_app(api, token, loopback=not choices.network,
                                         cors_origins=choices.origins), host, choices.port)
            server.start()
        except OSError as exc:
            self.error = str(exc)
        else:
            self.server, self.error = server, ""
        self.state_changed.emit()
        return made

    def make_token(self) -> tuple[str, bool]:
        """A new token, replacing the old one: (token, kept in the keyring). The caller shows it, once."""
        from assistant.core.api.api_token import new_token

        token, kept = new_token()
        self._session_token = None if kept else token
        return token, kept

    @property
    def token_place(self) -> str:
        """Where the token comes from (core/api/api_token: the environment, the keyring, this session, none)."""
        from assistant.core.api.api_token import token_place

        return token_place(self._session_token)

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None
            self.active = 0
            self.state_changed.emit()

    def restore(self) -> None:
        """At start-up: on again if it was on, but only with a kept token (a new one would have to be shown)."""
        if self.choices.enabled:
            from assistant.core.api.api_token import current_token

            if current_token(self._session_token) is None:
                self.error = self.tr("The API is switched on but its token is gone; make a new one in Settings → "
                                     "API.")
                self.state_changed.emit()
            else:
                self.start()
