"""The Drafting pane without its widgets: which draft is open, saving it as the user types (and saying when the
database refuses, keeping the text to save again at the next change), its versions, the model's run on it and the
review of what the model proposed, kept with its draft until it is applied or rejected.

The pane observes it (``subscribe``): FAILURE when saving fails or works again, VERSIONS when the open draft's
versions change."""

from __future__ import annotations

import time

from assistant.core.storage.drafts import Draft, Drafts, Version
from assistant.core.writing.database_writes import FAILURE, DatabaseWrites
from assistant.core.writing.draft_run import DraftRun
from assistant.core.writing.review import Review

VERSIONS = "versions"
__all__ = ["FAILURE", "VERSIONS", "DraftingSession"]
NOTHING_ACCEPTED, TEXT_MOVED, APPLY = "nothing accepted", "text moved", "apply"


class DraftingSession(DatabaseWrites):
    def __init__(self, drafts: Drafts):
        super().__init__()
        self.drafts = drafts
        self.draft_id: int | None = None
        self.run: DraftRun | None = None  # the model's run on the open draft
        self._reviews: dict[int, Review] = {}  # by draft: a review not yet applied stays with its draft
        self._unwritten: list[Version] = []  # the open draft's versions that a failed save could not write yet

    # Drafts ----------------------------------------------------------------------------------------------------

    def list(self) -> list[Draft]:
        return self.drafts.list()

    def title(self, draft_id: int) -> str | None:
        draft = self.drafts.get(draft_id)
        return draft.title if draft else None

    def open(self, draft_id: int, text: str | None = None) -> Draft | None:
        """``text``: the open draft's text, saved first. None when there is no such draft, or when the open draft
        could not be saved: it stays open, with its text, so that nothing typed is lost."""
        if text is not None and not self.save(text):
            return None
        if self._unwritten and draft_id != self.draft_id:
            return None  # its versions wait for a save that works
        draft = self.drafts.get(draft_id)
        if draft is not None:
            self.draft_id = draft_id
            self._changed(VERSIONS)
        return draft

    def create(self, content: str = "") -> Draft | None:
        """A new draft (not opened yet); None when the database refused it (``failure`` says why)."""
        return self.write(lambda: self.drafts.create(content)) or None

    def delete(self) -> bool:
        """The open draft and its versions; False when the database refused."""
        if self.draft_id is None or self.write(lambda: self.drafts.delete(self.draft_id)) is False:
            return False
        self._reviews.pop(self.draft_id, None)
        self._unwritten = []
        self.draft_id = None
        return True

    def save(self, text: str) -> bool:
        """The open draft's text as it is now, with the versions earlier saves could not write. False when the
        database refused: the caller keeps ``text`` (it stays in the editor) and the next save tries again."""
        if self.draft_id is None:
            return True
        waiting = self._unwritten[:]
        if self.write(lambda: self.drafts.save(self.draft_id, text, waiting)) is False:
            return False
        self._unwritten = self._unwritten[len(waiting):]
        if waiting:
            self._changed(VERSIONS)
        return True

    # Versions --------------------------------------------------------------------------------------------------

    def add_version(self, text: str, note: str) -> bool:
        """A version of the open draft, saved with its text; one the database refuses is kept (and listed) until a
        later save writes it."""
        if self.draft_id is None:
            return True
        self._unwritten.append(Version(0, text, note, time.time()))
        saved = self.save(text)
        if not saved:
            self._changed(VERSIONS)
        return saved

    def versions(self) -> list[Version]:
        """The open draft's versions, newest first, those not yet written included."""
        if self.draft_id is None:
            return []
        return self._unwritten[::-1] + self.drafts.versions(self.draft_id)

    # The model's run and its review -----------------------------------------------------------------------------

    def start(self, run: DraftRun) -> None:
        self.run = run

    def end(self) -> DraftRun | None:
        run, self.run = self.run, None
        return run

    @property
    def review(self) -> Review | None:
        """The open draft's review, kept while other drafts are open, until it is applied or rejected."""
        return self._reviews.get(self.draft_id) if self.draft_id is not None else None

    def keep_review(self, review: Review) -> None:
        if self.draft_id is not None:
            self._reviews[self.draft_id] = review

    def drop_review(self) -> None:
        if self.draft_id is not None:
            self._reviews.pop(self.draft_id, None)

    def take_review(self, document: str) -> tuple[str, Review | None]:
        """The open draft's review leaves to be applied to ``document``: APPLY, NOTHING_ACCEPTED, or TEXT_MOVED when
        the draft no longer holds, in its place, the text the model worked on."""
        review = self._reviews.pop(self.draft_id, None) if self.draft_id is not None else None
        if review is None or not review.accepted():
            return NOTHING_ACCEPTED, review
        return (APPLY if review.fits(document) else TEXT_MOVED), review
