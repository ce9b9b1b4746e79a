"""The messages a chat turn sends: the conversation's system prompt, then the visible thread, the question being
answered with the passages from the user's documents found for it.

The passages travel inside that question, after its own words, never in the system prompt. Once it is answered the
conversation keeps the question without them, as the old system prompt did not keep an earlier turn's passages. So
the next turn's messages begin with this turn's as far as the question's own words, byte for byte: the engine keeps
all of that in its KV cache and evaluates only the newest reply, the new question and its passages, while the
conversation stays as short as it was (a longer context makes every token read after it dearer, and leaves earlier
turns out sooner). The command lines and the API can build a turn from a thread the same way (``turn_messages``)."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.core.documents.answer import question_with_passages
from assistant.core.engines.context_window import estimate_tokens
from assistant.core.storage.history import FAILED, Message

DEFAULT_BUDGET = 2048  # passages' tokens when the context's size is not known


def turn_messages(system_prompt: str, thread: Sequence[Message], passages: list[dict] | None = None) -> list[dict]:
    """The messages for a reply to the last message of ``thread`` (a question). ``passages``: the source records found
    for that question (None or empty: it is asked alone)."""
    messages = [{"role": "system", "content": system_prompt}] if system_prompt.strip() else []
    for place, message in enumerate(thread):
        if message.status == FAILED and not message.content:
            continue  # a refusal or a failure before any text: nothing the model said
        content = message.content
        if place == len(thread) - 1 and message.role == "user":
            content = question_with_passages(content, passages or [])
        # The thinking goes along; whether it reaches the prompt is the chat template's choice.
        messages.append({"role": message.role, "content": content, "thinking": message.thinking})
    return messages


def passage_budget(context_length: int, reserve: int, conversation: Sequence[dict]) -> int:
    """Tokens a new question's passages (with the instructions and the question) may take: half the context at most,
    what a first question gets; less as the conversation fills the context, but never under an eighth of it (at
    least 512), past which the engine leaves the oldest turns out instead."""
    if not context_length:
        return DEFAULT_BUDGET
    half = max(512, context_length // 2)
    used = sum(estimate_tokens(message["content"]) + 8 for message in conversation)
    floor = min(half, max(512, context_length // 8))
    return max(floor, min(half, context_length - reserve - used))
