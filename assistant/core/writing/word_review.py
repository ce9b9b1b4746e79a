"""A review as the tracked changes of a Word document (core/formats/docx_review.py): each change that is not
rejected, placed in the draft's text, with its explanation (for Feedback: the category, the explanation and the
example) as its comment."""

from __future__ import annotations

from assistant.core.formats.docx_review import Edit
from assistant.core.i18n import translate
from assistant.core.writing.feedback import category_name
from assistant.core.writing.review import REJECTED, Review
from assistant.core.writing.revision import Change, token_offsets


def edits_of(review: Review) -> list[Edit]:
    """The review's changes not rejected, in the draft's characters (a review of part of a draft starts at its
    ``start``)."""
    offsets = token_offsets(review.revision.original, review.start)
    return [Edit(offsets[change.start], offsets[change.end], change.new, note(change))
            for change in review.revision.changes if review.decisions.get(change.index) != REJECTED]


def note(change: Change) -> str:
    """Why a change is proposed, as the review and a Word comment say it: the model's reason; for feedback, its
    category, explanation and example."""
    parts = [category_name(change.category)] if change.category else []
    parts += [change.reason] if change.reason else []
    text = " · ".join(parts)
    if change.example:
        text += " " + translate("WordReview", "e.g. “{example}”").format(example=change.example)
    return text.strip()
