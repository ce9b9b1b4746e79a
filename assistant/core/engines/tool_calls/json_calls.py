"""Formats whose calls are JSON: Hermes and Qwen's ``<tool_call>{...}</tool_call>`` and every other JSON wrapped
in markers read off the template (Granite, Nemotron's ``<TOOLCALL>``, Apriel's ``<tool_calls>``, Command's
``<|START_ACTION|>``, firefunction's ``functools``...), Llama 3's bare ``{"name": ..., "parameters": ...}`` and
``<|python_tag|>``, and Mistral's ``[TOOL_CALLS]`` (a JSON list, or ``name[ARGS]{...}``)."""

from __future__ import annotations

import json
import re

from assistant.core.engines.tool_calls.call_readers import (
    Calls,
    Deciding,
    HeaderThenJson,
    JsonValue,
    NotACall,
    Reader,
    UntilMarker,
)
from assistant.core.engines.tool_calls.call_values import (
    broken_call,
    compact,
    encode_arguments,
    make_call,
    new_call_id,
    unreadable,
)
from assistant.core.i18n import translate
from assistant.core.engines.types import ToolCall

_NAME_KEYS = ("name", "tool_name", "function_name")
_ARGUMENT_KEYS = ("arguments", "parameters", "args", "input")
_ID_KEYS = ("id", "tool_call_id", "call_id")
_NAME_IN_TEXT = re.compile(r'"(?:name|tool_name)"\s*:\s*"((?:[^"\\]|\\.)*)"')


def calls_from_json(text: str, cut_off: bool = False) -> Calls:
    """The calls in JSON text: one call object, a list of them, or several one after another (MiniMax M1 writes
    one a line), in any of the shapes templates use (``{"name", "arguments"}``, ``{"name", "parameters"}``,
    ``{"tool_name", "parameters", "tool_call_id"}``, OpenAI's ``{"type": "function", "function": {...}}``,
    Apertus's ``{"name": {arguments}}``)."""
    stripped = _without_fence(text.strip())
    values, rest = json_values(stripped)
    if rest.strip() or not values:
        return [_broken(stripped, cut_off)] if not values else [
            *_calls_of(values, cut_off), _broken(rest.strip(), cut_off)]
    return _calls_of(values, cut_off)


def json_values(text: str) -> tuple[list, str]:
    """The JSON values at the start of ``text``, one after another, and the text after the last one that parses."""
    decoder, values, index = json.JSONDecoder(), [], 0
    while True:
        while index < len(text) and (text[index].isspace() or text[index] in ",;"):
            index += 1
        if index >= len(text):
            return values, ""
        try:
            value, index = decoder.raw_decode(text, index)
        except ValueError:
            return values, text[index:]
        values.append(value)


def _calls_of(values: list, cut_off: bool) -> Calls:
    items = [item for value in values for item in (value if isinstance(value, list) else [value])]
    return [call for item in items if (call := call_from_object(item, cut_off)) is not None]


def call_from_object(item, cut_off: bool = False) -> ToolCall | None:
    if not isinstance(item, dict):
        return broken_call(json.dumps(item, ensure_ascii=False), unreadable())
    if isinstance(item.get("function"), dict):  # OpenAI's own shape
        inner = item["function"]
        return make_call(str(inner.get("name") or ""), _arguments(inner), str(item.get("id") or ""), cut_off)
    name = next((item[key] for key in _NAME_KEYS if isinstance(item.get(key), str)), None)
    if name is None and len(item) == 1:  # Apertus: {"name": {arguments}}
        (name, arguments), = item.items()
        return make_call(name, arguments if isinstance(arguments, (dict, str)) else json.dumps(arguments),
                         cut_off=cut_off)
    call_id = next((str(item[key]) for key in _ID_KEYS if item.get(key) not in (None, "")), "")
    return make_call(name or "", _arguments(item), call_id, cut_off)


def _arguments(item: dict):
    for key in _ARGUMENT_KEYS:
        if key in item:
            value = item[key]
            return value if isinstance(value, (dict, str)) else json.dumps(value)
    return None


def _broken(text: str, cut_off: bool) -> ToolCall:
    """Text that does not parse: the tool's name where it can be seen, its arguments where they parse alone,
    else the text as written; the reason in ``problem`` either way."""
    _, problem = encode_arguments(text)
    if cut_off:
        problem = translate("ToolCalls", "the reply ended before the call was complete")
    match = _NAME_IN_TEXT.search(text)
    if not match:
        return ToolCall(new_call_id(), "", text, problem or unreadable())
    arguments = text
    start = text.find("{", match.end())
    if start < 0:
        start = text.find("{", 1)
    if start >= 0:
        try:
            arguments = compact(json.JSONDecoder().raw_decode(text[start:])[0])
        except ValueError:
            arguments = text[start:].strip()
    return ToolCall(new_call_id(), match[1], arguments, problem or unreadable())


def _without_fence(text: str) -> str:
    """A ```json fence around the JSON (Command R+, R1) is not part of it."""
    if text.startswith("```"):
        text = text.split("\n", 1)[1] if "\n" in text else text[3:]
        if text.rstrip().endswith("```"):
            text = text.rstrip()[:-3]
    return text.strip()


# Readers -----------------------------------------------------------------------------------------------------

def wrapped_json(close: str) -> Reader:
    """JSON between an opening marker and ``close`` (``<tool_call>``...``</tool_call>``); without a closing
    marker, the JSON value itself ends the call."""
    if close:
        return UntilMarker((close,), calls_from_json)
    return JsonValue(calls_from_json)


def llama3(trigger: str) -> Reader:
    if trigger == "<|python_tag|>":
        return UntilMarker(("<|eom_id|>", "<|eot_id|>"), _python_tag)
    return json_lead()


# A bare JSON call opens with a key that names the tool (or says it is a function); anything else is answer text.
_JSON_CALL = re.compile(r'\s*\{\s*"(?:name|type|function|tool_name)"\s*:')
_JSON_MAYBE = re.compile(r'\s*\{\s*(?:"[a-z_]{0,10}(?:"\s*)?)?')


def json_lead() -> Reader:
    """A bare JSON call, perhaps in a ```json fence (small models given the generic format write one)."""
    def decide(head: str):
        text = head.lstrip()
        if text.startswith("`"):
            line, newline, rest = text.partition("\n")
            if not newline:
                return ... if "```json".startswith(line.strip()) or line.strip() == "```" else NotACall(head)
            if line.strip() not in ("```", "```json"):
                return NotACall(head)
            text = rest
        if _JSON_CALL.match(text):
            return JsonValue(calls_from_json), text
        return ... if _JSON_MAYBE.fullmatch(text) or not text.strip() else NotACall(head)

    return Deciding(decide)


_BUILTIN_CALL = re.compile(r"(\w+)\.call\((.*)\)\s*$", re.DOTALL)


def _python_tag(text: str, cut_off: bool) -> Calls:
    """After ``<|python_tag|>``: JSON calls (several joined by ``;``), a built-in tool's ``name.call(k="v")``,
    or code for the code interpreter."""
    body = text.strip()
    if body.startswith("{"):
        calls: Calls = []
        for part in _split_top_level(body, ";"):
            calls += calls_from_json(part, cut_off)
        return calls
    match = _BUILTIN_CALL.match(body)
    if match:
        from assistant.core.engines.tool_calls.special_calls import python_keywords

        arguments = python_keywords(match[2])
        return [make_call(match[1], arguments if arguments is not None else match[2], cut_off=cut_off)]
    return [make_call("python", {"code": body}, cut_off=cut_off)]


def _split_top_level(text: str, separator: str) -> list[str]:
    parts, depth, in_string, escaped, start = [], 0, False, False, 0
    for i, char in enumerate(text):
        if in_string:
            escaped = not escaped and char == "\\"
            in_string = escaped or char != '"'
        elif char == '"':
            in_string = True
        elif char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
        elif char == separator and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [part for part in parts if part.strip()]


def mistral(trigger: str) -> Reader:
    """After ``[TOOL_CALLS]``: a JSON list (Nemo), or ``name[ARGS]{...}`` (Ministral, Devstral), with
    ``[CALL_ID]id`` before ``[ARGS]`` in Mistral Small 3.2."""
    return _MistralCall()


class _MistralCall(Reader):
    def __init__(self):
        self.inner: Reader | None = None
        self.head = ""

    def feed(self, text: str) -> tuple[Calls, str | None]:
        if self.inner is None:
            self.head += text
            stripped = self.head.lstrip()
            if not stripped:
                return [], None
            if stripped[0] in "[{":
                self.inner = JsonValue(calls_from_json)
            else:
                self.inner = HeaderThenJson("[ARGS]", _mistral_call)
            text, self.head = stripped, ""
        return self.inner.feed(text)

    def finish(self) -> Calls:
        if self.inner is None:
            return [broken_call(self.head, unreadable())] if self.head.strip() else []
        return self.inner.finish()


def _mistral_call(header: str, arguments: str, cut_off: bool) -> Calls:
    name, _, call_id = header.partition("[CALL_ID]")
    return [make_call(name.strip(), arguments, call_id.strip(), cut_off)]
