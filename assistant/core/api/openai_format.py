"""OpenAI's chat-completion shapes: a request read into what the engine takes, and answers (whole or in chunks)
written back, with the reasoning in ``reasoning_content`` as llama-server and vLLM send it.

Images arrive as ``image_url`` parts of a user message; their URLs are kept, unread, in the message's ``images``
for the endpoint (core/api/api_images) to decode and make safe. Tools, tool calls and ``response_format`` are read
and written by ``openai_tools``. What the engine cannot honour (audio, files, several choices, logprobs) is refused
with a clear error rather than ignored: a client that asked for something and got something else would misread it.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field, replace

from assistant.core.api.api_error import ApiError
from assistant.core.api.openai_tools import ToolRequest, assistant_calls, parse_tool_request, tool_result, wire_call
from assistant.core.engines.types import END_CONTEXT, END_LENGTH, GenerationParams, GenerationResult, ToolCall


@dataclass
class ChatRequest:
    model: str
    messages: list[dict]  # role, content and, for earlier replies, thinking: as the engine takes them; a user
    # message's images as the client's URLs (the endpoint turns them into stored files)
    stream: bool = False
    include_usage: bool = False
    max_tokens: int | None = None
    stop: list[str] = field(default_factory=list)
    thinking: str | None = None  # "on" or "off" when the client chose; None: the model's own setting
    sampling: dict = field(default_factory=dict)  # temperature, top_p, ... as GenerationParams names them
    tools: ToolRequest = field(default_factory=ToolRequest)  # tools, tool choice and the reply's JSON schema

    @property
    def has_images(self) -> bool:
        return any(message.get("images") for message in self.messages)


ROLES = {"system": "system", "developer": "system", "user": "user", "assistant": "assistant", "tool": "tool"}
# Sampling fields a client may set, with the range each accepts.
SAMPLING = {"temperature": (float, 0.0, 2.0), "top_p": (float, 0.0, 1.0), "top_k": (int, 0, 1000),
            "min_p": (float, 0.0, 1.0), "repeat_penalty": (float, 0.0, 10.0), "seed": (int, -2**63, 2**64 - 1)}
MAX_STOPS = 4  # as OpenAI


def _content(value, index: int) -> tuple[str, list[str]]:
    """A message's text and its images' URLs, in order (the engine shows a message's images before its text)."""
    if value is None:
        return "", []
    if isinstance(value, str):
        return value, []
    if isinstance(value, list):
        parts, images = [], []
        for part in value:
            kind = part.get("type") if isinstance(part, dict) else None
            if kind == "text" and isinstance(part.get("text"), str):
                parts.append(part["text"])
            elif kind in ("image_url", "input_image"):
                images.append(_image_url(part, kind, index))
            elif kind in ("input_audio", "file", "video_url", "input_video"):
                raise ApiError(400, f"messages[{index}] holds a {kind} part; Hearth's API reads text and images "
                                    f"only.", "unsupported_content", f"messages[{index}].content")
            else:
                raise ApiError(400, f"messages[{index}] has a content part this API does not know: {part!r:.80}.",
                               param=f"messages[{index}].content")
        return "".join(parts), images
    raise ApiError(400, f"messages[{index}].content must be a string or a list of parts.",
                   param=f"messages[{index}].content")


def _image_url(part: dict, kind: str, index: int) -> str:
    """The URL of an ``image_url`` part (Chat Completions: ``{"image_url": {"url": ...}}``; the Responses API's
    ``input_image`` and some clients: ``{"image_url": "..."}``)."""
    value = part.get("image_url")
    url = value.get("url") if isinstance(value, dict) else value
    if not isinstance(url, str) or not url:
        raise ApiError(400, f"messages[{index}] has an {kind} part without a URL; send the picture as "
                            f"{{\"url\": \"data:image/png;base64,...\"}}.", "invalid_image",
                       f"messages[{index}].content")
    return url


def _messages(value) -> list[dict]:
    if not isinstance(value, list) or not value:
        raise ApiError(400, "messages must be a list with at least one message.", param="messages")
    turns = []
    called: dict[str, str] = {}  # the calls earlier assistant messages made: id -> tool name
    for index, message in enumerate(value):
        if not isinstance(message, dict):
            raise ApiError(400, f"messages[{index}] must be an object.", param=f"messages[{index}]")
        role = message.get("role")
        if role == "function" or message.get("function_call"):
            raise ApiError(400, f"messages[{index}] uses OpenAI's retired function messages; send the call as "
                                f"tool_calls and its result as a role 'tool' message.", "unsupported_functions",
                           f"messages[{index}]")
        if role not in ROLES:
            raise ApiError(400, f"messages[{index}].role must be one of {', '.join(ROLES)}; it is {role!r:.40}.",
                           param=f"messages[{index}].role")
        text, images = _content(message.get("content"), index)
        if role == "tool":
            if images:
                raise ApiError(400, f"messages[{index}] is a tool result with images; a tool result is text.",
                               "unsupported_content", f"messages[{index}].content")
            turns.append(tool_result(message, index, text, called))
            continue
        turn = {"role": ROLES[role], "content": text}
        if message.get("tool_calls") is not None:
            if role != "assistant":
                raise ApiError(400, f"messages[{index}] is a {role} message with tool_calls; only the assistant's "
                                    f"messages hold calls.", param=f"messages[{index}].tool_calls")
            if calls := assistant_calls(message["tool_calls"], index):
                turn["tool_calls"] = calls
                called.update((call["id"], call["name"]) for call in calls)
        if images:
            if ROLES[role] != "user":
                raise ApiError(400, f"messages[{index}] is a {role} message with images; only the user's messages "
                                    f"may carry images.", "unsupported_content", f"messages[{index}].content")
            turn["images"] = images
        reasoning = message.get("reasoning_content") or message.get("reasoning")
        if role == "assistant" and isinstance(reasoning, str) and reasoning:
            turn["thinking"] = reasoning  # the template decides whether earlier thinking reaches the prompt
        turns.append(turn)
    return turns


def _number(data: dict, name: str, kind: type, low, high):
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (kind is int and not float(value).is_integer()):
        raise ApiError(400, f"{name} must be a number.", param=name)
    value = kind(value)
    if not low <= value <= high:
        raise ApiError(400, f"{name} must be between {low} and {high}; it is {value}.", param=name)
    return value


def _thinking(data: dict) -> str | None:
    """The client's choice, under the names servers use: llama-server's and vLLM's ``chat_template_kwargs``, and
    OpenAI's ``reasoning_effort`` (``none`` turns it off; any effort asks for thinking)."""
    kwargs = data.get("chat_template_kwargs")
    if isinstance(kwargs, dict) and isinstance(kwargs.get("enable_thinking"), bool):
        return "on" if kwargs["enable_thinking"] else "off"
    effort = data.get("reasoning_effort")
    if isinstance(effort, str):
        return "off" if effort == "none" else "on"
    return None


def parse_chat_request(data) -> ChatRequest:
    if not isinstance(data, dict):
        raise ApiError(400, "The request body must be a JSON object.")
    model = data.get("model")
    if not isinstance(model, str) or not model:
        raise ApiError(400, "model is required: one of the ids /v1/models lists.", param="model")
    if (data.get("n") or 1) != 1:
        raise ApiError(400, "Hearth writes one choice per request; n must be 1.", param="n")
    tools = parse_tool_request(data)
    if data.get("logprobs"):
        raise ApiError(400, "logprobs are not supported by Hearth's API.", param="logprobs")
    stream = data.get("stream", False)
    if not isinstance(stream, bool):
        raise ApiError(400, "stream must be true or false.", param="stream")
    stop = data.get("stop")
    stops = [stop] if isinstance(stop, str) else stop or []
    if not isinstance(stops, list) or len(stops) > MAX_STOPS or not all(isinstance(s, str) and s for s in stops):
        raise ApiError(400, f"stop must be a string or a list of up to {MAX_STOPS} non-empty strings.", param="stop")
    max_tokens = data.get("max_completion_tokens", data.get("max_tokens"))
    max_tokens = _number({"max_tokens": max_tokens}, "max_tokens", int, 1, 1 << 20)
    sampling = {name: value for name, (kind, low, high) in SAMPLING.items()
                if (value := _number(data, name, kind, low, high)) is not None}
    options = data.get("stream_options")
    return ChatRequest(model=model, messages=_messages(data.get("messages")), stream=stream,
                       include_usage=bool(stream and isinstance(options, dict) and options.get("include_usage")),
                       max_tokens=max_tokens, stop=stops, thinking=_thinking(data), sampling=sampling,
                       tools=tools)


def generation_params(request: ChatRequest, defaults: GenerationParams) -> GenerationParams:
    """The model's own settings (as in the app), with what the request chose over them."""
    params = replace(defaults, **request.sampling)
    if params.seed is not None:
        params.seed %= 2**32  # llama.cpp's seeds are 32-bit; OpenAI's may be any integer
    if request.max_tokens is not None:
        params.max_tokens = request.max_tokens
    if request.thinking is not None:
        params.thinking = request.thinking
    asked = request.tools
    params.tools, params.tool_choice, params.named_tool = list(asked.tools), asked.tool_choice, asked.named_tool
    params.parallel_tool_calls, params.response_schema = asked.parallel_tool_calls, asked.response_schema
    return params


class StopStrings:
    """Cuts a streamed reply at the first of ``stops``: text that might be the start of one is held back until the
    next piece shows whether it is."""

    def __init__(self, stops: list[str]):
        self.stops = stops
        self._held = ""
        self.hit = False

    def feed(self, text: str) -> str:
        if not self.stops:
            return text
        if self.hit:
            return ""
        buffer = self._held + text
        first = min((at for stop in self.stops if (at := buffer.find(stop)) >= 0), default=-1)
        if first >= 0:
            self.hit, self._held = True, ""
            return buffer[:first]
        keep = max((n for stop in self.stops for n in range(min(len(stop) - 1, len(buffer)), 0, -1)
                    if stop.startswith(buffer[-n:])), default=0)
        self._held = buffer[len(buffer) - keep:] if keep else ""
        return buffer[:len(buffer) - keep]

    def flush(self) -> str:
        held, self._held = self._held, ""
        return "" if self.hit else held


def new_completion_id() -> str:
    return "chatcmpl-" + secrets.token_hex(12)


def finish_reason(result: GenerationResult | None, stopped_by_string: bool, called: bool = False) -> str:
    """``called``: the reply holds tool calls, which the client is to run (OpenAI's "tool_calls")."""
    if called:
        return "tool_calls"
    if stopped_by_string or result is None:
        return "stop"
    return "length" if result.end in (END_LENGTH, END_CONTEXT) else "stop"


def usage(result: GenerationResult) -> dict:
    return {"prompt_tokens": result.prompt_tokens, "completion_tokens": result.generated_tokens,
            "total_tokens": result.prompt_tokens + result.generated_tokens,
            "completion_tokens_details": {"reasoning_tokens": result.thinking_tokens}}


def timings(result: GenerationResult) -> dict:
    """As llama-server names them, so that a client that reads its ``timings`` (another Hearth does) reads ours."""
    per_second = result.tokens_per_second or 0.0
    return {"prompt_n": result.prompt_evaluated, "prompt_ms": round((result.prompt_seconds or 0.0) * 1000, 3),
            "predicted_n": result.generated_tokens, "predicted_per_second": round(per_second, 3)}


@dataclass
class Reply:
    """One answer being written: its id, clock and model, and the chunk and completion objects for it."""

    model: str
    id: str = field(default_factory=new_completion_id)
    created: int = field(default_factory=lambda: int(time.time()))

    def chunk(self, delta: dict, finish: str | None = None) -> dict:
        return {"id": self.id, "object": "chat.completion.chunk", "created": self.created, "model": self.model,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}

    def usage_chunk(self, result: GenerationResult) -> dict:
        return {"id": self.id, "object": "chat.completion.chunk", "created": self.created, "model": self.model,
                "choices": [], "usage": usage(result), "timings": timings(result)}

    def completion(self, text: str, thinking: str, finish: str, result: GenerationResult,
                   calls: list[ToolCall] = ()) -> dict:
        # OpenAI's content is null in a reply that only calls tools.
        message = {"role": "assistant", "content": None if calls and not text else text}
        if thinking:
            message["reasoning_content"] = thinking
        if calls:
            message["tool_calls"] = [wire_call(call) for call in calls]
        return {"id": self.id, "object": "chat.completion", "created": self.created, "model": self.model,
                "choices": [{"index": 0, "message": message, "finish_reason": finish}],
                "usage": usage(result), "timings": timings(result)}
