"""The live token count of the message being typed and its pictures, computed off the GUI thread.

The engine host counts with the loaded model's vocabulary on a thread of its own, so a count never waits behind a
reply; the count here only waits for its answer (a 1 MB paste takes most of a second), on a pool thread of the
window's one background idiom (ui/common/background.py). Typing is debounced; a result for text that has since
changed is dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QTimer, Signal

from assistant.core.images.image_store import StoredImage
from assistant.ui.common.background import Background

DEBOUNCE_MS = 250
TOPIC = "token-count"


class TokenCounter(QObject):
    counted = Signal(int, bool)  # tokens in the latest text; False when only estimated

    def __init__(self, count: Callable[[str, Sequence[StoredImage]], int | None], parent: QObject | None = None,
                 estimate: Callable[[str, Sequence[StoredImage]], int | None] = lambda text, images: None):
        """``count(text, images)``: the tokens of a text and its pictures; ``estimate(text, images)``: a guess."""
        super().__init__(parent)
        self._count_tokens, self._estimate = count, estimate
        self._number = 0
        self._text = ""
        self._images: tuple[StoredImage, ...] = ()
        self.background = Background(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._send)

    def request(self, text: str, images: Sequence[StoredImage] = ()) -> None:
        self._text, self._images = text, tuple(images)
        self._number += 1  # anything still being counted is now stale
        if text or images:
            self._timer.start()
        else:
            self._timer.stop()

    def _send(self) -> None:
        number, text, images = self._number, self._text, self._images
        self.background.run(TOPIC, lambda: self._count(text, images),
                            lambda counted: self._on_counted(number, counted), lambda _error: None, receiver=self)

    def _count(self, text: str, images: tuple[StoredImage, ...]) -> tuple[int, bool] | None:
        """On a pool thread."""
        tokens = self._count_tokens(text, images)
        if tokens is not None:
            return tokens, True
        guess = self._estimate(text, images)  # a server that cannot count
        # None: no model, or the engine is busy loading; no count, it counts before sending.
        return (guess, False) if guess is not None else None

    def _on_counted(self, number: int, counted: tuple[int, bool] | None) -> None:
        if counted is not None and number == self._number:
            self.counted.emit(*counted)

    @property
    def counting(self) -> bool:
        return self.background.busy(TOPIC)

    def shutdown(self) -> None:
        self._timer.stop()
        self.background.shutdown()
