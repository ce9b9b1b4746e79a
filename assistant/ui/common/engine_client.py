"""The GUI's side of the engine: the core scheduler's events, delivered on the GUI thread to whoever asked.

Everything that matters happens in core: the composition (core/composition.py) makes the engine stack the client is
given, the scheduler (core/engines/scheduler.py) queues the requests, the engine host process runs llama.cpp
(core/engines/host.py), and a crash there is recovered from without the window noticing
more than a message. This adapter only moves each event onto the GUI thread: a generation's events go to its own
``Reply`` (so a pane hears only its own replies), a load's to the client's load signals, the engine's own news
(crashed, recovered, gone) to the client's status signals.
"""

from __future__ import annotations

from dataclasses import asdict

from PySide6.QtCore import QObject, Qt, Signal

from assistant.core.engines.types import GenerationParams, LoadOptions
from assistant.core.engines.router import EngineRouter
from assistant.core.engines.scheduler import (
    Failed,
    Finished,
    Loaded,
    ModelGone,
    Planned,
    Progress,
    Prompt,
    Recovered,
    Recovering,
    RequestHandle,
    Scheduler,
    Text,
    Thinking,
)
from assistant.core.storage.settings import ModelSettings


class Reply(QObject):
    """One generation, as its pane sees it. Signals arrive on the GUI thread."""

    prompt_ready = Signal(int, int)  # prompt tokens, messages left out
    text = Signal(str)
    thinking = Signal(str)  # more of the model's reasoning, apart from the answer; panes other than Chat ignore it
    finished = Signal(object)  # GenerationResult; result.stopped when it was stopped
    failed = Signal(str, object)  # the message, the EngineFailure (its type says what went wrong)

    def __init__(self, scheduler: Scheduler):
        super().__init__()
        self._scheduler = scheduler
        self.handle: RequestHandle | None = None

    @property
    def id(self) -> int:
        return self.handle.id

    def stop(self) -> None:
        self._scheduler.cancel(self.handle)


class EngineClient(QObject):
    """The GUI thread's handle on the engine. All methods return at once (``count_tokens`` excepted)."""

    model_loaded = Signal(object)  # LoadedModel
    model_load_failed = Signal(str, str, object)  # path, message, the model still loaded (LoadedModel) or None
    load_progress = Signal(float)  # 0 to 1
    load_planned = Signal(object)  # OffloadPlan, or None when the options were given
    engine_crashed = Signal(str)  # what happened; the model is being loaded again, one step safer
    engine_recovered = Signal(object)  # LoadedModel; its last note says what was changed
    model_gone = Signal(str)  # the engine could not load the model again after a crash
    generation_ended = Signal()  # after the reply's own signals
    reply_started = Signal(object)  # Reply: for tools that watch every reply (ReplyMonitor), not for panes

    _deliver = Signal(object, object)  # (target, event), from the scheduler's thread

    def __init__(self, scheduler: Scheduler, parent: QObject | None = None):
        """``scheduler``: the core's (core/composition.py), over the engine router the window loads models with."""
        super().__init__(parent)
        self.scheduler = scheduler
        self.engine: EngineRouter = scheduler.engine
        self._monitor: ReplyMonitor | None = None
        self._deliver.connect(self._dispatch, Qt.QueuedConnection)
        scheduler.listen(lambda event: self._deliver.emit(None, event))

    def load_model(self, path: str, settings: ModelSettings | None = None, options: LoadOptions | None = None) -> None:
        """Stop whatever is generating (its partial reply arrives as stopped), then load ``path``: as planned for
        ``settings`` by the engine host, or with ``options`` as given."""
        self.scheduler.cancel_all()
        self.scheduler.load(path, asdict(settings) if settings is not None else None, options,
                            listener=lambda event: self._deliver.emit(path, event))

    def generate(self, messages: list[dict], params: GenerationParams, conversation: bool = False) -> Reply:
        """``conversation``: a chat turn, whose conversation will likely go on (see Engine.warm_next_turn)."""
        reply = Reply(self.scheduler)
        # The listener holds the Reply until its last event is delivered, whatever the pane does with it.
        reply.handle = self.scheduler.generate(messages, params, conversation,
                                               listener=lambda event: self._deliver.emit(reply, event))
        self.reply_started.emit(reply)
        return reply

    @property
    def replies(self) -> "ReplyMonitor":
        """Every reply's events by request id, made on first use: for tests, benchmarks and scripts."""
        if self._monitor is None:
            self._monitor = ReplyMonitor(self)
        return self._monitor

    def count_tokens(self, text: str, images: tuple[str, ...] = ()) -> int | None:
        """The tokens of ``text`` and of the picture files ``images``. Blocks until the engine host has counted:
        call it from a thread of its own (ui/chat/token_counter.py)."""
        return self.scheduler.count_tokens(text, tuple(images))

    def stop_all(self) -> None:
        self.scheduler.cancel_all()

    def shutdown(self) -> None:
        """Stop any reply, free the model and end the engine host; blocks until it has."""
        self.scheduler.shutdown()

    def _dispatch(self, target, event) -> None:
        if isinstance(target, Reply):
            if isinstance(event, Thinking):
                target.thinking.emit(event.text)
            elif isinstance(event, Text):
                target.text.emit(event.text)
            elif isinstance(event, Prompt):
                target.prompt_ready.emit(event.tokens, event.dropped)
            elif isinstance(event, Finished):
                target.finished.emit(event.result)
                self.generation_ended.emit()
            elif isinstance(event, Failed):
                target.failed.emit(str(event.error), event.error)
                self.generation_ended.emit()
        elif isinstance(target, str):  # a load of that path
            if isinstance(event, Progress):
                self.load_progress.emit(event.share)
            elif isinstance(event, Planned):
                self.load_planned.emit(event.plan)
            elif isinstance(event, Loaded):
                self.model_loaded.emit(event.model)
            elif isinstance(event, Failed):
                self.model_load_failed.emit(target, str(event.error), event.kept)
        elif isinstance(event, Recovering):
            self.engine_crashed.emit(str(event.crash))
        elif isinstance(event, Recovered):
            self.engine_recovered.emit(event.model)
        elif isinstance(event, ModelGone):
            self.model_gone.emit(str(event.error))


class ReplyMonitor(QObject):
    """Every reply's events, with its id: for tests, benchmarks and the screenshot script, which watch whatever
    pane is writing. The panes themselves listen to their own Reply."""

    prompt_ready = Signal(int, int, int)  # request id, prompt tokens, messages left out
    chunk = Signal(int, str)
    finished = Signal(int, object)  # request id, GenerationResult
    stopped = Signal(int, object)  # request id, GenerationResult (partial)
    failed = Signal(int, str)

    def __init__(self, client: EngineClient):
        super().__init__(client)
        client.reply_started.connect(self._watch)

    def _watch(self, reply: Reply) -> None:
        reply.prompt_ready.connect(lambda tokens, dropped: self.prompt_ready.emit(reply.id, tokens, dropped))
        reply.text.connect(lambda text: self.chunk.emit(reply.id, text))
        reply.finished.connect(lambda result: (self.stopped if result.stopped else self.finished).emit(reply.id,
                                                                                                       result))
        reply.failed.connect(lambda message, _error: self.failed.emit(reply.id, message))
