"""The reader each family's calls stream into, once a trigger (or, for bare JSON, the call's first character)
has been seen."""

from __future__ import annotations

from assistant.core.engines.tool_calls import json_calls
from assistant.core.engines.tool_calls.call_format import ToolCallFormat
from assistant.core.engines.tool_calls.call_readers import Reader


def reader_for(fmt: ToolCallFormat, trigger: str, tools: list[dict]) -> Reader:
    family = fmt.family
    if family == "mistral":
        return json_calls.mistral(trigger)
    if family == "llama3":
        return json_calls.llama3(trigger)
    if trigger == "":  # a bare JSON call at the start of the answer (generic)
        return json_calls.llama3("")
    return json_calls.wrapped_json(fmt.option("close"))
