"""Which family a template's rendering of two calls belongs to, and the markers to read its calls by.

Each recogniser looks at the text the model would write for the probe calls (``Rendering.written``) and, where the
sandbox cannot render a template's calls (Kimi K2's ``list.append``) or a template does not render them at all
(LFM2, Granite 3.3), at the markers its source names, as llama.cpp's own detection does."""

from __future__ import annotations

import json
import re

from assistant.core.engines.tool_calls.call_format import GENERIC, Rendering, ToolCallFormat

# JSON calls wrapped in markers: (opening, closing, family). The closing marker is "" where the JSON's own end
# ends the call.
JSON_WRAPPERS = (
    ("<tool_call>", "</tool_call>", "hermes"),
    ("<tool_calls>", "</tool_calls>", "json_list"),
    ("<TOOLCALL>", "</TOOLCALL>", "nemotron_v2"),
    ("<|tool_call|>", "", "granite"),
    ("<|START_ACTION|>", "<|END_ACTION|>", "command_r7b"),
    ("<|tools_prefix|>", "<|tools_suffix|>", "apertus"),
    ("<|function_call|>", "", "gigachat"),
    ("functools", "", "firefunction"),
)
_TAG = re.compile(r"(<[^<>\s]*>|\[[A-Z_]+\]|[^\s<>\[\]]+)\s*$")


def recognise(rendering: Rendering) -> ToolCallFormat | None:
    for recogniser in RECOGNISERS:
        found = recogniser(rendering)
        if found is not None:
            return found
    return None


def _format(rendering: Rendering, **fields) -> ToolCallFormat:
    fields.setdefault("native", rendering.native or bool(rendering.written))
    fields.setdefault("arguments_as_text", rendering.arguments_as_text)
    return ToolCallFormat(**fields)


def _mistral(rendering: Rendering) -> ToolCallFormat | None:
    if "[TOOL_CALLS]" not in rendering.source:
        return None
    return _format(rendering, family="mistral", triggers=("[TOOL_CALLS]",), markers=("[ARGS]", "[CALL_ID]"))


def first_json(text: str, needle: str = "probe_alpha") -> tuple[int, int] | None:
    """Where the first JSON object or list holding ``needle`` starts and ends in ``text``."""
    decoder = json.JSONDecoder()
    for index, char in enumerate(text):
        if char in "{[":
            try:
                value, end = decoder.raw_decode(text, index)
            except ValueError:
                continue
            if needle in json.dumps(value):
                return index, end
    return None


def _json_wrapped(rendering: Rendering) -> ToolCallFormat | None:
    """JSON between markers, the markers read off the rendering: a known wrapper names the family, an unknown one
    is used as it stands."""
    written = rendering.written
    span = first_json(written) if written else None
    if span is None:
        return None
    before, after = written[:span[0]].rstrip(), written[span[1]:].lstrip()
    if not before:
        return None  # a bare JSON call: Llama 3's, recognised below
    for opening, closing, family in JSON_WRAPPERS:
        if before.endswith(opening):
            return _wrapped(rendering, family, opening, closing if closing and closing in after else "")
    match = _TAG.search(before)
    if not match:
        return None
    opening = match[1]
    closing = ""
    if opening.startswith("<") and opening.endswith(">"):
        candidate = "</" + opening[1:].lstrip("|")
        closing = candidate if after.startswith(candidate) else ""
    return _wrapped(rendering, "json", opening, closing)


def _wrapped(rendering: Rendering, family: str, opening: str, closing: str) -> ToolCallFormat:
    return _format(rendering, family=family, triggers=(opening,), closers=(closing,) if closing else (),
                   options=(("close", closing),))


def _llama3(rendering: Rendering) -> ToolCallFormat | None:
    span = first_json(rendering.written.lstrip())
    if not (span and span[0] == 0) and "<|python_tag|>" not in rendering.source:
        return None
    return _format(rendering, family="llama3", triggers=("<|python_tag|>",), start_json=True,
                   markers=("<|eom_id|>",))


def _generic(rendering: Rendering) -> ToolCallFormat | None:
    return GENERIC if not rendering.native else None


RECOGNISERS = [_mistral, _json_wrapped, _llama3, _generic]
