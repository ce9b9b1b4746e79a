"""Thinking on a real model: SmolLM2 given Qwen3.5's chat template (the real one, from llama.cpp's fixtures), so
the prompt opens a ``<think>`` block as Qwen3.5's does. The tiny model never closes it by itself, which is what
the thinking budget is for."""

from __future__ import annotations

import pytest

from assistant.core.engines.reasoning import OFF, ON
from assistant.core.engines.types import END_LENGTH, GenerationParams, LoadOptions

QUESTION = [{"role": "user", "content": "What is the capital of France?"}]


@pytest.fixture(scope="module")
def thinking_model(model_with_template):
    return model_with_template("Qwen3.5-4B")


@pytest.fixture(scope="module")
def engine(thinking_model):
    from assistant.core.engines.llama.engine import Engine

    engine = Engine()
    model = engine.load(thinking_model, LoadOptions(context_length=2048))
    assert model.template_warning is None and model.thinks and model.thinking_switch
    yield engine
    engine.unload()


def params(**changes) -> GenerationParams:
    return GenerationParams(**{"temperature": 0.0, "seed": 1, "max_tokens": 12, **changes})


def test_thinking_streams_apart_and_its_budget_closes_the_block(engine):
    thoughts, answers = [], []
    # ignore_eos: the tiny model would otherwise end inside the block (the next test); here it must reach the budget.
    result = engine.generate(QUESTION, params(thinking=ON, thinking_budget=20, ignore_eos=True),
                             on_text=answers.append, on_thinking=thoughts.append)
    assert result.thinking_tokens == 20
    assert result.thinking and "".join(thoughts).strip() == result.thinking
    assert "".join(answers) == result.text
    assert "<think>" not in result.text and "</think>" not in result.text
    assert result.end == END_LENGTH and len(result.token_ids) == 20 + 12
    assert any("whole budget of 20 tokens" in warning for warning in result.warnings)
    assert result.thinking_seconds is not None and result.thinking_seconds > 0
    # The model was shown the template's own end of the block before it answered.
    closing = engine._llama.tokenize("</think>".encode(), add_bos=False, special=True)
    held = engine._kv.tokens
    assert any(held[i:i + len(closing)] == closing for i in range(len(held)))


def test_with_thinking_off_the_prompt_closes_the_block_and_all_is_answer(engine):
    thoughts = []
    # ignore_eos: on some CPUs the tiny model ends its answer before 12 tokens; the length is not what is tested.
    result = engine.generate(QUESTION, params(thinking=OFF, ignore_eos=True), on_thinking=thoughts.append)
    assert thoughts == [] and result.thinking == "" and result.thinking_tokens == 0
    assert result.text.strip() and result.end == END_LENGTH and len(result.token_ids) == 12


def test_a_reply_that_ends_while_thinking_says_so(thinking_model):
    from assistant.core.engines.llama.engine import Engine

    small = Engine()
    small.load(thinking_model, LoadOptions(context_length=256))
    try:
        # SmolLM2 does not know the block it is in: it answers inside it and ends. There is no answer outside the
        # thinking, and the reply says so.
        # The cause is the model's own stop, not the budget, which it was far from.
        result = small.generate(QUESTION, params(thinking=ON, thinking_budget=10_000))
        assert result.thinking and result.text == "" and result.end == "eos"
        assert result.no_answer_reason() == (f"No answer: the model stopped by itself after {result.thinking_tokens} "
                                             "tokens of thinking, without writing an answer. Open its thinking, or "
                                             "regenerate the reply.")
        assert not any("budget" in warning for warning in result.warnings)
        # Made to go on, it thinks until the context is full: that is the cause, with what to do about it.
        result = small.generate(QUESTION, params(thinking=ON, thinking_budget=10_000, ignore_eos=True))
        assert result.thinking and result.text == "" and result.end == "context_full"
        assert result.prompt_tokens + result.generated_tokens == 256
        reason = result.no_answer_reason()
        assert reason.startswith(f"No answer: the conversation filled the model's context ({result.prompt_tokens} "
                                 f"prompt + {result.generated_tokens} generated tokens)")
        assert "Start a new chat, or raise the context length in Model → Model settings." in reason
        thoughts = []
        stopped = small.generate(QUESTION, params(thinking=ON, thinking_budget=10_000), on_thinking=thoughts.append,
                                 should_stop=lambda: len(thoughts) >= 3)
        assert stopped.stopped and stopped.text == "" and stopped.thinking
        assert stopped.no_answer_reason() is None  # a stop is the user's own
    finally:
        small.unload()


def test_earlier_thinking_goes_back_only_where_the_template_wants_it(engine):
    first = engine.generate(QUESTION, params(thinking=ON, thinking_budget=16))
    assert first.thinking
    seen = []
    history = QUESTION + [{"role": "assistant", "content": first.text, "thinking": first.thinking},
                          {"role": "user", "content": "And of Italy?"}]
    engine.generate(history, params(thinking=ON, thinking_budget=4, max_tokens=2),
                    on_prompt=lambda prompt: seen.append(engine._llama.detokenize(prompt.tokens).decode()))
    # Qwen3.5's template drops the reasoning of turns before the newest question.
    assert first.text.strip() in seen[0] and first.thinking not in seen[0]


def test_the_next_turn_reuses_the_context_up_to_where_the_template_rewrites_the_reply(engine):
    # Qwen3.5's template writes "<think>\n\n</think>\n\n" into the prompt when thinking is off, and leaves that
    # empty block out when the same turn is history. Evaluating the next turn's opening ahead would be wasted, so
    # it is not done; the next turn reads again from that reply on, and no further back.
    first = engine.generate(QUESTION, params(thinking=OFF))
    assert engine.warm_next_turn(QUESTION, first.text, first.thinking, OFF) == 0
    turns = QUESTION + [{"role": "assistant", "content": first.text, "thinking": first.thinking},
                        {"role": "user", "content": "And of Italy?"}]
    second = engine.generate(turns, params(thinking=OFF))
    question_tokens = len(engine._llama.tokenize(QUESTION[0]["content"].encode(), add_bos=False))
    assert 0 < second.prompt_evaluated <= second.prompt_tokens - question_tokens


def test_thinking_crosses_from_the_engine_host_as_its_own_events(thinking_model):
    from assistant.core.engines.hosted import HostedEngine
    from assistant.core.engines.safe_configs import SafeConfigs
    from assistant.core.engines.scheduler import Finished, Loaded, Scheduler, Text, Thinking

    scheduler = Scheduler(HostedEngine(SafeConfigs(None)), lambda news: None)
    try:
        loaded = scheduler.load(str(thinking_model), options=LoadOptions(context_length=1024)).wait(60)
        assert isinstance(loaded, Loaded) and loaded.model.thinks and loaded.model.thinking_switch
        events = list(scheduler.generate(QUESTION, params(thinking=ON, thinking_budget=16, ignore_eos=True)).events())
        final = events[-1]
        assert isinstance(final, Finished)
        thinking = "".join(event.text for event in events if isinstance(event, Thinking))
        answer = "".join(event.text for event in events if isinstance(event, Text))
        assert thinking.strip() == final.result.thinking and final.result.thinking_tokens == 16
        assert answer == final.result.text and "think>" not in answer
        # Every thinking event comes before the first piece of the answer.
        kinds = [type(event).__name__ for event in events if isinstance(event, (Text, Thinking)) and event.text]
        assert "Text" in kinds and kinds.index("Text") > max(i for i, k in enumerate(kinds) if k == "Thinking")
    finally:
        scheduler.shutdown()
