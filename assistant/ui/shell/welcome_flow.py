"""The first start: a new user (nothing to chat with, the welcome never finished or skipped) gets the welcome over
the window; Help › Welcome brings it back. Finished, it leaves the user in the chat with the model it loaded."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from assistant.core.engines.model_session import ModelSession
from assistant.core.storage.settings import Settings, WindowRecord


class WelcomeFlow(QObject):
    finished = Signal()  # a model was downloaded and loaded from the welcome: the chat is ready

    def __init__(self, settings: Settings, session: ModelSession, models, client,
                 open_file: Callable[[], None], window: QWidget):
        """``models``: the Models pane (its queue, background pool, Hub access and models folder); ``client``: the
        EngineClient, whose load signals the dialog follows; ``open_file()``: the window's Open model file."""
        super().__init__(window)
        self.settings, self.session, self.models, self.client = settings, session, models, client
        self.open_file, self.window = open_file, window

    def first_start(self) -> bool:
        """Nothing to chat with yet and the welcome never finished or skipped: a new user."""
        if self.settings.read(WindowRecord).welcome_done:  # finished or skipped: it does not open by itself
            return False
        return self.session.nothing_to_chat_with(Path(self.models.models_dir))

    def show(self, choices=None):
        """The welcome dialog, opened over the window (``choices``: the models offered, for tests)."""
        from assistant.ui.models.welcome_dialog import WelcomeDialog

        dialog = WelcomeDialog(self.models, self.session.load, choices, self.window)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        self.client.model_loaded.connect(dialog.loaded)
        self.client.model_load_failed.connect(dialog.load_failed)
        dialog.open_file_requested.connect(self.open_file)
        dialog.skipped.connect(lambda: self.settings.update(WindowRecord, welcome_done=True))
        dialog.accepted.connect(self._done)
        dialog.open()
        return dialog

    def _done(self) -> None:
        self.settings.update(WindowRecord, welcome_done=True)
        self.finished.emit()
