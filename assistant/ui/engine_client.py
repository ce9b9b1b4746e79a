"""The engine on its own thread.

One QThread owns the Engine (and so the llama.cpp model); nothing else touches it. Requests reach it as queued
signals, so a second request waits until the first is done: two panes or a double click can never run two
generations on one model. Stop cannot wait in that queue, so it goes through a shared cancellation record that
the generation loop polls between tokens.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from assistant.core.context_window import PromptTooLong
from assistant.core.engine import END_STOPPED, Engine, EngineError, GenerationParams, GenerationResult, LoadOptions
from assistant.core.gguf_file import BadModelFile


log = logging.getLogger(__name__)

# Seconds between the reply chunks sent to the GUI thread, which puts each on screen as it comes: 20 a second is still
# continuous to read, and on a 2-core machine each update's layout and paint is taken from llama.cpp's threads. GUI
# thread CPU per 256-token reply at ~120 tokens/s: 0.063-0.075 s at 30 Hz, 0.053 s at 20 Hz; 60 Hz cost 4% of a core.
CHUNK_INTERVAL = 1 / 20


@dataclass
class GenerationRequest:
    id: int
    messages: list[dict]
    params: GenerationParams
    # A chat turn: once the reply is out, evaluate the next turn's opening while the user types.
    conversation: bool = False


class _Cancellation:
    def __init__(self):
        self._lock = threading.Lock()
        self._ids: set[int] = set()
        self._all_up_to = 0

    def cancel(self, request_id: int) -> None:
        with self._lock:
            self._ids.add(request_id)

    def cancel_all(self, up_to: int) -> None:
        with self._lock:
            self._all_up_to = max(self._all_up_to, up_to)

    def is_cancelled(self, request_id: int) -> bool:
        with self._lock:
            return request_id <= self._all_up_to or request_id in self._ids


class EngineWorker(QObject):
    model_loaded = Signal(object)  # LoadedModel
    model_load_failed = Signal(str, str)  # path, message
    load_progress = Signal(float)  # 0 to 1
    prompt_ready = Signal(int, int, int)  # request id, prompt tokens, messages left out
    chunk = Signal(int, str)
    finished = Signal(int, object)  # request id, GenerationResult
    stopped = Signal(int, object)  # request id, GenerationResult (partial)
    failed = Signal(int, str)

    def __init__(self, cancellation: _Cancellation):
        super().__init__()
        self.engine = Engine()
        self._cancellation = cancellation

    @Slot(str, object)
    def load(self, path: str, options: LoadOptions) -> None:
        try:
            shown = [-1.0]

            def progress(share: float) -> None:
                if share - shown[0] >= 0.01 or share >= 1.0:  # a hundred updates at most, not one per tensor
                    shown[0] = share
                    self.load_progress.emit(share)

            loaded = self.engine.load_safely(path, options, progress)
        except (BadModelFile, EngineError) as exc:
            self.model_load_failed.emit(path, str(exc))
            return
        except Exception as exc:  # the thread boundary: the GUI must always hear back
            log.exception("loading %s failed", path)
            self.model_load_failed.emit(path, self.tr("Unexpected error while loading {path}: {error}").format(
                path=path, error=exc))
            return
        self.model_loaded.emit(loaded)

    @Slot()
    def unload(self) -> None:
        self.engine.unload()

    @Slot(object)
    def generate(self, request: GenerationRequest) -> None:
        def should_stop() -> bool:
            return self._cancellation.is_cancelled(request.id)

        if should_stop():
            self.stopped.emit(request.id, GenerationResult(end=END_STOPPED))
            return
        pending: list[str] = []
        last_sent = [0.0]

        def send() -> None:
            if pending:
                self.chunk.emit(request.id, "".join(pending))
                pending.clear()

        def on_text(text: str) -> None:
            # One signal per token would cost the GUI thread a queued event per token; a few dozen a second is
            # as smooth to the eye and leaves the CPU to llama.cpp. The first piece goes at once.
            pending.append(text)
            now = time.monotonic()
            if now - last_sent[0] >= CHUNK_INTERVAL:
                last_sent[0] = now
                send()

        try:
            try:
                result = self.engine.generate(
                    request.messages,
                    request.params,
                    should_stop=should_stop,
                    on_text=on_text,
                    on_prompt=lambda prompt: self.prompt_ready.emit(request.id, len(prompt.tokens),
                                                                    prompt.dropped),
                )
            finally:
                send()
        except (PromptTooLong, EngineError) as exc:
            self.failed.emit(request.id, str(exc))
            return
        except Exception as exc:  # the thread boundary: a reply must always end, never hang as "streaming"
            log.exception("generation %d failed", request.id)
            self.failed.emit(request.id, self.tr("Unexpected error while generating: {error}").format(error=exc))
            return
        (self.stopped if result.stopped else self.finished).emit(request.id, result)
        if request.conversation and not result.stopped:
            try:
                self.engine.warm_next_turn(request.messages, result.text)
            except Exception:  # an optimisation: the next turn then simply evaluates these few tokens itself
                log.exception("warming the next turn failed")


class EngineClient(QObject):
    """The GUI thread's handle on the worker. All methods return at once.

    The worker's results are re-emitted by these signals, which live on the GUI thread: anything connected to
    them, a lambda included, runs on the GUI thread. (A lambda connected to the worker itself would run on the
    engine thread and touch widgets from there.)
    """

    model_loaded = Signal(object)
    model_load_failed = Signal(str, str)
    load_progress = Signal(float)
    prompt_ready = Signal(int, int, int)
    chunk = Signal(int, str)
    finished = Signal(int, object)
    stopped = Signal(int, object)
    failed = Signal(int, str)

    _load = Signal(str, object)
    _generate = Signal(object)
    _unload = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._ids = itertools.count(1)
        self._last_id = 0
        self._cancellation = _Cancellation()
        self.thread = QThread()
        self.thread.setObjectName("engine")
        self.worker = EngineWorker(self._cancellation)
        self.worker.moveToThread(self.thread)
        self._load.connect(self.worker.load)
        self._generate.connect(self.worker.generate)
        self._unload.connect(self.worker.unload)
        for name in ("model_loaded", "model_load_failed", "load_progress", "prompt_ready", "chunk", "finished",
                     "stopped", "failed"):
            getattr(self.worker, name).connect(getattr(self, name), Qt.QueuedConnection)
        self.thread.start()

    def load_model(self, path: str, options: LoadOptions) -> None:
        """Stop whatever is generating (its partial reply arrives as ``stopped``), then load ``path``."""
        self.stop_all()
        self._load.emit(path, options)

    def generate(self, messages: list[dict], params: GenerationParams, conversation: bool = False) -> int:
        """``conversation``: a chat turn, whose conversation will likely go on (see Engine.warm_next_turn)."""
        request = GenerationRequest(next(self._ids), messages, params, conversation)
        self._last_id = request.id
        self._generate.emit(request)
        return request.id

    def stop(self, request_id: int) -> None:
        self._cancellation.cancel(request_id)

    def stop_all(self) -> None:
        self._cancellation.cancel_all(self._last_id)

    def shutdown(self) -> None:
        """Stop any reply, free the model and end the thread; blocks until the worker has finished."""
        if not self.thread.isRunning():
            return
        self.stop_all()
        self._unload.emit()
        self.thread.quit()
        self.thread.wait()
