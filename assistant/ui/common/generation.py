"""One pane's generations on the shared engine: start, stream, stop.

The engine's scheduler runs one generation at a time for every pane, so Drafting and Translation can never run two
generations on one model at once; each reply's events reach only the pane that asked for it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from assistant.core.engines.reasoning import OFF
from assistant.core.engines.types import GenerationParams, LoadedModel
from assistant.core.storage.settings import Settings
from assistant.ui.common.engine_client import EngineClient, Reply


class GenerationTask(QObject):
    """Drafting and Translation ask for no thinking where the model's template can turn it off; whatever the
    model thinks anyway reaches the pane only as ``thinking_started``, never as text of a draft or translation."""

    text = Signal(str)  # a chunk of the reply (the answer: never thinking)
    thinking_started = Signal()  # the model thinks before it answers; the pane may say so
    finished = Signal(object)  # GenerationResult (also when stopped: result.stopped)
    failed = Signal(str)

    def __init__(self, client: EngineClient, settings: Settings, parent=None):
        super().__init__(parent)
        self.client = client
        self.settings = settings
        self.model: LoadedModel | None = None
        self.reply: Reply | None = None

    @property
    def busy(self) -> bool:
        return self.reply is not None

    def start(self, messages: list[dict], max_tokens: int | None = None, temperature: float | None = None,
              response_schema: dict | None = None) -> bool:
        """False (after emitting ``failed``) when no model is loaded or this pane is already generating.
        ``response_schema``: the reply is JSON held to it (core/engines/types.GenerationParams)."""
        if self.model is None:
            self.failed.emit(self.tr("Load a model first: Models on the left, or File → Open model file."))
            return False
        if self.busy:
            return False
        chosen = self.settings.model_settings(str(self.model.info.path))
        params = GenerationParams.from_settings(chosen, max_tokens, temperature)
        params.thinking = OFF
        params.response_schema = response_schema
        reply = self.reply = self.client.generate(messages, params)
        reply.text.connect(self.text)
        announced = []

        def thinking(_text: str) -> None:
            if not announced and reply is self.reply:
                announced.append(True)
                self.thinking_started.emit()

        reply.thinking.connect(thinking)
        reply.finished.connect(lambda result: self._ended(reply, self.finished, result))
        reply.failed.connect(lambda message, _error: self._ended(reply, self.failed, message))
        return True

    def stop(self) -> None:
        if self.reply is not None:
            self.reply.stop()

    def _ended(self, reply: Reply, signal, value) -> None:
        if reply is self.reply:
            self.reply = None
            signal.emit(value)
