"""Reading a reply written under the engine's forced grammar (tool_choice "required" or a named tool): one call
``{"name": ..., "arguments": {...}}``, a JSON list of them, or, for a named tool, its arguments object alone."""

from __future__ import annotations

import json

from assistant.core.engines.tool_calls.call_values import make_call
from assistant.core.engines.tool_calls.json_calls import calls_from_json
from assistant.core.engines.types import ToolCall


def parse_forced(text: str, tools: list[dict] | None = None, named: str = "") -> list[ToolCall]:
    stripped = text.strip()
    if named:
        try:
            value = json.loads(stripped)
        except ValueError:
            value = None
        # The grammar for a named tool may be the arguments alone, or the whole call naming it.
        if isinstance(value, dict) and value.get("name") == named and isinstance(value.get("arguments"), dict):
            return [make_call(named, value["arguments"])]
        return [make_call(named, stripped if value is None else value if isinstance(value, dict) else stripped)]
    if not stripped:
        return []
    return calls_from_json(stripped)
