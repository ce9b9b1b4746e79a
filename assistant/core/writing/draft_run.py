"""One run of the model on a draft: an action on a part of it (reviewed as tracked changes before anything changes),
a text composed into it from a brief, or a question about it. The run records what it acts on, follows the text as it
streams in, and says at the end what the draft gets."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.core.writing import feedback
from assistant.core.writing.drafting import Action, clean_result, parse_proofreading
from assistant.core.writing.lead_ins import LeadInWatch
from assistant.core.writing.profile import Profile
from assistant.core.writing.review import Review
from assistant.core.writing.revision import compare

ACTION, COMPOSE, ASK = "action", "compose", "ask"
FEEDBACK = "feedback"  # the action whose answer is JSON, read as core/writing/feedback.py says
APPENDING = {"continue", "summarize", "key_points"}  # their result goes after the text instead of replacing it


@dataclass(eq=False)
class DraftRun:
    kind: str  # ACTION, COMPOSE or ASK
    label: str
    start: int  # the part of the draft it acts on; a composed text grows from ``start`` as it streams in
    end: int
    original: str = ""
    action: Action | None = None
    sources: list[dict] | None = None  # a text composed from the user's documents: the passages it was given
    text: str = ""  # what the model has written, less a lead-in taken back
    lead_in: LeadInWatch | None = None  # a text written into the draft: its lead-in is taken back as it shows
    level: str = feedback.INTERMEDIATE  # Feedback's: how much is flagged and how it is explained
    profile: Profile | None = None  # the user's, when it applies: Feedback drops corrections of its words to keep

    @classmethod
    def on_part(cls, action: Action, document: str, start: int, end: int) -> "DraftRun | None":
        """``action`` on ``document[start:end]``; None when that holds no text to work on."""
        original = document[start:end]
        if not original.strip():
            return None
        return cls(ACTION, action.label, start, end, original, action)

    @classmethod
    def composing(cls, label: str, position: int, sources: list[dict] | None = None) -> "DraftRun":
        return cls(COMPOSE, label, position, position, sources=sources, lead_in=LeadInWatch())

    @classmethod
    def asking(cls, label: str) -> "DraftRun":
        return cls(ASK, label, 0, 0)

    def feed(self, chunk: str) -> int:
        """The model wrote ``chunk``, shown after the rest: how many characters to take back from ``start`` (a
        composed text's lead-in, "Here's the email:", once it shows as one)."""
        self.text += chunk
        if self.kind == COMPOSE:
            self.end += len(chunk)
        return self._take_back(self.lead_in.feed(chunk)) if self.lead_in is not None else 0

    def finish(self) -> int:
        """The model stopped writing: what is left to take back from ``start``."""
        return self._take_back(self.lead_in.finish()) if self.lead_in is not None else 0

    def _take_back(self, length: int) -> int:
        if length:
            self.text = self.text[length:]
            self.end -= length
        return length

    def answer(self) -> str:
        """A question's answer, without the model's lead-in or wrapping; empty when it gave none."""
        return clean_result(self.text)

    @property
    def gives_feedback(self) -> bool:
        return self.action is not None and self.action.id == FEEDBACK

    def corrections_so_far(self) -> int:
        """Feedback's corrections written so far (its JSON is read at the end, not shown as it streams)."""
        return self.text.count('"original"')

    def review(self) -> Review | None:
        """An action's result as tracked changes to the part it acted on; None when the model gave no text."""
        if self.gives_feedback:
            found = feedback.parse(self.text, self.original, self.level, self.profile)
            if not found.readable:
                return None
            return Review(self.label, found.revision(), self.start, self.end, feedback=found)
        reasons: dict = {}
        if self.action is not None and self.action.id == "proofread":
            proposed, reasons = parse_proofreading(self.text, self.original)
        else:
            proposed = clean_result(self.text, self.original)
        if not proposed:
            return None
        if self.action is not None and self.action.id in APPENDING:
            gap = "\n\n" if self.action.id != "continue" else ("" if self.original[-1:].isspace() else " ")
            proposed = self.original + gap + proposed
        return Review(self.label, compare(self.original, proposed, reasons), self.start, self.end)
