"""Passages from the user's documents put before the model: as many as fit the context, numbered, with the
instruction to use them alone (to answer a question in Chat, to write a text in Drafting). The sources shown with the
result are these numbered passages, as the app found them; what the model writes about them is not trusted for it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistant.core.documents.index import Hit
from assistant.core.engines.context_window import estimate_tokens

INSTRUCTIONS = (
    "Answer the question using only the numbered passages from the user's documents below. After each statement, "
    "cite the passages it comes from as [1], [2]. If the passages do not contain the answer, say that the documents "
    "do not say, and do not guess. Answer in the language of the question.")
COMPOSE_INSTRUCTIONS = (
    "Write the text from the numbered passages from the user's documents below: take every fact from them, cite the "
    "passages each statement comes from as [1], [2], and add no fact they do not hold.")


@dataclass
class Source:
    number: int
    hit: Hit

    @property
    def place(self) -> str:
        """Where it is, as a reader would look it up: the file, then the page (a PDF) or the paragraph."""
        name = Path(self.hit.path).name
        return f"{name}, page {self.hit.page}" if self.hit.page is not None else \
            f"{name}, paragraph {self.hit.paragraph}"

    def record(self) -> dict:
        """The source as stored with a reply and shown with it (ui/message_view, ui/source_view)."""
        return {"number": self.number, "path": self.hit.path, "page": self.hit.page,
                "paragraph": self.hit.paragraph, "passage_id": self.hit.passage_id, "text": self.hit.text}


def with_passages(instructions: str, hits: list[Hit], budget_tokens: int, asked: str = "") -> tuple[str, list[Source]]:
    """A system prompt of ``instructions`` and the best hits that fit ``budget_tokens`` beside the ``asked`` text,
    numbered; and those sources."""
    sources: list[Source] = []
    used = estimate_tokens(instructions) + estimate_tokens(asked) + 16
    for hit in hits:
        cost = estimate_tokens(hit.text) + 12
        if used + cost > budget_tokens:
            break
        sources.append(Source(len(sources) + 1, hit))
        used += cost
    passages = "\n\n".join(f"[{s.number}] ({s.place})\n{s.hit.text}" for s in sources)
    return f"{instructions}\n\n{passages}", sources


def grounded_messages(question: str, hits: list[Hit], budget_tokens: int) -> tuple[list[dict], list[Source]]:
    """The chat messages for a question, and the sources they hold."""
    system, sources = with_passages(INSTRUCTIONS, hits, budget_tokens, question)
    return [{"role": "system", "content": system}, {"role": "user", "content": question}], sources


def grounded_compose(messages: list[dict], hits: list[Hit], budget_tokens: int) -> tuple[list[dict], list[Source]]:
    """Drafting's compose messages (a system prompt, then the brief) with the passages to write from."""
    system, sources = with_passages(COMPOSE_INSTRUCTIONS, hits, budget_tokens, messages[-1]["content"])
    return [{"role": "system", "content": f"{messages[0]['content']}\n\n{system}"}, *messages[1:]], sources
