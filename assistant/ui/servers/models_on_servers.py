"""The models of the servers the user added, as the Model menu and the task defaults offer them: asked for in the
background at start-up and whenever the Servers dialog lists a server."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMenu

from assistant.core.engines.remote.server_list import ServerList, remote_target
from assistant.ui.servers.servers_dialog import list_models


class ServerModels(QObject):
    changed = Signal()

    def __init__(self, servers: ServerList, background, parent: QObject | None = None):
        super().__init__(parent)
        self.servers, self.background = servers, background
        self.models: dict[str, list[str]] = {}

    def refresh(self) -> None:
        servers = self.servers.all()
        if not servers:
            return
        from assistant.core.engines.remote.server_keys import server_key  # the keyring: only when there are servers

        for server in servers:
            url, ca = server.url, server.ca_file
            # A server that does not answer now is simply not offered until it does; loading says why.
            self.background.run(f"server-models:{url}", lambda url=url, ca=ca: list_models(url, server_key(url), ca),
                                lambda models, url=url: self.update(url, models),
                                lambda _message, url=url: self.update(url, []), receiver=self)

    def update(self, url: str, models: list[str]) -> None:
        self.models[url] = list(models)
        self.changed.emit()

    def choices(self) -> list[tuple[str, str]]:
        """(label, target) of every model on every server that answered."""
        known = {server.url for server in self.servers.all()}
        return [(f"{model_id} · {urlsplit(url).netloc}", remote_target(url, model_id))
                for url, models in self.models.items() if url in known for model_id in models]

    def fill(self, menu: QMenu, load: Callable[[str], None]) -> None:
        menu.clear()
        for label, target in self.choices():
            action = menu.addAction(label)
            action.setToolTip(target)
            action.triggered.connect(lambda _checked=False, target=target: load(target))
        menu.setEnabled(bool(menu.actions()))
