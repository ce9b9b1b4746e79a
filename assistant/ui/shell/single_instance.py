"""One running app per user. A second start (from the menu, or a double-clicked .gguf file) hands its arguments to
the first over a local socket and exits; the first raises its window and opens the model.

QLocalServer is a Unix socket on Linux and macOS and a named pipe on Windows. The name is made from the data folder,
which is per user: what must never happen is two apps writing one history, and two people on one computer, or a
test with a data folder of its own, each get their own app. A crashed app leaves a stale socket file behind on Unix:
a start that cannot connect to it removes it and takes the name over.
"""

from __future__ import annotations

import hashlib
import json
import os

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from assistant import APP_ID

TIMEOUT_MS = 2000
ACK = b"ok\n"


def server_name() -> str:
    from assistant.core.storage.paths import data_dir

    folder = os.path.normcase(os.path.abspath(data_dir()))
    return f"{APP_ID}-{hashlib.sha256(folder.encode()).hexdigest()[:12]}"


def hand_over(argv: list[str], name: str | None = None) -> bool:
    """Send ``argv`` to a running app. True when one took it; False when none is running (or it did not answer)."""
    socket = QLocalSocket()
    socket.connectToServer(name or server_name())
    if not socket.waitForConnected(TIMEOUT_MS):
        return False
    message = json.dumps({"argv": argv, "cwd": os.getcwd()}).encode() + b"\n"
    socket.write(message)
    if not socket.waitForBytesWritten(TIMEOUT_MS):
        return False
    answer = b""
    while not answer.endswith(b"\n") and socket.waitForReadyRead(TIMEOUT_MS):
        answer += bytes(socket.readAll())
    socket.disconnectFromServer()
    return answer == ACK


class InstanceServer(QObject):
    """Listens for later starts. ``arguments`` carries their argv, made absolute against their working folder."""

    arguments = Signal(list)

    def __init__(self, name: str | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.name = name or server_name()
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        """Take the name. False when another app holds it (and answers): then this start should hand over.

        Asking first matters: with UserAccessOption (so that other users cannot send us files), Qt makes the socket
        elsewhere and renames it into place, which would silently take the name from a running app."""
        probe = QLocalSocket()
        probe.connectToServer(self.name)
        if probe.waitForConnected(500):
            probe.disconnectFromServer()
            return False
        QLocalServer.removeServer(self.name)  # a socket file left by an app that crashed
        return self._server.listen(self.name)

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.setProperty("received", b"")
            # No lambda holding the socket: a Python reference kept past deleteLater makes Qt delete it twice.
            socket.readyRead.connect(self._read)
            socket.disconnected.connect(socket.deleteLater)

    @Slot()
    def _read(self) -> None:
        socket = self.sender()
        if not isinstance(socket, QLocalSocket):
            return
        data = bytes(socket.property("received") or b"") + bytes(socket.readAll())
        if len(data) > 1 << 20:  # nobody sends a megabyte of arguments; do not keep reading
            socket.abort()
            return
        socket.setProperty("received", data)
        if not data.endswith(b"\n"):
            return
        try:
            message = json.loads(data)
            argv = [str(a) for a in message["argv"]]
            cwd = str(message.get("cwd") or "")
        except (ValueError, KeyError, TypeError):
            socket.abort()
            return
        socket.write(ACK)
        socket.flush()
        self.arguments.emit(_absolute(argv, cwd))


def _absolute(argv: list[str], cwd: str) -> list[str]:
    """Paths relative to the second start's folder mean nothing in the first app's folder."""
    out = []
    for arg in argv:
        if cwd and not arg.startswith("-") and not os.path.isabs(arg) and arg.lower().endswith(".gguf"):
            arg = os.path.join(cwd, arg)
        out.append(arg)
    return out
