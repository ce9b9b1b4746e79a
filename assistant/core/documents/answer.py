"""Passages from the user's documents put before the model: as many as fit the context, numbered, with the
instruction to use them alone (to answer a question in Chat, to write a text in Drafting). The sources shown with the
result are these numbered passages, as the app found them; what the model writes about them is not trusted for it.

In Chat the passages travel inside the question they serve, after its own words (``question_with_passages``): the
system prompt stays the same through the conversation, so the engine reuses what it has read and evaluates only what
is new (core/chat/prompt.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistant.core.documents.index import Hit
from assistant.core.engines.context_window import estimate_tokens

# Said by the user after the question, which is asked again after the passages.
ASKED_INSTRUCTIONS = (
    "Answer my question using only the numbered passages from my documents below. After each statement, cite the "
    "passages it comes from as [1], [2]. If the passages do not contain the answer, say that the documents do not "
    "say, and do not guess. Answer in the language of the question.")
QUESTION_AGAIN = "The question again:"
COMPOSE_INSTRUCTIONS = (
    "Write the text from the numbered passages from the user's documents below: take every fact from them, cite the "
    "passages each statement comes from as [1], [2], and add no fact they do not hold.")


def place(record: dict) -> str:
    """Where a source is, as a reader would look it up: the file, then the page (a PDF) or the paragraph."""
    name = Path(record["path"]).name
    return f"{name}, page {record['page']}" if record.get("page") is not None else \
        f"{name}, paragraph {record.get('paragraph')}"


@dataclass
class Source:
    number: int
    hit: Hit

    @property
    def place(self) -> str:
        return place(self.record())

    def record(self) -> dict:
        """The source as stored with a reply and shown with it (ui/message_view, ui/source_view)."""
        return {"number": self.number, "path": self.hit.path, "page": self.hit.page,
                "paragraph": self.hit.paragraph, "passage_id": self.hit.passage_id, "text": self.hit.text}


def choose(hits: list[Hit], budget_tokens: int, *around: str) -> list[Source]:
    """The best hits that fit ``budget_tokens`` beside the ``around`` texts (instructions, the question), numbered."""
    sources: list[Source] = []
    used = sum(estimate_tokens(text) for text in around) + 16
    for hit in hits:
        cost = estimate_tokens(hit.text) + 12
        if used + cost > budget_tokens:
            break
        sources.append(Source(len(sources) + 1, hit))
        used += cost
    return sources


def numbered(records: list[dict]) -> str:
    """The passages as the model reads them: "[1] (file, paragraph 3)" and the text, one after another."""
    return "\n\n".join(f"[{r['number']}] ({place(r)})\n{r['text']}" for r in records)


def with_passages(instructions: str, hits: list[Hit], budget_tokens: int, asked: str = "") -> tuple[str, list[Source]]:
    """A system prompt of ``instructions`` and the best hits that fit ``budget_tokens`` beside the ``asked`` text,
    numbered; and those sources."""
    sources = choose(hits, budget_tokens, instructions, asked)
    return f"{instructions}\n\n{numbered([s.record() for s in sources])}", sources


def question_with_passages(question: str, records: list[dict]) -> str:
    """A question with the passages it is asked about (source records): its own words first, so that once it has
    been answered the conversation keeps it without them and the engine's cache still holds it; then the
    instructions, the passages, and the question once more, where a small model reads it last."""
    if not records:
        return question
    return f"{question}\n\n{ASKED_INSTRUCTIONS}\n\n{numbered(records)}\n\n{QUESTION_AGAIN} {question}"


def sources_for(question: str, hits: list[Hit], budget_tokens: int) -> list[Source]:
    """The passages a question is asked with: the best hits that fit beside the instructions and the question,
    which is said twice (before and after them)."""
    return choose(hits, budget_tokens, ASKED_INSTRUCTIONS, question, question)


def grounded_messages(question: str, hits: list[Hit], budget_tokens: int) -> tuple[list[dict], list[Source]]:
    """A question asked alone (``assistant ask``), built as Chat builds a conversation's first question, and the
    sources it holds."""
    sources = sources_for(question, hits, budget_tokens)
    return [{"role": "user", "content": question_with_passages(question, [s.record() for s in sources])}], sources


def grounded_compose(messages: list[dict], hits: list[Hit], budget_tokens: int) -> tuple[list[dict], list[Source]]:
    """Drafting's compose messages (a system prompt, then the brief) with the passages to write from."""
    system, sources = with_passages(COMPOSE_INSTRUCTIONS, hits, budget_tokens, messages[-1]["content"])
    return [{"role": "system", "content": f"{messages[0]['content']}\n\n{system}"}, *messages[1:]], sources
