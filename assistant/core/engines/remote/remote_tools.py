"""Tool calling with a server, in OpenAI's shapes: what a request asks (``tools``, ``tool_choice``,
``parallel_tool_calls``, ``response_format``), the conversation's earlier calls and results as the server takes them,
and the calls of a reply read back, whether they stream in pieces (OpenAI, llama-server, vLLM: the id and name
first, the arguments in fragments, joined by ``index``) or whole (Ollama, a reply that did not stream).

llama-server reads ``tool_choice`` only as a word (auto, none, required): a named tool is asked for there as
"required" with that tool alone.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable

from assistant.core.engines.types import TOOLS_REQUIRED, GenerationParams, ToolCall
from assistant.core.i18n import translate


def request_fields(params: GenerationParams, server_kind: str) -> dict:
    """The body's fields for the request's tools and the reply's form; none for a plain request."""
    fields: dict = {}
    if params.tools:
        tools, choice = params.tools, params.tool_choice
        if params.named_tool:
            if server_kind == "llama-server":
                tools = [tool for tool in tools if tool.get("function", {}).get("name") == params.named_tool]
                choice = TOOLS_REQUIRED
            else:
                choice = {"type": "function", "function": {"name": params.named_tool}}
        fields.update(tools=tools, tool_choice=choice, parallel_tool_calls=params.parallel_tool_calls)
    if params.response_schema is not None:
        fields["response_format"] = {"type": "json_object"} if not params.response_schema else {
            "type": "json_schema", "json_schema": {"name": "reply", "schema": params.response_schema}}
    return fields


def wire_message(message: dict, content) -> dict:
    """One of the engine's messages as OpenAI's API takes it, with ``content`` already in the server's form."""
    if message["role"] == "tool":
        # The name is not OpenAI's, but llama-server and vLLM give it to the templates that show it.
        return {"role": "tool", "tool_call_id": message.get("tool_call_id", ""), "name": message.get("name", ""),
                "content": content}
    turn = {"role": message["role"], "content": content}
    calls = message.get("tool_calls") if message["role"] == "assistant" else None
    if calls:
        turn["tool_calls"] = [{"id": call["id"], "type": "function",
                               "function": {"name": call["name"], "arguments": call.get("arguments") or "{}"}}
                              for call in calls]
        if not content:
            turn["content"] = None  # OpenAI's form for a turn that only called tools
    return turn


def refuses_tools(reason: str) -> bool:
    """An error that says the server or its model cannot take tools: Ollama's "... does not support tools",
    llama-server's "tools param requires --jinja flag", vLLM's "auto" tool choice needing --enable-auto-tool-choice."""
    return "tool" in reason.lower()


def arguments_problem(arguments: str) -> str:
    try:
        value = json.loads(arguments)
    except json.JSONDecodeError as error:
        return translate("Remote", "Its arguments are not JSON ({error}).").format(error=error.msg)
    if not isinstance(value, dict):
        return translate("Remote", "Its arguments are not a JSON object.")
    return ""


class ToolCallReader:
    """The calls of one reply, put together from the ``tool_calls`` of its deltas; ``on_call`` hears each once it is
    whole: when a call with a higher index begins, or when the reply ends (``finish``)."""

    def __init__(self, on_call: Callable[[ToolCall], None]):
        self.on_call = on_call
        self.calls: list[ToolCall] = []
        self._open: dict[int, dict] = {}  # index -> id, name and the arguments so far
        self._seen = 0  # indexes below this have been opened before

    def feed(self, pieces) -> None:
        if not isinstance(pieces, list):
            return
        for piece in pieces:
            if not isinstance(piece, dict):
                continue
            function = piece.get("function") if isinstance(piece.get("function"), dict) else {}
            call_id = piece.get("id") if isinstance(piece.get("id"), str) else ""
            index = piece.get("index")
            if not isinstance(index, int) or isinstance(index, bool):
                # Servers that leave the index out send each call whole: a repeated id is the same call.
                index = next((at for at, part in self._open.items() if call_id and part["id"] == call_id),
                             self._seen)
            for earlier in sorted(at for at in self._open if at < index):
                self._complete(earlier)
            if index not in self._open:
                if index < self._seen:
                    continue  # a piece for a call already given out: too late to change it
                self._open[index] = {"id": "", "name": "", "arguments": ""}
                self._seen = index + 1
            part = self._open[index]
            if call_id and not part["id"]:
                part["id"] = call_id
            name = function.get("name")
            if isinstance(name, str) and name and not part["name"]:
                part["name"] = name
            arguments = function.get("arguments")
            if isinstance(arguments, str):
                part["arguments"] += arguments
            elif isinstance(arguments, dict):  # Ollama's own form
                part["arguments"] = json.dumps(arguments, ensure_ascii=False)

    def finish(self) -> None:
        for index in sorted(self._open):
            self._complete(index)

    def _complete(self, index: int) -> None:
        part = self._open.pop(index)
        arguments = part["arguments"] if part["arguments"].strip() else "{}"  # no parameters: perhaps no text
        problem = arguments_problem(arguments)
        if not part["name"]:
            problem = translate("Remote", "The call names no tool.")
        call = ToolCall(part["id"] or "call_" + secrets.token_hex(12), part["name"], arguments, problem)
        self.calls.append(call)
        self.on_call(call)
