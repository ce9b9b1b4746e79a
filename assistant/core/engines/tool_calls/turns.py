"""The engine's messages in the shapes a template reads: an assistant turn's calls in Hugging Face's form (their
arguments as an object, or as JSON text where the template wants that), tool results as ``role: tool`` messages.
A template without tool support gets the tools described in its system message and results as user text, in
the Hermes form small models know."""

from __future__ import annotations

import hashlib
import json

from assistant.core.engines.tool_calls.call_format import ToolCallFormat, tool_variables

GENERIC_INSTRUCTIONS = (
    "You may call one or more of the tools below to help with the user's request. Each tool is described by a JSON "
    "schema:\n<tools>\n{tools}\n</tools>\n\n"
    "To call a tool, write only this, with the arguments as a JSON object:\n"
    "<tool_call>\n{{\"name\": \"<tool name>\", \"arguments\": {{<arguments>}}}}\n</tool_call>\n"
    "Write one such block per call. The results come back inside <tool_response></tool_response>. "
    "Answer normally when no tool is needed."
)


def template_variables(fmt: ToolCallFormat, tools: list[dict]) -> dict:
    """What to pass to ``ChatTemplate.render`` besides the messages."""
    if not tools or not fmt.native:
        return {}
    return tool_variables(fmt.variables, tools)


def template_messages(messages: list[dict], fmt: ToolCallFormat, tools: list[dict]) -> list[dict]:
    """The engine's messages (``tool_calls`` as ``{"id", "name", "arguments"}`` with JSON-text arguments;
    ``role: tool`` results) in the template's shapes. Keys this does not know are kept as they are."""
    if not fmt.native:
        return _generic_messages(messages, tools)
    ids = _id_map(messages) if fmt.family == "mistral" else {}
    turns = []
    for message in messages:
        role = message.get("role")
        if role == "assistant" and message.get("tool_calls"):
            turn = {key: value for key, value in message.items() if key != "tool_calls"}
            turn["content"] = turn.get("content") or ""
            turn["tool_calls"] = [_template_call(call, fmt, ids) for call in message["tool_calls"]]
            turns.append(turn)
        elif role == "tool":
            call_id = str(message.get("tool_call_id") or "")
            turns.append({**message, "content": str(message.get("content") or ""),
                          "tool_call_id": ids.get(call_id, call_id), "name": str(message.get("name") or "")})
        else:
            turns.append(dict(message))
    return turns


def _template_call(call: dict, fmt: ToolCallFormat, ids: dict[str, str]) -> dict:
    call_id = str(call.get("id") or "")
    text = str(call.get("arguments") or "{}")
    if fmt.arguments_as_text:
        arguments = text
    else:
        try:
            arguments = json.loads(text)
        except ValueError:
            arguments = {}
        if not isinstance(arguments, dict):
            arguments = {}
    return {"id": ids.get(call_id, call_id), "type": "function",
            "function": {"name": str(call.get("name") or ""), "arguments": arguments}}


def _id_map(messages: list[dict]) -> dict[str, str]:
    """Mistral's templates take only ids of nine letters and digits: others are mapped, the same way wherever
    they appear, to such an id derived from them."""
    ids = {}
    for message in messages:
        for call in message.get("tool_calls") or []:
            call_id = str(call.get("id") or "")
            if not (len(call_id) == 9 and call_id.isalnum()):
                ids[call_id] = mistral_id(call_id)
    return ids


def mistral_id(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return "".join(char for char in digest if char.isalnum())[:9]


# Templates without tools ----------------------------------------------------------------------------------

def describe_tools(tools: list[dict]) -> str:
    return GENERIC_INSTRUCTIONS.format(tools="\n".join(json.dumps(tool, ensure_ascii=False) for tool in tools))


def _generic_messages(messages: list[dict], tools: list[dict]) -> list[dict]:
    turns: list[dict] = []
    if tools:
        description = describe_tools(tools)
        if messages and messages[0].get("role") == "system":
            first = messages[0]
            turns.append({**first, "content": f"{first.get('content') or ''}\n\n{description}".lstrip()})
            messages = messages[1:]
        else:
            turns.append({"role": "system", "content": description})
    for message in messages:
        role = message.get("role")
        if role == "assistant" and message.get("tool_calls"):
            blocks = [generic_call_text(call) for call in message["tool_calls"]]
            content = "\n".join(part for part in [message.get("content") or "", *blocks] if part)
            turns.append({**{k: v for k, v in message.items() if k != "tool_calls"}, "content": content})
        elif role == "tool":
            block = generic_result_text(message)
            if turns and turns[-1].get("role") == "user" and turns[-1].get("_tool_results"):
                turns[-1]["content"] += "\n" + block
            else:
                turns.append({"role": "user", "content": block, "_tool_results": True})
        else:
            turns.append(dict(message))
    for turn in turns:
        turn.pop("_tool_results", None)
    return turns


def generic_call_text(call: dict) -> str:
    try:
        arguments = json.loads(str(call.get("arguments") or "{}"))
    except ValueError:
        arguments = str(call.get("arguments"))
    body = json.dumps({"name": str(call.get("name") or ""), "arguments": arguments}, ensure_ascii=False)
    return f"<tool_call>\n{body}\n</tool_call>"


def generic_result_text(message: dict) -> str:
    body = json.dumps({"name": str(message.get("name") or ""), "content": str(message.get("content") or "")},
                      ensure_ascii=False)
    return f"<tool_response>\n{body}\n</tool_response>"
