"""What a message card says of its reply's state, and the one action that moves on from it (issue 34, part 3): a
reply being written says so and offers nothing yet; a stopped or interrupted one offers another version; a failed
one says why and offers to try again, and to open a model when none is loaded (nothing could answer a retry)."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.core.storage.history import FAILED, INTERRUPTED, STOPPED, STREAMING

WRITING = "writing"
REGENERATE = "regenerate"  # write another version (a failed reply's "Retry")
OPEN_MODEL = "open_model"


@dataclass(frozen=True)
class ReplyState:
    kind: str = ""  # "", WRITING, or the message's status: stopped, interrupted, failed
    actions: tuple[str, ...] = ()  # what the card offers beside its words, in order
    card_actions: bool = True  # whether the card's own actions (copy, edit, regenerate) are offered


def reply_state(role: str, status: str, model_loaded: bool = True) -> ReplyState:
    """The state of a message as its card shows it, with ``model_loaded`` whether a model could answer now."""
    if role != "assistant":
        return ReplyState()
    if status == STREAMING:
        return ReplyState(WRITING, card_actions=False)
    if status in (STOPPED, INTERRUPTED):
        return ReplyState(status, (REGENERATE,))
    if status == FAILED:
        return ReplyState(FAILED, (REGENERATE,) if model_loaded else (OPEN_MODEL, REGENERATE))
    return ReplyState()
