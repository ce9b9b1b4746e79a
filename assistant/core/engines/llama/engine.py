"""The inference engine: one llama.cpp model, its chat template, and a streaming generation loop.

Not thread-safe by design: exactly one thread (the app's engine worker, or a CLI) owns an Engine. Nothing here
imports Qt; progress goes out through plain callbacks.

The generation loop is written against llama.cpp's own calls, not llama-cpp-python's ``create_chat_completion`` or
``Llama.generate``: those copy the logits into Python and detokenize the whole reply so far on every token (O(n^2)
in reply length). Here each token costs one C sampling call, one one-token decode and a cached piece of text through
an incremental UTF-8 decoder; stop strings are looked for only in the newest text. ``kv_context`` keeps what the
context already holds, so a conversation's history is evaluated once (benchmarks/ measures both against llama-bench).
"""

from __future__ import annotations

import codecs
import ctypes
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import replace

from assistant.core.engines.context_window import FittedPrompt, fit_conversation, reply_reserve
from assistant.core.engines.errors import BadSchema
from assistant.core.engines.reasoning import AUTO, KNOWN_MARKERS, NO_REASONING, OFF, ReasoningSplitter, assistant_turn
from assistant.core.engines.reasoning import analyse as analyse_reasoning
from assistant.core.engines.types import (  # noqa: F401 - re-exported: the engine's own vocabulary
    END_CONTEXT,
    END_EOS,
    END_LENGTH,
    END_STOPPED,
    EngineError,
    TOOLS_NONE,
    GenerationParams,
    GenerationResult,
    LoadedModel,
    LoadOptions,
    ToolCall,
)
from assistant.core.library.gguf_file import read_gguf
from assistant.core.i18n import translate
from assistant.core.engines.llama.kv_context import (
    SMALLEST,
    ContextLost,
    DecodeError,
    GrowthError,
    KvContext,
    SnapshotCache,
    common_prefix,
)
from assistant.core.engines.llama.native import LLAMA_LOCK, ensure_backends
from assistant.core.engines.llama.grammar import request_grammar
from assistant.core.engines.llama.prompt_lookup import BatchCheck, Lookahead
from assistant.core.engines.llama.reply_parts import ReplyParts
from assistant.core.engines.llama.sampling import (
    GrammarRejected,
    SamplerChain,
    SamplerSettings,
    end_of_generation_tokens,
)
from assistant.core.engines.llama.vision import MARKER, Vision, strip_marker

_native_log = logging.getLogger("assistant.llama_cpp")
log = logging.getLogger(__name__)
_log_callback = None  # kept referenced: llama.cpp holds the raw function pointer

_GGML_TYPES = {"f16": 1, "q8_0": 8, "q4_0": 2}  # llama.cpp's ggml_type numbers for the KV cache


def _mtmd():
    from llama_cpp import mtmd_cpp  # libmtmd: loaded with the first model that has a projector

    if _log_callback is not None and not getattr(mtmd_cpp, "_assistant_logs", False):
        mtmd_cpp.mtmd_log_set(_log_callback, None)  # libmtmd and its helpers log apart from llama.cpp
        mtmd_cpp.mtmd_helper_log_set(_log_callback, None)
        mtmd_cpp._assistant_logs = True
    return mtmd_cpp


def fallback_ladder(options: LoadOptions, n_layers: int) -> list[LoadOptions]:
    """The planned load, then fewer GPU layers (3/4, 1/2, 1/4), then half the context, then the CPU alone at that
    context and at 2,048 tokens. Each step gives up as little as it can."""
    layers = n_layers if options.n_gpu_layers < 0 else options.n_gpu_layers
    context = options.context_length
    steps = [options]
    if layers > 0:
        steps += [replace(options, n_gpu_layers=layers * k // 4) for k in (3, 2, 1) if layers * k // 4 > 0]
        steps.append(replace(steps[-1], context_length=max(1024, context // 2)))
    steps.append(replace(options, n_gpu_layers=0, context_length=max(1024, context // 2 if layers else context)))
    steps.append(replace(options, n_gpu_layers=0, context_length=min(context, 2048), kv_type="f16",
                         flash_attention=False))
    unique: list[LoadOptions] = []
    for step in steps:
        if step not in unique:
            unique.append(step)
    return unique


def default_threads() -> int:
    try:
        available = len(os.sched_getaffinity(0))
    except AttributeError:
        available = os.cpu_count() or 1
    # llama-cpp-python's default is half the cores, which leaves a 2-core laptop at one thread.
    return max(1, min(available, 8))


def model_safe_text(text: str) -> str:
    """Text the tokenizer can take: lone surrogates (legal in a Python str, not in UTF-8) become U+FFFD."""
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def template_turns(messages: list[dict]) -> list[dict]:
    """Messages as the chat template reads them: cleaned text, a message's images as markers before its text (in
    their order: ``message_images`` lists the files), and an assistant turn's thinking under the names templates look
    for (whether it goes back into the prompt is the template's choice)."""
    turns = []
    for m in messages:
        content = strip_marker(model_safe_text(m.get("content") or ""))
        if m.get("images"):
            content = (MARKER + "\n") * len(m["images"]) + content
        if m["role"] == "assistant" and m.get("thinking"):
            turns.append(assistant_turn(content, model_safe_text(m["thinking"])))
        else:
            turns.append({"role": m["role"], "content": content})
        if m.get("images"):
            turns[-1]["images"] = list(m["images"])
        # Calls and their results, in the engine's shapes: tool_calls.template_messages renders them the template's way.
        if m["role"] == "assistant" and m.get("tool_calls"):
            turns[-1]["tool_calls"] = [{"id": str(call.get("id") or ""), "name": str(call.get("name") or ""),
                                        "arguments": model_safe_text(str(call.get("arguments") or "{}"))}
                                       for call in m["tool_calls"]]
        if m["role"] == "tool":
            turns[-1].update(tool_call_id=str(m.get("tool_call_id") or ""), name=str(m.get("name") or ""))
    return turns


def has_tool_turns(messages: list[dict]) -> bool:
    return any(m["role"] == "tool" or m.get("tool_calls") for m in messages)


def offered_tools(params: GenerationParams) -> list[dict]:
    """The tools the model is told of: none when the request says the model must not call any."""
    return list(params.tools) if params.tools and params.tool_choice != TOOLS_NONE else []


def message_images(messages: list[dict]) -> list[str]:
    """The image files of ``messages``, in the order their markers appear in the rendered prompt."""
    return [str(path) for m in messages for path in m.get("images") or ()]


class _StopStringFilter:
    """Holds back just enough text to never emit the start of a stop string, so the check stays O(new text)."""

    def __init__(self, stops: tuple[str, ...]):
        self.stops = tuple(s for s in stops if s)
        self.hold = max((len(s) for s in self.stops), default=0)
        self.pending = ""

    def feed(self, text: str) -> tuple[str, bool]:
        if not self.stops:
            return text, False
        self.pending += text
        for stop in self.stops:
            at = self.pending.find(stop)
            if at >= 0:
                out, self.pending = self.pending[:at], ""
                return out, True
        cut = max(0, len(self.pending) - self.hold + 1)
        out, self.pending = self.pending[:cut], self.pending[cut:]
        return out, False

    def flush(self) -> str:
        out, self.pending = self.pending, ""
        return out


_progress = threading.local()  # the load progress callback of the thread that is loading, if any


def _install_params_hook(llama_cpp) -> None:
    """Let a load report its progress and turn weight repacking off. ``Llama(...)`` has no parameter for either, but
    it takes its model parameters from ``llama_model_default_params()``; this wraps that function so that a load on
    a thread that asked for them gets them. Other threads are unaffected."""
    low = llama_cpp.llama_cpp
    if getattr(low, "_assistant_params_hook", False):
        return
    original = low.llama_model_default_params

    def with_choices():
        params = original()
        callback = getattr(_progress, "callback", None)
        if callback is not None:
            params.progress_callback = callback
        if getattr(_progress, "no_repack", False):
            params.use_extra_bufts = False
        return params

    low.llama_model_default_params = with_choices
    low._assistant_params_hook = True


def _defer_template_compiling(llama_cpp) -> None:
    """llama-cpp-python's ``Llama()`` compiles every chat template of the GGUF (its ``Jinja2ChatFormatter``), with no
    parameter to skip it, so a template with a Jinja syntax error would fail the load itself. Hearth renders
    templates itself (chat_template, which vets them and falls back), so the library's formatter is made to compile
    its template only when something asks it to format a chat."""
    from llama_cpp import llama_chat_format as formats

    if getattr(formats, "_assistant_deferred", False):
        return
    original = formats.Jinja2ChatFormatter

    class DeferredFormatter(original):  # a subclass: the library's own code reads class attributes off the name
        def __init__(self, *args, **kwargs):
            self._deferred = (args, kwargs)

        def __call__(self, *args, **kwargs):
            if self._deferred is not None:
                init_args, init_kwargs = self._deferred
                original.__init__(self, *init_args, **init_kwargs)
                self._deferred = None
            return original.__call__(self, *args, **kwargs)

    DeferredFormatter.original = original
    formats.Jinja2ChatFormatter = DeferredFormatter
    formats._assistant_deferred = True


def _route_native_logs(llama_cpp) -> None:
    """Send llama.cpp's own messages to Python logging instead of printing them on stderr."""
    global _log_callback
    if _log_callback is not None:
        return

    @llama_cpp.llama_log_callback
    def callback(level, text, _user_data):
        _native_log.debug("%s", text.decode("utf-8", "replace").rstrip())

    _log_callback = callback
    llama_cpp.llama_log_set(callback, None)


def _context_makers(llama_cpp, llama, batch_size: int):
    """How a growable KvContext makes and frees llama.cpp contexts: with the load's own settings, at another size."""
    first = [llama.ctx]  # until freed: a context made later may get the same address
    base = llama.context_params

    def make(n_ctx: int):
        params = type(base).from_buffer_copy(base)
        params.n_ctx = n_ctx
        # Llama() cut the batch to its first, smallest context; llama.cpp cuts it again to each context's size.
        params.n_batch, params.n_ubatch = batch_size, min(512, batch_size)
        with LLAMA_LOCK:
            return llama_cpp.llama_init_from_model(llama._model.model, params) or None

    def free(ctx) -> None:
        with LLAMA_LOCK:
            if ctx == first[0]:
                first[0] = None
                llama._ctx.close()  # through its wrapper, so that Llama.close() does not free it a second time
            else:
                llama_cpp.llama_free(ctx)

    return make, free


def _chattable(info):
    """``info``, or CannotChat for a model Hearth cannot chat with (model_kinds), before any load is tried."""
    from assistant.core.engines.errors import CannotChat
    from assistant.core.engines.model_kinds import cannot_chat

    refusal = cannot_chat(info)
    if refusal:
        raise CannotChat(refusal)
    return info


SNAPSHOT_BUDGET = 1 << 30  # bytes of saved contexts kept for going back to recent conversations; see kv_context


class Engine:
    def __init__(self, snapshot_budget: int = SNAPSHOT_BUDGET):
        # Held while the model is freed (also by unloads from inside generate, after the context is lost) and while
        # count_tokens reads the vocabulary from another thread, so a count never reads a freed model.
        self.model_lock = threading.RLock()
        self._llama = None
        self.batches: BatchCheck | None = None  # what prompt lookup has learned about this model's batches
        self._kv: KvContext | None = None
        self._snapshots = SnapshotCache(snapshot_budget)
        self._pieces: dict[int, bytes] = {}
        self._end_token_ids: tuple[int, ...] | None = None
        self._template = None  # chat_template.ChatTemplate, once a model is loaded
        self._template_problem: str | None = None
        self._reasoning = NO_REASONING  # the template's thinking format
        self._variables: dict = {}  # the template switches of the request being prepared (thinking on or off)
        self._tool_format = None  # tool_calls.ToolCallFormat of the template, once a model is loaded
        self._fallback_tool_format = None  # and of the generic template a prompt falls back to
        self._tools: list[dict] = []  # the tools the request being prepared offers the model
        self._marker_tokens: frozenset[int] = frozenset()  # control tokens a thinking marker is written with
        self._limit_reported = False
        self.vision: Vision | None = None  # the model's projector, when it has one that fits
        self.model: LoadedModel | None = None

    # Loading -----------------------------------------------------------------------------------------------

    def load(self, path: str | os.PathLike[str], options: LoadOptions | None = None,
             on_progress: Callable[[float], None] | None = None) -> LoadedModel:
        """Check the file, then load it. Raises BadModelFile or EngineError; the previous model is freed first.
        ``on_progress`` hears the share of the model loaded, from 0 to 1, on this thread."""
        options = options or LoadOptions()
        info = _chattable(read_gguf(path))  # refuses a bad file before llama.cpp can abort the process on it
        self.unload()
        import llama_cpp  # imported on first use: it costs start-up time the window should not pay

        _route_native_logs(llama_cpp)
        ensure_backends(llama_cpp)
        _install_params_hook(llama_cpp)
        _defer_template_compiling(llama_cpp)
        _progress.no_repack = not options.repack
        if on_progress is not None:
            def report(share: float, _user_data) -> bool:
                try:
                    on_progress(float(share))
                except Exception:  # noqa: BLE001 - a listener's bug must not abort the load
                    log.exception("load progress listener failed")
                return True  # go on loading

            _progress.callback = llama_cpp.llama_progress_callback(report)

        n_threads = options.n_threads or default_threads()
        trained = info.context_length or options.context_length
        context_length = max(SMALLEST, min(options.context_length, trained))
        capacity = -(-context_length // SMALLEST) * SMALLEST  # llama.cpp's own rounding
        # On the CPU without flash attention the context starts small and grows (kv_context says why). A GPU's
        # memory is reserved at load instead: another program could take it before the context grows.
        growable = options.n_gpu_layers == 0 and not options.flash_attention
        started = time.perf_counter()
        try:
            with LLAMA_LOCK:
                llama = llama_cpp.Llama(
                    model_path=str(info.path),
                    n_ctx=SMALLEST if growable else context_length,
                    n_batch=options.batch_size,
                    n_ubatch=min(512, options.batch_size),
                    n_threads=n_threads,
                    n_threads_batch=n_threads,
                    n_gpu_layers=options.n_gpu_layers,
                    flash_attn=options.flash_attention,
                    type_k=_GGML_TYPES[options.kv_type],
                    type_v=_GGML_TYPES[options.kv_type],
                    verbose=False,
                )
            # Out of memory can also strike at the first decode, when buffers are first touched: find out now.
            llama.eval([max(llama.token_bos(), 0)])  # a vocabulary without BOS answers -1: any token will do
            make, free = _context_makers(llama_cpp, llama, options.batch_size) if growable else (None, None)
            # Recurrent and hybrid memories cannot drop a tail: the context keeps turn boundaries instead.
            recurrent = bool(llama_cpp.llama_model_is_recurrent(llama._model.model)
                             or llama_cpp.llama_model_is_hybrid(llama._model.model))
            self._snapshots.keep_prefixes = recurrent
            kv = KvContext(llama_cpp, llama.ctx, options.batch_size, self._snapshots, capacity, make, free,
                           can_truncate=not recurrent)
        except (ValueError, RuntimeError, OSError) as exc:
            if "llama" in locals():
                llama.close()
            raise EngineError(translate("Engine", "llama.cpp could not load {file}: {error}").format(
                file=info.path.name, error=exc), "load_failed") from exc
        finally:
            _progress.callback = None
            _progress.no_repack = False
        self._llama, self._kv = llama, kv
        self.batches = None if recurrent else BatchCheck()  # a new model, new kernels: found out again
        self._limit_reported = False
        bos = self._token_text(llama.token_bos())
        eos = self._token_text(llama.token_eos())
        from assistant.core.engines.chat_template import vet_template  # jinja2: loaded with the first model

        self._template, warning = vet_template(info.chat_template, bos, eos)
        projector_note = self._open_vision(llama_cpp, info.path, options, n_threads)
        self._reasoning = analyse_reasoning(self._template)
        from assistant.core.engines.tool_calls import GENERIC
        from assistant.core.engines.tool_calls import analyse as analyse_tool_calls

        self._tool_format = analyse_tool_calls(self._template)
        self._fallback_tool_format = GENERIC  # the generic ChatML template has no tools of its own
        # The known pairs too: a model may think unasked, with markers its template never names. And the markers
        # of its tool calls, which must be seen to be taken out of the answer.
        self._marker_tokens = self._control_tokens_of(
            self._reasoning.marker_texts() + tuple(text for pair in KNOWN_MARKERS for text in pair)
            + self._tool_format.control_texts())
        self.model = LoadedModel(
            info=info,
            context_length=kv.capacity,
            n_threads=n_threads,
            n_gpu_layers=options.n_gpu_layers,
            load_seconds=time.perf_counter() - started,
            template_warning=warning,
            kv_type=options.kv_type,
            repack=options.repack,
            thinks=self._reasoning.thinks,
            thinking_switch=self._reasoning.can_turn_off,
            calls_tools=self._tool_format.native,
            sees=self.vision is not None,
            projector=self.vision.projector.name if self.vision is not None else "",
        )
        if projector_note:
            self.model.notes.append(projector_note)
        return self.model

    def _open_vision(self, llama_cpp, model_path, options: LoadOptions, n_threads: int) -> str:
        """Load the projector that reads images for this model: the one ``options.projector`` names, or the one
        found beside the model. Returns a line for the user when one was there and could not be used; the model
        itself stays loaded, reading text."""
        from pathlib import Path

        if options.projector == "":
            return ""
        if options.projector:
            path, problem = Path(options.projector), ""
        else:
            from assistant.core.library.projector import find_projector

            choice = find_projector(model_path)
            path, problem = choice.path, choice.problem
        if path is None:
            return problem
        try:
            with LLAMA_LOCK:
                self.vision = Vision(llama_cpp, _mtmd(), self._llama._model.model, path, n_threads,
                                     use_gpu=options.n_gpu_layers != 0)
        except EngineError as exc:
            log.warning("projector %s not loaded: %s", path, exc)
            return str(exc)
        self._kv.media = self.vision
        return ""

    def load_safely(self, path: str | os.PathLike[str], options: LoadOptions,
                    on_progress: Callable[[float], None] | None = None) -> LoadedModel:
        """Load; when llama.cpp fails (out of memory, above all), retry with fewer GPU layers, then a shorter
        context, then on the CPU alone. ``LoadedModel.notes`` says what was given up."""
        info = _chattable(read_gguf(path))
        first_error: EngineError | None = None
        for attempt in fallback_ladder(options, info.block_count or 32):
            try:
                model = self.load(path, attempt, on_progress)
            except EngineError as exc:
                first_error = first_error or exc
                log.warning("load failed with %s: %s", attempt, exc)
                continue
            if attempt != options:
                if attempt.n_gpu_layers > 0:
                    where = translate("Engine", "{layers} layers on the GPU").format(layers=attempt.n_gpu_layers)
                elif attempt.n_gpu_layers < 0:
                    where = translate("Engine", "all layers on the GPU")
                else:
                    where = translate("Engine", "the CPU only")
                model.notes.append(translate(
                    "Engine", "Loading as planned failed ({error}), so {model} was loaded with {where} and a "
                              "{tokens}-token context.").format(error=first_error, model=info.name, where=where,
                                                                tokens=f"{model.context_length:,}"))
            return model
        raise EngineError(f"{first_error} " + translate(
            "Engine", "It also failed with fewer GPU layers, a shorter context and on the CPU alone; the model may "
                      "need more memory than this computer has free."), "load_failed")

    def unload(self) -> None:
        with self.model_lock:
            self._free()

    def _free(self) -> None:
        if self._llama is not None:
            with LLAMA_LOCK:
                if self.vision is not None:
                    self.vision.close()
                if self._kv is not None:
                    self._kv.close()
                self._llama.close()
        self.vision = None
        self._llama = self._kv = None
        self.batches = None
        self._snapshots.clear()
        self._pieces = {}
        self._end_token_ids = None
        self._template = None
        self._reasoning = NO_REASONING
        self._tool_format = self._fallback_tool_format = None
        self._tools = []
        self._marker_tokens = frozenset()
        self.model = None

    def count_tokens(self, text: str, images: tuple[str, ...] | list[str] = ()) -> int:
        """Tokens in a message being typed (no template, no BOS), its images included. Safe beside a generation on
        another thread: it reads only the vocabulary (and the projector's preparation of an image, under its own
        lock), and holds ``model_lock`` so the model cannot be freed meanwhile."""
        with self.model_lock:
            llama = self._require_model()
            count = len(llama.tokenize(model_safe_text(text).encode("utf-8"), add_bos=False, special=False))
            if images:
                count += sum(len(self._require_vision().image_tokens(path)) for path in images)
            return count

    def _require_vision(self) -> Vision:
        if self.vision is None:
            raise EngineError(translate(
                "Engine", "This model cannot see images: it has no projector (mmproj file) beside it. Send the "
                          "message without images, or load a model that reads images."), "no_vision")
        return self.vision

    def _token_text(self, token: int) -> str:
        if token < 0:
            return ""
        return self._llama.detokenize([token], special=True).decode("utf-8", "replace")

    def _require_model(self):
        if self._llama is None:
            raise EngineError(translate("Engine", "No model is loaded. Open a GGUF model file first."), "no_model")
        return self._llama

    # Prompts -----------------------------------------------------------------------------------------------

    def encode_chat(self, messages: list[dict]) -> list[int]:
        """Render messages (already passed through template_turns, ``images`` kept) with the model's template and
        tokenize, images included."""
        self._require_model()
        return self._tokenize_prompt(self._render(messages), message_images(messages))

    def _render(self, messages: list[dict], add_generation_prompt: bool = True) -> str:
        from assistant.core.engines.chat_template import ChatTemplateError, fallback_template

        try:
            return self._render_with(self._template, self._tool_format, messages, add_generation_prompt)
        except ChatTemplateError as exc:
            if not add_generation_prompt:
                raise
            # A template can fail on one conversation and not another; fall back for this prompt and say so.
            self._template_problem = translate(
                "Engine", "{problem}; this reply used a generic ChatML template.").format(problem=exc)
            fallback = fallback_template(self._template.bos_token, self._template.eos_token)
            return self._render_with(fallback, self._fallback_tool_format, messages, True)

    def _render_with(self, template, tool_format, messages: list[dict], add_generation_prompt: bool) -> str:
        """The request's tools and the conversation's calls and results, in ``template``'s own shapes."""
        variables = self._variables
        if self._tools or has_tool_turns(messages):
            from assistant.core.engines.tool_calls import template_messages, template_variables

            messages = template_messages(messages, tool_format, self._tools)
            if self._tools:
                variables = {**variables, **template_variables(tool_format, self._tools)}
        return template.render(messages, add_generation_prompt, **variables)

    def _tokenize_prompt(self, text: str, images: list[str] = ()) -> list[int]:
        """The prompt's tokens; each image marker in ``text`` becomes the next of ``images`` (llama/vision)."""
        llama = self._llama
        pieces = text.split(MARKER)
        if len(pieces) - 1 != len(images):
            raise EngineError(translate(
                "Engine", "The model's chat template left out {missing} of the {count} images of this "
                          "conversation.").format(missing=len(images) - len(pieces) + 1, count=len(images)),
                "image")
        tokens = llama.tokenize(pieces[0].encode("utf-8"), add_bos=True, special=True)
        bos = llama.token_bos()
        if len(tokens) >= 2 and tokens[0] == bos and tokens[1] == bos:
            tokens = tokens[1:]  # the template wrote its own BOS and the tokenizer added another
        for image, piece in zip(images, pieces[1:]):
            tokens += self._require_vision().image_tokens(image)
            if piece:
                tokens += llama.tokenize(piece.encode("utf-8"), add_bos=False, special=True)
        return tokens

    def warm_next_turn(self, messages: list[dict], reply: str, thinking: str = "", mode: str = AUTO,
                       params: GenerationParams | None = None, tool_calls: list[ToolCall] = ()) -> int:
        """Evaluate what the next turn's prompt will surely start with, while the user is still typing: the end of
        ``reply`` and the template's opening of the next user message (of the first tool result, after a reply that
        called tools). Turn 10 then evaluates no more than turn 1 for a message of the same length. ``params``, when
        given, is the reply's request: its tools and thinking switch render the next turn as they rendered this one
        (``mode`` is then not read). Returns the tokens evaluated; 0 when it would throw anything in the context
        away (a conversation trimmed to fit, another conversation in between)."""
        from assistant.core.engines.chat_template import ChatTemplateError

        if self._llama is None or not (reply or tool_calls):
            return 0
        marker = "\ue000"  # a private-use character; should a message hold one too, the count below says so
        turn = {"role": "assistant", "content": reply, "thinking": thinking}
        if tool_calls:
            turn["tool_calls"] = [call.to_dict() for call in tool_calls]
        turns = template_turns(messages + [turn])
        if tool_calls:
            turns.append({"role": "tool", "content": marker, "tool_call_id": tool_calls[0].id,
                          "name": tool_calls[0].name})
        else:
            turns.append({"role": "user", "content": marker})
        if params is not None:
            self._prepare(params)
        else:
            self._variables, self._tools = self._reasoning.variables(mode), []
        try:
            text = self._render(turns, add_generation_prompt=False)
        except ChatTemplateError:
            return 0
        if text.count(marker) != 1:
            return 0
        try:
            tokens = self._tokenize_prompt(text[:text.index(marker)], message_images(turns))
        except EngineError:
            return 0
        held = self._kv.tokens
        if len(tokens) <= len(held) or common_prefix(held, tokens) < len(held):
            return 0
        try:
            return self._kv.prefill(tokens) or 0
        except (DecodeError, GrowthError) as exc:
            log.warning("evaluating the next turn's opening failed: %s", exc)
            if isinstance(exc, ContextLost):
                self.unload()  # the next request then says that no model is loaded
            return 0

    def _prepare(self, params: GenerationParams) -> tuple[str, str]:
        """Set the template switches and the tools of the request ``params``; the grammar its reply must follow
        (grammar.request_grammar). Raises BadSchema before anything is evaluated. With a grammar the reply is
        the answer itself, so thinking is asked off where the template can turn it off."""
        grammar, forced = request_grammar(params)
        mode = OFF if grammar and self._reasoning.can_turn_off else params.thinking
        self._variables = self._reasoning.variables(mode)
        self._tools = offered_tools(params)
        return grammar, forced

    def fit(self, messages: list[dict], max_tokens: int) -> FittedPrompt:
        self._require_model()
        n_ctx = self._kv.capacity
        # Cleaned once here, not on every attempt of the search for the turns that fit.
        clean = template_turns(messages)
        return fit_conversation(clean, self.encode_chat, n_ctx, reply_reserve(n_ctx, max_tokens), self.count_tokens)

    # Generation --------------------------------------------------------------------------------------------

    def generate(
        self,
        messages: list[dict],
        params: GenerationParams,
        should_stop: Callable[[], bool] = lambda: False,
        on_text: Callable[[str], None] = lambda text: None,
        on_prompt: Callable[[FittedPrompt], None] = lambda prompt: None,
        on_thinking: Callable[[str], None] = lambda text: None,
        on_tool_call: Callable[[ToolCall], None] = lambda call: None,
    ) -> GenerationResult:
        """Stream a reply to ``messages``. ``should_stop`` is polled between tokens and during prompt evaluation.
        The answer goes to ``on_text``, the model's thinking (if it thinks) to ``on_thinking``, each tool call to
        ``on_tool_call`` once the model has written all of it (and to ``result.tool_calls``, never to the text).

        Raises PromptTooLong when even the newest message cannot fit, BadSchema when the request's tools or
        response format cannot constrain the reply, EngineError when llama.cpp fails.
        """
        import llama_cpp

        llama = self._require_model()
        self._template_problem = None
        grammar, forced = self._prepare(params)
        started = time.perf_counter()
        kv = self._kv
        prompt = self.fit(messages, params.max_tokens)
        tool_format = self._fallback_tool_format if self._template_problem else self._tool_format
        if grammar:
            prompt = self._answer_opened(prompt)
        try:
            kv.reserve(len(prompt.tokens))
        except GrowthError as exc:  # the context could not grow: it is now as long as it can be, so fit again
            self._lost_context(exc)
            prompt = self.fit(messages, params.max_tokens)
            if grammar:
                prompt = self._answer_opened(prompt)
        on_prompt(prompt)
        result = GenerationResult(prompt_tokens=len(prompt.tokens), dropped_messages=prompt.dropped)
        if self._template_problem:
            result.warnings.append(self._template_problem)
        if self.model.template_warning:
            result.warnings.append(self.model.template_warning)

        n_ctx = kv.capacity
        vocab = llama._model.vocab
        is_end = llama_cpp.llama_vocab_is_eog
        piece = self._piece
        # "replace" only for bytes that can never be UTF-8; a character split across tokens waits for its rest.
        decoder = codecs.getincrementaldecoder("utf-8")("replace")
        stop_filter = _StopStringFilter(self._template.extra_stop)
        fmt = self._reasoning
        # Whether the prompt ends inside a thinking block: its last tokens say, without rendering it all again.
        tail = llama.detokenize([t for t in prompt.tokens[-32:] if t >= 0], special=True).decode(
            "utf-8", "replace") if fmt.thinks else ""
        # Under a grammar the reply is the answer itself: the prompt has closed any thinking (_answer_opened).
        splitter = ReasoningSplitter(fmt, opened=fmt.thinks and fmt.opened_by(tail)) if not grammar else \
            ReasoningSplitter(NO_REASONING)
        parts = ReplyParts(splitter, on_text, on_thinking, on_tool_call, tool_format, self._tools, forced,
                           params.named_tool, single=not params.parallel_tool_calls)
        answer_tokens = 0
        banned = self._end_tokens() if params.ignore_eos and not grammar else ()
        settings = SamplerSettings(params.temperature, params.top_p, params.top_k, params.min_p,
                                   params.repeat_penalty, params.seed)
        first_token_at = last_token_at = None
        try:
            sampler = SamplerChain(llama_cpp, llama.n_vocab(), settings, banned, grammar, vocab)
        except GrammarRejected as exc:
            raise BadSchema(translate("Grammar", "llama.cpp could not compile the grammar made from the request's "
                                                 "JSON schema, so the reply cannot be constrained to it.")) from exc
        with sampler:
            try:
                # A seed asks for the same reply again: the prompt's logits exactly as when it was first read.
                exact = params.seed is not None and params.temperature > 0
                if self.vision is not None and not params.image_cache:
                    self.vision.forget_embeddings()
                encoded = (self.vision.encoded, self.vision.encode_seconds) if self.vision else (0, 0.0)
                try:
                    evaluated = kv.prefill(prompt.tokens, should_stop, exact=exact)
                finally:
                    if self.vision is not None:
                        result.images_encoded = self.vision.encoded - encoded[0]
                        result.image_seconds = self.vision.encode_seconds - encoded[1]
            except (DecodeError, GrowthError) as exc:
                self._lost_context(exc)
                raise EngineError(translate("Engine", "llama.cpp failed while reading the prompt: {error}").format(
                    error=exc)) from exc
            result.prompt_seconds = time.perf_counter() - started
            result.restored_tokens = kv.restored_tokens
            self._report_limit(result)
            if evaluated is None:
                result.end = END_STOPPED
                return result
            result.prompt_evaluated = evaluated
            token_ids = result.token_ids
            ahead = Lookahead(kv, prompt.tokens, self.batches if params.prompt_lookup else None)
            try:
                while True:
                    token = sampler.sample(kv.ctx, ahead.index)  # kv.ctx each time: a new one after it grows
                    last_token_at = time.perf_counter()
                    if first_token_at is None:
                        first_token_at = last_token_at
                        result.time_to_first_token = first_token_at - started
                    if should_stop():
                        result.end = END_STOPPED
                        break
                    if is_end(vocab, token):
                        result.end = END_EOS
                        break
                    token_ids.append(token)
                    text, hit_stop = stop_filter.feed(decoder.decode(piece(token)))
                    was_thinking = splitter.in_thinking
                    if text:
                        parts.feed(text)
                    if was_thinking or splitter.in_thinking:
                        result.thinking_tokens += 1
                        if not splitter.in_thinking:
                            result.thinking_seconds = time.perf_counter() - first_token_at
                    else:
                        answer_tokens += 1
                    if parts.ended:  # the one call the request allows is written
                        result.end = END_EOS
                        break
                    if hit_stop:
                        result.end = END_EOS
                        break
                    if answer_tokens >= params.max_tokens:
                        result.end = END_LENGTH
                        break
                    if result.prompt_tokens + len(token_ids) >= n_ctx:
                        result.end = END_CONTEXT
                        break
                    try:
                        ahead.accept(token, params.max_tokens - answer_tokens)
                    except GrowthError as exc:  # the reply so far is kept; the context is as long as it can be
                        self._lost_context(exc)
                        if kv.short_of is None:  # not a lack of memory: say what it was
                            result.warnings.append(translate(
                                "Engine", "The reply stopped because the context could not grow: {error}").format(
                                error=exc))
                        result.end = END_CONTEXT
                        break
                    if splitter.in_thinking and result.thinking_tokens >= params.thinking_budget:
                        ahead.drop()
                        if not self._close_thinking(splitter, result, params.thinking_budget, n_ctx):
                            result.end = END_CONTEXT
                            break
                        result.thinking_seconds = time.perf_counter() - first_token_at
                ahead.drop()
            except DecodeError as exc:
                raise EngineError(translate("Engine", "llama.cpp failed while generating: {error}").format(
                    error=exc)) from exc
        self._report_limit(result)
        result.generated_tokens = len(result.token_ids)
        result.guessed_tokens, result.guessed_kept = ahead.guessed, ahead.kept
        # Bytes still held by the decoder are the start of a character the reply never finished (a stop, the length
        # limit, the end of the context): dropped, not flushed as U+FFFD into the stored text.
        decoder.reset()
        tail = stop_filter.flush()
        if tail:
            parts.feed(tail)
        parts.finish()
        result.text = parts.answer
        result.tool_calls = parts.calls
        result.thinking = splitter.thinking.strip()
        if splitter.thought and result.thinking_seconds is None and first_token_at is not None:
            result.thinking_seconds = time.perf_counter() - first_token_at  # it thought until the reply ended
        if first_token_at is not None and result.generated_tokens > 1:
            result.tokens_per_second = (result.generated_tokens - 1) / max(last_token_at - first_token_at, 1e-9)
        return result

    def _answer_opened(self, prompt: FittedPrompt) -> FittedPrompt:
        """``prompt``, ending where the answer begins, for a reply under a grammar: a thinking block the prompt
        opened (DeepSeek R1, Qwen3.5) closed with the template's own closing, or the answer's marker written where
        the format has one the model would write first (GPT-OSS's final channel)."""
        fmt = self._reasoning
        if not (fmt.thinks or fmt.answer_opening):
            return prompt
        tail = self._llama.detokenize([t for t in prompt.tokens[-32:] if t >= 0], special=True).decode(
            "utf-8", "replace")
        if fmt.thinks and fmt.opened_by(tail):
            opening = fmt.closing or fmt.end
        elif fmt.answer_opening and not tail.rstrip().endswith(fmt.answer_opening):
            opening = fmt.answer_opening
        else:
            return prompt
        tokens = self._llama.tokenize(opening.encode("utf-8"), add_bos=False, special=True)
        return replace(prompt, tokens=prompt.tokens + tokens)

    def _close_thinking(self, splitter: ReasoningSplitter, result: GenerationResult, budget: int, n_ctx: int) -> bool:
        """The thinking budget is spent: write the template's own end of the block for the model, so that it
        answers with what it has thought so far (as llama.cpp's reasoning budget does). False when the context has
        no room for it."""
        closing = self._reasoning.closing or splitter.end_marker
        tokens = self._llama.tokenize(closing.encode("utf-8"), add_bos=False, special=True)
        if result.prompt_tokens + len(result.token_ids) + len(tokens) >= n_ctx:
            return False
        try:
            for token in tokens:
                self._kv.append(token)
        except GrowthError as exc:
            self._lost_context(exc)
            return False
        splitter.close_thinking()
        result.warnings.append(translate(
            "Engine", "The model thought for its whole budget of {tokens} tokens, so its thinking was cut short and "
                      "it answered from there. Raise the thinking budget in the model's settings for harder "
                      "questions.").format(tokens=f"{budget:,}"))
        return True

    def _control_tokens_of(self, texts: tuple[str, ...]) -> frozenset[int]:
        """The control tokens among those that write ``texts``: llama.cpp leaves them out of text unless asked,
        and a thinking marker such as GPT-OSS's ``<|channel|>`` must be seen to be split off."""
        import llama_cpp

        found = set()
        vocab = self._llama._model.vocab
        buffer = ctypes.create_string_buffer(256)
        for text in texts:
            for token in self._llama.tokenize(text.encode("utf-8"), add_bos=False, special=True):
                if llama_cpp.llama_token_to_piece(vocab, token, buffer, len(buffer), 0, False) == 0:
                    found.add(token)
        return frozenset(found)

    def _report_limit(self, result: GenerationResult) -> None:
        """Once per load: the context had to stop short of the planned length for lack of memory."""
        kv = self._kv
        if kv.short_of and not self._limit_reported:
            self._limit_reported = True
            self.model.context_length = kv.capacity  # what the window shows as the context from now on
            result.warnings.append(translate(
                "Engine", "There was not enough memory for a {wanted}-token context, so the context stops at {tokens} "
                          "tokens and longer conversations are shortened to fit.").format(
                wanted=f"{kv.short_of:,}", tokens=f"{kv.capacity:,}"))

    def _lost_context(self, exc: Exception) -> None:
        """After ContextLost there is no llama.cpp context to go on with: unload, and say so."""
        if isinstance(exc, ContextLost):
            name = self.model.info.name
            self.unload()
            raise EngineError(translate("Engine", "There was not enough memory left for {model}'s context ({error}), "
                                                  "so the model was unloaded. Load it again, perhaps with a shorter "
                                                  "context.").format(model=name, error=exc),
                              "out_of_memory") from exc

    def _piece(self, token: int) -> bytes:
        """The bytes of one token, as llama.cpp's own server streams them; each token is converted once per model."""
        cached = self._pieces.get(token)
        if cached is None:
            import llama_cpp

            special = token in self._marker_tokens
            buffer = ctypes.create_string_buffer(256)
            n = llama_cpp.llama_token_to_piece(self._llama._model.vocab, token, buffer, len(buffer), 0, special)
            if n < 0:
                buffer = ctypes.create_string_buffer(-n)
                n = llama_cpp.llama_token_to_piece(self._llama._model.vocab, token, buffer, len(buffer), 0, special)
            cached = self._pieces[token] = buffer.raw[:n]
        return cached

    def _end_tokens(self) -> tuple[int, ...]:
        if self._end_token_ids is None:
            import llama_cpp

            self._end_token_ids = end_of_generation_tokens(llama_cpp, self._llama._model.vocab, self._llama.n_vocab())
        return self._end_token_ids
