"""One pane's generations on the shared engine: start, stream, stop, and only this pane's answers.

The engine runs one generation at a time for every pane (its worker's queue), so Drafting and Translation can
never run two generations on one model at once; this class only picks this pane's replies out of the stream.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from assistant.core.engine import GenerationResult, LoadedModel
from assistant.core.settings import Settings
from assistant.ui.engine_client import EngineClient


class GenerationTask(QObject):
    text = Signal(str)  # a chunk of the reply
    finished = Signal(object)  # GenerationResult (also when stopped: result.stopped)
    failed = Signal(str)

    def __init__(self, client: EngineClient, settings: Settings, parent=None):
        super().__init__(parent)
        self.client = client
        self.settings = settings
        self.model: LoadedModel | None = None
        self.request_id: int | None = None
        client.chunk.connect(self._on_chunk)
        client.finished.connect(self._on_finished)
        client.stopped.connect(self._on_finished)
        client.failed.connect(self._on_failed)

    @property
    def busy(self) -> bool:
        return self.request_id is not None

    def start(self, messages: list[dict], max_tokens: int | None = None, temperature: float | None = None) -> bool:
        """False (after emitting ``failed``) when no model is loaded or this pane is already generating."""
        if self.model is None:
            self.failed.emit(self.tr("Load a model first: Models on the left, or File → Open model file."))
            return False
        if self.busy:
            return False
        chosen = self.settings.model_settings(str(self.model.info.path))
        self.request_id = self.client.generate(messages, chosen.generation_params(max_tokens, temperature))
        return True

    def stop(self) -> None:
        if self.request_id is not None:
            self.client.stop(self.request_id)

    def _on_chunk(self, request_id: int, text: str) -> None:
        if request_id == self.request_id:
            self.text.emit(text)

    def _on_finished(self, request_id: int, result: GenerationResult) -> None:
        if request_id == self.request_id:
            self.request_id = None
            self.finished.emit(result)

    def _on_failed(self, request_id: int, message: str) -> None:
        if request_id == self.request_id:
            self.request_id = None
            self.failed.emit(message)
