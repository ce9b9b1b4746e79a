"""The tool-calling half of OpenAI's chat-completion shapes: ``tools``, ``tool_choice``, ``parallel_tool_calls`` and
``response_format`` read into what the engine takes (``GenerationParams``' fields), earlier calls and their results
in a conversation read into the engine's message shapes, and the calls a reply holds written back as OpenAI's
``tool_calls`` (whole, or as one streamed delta each).

A call the model wrote badly (``ToolCall.problem`` set: its arguments are not a JSON object) goes to the client as
written, as OpenAI's own API does: the client, which knows its tools, judges it. The legacy ``functions`` and
``function_call`` fields are refused with a 400 that names their replacements: mapping them would answer in
``tool_calls``, which a client written for them does not read.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from assistant.core.api.api_error import ApiError
from assistant.core.engines.types import TOOLS_AUTO, TOOLS_NONE, TOOLS_REQUIRED, ToolCall

NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")  # OpenAI's rule for a function's name
MAX_TOOLS = 128  # as OpenAI
EMPTY_PARAMETERS = {"type": "object", "properties": {}}


@dataclass
class ToolRequest:
    """What a request asked about tools and the reply's form, as ``GenerationParams`` names it."""

    tools: list[dict] = field(default_factory=list)
    tool_choice: str = TOOLS_AUTO
    named_tool: str = ""
    parallel_tool_calls: bool = True
    response_schema: dict | None = None


def _check_schema(schema, param: str, what: str) -> None:
    """A 400 for a schema that is not one: the grammar built from it would fail later, in words no one can act on."""
    if not isinstance(schema, dict):
        raise ApiError(400, f"{what}: must be a JSON Schema object.", "invalid_schema", param)
    from jsonschema.exceptions import SchemaError  # a dependency (core/tools checks arguments with it); lazily:
    from jsonschema.validators import validator_for  # a request with no schema never pays for it

    try:
        validator_for(schema).check_schema(schema)
    except SchemaError as error:
        where = "/".join(str(part) for part in error.path)
        raise ApiError(400, f"{what}: not a valid JSON Schema ({error.message[:200]}"
                            f"{' at ' + where if where else ''}).", "invalid_schema", param) from None


def _tools(value) -> list[dict]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ApiError(400, "tools must be a list of {\"type\": \"function\", \"function\": {...}} objects.",
                       param="tools")
    if len(value) > MAX_TOOLS:
        raise ApiError(400, f"tools holds {len(value)} tools; at most {MAX_TOOLS} are accepted.", param="tools")
    tools, names = [], set()
    for index, tool in enumerate(value):
        param = f"tools[{index}]"
        if not isinstance(tool, dict):
            raise ApiError(400, f"{param} must be an object.", param=param)
        if tool.get("type", "function") != "function":
            raise ApiError(400, f"{param} is a {str(tool.get('type'))[:40]!r} tool; Hearth's API calls function "
                                f"tools only.", "unsupported_tool_type", f"{param}.type")
        function = tool.get("function")
        if not isinstance(function, dict):
            raise ApiError(400, f"{param}.function must be an object with a name.", param=f"{param}.function")
        name = function.get("name")
        if not isinstance(name, str) or not NAME.match(name):
            raise ApiError(400, f"{param}.function.name must be 1 to 64 letters, digits, '_' or '-'; it is "
                                f"{name!r:.80}.", "invalid_function_name", f"{param}.function.name")
        if name in names:
            raise ApiError(400, f"Two tools are named {name!r}; each tool's name must be its own.",
                           "duplicate_function_name", f"{param}.function.name")
        names.add(name)
        description = function.get("description") or ""
        if not isinstance(description, str):
            raise ApiError(400, f"{param}.function.description must be a string.",
                           param=f"{param}.function.description")
        parameters = function.get("parameters")
        if parameters is None:
            parameters = dict(EMPTY_PARAMETERS)
        _check_schema(parameters, f"{param}.function.parameters", f"The parameters of tool {name!r}")
        if parameters.get("type", "object") != "object":
            raise ApiError(400, f"The parameters of tool {name!r} must be a schema of type 'object' (the "
                                f"arguments are one JSON object); it is {parameters.get('type')!r:.40}.",
                           "invalid_schema", f"{param}.function.parameters")
        entry = {"name": name, "description": description, "parameters": parameters}
        if isinstance(function.get("strict"), bool):
            entry["strict"] = function["strict"]
        tools.append({"type": "function", "function": entry})
    return tools


def _named(choice: dict, param: str) -> str:
    """The name in ``{"type": "function", "function": {"name": ...}}`` (or the Responses API's flat
    ``{"type": "function", "name": ...}``)."""
    function = choice.get("function")
    name = function.get("name") if isinstance(function, dict) else choice.get("name")
    if not isinstance(name, str) or not name:
        raise ApiError(400, f"{param} must name the function: {{\"type\": \"function\", \"function\": "
                            f"{{\"name\": ...}}}}.", param=param)
    return name


def _choice(value, tools: list[dict]) -> tuple[str, str, list[dict]]:
    """(tool_choice, named tool, the tools offered): OpenAI's default is auto with tools, none without."""
    names = [tool["function"]["name"] for tool in tools]
    if value is None:
        return (TOOLS_AUTO if tools else TOOLS_NONE), "", tools
    if value in (TOOLS_AUTO, TOOLS_NONE, TOOLS_REQUIRED):
        if value == TOOLS_REQUIRED and not tools:
            raise ApiError(400, "tool_choice 'required' needs tools to choose from; send tools too.",
                           param="tool_choice")
        return value, "", tools
    if isinstance(value, dict) and value.get("type") == "function":
        name = _named(value, "tool_choice")
        if name not in names:
            raise ApiError(400, f"tool_choice names the tool {name!r:.80}, which is not among the tools sent"
                                f"{' (' + ', '.join(names[:20]) + ')' if names else ''}.", "unknown_tool",
                           "tool_choice")
        return TOOLS_REQUIRED, name, tools
    if isinstance(value, dict) and value.get("type") == "allowed_tools":
        # {"type": "allowed_tools", "allowed_tools": {"mode": "auto" | "required", "tools": [...]}}: a subset.
        allowed = value.get("allowed_tools")
        mode = allowed.get("mode") if isinstance(allowed, dict) else None
        listed = allowed.get("tools") if isinstance(allowed, dict) else None
        if mode not in (TOOLS_AUTO, TOOLS_REQUIRED) or not isinstance(listed, list):
            raise ApiError(400, "tool_choice allowed_tools needs a mode (auto or required) and a list of tools.",
                           param="tool_choice")
        chosen = set()
        for index, entry in enumerate(listed):
            name = _named(entry if isinstance(entry, dict) else {}, f"tool_choice.allowed_tools.tools[{index}]")
            if name not in names:
                raise ApiError(400, f"tool_choice allows the tool {name!r:.80}, which is not among the tools sent.",
                               "unknown_tool", "tool_choice")
            chosen.add(name)
        return mode, "", [tool for tool in tools if tool["function"]["name"] in chosen]
    raise ApiError(400, "tool_choice must be 'auto', 'none', 'required' or {\"type\": \"function\", \"function\": "
                        "{\"name\": ...}}.", param="tool_choice")


def _response_schema(value) -> dict | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ApiError(400, "response_format must be an object such as {\"type\": \"json_object\"}.",
                       param="response_format")
    kind = value.get("type", "text")
    if kind == "text":
        return None
    if kind == "json_object":
        return {}
    if kind == "json_schema":
        wrapper = value.get("json_schema")
        schema = wrapper.get("schema") if isinstance(wrapper, dict) else None
        if schema is None:
            raise ApiError(400, "response_format json_schema needs its schema: {\"type\": \"json_schema\", "
                                "\"json_schema\": {\"name\": ..., \"schema\": {...}}}.",
                           param="response_format.json_schema.schema")
        _check_schema(schema, "response_format.json_schema.schema", "response_format's schema")
        return schema
    raise ApiError(400, f"response_format type must be text, json_object or json_schema; it is {kind!r:.40}.",
                   param="response_format.type")


def parse_tool_request(data: dict) -> ToolRequest:
    if data.get("functions") is not None or data.get("function_call") is not None:
        raise ApiError(400, "functions and function_call are OpenAI's retired names; send tools and tool_choice "
                            "instead (Hearth answers in tool_calls).", "unsupported_functions",
                       "functions" if data.get("functions") is not None else "function_call")
    tools = _tools(data.get("tools"))
    choice, named, tools = _choice(data.get("tool_choice"), tools)
    parallel = data.get("parallel_tool_calls", True)
    if not isinstance(parallel, bool):
        raise ApiError(400, "parallel_tool_calls must be true or false.", param="parallel_tool_calls")
    return ToolRequest(tools, choice, named, parallel, _response_schema(data.get("response_format")))


# Messages ------------------------------------------------------------------------------------------------------


def assistant_calls(value, index: int) -> list[dict]:
    """An assistant message's ``tool_calls`` in the engine's shape: ``{"id", "name", "arguments"}`` (JSON text)."""
    param = f"messages[{index}].tool_calls"
    if not isinstance(value, list):
        raise ApiError(400, f"{param} must be a list.", param=param)
    calls = []
    for number, call in enumerate(value):
        where = f"{param}[{number}]"
        function = call.get("function") if isinstance(call, dict) else None
        if not isinstance(function, dict) or call.get("type", "function") != "function":
            raise ApiError(400, f"{where} must be {{\"id\", \"type\": \"function\", \"function\": {{\"name\", "
                                f"\"arguments\"}}}}.", param=where)
        call_id, name = call.get("id"), function.get("name")
        if not isinstance(call_id, str) or not call_id:
            raise ApiError(400, f"{where}.id is required: the tool message that answers it names it.",
                           param=f"{where}.id")
        if not isinstance(name, str) or not name:
            raise ApiError(400, f"{where}.function.name is required.", param=f"{where}.function.name")
        arguments = function.get("arguments")
        if arguments is None:
            arguments = "{}"
        elif not isinstance(arguments, str):  # some clients send the object itself
            arguments = json.dumps(arguments, ensure_ascii=False)
        calls.append({"id": call_id, "name": name, "arguments": arguments})
    return calls


def tool_result(message: dict, index: int, text: str, called: dict[str, str]) -> dict:
    """A ``role: tool`` message in the engine's shape, its tool's name looked up from the call it answers
    (``called``: the earlier calls' ids and names)."""
    call_id = message.get("tool_call_id")
    if not isinstance(call_id, str) or not call_id:
        raise ApiError(400, f"messages[{index}] is a tool message without tool_call_id: it must name the call it "
                            f"answers.", param=f"messages[{index}].tool_call_id")
    if call_id not in called:
        raise ApiError(400, f"messages[{index}].tool_call_id is {call_id!r:.80}, which no earlier assistant "
                            f"message's tool_calls holds.", "unknown_tool_call",
                       f"messages[{index}].tool_call_id")
    return {"role": "tool", "content": text, "tool_call_id": call_id, "name": called[call_id]}


# Replies -------------------------------------------------------------------------------------------------------


def wire_call(call: ToolCall) -> dict:
    """A call as OpenAI writes it; ``arguments`` exactly as the model wrote them (see the module's note)."""
    return {"id": call.id, "type": "function", "function": {"name": call.name, "arguments": call.arguments}}


def call_delta(call: ToolCall, index: int) -> dict:
    """A whole call in one streamed delta: OpenAI's clients join deltas by ``index``, and the name and id come
    once, as they would in the first of several pieces."""
    return {"tool_calls": [{"index": index, **wire_call(call)}]}
