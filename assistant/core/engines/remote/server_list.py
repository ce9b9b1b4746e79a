"""The servers the user added (Model → Servers…): each address and its custom CA in the settings, its key in the
keyring (server_keys). A server's model is named by a target ``URL#model-id`` wherever a local model is named by
its path: the task defaults, the last model, the engine's load."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from urllib.parse import urlsplit

from typing import TYPE_CHECKING

from assistant.core.i18n import translate
from assistant.core.storage.settings import EngineRecord, Settings

if TYPE_CHECKING:  # the HTTP client and the keyring load when a server is first used, not at start-up
    from assistant.core.engines.remote.remote_engine import RemoteEngine



def is_remote(target: str | None) -> bool:
    return bool(target) and "://" in target


def normalize_url(url: str) -> str:
    """``http(s)://host[:port][/prefix]`` without a trailing ``/v1``: what OpenAI clients call the base URL, less
    the version. Raises ValueError with a message for the user."""
    url = url.strip().rstrip("/").removesuffix("/v1").rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(translate("Servers", "Give the server's address with http:// or https://, for example "
                                              "http://192.168.1.20:8080."))
    if "#" in url or parts.query:
        raise ValueError(translate("Servers", "A server's address has no # or ? part."))
    return url


def remote_target(url: str, model_id: str) -> str:
    return f"{normalize_url(url)}#{model_id}"


def split_target(target: str) -> tuple[str, str]:
    url, _, model_id = target.partition("#")
    return url, model_id


def connect(url: str, ca_file: str = "") -> "RemoteEngine":
    """An engine for the server at ``url``, with its key from the keyring (or HEARTH_SERVER_KEY)."""
    from assistant.core.engines.remote.remote_engine import RemoteEngine
    from assistant.core.engines.remote.server_keys import server_key

    return RemoteEngine(url, server_key(url), ca_file=ca_file or None)


@dataclass
class Server:
    url: str
    ca_file: str = ""  # a PEM file of the CA that signed the server's certificate, for a private CA


class ServerList:
    def __init__(self, settings: Settings):
        self.settings = settings

    def all(self) -> list[Server]:
        return [Server(**{k: v for k, v in entry.items() if k in ("url", "ca_file")})
                for entry in self.settings.read(EngineRecord).servers if isinstance(entry, dict) and "url" in entry]

    def get(self, url: str) -> Server | None:
        return next((server for server in self.all() if server.url == url), None)

    def add(self, server: Server) -> None:
        servers = [s for s in self.all() if s.url != server.url] + [server]
        self.settings.update(EngineRecord, servers=[asdict(s) for s in servers])

    def connect(self, url: str) -> "RemoteEngine":
        """An engine for the server at ``url``, with its key from the keyring and its CA."""
        server = self.get(url)
        return connect(url, server.ca_file if server else "")

    def remove(self, url: str) -> None:
        self.settings.update(EngineRecord, servers=[asdict(s) for s in self.all() if s.url != url])
