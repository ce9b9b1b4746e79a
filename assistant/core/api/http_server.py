"""The API's web server: uvicorn, on a thread of its own, on a socket bound here so that a port already in use is a
clear error at once (uvicorn would exit the process).

Connections that say nothing are closed after ``idle_seconds``: uvicorn times out only a connection that has already
answered a request, so a hundred silent ones would otherwise stay open for good.
"""

from __future__ import annotations

import ipaddress
import socket
import threading

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from assistant.core.api import DEFAULT_PORT

IDLE_SECONDS = 30


class _ClosesSilentConnections(H11Protocol):
    def connection_made(self, transport) -> None:
        super().connection_made(transport)
        # The keep-alive timer, started before the first request too; data from the client cancels it.
        self.timeout_keep_alive_task = self.loop.call_later(self.timeout_keep_alive, self.timeout_keep_alive_handler)


class PortInUse(OSError):
    pass


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class ApiServer:
    def __init__(self, app, host: str = "127.0.0.1", port: int = DEFAULT_PORT, idle_seconds: float = IDLE_SECONDS):
        self.host = host
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self._socket = socket.socket(family, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            self._socket.bind((host, port))
        except OSError as exc:
            self._socket.close()
            raise PortInUse(f"Cannot listen on {host}:{port}: {exc.strerror or exc}. Another program may be using "
                            f"the port; choose another one.") from None
        self.port = self._socket.getsockname()[1]
        config = uvicorn.Config(app, http=_ClosesSilentConnections, loop="asyncio", ws="none", lifespan="off", log_config=None,
                                access_log=False, timeout_keep_alive=idle_seconds, timeout_graceful_shutdown=2)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [self._socket]},
                                        name="api-server", daemon=True)

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/v1"

    def start(self, timeout: float = 10.0) -> None:
        self._thread.start()
        for _ in range(int(timeout / 0.02)):
            if self._server.started or not self._thread.is_alive():
                break
            threading.Event().wait(0.02)
        if not self._server.started:
            raise OSError(f"The API server did not start on {self.url}.")

    def stop(self, timeout: float = 5.0) -> None:
        self._server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(timeout)
        self._socket.close()
