"""Grammars that hold a reply to a shape: a call of a tool the request forces, or an answer in a JSON schema.

llama.cpp's grammar sampler masks every token that would leave its GBNF grammar, so even a 135M model writes a
call whose arguments parse and match the tool's schema. The GBNF is llama-cpp-python's own translation of JSON
schema (``llama_cpp.llama_grammar``, the port of llama.cpp's ``json_schema_to_grammar``), not a second one.

What a forced reply looks like (``engines/tool_calls.parse_forced`` reads it back):
- a named tool: the arguments object alone, matching that tool's ``parameters``;
- ``tool_choice`` "required": ``{"name": <one of the tools>, "arguments": <that tool's parameters>}``, an
  alternation with one branch per tool;
- a response schema: the schema itself (``{}``: any JSON object); with tools the model may still call under
  "auto", either that or a call as above.
"""

from __future__ import annotations

import copy
import json

from assistant.core.engines.errors import BadSchema
from assistant.core.engines.types import TOOLS_NONE, TOOLS_REQUIRED, GenerationParams
from assistant.core.i18n import translate

ROOT = "root"


def tool_name(tool: dict) -> str:
    function = tool.get("function") if isinstance(tool.get("function"), dict) else tool
    return str(function.get("name") or "")


def tool_parameters(tool: dict) -> dict:
    """A tool's arguments schema; a tool that declares none takes any object."""
    function = tool.get("function") if isinstance(tool.get("function"), dict) else tool
    parameters = function.get("parameters")
    return parameters if isinstance(parameters, dict) else {"type": "object"}


# The converter's string character takes raw control characters, which JSON does not (a small model writes a
# newline inside a string, and the call no longer parses): llama.cpp's own converter has since excluded them.
_LOOSE_CHAR = 'char ::= [^"\\\\] |'
_STRICT_CHAR = 'char ::= [^"\\\\\\x7F\\x00-\\x1F] |'


def _finished(converter) -> str:
    return converter.format_grammar().replace(_LOOSE_CHAR, _STRICT_CHAR)


def _converter():
    from llama_cpp.llama_grammar import SchemaConverter

    # "name" before "arguments": the model names the tool first, as every template's own form does.
    return SchemaConverter(prop_order={"name": 0, "arguments": 1}, allow_fetch=False, dotall=False,
                           raw_pattern=False)


def _described(what: str, exc: Exception) -> BadSchema:
    return BadSchema(translate("Grammar", "{what} cannot be used to constrain the reply: {error}").format(
        what=what, error=f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__))


def _own_definitions(schema: dict, tag: str) -> dict:
    """``schema`` with its ``$defs`` renamed apart: the converter names a definition's rule by its last name alone,
    so two tools that each define ``Item`` differently would share one rule."""
    schema = copy.deepcopy(schema)
    for key in ("$defs", "definitions"):
        if isinstance(schema.get(key), dict):
            schema[key] = {f"{tag}-{name}": value for name, value in schema[key].items()}

    def rename(node):
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                for key in ("$defs", "definitions"):
                    prefix = f"#/{key}/"
                    if ref.startswith(prefix):
                        node["$ref"] = f"{prefix}{tag}-{ref[len(prefix):]}"
            for value in node.values():
                rename(value)
        elif isinstance(node, list):
            for value in node:
                rename(value)

    rename(schema)
    return schema


def schema_grammar(schema: dict, what: str = "") -> str:
    """GBNF whose root is a JSON value matching ``schema``. Raises BadSchema."""
    what = what or translate("Grammar", "The response format's JSON schema")
    try:
        converter = _converter()
        resolved = converter.resolve_refs(copy.deepcopy(schema), "schema")
        converter.visit(resolved, "")
        return _finished(converter)
    except (AssertionError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as exc:
        raise _described(what, exc) from None


def _call_rules(converter, tools: list[dict]) -> list[str]:
    """One rule per tool: ``{"name": "<its name>", "arguments": <its parameters>}``."""
    alternatives = []
    for index, tool in enumerate(tools):
        name = tool_name(tool)
        try:
            parameters = converter.resolve_refs(_own_definitions(tool_parameters(tool), f"t{index}"), f"t{index}")
            call = {"type": "object", "properties": {"name": {"const": name}, "arguments": parameters},
                    "required": ["name", "arguments"], "additionalProperties": False}
            alternatives.append(converter.visit(call, f"call-{index}"))
        except (AssertionError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as exc:
            raise _described(translate("Grammar", "The parameters of tool {name}").format(name=name), exc) from None
    return alternatives


def call_grammar(tools: list[dict]) -> str:
    """GBNF for one call of any of ``tools``, written ``{"name": ..., "arguments": {...}}``."""
    converter = _converter()
    converter._add_rule(ROOT, " | ".join(_call_rules(converter, tools)))
    return _finished(converter)


def answer_or_call_grammar(schema: dict, tools: list[dict]) -> str:
    """GBNF for an answer matching ``schema``, or one call of any of ``tools`` (a request that asks for both)."""
    converter = _converter()
    try:
        resolved = converter.resolve_refs(_own_definitions(schema, "answer"), "answer")
        answer = converter.visit(resolved, "answer")
    except (AssertionError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as exc:
        raise _described(translate("Grammar", "The response format's JSON schema"), exc) from None
    converter._add_rule(ROOT, " | ".join([answer, *_call_rules(converter, tools)]))
    return _finished(converter)


def find_tool(tools: list[dict], name: str) -> dict:
    for tool in tools:
        if tool_name(tool) == name:
            return tool
    raise BadSchema(translate("Grammar", "The request names tool {name}, which is not among its tools.").format(
        name=name))


# What a grammar makes of a reply: parse it back with tool_calls.parse_forced, or take it as the answer.
FORCED_NONE, FORCED_NAMED, FORCED_CALL, FORCED_ANSWER, FORCED_ANSWER_OR_CALL = (
    "", "named", "call", "answer", "answer_or_call")


def request_grammar(params: GenerationParams) -> tuple[str, str]:
    """The grammar a request's reply must follow and what kind of reply that makes, or ("", FORCED_NONE) for
    free text. Raises BadSchema."""
    tools = list(params.tools) if params.tool_choice != TOOLS_NONE else []
    if tools and params.named_tool:
        tool = find_tool(tools, params.named_tool)
        return schema_grammar(tool_parameters(tool), translate("Grammar", "The parameters of tool {name}").format(
            name=params.named_tool)), FORCED_NAMED
    if tools and params.tool_choice == TOOLS_REQUIRED:
        return call_grammar(tools), FORCED_CALL
    if params.response_schema is not None:
        schema = params.response_schema or {"type": "object"}
        if not isinstance(schema, dict):
            raise BadSchema(translate("Grammar", "The response format's JSON schema is not a JSON object."))
        if tools:
            return answer_or_call_grammar(schema, tools), FORCED_ANSWER_OR_CALL
        return schema_grammar(schema), FORCED_ANSWER
    return "", FORCED_NONE


def is_call_object(text: str, tools: list[dict]) -> bool:
    """Whether an answer written under ``answer_or_call_grammar`` is the call branch."""
    try:
        value = json.loads(text)
    except ValueError:
        return False
    names = {tool_name(tool) for tool in tools}
    return (isinstance(value, dict) and set(value) == {"name", "arguments"} and value["name"] in names
            and isinstance(value["arguments"], dict))
