"""A question put to the model with the passages found for it: as many as fit the context, numbered, with the
instruction to answer from them alone and to say so when they do not hold the answer. The sources shown with the
answer are these numbered passages, as the app found them; what the model writes about them is not trusted for it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistant.core.documents.index import Hit
from assistant.core.engines.context_window import estimate_tokens

INSTRUCTIONS = (
    "Answer the question using only the numbered passages from the user's documents below. After each statement, "
    "cite the passages it comes from as [1], [2]. If the passages do not contain the answer, say that the documents "
    "do not say, and do not guess. Answer in the language of the question.")


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


def grounded_messages(question: str, hits: list[Hit], budget_tokens: int) -> tuple[list[dict], list[Source]]:
    """The chat messages, and the sources they hold (the best hits that fit ``budget_tokens``)."""
    sources: list[Source] = []
    used = estimate_tokens(INSTRUCTIONS) + estimate_tokens(question) + 16
    for hit in hits:
        cost = estimate_tokens(hit.text) + 12
        if used + cost > budget_tokens:
            break
        sources.append(Source(len(sources) + 1, hit))
        used += cost
    passages = "\n\n".join(f"[{s.number}] ({s.place})\n{s.hit.text}" for s in sources)
    return [{"role": "system", "content": f"{INSTRUCTIONS}\n\n{passages}"},
            {"role": "user", "content": question}], sources
