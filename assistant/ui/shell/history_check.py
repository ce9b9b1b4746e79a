"""The whole history file checked once the window is up, off the GUI thread (core/storage/database's
``IntegrityCheck``).

At start-up the check read every page of the history before the window could open: on a lived-in history (45,000
messages, 100 MB) that was a quarter of a second of a one-second start (docs/performance.md, issue 30). Now it
runs after the window is on screen, and a damaged file is reported over the window instead of being refused; the
app goes on, so the chats that can still be read can be exported. Closing the app interrupts the check, so the
background pool never waits on it.
"""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QMessageBox, QWidget

from assistant import APP_NAME
from assistant.core.storage.database import IntegrityCheck
from assistant.ui.common.background import Background

TOPIC = "history-check"


class HistoryCheck(QObject):
    def __init__(self, path: Path, window: QWidget, background: Background):
        super().__init__(window)
        self.window, self.background = window, background
        self.check = IntegrityCheck(path)
        window.destroyed.connect(self.check.stop)
        QCoreApplication.instance().aboutToQuit.connect(self.check.stop)

    def start(self) -> None:
        self.background.run(TOPIC, self.check.run, self._report, self._report, receiver=self.window)

    @property
    def running(self) -> bool:
        return self.background.busy(TOPIC)

    def _report(self, problem: str | None) -> None:
        if problem and shiboken6.isValid(self.window):
            QMessageBox.warning(self.window, self.tr("{app}'s history is damaged").format(app=APP_NAME), problem)
