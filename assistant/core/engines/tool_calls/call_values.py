"""What every format's parser shares: a call's id, its arguments re-encoded as compact JSON text, the values of
XML-style parameters typed by the tool's JSON schema, and the words that say why a call cannot run."""

from __future__ import annotations

import json
import uuid

from assistant.core.engines.types import ToolCall
from assistant.core.i18n import translate


def new_call_id() -> str:
    return "call_" + uuid.uuid4().hex[:24]


def compact(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def make_call(name: str, arguments, call_id: str = "", cut_off: bool = False) -> ToolCall:
    """A ``ToolCall`` from what a format wrote: ``arguments`` is a dict (already parsed), JSON text, or None (no
    arguments written). Text that is not a JSON object is kept as written, with the reason in ``problem``; a call
    the reply's end cut short says so where its arguments do not parse."""
    text, problem = encode_arguments(arguments)
    if problem and cut_off:
        problem = translate("ToolCalls", "the reply ended before the call was complete")
    name = (name or "").strip()
    if not name:
        problem = translate("ToolCalls", "the call names no tool")
    return ToolCall((call_id or "").strip() or new_call_id(), name, text, problem)


def encode_arguments(arguments) -> tuple[str, str]:
    """Compact JSON text of the arguments, and why they cannot be used ("" when they can)."""
    if arguments is None:
        return "{}", ""
    if isinstance(arguments, str):
        text = arguments.strip()
        if not text:
            return "{}", ""
        try:
            arguments = json.loads(text)
        except ValueError as exc:
            return text, translate("ToolCalls", "the arguments are not valid JSON ({error})").format(error=exc)
    if not isinstance(arguments, dict):
        return compact(arguments), translate("ToolCalls", "the arguments are not a JSON object")
    return compact(arguments), ""


def broken_call(text: str, why: str) -> ToolCall:
    """A call whose text could not be read at all: kept whole, so the user sees what the model wrote."""
    return ToolCall(new_call_id(), "", text.strip(), why)


def unreadable() -> str:
    return translate("ToolCalls", "the call could not be read")


# Typing XML-style parameter values (Qwen3-Coder, GLM, MiniMax...), as llama.cpp's parsers do: a parameter the
# schema says is a string stays text; any other is read as JSON where it parses, else kept as text.

def parameter_types(tools: list[dict], name: str) -> dict[str, set[str]]:
    """The JSON types each parameter of tool ``name`` may take, from its schema."""
    for tool in tools or []:
        function = tool.get("function", tool) if isinstance(tool, dict) else {}
        if function.get("name") == name:
            properties = (function.get("parameters") or {}).get("properties") or {}
            return {key: _types(schema) for key, schema in properties.items() if isinstance(schema, dict)}
    return {}


def _types(schema: dict) -> set[str]:
    kind = schema.get("type")
    found = set(kind) if isinstance(kind, list) else {kind} if isinstance(kind, str) else set()
    for key in ("anyOf", "oneOf"):
        for option in schema.get(key) or []:
            if isinstance(option, dict):
                found |= _types(option)
    if "enum" in schema and not found:
        found |= {type_name(value) for value in schema["enum"]}
    return found


def type_name(value) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return {str: "string", dict: "object", list: "array", type(None): "null"}.get(type(value), "string")


def typed_value(text: str, types: set[str] | None):
    """A parameter's text as the schema types it: strings stay as written; numbers, booleans, objects, arrays and
    null are parsed where they parse. Without a schema, JSON that parses is taken, else the text."""
    if types and types <= {"string"}:
        return text
    stripped = text.strip()
    if types and "boolean" in types and stripped in ("True", "False"):  # Jinja writes Python's booleans
        return stripped == "True"
    try:
        value = json.loads(stripped)
    except ValueError:
        return text
    if types and "string" in types and type_name(value) not in types | ({"number"} if "integer" in types else set()):
        return text
    return value


def trim_value(text: str) -> str:
    """One newline the format puts around a value (``<parameter=x>\\nvalue\\n</parameter>``) is not part of it."""
    if text.startswith("\n"):
        text = text[1:]
    if text.endswith("\n"):
        text = text[:-1]
    return text
