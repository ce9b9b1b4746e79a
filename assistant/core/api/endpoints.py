"""The API as a Starlette application. Every chat completion is a request to the same scheduler as the panes, so
it waits its turn and one model never writes two replies at once; a client that goes away stops its reply.

The guard in front checks, before anything is read: the Host header (so that a web page cannot reach the loopback
server through a DNS name it controls), the token, and the body's declared size. Bodies sent without a size are
counted as they arrive. Cross-origin requests from browsers are refused unless origins were allowed.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sse_starlette import EventSourceResponse
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from assistant.core.api.api_images import ApiImages
from assistant.core.api.api_token import matches
from assistant.core.api.openai_format import (
    ApiError,
    ChatRequest,
    Reply,
    StopStrings,
    finish_reason,
    generation_params,
    parse_chat_request,
)
from assistant.core.api.openai_tools import call_delta
from assistant.core.engines.errors import EngineCrashed, EngineFailure, ImageFailure, NoModel, NoVision, PromptTooLong
from assistant.core.engines.scheduler import (
    TERMINAL,
    Failed,
    Finished,
    Prompt,
    Scheduler,
    Text,
    Thinking,
    ToolCallWritten,
)
from assistant.core.engines.types import GenerationParams, GenerationResult, LoadedModel, ToolCall
from assistant.core.storage.settings import ModelSettings

log = logging.getLogger(__name__)

LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "[::1]", "::1"]


@dataclass
class ServedModel:
    """What the API offers now: the loaded model under the id clients ask for, with its settings from the app."""

    id: str
    context_length: int
    defaults: GenerationParams
    sees: bool = False  # reads images (LoadedModel.sees)


def served_model(model: LoadedModel, chosen: ModelSettings) -> ServedModel:
    """A loaded model as the API offers it: a local file under its name without ``.gguf``, a server's model under
    the server's id; replies use the model's settings, as in the app."""
    info = model.info
    model_id = getattr(info, "model_id", None) or Path(str(info.path)).stem
    return ServedModel(model_id, model.context_length, GenerationParams.from_settings(chosen), model.sees)


@dataclass
class ApiLimits:
    # A 128k-token conversation is about 0.5 MB of text; a phone's photo 3 to 6 MB, and a third more as base64.
    max_body_bytes: int = 16 << 20
    max_requests: int = 8  # chat completions waiting or being written; more get 429 (clients retry)
    drain_factor: int = 4  # an oversized body is read and dropped up to this many times the cap, so the client
    # gets its 413 instead of a broken pipe; beyond it the connection is closed


def _error(error: ApiError) -> JSONResponse:
    return JSONResponse(error.body(), status_code=error.status)


class _Guard:
    """Host, token and declared size, checked before the application reads anything."""

    def __init__(self, app, token: str, limits: ApiLimits):
        self.app, self.token, self.limits = app, token, limits

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"] == "/health":
            return await self.app(scope, receive, send)
        headers = dict(scope["headers"])
        offered = headers.get(b"authorization", b"").decode("latin-1")
        scheme, _, value = offered.partition(" ")
        if scheme.lower() != "bearer" or not matches(self.token, value.strip()):
            error = ApiError(401, "A valid API token is required: send it as 'Authorization: Bearer <token>'. "
                                  "Hearth shows it once when the API is switched on.", "invalid_api_key",
                             kind="authentication_error")
            return await _error(error)(scope, receive, send)
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limits.max_body_bytes:
            await _drain(receive, self.limits.max_body_bytes * self.limits.drain_factor)
            return await _error(_too_large(self.limits))(scope, receive, send)
        return await self.app(scope, receive, send)


def _too_large(limits: ApiLimits) -> ApiError:
    return ApiError(413, f"The request is larger than {limits.max_body_bytes >> 20} MB, the most this API "
                         f"accepts.", "request_too_large")


async def _drain(receive, most: int) -> None:
    seen = 0
    while seen <= most:
        message = await receive()
        if message["type"] != "http.request":
            return
        seen += len(message.get("body", b""))
        if not message.get("more_body"):
            return


async def _read_json(request: Request, limits: ApiLimits):
    body, size = [], 0
    async for piece in request.stream():
        size += len(piece)
        if size > limits.max_body_bytes:
            raise _too_large(limits)
        body.append(piece)
    try:
        return json.loads(b"".join(body))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ApiError(400, f"The request body is not valid JSON ({exc}).", "invalid_json") from None


class _Events:
    """A scheduler request's events, moved from the scheduler's thread onto the event loop."""

    def __init__(self, loop: asyncio.AbstractEventLoop):
        self.loop = loop
        self.queue: asyncio.Queue = asyncio.Queue()

    def __call__(self, event) -> None:
        try:
            self.loop.call_soon_threadsafe(self.queue.put_nowait, event)
        except RuntimeError:
            pass  # the loop has closed: the server is stopping and nobody waits for this event


def _failure(error: EngineFailure) -> ApiError:
    if isinstance(error, PromptTooLong):
        return ApiError(400, str(error), "context_length_exceeded", "messages")
    if isinstance(error, NoVision):
        return ApiError(400, str(error), "model_cannot_see", "messages")
    if isinstance(error, ImageFailure):
        return ApiError(400, str(error), "invalid_image", "messages")
    if isinstance(error, NoModel):
        return ApiError(503, str(error), "model_not_loaded", kind="server_error")
    if isinstance(error, EngineCrashed):
        return ApiError(500, str(error), "engine_crashed", kind="server_error")
    return ApiError(500, str(error), "engine_failed", kind="server_error")


def _too_long(dropped: int, context: int) -> ApiError:
    return ApiError(400, f"The conversation does not fit the model's context of {context:,} tokens with room for "
                         f"the reply: its first {dropped:,} messages would have to be left out. Send a shorter one.",
                    "context_length_exceeded", "messages")


class ChatApi:
    """The endpoints, over ``scheduler`` and whatever ``served`` says is loaded when a request comes. ``images``:
    where a request's pictures are kept while it needs them (a temporary folder of its own by default)."""

    def __init__(self, scheduler: Scheduler, served: Callable[[], ServedModel | None], limits: ApiLimits,
                 on_activity: Callable[[int], None] = lambda active: None, images: ApiImages | None = None):
        self.scheduler, self.served, self.limits, self.on_activity = scheduler, served, limits, on_activity
        self.images = images or ApiImages()
        self.active = 0  # chat completions waiting or being written (touched on the event loop only)

    def _model(self, asked: str) -> ServedModel:
        served = self.served()
        if served is None:
            raise ApiError(503, "No model is loaded in Hearth; load one in the app first.", "model_not_loaded",
                           kind="server_error")
        if asked != served.id:
            raise ApiError(404, f"The model '{asked:.200}' is not loaded; Hearth serves '{served.id}' now "
                                f"(GET /v1/models lists it).", "model_not_found", "model")
        return served

    async def models(self, request: Request) -> JSONResponse:
        served = self.served()
        data = [] if served is None else [self._entry(served)]
        return JSONResponse({"object": "list", "data": data})

    async def model(self, request: Request) -> JSONResponse:
        try:
            return JSONResponse(self._entry(self._model(request.path_params["model"])))
        except ApiError as error:
            return _error(error)

    @staticmethod
    def _entry(served: ServedModel) -> dict:
        # max_model_len as vLLM names it: what another Hearth (or any client) reads for the context length; the
        # input modalities as llama-server's router and OpenRouter say whether a model reads images.
        return {"id": served.id, "object": "model", "created": 0, "owned_by": "hearth",
                "max_model_len": served.context_length,
                "architecture": {"input_modalities": ["text", "image"] if served.sees else ["text"]}}

    async def chat_completions(self, request: Request):
        try:
            chat = parse_chat_request(await _read_json(request, self.limits))
            served = self._model(chat.model)
            if chat.has_images and not served.sees:
                raise ApiError(400, f"The model '{served.id}' cannot see images: it was loaded without a projector "
                                    f"(mmproj file) that reads them. Send text only, or load a model that reads "
                                    f"images.", "model_cannot_see", "messages")
            if self.active >= self.limits.max_requests:
                raise ApiError(429, f"{self.active} requests are already waiting for the model; try again when "
                                    f"one has finished.", "too_many_requests", kind="rate_limit_error")
        except ApiError as error:
            return _error(error)
        self._count(+1)
        try:
            messages, pictures = await self.images.take(chat.messages)
        except ApiError as error:
            self._count(-1)
            return _error(error)
        except BaseException:
            self._count(-1)
            raise
        events = _Events(asyncio.get_running_loop())
        handle = self.scheduler.generate(messages, generation_params(chat, served.defaults), conversation=True,
                                         listener=events)
        if chat.stream:
            def done() -> None:
                handle.cancel()  # a client that went away (the response was cancelled) stops its reply
                self.images.release(pictures)
                self._count(-1)

            return _Then(EventSourceResponse(self._stream(chat, served, handle, events), ping=15, sep="\n"), done)
        return await self._whole(request, chat, served, handle, events, pictures)

    def _count(self, change: int) -> None:
        self.active += change
        try:
            self.on_activity(self.active)
        except Exception:  # noqa: BLE001 - the window's bug must not break the API
            log.exception("the API activity listener failed")

    async def _events(self, chat: ChatRequest, served: ServedModel, handle, events: _Events):
        """(kind, value) pairs: ("text" | "thinking", piece) and ("call", ToolCall) while it writes, then ("end",
        (result, stop_hit)). Raises ApiError when the engine fails or the conversation does not fit. A call the
        result holds that no event brought (an engine that only fills ``tool_calls``) comes before the end."""
        stops = StopStrings(chat.stop)
        calls: list[ToolCall] = []
        while True:
            event = await events.queue.get()
            if isinstance(event, Prompt) and event.dropped:
                handle.cancel()  # the app shortens a long chat to fit; a client is told instead, as OpenAI does
                await self._until_terminal(event, events)
                raise _too_long(event.dropped, served.context_length)
            if isinstance(event, Text):
                if piece := stops.feed(event.text):
                    yield "text", piece
                if stops.hit:
                    handle.cancel()
            elif isinstance(event, Thinking) and not stops.hit:
                yield "thinking", event.text
            elif isinstance(event, ToolCallWritten) and not stops.hit:
                if chat.tools.parallel_tool_calls or not calls:  # one call at most when the client asked so
                    calls.append(event.call)
                    yield "call", event.call
            elif isinstance(event, Failed):
                raise _failure(event.error)
            elif isinstance(event, Finished):
                if event.result.stopped and not stops.hit:
                    # Not the client's doing (that ends the response before this) nor a stop string: the app
                    # stopped it, to load another model or to quit. A cut reply must not look finished.
                    raise ApiError(503, "The reply was stopped in Hearth before it was finished (another model is "
                                        "being loaded, or the app is closing); ask again.", "reply_stopped",
                                   kind="server_error")
                if rest := stops.flush():
                    yield "text", rest
                if not stops.hit:
                    seen = {call.id for call in calls}
                    for call in event.result.tool_calls:
                        if call.id not in seen and (chat.tools.parallel_tool_calls or not calls):
                            calls.append(call)
                            yield "call", call
                yield "end", (event.result, stops.hit)
                return

    @staticmethod
    async def _until_terminal(event, events: _Events) -> None:
        while not isinstance(event, TERMINAL):
            event = await events.queue.get()

    async def _stream(self, chat: ChatRequest, served: ServedModel, handle, events: _Events):
        reply = Reply(served.id)
        called = 0
        try:
            yield json.dumps(reply.chunk({"role": "assistant", "content": ""}))
            async for kind, value in self._events(chat, served, handle, events):
                if kind == "text":
                    yield json.dumps(reply.chunk({"content": value}))
                elif kind == "thinking":
                    yield json.dumps(reply.chunk({"reasoning_content": value}))
                elif kind == "call":
                    yield json.dumps(reply.chunk(call_delta(value, called)))
                    called += 1
                else:
                    result, stop_hit = value
                    yield json.dumps(reply.chunk({}, finish_reason(result, stop_hit, called > 0)))
                    if chat.include_usage:
                        yield json.dumps(reply.usage_chunk(result))
            yield "[DONE]"
        except ApiError as error:
            yield json.dumps(error.body())  # the status has been sent; OpenAI's clients raise on this event

    async def _whole(self, request: Request, chat: ChatRequest, served: ServedModel, handle, events: _Events,
                     pictures: list[str]):
        async def collect() -> tuple[str, str, list[ToolCall], GenerationResult, bool]:
            text, thinking, calls = [], [], []
            async for kind, value in self._events(chat, served, handle, events):
                if kind == "text":
                    text.append(value)
                elif kind == "thinking":
                    thinking.append(value)
                elif kind == "call":
                    calls.append(value)
                else:
                    return "".join(text), "".join(thinking), calls, *value

        writing = asyncio.ensure_future(collect())
        gone = asyncio.ensure_future(_disconnected(request))
        try:
            await asyncio.wait({writing, gone}, return_when=asyncio.FIRST_COMPLETED)
            if not writing.done():
                handle.cancel()  # the client went away: stop, and answer no one
                writing.cancel()
                return JSONResponse({}, status_code=499)
            text, thinking, calls, result, stop_hit = writing.result()
            finish = finish_reason(result, stop_hit, bool(calls))
            return JSONResponse(Reply(served.id).completion(text, thinking, finish, result, calls))
        except ApiError as error:
            return _error(error)
        finally:
            gone.cancel()
            handle.cancel()
            self.images.release(pictures)
            self._count(-1)


class _Then:
    """A response, then ``done``, however it ended: a stream cancelled before its first event still counts."""

    def __init__(self, response, done: Callable[[], None]):
        self.response, self.done = response, done

    async def __call__(self, scope, receive, send):
        try:
            await self.response(scope, receive, send)
        finally:
            self.done()


async def _disconnected(request: Request) -> None:
    """Returns when the client closes the connection (the body has been read, so only that can arrive)."""
    while (await request.receive())["type"] != "http.disconnect":
        pass


async def _health(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


async def _not_found(request: Request, exc) -> JSONResponse:
    return _error(ApiError(404, f"There is no {request.method} {request.url.path} here; Hearth answers "
                                f"/v1/models and /v1/chat/completions.", "not_found"))


async def _method_not_allowed(request: Request, exc) -> JSONResponse:
    return _error(ApiError(405, f"{request.method} is not allowed on {request.url.path}.", "method_not_allowed"))


def build_app(api: ChatApi, token: str, loopback: bool = True, cors_origins: list[str] | None = None) -> Starlette:
    """``loopback``: accept only requests addressed to this computer by name or number (the Host header), which
    keeps web pages from reaching it through DNS rebinding. ``cors_origins``: web origins allowed to call it."""
    middleware = []
    if cors_origins:
        middleware.append(Middleware(CORSMiddleware, allow_origins=cors_origins, allow_methods=["GET", "POST"],
                                     allow_headers=["Authorization", "Content-Type"]))
    if loopback:
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=LOOPBACK_HOSTS))
    middleware.append(Middleware(_Guard, token=token, limits=api.limits))
    routes = [Route("/health", _health),
              Route("/v1/models", api.models),
              Route("/v1/models/{model:path}", api.model),
              Route("/v1/chat/completions", api.chat_completions, methods=["POST"])]
    return Starlette(routes=routes, middleware=middleware,
                     exception_handlers={404: _not_found, 405: _method_not_allowed})
