"""Running slow calls (the Hub, disk scans) off the GUI thread and getting the answer back on it."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from assistant.core.engines.types import EngineError
from assistant.core.hub.downloads import DownloadFailed
from assistant.core.hub.hub_client import HubError
from assistant.core.i18n import translate

log = logging.getLogger(__name__)
# Errors whose message is written for the user; anything else is a bug, logged with its traceback.
EXPECTED = (HubError, DownloadFailed, EngineError, OSError, ValueError)


class _Relay(QObject):
    """Lives on the GUI thread. Its signal is emitted on a pool thread and, being connected to its own method,
    is delivered on the GUI thread."""

    result = Signal(object, object)

    def __init__(self, owner: "Background", topic: str, number: int, on_done: Callable, on_error: Callable,
                 receiver: QObject | None = None):
        super().__init__()
        self.owner, self.topic, self.number, self.receiver = owner, topic, number, receiver
        self.on_done, self.on_error = on_done, on_error
        self.result.connect(self._deliver)

    @Slot(object, object)
    def _deliver(self, value, error) -> None:
        self.owner._relays.discard(self)
        if self.owner._latest.get(self.topic) != self.number:
            return  # a newer request on the same topic replaced this one
        if self.receiver is not None and not shiboken6.isValid(self.receiver):
            return  # the window that asked was closed meanwhile
        if error is None:
            self.on_done(value)
        else:
            self.on_error(error)


class _Call(QRunnable):
    def __init__(self, function: Callable, relay: _Relay):
        super().__init__()
        self.function, self.relay = function, relay

    def run(self) -> None:
        try:
            value = self.function()
        except EXPECTED as exc:
            self.relay.result.emit(None, str(exc))
        except Exception as exc:  # noqa: BLE001 - the thread boundary: the user sees a message, not a hang
            log.exception("background call failed")
            self.relay.result.emit(None, translate("Background", "Unexpected error: {error}").format(
                error=f"{type(exc).__name__}: {exc}"))
        else:
            self.relay.result.emit(value, None)


class Background(QObject):
    """``run(topic, function, on_done, on_error)``: only the newest request per topic is answered."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self._numbers = itertools.count(1)
        self._latest: dict[str, int] = {}
        self._relays: set[_Relay] = set()

    def run(self, topic: str, function: Callable, on_done: Callable, on_error: Callable,
            receiver: QObject | None = None) -> None:
        """``receiver``: the widget the answer is for; when it has been deleted by then, the answer is dropped."""
        number = next(self._numbers)
        self._latest[topic] = number
        relay = _Relay(self, topic, number, on_done, on_error, receiver)
        self._relays.add(relay)
        self.pool.start(_Call(function, relay))

    def busy(self, topic: str) -> bool:
        return any(relay.topic == topic for relay in self._relays)

    def shutdown(self) -> None:
        self._latest.clear()  # answers still on their way are dropped
        self.pool.waitForDone(5000)
