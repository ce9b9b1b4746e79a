"""The engine on the real SmolLM2-135M model through llama.cpp."""

from __future__ import annotations

import threading
import time

import pytest

from assistant.core.engines.context_window import PromptTooLong
from assistant.core.engines.types import END_EOS, END_LENGTH, END_STOPPED, GenerationParams, LoadOptions
from assistant.core.engines.llama.engine import Engine
from assistant.core.library.gguf_file import BadModelFile

pytestmark = pytest.mark.model
GREEDY = GenerationParams(temperature=0.0, max_tokens=24)


# "in one word" keeps greedy decoding on the plain answer; without it this tiny model sometimes rambles past the
# 24-token budget first, depending on the CPU features llama.cpp was compiled for.
CAPITAL = "What is the capital of France? Answer in one word."


def ask(text):
    return [{"role": "user", "content": text}]


def test_streams_a_reply_and_reports_its_numbers(engine):
    pieces = []
    result = engine.generate(ask(CAPITAL), GREEDY, on_text=pieces.append)
    assert len(pieces) >= 5 and "".join(pieces) == result.text
    assert "Paris" in result.text
    assert result.end in (END_EOS, END_LENGTH)
    assert result.prompt_tokens > 10 and 5 <= result.generated_tokens <= 24
    assert 0 < result.time_to_first_token < 30
    assert result.tokens_per_second > 1


def test_greedy_output_is_repeatable(engine):
    first = engine.generate(ask("Name three colours."), GREEDY).text
    engine.generate(ask("Something else entirely, to change the cache."), GREEDY)
    assert engine.generate(ask("Name three colours."), GREEDY).text == first


def test_stop_between_tokens_keeps_the_partial_reply(engine):
    pieces = []
    result = engine.generate(
        ask("Write a long story about a lighthouse keeper."),
        GenerationParams(temperature=0.0, max_tokens=400),
        should_stop=lambda: len(pieces) >= 8,
        on_text=pieces.append,
    )
    assert result.end == END_STOPPED
    assert result.generated_tokens == 8 and result.text == "".join(pieces) != ""


def test_stop_during_prompt_evaluation_is_prompt(engine):
    filler = "The quick brown fox jumps over the lazy dog. " * 90

    def long_prompt(topic):  # a different first word, so the KV cache cannot help the second run
        return ask(f"{topic}: summarise this. " + filler)

    started = time.perf_counter()
    full = engine.generate(long_prompt("Apples"), GenerationParams(max_tokens=1))
    full_seconds = time.perf_counter() - started
    assert full.prompt_tokens > 900

    stop = threading.Event()
    timer = threading.Timer(full_seconds * 0.2, stop.set)
    timer.start()
    started = time.perf_counter()
    result = engine.generate(long_prompt("Pears"), GenerationParams(max_tokens=50), should_stop=stop.is_set)
    elapsed = time.perf_counter() - started
    assert result.end == END_STOPPED and result.text == "" and result.generated_tokens == 0
    # Without the abort the call would take about full_seconds; with it, it ends soon after the stop request.
    assert elapsed < full_seconds * 0.6, (elapsed, full_seconds)
    # The model is still usable afterwards, and the cache was left consistent.
    assert "Paris" in engine.generate(ask(CAPITAL), GREEDY).text


def test_a_prompt_longer_than_the_context_is_refused_with_numbers(engine):
    with pytest.raises(PromptTooLong) as caught:
        engine.generate(ask("word " * 5000), GREEDY)
    assert "context holds 2,048 tokens" in str(caught.value)
    # The count under the typing box is the message's own; the refusal's is more by the template: it says so.
    own = engine.count_tokens("word " * 5000)
    refused = caught.value
    assert refused.message == own < refused.needed
    assert str(refused).startswith(f"This message needs {refused.needed:,} tokens: {own:,} for its text and "
                                   f"{refused.needed - own:,} for the chat template and system prompt.")


def test_a_one_megabyte_paste_is_refused_quickly(engine):
    paste = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit. 中文 😀\n" * 16_000)[: 1024 * 1024]
    started = time.perf_counter()
    with pytest.raises(PromptTooLong):
        engine.generate(ask(paste), GREEDY)
    assert time.perf_counter() - started < 30


def test_old_turns_are_left_out_when_the_conversation_outgrows_the_context(engine):
    history = []
    for i in range(12):
        history += [{"role": "user", "content": f"Question {i}: " + "tell me more " * 40},
                    {"role": "assistant", "content": f"Answer {i}: " + "here is more " * 40}]
    messages = [{"role": "system", "content": "Be brief."}] + history + ask("And finally?")
    seen = []
    result = engine.generate(messages, GenerationParams(temperature=0.0, max_tokens=8), on_prompt=seen.append)
    assert result.dropped_messages > 0 and result.dropped_messages % 2 == 0
    assert seen[0].messages[0]["content"] == "Be brief." and seen[0].messages[-1]["content"] == "And finally?"
    assert result.prompt_tokens <= 2048 - 8


EMOJI = "Write three emoji: 😀🎂🚀"  # SmolLM2 answers with emoji written byte by byte, one token each


def split_character(engine, token_ids: list[int]) -> tuple[int, int, str]:
    """Where a reply's tokens end in the middle of a character: (kept, complete, text). The first ``kept`` tokens
    end inside a character; the first ``complete`` of them (fewer) end on a whole one and write ``text``."""
    pieces = [engine._piece(token) for token in token_ids]
    complete = 0
    for kept in range(1, len(pieces) + 1):
        try:
            text = b"".join(pieces[:kept]).decode("utf-8")
            complete = kept
        except UnicodeDecodeError as exc:
            if exc.reason == "unexpected end of data" and complete:
                return kept, complete, b"".join(pieces[:complete]).decode("utf-8")
    raise AssertionError(f"no token of {pieces} ends inside a character")


def test_a_reply_cut_inside_a_character_drops_the_half_character(engine):
    full = engine.generate(ask(EMOJI), GenerationParams(temperature=0.0, max_tokens=30))
    kept, complete, text = split_character(engine, full.token_ids)
    assert text and full.text.startswith(text) and len(full.text) > len(text)

    # The length limit falls inside a character: the reply ends with the character before it.
    cut = engine.generate(ask(EMOJI), GenerationParams(temperature=0.0, max_tokens=kept))
    assert cut.end == END_LENGTH and cut.token_ids == full.token_ids[:kept]
    assert cut.text == text and "\ufffd" not in cut.text

    # Stop is pressed after a token that ends inside a character: the stream and the result drop its half.
    pieces, calls = [], []

    def stop() -> bool:  # polled before each token is kept: stop once the tokens up to ``kept`` are in
        if "".join(pieces) == text:
            calls.append(1)
        return len(calls) > kept - complete

    stopped = engine.generate(ask(EMOJI), GenerationParams(temperature=0.0, max_tokens=30), should_stop=stop,
                              on_text=pieces.append)
    assert stopped.end == END_STOPPED and stopped.token_ids == full.token_ids[:kept]
    assert stopped.text == "".join(pieces) == text and "\ufffd" not in stopped.text


def test_hostile_text_is_accepted(engine):
    text = "NUL\x00here, lone \ud800 surrogate, עברית, " + "😀" * 300
    result = engine.generate(ask(text), GenerationParams(temperature=0.0, max_tokens=4))
    assert result.prompt_tokens > 300 and result.generated_tokens >= 1


def test_bad_files_are_refused_and_the_engine_keeps_working(tmp_path, model_path):
    engine = Engine()
    (tmp_path / "page.gguf").write_text("<html><body>Rate limited</body></html>")
    with pytest.raises(BadModelFile, match="page.gguf cannot be used: it is a web page"):
        engine.load(tmp_path / "page.gguf")
    loaded = engine.load(model_path, LoadOptions(context_length=512))
    assert loaded.context_length == 512 and loaded.template_warning is None
    assert engine.generate(ask("Hi"), GenerationParams(max_tokens=4)).generated_tokens >= 1
    # A bad file offered while a model is loaded leaves that model loaded.
    with pytest.raises(BadModelFile):
        engine.load(tmp_path / "page.gguf")
    assert engine.model is not None
    engine.unload()
    assert engine.model is None
