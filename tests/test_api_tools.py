"""Tool calling through Hearth's API, driven by the official ``openai`` client and the Agents SDK.

Two kinds of engine answer behind the real server and scheduler:
- a remote engine in front of a loopback server that writes the calls it is told to (an OpenAI-style stream), so
  that the API's own shapes are checked call by call: whole replies, streamed deltas as the client and its stream
  manager put them together, what reaches the engine, a malformed call passed on as written, the 400s;
- the real engine host with SmolLM2, which must write the calls itself: a named tool, "required", a tool result
  sent back, a JSON schema answer, and the Agents SDK's two-step tool loop.
"""

from __future__ import annotations

import json
from contextlib import contextmanager

import openai
import pytest

from assistant.core.api.endpoints import ApiLimits, ChatApi, ServedModel, build_app
from assistant.core.api.http_server import ApiServer
from assistant.core.engines.remote.remote_engine import RemoteEngine
from assistant.core.engines.scheduler import Loaded, Scheduler
from assistant.core.engines.types import GenerationParams
from loopback import JsonHandler, Loopback

TOKEN = "hearth-test-token-0123456789"
WEATHER = {"type": "function", "function": {
    "name": "get_weather", "description": "The weather in a city now.",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}
TIME = {"type": "function", "function": {"name": "get_time", "description": "The time now.",
                                          "parameters": {"type": "object", "properties": {}}}}
QUESTION = [{"role": "user", "content": "What is the weather in Paris?"}]
GREEDY = GenerationParams(temperature=0.0, max_tokens=64, seed=1)


@contextmanager
def serving(scheduler, served: ServedModel):
    server = ApiServer(build_app(ChatApi(scheduler, lambda: served, ApiLimits()), TOKEN), "127.0.0.1", 0)
    server.start()
    try:
        yield openai.OpenAI(base_url=server.url, api_key=TOKEN, max_retries=0)
    finally:
        server.stop()


# The API's shapes, over a server that writes the calls it is told to -------------------------------------------


def _pieces(index: int, call_id: str, name: str, arguments: str) -> list[dict]:
    """One call as OpenAI streams it: the id and name first, then the arguments in three fragments."""
    third = max(1, len(arguments) // 3)
    parts = [arguments[:third], arguments[third:2 * third], arguments[2 * third:]]
    first = {"index": index, "id": call_id, "type": "function", "function": {"name": name, "arguments": ""}}
    return [first] + [{"index": index, "function": {"arguments": part}} for part in parts if part]


class CallingServer:
    """A loopback OpenAI-style server whose every reply is some text, then ``calls`` (id, name, arguments); it keeps
    the bodies it was sent."""

    def __init__(self, calls: list[tuple[str, str, str]], text: str = ""):
        self.calls, self.text, self.bodies = calls, text, []
        outer = self

        class Handler(JsonHandler):
            def do_GET(self):
                if self.path == "/v1/models":
                    return self.send_json(200, {"object": "list", "data": [{"id": "m", "object": "model",
                                                                             "max_model_len": 4096}]})
                self.send_json(404, {"error": "not found"})

            def do_POST(self):
                outer.bodies.append(self.read_json())
                chunks = [{"choices": [{"index": 0, "delta": {"content": outer.text}}]}] if outer.text else []
                for index, (call_id, name, arguments) in enumerate(outer.calls):
                    chunks += [{"choices": [{"index": 0, "delta": {"tool_calls": [piece]}}]}
                               for piece in _pieces(index, call_id, name, arguments)]
                chunks.append({"choices": [{"index": 0, "delta": {},
                                            "finish_reason": "tool_calls" if outer.calls else "stop"}]})
                chunks.append({"choices": [], "usage": {"prompt_tokens": 40, "completion_tokens": 20}})
                self.send_events(chunks)

        self.server = Loopback(Handler)


@contextmanager
def calling(calls: list[tuple[str, str, str]], text: str = ""):
    """Hearth's API over a remote engine on a ``CallingServer``: (the client, the server)."""
    behind = CallingServer(calls, text)
    scheduler = Scheduler(RemoteEngine(behind.server.url))
    try:
        assert isinstance(scheduler.load("m").wait(30), Loaded)
        with serving(scheduler, ServedModel("m", 4096, GREEDY)) as api:
            yield api, behind
    finally:
        scheduler.shutdown()
        behind.server.stop()


TWO_CALLS = [("call_a", "get_weather", '{"city": "Paris"}'), ("call_b", "get_time", "{}")]


def test_a_whole_reply_holds_its_calls_as_openai_writes_them():
    with calling(TWO_CALLS) as (api, behind):
        reply = api.chat.completions.create(model="m", messages=QUESTION, tools=[WEATHER, TIME])
    choice = reply.choices[0]
    assert choice.finish_reason == "tool_calls"
    assert choice.message.content is None  # only calls: content null, as OpenAI
    assert [(c.id, c.type, c.function.name, c.function.arguments) for c in choice.message.tool_calls] == \
        [("call_a", "function", "get_weather", '{"city": "Paris"}'), ("call_b", "function", "get_time", "{}")]
    assert behind.bodies[-1]["tools"] == [WEATHER, TIME] and behind.bodies[-1]["tool_choice"] == "auto"


def strict(tool: dict) -> dict:
    """A tool as the stream manager parses its arguments: strict, no properties beyond its own."""
    function = tool["function"]
    return {"type": "function", "function": {**function, "strict": True, "parameters": {
        **function["parameters"], "additionalProperties": False}}}


def test_streamed_calls_accumulate_in_the_client_and_its_stream_manager():
    with calling(TWO_CALLS, text="Let me look. ") as (api, _behind):
        chunks = list(api.chat.completions.create(model="m", messages=QUESTION, tools=[WEATHER, TIME],
                                                  stream=True))
        with api.chat.completions.stream(model="m", messages=QUESTION, tools=[strict(WEATHER), strict(TIME)]) \
                as stream:
            done = [event for event in stream if event.type == "tool_calls.function.arguments.done"]
            final = stream.get_final_completion()
    calls: dict[int, dict] = {}
    for chunk in chunks:
        for delta in (chunk.choices[0].delta.tool_calls or []) if chunk.choices else []:
            entry = calls.setdefault(delta.index, {"id": "", "name": "", "arguments": ""})
            entry["id"] += delta.id or ""
            entry["name"] += delta.function.name or ""
            entry["arguments"] += delta.function.arguments or ""
    assert calls == {0: {"id": "call_a", "name": "get_weather", "arguments": '{"city": "Paris"}'},
                     1: {"id": "call_b", "name": "get_time", "arguments": "{}"}}
    assert [c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason] == \
        ["tool_calls"]
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == "Let me look. "
    assert [(event.index, event.name, event.parsed_arguments) for event in done] == \
        [(0, "get_weather", {"city": "Paris"}), (1, "get_time", {})]
    message = final.choices[0].message
    assert message.content == "Let me look. " and final.choices[0].finish_reason == "tool_calls"
    assert [(c.id, c.function.name, c.function.arguments) for c in message.tool_calls] == \
        [("call_a", "get_weather", '{"city": "Paris"}'), ("call_b", "get_time", "{}")]


def test_what_the_client_chose_reaches_the_engine_and_a_result_goes_back_named():
    """Through the API and the remote engine to the server behind: the named tool, one call at most, the JSON
    schema, and a tool message whose tool's name the API looked up from the call it answers."""
    history = QUESTION + [
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": '{"city":"Paris"}'}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": [{"type": "text", "text": "Sunny, 24 °C"}]}]
    schema = {"type": "object", "properties": {"answer": {"type": "string"}}, "required": ["answer"]}
    with calling(TWO_CALLS) as (api, behind):
        reply = api.chat.completions.create(
            model="m", messages=history, tools=[WEATHER, TIME], parallel_tool_calls=False,
            tool_choice={"type": "function", "function": {"name": "get_weather"}},
            response_format={"type": "json_schema", "json_schema": {"name": "answer", "schema": schema}})
    body = behind.bodies[-1]
    assert body["tool_choice"] == {"type": "function", "function": {"name": "get_weather"}}
    assert body["parallel_tool_calls"] is False
    assert body["response_format"]["json_schema"]["schema"] == schema
    assert body["messages"][2] == {"role": "tool", "tool_call_id": "call_1", "name": "get_weather",
                                   "content": "Sunny, 24 °C"}
    assert [c.id for c in reply.choices[0].message.tool_calls] == ["call_a"]  # one call at most, as asked


def test_a_malformed_call_reaches_the_client_as_written():
    with calling([("call_bad", "get_weather", '{"city": Paris')]) as (api, _behind):
        reply = api.chat.completions.create(model="m", messages=QUESTION, tools=[WEATHER])
    call = reply.choices[0].message.tool_calls[0]
    assert (call.function.name, call.function.arguments) == ("get_weather", '{"city": Paris')
    assert reply.choices[0].finish_reason == "tool_calls"


BAD = [  # (what the request holds, the param OpenAI's error names, words of the message)
    ({"tools": [{"type": "function", "function": {"name": "get weather"}}]}, "tools[0].function.name", "letters"),
    ({"tools": [{"type": "code_interpreter"}]}, "tools[0].type", "function tools only"),
    ({"tools": [WEATHER, WEATHER]}, "tools[1].function.name", "Two tools"),
    ({"tools": [{"type": "function", "function": {"name": "f", "parameters": {
        "type": "object", "properties": {"x": {"type": "whole number"}}}}}]},
     "tools[0].function.parameters", "not a valid JSON Schema"),
    ({"tools": [{"type": "function", "function": {"name": "f", "parameters": {"type": "string"}}}]},
     "tools[0].function.parameters", "type 'object'"),
    ({"tools": [WEATHER], "tool_choice": {"type": "function", "function": {"name": "get_time"}}}, "tool_choice",
     "not among the tools"),
    ({"tool_choice": "required"}, "tool_choice", "needs tools"),
    ({"tools": [WEATHER], "tool_choice": "sometimes"}, "tool_choice", "must be"),
    ({"functions": [{"name": "f"}]}, "functions", "retired"),
    ({"response_format": {"type": "json_schema", "json_schema": {"name": "x"}}},
     "response_format.json_schema.schema", "needs its schema"),
    ({"response_format": {"type": "yaml"}}, "response_format.type", "json_schema"),
    ({"messages": [{"role": "tool", "tool_call_id": "call_zz", "content": "24"}]}, "messages[0].tool_call_id",
     "no earlier"),
    ({"messages": [{"role": "assistant", "tool_calls": [{"type": "function", "function": {"name": "f"}}]}]},
     "messages[0].tool_calls[0].id", "id is required"),
]


def test_bad_tools_get_a_400_naming_the_field_and_the_server_keeps_answering():
    with calling(TWO_CALLS) as (api, _behind):
        for fields, param, words in BAD:
            request = {"model": "m", "messages": QUESTION, **fields}
            with pytest.raises(openai.BadRequestError) as refused:
                api.chat.completions.create(**request)
            assert refused.value.param == param, fields
            assert words in refused.value.message, (fields, refused.value.message)
        after = api.chat.completions.create(model="m", messages=QUESTION, tools=[WEATHER])
    assert after.choices[0].message.tool_calls


# The real engine host with SmolLM2, which writes the calls itself -------------------------------------------------


@pytest.fixture(scope="module")
def smollm(model_path):
    from assistant.core.engines.hosted import HostedEngine
    from assistant.core.engines.types import LoadOptions

    scheduler = Scheduler(HostedEngine())
    loaded = scheduler.load(str(model_path), options=LoadOptions(context_length=2048)).wait()
    assert isinstance(loaded, Loaded), loaded
    with serving(scheduler, ServedModel("smollm2", loaded.model.context_length, GREEDY)) as api:
        yield api
    scheduler.shutdown()


def _valid(arguments: str, tool: dict) -> dict:
    """The arguments as the tool's schema takes them (jsonschema raises otherwise)."""
    import jsonschema

    value = json.loads(arguments)
    jsonschema.validate(value, tool["function"]["parameters"])
    return value


@pytest.mark.model
def test_a_named_tool_is_called_with_arguments_its_schema_takes(smollm):
    reply = smollm.chat.completions.create(model="smollm2", messages=QUESTION, tools=[WEATHER, TIME],
                                           tool_choice={"type": "function", "function": {"name": "get_weather"}})
    choice = reply.choices[0]
    assert choice.finish_reason == "tool_calls"
    assert [call.function.name for call in choice.message.tool_calls] == ["get_weather"]
    assert isinstance(_valid(choice.message.tool_calls[0].function.arguments, WEATHER)["city"], str)
    assert choice.message.tool_calls[0].id


@pytest.mark.model
def test_required_streams_calls_the_client_puts_together(smollm):
    with smollm.chat.completions.stream(model="smollm2", messages=QUESTION, tools=[strict(WEATHER), strict(TIME)],
                                        tool_choice="required") as stream:
        done = [event for event in stream if event.type == "tool_calls.function.arguments.done"]
        final = stream.get_final_completion()
    calls = final.choices[0].message.tool_calls
    assert final.choices[0].finish_reason == "tool_calls" and calls and len(done) == len(calls)
    tools = {"get_weather": WEATHER, "get_time": TIME}
    for call, event in zip(calls, done):
        assert call.function.name in tools and call.id
        assert event.parsed_arguments == _valid(call.function.arguments, tools[call.function.name])
    assert len({call.id for call in calls}) == len(calls)


@pytest.mark.model
def test_a_tool_result_sent_back_reaches_the_prompt_and_the_model_answers(smollm):
    def ask(result: str):
        history = QUESTION + [
            {"role": "assistant", "content": None, "tool_calls": [{"id": "call_1", "type": "function", "function": {
                "name": "get_weather", "arguments": '{"city": "Paris"}'}}]},
            {"role": "tool", "tool_call_id": "call_1", "content": result}]
        return smollm.chat.completions.create(model="smollm2", messages=history, tools=[WEATHER],
                                              tool_choice="none", max_tokens=24)

    short = ask("Sunny.")
    long = ask("Sunny, 24 degrees, a light wind from the west, no rain expected before Sunday evening.")
    assert short.choices[0].message.content and not short.choices[0].message.tool_calls
    assert short.choices[0].finish_reason in ("stop", "length")
    assert long.usage.prompt_tokens - short.usage.prompt_tokens >= 10  # the result is in the prompt


@pytest.mark.model
def test_a_json_schema_answer_is_json_that_matches_it(smollm):
    from pydantic import BaseModel

    class Weather(BaseModel):
        city: str
        sunny: bool

    parsed = smollm.chat.completions.parse(model="smollm2", messages=QUESTION, response_format=Weather,
                                           max_tokens=48)
    assert isinstance(parsed.choices[0].message.parsed, Weather)
    plain = smollm.chat.completions.create(model="smollm2", messages=QUESTION, max_tokens=48,
                                           response_format={"type": "json_object"})
    assert isinstance(json.loads(plain.choices[0].message.content), dict)


@pytest.mark.model
def test_the_agents_sdk_runs_a_two_step_tool_loop_against_assistant_serve(model_path):
    """OpenAI's Agents SDK, as its users write it for a server of their own: the first step must call the tool
    (required), which the SDK runs; its result goes back as a tool message and the second step answers in text."""
    import asyncio
    import os
    import signal

    from agents import Agent, ModelSettings, OpenAIChatCompletionsModel, Runner, function_tool, set_tracing_disabled
    from test_api import _start_serve, free_port

    called: list[str] = []

    @function_tool
    def get_weather(city: str) -> str:
        """The weather in a city now."""
        called.append(city)
        return f"Sunny, 24 degrees in {city}."

    token = "hearth-agents-token-0123456789"
    port = free_port()
    process, _lines = _start_serve(model_path, port, {**os.environ, "HEARTH_API_TOKEN": token})
    try:
        set_tracing_disabled(True)
        client = openai.AsyncOpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key=token, max_retries=0)
        agent = Agent(name="Weather", instructions="Answer with the weather the tool gives.", tools=[get_weather],
                      model=OpenAIChatCompletionsModel(model=model_path.stem, openai_client=client),
                      model_settings=ModelSettings(tool_choice="required", temperature=0.0, max_tokens=48),
                      reset_tool_choice=True)
        result = asyncio.run(Runner.run(agent, "What is the weather in Paris?", max_turns=4))
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(30) == 0
    assert called and all(isinstance(city, str) and city for city in called)
    assert isinstance(result.final_output, str) and result.final_output.strip()
    # Two steps: the call and its result, then the answer (with the tool choice reset to auto, the model answered).
    assert [item.type for item in result.new_items] == ["tool_call_item", "tool_call_output_item",
                                                        "message_output_item"], result.new_items
    assert len(called) == 1 and result.raw_responses[-1].output[-1].type == "message"
