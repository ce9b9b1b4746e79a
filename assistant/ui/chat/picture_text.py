"""The text of the composer's pictures, read as they come in when the model cannot see them: the count under the box
then counts what the model will be given in their place, and sending does not wait to read them.

It reads on a pool thread into the chat session's ImageReading (core/chat/image_reading.py), which keeps each
picture's text by its hash for the session's turns, so a picture read here is not read again when the message goes.
The OCR takes one call at a time: what comes in while it reads is read next, in one go."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from PySide6.QtCore import QObject, Signal

from assistant.core.chat.image_reading import ImageReading
from assistant.ui.common.background import Background

log = logging.getLogger(__name__)
TOPIC = "picture-text"


class PictureText(QObject):
    started = Signal()  # reading begins (nothing was being read)
    finished = Signal()  # nothing is left to read: what was read is kept

    def __init__(self, reading: ImageReading | None, parent: QObject | None = None):
        super().__init__(parent)
        self.reading = reading
        self.background = Background(self)
        self._next: list[str] = []
        self._now: list[str] = []

    @property
    def busy(self) -> bool:
        return bool(self._now)

    def read(self, names: Iterable[str]) -> None:
        """The pictures (by sha256) read unless read already, or being read."""
        if self.reading is None:
            return
        for name in names:
            if name not in self.reading.texts and name not in self._now and name not in self._next:
                self._next.append(name)
        if self._next and not self._now:
            self._start()
            self.started.emit()

    def _start(self) -> None:
        names, self._next, self._now = self._next, [], self._next
        reading = self.reading
        self.background.run(TOPIC, lambda: reading.read(names), self._done, self._failed)

    def _done(self, texts: dict[str, str | None]) -> None:
        self.reading.keep(texts)
        self._continue()

    def _failed(self, error: str) -> None:
        # ImageReading.read catches the OCR's own failures; this is a worker that broke. The message still goes,
        # and the session reads these pictures then.
        log.warning("the text of the pictures could not be read before sending: %s", error)
        self._continue()

    def _continue(self) -> None:
        self._now = []
        if self._next:
            self._start()
        else:
            self.finished.emit()

    def shutdown(self) -> None:
        self._next, self._now = [], []
        self.background.shutdown()
