"""An OpenAI-compatible server as an engine: llama-server, vLLM, Ollama, LM Studio or another Hearth, on a bigger
machine. It is a ``ChatEngine`` (core/engines/chat_engine.py) as the engine host is, so the scheduler queues its
requests the same way and a caller cannot tell where the model runs.

Replies stream as server-sent events (httpx2's ``EventSource``); Stop closes the stream, which a server takes as the
client leaving and stops generating. Thinking arrives in ``reasoning_content`` (llama-server, DeepSeek),
``reasoning`` (vLLM, Ollama) or inline in the text (``<think>``), and is kept apart as the local engine keeps it.
What the server can say about itself is asked for where it answers: llama-server's ``/props`` (the context length)
and ``/tokenize`` (exact counts); Ollama's ``/api/show`` (the context length, which must be sent back as
``num_ctx``: Ollama otherwise cuts every conversation to its 4,096-token default).

Images go as ``data:`` URLs in OpenAI's content parts, read from the files the image store prepared (no EXIF, no
location). Whether the server's model can see is asked where a server says: llama-server's ``/props``
(``modalities.vision``), Ollama's ``/api/show`` (``capabilities``), a model list's ``input_modalities`` (another
Hearth, llama-server's router). Elsewhere (vLLM, LM Studio) it is not known: images are sent, and a refusal is said
as one.

Tools go to the server in OpenAI's form and its calls come back as ``ToolCall``s (``remote_tools``); a server or
model that refuses tools is said as one.

TLS is verified against the system's certificates and, where the user added one, a certificate authority of
their own; the system proxy is honoured (``trust_env``). The key goes in the ``Authorization`` header and nowhere
else: not in an error, not in a log.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx2

from assistant.core.engines.chat_engine import QUIET, ReplyListeners
from assistant.core.engines.context_window import estimate_tokens
from assistant.core.engines.errors import (  # a server's failures are named with the engine host's, in one set
    BadServerReply,
    EngineCrashed,
    EngineFailure,
    ImageFailure,
    LoadFailed,
    NoVision,
    PromptTooLong,
    ServerGone,
    ServerRefused,
    ServerUnreachable,
)
from assistant.core.engines.reasoning import ReasoningSplitter
from assistant.core.engines.types import (
    END_CONTEXT,
    END_EOS,
    END_LENGTH,
    END_STOPPED,
    Embeddings,
    GenerationParams,
    GenerationResult,
    LoadedModel,
    LoadOptions,
)
from assistant.core.engines.remote.remote_tools import ToolCallReader, refuses_tools, request_fields, wire_message
from assistant.core.engines.remote.server_errors import readable
from assistant.core.i18n import translate
from assistant.core.images.data_url import to_data_url
from assistant.core.images.image_file import ImageProblem

CONNECT_SECONDS = 10.0
# A server that sends nothing for this long is taken to have stalled. It also bounds the wait for the first token,
# which on a busy server with a long prompt can take a while: hence minutes, not seconds.
STALL_SECONDS = 120.0
CHUNK_INTERVAL = 0.05


@dataclass
class RemoteModel:
    """A model that lives on a server, where a local one has its GGUF header (``GgufInfo``)."""

    server: str  # the base URL
    model_id: str
    context_length: int | None = None
    server_kind: str = "openai"  # "llama-server", "ollama" or "openai" (anything else that speaks the API)
    vision: bool | None = None  # the model reads images; None where the server does not say

    @property
    def name(self) -> str:
        return self.model_id

    @property
    def path(self) -> str:
        return f"{self.server}#{self.model_id}"

    @property
    def architecture(self) -> str:
        return "remote"

    @property
    def quantization(self) -> str:
        return ""  # the server knows; the OpenAI API does not say

    @property
    def block_count(self) -> None:
        return None


def _listed_vision(entry: dict) -> bool | None:
    """Whether a model list's entry says the model reads images: ``architecture.input_modalities`` (llama-server's
    router, OpenRouter, Hearth's own API); None when it says nothing."""
    architecture = entry.get("architecture")
    modalities = architecture.get("input_modalities") if isinstance(architecture, dict) else None
    return "image" in modalities if isinstance(modalities, list) else None


def _about_images(reason: str) -> bool:
    words = reason.lower()
    return any(word in words for word in ("image", "multimodal", "vision", "mmproj", "media"))


def _reason(status: int, body: str) -> str:
    """The server's own words for an error, without anything that could echo a header back."""
    text = " ".join(readable(body).split())  # {"detail": "Invalid API key"} reads as its message
    return f"HTTP {status}: {text[:300]}" if text else f"HTTP {status}"


def _event_data(response: httpx2.Response):
    """Each event's data; a server that answered with one JSON object instead of a stream gives it as one event."""
    kind = response.headers.get("content-type", "").partition(";")[0].strip().lower()
    if kind == "application/json":
        yield response.read().decode("utf-8", "replace")
        return
    for event in httpx2.EventSource(response):
        yield event.data


class RemoteEngine:
    def __init__(self, base_url: str, api_key: str | None = None, ca_file: str | Path | None = None,
                 stall_seconds: float = STALL_SECONDS, transport: httpx2.BaseTransport | None = None):
        self.base_url = base_url.rstrip("/").removesuffix("/v1")
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        verify = httpx2.create_ssl_context()  # the system's authorities (certifi's where it has none)
        if ca_file:
            try:
                verify.load_verify_locations(cafile=str(ca_file))  # and the server's private one besides
            except (OSError, ValueError) as exc:  # ssl.SSLError is an OSError
                raise ServerUnreachable(translate("Remote", "The CA certificate {file} cannot be used ({error}).")
                                        .format(file=ca_file, error=getattr(exc, "strerror", None) or exc)) from None
        self._stall = stall_seconds
        self._client = httpx2.Client(base_url=self.base_url, headers=headers, verify=verify, trust_env=True,
                                     timeout=httpx2.Timeout(STALL_SECONDS, connect=CONNECT_SECONDS),
                                     transport=transport, follow_redirects=False)
        self.model: LoadedModel | None = None
        self._listed: dict[str, dict] = {}  # /v1/models' entries by id
        self.pid = None  # no process of ours: the scheduler's crash handling does not apply
        self.restarts = 0
        self.system_info = ""  # the server's build is the server's
        self.llama_version = ""

    def close(self) -> None:
        self._client.close()

    def watch(self, on_lost: Callable[[EngineCrashed], None]) -> None:
        """Nothing of ours dies while idle: a server that went away is found out, and said, by the next request."""

    def recover(self, crash: EngineCrashed, on_progress: Callable[[float], None] | None = None) -> LoadedModel:
        raise crash  # a server's failure is an error of the request, never a crash of ours to load again after

    def embed(self, model_path: str, texts: list[str]) -> Embeddings:
        raise EngineFailure(translate("Remote", "Passages for the document index are read by a model file on this "
                                                "computer, not by a server."))

    # Talking to the server ----------------------------------------------------------------------------------

    def _get(self, path: str) -> httpx2.Response:
        try:
            response = self._client.get(path)
        except httpx2.HTTPError as exc:
            raise self._unreachable(exc) from None
        self._check(response)
        return response

    def _unreachable(self, exc: Exception) -> ServerUnreachable:
        if isinstance(exc, httpx2.TimeoutException):
            what = translate("Remote", "it did not answer in time")
        elif isinstance(exc, httpx2.ConnectError) and "CERTIFICATE" in str(exc).upper():
            what = translate("Remote", "its TLS certificate could not be verified")
        else:
            what = type(exc).__name__
        return ServerUnreachable(translate("Remote", "The server at {url} could not be reached ({what}).").format(
            url=self.base_url, what=what))

    def _check(self, response: httpx2.Response, with_images: bool = False, with_tools: bool = False) -> None:
        if response.status_code < 400:
            return
        body = response.read().decode("utf-8", "replace") if not response.is_closed else response.text
        reason = _reason(response.status_code, body)
        if response.status_code in (401, 403):
            raise ServerRefused(translate(
                "Remote", "The server at {url} refused the API key ({reason}). Check the key it was given.").format(
                url=self.base_url, reason=reason))
        if with_images and _about_images(reason):
            # llama-server without a projector answers 500 "image input is not supported"; vLLM with a text
            # model 400 "... is not a multimodal model". Either way the images are what it could not take.
            raise NoVision(translate(
                "Remote", "The server at {url} did not take the images ({reason}). Its model may not read images: "
                          "send the message without them, or choose a model that sees.").format(
                url=self.base_url, reason=reason))
        if response.status_code == 404:
            raise LoadFailed(translate("Remote", "The server at {url} has no such model or endpoint ({reason}).")
                             .format(url=self.base_url, reason=reason))
        if "context" in reason.lower() and ("exceed" in reason.lower() or "too long" in reason.lower()):
            raise PromptTooLong(translate("Remote", "The conversation is too long for the model's context on the "
                                                    "server ({reason}).").format(reason=reason))
        if with_tools and refuses_tools(reason):
            model = self.model.info.model_id if self.model is not None else ""
            raise EngineFailure(translate(
                "Remote", "The model {model} on the server at {url} cannot use tools ({reason}). Turn tools off, or "
                          "choose a model that can call them (llama-server needs --jinja).").format(
                model=model, url=self.base_url, reason=reason))
        raise EngineFailure(translate("Remote", "The server at {url} answered with an error ({reason}).").format(
            url=self.base_url, reason=reason))

    def _json(self, response: httpx2.Response):
        try:
            return response.json()
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise BadServerReply(translate("Remote", "The server at {url} did not answer with JSON ({error}); is it "
                                                     "an OpenAI-compatible server?").format(
                url=self.base_url, error=exc)) from None

    def models(self) -> list[str]:
        """The ids of the models the server offers (``/v1/models``)."""
        data = self._json(self._get("/v1/models"))
        try:
            self._listed = {str(entry["id"]): entry for entry in data["data"]}
            return list(self._listed)
        except (KeyError, TypeError):
            raise BadServerReply(translate("Remote", "The server at {url} sent a model list this app does not "
                                                     "understand.").format(url=self.base_url)) from None

    def _learn(self, model_id: str) -> tuple[str, int | None, bool | None]:
        """What kind of server this is, the model's context length and whether it reads images (None: not said),
        from what it answers besides the API."""
        try:
            props = self._client.get("/props")
            if props.status_code == 200 and "default_generation_settings" in props.text:
                data = props.json()
                n_ctx = data.get("default_generation_settings", {}).get("n_ctx") or data.get("n_ctx")
                modalities = data.get("modalities")
                vision = modalities.get("vision") if isinstance(modalities, dict) else None
                return "llama-server", int(n_ctx) if n_ctx else None, vision if isinstance(vision, bool) else None
            show = self._client.post("/api/show", json={"model": model_id})
            if show.status_code == 200:
                data = show.json()
                info = data.get("model_info", {})
                lengths = [value for key, value in info.items() if key.endswith(".context_length")]
                capabilities = data.get("capabilities")  # Ollama 0.6.4 on
                vision = "vision" in capabilities if isinstance(capabilities, list) else None
                return "ollama", int(lengths[0]) if lengths else None, vision
        except (httpx2.HTTPError, ValueError, AttributeError):
            pass  # a server without these simply tells less about itself
        entry = self._listed.get(model_id, {})
        listed = entry.get("max_model_len")  # vLLM's name, which Hearth's API uses too
        return "openai", int(listed) if isinstance(listed, int) and listed > 0 else None, _listed_vision(entry)

    # The engine's calls -------------------------------------------------------------------------------------

    def load(self, model_id: str, settings: dict | None = None, options: LoadOptions | None = None,
             on_progress: Callable[[float], None] | None = None,
             on_planned: Callable[[object, LoadOptions], None] | None = None) -> LoadedModel:
        """Choose ``model_id`` on the server (nothing is loaded here; the server has its own memory to manage)."""
        started = time.perf_counter()
        offered = self.models()
        if model_id not in offered:
            raise LoadFailed(translate("Remote", "The server at {url} has no model {model}; it offers: {models}.")
                             .format(url=self.base_url, model=model_id,
                                     models=", ".join(offered[:20]) or translate("Remote", "none")))
        kind, context, vision = self._learn(model_id)
        if on_progress is not None:
            on_progress(1.0)
        # A server that does not say may well see (vLLM with a vision model): its images are sent, and a refusal
        # is said as one (``_check``).
        self.model = LoadedModel(info=RemoteModel(self.base_url, model_id, context, kind, vision),
                                 context_length=context or 0, n_threads=0, n_gpu_layers=0,
                                 load_seconds=time.perf_counter() - started, sees=vision is not False)
        return self.model

    def count_tokens(self, text: str, images: tuple[str, ...] = (), timeout: float = 10.0) -> int | None:
        """Exact where the server can count (llama-server's ``/tokenize``); None where it cannot, and for images,
        whose tokens only the server's projector knows."""
        if self.model is None or self.model.info.server_kind != "llama-server" or images:
            return None
        try:
            response = self._client.post("/tokenize", json={"content": text}, timeout=timeout)
            return len(response.json()["tokens"]) if response.status_code == 200 else None
        except (httpx2.HTTPError, ValueError, KeyError, TypeError):
            return None

    def _body(self, messages: list[dict], params: GenerationParams) -> dict:
        info: RemoteModel = self.model.info
        turns = []
        for m in messages:
            turn = wire_message(m, self._content(m))
            if m["role"] == "assistant" and m.get("thinking"):
                turn["reasoning_content"] = m["thinking"]  # the server's template decides whether it is used
            turns.append(turn)
        body = {"model": info.model_id, "messages": turns, "stream": True, "stream_options": {"include_usage": True},
                "max_tokens": params.max_tokens, "temperature": params.temperature, "top_p": params.top_p}
        if params.seed is not None:
            body["seed"] = params.seed
        body.update(request_fields(params, info.server_kind))
        if info.server_kind == "llama-server":
            body.update(top_k=params.top_k, min_p=params.min_p, repeat_penalty=params.repeat_penalty,
                        timings_per_token=False, ignore_eos=params.ignore_eos)
            if params.thinking in ("on", "off"):
                body["chat_template_kwargs"] = {"enable_thinking": params.thinking == "on"}
        elif info.server_kind == "ollama" and info.context_length:
            # Without it Ollama cuts the conversation to its 4,096-token default, without a word.
            body["options"] = {"num_ctx": info.context_length}
        return body

    def _content(self, message: dict) -> str | list[dict]:
        """A message's text, or OpenAI's content parts: its images as data: URLs, then its text."""
        images = message.get("images") or ()
        if not images:
            return message["content"]
        if self.model.info.vision is False:
            raise NoVision(translate(
                "Remote", "The model {model} on the server at {url} cannot see images (the server says it has no "
                          "vision). Send the message without images, or choose a model that reads them.").format(
                model=self.model.info.model_id, url=self.base_url))
        parts = []
        for path in images:
            try:
                url = to_data_url(path)
            except OSError as exc:
                raise ImageFailure(translate("Remote", "The image {file} cannot be read ({error}).").format(
                    file=Path(path).name, error=exc.strerror or exc)) from None
            except ImageProblem:  # a file that is not a picture any more
                raise ImageFailure(translate("Remote", "The image {file} is not a picture Hearth can send.").format(
                    file=Path(path).name)) from None
            parts.append({"type": "image_url", "image_url": {"url": url}})
        return parts + [{"type": "text", "text": message["content"]}]

    def generate(self, messages: list[dict], params: GenerationParams, listeners: ReplyListeners = QUIET,
                 conversation: bool = False) -> GenerationResult:
        if self.model is None:
            raise LoadFailed(translate("Remote", "No model is chosen on the server."))
        body = self._body(messages, params)  # images read before anything is sent
        with_images = any(m.get("images") for m in messages)
        with_tools = bool(body.get("tools") or body.get("tool_choice"))
        started = time.perf_counter()
        result = GenerationResult()
        splitter = ReasoningSplitter()  # for thinking that arrives inline, as <think> in the text
        thinking: list[str] = []
        first_at = last_at = None
        # Text goes on at most 20 times a second (the first piece at once), as the engine host sends it: a server
        # sends every token as an event, and passing each on costs the client as much as reading it.
        held_text: list[str] = []
        held_thinking: list[str] = []
        sent_at = [0.0]

        def flush() -> None:
            if held_thinking:
                listeners.on_thinking("".join(held_thinking))
                held_thinking.clear()
            if held_text:
                listeners.on_text("".join(held_text))
                held_text.clear()
            sent_at[0] = time.monotonic()

        def deliver(parts: tuple[str, str], reasoning: str = "") -> None:
            inline_thinking, answer = parts
            for piece in (reasoning, inline_thinking):
                if piece:
                    thinking.append(piece)
                    held_thinking.append(piece)
            if answer:
                held_text.append(answer)
            if time.monotonic() - sent_at[0] >= CHUNK_INTERVAL:
                flush()

        def on_call(call) -> None:
            flush()  # the text written before a call reaches the listener before it
            listeners.on_tool_call(call)

        calls = ToolCallReader(on_call)
        timeout = httpx2.Timeout(self._stall, connect=CONNECT_SECONDS)
        try:
            with self._client.stream("POST", "/v1/chat/completions", json=body, timeout=timeout) as response:
                self._check(response, with_images, with_tools)
                listeners.on_prompt(0, 0)
                for data in _event_data(response):
                    if listeners.should_stop():
                        result.end = END_STOPPED  # leaving closes the stream: the server stops generating
                        break
                    if data.strip() == "[DONE]":
                        break
                    try:
                        chunk = json.loads(data)
                    except json.JSONDecodeError:
                        flush()  # what came before the broken event is the reply so far
                        raise BadServerReply(translate(
                            "Remote", "The server sent an event that is not JSON: {data}").format(
                            data=data[:200])) from None
                    if not isinstance(chunk, dict):
                        flush()
                        raise BadServerReply(translate("Remote", "The server sent an event this app does not "
                                                                 "understand."))
                    if "error" in chunk:
                        flush()
                        raise EngineFailure(translate("Remote", "The server stopped the reply: {reason}").format(
                            reason=_reason(200, json.dumps(chunk))))
                    self._read_usage(chunk, result)
                    for choice in chunk.get("choices") or []:
                        delta = choice.get("delta") or choice.get("message") or {}  # a reply that did not stream
                        reasoning = delta.get("reasoning_content") or delta.get("reasoning")
                        content = delta.get("content")
                        if reasoning or content or delta.get("tool_calls"):
                            last_at = time.perf_counter()
                            if first_at is None:
                                first_at = last_at
                                result.time_to_first_token = first_at - started
                        if reasoning or content:
                            deliver(splitter.feed(content) if content else ("", ""), reasoning or "")
                        calls.feed(delta.get("tool_calls"))
                        finish = choice.get("finish_reason")
                        if finish:
                            result.end = END_LENGTH if finish == "length" else END_EOS
        except httpx2.TimeoutException:
            flush()
            raise ServerGone(translate("Remote", "The server at {url} stopped sending the reply (nothing for {seconds} "
                                                 "s).").format(url=self.base_url, seconds=f"{self._stall:g}"),
                             splitter.answer, "".join(thinking)) from None
        except (httpx2.RemoteProtocolError, httpx2.ReadError) as exc:
            flush()
            if first_at is None and not splitter.answer:
                raise self._unreachable(exc) from None
            raise ServerGone(translate("Remote", "The connection to {url} broke in the middle of the reply.").format(
                url=self.base_url), splitter.answer, "".join(thinking)) from None
        except httpx2.HTTPError as exc:
            raise self._unreachable(exc) from None
        deliver(splitter.finish())
        flush()
        if not result.stopped:
            calls.finish()  # a call cut off by Stop is not whole: it is not given out
        result.tool_calls = calls.calls
        result.text = splitter.answer
        result.thinking = "".join(thinking).strip()
        if not result.prompt_tokens and not result.generated_tokens:  # the server sent no usage
            result.prompt_tokens = estimate_tokens("\n".join(m.get("content") or "" for m in messages))
            result.generated_tokens = estimate_tokens(result.text + result.thinking)
            result.counts_estimated = True
        if result.generated_tokens and first_at is not None and last_at is not None and last_at > first_at \
                and not result.tokens_per_second:
            result.tokens_per_second = (result.generated_tokens - 1) / (last_at - first_at)
        if result.end == END_EOS and result.prompt_tokens and self.model.context_length and \
                result.prompt_tokens + result.generated_tokens >= self.model.context_length:
            result.end = END_CONTEXT
        return result

    @staticmethod
    def _read_usage(chunk: dict, result: GenerationResult) -> None:
        usage = chunk.get("usage")
        if isinstance(usage, dict):
            result.prompt_tokens = int(usage.get("prompt_tokens") or result.prompt_tokens)
            result.generated_tokens = int(usage.get("completion_tokens") or result.generated_tokens)
        timings = chunk.get("timings")  # llama-server's own measurements
        if isinstance(timings, dict) and timings.get("predicted_per_second"):
            result.tokens_per_second = float(timings["predicted_per_second"])
            if timings.get("prompt_ms") is not None:
                result.prompt_seconds = float(timings["prompt_ms"]) / 1000
