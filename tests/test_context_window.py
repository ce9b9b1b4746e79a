"""The context policy: keep the system prompt and the newest turn, drop the oldest whole turns, or refuse."""

from __future__ import annotations

import pytest

from assistant.core.engines.context_window import PromptTooLong, fit_conversation, reply_reserve


def words(messages):
    """Tokenizer stand-in: one token per word plus two per message, as a template's markers would add."""
    return [0] * sum(len(m["content"].split()) + 2 for m in messages)


def turn(i, size=10):
    return [{"role": "user", "content": f"question {i} " + "w " * size},
            {"role": "assistant", "content": f"answer {i} " + "w " * size}]


def test_everything_fits():
    messages = [{"role": "system", "content": "be brief"}] + turn(1) + [{"role": "user", "content": "next"}]
    fitted = fit_conversation(messages, words, n_ctx=200, reserve=50)
    assert fitted.dropped == 0 and fitted.messages == messages


def test_oldest_turns_are_dropped_whole_and_the_system_prompt_stays():
    history = [m for i in range(10) for m in turn(i)]
    messages = [{"role": "system", "content": "be brief"}] + history + [{"role": "user", "content": "newest"}]
    fitted = fit_conversation(messages, words, n_ctx=150, reserve=30)
    assert fitted.messages[0]["role"] == "system"
    assert fitted.messages[1]["role"] == "user"  # never starts with an orphaned reply
    assert fitted.messages[-1]["content"] == "newest"
    assert len(fitted.tokens) <= 120
    kept = len(fitted.messages) - 1
    assert fitted.dropped == len(history) + 1 - kept
    assert fitted.dropped % 2 == 0 and fitted.dropped > 0
    # The search keeps as much as fits: one more turn would not.
    one_more = [messages[0]] + messages[1 + fitted.dropped - 2:]
    assert len(words(one_more)) > 120


def test_a_single_message_too_long_is_refused_with_numbers():
    messages = [{"role": "user", "content": "w " * 500}]
    with pytest.raises(PromptTooLong) as caught:
        fit_conversation(messages, words, n_ctx=256, reserve=64)
    assert caught.value.needed == 502 and caught.value.available == 192
    assert "502 tokens" in str(caught.value) and "256 tokens" in str(caught.value)


def test_reply_reserve_never_takes_more_than_half_the_context():
    assert reply_reserve(4096, 1024) == 1024
    assert reply_reserve(2048, 4000) == 1024


def test_an_oversized_earlier_message_is_left_out_of_later_turns():
    messages = [{"role": "user", "content": "w " * 1000}, {"role": "user", "content": "short question"}]
    fitted = fit_conversation(messages, words, n_ctx=256, reserve=64)
    assert fitted.dropped == 1 and fitted.messages == messages[1:]
