"""A model's revision of part of a draft under review: each change accepted, rejected or not yet decided, until the
accepted ones are applied to the draft (which must still hold the text the model worked on)."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.core.writing.feedback import Feedback
from assistant.core.writing.revision import Revision

ACCEPTED, REJECTED = "accepted", "rejected"
UNDECIDED = "undecided"  # a decision taken back: the change offers accept and reject again


@dataclass(eq=False)
class Review:
    title: str  # what made it ("Proofread", a custom action's name)
    revision: Revision
    start: int = 0  # where the revised text stands in the draft
    end: int | None = None  # None: ``start`` plus the original's length
    decisions: dict[int, str] = field(default_factory=dict)
    feedback: Feedback | None = None  # a Feedback run's: the summary shown above the changes

    def __post_init__(self) -> None:
        if self.end is None:
            self.end = self.start + len(self.revision.original)

    def decide(self, index: int, decision: str) -> None:
        """Accept or reject a change, or (UNDECIDED) take the decision back."""
        if decision == UNDECIDED:
            self.decisions.pop(index, None)
        elif decision in (ACCEPTED, REJECTED):
            self.decisions[index] = decision
        else:
            raise ValueError(decision)

    def accept_all(self) -> None:
        self.decisions = {change.index: ACCEPTED for change in self.revision.changes}

    def accepted(self) -> set[int]:
        return {index for index, decision in self.decisions.items() if decision == ACCEPTED}

    def result(self) -> str:
        """The revised part: the original with the accepted changes made."""
        return self.revision.apply(self.accepted())

    def fits(self, document: str) -> bool:
        """Whether ``document`` still holds, in its place, the text the model worked on."""
        return document[self.start:self.end] == self.revision.original
