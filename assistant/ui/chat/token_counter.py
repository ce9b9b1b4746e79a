"""The live token count of the message being typed, computed off the GUI thread.

The engine host counts with the loaded model's vocabulary on a thread of its own, so a count never waits behind a
reply; this thread only waits for its answer (a 1 MB paste takes most of a second). Typing is debounced; a result
for text that has since changed is dropped.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

DEBOUNCE_MS = 250


class _CountWorker(QObject):
    counted = Signal(int, int, bool)  # request number, tokens, exact

    def __init__(self, count: Callable[[str], int | None], estimate: Callable[[str], int | None]):
        super().__init__()
        self._count_tokens, self._estimate = count, estimate

    @Slot(int, str)
    def count(self, number: int, text: str) -> None:
        tokens = self._count_tokens(text)
        if tokens is not None:
            self.counted.emit(number, tokens, True)
        elif (guess := self._estimate(text)) is not None:  # a server that cannot count
            self.counted.emit(number, guess, False)
        # else no model, or the engine is busy loading: no count; it counts before sending


class TokenCounter(QObject):
    counted = Signal(int, bool)  # tokens in the latest text; False when only estimated

    _count = Signal(int, str)

    def __init__(self, count: Callable[[str], int | None], parent: QObject | None = None,
                 estimate: Callable[[str], int | None] = lambda text: None):
        super().__init__(parent)
        self._number = 0
        self._text = ""
        self.thread = QThread()
        self.thread.setObjectName("token-counter")
        self._worker = _CountWorker(count, estimate)
        self._worker.moveToThread(self.thread)
        self._count.connect(self._worker.count)
        self._worker.counted.connect(self._on_counted)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._send)
        self.thread.start()

    def request(self, text: str) -> None:
        self._text = text
        self._number += 1  # anything still being counted is now stale
        if text:
            self._timer.start()
        else:
            self._timer.stop()

    def _send(self) -> None:
        self._count.emit(self._number, self._text)

    def _on_counted(self, number: int, tokens: int, exact: bool) -> None:
        if number == self._number:
            self.counted.emit(tokens, exact)

    def shutdown(self) -> None:
        if self.thread.isRunning():
            self.thread.quit()
            self.thread.wait()
