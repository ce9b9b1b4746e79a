"""Tool calling through a remote engine: against a real llama-server (pinned sources, ``--jinja``) made to call a
tool, and against real loopback servers that send calls as each kind of server does: OpenAI's and vLLM's pieces
(id and name first, arguments in fragments, joined by index), Ollama's whole calls without an index, a reply that
did not stream, and the refusal of a model that cannot use tools."""

from __future__ import annotations

import json

import pytest

from assistant.core.engines.chat_engine import ReplyListeners
from assistant.core.engines.errors import EngineFailure
from assistant.core.engines.remote.remote_engine import RemoteEngine
from assistant.core.engines.remote.remote_tools import ToolCallReader
from assistant.core.engines.scheduler import Finished, Loaded, Scheduler, Text, ToolCallWritten
from assistant.core.engines.types import TOOLS_REQUIRED, GenerationParams, ToolCall
from loopback import JsonHandler, Loopback
from test_remote import KEY, LlamaServer  # imported with the module: the pinned build's cache is found then

WEATHER = {"type": "function", "function": {
    "name": "get_weather", "description": "The weather in a city now.",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}
TIME = {"type": "function", "function": {"name": "get_time", "description": "The time now.",
                                          "parameters": {"type": "object", "properties": {}}}}
QUESTION = [{"role": "user", "content": "What is the weather in Paris?"}]


def _call_chunk(index: int, **piece) -> dict:
    return {"choices": [{"index": 0, "delta": {"tool_calls": [{"index": index, **piece}]}}]}


STREAMED = [  # as OpenAI and vLLM send them
    {"choices": [{"index": 0, "delta": {"role": "assistant", "content": "Let me look. "}}]},
    _call_chunk(0, id="call_a", type="function", function={"name": "get_weather", "arguments": ""}),
    _call_chunk(0, function={"arguments": '{"ci'}),
    _call_chunk(0, function={"arguments": 'ty": "Par'}),
    _call_chunk(0, function={"arguments": 'is"}'}),
    _call_chunk(1, id="call_b", type="function", function={"name": "get_time", "arguments": ""}),
    {"choices": [{"index": 0, "delta": {}, "finish_reason": "tool_calls"}]},
    {"choices": [], "usage": {"prompt_tokens": 30, "completion_tokens": 12}}]
OLLAMA = [  # whole calls, no index, arguments as text
    {"choices": [{"index": 0, "delta": {"role": "assistant", "content": "", "tool_calls": [
        {"id": "call_x", "type": "function", "function": {"name": "get_weather", "arguments": '{"city":"Paris"}'}},
        {"id": "call_y", "type": "function", "function": {"name": "get_time", "arguments": "{}"}}]}}]},
    {"choices": [{"index": 0, "delta": {}, "finish_reason": "tool_calls"}]}]
WHOLE = {"id": "c", "object": "chat.completion", "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {
    "role": "assistant", "content": None, "tool_calls": [
        {"id": "call_w", "type": "function", "function": {"name": "get_weather", "arguments": '{"city": "Paris"}'}}]}}],
    "usage": {"prompt_tokens": 20, "completion_tokens": 8}}


class ToolServer:
    """A loopback server in one of the dialects above, keeping the bodies it was sent."""

    def __init__(self, dialect: str, kind: str = "openai"):
        self.dialect, self.bodies = dialect, []
        outer = self

        class Handler(JsonHandler):
            def do_GET(self):
                if self.path == "/v1/models":
                    return self.send_json(200, {"object": "list", "data": [{"id": "m", "object": "model"}]})
                if self.path == "/props" and kind == "llama-server":
                    return self.send_json(200, {"default_generation_settings": {"n_ctx": 4096}})
                self.send_json(404, {"error": "not found"})

            def do_POST(self):
                body = self.read_json()
                if self.path != "/v1/chat/completions":
                    return self.send_json(404, {"error": "not found"})
                outer.bodies.append(body)
                if outer.dialect == "refuses":
                    return self.send_json(400, {"error": {"message": "registry.ollama.ai/library/m does not "
                                                                     "support tools"}})
                if outer.dialect == "whole":
                    return self.send_json(200, WHOLE)
                self.send_events(OLLAMA if outer.dialect == "ollama" else STREAMED)

        self.server = Loopback(Handler)
        self.url = self.server.url

    def stop(self):
        self.server.stop()


def _ask(server: ToolServer, messages=QUESTION, **choices):
    engine = RemoteEngine(server.url)
    heard: list = []
    try:
        engine.load("m")
        params = GenerationParams(temperature=0.0, max_tokens=64, tools=[WEATHER, TIME], **choices)
        result = engine.generate(messages, params, ReplyListeners(on_text=lambda t: heard.append(("text", t)),
                                                                  on_tool_call=lambda c: heard.append(("call", c))))
    finally:
        engine.close()
        server.stop()
    return result, heard


@pytest.mark.parametrize("dialect", ["streamed", "ollama"])
def test_streamed_calls_are_put_together_and_heard_once_each(dialect):
    result, heard = _ask(ToolServer(dialect))
    first, second = result.tool_calls
    assert (first.name, json.loads(first.arguments), first.problem) == ("get_weather", {"city": "Paris"}, "")
    assert (second.name, json.loads(second.arguments), second.problem) == ("get_time", {}, "")
    assert [first.id, second.id] == (["call_a", "call_b"] if dialect == "streamed" else ["call_x", "call_y"])
    assert [value for kind, value in heard if kind == "call"] == result.tool_calls
    if dialect == "streamed":  # the text before the calls reached the listener first
        assert heard[0] == ("text", "Let me look. ") and result.text == "Let me look. "
        assert (result.prompt_tokens, result.generated_tokens) == (30, 12)


def test_a_reply_that_did_not_stream_is_read_whole():
    result, heard = _ask(ToolServer("whole"))
    assert result.tool_calls == [ToolCall("call_w", "get_weather", '{"city": "Paris"}')]
    assert result.text == "" and heard == [("call", result.tool_calls[0])]
    assert (result.prompt_tokens, result.generated_tokens) == (20, 8)


def test_a_model_that_cannot_use_tools_is_said_as_one():
    with pytest.raises(EngineFailure, match="The model m on the server at .* cannot use tools .*does not support"):
        _ask(ToolServer("refuses"))


def test_the_request_carries_tools_choice_and_format_and_the_conversation_in_openais_form():
    server = ToolServer("streamed")
    history = QUESTION + [
        {"role": "assistant", "content": "", "tool_calls": [{"id": "call_1", "name": "get_weather",
                                                             "arguments": '{"city": "Paris"}'}]},
        {"role": "tool", "content": "Sunny, 24 °C", "tool_call_id": "call_1", "name": "get_weather"}]
    _ask(server, history, named_tool="get_weather", tool_choice=TOOLS_REQUIRED, parallel_tool_calls=False,
         response_schema={"type": "object"})
    body = server.bodies[-1]
    assert body["tools"] == [WEATHER, TIME]
    assert body["tool_choice"] == {"type": "function", "function": {"name": "get_weather"}}
    assert body["parallel_tool_calls"] is False
    assert body["response_format"] == {"type": "json_schema", "json_schema": {"name": "reply",
                                                                              "schema": {"type": "object"}}}
    assert body["messages"][1] == {"role": "assistant", "content": None, "tool_calls": [
        {"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": '{"city": "Paris"}'}}]}
    assert body["messages"][2] == {"role": "tool", "tool_call_id": "call_1", "name": "get_weather",
                                   "content": "Sunny, 24 °C"}


def test_llama_server_is_asked_for_a_named_tool_as_required_with_that_tool_alone():
    server = ToolServer("streamed", kind="llama-server")
    _ask(server, named_tool="get_time", tool_choice=TOOLS_REQUIRED)
    assert server.bodies[-1]["tool_choice"] == "required" and server.bodies[-1]["tools"] == [TIME]


def test_a_plain_request_sends_no_tool_fields():
    server = ToolServer("streamed")
    engine = RemoteEngine(server.url)
    try:
        engine.load("m")
        engine.generate(QUESTION, GenerationParams(max_tokens=8))
    finally:
        engine.close()
        server.stop()
    assert not {"tools", "tool_choice", "parallel_tool_calls", "response_format"} & set(server.bodies[-1])


def test_malformed_arguments_are_kept_as_written_with_the_problem_said():
    heard: list[ToolCall] = []
    reader = ToolCallReader(heard.append)
    reader.feed([{"index": 0, "id": "c1", "function": {"name": "get_weather", "arguments": '{"city": '}}])
    reader.feed([{"index": 1, "id": "c2", "function": {"name": "", "arguments": "[1, 2]"}}])
    assert [call.id for call in heard] == ["c1"]  # the first is whole once the second begins
    reader.feed([{"index": 0, "function": {"arguments": "late"}}])  # too late to change a call given out
    reader.finish()
    first, second = heard
    assert first.arguments == '{"city": ' and "not JSON" in first.problem
    assert second.arguments == "[1, 2]" and "names no tool" in second.problem


@pytest.mark.model
def test_llama_server_with_jinja_writes_a_required_call_the_engine_reads(model_with_template):
    """SmolLM2 with Hermes 3's tool-use template. This llama-server's "required" lets text come before the call, so
    the conversation shows the model three earlier calls and their results (sent in OpenAI's form, which the server
    renders in the template's), and it writes the fourth."""
    server = LlamaServer(model_with_template("NousResearch-Hermes-3-Llama-3.1-8B-tool_use"), "-a", "smollm2")
    history = []
    for number, city in enumerate(["London", "Rome", "Berlin"]):
        history += [{"role": "user", "content": f"What is the weather in {city}?"},
                    {"role": "assistant", "content": "", "tool_calls": [
                        {"id": f"call_{number}", "name": "get_weather", "arguments": json.dumps({"city": city})}]},
                    {"role": "tool", "content": "Sunny", "tool_call_id": f"call_{number}", "name": "get_weather"},
                    {"role": "assistant", "content": "Sunny."}]
    scheduler = Scheduler(RemoteEngine(server.url, KEY))
    try:
        assert isinstance(scheduler.load("smollm2").wait(30), Loaded)
        params = GenerationParams(temperature=0.0, max_tokens=80, seed=1, tools=[WEATHER],
                                  tool_choice=TOOLS_REQUIRED)
        events = list(scheduler.generate(history + QUESTION, params).events())
    finally:
        scheduler.shutdown()
        server.stop()
    final = events[-1]
    assert isinstance(final, Finished), final
    written = [event.call for event in events if isinstance(event, ToolCallWritten)]
    assert written == final.result.tool_calls and len(written) == 1
    call = written[0]
    assert (call.name, json.loads(call.arguments), call.problem) == ("get_weather", {"city": "Paris"}, "")
    assert call.id and "get_weather" not in "".join(event.text for event in events if isinstance(event, Text))
