"""Fitting a conversation into the model's context window, visibly.

Policy: the system prompt and the newest turn always stay; when the rest does not fit, the oldest whole turns
(a user message and the replies to it) are left out, and the caller is told how many messages that was so the
conversation can say so. Room is kept for the reply. A newest turn that cannot fit even alone is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.core.i18n import translate


class PromptTooLong(Exception):
    """``message``: the tokens of the message's own text, as the count under the typing box gives them; the rest of
    ``needed`` is what the chat template and the system prompt add, and the refusal says so."""

    def __init__(self, needed: int, available: int, n_ctx: int, reserve: int, message: int | None = None):
        self.needed, self.available, self.message = needed, available, message
        numbers = dict(needed=f"{needed:,}", context=f"{n_ctx:,}", reserve=f"{reserve:,}",
                       available=f"{available:,}")
        if message is not None and 0 <= message < needed:
            text = translate(
                "ContextWindow", "This message needs {needed} tokens: {message} for its text and {extra} for the chat "
                                 "template and system prompt. The model's context holds {context} tokens and "
                                 "{reserve} are kept for the reply, leaving {available}. Shorten the message or the "
                                 "system prompt, or raise the context length in the model settings.").format(
                message=f"{message:,}", extra=f"{needed - message:,}", **numbers)
        else:
            text = translate(
                "ContextWindow", "This message needs {needed} tokens, but the model's context holds {context} tokens "
                                 "and {reserve} are kept for the reply, leaving {available}. Shorten the message or "
                                 "the system prompt, or raise the context length in the model settings.").format(
                **numbers)
        super().__init__(text)


@dataclass
class FittedPrompt:
    tokens: list[int]
    messages: list[dict]
    dropped: int  # messages of the conversation left out of this prompt


def reply_reserve(n_ctx: int, max_tokens: int) -> int:
    """Tokens kept free for the reply: the reply limit, but never more than half the context."""
    return max(1, min(max_tokens, n_ctx // 2))


def fit_conversation(
    messages: Sequence[dict],
    encode: Callable[[list[dict]], list[int]],
    n_ctx: int,
    reserve: int,
    count: Callable[[str], int] | None = None,
) -> FittedPrompt:
    """Choose the messages to send. ``encode`` renders messages with the chat template and tokenizes them;
    ``count``, when given, counts a message's own text, for a refusal to tell the two apart."""
    system = [m for m in messages[:1] if m["role"] == "system"]
    rest = list(messages[len(system):])
    # Every user message opens a turn, so an earlier message that was refused as too long can be left out.
    starts = [i for i, m in enumerate(rest) if m["role"] == "user"]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    budget = n_ctx - reserve

    def attempt(first_turn: int) -> tuple[list[dict], list[int]]:
        chosen = system + rest[starts[first_turn]:]
        return chosen, encode(chosen)

    # The newest turn alone: if it does not fit, nothing will, and one encode of a huge paste is enough.
    last = len(starts) - 1
    chosen, tokens = attempt(last)
    if len(tokens) > budget:
        raise PromptTooLong(len(tokens), budget, n_ctx, reserve,
                            count(rest[starts[last]]["content"]) if count and rest else None)
    best = (last, chosen, tokens)
    if last > 0:
        chosen, tokens = attempt(0)
        if len(tokens) <= budget:
            return FittedPrompt(tokens, chosen, 0)
        # Fewer turns never means more tokens, so search for the earliest turn that still fits.
        low, high = 1, last - 1
        while low <= high:
            middle = (low + high) // 2
            chosen, tokens = attempt(middle)
            if len(tokens) <= budget:
                best, high = (middle, chosen, tokens), middle - 1
            else:
                low = middle + 1
    first_turn, chosen, tokens = best
    return FittedPrompt(tokens, chosen, starts[first_turn])


def estimate_tokens(text: str) -> int:
    """Roughly what a BPE tokenizer makes of ``text``, for a server that cannot count: about four characters of
    Latin script per token, about one per Chinese, Japanese or Korean character."""
    wide = sum(1 for ch in text if ord(ch) >= 0x2E80)
    return wide + round((len(text) - wide) / 4)
