"""Formats with a syntax of their own: LFM2's Python-like ``[name(a=1)]``, Gemma 4's ``call:name{a:<|"|>x<|"|>}``
(and FunctionGemma's with ``<escape>``), and the header-then-JSON calls of GPT-OSS (``to=functions.NAME ...
<|message|>{...}``), Kimi K2 (``functions.NAME:0<|tool_call_argument_begin|>{...}``), DeepSeek R1 and V3.1,
Solar and Functionary v3.2 (``>>>NAME\\n{...}``)."""

from __future__ import annotations

import ast
import re

from assistant.core.engines.tool_calls.call_readers import Calls, Deciding, HeaderThenJson, NotACall, Reader
from assistant.core.engines.tool_calls.call_values import broken_call, make_call, unreadable
from assistant.core.engines.tool_calls.json_calls import json_values

# Python-like calls ------------------------------------------------------------------------------------------

_JSON_NAMES = {"true": True, "false": False, "null": None}


def python_keywords(text: str) -> dict | None:
    """``a=1, b="x"`` as a dict, read with Python's own parser and never run; None where it does not parse."""
    try:
        tree = ast.parse(f"f({text})", mode="eval")
    except SyntaxError:
        return None
    call = tree.body
    if not isinstance(call, ast.Call) or call.args:
        return None
    try:
        return {keyword.arg: _literal(keyword.value) for keyword in call.keywords if keyword.arg}
    except ValueError:
        return None


def _literal(node):
    if isinstance(node, ast.Name) and node.id in _JSON_NAMES:  # LFM2 writes JSON's true/false/null too
        return _JSON_NAMES[node.id]
    if isinstance(node, ast.List):
        return [_literal(item) for item in node.elts]
    if isinstance(node, ast.Dict):
        return {_literal(key): _literal(value) for key, value in zip(node.keys, node.values)}
    return ast.literal_eval(node)


def pythonic(body: str, tools: list[dict], cut_off: bool) -> Calls:
    """``[name(a=1), other(b="x")]`` (LFM2)."""
    text = body.strip()
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError:
        return [broken_call(text, unreadable())] if text else []
    nodes = tree.body.elts if isinstance(tree.body, ast.List) else [tree.body]
    calls = []
    for node in nodes:
        if not isinstance(node, ast.Call):
            calls.append(broken_call(ast.get_source_segment(text, node) or text, unreadable()))
            continue
        name = ast.get_source_segment(text, node.func) or ""
        try:
            arguments = {keyword.arg: _literal(keyword.value) for keyword in node.keywords if keyword.arg}
        except ValueError:
            calls.append(broken_call(ast.get_source_segment(text, node) or text, unreadable()))
            continue
        calls.append(make_call(name, arguments, cut_off=cut_off))
    return calls


# Gemma 4 and FunctionGemma -----------------------------------------------------------------------------------

def gemma_calls(body: str, tools: list[dict], cut_off: bool, quote: str = '<|"|>') -> Calls:
    """``call:NAME{key:value,...}``: keys bare, strings between ``quote`` markers, the rest JSON-like."""
    text = body.strip()
    match = re.match(r"(?:call:)?([\w.-]+)\s*", text)
    if not match:
        return [broken_call(text, unreadable())] if text else []
    try:
        arguments, _ = _gemma_value(text, match.end(), quote)
    except (ValueError, IndexError):
        return [make_call(match[1], text[match.end():], cut_off=cut_off)]
    return [make_call(match[1], arguments if isinstance(arguments, dict) else str(arguments), cut_off=cut_off)]


def _gemma_value(text: str, i: int, quote: str):
    while text[i].isspace():
        i += 1
    if text.startswith(quote, i):
        end = text.index(quote, i + len(quote))
        return text[i + len(quote):end], end + len(quote)
    char = text[i]
    if char == "{":
        result, i = {}, i + 1
        while True:
            while text[i] in " \n\t,":
                i += 1
            if text[i] == "}":
                return result, i + 1
            colon = text.index(":", i)
            key = text[i:colon].strip().strip('"')
            result[key], i = _gemma_value(text, colon + 1, quote)
    if char == "[":
        items, i = [], i + 1
        while True:
            while text[i] in " \n\t,":
                i += 1
            if text[i] == "]":
                return items, i + 1
            item, i = _gemma_value(text, i, quote)
            items.append(item)
    if char == '"':
        values, _ = json_values(text[i:])
        end = text.index('"', i + 1)
        while text[end - 1] == "\\":
            end = text.index('"', end + 1)
        return values[0] if values else text[i + 1:end], end + 1
    match = re.compile(r"[^,}\]\s]+").match(text, i)
    word = match[0]
    values, rest = json_values(word)
    return (values[0] if values and not rest else word), match.end()


# Header, then JSON -------------------------------------------------------------------------------------------

def gpt_oss() -> Reader:
    """``to=functions.NAME<|channel|>commentary json<|message|>{...}`` (the trigger took ``to=functions.``)."""
    def parse(header: str, arguments: str, cut_off: bool) -> Calls:
        name = re.split(r"\s|<\|", header.strip(), maxsplit=1)[0]
        return [make_call(name, arguments, cut_off=cut_off)]

    return HeaderThenJson("<|message|>", parse)


def kimi_k2() -> Reader:
    """``functions.NAME:0<|tool_call_argument_begin|>{...}``: the id is Kimi's own, the whole header."""
    def parse(header: str, arguments: str, cut_off: bool) -> Calls:
        call_id = header.strip()
        name = re.sub(r":\d+$", "", call_id)
        name = name[len("functions."):] if name.startswith("functions.") else name
        return [make_call(name, arguments, call_id, cut_off)]

    return HeaderThenJson("<|tool_call_argument_begin|>", parse)


def solar() -> Reader:
    """``ID<|tool_call:name|>NAME<|tool_call:args|>{...}``."""
    def parse(header: str, arguments: str, cut_off: bool) -> Calls:
        call_id, _, name = header.partition("<|tool_call:name|>")
        if not name:
            call_id, name = "", call_id
        return [make_call(name, arguments, call_id, cut_off)]

    return HeaderThenJson("<|tool_call:args|>", parse)


_DEEPSEEK_R1 = re.compile(r"\s*(?:function)?<｜tool▁sep｜>([^\n`]+?)\s*```(?:json)?\s*(.*?)\s*(?:```|\Z)",
                          re.DOTALL)


def deepseek(body: str, tools: list[dict], cut_off: bool) -> Calls:
    """R1's ``function<｜tool▁sep｜>NAME\\n```json\\n{...}\\n```'' or V3.1's ``NAME<｜tool▁sep｜>{...}``."""
    match = _DEEPSEEK_R1.match(body)
    if match:
        return [make_call(match[1], match[2], cut_off=cut_off)]
    name, separator, arguments = body.partition("<｜tool▁sep｜>")
    if not separator:
        return [broken_call(body, unreadable())] if body.strip() else []
    return [make_call(name, arguments, cut_off=cut_off)]


def functionary_v32() -> Reader:
    """After the prompt's ``>>>`` (and each later one): ``all\\n`` and text, or ``NAME\\n`` and JSON arguments."""
    def parse(header: str, arguments: str, cut_off: bool) -> Calls:
        return [make_call(header, arguments, cut_off=cut_off)]

    def decide(head: str):
        text = head.lstrip()
        text = text[3:] if text.startswith(">>>") else text
        line, newline, rest = text.partition("\n")
        if not newline:
            return ... if re.fullmatch(r"[\w.-]{0,64}", line) else NotACall(head)
        if line.strip() == "all":
            return NotACall(rest)
        if not re.fullmatch(r"[\w.-]+", line.strip()):
            return NotACall(head)
        return HeaderThenJson("\n", parse), text

    return Deciding(decide)
