"""What the learner's record keeps of a Feedback review: each correction they accepted, with its category,
explanation and example, and the sentence it was found in (core/storage/mistakes.py stores them)."""

from __future__ import annotations

import re

from assistant.core.storage.mistakes import Mistake, Mistakes
from assistant.core.storage.settings import Settings, WritingChoices
from assistant.core.writing.review import Review
from assistant.core.writing.revision import token_offsets

CONTEXT_CHARS = 160
_SENTENCE_END = re.compile(r"[.!?。！？\n]")


def accepted_mistakes(review: Review, draft_id: int | None = None) -> list[Mistake]:
    """Nothing for a review that is not feedback; only the changes accepted, never the rejected ones."""
    if review.feedback is None:
        return []
    text = review.revision.original
    offsets = token_offsets(text)
    accepted = review.accepted()
    return [Mistake(review.feedback.language, change.category, change.old.strip(), change.new.strip(),
                    change.reason, change.example, sentence_around(text, offsets[change.start], offsets[change.end]),
                    draft_id)
            for change in review.revision.changes if change.index in accepted and change.category]


def keep_accepted(review: Review, mistakes: Mistakes, settings: Settings, draft_id: int | None) -> int:
    """After a review was applied: its accepted feedback corrections kept, if the user keeps them; how many.
    A database that refuses raises sqlite3.DatabaseError, as every store does."""
    if not settings.read(WritingChoices).remember_mistakes:
        return 0
    noted = accepted_mistakes(review, draft_id)
    if noted:
        mistakes.note(noted)
    return len(noted)


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence that holds ``text[start:end]``, at most CONTEXT_CHARS long (cut around the place)."""
    ends_before = [match.end() for match in _SENTENCE_END.finditer(text, 0, start)]
    first = ends_before[-1] if ends_before else 0
    after = _SENTENCE_END.search(text, end)
    last = after.end() if after else len(text)
    sentence = text[first:last].strip()
    if len(sentence) > CONTEXT_CHARS:
        middle = (start + end) // 2 - first
        left = max(0, min(middle - CONTEXT_CHARS // 2, len(sentence) - CONTEXT_CHARS))
        sentence = ("…" if left else "") + sentence[left:left + CONTEXT_CHARS].strip() + "…"
    return sentence
