"""How full the model's context is with the conversation on screen, for the gauge in the Chat pane's header: the
share used and a level in words (the colour only repeats it). The conversation's use is what its latest counted reply
took: the prompt it was given and what it wrote. The prompt may fill the context but for the room kept for the reply
(context_window.reply_reserve); past that, the oldest messages are left out of what the model sees."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assistant.core.storage.history import Message

NORMAL = "normal"
NEARLY_FULL = "nearly_full"  # the next few turns will leave the oldest messages out
FULL = "full"  # the oldest messages are left out already, or will be with the next question
NEARLY_AT = 0.8  # of the room for the prompt


@dataclass(frozen=True)
class ContextUse:
    used: int
    total: int
    share: float  # of the whole context, 0 to 1
    level: str


def context_use(used: int, total: int, reserve: int = 0) -> ContextUse:
    """``used`` tokens of a context of ``total``, of which ``reserve`` are kept for the reply."""
    used, total = max(used, 0), max(total, 0)
    share = min(used / total, 1.0) if total else 0.0
    room = max(total - reserve, 1)
    level = FULL if used >= room else NEARLY_FULL if used >= NEARLY_AT * room else NORMAL
    return ContextUse(used, total, share, level)


def share_percent(used: int, total: int) -> int:
    """The share of the context used, in whole percent, rounded to the nearest: the one figure the gauge's tooltip
    and the status line both say (480 of 8,192 is 6%)."""
    return round(100 * min(max(used, 0) / total, 1.0)) if total > 0 else 0


def conversation_tokens(thread: Sequence[Message]) -> int:
    """The tokens the conversation took when its latest counted reply was written (0 for one with none)."""
    for message in reversed(thread):
        if message.role == "assistant" and message.prompt_tokens is not None:
            return message.prompt_tokens + (message.generated_tokens or 0)
    return 0
