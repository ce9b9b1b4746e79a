"""Tool calls are read out of a streamed reply for every tool-call format among llama.cpp's template fixtures:
recognised from the template itself, never shown as answer text, several in one turn, after thinking, and read
back from the template's own rendering of a turn that holds them."""

from __future__ import annotations

import json
import random
import re

import pytest

from assistant.core.engines.chat_template import ChatTemplateError, vet_template
from assistant.core.engines.reasoning import analyse as analyse_reasoning
from assistant.core.engines.reasoning import common_prefix
from assistant.core.engines.tool_calls import (
    GENERIC,
    ToolCallFormat,
    analyse,
    parse_forced,
    template_messages,
    template_variables,
)
from pinned_llama import llama_cpp_source

TEMPLATES = sorted((llama_cpp_source() / "models" / "templates").glob("*.jinja"))
USER = [{"role": "user", "content": "What's the weather in Paris, and wake me at 7:30?"}]
TOOLS = [
    {"type": "function", "function": {
        "name": "get_weather", "description": "The forecast for a city.",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}, "days": {"type": "integer"}},
                       "required": ["city"]}}},
    {"type": "function", "function": {
        "name": "set_alarm", "description": "Sets an alarm.",
        "parameters": {"type": "object", "properties": {"time": {"type": "string"}, "loud": {"type": "boolean"}},
                       "required": ["time"]}}},
]
CALLS = [
    {"id": "Ab3dE5gH7", "name": "get_weather", "arguments": '{"city":"Paris","days":3}'},
    {"id": "Kx8mN2pQ4", "name": "set_alarm", "arguments": '{"time":"07:30","loud":true}'},
]


def load(name: str):
    path = llama_cpp_source() / "models" / "templates" / f"{name}.jinja"
    template, warning = vet_template(path.read_text(encoding="utf-8"), "<s>", "</s>")
    assert warning is None
    return template, analyse(template)


def stream(splitter, text: str, seed: int) -> tuple[str, list]:
    """Feed ``text`` in random pieces of 1 to 7 characters; what came out as answer, and the calls."""
    rng = random.Random(seed)
    answer, calls, i = [], [], 0
    while i < len(text):
        size = rng.randint(1, 7)
        piece_answer, piece_calls = splitter.feed(text[i:i + size])
        answer.append(piece_answer)
        calls += piece_calls
        i += size
    last_answer, last_calls = splitter.finish()
    return "".join(answer + [last_answer]), calls + last_calls


def read_reply(template, fmt: ToolCallFormat, prompt: str, text: str, seed: int, tools=TOOLS):
    """Thinking and calls split together, as the engine does, streamed; the answer and the calls."""
    splitter = fmt.reply_splitter(analyse_reasoning(template).splitter(prompt), tools)
    rng = random.Random(seed)
    answer, calls, i = [], [], 0
    while i < len(text):
        size = rng.randint(1, 7)
        _, got_answer, got_calls = splitter.feed(text[i:i + size])
        answer.append(got_answer)
        calls += got_calls
        i += size
    _, got_answer, got_calls = splitter.finish()
    return "".join(answer + [got_answer]), calls + got_calls


def simple(calls) -> list[tuple[str, dict]]:
    return [(call.name, json.loads(call.arguments)) for call in calls]


def rendered_turn(template, fmt: ToolCallFormat, calls: list[dict]) -> tuple[str, str]:
    """The prompt, and what the model writes for an assistant turn with ``calls`` as the template renders it,
    without the end of turn (a token that ends generation)."""
    variables = template_variables(fmt, TOOLS)

    def render(messages, prompt=False):
        return template.render(template_messages(messages, fmt, TOOLS), prompt, **variables)

    prompt = render(USER, True)
    plain = render(USER + [{"role": "assistant", "content": "Q7END"}])
    end = plain[common_prefix(prompt, plain):].split("Q7END", 1)[1]
    full = render(USER + [{"role": "assistant", "content": "", "tool_calls": calls}])
    written = full[common_prefix(prompt, full):]
    last_tag = re.findall(r"<[^<>]*>", prompt)[-1:]
    if last_tag and written.startswith(last_tag[0]):  # Command R+ adds a system turn to the prompt only
        written = written[len(last_tag[0]):]
    # Where the turn ends: a marker of the plain turn's end that the call turn has too (Command R7B's
    # <|END_RESPONSE|> is not there), or one that only calls end with (tokens that end generation).
    ends = [*re.findall(r"<[^<>]*>|\[[^\[\]]*\]|\S+", end), *CALL_TURN_ENDS]
    found = [written.index(tag) for tag in ends if tag in written]
    if found:
        return prompt, written[:min(found)]
    return prompt, written


# Tokens that end a turn of calls (and generation) where a turn of text ends otherwise.
CALL_TURN_ENDS = ["<|eom_id|>", "<|tool_response>", "<｜hy_eos:opensource｜>", "<|START_OF_TURN_TOKEN|>"]

FAMILIES = {
    "Apertus-8B-Instruct": "apertus",
    "Apriel-1.6-15b-Thinker-fixed": "json_list",
    "Bielik-11B-v3.0-Instruct": "hermes",
    "ByteDance-Seed-OSS": "qwen3_coder",
    "Cohere2MoE": "command_r7b",
    "CohereForAI-c4ai-command-r-plus-tool_use": "command_r_plus",
    "CohereForAI-c4ai-command-r7b-12-2024-tool_use": "command_r7b",
    "GLM-4.6": "glm",
    "GLM-4.7-Flash": "glm",
    "GigaChat3-10B-A1.8B": "gigachat_v3",
    "GigaChat3.1-10B-A1.8B": "gigachat",
    "HuggingFaceTB-SmolLM3-3B": "generic",
    "Kimi-K2-Instruct": "kimi_k2",
    "Kimi-K2-Thinking": "kimi_k2",
    "Kimi-K3": "kimi_k3",
    "LFM2-8B-A1B": "lfm2",
    "LFM2.5-8B-A1B": "lfm2",
    "LFM2.5-Instruct": "lfm2",
    "MiMo-VL": "hermes",
    "MiniMax-M1": "json_list",
    "MiniMax-M2": "minimax_m2",
    "MiniMax-M3": "minimax_m3",
    "Mistral-Small-3.2-24B-Instruct-2506": "mistral",
    "NVIDIA-Nemotron-3-Nano-30B-A3B-BF16": "qwen3_coder",
    "NVIDIA-Nemotron-Nano-v2": "nemotron_v2",
    "NousResearch-Hermes-2-Pro-Llama-3-8B-tool_use": "hermes",
    "NousResearch-Hermes-3-Llama-3.1-8B-tool_use": "hermes",
    "Qwen-QwQ-32B": "hermes",
    "Qwen-Qwen2.5-7B-Instruct": "hermes",
    "Qwen-Qwen3-0.6B": "hermes",
    "Qwen3-Coder": "qwen3_coder",
    "Qwen3.5-4B": "qwen3_coder",
    "Reka-Edge": "hermes",
    "Spark2.5": "glm",
    "StepFun3.5-Flash": "qwen3_coder",
    "deepseek-ai-DeepSeek-R1-Distill-Llama-8B": "deepseek",
    "deepseek-ai-DeepSeek-R1-Distill-Qwen-32B": "deepseek",
    "deepseek-ai-DeepSeek-V3.1": "deepseek",
    "deepseek-ai-DeepSeek-V3.2": "dsml",
    "deepseek-ai-DeepSeek-V4-Flash-0731": "dsml",
    "deepseek-ai-DeepSeek-V4": "dsml",
    "fireworks-ai-llama-3-firefunction-v2": "firefunction",
    "google-gemma-2-2b-it": "generic",
    "google-gemma-4-31B-it-interleaved": "gemma4",
    "google-gemma-4-31B-it": "gemma4",
    "ibm-granite-granite-3.3-2B-Instruct": "granite",
    "ibm-granite-granite-4.0": "hermes",
    "ibm-granite-granite-4.1": "hermes",
    "inclusionai-ling-3.0-flash": "glm",
    "llama-cpp-deepseek-r1": "deepseek",
    "llama-cpp-rwkv-world": "generic",
    "meetkai-functionary-medium-v3.1": "functionary_v31",
    "meetkai-functionary-medium-v3.2": "functionary_v32",
    "meta-llama-Llama-3.1-8B-Instruct": "llama3",
    "meta-llama-Llama-3.2-3B-Instruct": "llama3",
    "meta-llama-Llama-3.3-70B-Instruct": "llama3",
    "microsoft-Phi-3.5-mini-instruct": "generic",
    "mistralai-Ministral-3-14B-Reasoning-2512": "mistral",
    "mistralai-Mistral-Nemo-Instruct-2407": "mistral",
    "moonshotai-Kimi-K2": "kimi_k2",
    "muse-glimmer": "muse",
    "openai-gpt-oss-120b": "gpt_oss",
    "openbmb-MiniCPM5-1B": "minicpm5",
    "poolside-Laguna-S-2.1": "glm",
    "poolside-Laguna-XS-2.1": "glm",
    "poolside-Laguna-XS.2": "glm",
    "tencent-Hy3": "hunyuan",
    "unsloth-Apriel-1.5": "json_list",
    "unsloth-mistral-Devstral-Small-2507": "mistral",
    "upstage-Solar-Open-100B": "solar",
}


# Templates that render calls but describe no tools: the generic format, reading the family's calls too.
DESCRIBE_NO_TOOLS = {"deepseek-ai-DeepSeek-R1-Distill-Llama-8B", "deepseek-ai-DeepSeek-R1-Distill-Qwen-32B",
                     "deepseek-ai-DeepSeek-V3.1", "llama-cpp-deepseek-r1"}


@pytest.mark.parametrize("name,family", FAMILIES.items())
def test_the_family_is_read_off_the_template(name, family):
    _, fmt = load(name)
    assert fmt.family == family
    assert fmt.native == (family != "generic" and name not in DESCRIBE_NO_TOOLS)
    if not fmt.native:
        assert "<tool_call>" in fmt.triggers and fmt.lead == "json"


# Kimi K2's templates append to a list of their own, which the immutable sandbox refuses (Hugging Face's does too):
# they cannot render earlier calls or results here, though their calls are read (docs/architecture.md, Tools).
MUTATE_LISTS = {"Kimi-K2-Instruct", "Kimi-K2-Thinking"}

ROUND_TRIP = [name for name, family in FAMILIES.items() if family != "generic" and name not in DESCRIBE_NO_TOOLS]


@pytest.mark.parametrize("name", ROUND_TRIP)
def test_calls_the_template_renders_are_read_back(name):
    template, fmt = load(name)
    try:
        prompt, written = rendered_turn(template, fmt, CALLS)
        expected = CALLS
    except ChatTemplateError as error:  # the template takes one call per turn (Llama 3.x)
        if "append" in str(error):  # a known limit, asserted so that a change in it is seen (its cases are below)
            assert name in MUTATE_LISTS, error
            return
        prompt, written = rendered_turn(template, fmt, CALLS[:1])
        expected = CALLS[:1]
    reasoning = analyse_reasoning(template)
    if reasoning.opened_by(prompt) and reasoning.end not in written:
        written = reasoning.end + written  # the prompt opened a thinking block: the model closes it first
    expected = [call for call in expected if call["name"] in written]  # GigaChat renders the first call only
    for seed in range(4):
        answer, calls = read_reply(template, fmt, prompt, written, seed)
        assert answer == "", written
        assert simple(calls) == [(call["name"], json.loads(call["arguments"])) for call in expected], written
        assert all(not call.problem for call in calls)


def test_several_calls_after_some_text_and_nothing_of_them_in_the_answer():
    _, fmt = load("Qwen-Qwen2.5-7B-Instruct")
    text = ('Let me look both up.\n<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n</tool_call>\n'
            '<tool_call>\n{"name": "set_alarm", "arguments": {"time": "07:30", "loud": false}}\n</tool_call>')
    for seed in range(6):
        answer, calls = stream(fmt.splitter(TOOLS), text, seed)
        assert answer == "Let me look both up."
        assert simple(calls) == [("get_weather", {"city": "Paris"}), ("set_alarm", {"time": "07:30", "loud": False})]
        assert all(call.id.startswith("call_") and len(call.id) == 29 for call in calls)
        assert calls[0].arguments == '{"city":"Paris"}'  # re-encoded as compact JSON


def test_each_call_comes_out_as_soon_as_it_is_written():
    _, fmt = load("Qwen-Qwen2.5-7B-Instruct")
    splitter = fmt.splitter(TOOLS)
    assert splitter.feed('<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n</tool_') == ("", [])
    answer, calls = splitter.feed("call>\n<tool_call>\n{\"name\": ")
    assert answer == "" and simple(calls) == [("get_weather", {"city": "Paris"})]


def test_malformed_json_gives_a_call_with_a_problem_never_an_exception():
    _, fmt = load("Qwen-Qwen2.5-7B-Instruct")
    text = '<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"\n</tool_call>'
    for seed in range(3):
        answer, calls = stream(fmt.splitter(TOOLS), text, seed)
        assert answer == ""
        assert len(calls) == 1 and calls[0].name == "get_weather" and calls[0].problem
    answer, calls = stream(fmt.splitter(TOOLS), "<tool_call>\nnot json at all</tool_call>", 0)
    assert answer == "" and len(calls) == 1 and calls[0].problem and calls[0].arguments == "not json at all"
    answer, calls = stream(fmt.splitter(TOOLS), '<tool_call>{"name": "get_weather", "arguments": [1, 2]}', 0)
    assert calls[0].problem and calls[0].name == "get_weather"


def test_a_call_cut_short_by_the_end_of_the_reply_says_so():
    _, fmt = load("Qwen-Qwen2.5-7B-Instruct")
    answer, calls = stream(fmt.splitter(TOOLS), '<tool_call>\n{"name": "get_weather", "arguments": {"ci', 2)
    assert answer == "" and calls[0].name == "get_weather" and "ended" in calls[0].problem


def test_text_that_merely_starts_like_a_marker_is_not_held_for_ever():
    _, fmt = load("Qwen-Qwen2.5-7B-Instruct")
    splitter = fmt.splitter(TOOLS)
    assert splitter.feed("Use <tool") == ("Use", [])
    assert splitter.feed("s> wisely.") == (" <tools> wisely.", [])
    assert stream(fmt.splitter(TOOLS), "An answer ending in <tool_", 0) == ("An answer ending in <tool_", [])
    assert stream(fmt.splitter(TOOLS), "Plain answer.\n\n", 3) == ("Plain answer.\n\n", [])


def test_a_template_without_tools_gets_them_in_the_system_message_and_calls_in_the_hermes_form():
    template, fmt = load("google-gemma-2-2b-it")
    assert fmt == GENERIC and template_variables(fmt, TOOLS) == {}
    messages = template_messages(
        [{"role": "system", "content": "Be brief."}, *USER,
         {"role": "assistant", "content": "", "tool_calls": CALLS[:1]},
         {"role": "tool", "content": "Sunny, 24 °C", "tool_call_id": CALLS[0]["id"], "name": "get_weather"}],
        fmt, TOOLS)
    assert [m["role"] for m in messages] == ["system", "user", "assistant", "user"]
    assert messages[0]["content"].startswith("Be brief.\n\n") and '"get_weather"' in messages[0]["content"]
    assert "<tool_call>" in messages[2]["content"] and "Sunny, 24 °C" in messages[3]["content"]
    prompt = template.render(messages, True)  # Gemma 2 alternates strictly: the result is a user turn
    assert "<tool_response>" in prompt
    for text in ('<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n</tool_call>',
                 '{"name": "get_weather", "arguments": {"city": "Paris"}}'):
        answer, calls = stream(fmt.splitter(TOOLS), text, 1)
        assert answer == "" and simple(calls) == [("get_weather", {"city": "Paris"})]
    assert stream(fmt.splitter(TOOLS), '{"answer": 4}', 1) == ('{"answer": 4}', [])


def test_a_native_template_gets_the_tools_and_the_calls_in_its_own_shapes():
    template, fmt = load("Qwen-Qwen2.5-7B-Instruct")
    assert template_variables(fmt, TOOLS) == {"tools": TOOLS}
    messages = template_messages(
        [*USER, {"role": "assistant", "content": "", "tool_calls": CALLS},
         {"role": "tool", "content": "Sunny", "tool_call_id": CALLS[0]["id"], "name": "get_weather"}], fmt, TOOLS)
    assert messages[1]["tool_calls"][0] == {"id": "Ab3dE5gH7", "type": "function", "function": {
        "name": "get_weather", "arguments": {"city": "Paris", "days": 3}}}
    assert messages[2] == {"role": "tool", "content": "Sunny", "tool_call_id": "Ab3dE5gH7", "name": "get_weather"}
    prompt = template.render(messages, True, **template_variables(fmt, TOOLS))
    assert "<tool_response>\nSunny\n</tool_response>" in prompt and '"The forecast for a city."' in prompt


def test_mistral_ids_are_nine_letters_and_digits_wherever_they_appear():
    template, fmt = load("mistralai-Mistral-Nemo-Instruct-2407")
    calls = [{"id": "call_0123456789abcdef01234567", "name": "get_weather", "arguments": '{"city":"Paris"}'}]
    messages = template_messages(
        [*USER, {"role": "assistant", "content": "", "tool_calls": calls},
         {"role": "tool", "content": "Sunny", "tool_call_id": calls[0]["id"], "name": "get_weather"}], fmt, TOOLS)
    call_id = messages[1]["tool_calls"][0]["id"]
    assert len(call_id) == 9 and call_id.isalnum() and messages[2]["tool_call_id"] == call_id
    assert "Sunny" in template.render(messages, True, **template_variables(fmt, TOOLS))


def test_forced_replies_are_read_as_calls():
    assert simple(parse_forced('{"name": "get_weather", "arguments": {"city": "Paris"}}', TOOLS)) == [
        ("get_weather", {"city": "Paris"})]
    assert simple(parse_forced('[{"name": "get_weather", "arguments": {"city": "Paris"}}, '
                               '{"name": "set_alarm", "arguments": {"time": "7"}}]', TOOLS)) == [
        ("get_weather", {"city": "Paris"}), ("set_alarm", {"time": "7"})]
    assert simple(parse_forced(' {"city": "Paris"} ', TOOLS, named="get_weather")) == [
        ("get_weather", {"city": "Paris"})]
    broken = parse_forced('{"city": "Par', TOOLS, named="get_weather")
    assert broken[0].name == "get_weather" and broken[0].problem


RESULTS = [*USER, {"role": "assistant", "content": "", "tool_calls": CALLS},
           {"role": "tool", "content": "Sunny, 24 °C", "tool_call_id": CALLS[0]["id"], "name": "get_weather"},
           {"role": "tool", "content": "Alarm set for 07:30", "tool_call_id": CALLS[1]["id"], "name": "set_alarm"}]


@pytest.mark.parametrize("name", list(FAMILIES))
def test_tool_results_go_back_in_the_template_s_own_form(name):
    template, fmt = load(name)
    conversation = RESULTS
    try:
        prompt = template.render(template_messages(conversation, fmt, TOOLS), True, **template_variables(fmt, TOOLS))
    except ChatTemplateError as error:
        if "append" in str(error):  # a known limit, asserted so that a change in it is seen
            assert name in MUTATE_LISTS, error
            return
        # One call per turn (Llama 3.x, GigaChat): one call and its result.
        conversation = [RESULTS[0], {**RESULTS[1], "tool_calls": CALLS[:1]}, RESULTS[2]]
        prompt = template.render(template_messages(conversation, fmt, TOOLS), True, **template_variables(fmt, TOOLS))
    assert "Sunny, 24 °C" in prompt
    assert "Alarm set for 07:30" in prompt or len(conversation) == 3
    assert "get_weather" in prompt  # the tools (or the call) are in the prompt, whatever the template


def test_xml_values_are_typed_by_the_tool_s_schema():
    _, fmt = load("Qwen3-Coder")
    tools = [{"type": "function", "function": {"name": "plan", "parameters": {"type": "object", "properties": {
        "count": {"type": "integer"}, "ratio": {"type": "number"}, "on": {"type": "boolean"},
        "tags": {"type": "array"}, "options": {"type": "object"}, "code": {"type": "string"},
        "either": {"type": ["integer", "string"]}, "free": {}}}}}]
    values = {"count": "3", "ratio": "0.5", "on": "true", "tags": '["a", "b"]', "options": '{"deep": {"x": null}}',
              "code": "007", "either": "abc", "free": "12"}
    text = "<tool_call>\n<function=plan>\n" + "".join(
        f"<parameter={key}>\n{value}\n</parameter>\n" for key, value in values.items()) + "</function>\n</tool_call>"
    for seed in range(3):
        _, calls = stream(fmt.splitter(tools), text, seed)
        assert json.loads(calls[0].arguments) == {
            "count": 3, "ratio": 0.5, "on": True, "tags": ["a", "b"], "options": {"deep": {"x": None}},
            "code": "007", "either": "abc", "free": 12}
        assert calls[0].arguments.startswith('{"count":3,"ratio":0.5,')  # compact JSON text


def test_arguments_go_as_an_object_or_as_text_as_the_template_renders_them():
    template, fmt = load("meetkai-functionary-medium-v3.2")
    assert fmt.arguments_as_text  # its template concatenates the arguments to text
    messages = template_messages([*USER, {"role": "assistant", "content": "", "tool_calls": CALLS[:1]}], fmt, TOOLS)
    assert messages[1]["tool_calls"][0]["function"]["arguments"] == '{"city":"Paris","days":3}'
    assert '>>>get_weather\n{"city":"Paris","days":3}' in template.render(messages, False, **template_variables(
        fmt, TOOLS))
    _, glm = load("GLM-4.6")  # iterates over the arguments' items: an object
    assert not glm.arguments_as_text


def test_a_call_s_markers_are_never_read_as_thinking():
    # GPT-OSS names the channel in a call's header; the thinking splitter alone would take it for thinking.
    template, fmt = load("openai-gpt-oss-120b")
    text = ("<|channel|>analysis<|message|>Need the weather.<|end|><|start|>assistant<|channel|>commentary "
            'to=functions.get_weather <|constrain|>json<|message|>{"city": "Paris"}')
    for seed in range(4):
        answer, calls = read_reply(template, fmt, "", text, seed)
        assert answer == "" and simple(calls) == [("get_weather", {"city": "Paris"})]


def test_a_call_ends_thinking_the_model_left_open_where_the_format_allows_it():
    template, fmt = load("Qwen3.5-4B")
    prompt = template.render(USER, True, tools=TOOLS, enable_thinking=True)
    text = "Paris, then.\n<tool_call>\n<function=get_weather>\n<parameter=city>\nParis\n</parameter>\n</function>\n"
    splitter = fmt.reply_splitter(analyse_reasoning(template).splitter(prompt), TOOLS)
    thinking, answer, calls = splitter.feed(text + "</tool_call>")
    assert thinking.strip() == "Paris, then." and answer == "" and simple(calls) == [("get_weather", {"city": "Paris"})]
    # Hermes-style Qwen3 has no such rule: a marker inside its thinking is words about calls.
    template, fmt = load("Qwen-Qwen3-0.6B")
    splitter = fmt.reply_splitter(analyse_reasoning(template).splitter(""), TOOLS)
    thinking, answer, calls = splitter.feed("<think>I could write <tool_call> here</think>No need.")
    assert (thinking, answer, calls) == ("I could write <tool_call> here", "No need.", [])


def test_a_template_that_renders_calls_but_not_tools_reads_its_own_calls_beside_the_generic_ones():
    template, fmt = load("deepseek-ai-DeepSeek-V3.1")
    assert not fmt.native and template_variables(fmt, TOOLS) == {}
    assert "<tool_call>" in template_messages([*USER], fmt, TOOLS)[0]["content"]
    for text in ('<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>get_weather<｜tool▁sep｜>{"city": "Paris"}'
                 "<｜tool▁call▁end｜><｜tool▁calls▁end｜>",
                 '<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n</tool_call>'):
        answer, calls = read_reply(template, fmt, "", text, 2)
        assert answer == "" and simple(calls) == [("get_weather", {"city": "Paris"})]


@pytest.mark.parametrize("name,text", [
    ("meta-llama-Llama-3.1-8B-Instruct", '{"name": "get_weather", "parameters": {"city": "Paris"}}; '
                                         '{"name": "set_alarm", "parameters": {"time": "7"}}'),
    ("mistralai-Mistral-Nemo-Instruct-2407", '[TOOL_CALLS][{"name": "get_weather", "arguments": {"city": "Paris"}},'
                                             ' {"name": "set_alarm", "arguments": {"time": "7"}}]'),
    ("unsloth-mistral-Devstral-Small-2507", '[TOOL_CALLS]get_weather[ARGS]{"city": "Paris"}'
                                            '[TOOL_CALLS]set_alarm[ARGS]{"time": "7"}'),
    ("LFM2.5-8B-A1B", '<|tool_call_start|>[get_weather(city="Paris"), set_alarm(time="7")]<|tool_call_end|>'),
    ("google-gemma-4-31B-it", '<|tool_call>call:get_weather{city:<|"|>Paris<|"|>}<tool_call|>'
                              '<|tool_call>call:set_alarm{time:<|"|>7<|"|>}<tool_call|>'),
    ("moonshotai-Kimi-K2", "<|tool_calls_section_begin|><|tool_call_begin|>functions.get_weather:0"
                           '<|tool_call_argument_begin|>{"city": "Paris"}<|tool_call_end|><|tool_call_begin|>'
                           'functions.set_alarm:1<|tool_call_argument_begin|>{"time": "7"}<|tool_call_end|>'
                           "<|tool_calls_section_end|>"),
])
def test_several_calls_in_one_turn(name, text):
    template, fmt = load(name)
    for seed in range(5):
        answer, calls = read_reply(template, fmt, "", text, seed)
        assert answer == "" and simple(calls) == [("get_weather", {"city": "Paris"}), ("set_alarm", {"time": "7"})]


def test_llama_3_s_bare_json_is_a_call_only_where_it_names_a_tool():
    template, fmt = load("meta-llama-Llama-3.1-8B-Instruct")
    assert read_reply(template, fmt, "", '{"answer": 4}', 1) == ('{"answer": 4}', [])
    assert read_reply(template, fmt, "", 'Here: {"name": "x"}', 1) == ('Here: {"name": "x"}', [])
    answer, calls = read_reply(template, fmt, "", '<|python_tag|>get_weather.call(city="Paris")', 1)
    assert answer == "" and simple(calls) == [("get_weather", {"city": "Paris"})]


def test_the_format_names_its_markers_for_the_tokenizer():
    _, fmt = load("moonshotai-Kimi-K2")
    assert {"<|tool_calls_section_begin|>", "<|tool_call_argument_begin|>", "<|tool_call_end|>"} <= set(
        fmt.control_texts())
    _, fmt = load("mistralai-Mistral-Nemo-Instruct-2407")
    assert "[TOOL_CALLS]" in fmt.control_texts()


# FunctionGemma's format (no template of it among llama.cpp's fixtures): a template written after its model card.
FUNCTION_GEMMA = (
    "{%- if tools %}<start_of_turn>developer\nYou can do function calling with the following functions:"
    "{% for tool in tools %}<start_function_declaration>declaration:{{ tool.function.name }}"
    "{{ tool.function.parameters | tojson }}<end_function_declaration>{% endfor %}<end_of_turn>\n{% endif %}"
    "{%- for message in messages %}{%- if message.role == 'assistant' %}<start_of_turn>model\n"
    "{%- for call in message.tool_calls or [] %}<start_function_call>call:{{ call.function.name }}{{ '{' }}"
    "{%- for key, value in call.function.arguments.items() %}{{ key }}:{% if value is string %}<escape>{{ value }}"
    "<escape>{% else %}{{ value | tojson }}{% endif %}{% if not loop.last %},{% endif %}{% endfor %}}"
    "<end_function_call>{% endfor %}{{ message.content }}<end_of_turn>\n"
    "{% elif message.role == 'tool' %}<start_function_response>response:{{ message.name }}{value:<escape>"
    "{{ message.content }}<escape>}<end_function_response>\n"
    "{% else %}<start_of_turn>{{ message.role }}\n{{ message.content }}<end_of_turn>\n{% endif %}{% endfor %}"
    "{% if add_generation_prompt %}<start_of_turn>model\n{% endif %}")


def test_function_gemma_s_calls_are_read_back():
    template, warning = vet_template(FUNCTION_GEMMA, "<bos>", "<eos>")
    assert warning is None
    fmt = analyse(template)
    assert fmt.family == "functiongemma" and fmt.native
    prompt, written = rendered_turn(template, fmt, CALLS)
    assert written.startswith("<start_function_call>call:get_weather{city:<escape>Paris<escape>,days:3}")
    for seed in range(4):
        answer, calls = read_reply(template, fmt, prompt, written, seed)
        assert answer == "" and simple(calls) == [("get_weather", {"city": "Paris", "days": 3}),
                                                  ("set_alarm", {"time": "07:30", "loud": True})]


def test_a_small_model_s_fenced_json_call_is_read_in_the_generic_format():
    _, fmt = load("microsoft-Phi-3.5-mini-instruct")
    text = '```json\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n```'
    for seed in range(3):
        assert simple(stream(fmt.splitter(TOOLS), text, seed)[1]) == [("get_weather", {"city": "Paris"})]
        assert stream(fmt.splitter(TOOLS), "```python\nprint(1)\n```", seed) == ("```python\nprint(1)\n```", [])


@pytest.mark.parametrize("name,text", [
    ("Qwen3-Coder", "<tool_call>\n<function=get_weather>\n<parameter=city>\nPar"),
    ("GLM-4.6", "<tool_call>get_weather\n<arg_key>city</arg_key>\n<arg_value>Par"),
    ("MiniMax-M2", '<minimax:tool_call>\n<invoke name="get_weather">\n<parameter name="city">Par'),
    ("Qwen-Qwen2.5-7B-Instruct", '<tool_call>\n{"name": "get_weather", "arguments": {"city": "Par'),
])
def test_a_call_the_reply_s_end_cut_short_is_shown_as_unfinished(name, text):
    template, fmt = load(name)
    answer, calls = read_reply(template, fmt, "", text, 3)
    assert answer == "" and len(calls) == 1 and calls[0].name == "get_weather" and "ended" in calls[0].problem


@pytest.mark.parametrize("name", sorted(MUTATE_LISTS))
def test_kimi_k2s_templates_cannot_render_earlier_calls_in_the_sandbox(name):
    """The known limit the tests above step round: should the sandbox or the templates change, this says so."""
    template, fmt = load(name)
    with pytest.raises(ChatTemplateError, match="append"):
        template.render(template_messages(RESULTS, fmt, TOOLS), True, **template_variables(fmt, TOOLS))
