"""An HTTP proxy on 127.0.0.1 for the download tests: CONNECT tunnels (for HTTPS) and GETs of a whole address (for
plain HTTP), as corporate proxies and local ones (Clash, v2ray's HTTP port) offer them. It logs what it was asked, with
the credentials it was shown."""

from __future__ import annotations

import http.client
import select
import socket
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

_HOP_BY_HOP = {"connection", "proxy-connection", "proxy-authorization", "keep-alive", "transfer-encoding", "host"}


@dataclass
class ProxiedRequest:
    method: str
    target: str  # host:port for CONNECT, the whole address for GET
    authorization: str | None


class ProxyServer:
    def __init__(self):
        self.requests: list[ProxiedRequest] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}"

    def start(self) -> ProxyServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def log(self, request: ProxiedRequest) -> None:
        with self._lock:
            self.requests.append(request)


def _handler(proxy: ProxyServer):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _log(self) -> None:
            proxy.log(ProxiedRequest(self.command, self.path, self.headers.get("Proxy-Authorization")))

        def do_CONNECT(self):
            self._log()
            host, _, port = self.path.rpartition(":")
            upstream = socket.create_connection((host, int(port)))
            self.send_response(200, "Connection established")
            self.end_headers()
            ends = [self.connection, upstream]
            try:
                while True:
                    readable, _, _ = select.select(ends, [], [], 30)
                    if not readable:
                        return
                    for end in readable:
                        data = end.recv(1 << 16)
                        if not data:
                            return
                        (upstream if end is self.connection else self.connection).sendall(data)
            except OSError:
                return
            finally:
                upstream.close()

        def do_GET(self):
            self._forward()

        def do_POST(self):
            self._forward(self.rfile.read(int(self.headers.get("Content-Length") or 0)))

        def _forward(self, body: bytes | None = None):
            self._log()
            parts = urlsplit(self.path)
            upstream = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
            headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
            upstream.request(self.command, parts.path + (f"?{parts.query}" if parts.query else ""), body=body,
                             headers=headers)
            response = upstream.getresponse()
            self.send_response(response.status)
            for key, value in response.getheaders():
                if key.lower() not in _HOP_BY_HOP:
                    self.send_header(key, value)
            self.end_headers()
            try:
                while piece := response.read1(1 << 16):  # as it arrives: a streamed reply stays streamed
                    self.wfile.write(piece)
                    self.wfile.flush()
            except OSError:
                pass  # the client went away; nothing to forward to
            finally:
                upstream.close()

    return Handler
