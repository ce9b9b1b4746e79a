"""Tool calls through the real engine (issue 33): SmolLM2 writes calls under llama.cpp's grammar sampler when the
request forces one, answers in a JSON schema when asked, keeps its plain answers intact when it could call but
does not, reads a conversation's earlier calls and results in its template's own form, and streams each call to
``on_tool_call`` (across the engine host too) and never into the answer text."""

from __future__ import annotations

import json

import jsonschema
import pytest

from assistant.core.engines.chat_engine import ReplyListeners
from assistant.core.engines.errors import BadSchema
from assistant.core.engines.types import END_EOS, GenerationParams, LoadOptions, ToolCall

pytestmark = pytest.mark.model

WEATHER = {"type": "function", "function": {
    "name": "get_weather", "description": "The weather forecast for a city",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}, "days": {"type": "integer"}},
                   "required": ["city", "days"]}}}
TIME = {"type": "function", "function": {
    "name": "get_time", "description": "The time in a time zone",
    "parameters": {"type": "object", "properties": {"zone": {"type": "string", "enum": ["utc", "local"]}},
                   "required": ["zone"]}}}
TOOLS = [WEATHER, TIME]
SCHEMAS = {tool["function"]["name"]: tool["function"]["parameters"] for tool in TOOLS}
ASK_WEATHER = [{"role": "user", "content": "What is the weather in Paris for the next 3 days?"}]

# A conversation in which the assistant has twice answered the same question with a sentence and two calls: the
# third time, SmolLM2 (greedy) writes the same, which streams two calls through the template's own markers.
QUESTION = {"role": "user", "content": "What time is it in utc and here?"}
ROUND = [
    QUESTION,
    {"role": "assistant", "content": "Sure.", "tool_calls": [
        {"id": "call_1", "name": "get_time", "arguments": '{"zone": "utc"}'},
        {"id": "call_2", "name": "get_time", "arguments": '{"zone": "local"}'}]},
    {"role": "tool", "content": "12:00", "tool_call_id": "call_1", "name": "get_time"},
    {"role": "tool", "content": "14:00", "tool_call_id": "call_2", "name": "get_time"},
    {"role": "assistant", "content": "It is 12:00 UTC and 14:00 here."},
]
CALLING_AGAIN = ROUND * 3 + [QUESTION]


def greedy(**fields) -> GenerationParams:
    return GenerationParams(temperature=0.0, max_tokens=fields.pop("max_tokens", 80), **fields)


class Heard:
    """What a reply's listeners heard, in order."""

    def __init__(self):
        self.events: list[tuple[str, object]] = []

    def text(self, piece: str) -> None:
        self.events.append(("text", piece))

    def call(self, call: ToolCall) -> None:
        self.events.append(("call", call))

    @property
    def texts(self) -> str:
        return "".join(value for kind, value in self.events if kind == "text")

    @property
    def calls(self) -> list[ToolCall]:
        return [value for kind, value in self.events if kind == "call"]


def generate(engine, messages, params, heard: Heard | None = None, prompts: list | None = None):
    heard = heard or Heard()
    return engine.generate(messages, params, on_text=heard.text, on_tool_call=heard.call,
                           on_prompt=(prompts.append if prompts is not None else lambda prompt: None))


def fresh(engine) -> None:
    """An empty context: a prompt read again after a reply is evaluated in other batches, which round otherwise, so
    two replies compared token for token both start from nothing."""
    engine._kv.clear()
    engine._kv.snapshots.clear()


def prompt_text(engine, prompt) -> str:
    return engine._llama.detokenize(prompt.tokens, special=True).decode("utf-8", "replace")


def assert_valid(call: ToolCall, name: str | None = None) -> dict:
    assert not call.problem, call.problem
    assert call.id.startswith("call_") and (name is None or call.name == name)
    arguments = json.loads(call.arguments)
    jsonschema.validate(arguments, SCHEMAS[call.name])
    return arguments


# Forced calls and answers in a schema ----------------------------------------------------------------------------

def test_a_named_tool_is_called_with_arguments_that_match_its_schema(engine):
    heard = Heard()
    result = generate(engine, ASK_WEATHER, greedy(tools=TOOLS, named_tool="get_weather"), heard)
    assert len(result.tool_calls) == 1 and result.end == END_EOS
    arguments = assert_valid(result.tool_calls[0], "get_weather")
    assert arguments["city"] == "Paris"
    assert result.text == "" and heard.texts == ""  # a call is never answer text
    assert heard.calls == result.tool_calls


@pytest.mark.parametrize("question", ["What is the weather in Rome tomorrow?", "What time is it now in UTC?"])
def test_a_required_call_with_two_tools_is_a_valid_call_of_one_of_them(engine, question):
    result = generate(engine, [{"role": "user", "content": question}], greedy(tools=TOOLS, tool_choice="required"))
    assert [call.name in SCHEMAS for call in result.tool_calls] == [True]
    assert_valid(result.tool_calls[0])
    assert result.text == ""


@pytest.mark.parametrize("schema", [
    {},
    {"type": "object", "properties": {"city": {"type": "string"}, "temperature": {"type": "number"},
                                      "sunny": {"type": "boolean"}},
     "required": ["city", "temperature", "sunny"], "additionalProperties": False},
], ids=["any object", "a schema"])
def test_a_response_schema_gives_json_that_matches_it(engine, schema):
    heard = Heard()
    result = generate(engine, ASK_WEATHER, greedy(response_schema=schema, max_tokens=120), heard)
    assert result.end == END_EOS and result.tool_calls == []
    value = json.loads(result.text)
    assert isinstance(value, dict)
    jsonschema.validate(value, schema)
    assert heard.texts == result.text  # streamed as it was written


def test_a_response_schema_with_tools_is_an_answer_or_a_call(engine):
    """OpenAI's clients may send both (the Agents SDK with an output type): the model may still call a tool."""
    schema = {"type": "object", "properties": {"answer": {"type": "string"}}, "required": ["answer"]}
    result = generate(engine, ASK_WEATHER, greedy(tools=TOOLS, response_schema=schema, max_tokens=120))
    if result.tool_calls:
        assert result.text == ""
        assert_valid(result.tool_calls[0])
    else:
        jsonschema.validate(json.loads(result.text), schema)


def test_a_forced_call_cut_short_says_why_it_cannot_run(engine):
    result = generate(engine, ASK_WEATHER, greedy(tools=TOOLS, named_tool="get_weather", max_tokens=3))
    assert len(result.tool_calls) == 1 and "JSON" in result.tool_calls[0].problem


def test_a_schema_the_grammar_cannot_take_is_refused_before_the_prompt_is_read(engine):
    for params in (greedy(response_schema={"type": "no-such-type"}),
                   greedy(tools=TOOLS, named_tool="send_email"),
                   greedy(tools=[{"type": "function", "function": {"name": "odd", "parameters": {
                       "type": "object", "properties": {"x": {"$ref": "#/$defs/missing"}}}}}],
                       tool_choice="required")):
        with pytest.raises(BadSchema) as refused:
            generate(engine, ASK_WEATHER, params)
        assert refused.value.kind == "bad_schema" and "\n" not in str(refused.value)
    assert generate(engine, ASK_WEATHER, greedy(max_tokens=4)).generated_tokens == 4  # the engine is fine


def test_under_a_grammar_thinking_is_turned_off_where_the_template_can(model_with_template):
    from assistant.core.engines.llama.engine import Engine

    for template, prompt_end in (("Qwen-Qwen3-0.6B", "<think>\n\n</think>\n\n"),  # enable_thinking=False
                                 ("llama-cpp-deepseek-r1", "<think>\n</think>\n\n")):  # closed by the engine
        engine = Engine()
        engine.load(model_with_template(template), LoadOptions(context_length=2048))
        try:
            prompts: list = []
            result = generate(engine, ASK_WEATHER, greedy(tools=TOOLS, named_tool="get_weather"), prompts=prompts)
            assert prompt_text(engine, prompts[0]).endswith(prompt_end), template
            assert result.thinking == "" and result.thinking_tokens == 0
            assert_valid(result.tool_calls[0], "get_weather")
        finally:
            engine.unload()


def test_prompt_lookup_under_a_grammar_gives_the_same_reply(model_path):
    """Guessed tokens are only evaluated ahead: each token of the reply is still the grammar-checked sampler's own
    pick, so a reply copied from the prompt is the same with and without guessing."""
    from assistant.core.engines.llama.engine import Engine

    engine = Engine()
    engine.load(model_path, LoadOptions(context_length=2048, n_threads=2, flash_attention=True, kv_type="q8_0"))
    engine.batches.always = True
    record = {"name": "Ada Lovelace", "born": 1815, "city": "London", "known for": "the first computer program",
              "colleagues": ["Charles Babbage", "Mary Somerville"]}
    ask = [{"role": "user", "content": f"Repeat this JSON exactly:\n{json.dumps(record)}"}]
    try:
        replies = []
        for lookup in (True, False):
            fresh(engine)
            replies.append(engine.generate(ask, greedy(response_schema={}, prompt_lookup=lookup, max_tokens=120)))
        guessed, plain = replies
        assert guessed.guessed_kept > 5 and plain.guessed_tokens == 0
        assert guessed.token_ids == plain.token_ids
        assert isinstance(json.loads(guessed.text), dict)
    finally:
        engine.unload()


# Calls the model writes by itself --------------------------------------------------------------------------------

def test_a_plain_answer_with_tools_offered_is_left_intact(engine):
    heard = Heard()
    ask = [{"role": "user", "content": "Write one sentence about the sea."}]
    result = generate(engine, ask, greedy(tools=TOOLS, max_tokens=40), heard)
    assert result.tool_calls == [] and heard.calls == []
    assert result.text.strip() and heard.texts == result.text


def test_tool_choice_none_renders_no_tools(engine):
    prompts: list = []
    ask = [{"role": "user", "content": "Write one sentence about the sea."}]
    fresh(engine)
    without = generate(engine, ask, greedy(max_tokens=24), prompts=prompts)
    fresh(engine)
    offered_none = generate(engine, ask, greedy(tools=TOOLS, tool_choice="none", max_tokens=24), prompts=prompts)
    assert prompts[0].tokens == prompts[1].tokens
    assert offered_none.text == without.text and offered_none.tool_calls == []


@pytest.mark.parametrize("template", ["SmolLM2's own (no tools: the generic form)", "Qwen-Qwen2.5-7B-Instruct"])
def test_a_conversation_with_calls_and_results_renders_and_the_next_calls_stream(engine, model_with_template,
                                                                                 template):
    from assistant.core.engines.llama.engine import Engine

    native = not template.startswith("SmolLM2")
    if native:
        engine = Engine()
        engine.load(model_with_template(template), LoadOptions(context_length=2048))
    try:
        assert engine._tool_format.native is native and engine.model.calls_tools is native  # the window says so
        prompts: list = []
        heard = Heard()
        fresh(engine)
        result = generate(engine, CALLING_AGAIN, greedy(tools=[TIME]), heard, prompts)
        rendered = prompt_text(engine, prompts[0])
        # The earlier calls and their results, in the template's own form.
        assert rendered.count('<tool_call>\n{"name": "get_time"') == 6 and rendered.count("<tool_response>\n") == 6
        assert rendered.count('"zone": "local"') >= 3
        assert [json.loads(call.arguments) for call in result.tool_calls] == [{"zone": "utc"}, {"zone": "local"}]
        assert [call.name for call in heard.calls] == ["get_time", "get_time"]
        assert result.text == "Sure." == heard.texts  # the calls' markers never reach the answer
        assert len({call.id for call in result.tool_calls}) == 2

        fresh(engine)
        single = generate(engine, CALLING_AGAIN, greedy(tools=[TIME], parallel_tool_calls=False))
        assert [json.loads(call.arguments) for call in single.tool_calls] == [{"zone": "utc"}]
        assert single.generated_tokens < result.generated_tokens  # it stopped after the first call
    finally:
        if native:
            engine.unload()


def test_the_next_turn_after_calls_is_warmed_and_reused(engine):
    params = greedy(tools=[TIME])
    result = generate(engine, CALLING_AGAIN, params)
    assert len(result.tool_calls) == 2
    warmed = engine.warm_next_turn(CALLING_AGAIN, result.text, result.thinking, params=params,
                                   tool_calls=result.tool_calls)
    assert warmed > 0
    held = len(engine._kv.tokens)  # the reply, its calls, and the opening of the first result
    assert held > result.prompt_tokens + result.generated_tokens
    following = CALLING_AGAIN + [
        {"role": "assistant", "content": result.text, "tool_calls": [call.to_dict() for call in result.tool_calls]},
        {"role": "tool", "content": "09:30", "tool_call_id": result.tool_calls[0].id, "name": "get_time"},
        {"role": "tool", "content": "11:30", "tool_call_id": result.tool_calls[1].id, "name": "get_time"}]
    after = generate(engine, following, greedy(tools=[TIME], max_tokens=16))
    assert after.prompt_evaluated <= after.prompt_tokens - held + 1  # all of what was warmed was kept


# Across the engine host ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def hosted(model_path):
    from assistant.core.engines.hosted import HostedEngine

    engine = HostedEngine()
    engine.load(str(model_path), options=LoadOptions(context_length=2048))
    yield engine
    engine.close()


def test_calls_cross_the_engine_host_as_they_are_written(hosted):
    assert hosted.model.calls_tools is False  # SmolLM2's template describes no tools: it is only told of them
    heard = Heard()
    listeners = ReplyListeners(on_text=heard.text, on_tool_call=heard.call)
    result = hosted.generate(CALLING_AGAIN, greedy(tools=[TIME]), listeners)
    assert [type(call) for call in result.tool_calls] == [ToolCall, ToolCall]
    assert heard.calls == result.tool_calls
    assert [json.loads(call.arguments) for call in heard.calls] == [{"zone": "utc"}, {"zone": "local"}]
    assert heard.texts == result.text == "Sure."
    kinds = [kind for kind, _ in heard.events]
    assert kinds == ["text"] * kinds.count("text") + ["call", "call"]  # the text written first arrived first


def test_a_forced_call_and_a_bad_schema_across_the_host(hosted):
    heard = Heard()
    result = hosted.generate(ASK_WEATHER, greedy(tools=TOOLS, named_tool="get_weather"),
                             ReplyListeners(on_tool_call=heard.call))
    assert heard.calls == result.tool_calls and assert_valid(result.tool_calls[0], "get_weather")
    with pytest.raises(BadSchema):
        hosted.generate(ASK_WEATHER, greedy(response_schema={"type": "no-such-type"}))
    assert hosted.generate(ASK_WEATHER, greedy(max_tokens=4)).generated_tokens == 4
