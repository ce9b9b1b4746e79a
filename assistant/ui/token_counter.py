"""The live token count of the message being typed, computed off the GUI thread.

Counting a 1 MB paste takes most of a second, so a small thread of its own owns a vocabulary-only tokenizer.
Typing is debounced; a result for text that has since changed is dropped.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from assistant.core.tokenizer import VocabTokenizer

DEBOUNCE_MS = 250


class _CountWorker(QObject):
    counted = Signal(int, int)  # request number, tokens

    def __init__(self):
        super().__init__()
        self._tokenizer: VocabTokenizer | None = None

    @Slot(str)
    def set_model(self, path: str) -> None:
        if self._tokenizer is not None:
            self._tokenizer.close()
            self._tokenizer = None
        if path:
            try:
                self._tokenizer = VocabTokenizer(path)
            except (ValueError, RuntimeError, OSError):
                self._tokenizer = None  # no live count; the engine still counts before sending

    @Slot(int, str)
    def count(self, number: int, text: str) -> None:
        if self._tokenizer is not None:
            self.counted.emit(number, self._tokenizer.count(text))


class TokenCounter(QObject):
    counted = Signal(int)  # tokens in the latest text

    _set_model = Signal(str)
    _count = Signal(int, str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._number = 0
        self._text = ""
        self.thread = QThread()
        self.thread.setObjectName("token-counter")
        self._worker = _CountWorker()
        self._worker.moveToThread(self.thread)
        self._set_model.connect(self._worker.set_model)
        self._count.connect(self._worker.count)
        self._worker.counted.connect(self._on_counted)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._send)
        self.thread.start()

    def set_model(self, path: str | None) -> None:
        self._set_model.emit(path or "")

    def request(self, text: str) -> None:
        self._text = text
        self._number += 1  # anything still being counted is now stale
        self._timer.start()

    def _send(self) -> None:
        self._count.emit(self._number, self._text)

    def _on_counted(self, number: int, tokens: int) -> None:
        if number == self._number:
            self.counted.emit(tokens)

    def shutdown(self) -> None:
        if self.thread.isRunning():
            self._set_model.emit("")
            self.thread.quit()
            self.thread.wait()
