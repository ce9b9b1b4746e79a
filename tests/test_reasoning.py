"""Thinking is told apart from the answer for every reasoning format among llama.cpp's template fixtures, while
the reply streams in pieces of any size, and never leaks into the answer."""

from __future__ import annotations

import random

import pytest

from assistant.core.engines.chat_template import vet_template
from assistant.core.engines.reasoning import (
    NO_REASONING,
    OFF,
    ON,
    ReasoningFormat,
    ReasoningSplitter,
    analyse,
    assistant_turn,
    common_prefix,
    split_reply,
)
from pinned_llama import llama_cpp_source

TEMPLATES = sorted((llama_cpp_source() / "models" / "templates").glob("*.jinja"))
USER = [{"role": "user", "content": "What is 2 + 2?"}]
THOUGHT = "The user asks for a sum.\nTwo and two make four."
ANSWER = "It is **4**.\n\nAnything else?"


def load(name: str):
    template, warning = vet_template((llama_cpp_source() / "models" / "templates" / f"{name}.jinja").read_text(),
                                     "<s>", "</s>")
    assert warning is None
    return template, analyse(template)


def stream(splitter: ReasoningSplitter, text: str, seed: int) -> tuple[str, str]:
    """Feed ``text`` in random pieces of 1 to 7 characters, as a reply arrives token by token."""
    rng = random.Random(seed)
    thinking, answer, i = [], [], 0
    while i < len(text):
        size = rng.randint(1, 7)
        t, a = splitter.feed(text[i:i + size])
        thinking.append(t)
        answer.append(a)
        i += size
    t, a = splitter.finish()
    return "".join(thinking + [t]), "".join(answer + [a])


def written_by_model(template, fmt: ReasoningFormat, variables: dict, thought: str) -> tuple[str, str]:
    """The prompt, and what the model writes after it for a turn with ``thought`` and ANSWER, as the template
    itself renders that turn, up to the end of the answer (the end-of-turn is a token that ends generation)."""
    prompt = template.render(USER, True, **variables)
    turn = template.render(USER + [assistant_turn(ANSWER, thought)], False, **variables)
    written = turn[common_prefix(prompt, turn):]
    return prompt, written[:written.rindex(ANSWER) + len(ANSWER)]


THINKING_TEMPLATES = [path.stem for path in TEMPLATES if analyse(vet_template(path.read_text(), "<s>", "</s>")[0]).thinks]


def test_every_reasoning_format_among_the_fixtures_is_recognised():
    # The issue counted 26 reasoning formats among the 70 templates; these are the ones that render or name it.
    assert len(THINKING_TEMPLATES) >= 26, THINKING_TEMPLATES
    for name in ("Qwen3.5-4B", "openai-gpt-oss-120b", "deepseek-ai-DeepSeek-V3.1", "ByteDance-Seed-OSS",
                 "mistralai-Ministral-3-14B-Reasoning-2512", "google-gemma-4-31B-it", "Kimi-K3", "Cohere2MoE",
                 "ibm-granite-granite-3.3-2B-Instruct", "Apriel-1.6-15b-Thinker-fixed", "upstage-Solar-Open-100B",
                 "MiniMax-M3", "tencent-Hy3", "Qwen-QwQ-32B", "deepseek-ai-DeepSeek-R1-Distill-Llama-8B"):
        assert name in THINKING_TEMPLATES, name
    assert "meta-llama-Llama-3.1-8B-Instruct" not in THINKING_TEMPLATES


@pytest.mark.parametrize("name", THINKING_TEMPLATES)
def test_the_templates_own_turn_splits_back_into_thinking_and_answer(name):
    template, fmt = load(name)
    for mode_variables in (fmt.on, {}):
        prompt, written = written_by_model(template, fmt, mode_variables, THOUGHT)
        if THOUGHT not in written or prompt.rstrip().endswith(fmt.end):
            continue  # never renders past reasoning (see the literal cases below), or the prompt closed the block
        for seed in range(3):
            thinking, answer = stream(fmt.splitter(prompt), written, seed)
            assert thinking.strip() == THOUGHT, (mode_variables, written)
            assert answer == ANSWER, (mode_variables, written)


@pytest.mark.parametrize("name", THINKING_TEMPLATES)
def test_an_answer_without_thinking_stays_whole(name):
    template, fmt = load(name)
    prompt, written = written_by_model(template, fmt, fmt.off, "")
    thinking, answer = stream(fmt.splitter(prompt), written, 1)
    if fmt.opened_by(prompt) and fmt.end not in written:
        # The template opens a thinking block in every prompt (Apriel, the R1 distills, Kimi K3): until the model
        # closes it, what it writes is thinking, and nothing of it reaches the answer.
        assert (thinking.strip(), answer) == (ANSWER, ""), written
    else:
        assert (thinking, answer) == ("", ANSWER), written


# llama.cpp's own expectations (tests/test-chat.cpp in the pinned sources) for the formats it tests by name.
LLAMA_CPP_CASES = [
    ("mistralai-Ministral-3-14B-Reasoning-2512", "[THINK]I'm\nthinking[/THINK]Hello, world!\nWhat's up?",
     "I'm\nthinking", "Hello, world!\nWhat's up?"),
    ("mistralai-Ministral-3-14B-Reasoning-2512", "Hello, world!\nWhat's up?", "", "Hello, world!\nWhat's up?"),
    ("ByteDance-Seed-OSS", "<seed:think>I'm thinking about the answer</seed:think>\nHello, world!",
     "I'm thinking about the answer", "Hello, world!"),
    ("Apriel-1.6-15b-Thinker-fixed", "I'm\nthinking\n[BEGIN FINAL RESPONSE]\nHello, world!\nWhat's up?",
     "I'm\nthinking", "Hello, world!\nWhat's up?"),
    ("openai-gpt-oss-120b", "<|channel|>final<|message|>Hello, world!\nWhat's up?", "", "Hello, world!\nWhat's up?"),
    ("openai-gpt-oss-120b",
     "<|channel|>analysis<|message|>I'm\nthinking<|end|><|start|>assistant<|channel|>final<|message|>Hello, world!\n"
     "What's up?", "I'm\nthinking", "Hello, world!\nWhat's up?"),
    ("openai-gpt-oss-120b", "<|channel|>analysis<|message|>I'm\nthinking", "I'm\nthinking", ""),
    ("Qwen3.5-4B", "I'm\nthinking\n</think>\n\nHello, world!\nWhat's up?", "I'm\nthinking\n",
     "Hello, world!\nWhat's up?"),
    ("deepseek-ai-DeepSeek-R1-Distill-Llama-8B", "<think>I'm\nthinking</think>Hello, world!\nWhat's up?",
     "I'm\nthinking", "Hello, world!\nWhat's up?"),
]


@pytest.mark.parametrize("name,output,thinking,answer", LLAMA_CPP_CASES)
def test_llama_cpp_s_own_cases(name, output, thinking, answer):
    template, fmt = load(name)
    prompt = template.render(USER, True, **fmt.on)
    for seed in range(3):
        got_thinking, got_answer = stream(fmt.splitter(prompt), output, seed)
        assert (got_thinking.strip(), got_answer) == (thinking.strip(), answer)


def test_a_marker_split_across_pieces_is_held_back_until_it_is_whole():
    splitter = ReasoningSplitter(ReasoningFormat(start="<think>", end="</think>"))
    assert splitter.feed("<thi") == ("", "")
    assert splitter.feed("nk>Let me see") == ("Let me see", "")
    assert splitter.in_thinking
    assert splitter.feed(". </th") == (". ", "")
    assert splitter.feed("ink>\n\nFour.") == ("", "Four.")
    assert not splitter.in_thinking and splitter.thought


def test_an_answer_that_merely_starts_like_a_marker_is_not_held_for_ever():
    splitter = ReasoningSplitter(NO_REASONING)
    assert splitter.feed("<") == ("", "")
    assert splitter.feed("div>hello</div>") == ("", "<div>hello</div>")
    assert split_reply("<th") == ("", "<th")


def test_a_model_that_thinks_unasked_is_split_all_the_same():
    # Llama 3.1's template knows nothing of thinking; a fine-tune that writes <think> anyway is still split.
    _, fmt = load("meta-llama-Llama-3.1-8B-Instruct")
    assert not fmt.thinks
    assert split_reply("<think>hmm, French</think>Bonjour.", fmt) == ("hmm, French", "Bonjour.")


def test_thinking_cut_short_by_the_end_of_the_reply_stays_thinking():
    assert split_reply("<think>still going when the budget ran o") == ("still going when the budget ran o", "")


def test_switches_come_from_the_template():
    _, qwen = load("Qwen3.5-4B")
    assert qwen.variables(OFF) == {"enable_thinking": False} and qwen.variables(ON) == {"enable_thinking": True}
    _, gpt_oss = load("openai-gpt-oss-120b")
    assert gpt_oss.variables(OFF) == {"reasoning_effort": "low"}
    _, command = load("Cohere2MoE")
    assert command.variables(OFF) == {"reasoning_effort": "none"}
    _, seed = load("ByteDance-Seed-OSS")
    assert seed.variables(OFF) == {"thinking_budget": 0}
    _, kimi = load("Kimi-K3")
    assert kimi.variables(OFF) == {"thinking": False}
    _, llama = load("meta-llama-Llama-3.1-8B-Instruct")
    assert llama.variables(OFF) == {} and not llama.can_turn_off


def test_turning_thinking_off_closes_the_block_in_the_prompt():
    template, fmt = load("Qwen3.5-4B")
    assert fmt.opened_by(template.render(USER, True, **fmt.variables(ON)))
    assert not fmt.opened_by(template.render(USER, True, **fmt.variables(OFF)))


def test_a_second_thinking_block_after_some_answer_is_thinking_too():
    fmt = ReasoningFormat(start="<think>", end="</think>")
    for seed in range(3):
        thinking, answer = stream(ReasoningSplitter(fmt, opened=True),
                                  "first</think>Paris. <think>second</think>Rome.", seed)
        assert (thinking, answer) == ("firstsecond", "Paris. Rome.")
    # Without a thinking format, a tag in the middle of an answer is just text.
    assert split_reply("Use <think> tags like </think> this.") == ("", "Use <think> tags like </think> this.")
