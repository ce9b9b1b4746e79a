"""Formats whose calls are XML-like: each argument a tagged value, typed by the tool's JSON schema as llama.cpp's
parsers type them (a string parameter stays text; numbers, booleans, objects and lists are read as JSON).

- Qwen3-Coder, Qwen3.5, Nemotron 3, StepFun, Seed-OSS: ``<function=NAME><parameter=KEY>value</parameter>``;
- GLM 4.6/4.7, Spark, Laguna, Ling: ``<tool_call>NAME<arg_key>KEY</arg_key><arg_value>value</arg_value>``, and
  Hunyuan's the same with ``:opensource`` tags;
- MiniMax M2, DeepSeek V3.2/V4 (DSML), Muse Glimmer: ``<invoke name="NAME"><parameter name="KEY">``, DSML saying
  ``string="true"`` where a value is text;
- MiniCPM5: ``<function name="NAME"><param name="KEY">``, a value perhaps in ``<![CDATA[...]]>``;
- Kimi K3: ``<|open|>call tool="NAME"<|sep|><|open|>argument key="KEY" type="..."<|sep|>value<|close|>...``;
- MiniMax M3: ``<invoke name="NAME"><KEY>value</KEY>``, nested tags for objects and ``<item>`` for lists.
"""

from __future__ import annotations

import re

from assistant.core.engines.tool_calls.call_readers import Calls
from assistant.core.engines.tool_calls.call_values import (
    broken_call,
    make_call,
    parameter_types,
    trim_value,
    typed_value,
    unreadable,
)
from assistant.core.i18n import translate

_S = re.DOTALL


def _arguments(pairs, types: dict[str, set[str]], trim: bool = True) -> dict:
    arguments = {}
    for key, value in pairs:
        key = key.strip()
        arguments[key] = typed_value(trim_value(value) if trim else value, types.get(key))
    return arguments


def _call(name: str, pairs, tools: list[dict], cut_off: bool, trim: bool = True, call_id: str = ""):
    name = name.strip()
    if not name:
        return broken_call("", unreadable())
    return make_call(name, _arguments(pairs, parameter_types(tools, name), trim), call_id, cut_off)


# Qwen3-Coder -----------------------------------------------------------------------------------------------

_FUNCTION = re.compile(r"<function=([^>\n]*)>(.*?)(?:</function>|\Z)", _S)
_PARAMETER = re.compile(r"<parameter=([^>\n]*)>(.*?)(?:</parameter>|(?=<parameter=)|(?=</function>)|\Z)", _S)


def qwen3_coder(body: str, tools: list[dict], cut_off: bool, lines: bool = True) -> Calls:
    """``lines``: each value sits on lines of its own, and those two newlines are no part of it."""
    calls = [_call(name, _PARAMETER.findall(inner), tools, cut_off, lines) for name, inner in _FUNCTION.findall(body)]
    return _finished(calls, body, cut_off, "</function>") or _unreadable(body)


# GLM -------------------------------------------------------------------------------------------------------

def glm(body: str, tools: list[dict], cut_off: bool, suffix: str = "") -> Calls:
    """One call: its name, then key/value pairs (``suffix`` is Hunyuan's ``:opensource``)."""
    key, value = re.escape(f"<arg_key{suffix}>"), re.escape(f"<arg_value{suffix}>")
    first = re.search(key, body)
    name = body[:first.start()] if first else body
    name = name.replace(f"<tool_sep{suffix}>", "").strip()
    pairs = re.findall(rf"{key}(.*?){re.escape(f'</arg_key{suffix}>')}\s*{value}(.*?)"
                       rf"(?:{re.escape(f'</arg_value{suffix}>')}|(?={key})|\Z)", body, _S)
    if not name:
        return _unreadable(body)
    return _finished([_call(name, pairs, tools, cut_off)], body, cut_off, f"</arg_value{suffix}>") if first else [
        _call(name, pairs, tools, cut_off)]


# invoke / parameter (MiniMax M2, DSML, Muse Glimmer) -------------------------------------------------------

def invokes(body: str, tools: list[dict], cut_off: bool, space: str = "") -> Calls:
    ns = re.escape(space)
    calls = []
    for name, inner in re.findall(rf'<{ns}invoke name="([^"]*)"\s*>(.*?)(?:</{ns}invoke>|\Z)', body, _S):
        types = parameter_types(tools, name)
        arguments = {}
        for key, attributes, value in re.findall(
                rf'<{ns}parameter name="([^"]*)"([^>]*)>(.*?)(?:</{ns}parameter>|\Z)', inner, _S):
            string = re.search(r'string="(true|false)"', attributes)
            if string:  # DSML says itself whether a value is text
                arguments[key] = value if string[1] == "true" else typed_value(value, None)
            else:
                arguments[key] = typed_value(trim_value(value), types.get(key))
        calls.append(make_call(name, arguments, cut_off=cut_off))
    return _finished(calls, body, cut_off, f"</{space}invoke>") or _unreadable(body)


# MiniCPM5 --------------------------------------------------------------------------------------------------

def minicpm(body: str, tools: list[dict], cut_off: bool) -> Calls:
    calls = []
    for name, inner in re.findall(r'<function name="([^"]*)"\s*>(.*?)(?:</function>|\Z)', body, _S):
        types = parameter_types(tools, name)
        arguments = {}
        for key, cdata, value in re.findall(
                r'<param name="([^"]*)"\s*>(?:\s*<!\[CDATA\[(.*?)\]\]>\s*</param>|(.*?)(?:</param>|\Z))', inner, _S):
            arguments[key] = cdata if cdata else typed_value(value, types.get(key))
        calls.append(make_call(name, arguments, cut_off=cut_off))
    return _finished(calls, body, cut_off, "</function>") or _unreadable(body)


# Kimi K3 ---------------------------------------------------------------------------------------------------

def kimi_k3(body: str, tools: list[dict], cut_off: bool) -> Calls:
    calls = []
    for name, inner in re.findall(r'<\|open\|>call tool="([^"]*)"[^<]*<\|sep\|>(.*?)(?:<\|close\|>call<\|sep\|>|\Z)',
                                  body, _S):
        whole = re.search(r"<\|open\|>json[^<]*<\|sep\|>(.*?)(?:<\|close\|>json<\|sep\|>|\Z)", inner, _S)
        if whole:
            calls += [make_call(name, whole[1], cut_off=cut_off)]
            continue
        types = parameter_types(tools, name)
        arguments = {}
        for key, kind, value in re.findall(r'<\|open\|>argument key="([^"]*)"(?: type="([^"]*)")?[^<]*<\|sep\|>'
                                           r'(.*?)(?:<\|close\|>argument<\|sep\|>|\Z)', inner, _S):
            arguments[key] = value if kind == "string" else typed_value(value, types.get(key) if not kind else None)
        calls.append(make_call(name, arguments, cut_off=cut_off))
    return _finished(calls, body, cut_off, "<|close|>call<|sep|>") or _unreadable(body)


# MiniMax M3 ------------------------------------------------------------------------------------------------

MINIMAX_SPACE = "]<]minimax[>["
_NS = re.escape(MINIMAX_SPACE)


def minimax_m3(body: str, tools: list[dict], cut_off: bool) -> Calls:
    """Every tag is preceded by MiniMax's namespace token; a value the schema allows to be text is kept as
    written, tags and all (llama.cpp: "a union with a string alternative is a string")."""
    calls = []
    for name, inner in re.findall(rf'(?:{_NS})?<invoke name="([^"]*)"\s*>(.*?)(?:(?:{_NS})?</invoke>|\Z)', body, _S):
        types = parameter_types(tools, name)
        arguments = {key: _nested(value, types.get(key)) for key, value in _elements(inner)}
        calls.append(make_call(name, arguments, cut_off=cut_off))
    return _finished(calls, body, cut_off, "</invoke>") or _unreadable(body)


def _elements(text: str) -> list[tuple[str, str]]:
    return re.findall(rf"(?:{_NS})?<([A-Za-z_][\w.-]*)>(.*?)(?:(?:{_NS})?</\1>|\Z)", text, _S)


def _nested(value: str, types: set[str] | None):
    """An element's value: text where the schema allows text, else a list where it holds ``<item>``s, an object
    where it holds other elements, or a JSON value."""
    if types and "string" in types:
        return value
    inner = _elements(value)
    if inner and all(key == "item" for key, _ in inner):
        return [_nested(item, None) for _, item in inner]
    if inner:
        return {key: _nested(item, None) for key, item in inner}
    return typed_value(value.replace(MINIMAX_SPACE, ""), types)


def _finished(calls: Calls, body: str, cut_off: bool, *closings: str) -> Calls:
    """A call the reply's end cut short keeps what it had, and says it is unfinished: values that stop midway
    would read as valid arguments."""
    if cut_off and calls and not calls[-1].problem and not body.rstrip().endswith(closings):
        calls[-1].problem = translate("ToolCalls", "the reply ended before the call was complete")
    return calls


def _unreadable(body: str) -> Calls:
    return [broken_call(body, unreadable())] if body.strip() else []
