"""The engine host: the child process that runs llama.cpp, so that a native crash never takes the window down.

Started by ``engines.process.EngineProcess`` as ``<python or the frozen app> -m assistant --engine-host``. It
keeps everything the in-process engine did (core/engines/llama/engine.py: the fast decode loop, KV reuse, snapshots, the growing
context, warm-next-turn, the load plan and its fallback ladder) and answers over ``protocol`` frames on its stdin and
stdout. Three threads:

- the reader takes frames off stdin. ``cancel`` is handled at once (out of band: it sets the flag the generation
  loop polls between tokens and during prompt evaluation), ``count`` goes to the counting thread, the rest to:
- the main thread, which runs load and generate one at a time, in the order they came;
- the counting thread, which counts the tokens of the message being typed with the loaded model's vocabulary. It
  never loads a second llama.cpp object beside a decode (two llama.cpp users in one process halve each other's
  speed, docs/architecture.md); it waits only for a load, never for a generation.

Reply text goes out at most 20 times a second (the first piece at once), as the GUI took it before.
"""

from __future__ import annotations

import logging
import os
import signal
import queue
import sys
import threading
import time
from dataclasses import asdict

from assistant.core import i18n
from assistant.core.engines import protocol
from assistant.core.engines.protocol import from_dict
from assistant.core.engines.types import EngineError

# Seconds between the reply's text frames: 20 a second is still continuous to read, and on a 2-core machine each
# update's layout and paint on the GUI side is taken from llama.cpp's threads (docs/performance.md).
CHUNK_INTERVAL = 1 / 20

# Test-only: make the host crash the way llama.cpp does on a machine with AMX (issue 18), on any machine.
#   repack-prompt  segfault at the first prompt evaluation of a model loaded with weight repacking on
#   prompt        segfault at every prompt evaluation      reply:N  segfault after N pieces of a reply
#   load          segfault while loading          hold-load   wait (a minute) where the load would begin
CRASH_SWITCH = "HEARTH_ENGINE_TEST_CRASH"

log = logging.getLogger(__name__)


def _crash() -> None:
    import faulthandler

    faulthandler._sigsegv()  # a real SIGSEGV (an access violation on Windows), as llama.cpp's would be


class Host:
    def __init__(self, reader, writer):
        from assistant.core.engines.llama.engine import Engine

        self._reader, self._writer = reader, writer
        self._write_lock = threading.Lock()
        self._work: queue.Queue = queue.Queue()
        self._counts: queue.Queue = queue.Queue()
        self._cancelled: set[int] = set()
        self._cancel_lock = threading.Lock()
        self.engine = Engine()
        self.embedder = None  # llama/embedder.py, made at the first embedding request
        self._crash = os.environ.get(CRASH_SWITCH, "")

    def send(self, message: dict) -> None:
        with self._write_lock:
            protocol.write(self._writer, message)

    # Threads ---------------------------------------------------------------------------------------------

    def run(self) -> None:
        self.send({"type": "hello", "version": protocol.VERSION, "pid": os.getpid()})
        threading.Thread(target=self._read_loop, name="host-reader", daemon=True).start()
        threading.Thread(target=self._count_loop, name="host-counter", daemon=True).start()
        while True:
            message = self._work.get()
            if message is None:
                break
            # Warnings and errors are written here in the language the window shows now (it can change between
            # requests), so the request says which.
            i18n.use_catalogue(message.get("language", "en"))
            handler = getattr(self, f"_do_{message['type']}", None)
            if handler is None:
                self._fail(message.get("id"), "protocol", f"unknown request {message['type']!r}")
                continue
            handler(message)
        self.engine.unload()
        if self.embedder is not None:
            self.embedder.unload()

    def _read_loop(self) -> None:
        while True:
            try:
                message = protocol.read(self._reader)
            except protocol.ProtocolError as exc:
                # The parent died (Closed) or sent garbage: either way nobody can be answered any more.
                if not isinstance(exc, protocol.Closed):
                    log.error("engine host: %s", exc)
                with self._cancel_lock:
                    self._cancelled.add(-1)  # stops whatever runs
                self._work.put(None)
                return
            kind = message["type"]
            if kind == "cancel":
                with self._cancel_lock:
                    self._cancelled.add(int(message.get("id", 0)))
            elif kind == "count":
                self._counts.put(message)
            elif kind == "shutdown":
                with self._cancel_lock:
                    self._cancelled.add(-1)
                self._work.put(None)
                return
            else:
                self._work.put(message)

    def _count_loop(self) -> None:
        while True:
            message = self._counts.get()
            while not self._counts.empty():  # only the newest text matters: the user has typed on
                self.send({"type": "counted", "id": message.get("id"), "tokens": None})
                message = self._counts.get()
            tokens = None
            if self.engine.model is not None:
                try:
                    tokens = self.engine.count_tokens(str(message.get("text", "")),
                                                      [str(path) for path in message.get("images") or ()])
                except EngineError:
                    pass  # unloaded meanwhile: no count
                except Exception:  # noqa: BLE001 - no count is shown; the engine counts again before sending
                    log.exception("counting tokens failed")
            self.send({"type": "counted", "id": message.get("id"), "tokens": tokens})

    def _is_cancelled(self, request_id: int) -> bool:
        with self._cancel_lock:
            return request_id in self._cancelled or -1 in self._cancelled

    def _fail(self, request_id, kind: str, message: str) -> None:
        self.send({"type": "error", "id": request_id, "kind": kind, "message": message})

    # Requests --------------------------------------------------------------------------------------------

    def _do_load(self, message: dict) -> None:
        from assistant.core.engines.types import EngineError, LoadOptions
        from assistant.core.library.gguf_file import BadModelFile, read_gguf

        request_id, path = message["id"], message["path"]
        try:
            if message.get("options") is not None:
                options, plan = from_dict(LoadOptions, message["options"]), None
            else:
                plan, options = self._plan(read_gguf(path), message.get("settings") or {})
            restrictions = message.get("restrictions") or {}
            if restrictions.get("repack") is False:
                options.repack = False
            if restrictions.get("max_gpu_layers") is not None:
                limit = int(restrictions["max_gpu_layers"])
                if options.n_gpu_layers < 0 or options.n_gpu_layers > limit:
                    options.n_gpu_layers = limit
                if limit == 0:
                    options.flash_attention = options.kv_type != "f16"  # quantized KV caches need it
            self.send({"type": "planned", "id": request_id, "options": asdict(options),
                       "plan": None if plan is None else asdict(plan)})
            shown = [-1.0]

            def progress(share: float) -> None:
                if share - shown[0] >= 0.01 or share >= 1.0:  # a hundred updates at most, not one per tensor
                    shown[0] = share
                    self.send({"type": "progress", "id": request_id, "share": share})

            if self._crash == "load":
                _crash()
            if self._crash == "hold-load":  # a load that takes long, for Ctrl+C at load (tests/test_cli_edges.py)
                log.warning("test: holding the load")
                time.sleep(60)
            with self.engine.model_lock:  # a count waits for the new model instead of reading the old one
                self.engine.unload()
                loaded = self.engine.load_safely(path, options, progress)
        except BadModelFile as exc:
            self._fail(request_id, "bad_model", str(exc))
            return
        except EngineError as exc:
            self._fail(request_id, exc.kind if exc.kind != "engine" else "load_failed", str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - the parent must always hear back
            log.exception("loading %s failed", path)
            self._fail(request_id, "load_failed", f"Unexpected error while loading {path}: {exc}")
            return
        import llama_cpp

        model = asdict(loaded)
        del model["info"]  # the parent has read the header itself; the tensor table need not cross the pipe
        system_info = llama_cpp.llama_print_system_info().decode("utf-8", "replace").strip()
        self.send({"type": "loaded", "id": request_id, "model": model, "system_info": system_info,
                   "llama_version": getattr(llama_cpp, "__version__", "?")})

    def _plan(self, info, settings: dict):
        """The load plan from this process's view of the hardware: llama.cpp is loaded here, never in the GUI's."""
        from assistant.core.engines.hardware import hardware_report
        from assistant.core.engines.offload_plan import plan_load
        from assistant.core.storage.settings import ModelSettings

        return plan_load(info, ModelSettings.from_dict(settings), hardware_report(ask_llama=True))

    def _do_generate(self, message: dict) -> None:
        from assistant.core.engines.context_window import PromptTooLong
        from assistant.core.engines.types import EngineError, GenerationParams

        request_id = message["id"]
        if self._is_cancelled(request_id):
            self.send({"type": "done", "id": request_id, "result": {"end": "stopped"}})
            return
        params = from_dict(GenerationParams, message.get("params") or {})
        pending: list[str] = []
        thinking: list[str] = []
        last_sent = [0.0]
        pieces = [0]

        def send_text() -> None:
            if pending or thinking:
                frame = {"type": "text", "id": request_id, "text": "".join(pending)}
                if thinking:
                    frame["thinking"] = "".join(thinking)
                self.send(frame)
                pending.clear()
                thinking.clear()

        def hold(into: list[str], text: str) -> None:
            into.append(text)
            pieces[0] += 1
            if self._crash.startswith("reply:") and pieces[0] >= int(self._crash[6:]):
                send_text()
                _crash()
            now = time.monotonic()
            if now - last_sent[0] >= CHUNK_INTERVAL:
                last_sent[0] = now
                send_text()

        def on_tool_call(call) -> None:
            send_text()  # the answer written before the call reaches the app before it
            self.send({"type": "tool_call", "id": request_id, "call": call.to_dict()})

        def on_prompt(prompt) -> None:
            self.send({"type": "prompt", "id": request_id, "tokens": len(prompt.tokens), "dropped": prompt.dropped})
            model = self.engine.model
            if self._crash == "prompt" or (self._crash == "repack-prompt" and model is not None and model.repack):
                _crash()

        try:
            try:
                result = self.engine.generate(message["messages"], params,
                                              should_stop=lambda: self._is_cancelled(request_id),
                                              on_text=lambda text: hold(pending, text), on_prompt=on_prompt,
                                              on_thinking=lambda text: hold(thinking, text),
                                              on_tool_call=on_tool_call)
            finally:
                send_text()
        except PromptTooLong as exc:
            self._fail(request_id, "prompt_too_long", str(exc))
            return
        except EngineError as exc:
            self._fail(request_id, exc.kind, str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - a reply must always end, never hang as "streaming"
            log.exception("generation %s failed", request_id)
            self._fail(request_id, "engine", f"Unexpected error while generating: {exc}")
            return
        self.send({"type": "done", "id": request_id, "result": asdict(result)})
        if message.get("conversation") and not result.stopped:
            try:
                self.engine.warm_next_turn(message["messages"], result.text, result.thinking, params=params,
                                           tool_calls=result.tool_calls)
            except Exception:  # noqa: BLE001 - an optimisation: the next turn evaluates these tokens itself
                log.exception("warming the next turn failed")
        with self._cancel_lock:
            self._cancelled.discard(request_id)


    def _do_embed(self, message: dict) -> None:
        """Vectors for the document index, run between replies like any request (the scheduler sends these at
        background priority, a few passages at a time, so a user's request never waits long behind them)."""
        import base64
        import struct

        from assistant.core.engines.llama.embedder import Embedder

        request_id = message["id"]
        try:
            if self.embedder is None:
                self.embedder = Embedder()
            vectors, tokens = self.embedder.embed(message["model"], list(message["texts"]))
        except Exception as exc:  # noqa: BLE001 - the parent must always hear back
            log.exception("embedding failed")
            self._fail(request_id, "embed_failed", f"The embedding model could not be used: {exc}")
            return
        dimensions = len(vectors[0]) if vectors else 0
        packed = struct.pack(f"<{len(vectors) * dimensions}f", *(x for vector in vectors for x in vector))
        self.send({"type": "embedded", "id": request_id, "dimensions": dimensions, "tokens": tokens,
                   "vectors": base64.b64encode(packed).decode("ascii")})


def main() -> int:
    """Entry point of the child process. Its stdout is the protocol's, so whatever native code prints to file
    descriptor 1 must not land there: the pipe is moved to a descriptor of its own and fd 1 becomes stderr (or
    nothing, in a windowed app that has no stderr). Descriptors, not sys.stdout: a frozen windowed app on Windows
    sets sys.stdout and sys.stderr to None even where the handles exist."""
    writer = os.fdopen(os.dup(1), "wb", buffering=0)
    reader = os.fdopen(os.dup(0), "rb", buffering=0)
    try:
        os.dup2(2, 1)
    except OSError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    # The host runs in a process group of its own (process.py), out of a terminal's Ctrl+C; one sent to it all the
    # same must not kill it either: the parent decides what it stops, out of band.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    log_file = os.environ.get(protocol.LOG_SWITCH)
    if log_file:  # a command line keeps llama.cpp's words and a crash's stack in a file, and says where
        try:
            os.dup2(os.open(log_file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600), 2)
        except OSError:
            pass
    if sys.stderr is not None:
        logging.basicConfig(level=logging.WARNING, format="engine host: %(message)s")
        import faulthandler

        faulthandler.enable()  # a native crash leaves its Python stack on stderr, for the bug report
    Host(reader, writer).run()
    return 0
