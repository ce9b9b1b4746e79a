"""The engine, as the rest of the app sees it: load, generate and count, run in the engine host process.

``HostedEngine`` has the in-process ``Engine``'s methods and blocks like them; the scheduler's thread is the only
caller of ``load`` and ``generate``, and ``count_tokens`` may be called from any thread. When the host
dies, the call under way raises ``EngineCrashed``, and ``recover`` starts a new host and loads the model again one
step safer (``safe_configs``), remembering the step that worked. A host that dies between calls with a model loaded
(the OOM killer, a GPU reset) is told to the listener given to ``watch``, which has it recovered at once; a host
ended by ``close`` is not a crash.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import asdict

from assistant.core.engines.types import (
    Embeddings,
    GenerationParams,
    GenerationResult,
    LoadedModel,
    LoadOptions,
    ToolCall,
)
from assistant.core.engines import protocol
from assistant.core.engines.chat_engine import QUIET, ReplyListeners
from assistant.core.engines.protocol import from_dict
from assistant.core.engines.errors import (
    BadModel,
    CannotChat,
    EngineCrashed,
    EngineFailure,
    NoModel,
    ProtocolFailure,
    failure_from,
)
from assistant.core.engines.model_kinds import cannot_chat
from assistant.core.engines.process import EngineProcess
from assistant.core.engines.safe_configs import SafeConfigs, describe, safer
from assistant.core.library.gguf_file import BadModelFile, read_gguf
from assistant.core.library import in_use
from assistant.core import i18n
from assistant.core.i18n import translate

log = logging.getLogger(__name__)

POLL = 0.05  # seconds between looks at the caller's stop flag while waiting for the host


class HostedEngine:
    def __init__(self, safe_configs: SafeConfigs | None = None, command: list[str] | None = None,
                 env: dict | None = None):
        self.safe_configs = safe_configs or SafeConfigs()
        self._command, self._env = command, env
        self._lock = threading.Lock()
        self._pending: dict[int, queue.Queue] = {}
        self._ids = itertools.count(1)
        self._process: EngineProcess | None = None
        self._model: LoadedModel | None = None
        self.plan = None  # offload_plan.OffloadPlan of the last load the host planned
        self.options: LoadOptions | None = None  # what the last load used, after planning and restrictions
        self._last_load: dict | None = None  # the request that loaded the model, for recover()
        self.restarts = 0
        self.system_info = ""  # llama_print_system_info of the host's build, once a model has loaded
        self.llama_version = "?"  # llama-cpp-python's version in the host, likewise
        self._calls = 0  # load, generate or embed under way: a host that dies meanwhile fails that call itself
        self._lost: EngineCrashed | None = None  # the host died idle with a model loaded, not yet loaded again
        self._on_lost: Callable[[EngineCrashed], None] = lambda crash: None

    @property
    def model(self) -> LoadedModel | None:
        return self._model

    @model.setter
    def model(self, model: LoadedModel | None) -> None:
        """Every change of the model loaded is marked for other processes: ``assistant models remove`` will not
        delete a model a running Hearth has loaded (core/library/in_use.py)."""
        if model is not self._model:
            in_use.mark(str(model.info.path) if model is not None else None)
        self._model = model

    def watch(self, on_lost: Callable[[EngineCrashed], None]) -> None:
        """``on_lost`` hears, on the host's reader thread, when the host dies between calls with a model loaded:
        nothing else would notice until the next request found no model."""
        self._on_lost = on_lost

    # The host ----------------------------------------------------------------------------------------------

    @property
    def pid(self) -> int | None:
        process = self._process
        return process.pid if process is not None and process.alive else None

    def start(self) -> None:
        """Start the host now (it is started on first use otherwise): the first load then pays no start-up."""
        self._host()

    def _host(self) -> EngineProcess:
        with self._lock:
            if self._process is None:
                process = EngineProcess(self._on_message, lambda reason: self._on_exit(process, reason),
                                        self._command, self._env)
                try:
                    process.start()
                except protocol.ProtocolError as exc:
                    raise ProtocolFailure(str(exc)) from exc
                self._process = process
            return self._process

    def _on_message(self, message: dict) -> None:
        with self._lock:
            waiting = self._pending.get(message.get("id"))
        if waiting is not None:
            waiting.put(message)

    def _on_exit(self, process: EngineProcess, reason: str) -> None:
        lost = None
        with self._lock:
            current = self._process is process  # close() lets go of its host first: that end is no crash
            if current:
                self._process = None
            waiting = list(self._pending.values())
            if current and not self._calls and self.model is not None:
                self.model = None
                lost = self._lost = EngineCrashed(translate(
                    "Engine", "The engine ended while it was idle ({reason}).").format(reason=reason), reason, "idle")
        log.warning("the engine host (pid %s) ended: %s", process.pid, reason)
        for box in waiting:
            box.put({"type": "exit", "reason": reason})
        if lost is not None:
            self._on_lost(lost)

    @contextmanager
    def _call(self):
        """Around load, generate and embed: while one runs, a host that dies is that call's crash, not an idle one."""
        with self._lock:
            self._calls += 1
        try:
            yield
        finally:
            with self._lock:
                self._calls -= 1

    def _request(self, message: dict) -> tuple[int, queue.Queue]:
        process = self._host()
        request_id = next(self._ids)
        box: queue.Queue = queue.Queue()
        with self._lock:
            self._pending[request_id] = box
        try:
            process.send({**message, "id": request_id, "language": i18n.language()})
        except protocol.ProtocolError:
            pass  # the host is dying: its exit reaches the box
        if not process.alive and self._process is not process:
            box.put({"type": "exit", "reason": "it had ended before the request was sent"})
        return request_id, box

    def _done(self, request_id: int) -> None:
        with self._lock:
            self._pending.pop(request_id, None)

    def _send(self, message: dict) -> None:
        process = self._process
        if process is not None:
            try:
                process.send(message)
            except protocol.ProtocolError:
                pass

    def close(self) -> None:
        with self._lock:
            process, self._process = self._process, None
            waiting = list(self._pending.values())
            self._lost = None
        for box in waiting:  # a count waiting on another thread gives up now
            box.put({"type": "exit", "reason": "the engine was shut down"})
        if process is not None:
            process.close()
        self.model = None

    # Requests ----------------------------------------------------------------------------------------------

    def load(self, path: str, settings: dict | None = None, options: LoadOptions | None = None,
             on_progress: Callable[[float], None] | None = None,
             on_planned: Callable[[object, LoadOptions], None] | None = None,
             restrictions: dict | None = None) -> LoadedModel:
        """Load ``path`` with ``options``, or with the host's plan for the model's ``settings`` (ModelSettings as a
        dict). Restrictions remembered for this model on this machine are applied; ``LoadedModel.notes`` says so.
        ``restrictions`` given here replace the remembered ones (recover's next step)."""
        with self._call():
            return self._load(path, settings, options, on_progress, on_planned, restrictions)

    def _load(self, path: str, settings: dict | None, options: LoadOptions | None,
              on_progress: Callable[[float], None] | None, on_planned: Callable[[object, LoadOptions], None] | None,
              restrictions: dict | None) -> LoadedModel:
        try:
            info = read_gguf(path)  # a bad file is refused here, before it reaches the host
        except BadModelFile as exc:
            raise BadModel(str(exc)) from exc
        refusal = cannot_chat(info)
        if refusal:
            raise CannotChat(refusal)
        remembered = {} if restrictions is not None else self.safe_configs.get(str(info.path))
        restrictions = restrictions if restrictions is not None else remembered
        request = {"type": "load", "path": str(info.path), "settings": settings,
                   "options": None if options is None else asdict(options), "restrictions": restrictions}
        self.model, self._lost = None, None
        request_id, box = self._request(request)
        try:
            while True:
                message = box.get()
                kind = message["type"]
                if kind == "planned":
                    self.options = from_dict(LoadOptions, message["options"])
                    self.plan = _plan_from(message.get("plan"))
                    if on_planned is not None:
                        on_planned(self.plan, self.options)
                elif kind == "progress" and on_progress is not None:
                    on_progress(float(message["share"]))
                elif kind == "loaded":
                    model = from_dict(LoadedModel, {**message["model"], "info": info})
                    if remembered:
                        model.notes.append(translate(
                            "Engine", "{model} loads with {changes} on this computer: it crashed llama.cpp here "
                                      "before.").format(model=info.name, changes=describe(remembered)))
                    self.model, self._last_load = model, request
                    self.system_info = message.get("system_info") or self.system_info
                    self.llama_version = message.get("llama_version") or self.llama_version
                    return model
                elif kind == "error":
                    raise failure_from(message.get("kind", "load_failed"), message.get("message", ""))
                elif kind == "exit":
                    self._last_load = request
                    raise EngineCrashed(translate(
                        "Engine", "The engine crashed while loading {model} ({reason}).").format(
                        model=info.name, reason=message["reason"]), message["reason"], "load")
        finally:
            self._done(request_id)

    def generate(self, messages: list[dict], params: GenerationParams, listeners: ReplyListeners = QUIET,
                 conversation: bool = False) -> GenerationResult:
        """Stream a reply, as Engine.generate. ``conversation``: a chat turn, after which the host evaluates the next
        turn's opening while the user types."""
        with self._call():
            return self._generate(messages, params, listeners, conversation)

    def _generate(self, messages: list[dict], params: GenerationParams, listeners: ReplyListeners,
                  conversation: bool) -> GenerationResult:
        if self.model is None:
            lost = self._lost
            if lost is not None:  # it died idle just before this request: the scheduler recovers and runs it again
                raise EngineCrashed(str(lost), lost.reason, lost.during)
            raise NoModel(translate("Engine", "No model is loaded. Open a GGUF model file first."))
        request_id, box = self._request({"type": "generate", "messages": messages, "params": asdict(params),
                                         "conversation": conversation})
        text: list[str] = []
        thought = False  # thinking (or a call) was streamed: after a crash the reply is not started afresh unseen
        cancelled = False
        try:
            while True:
                try:
                    message = box.get(timeout=POLL)
                except queue.Empty:
                    message = None
                if not cancelled and listeners.should_stop():
                    cancelled = True
                    self._send({"type": "cancel", "id": request_id})
                if message is None:
                    continue
                kind = message["type"]
                if kind == "text":
                    if message.get("thinking"):
                        thought = True
                        listeners.on_thinking(message["thinking"])
                    if message["text"]:
                        text.append(message["text"])
                        listeners.on_text(message["text"])
                elif kind == "tool_call":
                    thought = True  # written and shown: after a crash the reply is not started afresh unseen
                    listeners.on_tool_call(ToolCall.from_dict(message["call"]))
                elif kind == "prompt":
                    listeners.on_prompt(int(message["tokens"]), int(message["dropped"]))
                elif kind == "done":
                    result = from_dict(GenerationResult, message["result"])
                    result.tool_calls = [ToolCall.from_dict(call) for call in result.tool_calls or ()]
                    return result
                elif kind == "error":
                    raise failure_from(message.get("kind", "engine"), message.get("message", ""))
                elif kind == "exit":
                    self.model = None
                    partial = "".join(text)
                    during = "reply" if partial or thought else "prompt"
                    sentence = (translate("Engine", "The engine crashed while writing the reply ({reason}).")
                                if during == "reply" else
                                translate("Engine", "The engine crashed while reading the prompt ({reason})."))
                    raise EngineCrashed(sentence.format(reason=message["reason"]), message["reason"], during, partial)
        finally:
            self._done(request_id)

    def embed(self, model_path: str, texts: list[str]) -> Embeddings:
        """Normalized vectors of ``texts`` from the embedding model at ``model_path`` (loaded in the host beside the
        chat model, and kept)."""
        with self._call():
            request_id, box = self._request({"type": "embed", "model": model_path, "texts": texts})
            try:
                message = box.get()
            finally:
                self._done(request_id)
        kind = message["type"]
        if kind == "embedded":
            return Embeddings.unpack(message)
        if kind == "exit":
            self.model = None
            raise EngineCrashed(translate("Engine", "The engine crashed while reading passages for the document "
                                                    "index ({reason}).").format(reason=message["reason"]),
                                message["reason"], "embed")
        raise failure_from(message.get("kind", "engine"), message.get("message", ""))

    def count_tokens(self, text: str, images: tuple[str, ...] = (), timeout: float = 10.0) -> int | None:
        """The tokens of a message being typed with its images, or None when no model is loaded, the host does not
        answer, or the model cannot see the images."""
        if self.model is None or self._process is None:
            return None
        request_id, box = self._request({"type": "count", "text": text, "images": [str(p) for p in images]})
        try:
            message = box.get(timeout=timeout)
        except queue.Empty:
            return None
        finally:
            self._done(request_id)
        return message.get("tokens") if message.get("type") == "counted" else None

    # After a crash -----------------------------------------------------------------------------------------

    def recover(self, crash: EngineCrashed, on_progress: Callable[[float], None] | None = None) -> LoadedModel:
        """Start a new host and load the crashed model again one step safer, until a step loads; remember it.
        Raises EngineFailure when nothing safer is left (or nothing was loaded).

        A host that died idle (the out-of-memory killer, a GPU reset) was running nothing of llama.cpp's: its
        configuration is not to blame, so the model is first loaded again as it was, and nothing is remembered;
        only a crash of that load goes down the ladder."""
        request = self._last_load
        if request is None:
            raise crash
        path = request["path"]
        restrictions = dict(request.get("restrictions") or {})
        given = None if request.get("options") is None else from_dict(LoadOptions, request["options"])

        def load_again(restricted: dict) -> LoadedModel:
            self.restarts += 1
            return self.load(path, request.get("settings"), given, on_progress, restrictions=restricted)

        if crash.during == "idle":
            try:
                model = load_again(restrictions)
            except EngineCrashed as again:
                crash = again
            else:
                model.notes.append(translate("Engine", "{model} was loaded again: the engine had ended while it "
                                                       "was idle ({reason}).").format(model=model.info.name,
                                                                                      reason=crash.reason))
                return model
        options = self.options
        gpu_layers = options.n_gpu_layers if options is not None else 0
        n_layers = self.plan.n_layers if self.plan is not None else 0
        while True:
            step = safer(restrictions, gpu_layers, n_layers)
            if step is None:
                self._last_load = None
                raise EngineFailure(translate(
                    "Engine", "{error} It crashed again with weight repacking off and on the CPU alone, so the "
                              "model was unloaded.").format(error=crash))
            restrictions = step
            try:
                model = load_again(restrictions)
            except EngineCrashed as again:
                crash = again
                continue
            self.safe_configs.remember(path, restrictions)
            model.notes.append(translate(
                "Engine", "{model} was loaded again with {changes} after the crash, and will be loaded that way on "
                          "this computer from now on.").format(model=model.info.name, changes=describe(restrictions)))
            return model


def _plan_from(data: dict | None):
    if data is None:
        return None
    from assistant.core.engines.offload_plan import OffloadPlan

    return from_dict(OffloadPlan, {**data, "notes": tuple(data.get("notes") or ())})
