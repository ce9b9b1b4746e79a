"""The messages a chat turn sends: the conversation's system prompt, then the visible thread, the question being
answered with the passages from the user's documents found for it.

The passages travel inside that question, after its own words, never in the system prompt. Once it is answered the
conversation keeps the question without them, as the old system prompt did not keep an earlier turn's passages. So
the next turn's messages begin with this turn's as far as the question's own words, byte for byte: the engine keeps
all of that in its KV cache and evaluates only the newest reply, the new question and its passages, while the
conversation stays as short as it was (a longer context makes every token read after it dearer, and leaves earlier
turns out sooner). The command lines and the API can build a turn from a thread the same way (``turn_messages``).

A question's images go with it: to a model that sees, as the paths of their files in the image store (``"images"``,
in order, shown before the words); to one that cannot, as the text read from each (image_reading), written before
the question's words, the same in every turn, so the prefix the engine keeps stays the same too.

A reply that used tools goes as it went (tool_steps): for each round, the assistant's text and calls and one tool
message per call with what the model was told, then the answer it wrote after them; the same messages the reply
was continued with while it was written, so that prefix stays too."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from assistant.core.chat.tool_steps import answer_after, steps_messages
from assistant.core.documents.answer import question_with_passages
from assistant.core.engines.context_window import estimate_tokens
from assistant.core.images.image_store import ImageStore
from assistant.core.storage.history import FAILED, Message

DEFAULT_BUDGET = 2048  # passages' tokens when the context's size is not known


def turn_messages(system_prompt: str, thread: Sequence[Message], passages: list[dict] | None = None,
                  images: ImageStore | None = None, read: Mapping[str, str | None] | None = None) -> list[dict]:
    """The messages for a reply to the last message of ``thread`` (a question). ``passages``: the source records found
    for that question (None or empty: it is asked alone). ``images``: the store a question's images are kept in, for
    a model that sees them; ``read``: the text read from each image (by sha256; "" when it has none, None or absent
    when its file is gone), for one that cannot, which then gets that text instead. Without either, a message's
    images are left out."""
    messages = [{"role": "system", "content": system_prompt}] if system_prompt.strip() else []
    for place, message in enumerate(thread):
        if message.role == "assistant" and message.tool_steps:
            messages += reply_messages(message)
            continue
        if message.status == FAILED and not message.content:
            continue  # a refusal or a failure before any text: nothing the model said
        content = message.content
        if place == len(thread) - 1 and message.role == "user":
            content = question_with_passages(content, passages or [])
        item = {"role": message.role, "content": content, "thinking": message.thinking}
        if message.images and message.role == "user":
            if read is not None:
                texts = [read.get(name) for name in message.images]
                item["content"] = with_image_text(content, [text for text in texts if text is not None])
            elif images is not None:
                found = [images.get(name) for name in message.images]
                item["images"] = [str(image.path) for image in found if image is not None]
        # The thinking goes along; whether it reaches the prompt is the chat template's choice.
        messages.append(item)
    return messages


def reply_messages(message: Message) -> list[dict]:
    """A reply with tool steps: its rounds, then its answer (left out when there is none: it was stopped or failed
    while its tools ran)."""
    messages = steps_messages(message.tool_steps)
    answer = answer_after(message.content, message.tool_steps)
    if answer.strip() or message.thinking:
        messages.append({"role": "assistant", "content": answer, "thinking": message.thinking})
    return messages


def with_image_text(content: str, texts: Sequence[str]) -> str:
    """A question whose images a model cannot see, with what was read in each before its words, where the images
    would be. Words for the model, like the documents' instructions: English, whatever the app's language."""
    several = len(texts) > 1
    blocks = []
    for number, text in enumerate(texts, start=1):
        image = f"image {number}" if several else "the image"
        text = text.strip()
        blocks.append(f"[Text read from {image} by OCR:\n{text}]" if text else
                      f"[{image[0].upper()}{image[1:]} has no text that could be read; its picture cannot be shown.]")
    return "\n\n".join([*blocks, content] if content else blocks)


def passage_budget(context_length: int, reserve: int, conversation: Sequence[dict]) -> int:
    """Tokens a new question's passages (with the instructions and the question) may take: half the context at most,
    what a first question gets; less as the conversation fills the context, but never under an eighth of it (at
    least 512), past which the engine leaves the oldest turns out instead."""
    if not context_length:
        return DEFAULT_BUDGET
    half = max(512, context_length // 2)
    used = sum(estimate_tokens(message["content"]) + 8 for message in conversation)  # an image's own tokens aside
    floor = min(half, max(512, context_length // 8))
    return max(floor, min(half, context_length - reserve - used))
