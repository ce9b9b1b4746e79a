"""A whole file's translation (core/writing/file_translator.py) on a Python thread of its own, its events brought to
the GUI thread: ``FileTranslator.run`` blocks for as long as the file takes, and the session that keeps each segment
in the database belongs to the GUI thread. Events queue up in order and a signal wakes the GUI thread to take them,
so none is lost or reordered, and closing the window takes those still on their way."""

from __future__ import annotations

import logging
import queue
import threading

from PySide6.QtCore import QObject, Qt, Signal

from assistant.core.writing.file_translation import FileJob
from assistant.core.writing.file_translator import FAILED, FileTranslator, RunEnded

log = logging.getLogger(__name__)
JOIN_SECONDS = 10.0  # closing the window: the piece being written is cancelled, so the thread ends at once


class FileRun(QObject):
    event = Signal(object)  # PieceStarted, PieceText, SegmentTranslated, then RunEnded: on the GUI thread
    _arrived = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._events: queue.SimpleQueue = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._translator: FileTranslator | None = None
        self._arrived.connect(self._deliver, Qt.QueuedConnection)

    @property
    def busy(self) -> bool:
        """From ``start`` until its RunEnded has been delivered."""
        return self._translator is not None

    def start(self, translator: FileTranslator, job: FileJob) -> None:
        self._translator = translator
        self._thread = threading.Thread(target=self._work, args=(translator, job), name="file-translation",
                                        daemon=True)
        self._thread.start()

    def _work(self, translator: FileTranslator, job: FileJob) -> None:
        try:
            translator.run(job, self._relay)
        except Exception as exc:  # noqa: BLE001 - the thread boundary: the run ends with a message, not a hang
            log.exception("the file's translation failed")
            self._relay(RunEnded(FAILED, exc))

    def _relay(self, event: object) -> None:
        self._events.put(event)
        self._arrived.emit()

    def _deliver(self) -> None:
        while True:
            try:
                event = self._events.get_nowait()
            except queue.Empty:
                return
            if isinstance(event, RunEnded):
                self._translator = None
            self.event.emit(event)

    def stop(self) -> None:
        """The piece being written is cancelled at once; RunEnded(STOPPED) follows."""
        translator = self._translator
        if translator is not None:
            translator.stop()

    def shutdown(self) -> None:
        """Stopped, its thread ended, and what it finished delivered (so each finished segment is kept)."""
        self.stop()
        if self._thread is not None:
            self._thread.join(JOIN_SECONDS)
        self._deliver()
