"""The whole history file checked once the window is up, on a thread of its own (core/storage/database's
``IntegrityCheck``).

At start-up the check read every page of the history before the window could open: on a lived-in history (45,000
messages, 100 MB) that was a quarter of a second of a one-second start (docs/performance.md, issue 30). Now it
runs after the window is on screen, and a damaged file is reported over the window instead of being refused; the
app goes on, so the chats that can still be read can be exported. A daemon thread, not the shared pool: closing
the app interrupts the check and never waits on it.
"""

from __future__ import annotations

import threading
from pathlib import Path

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from assistant import APP_NAME
from assistant.core.storage.database import IntegrityCheck


class HistoryCheck(QObject):
    """Lives on the GUI thread; ``finished`` (None or what is wrong) is emitted from the check's thread."""

    finished = Signal(object)

    def __init__(self, path: Path, window: QWidget):
        super().__init__(window)
        self.window = window
        self.check = IntegrityCheck(path)
        self.finished.connect(self._report)
        window.destroyed.connect(self.check.stop)
        QCoreApplication.instance().aboutToQuit.connect(self.check.stop)
        self.thread = threading.Thread(target=self._run, name="history check", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def _run(self) -> None:
        problem = self.check.run()
        try:
            if problem is not None and shiboken6.isValid(self):
                self.finished.emit(problem)
        except RuntimeError:  # the window went between the question and the answer: nobody to tell
            pass

    def _report(self, problem: str | None) -> None:
        if problem and shiboken6.isValid(self.window):
            QMessageBox.warning(self.window, self.tr("{app}'s history is damaged").format(app=APP_NAME), problem)
