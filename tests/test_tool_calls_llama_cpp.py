"""llama.cpp's own expectations for tool calls (tests/test-chat.cpp, in tests/tool_call_cases.py) hold for Hearth's
reading of every template they cover: the same calls, the same answer text, the same thinking, with the reply
streamed in pieces of any size through the thinking and call splitters together."""

from __future__ import annotations

import json
import random
from functools import lru_cache

import pytest

from assistant.core.engines.chat_template import ChatTemplateError, vet_template
from assistant.core.engines.reasoning import analyse as analyse_reasoning
from assistant.core.engines.tool_calls import analyse, template_messages, template_variables
from pinned_llama import llama_cpp_source
from tool_call_cases import CASES, TOOLS

# Where llama.cpp's thinking differs by design: Apriel's reasoning keeps the prompt's "Here are my reasoning
# steps:", and a Qwen3.5 case reads an unclosed "<think>" literally.
THINKING_NOT_COMPARED = {"Apriel-1.6-15b-Thinker-fixed", "Qwen3.5-4B"}


@lru_cache(maxsize=None)
def load(name: str):
    path = llama_cpp_source() / "models" / "templates" / f"{name}.jinja"
    template, warning = vet_template(path.read_text(encoding="utf-8"), "<s>", "</s>")
    assert warning is None
    return template, analyse(template), analyse_reasoning(template)


def test_the_cases_cover_the_formats_llama_cpp_tests():
    assert len(CASES) >= 200
    assert len({case[0] for case in CASES}) >= 45


@pytest.mark.parametrize("index", range(len(CASES)), ids=lambda i: f"{CASES[i][0]}-{i}")
def test_llama_cpp_s_case(index):
    name, output, tool_names, thinking_on, content, reasoning, expected = CASES[index]
    template, fmt, reasoning_fmt = load(name)
    tools = [TOOLS[tool] for tool in tool_names]
    variables = template_variables(fmt, tools)
    variables.update(reasoning_fmt.on if thinking_on else reasoning_fmt.off if thinking_on is False else {})
    try:
        prompt = template.render(template_messages([{"role": "user", "content": "Hey"}], fmt, tools), True,
                                 **variables)
    except ChatTemplateError:
        prompt = ""  # llama.cpp's own test template for R1 cannot take tools in a sandbox
    for seed in range(3):
        splitter = fmt.reply_splitter(reasoning_fmt.splitter(prompt), tools)
        rng = random.Random(seed * 1000 + index)
        thought, answer, calls, i = [], [], [], 0
        while i < len(output):
            size = rng.randint(1, 7)
            got = splitter.feed(output[i:i + size])
            thought.append(got[0])
            answer.append(got[1])
            calls += got[2]
            i += size
        got = splitter.finish()
        thought.append(got[0])
        answer.append(got[1])
        calls += got[2]
        assert [(call.name, json.loads(call.arguments)) for call in calls] == [
            (call_name, json.loads(arguments) if arguments else {}) for call_name, arguments, _ in expected]
        assert all(not call.problem for call in calls)
        for call, (_, _, call_id) in zip(calls, expected):
            assert call.id == call_id if call_id else call.id.startswith("call_")
        if content is not None:
            assert "".join(answer).strip() == content.strip()
        if reasoning and name not in THINKING_NOT_COMPARED:
            assert "".join(thought).strip() == reasoning.strip()
