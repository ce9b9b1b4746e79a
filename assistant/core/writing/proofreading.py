"""A whole text proofread paragraph by paragraph, with feedback or without, as ``assistant proofread`` does: each
paragraph's request, its answer read into edits of the whole text, and the feedback of every paragraph as one, so
the summary counts the whole text. One paragraph at a time keeps every request small, whatever the model's context."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from assistant.core.formats.docx_review import Edit
from assistant.core.writing import feedback
from assistant.core.writing.drafting import action_messages, built_in_actions, parse_proofreading
from assistant.core.writing.profile import Profile
from assistant.core.writing.review import Review
from assistant.core.writing.revision import compare
from assistant.core.writing.word_review import edits_of


@dataclass(frozen=True)
class Paragraph:
    start: int  # where it stands in the whole text
    text: str


def paragraphs(text: str) -> list[Paragraph]:
    """The text's lines that hold words, each with its place."""
    found, position = [], 0
    for line in text.split("\n"):
        if line.strip():
            found.append(Paragraph(position, line))
        position += len(line) + 1
    return found


def request(paragraph: Paragraph, with_feedback: bool, level: str, explain_in: str,
            profile: Profile | None = None) -> tuple[list[dict], dict | None]:
    """The messages for one paragraph, and the JSON schema its answer is held to (None: free text). ``profile``:
    the user's, as Drafting sends it with Feedback and Proofread."""
    if with_feedback:
        return (feedback.messages(paragraph.text, level, explain_in, profile),
                feedback.schema(feedback.text_language(paragraph.text)))
    proofread = next(action for action in built_in_actions() if action.id == "proofread")
    return action_messages(proofread, paragraph.text, profile), None


def read_answer(answer: str, paragraph: Paragraph, with_feedback: bool, level: str,
                profile: Profile | None = None) -> tuple[list[Edit], feedback.Feedback | None]:
    """The paragraph's corrections as edits of the whole text; with feedback, what it found."""
    if with_feedback:
        found = feedback.parse(answer, paragraph.text, level, profile)
        review = Review("", found.revision(), paragraph.start, feedback=found)
        return edits_of(review), found
    corrected, reasons = parse_proofreading(answer, paragraph.text)
    if not corrected:
        return [], None
    # One paragraph in, one paragraph out: a line break the model put in is a space (a paragraph's lines are
    # Word's paragraphs, which a tracked change inside one cannot split).
    corrected = re.sub(r"\s*\n\s*", " ", corrected)
    return edits_of(Review("", compare(paragraph.text, corrected, reasons), paragraph.start)), None


def whole(text: str, level: str, parts: list[tuple[Paragraph, feedback.Feedback]]) -> feedback.Feedback:
    """The feedback of each paragraph as the feedback of the whole text: its corrections in their places there."""
    corrections, dropped, held_back = [], Counter(), 0
    for paragraph, found in parts:
        corrections += [feedback.Correction(c.start + paragraph.start, c.end + paragraph.start, c.original,
                                            c.corrected, c.category, c.explanation, c.example)
                        for c in found.corrections]
        dropped.update(found.dropped)
        held_back += found.held_back
    return feedback.Feedback(text, feedback.text_language(text), level, tuple(corrections), dict(dropped), held_back,
                             all(found.readable for _paragraph, found in parts))
