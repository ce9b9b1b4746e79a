"""One queue per engine: every request to a model (the panes, the command line, next the API server and document
indexing) waits here, so one model never runs two generations at once.

A request gets a ``RequestHandle``: its events (``Text``, ``Thinking``, ``Prompt``, ``Finished``, ``Failed``, ...) go to the
listener it was submitted with, on the scheduler's thread, or can be read from the handle (``events``, ``result``)
by a caller without an event loop. ``cancel`` is out of band: a queued request never starts, a running one stops
between tokens or during prompt evaluation. Requests run by priority (``USER`` before ``BACKGROUND``), then in the
order they came.

When the engine host crashes, the scheduler has the engine load the model again one step safer (``ChatEngine.
recover``), tells ``on_status`` what changed, and runs a generation that had not written anything yet once more, so
that on a machine where llama.cpp's fastest kernels crash the first reply simply arrives. A host that dies between
requests with a model loaded (the OOM killer, a GPU reset) is recovered from at once, the same way, ahead of
anything queued: a request that arrives meanwhile waits for the model and is answered, and ``on_status`` never
leaves a model named that is not there.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass

from assistant.core.engines.chat_engine import ChatEngine, ReplyListeners
from assistant.core.engines.types import END_STOPPED, EngineError, GenerationParams, GenerationResult, LoadedModel, LoadOptions
from assistant.core.engines.errors import EngineCrashed, EngineFailure, failure_from

log = logging.getLogger(__name__)

USER, BACKGROUND = 0, 10  # what someone waits for first; indexing and the like after
RECOVERY = -10  # a model lost with its host is loaded again before any request runs
STOP_GRACE = 2.0  # seconds a running request gets to end after Stop before shutdown ends the engine under it


# Events of a request -----------------------------------------------------------------------------------------

@dataclass
class Planned:
    plan: object  # offload_plan.OffloadPlan, or None when the options were given
    options: LoadOptions


@dataclass
class Progress:
    share: float


@dataclass
class Loaded:
    model: LoadedModel


@dataclass
class Prompt:
    tokens: int
    dropped: int  # messages of the conversation left out to fit the context


@dataclass
class Text:
    text: str


@dataclass
class Thinking:
    text: str  # more of the model's reasoning, kept apart from the answer (core/engines/reasoning)


@dataclass
class ToolCallWritten:
    call: object  # types.ToolCall: the model wrote a whole call (also in the result's ``tool_calls``)


@dataclass
class Finished:
    result: GenerationResult  # result.stopped when it was stopped


@dataclass
class Embedded:
    embeddings: object  # types.Embeddings


@dataclass
class Failed:
    error: EngineFailure
    partial: str = ""  # the reply text that had been sent before it failed
    kept: LoadedModel | None = None  # a load that failed: the model still loaded, which goes on answering


TERMINAL = (Loaded, Finished, Failed, Embedded)


# Events of the engine itself (on_status) -----------------------------------------------------------------------

@dataclass
class Recovering:
    crash: EngineCrashed


@dataclass
class Recovered:
    model: LoadedModel  # its notes say what was changed


@dataclass
class ModelGone:
    error: EngineFailure


class RequestHandle:
    def __init__(self, request_id: int, kind: str, listener: Callable[[object], None] | None,
                 priority: int = USER):
        self.id, self.kind, self.priority = request_id, kind, priority
        self._listener = listener
        self._events: queue.Queue | None = None if listener else queue.Queue()
        self._cancelled = threading.Event()
        self._done = threading.Event()
        self._final: object = None
        self.retried = False

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    @property
    def ended(self) -> bool:
        """Its last event has been sent (a listener on another thread may not have it yet)."""
        return self._final is not None

    def cancel(self) -> None:
        """Out of band: a queued request never starts, a running generation stops at its next token or batch."""
        self._cancelled.set()

    def emit(self, event) -> None:
        if isinstance(event, TERMINAL):
            self._final = event
        if self._listener is not None:
            try:
                self._listener(event)
            except Exception:  # noqa: BLE001 - a listener's bug must not stop the queue
                log.exception("a listener of request %d failed", self.id)
        else:
            self._events.put(event)
        if isinstance(event, TERMINAL):
            self._done.set()

    def events(self):
        """Every event until the last one (a caller that passed no listener)."""
        while True:
            event = self._events.get()
            yield event
            if isinstance(event, TERMINAL):
                return

    def wait(self, timeout: float | None = None) -> object:
        """The final event (Loaded, Finished or Failed)."""
        if not self._done.wait(timeout):
            raise TimeoutError(f"request {self.id} did not finish in {timeout} s")
        return self._final


class Scheduler:
    def __init__(self, engine: ChatEngine, on_status: Callable[[object], None] | None = None):
        self.engine = engine
        self._status_listeners: list[Callable[[object], None]] = [on_status] if on_status else []
        self._heap: list = []
        self._order = itertools.count()
        self._ids = itertools.count(1)
        self._cond = threading.Condition()
        self._running: RequestHandle | None = None
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="engine-scheduler", daemon=True)
        self._thread.start()
        engine.watch(self._host_lost)

    def listen(self, on_status: Callable[[object], None]) -> None:
        """One more listener of the engine's own news (Recovering, Recovered, ModelGone): the window's adapter, beside
        whatever the composition gave the scheduler. Heard on the scheduler's or the engine host's thread."""
        self._status_listeners.append(on_status)

    def on_status(self, event: object) -> None:
        for listener in list(self._status_listeners):
            try:
                listener(event)
            except Exception:  # noqa: BLE001 - a listener's bug must not stop a recovery
                log.exception("a listener of the engine's news failed")

    # Submitting --------------------------------------------------------------------------------------------

    def _submit(self, kind: str, job, priority: int, listener) -> RequestHandle:
        handle = RequestHandle(next(self._ids), kind, listener, priority)
        with self._cond:
            if self._closed:
                handle.emit(Failed(EngineFailure("The engine has been shut down.")))
                return handle
            heapq.heappush(self._heap, (priority, next(self._order), handle, job))
            self._cond.notify()
        return handle

    def load(self, path: str, settings: dict | None = None, options: LoadOptions | None = None,
             priority: int = USER, listener=None) -> RequestHandle:
        """Load ``path``: with ``options`` as given, or as the host plans it for ``settings`` (ModelSettings as a
        dict; None: all Auto)."""
        def job(handle: RequestHandle) -> None:
            model = self.engine.load(path, settings, options,
                                     on_progress=lambda share: handle.emit(Progress(share)),
                                     on_planned=lambda plan, chosen: handle.emit(Planned(plan, chosen)))
            handle.emit(Loaded(model))

        return self._submit("load", job, priority, listener)

    def generate(self, messages: list[dict], params: GenerationParams, conversation: bool = False,
                 priority: int = USER, listener=None) -> RequestHandle:
        def job(handle: RequestHandle) -> None:
            if handle.cancelled:
                handle.emit(Finished(GenerationResult(end=END_STOPPED)))
                return
            listeners = ReplyListeners(should_stop=lambda: handle.cancelled,
                                       on_text=lambda text: handle.emit(Text(text)),
                                       on_prompt=lambda tokens, dropped: handle.emit(Prompt(tokens, dropped)),
                                       on_thinking=lambda text: handle.emit(Thinking(text)),
                                       on_tool_call=lambda call: handle.emit(ToolCallWritten(call)))
            result = self.engine.generate(messages, params, listeners, conversation)
            handle.emit(Finished(result))

        return self._submit("generate", job, priority, listener)

    def embed(self, model_path: str, texts: list[str], priority: int = BACKGROUND, listener=None) -> RequestHandle:
        """Vectors for the document index. Background by default: a user's request waits at most for the batch
        that is running, so callers send a few passages at a time."""
        def job(handle: RequestHandle) -> None:
            if handle.cancelled:
                handle.emit(Failed(EngineFailure("Stopped.")))
                return
            handle.emit(Embedded(self.engine.embed(model_path, texts)))

        return self._submit("embed", job, priority, listener)

    def cancel(self, handle: RequestHandle) -> None:
        handle.cancel()

    def cancel_all(self) -> None:
        """Stop the running generation and every queued one (loads still run)."""
        with self._cond:
            handles = [entry[2] for entry in self._heap] + ([self._running] if self._running else [])
        for handle in handles:
            if handle.kind == "generate":
                handle.cancel()

    def serving_user(self) -> bool:
        """A request someone waits for is running or queued. Background work done outside the engine (reading
        scanned pages) holds back meanwhile, so that it does not take the cores a reply is written with."""
        with self._cond:
            running = self._running
            return (running is not None and running.priority <= USER) or any(entry[0] <= USER for entry in self._heap)

    def generating(self) -> bool:
        """A reply is being written or waits its turn, for whoever asked (a pane, the API, a script): what the
        window asks before it switches models, instead of asking each pane."""
        with self._cond:
            running = self._running
            # Ended counts as done: the window asks when the last event reaches it, before the queue moves on.
            return (running is not None and running.kind == "generate" and not running.ended) or \
                any(entry[2].kind == "generate" for entry in self._heap)

    def count_tokens(self, text: str, images: tuple[str, ...] = ()) -> int | None:
        """Not queued: the host counts on a thread of its own while a reply is written."""
        return self.engine.count_tokens(text, tuple(images))

    def shutdown(self, timeout: float = 30.0) -> None:
        """Stop what runs, drop what waits, end the engine. Once: a second call has nothing left to do."""
        with self._cond:
            if self._closed:
                return
            self._closed = True
            waiting = [entry[2] for entry in self._heap]
            self._heap.clear()
            self._cond.notify()
        self.cancel_all()
        for handle in waiting:
            handle.cancel()
            handle.emit(Failed(EngineFailure("The engine has been shut down.")))
        self._thread.join(min(timeout, STOP_GRACE))
        if self._thread.is_alive():  # a load, which no Stop ends (Ctrl+C while it loads): the host goes under it
            self.engine.close()
            self._thread.join(timeout)
        self.engine.close()

    # The queue's thread ------------------------------------------------------------------------------------

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._heap and not self._closed:
                    self._cond.wait()
                if self._closed and not self._heap:
                    return
                _priority, _order, handle, job = heapq.heappop(self._heap)
                self._running = handle
            try:
                self._execute(handle, job)
            finally:
                with self._cond:
                    self._running = None

    def _execute(self, handle: RequestHandle, job) -> None:
        while True:
            try:
                job(handle)
                return
            except EngineCrashed as crash:
                if self._closed:  # ended by shutdown(), not a crash: nothing to recover, nothing to report
                    handle.emit(Failed(EngineFailure("The engine has been shut down.")))
                    return
                recovered = self._recover(crash, handle)
                if handle.kind == "load":
                    handle.emit(Loaded(recovered) if recovered is not None else Failed(crash))
                    return
                if recovered is not None and crash.during in ("prompt", "idle") and not handle.retried \
                        and not handle.cancelled:
                    handle.retried = True  # nothing was written yet: the user simply gets the reply
                    continue
                note = f" {recovered.notes[-1]}" if recovered is not None and recovered.notes else ""
                handle.emit(Failed(EngineCrashed(f"{crash}{note}", crash.reason, crash.during, crash.partial),
                                   crash.partial))
                return
            except EngineFailure as failure:
                kept = self.engine.model if handle.kind == "load" else None
                handle.emit(Failed(failure, failure.partial, kept))
                return
            except EngineError as exc:
                handle.emit(Failed(failure_from(exc.kind, str(exc))))
                return
            except Exception as exc:  # noqa: BLE001 - the queue's boundary: every request must end
                log.exception("request %d failed", handle.id)
                handle.emit(Failed(EngineFailure(f"Unexpected error: {exc}")))
                return

    def _host_lost(self, crash: EngineCrashed) -> None:
        """The engine host died between requests with a model loaded (on the host's reader thread)."""
        def job(handle: RequestHandle) -> None:
            if self.engine.model is None:  # else a request that met the dead host first has recovered already
                self._recover(crash, handle)

        self._submit("recover", job, RECOVERY, lambda event: None)

    def _recover(self, crash: EngineCrashed, handle: RequestHandle) -> LoadedModel | None:
        self.on_status(Recovering(crash))
        try:
            model = self.engine.recover(crash, on_progress=lambda share: handle.emit(Progress(share))
                                        if handle.kind == "load" else None)
        except EngineFailure as failure:
            self.on_status(ModelGone(failure))
            return None
        if handle.kind != "load":  # a load's own Loaded event carries the model
            self.on_status(Recovered(model))
        return model
