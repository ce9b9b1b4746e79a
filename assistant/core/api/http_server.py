"""The API's web server: uvicorn, on a thread of its own, on a socket bound here so that a port already in use is a
clear error at once (uvicorn would exit the process).

Connections that say nothing are closed after ``idle_seconds``: uvicorn times out only a connection that has already
answered a request, so a hundred silent ones would otherwise stay open for good.
"""

from __future__ import annotations

import errno
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


def listen_socket(host: str, port: int) -> socket.socket:
    """A socket bound to ``host``:``port``, or PortInUse saying which is wrong: the port taken, or an address that
    is not this computer's (a typo, another machine's IP). Bound before anything slow, so a bad choice is said at
    once."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno in (errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", -1), errno.EACCES):
            raise PortInUse(f"Cannot listen on port {port} of {host}: {exc.strerror or exc}. Another program may be "
                            f"using the port, or it needs rights this user lacks; choose another one.") from None
        raise PortInUse(f"Cannot listen on {host}: it is not an address of this computer ({exc.strerror or exc}). "
                        f"Use 127.0.0.1 for this computer only, or 0.0.0.0 for every network it is on.") from None
    return sock


def lan_address() -> str | None:
    """This computer's address on its network, as other computers reach it; None when it has none. Connecting a
    UDP socket sends nothing: it only asks the system which address it would use."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.254.254.254", 1))
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") or address == "0.0.0.0" else address


class ApiServer:
    def __init__(self, app, host: str = "127.0.0.1", port: int = DEFAULT_PORT, idle_seconds: float = IDLE_SECONDS,
                 sock: socket.socket | None = None):
        """``sock``: one ``listen_socket`` bound already (else it is bound here, PortInUse if it cannot be)."""
        self.host = host
        self._socket = sock or listen_socket(host, port)
        self.port = self._socket.getsockname()[1]
        config = uvicorn.Config(app, http=_ClosesSilentConnections, loop="asyncio", ws="none", lifespan="off",
                                log_config=None, access_log=False, timeout_keep_alive=idle_seconds,
                                timeout_graceful_shutdown=2)
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
