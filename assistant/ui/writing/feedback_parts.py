"""Drafting's Feedback beside the other actions: its request (the level kept in the settings, the JSON schema, room
for the corrections) and the learner's record of the corrections they accept (core/writing/noted_mistakes.py),
with its dialog."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from assistant.core.storage.mistakes import Mistakes
from assistant.core.storage.settings import Settings, WritingChoices
from assistant.core.storage.write_failure import write_failure
from assistant.core.writing import feedback
from assistant.core.writing.draft_run import DraftRun
from assistant.core.writing.noted_mistakes import keep_accepted
from assistant.core.writing.profile import Profiles
from assistant.core.writing.prompts import ui_wording
from assistant.core.writing.review import Review
from assistant.ui.common import ui_language



def feedback_request(run: DraftRun, settings: Settings) -> tuple[list[dict], dict]:
    """The messages and the generation's choices of a Feedback run; its level and the profile are set on ``run``."""
    run.level = settings.read(WritingChoices).feedback_level
    run.profile = Profiles(settings).for_task("feedback")
    messages = feedback.messages(run.original, run.level, ui_wording(ui_language.current()), run.profile)
    return messages, {"response_schema": feedback.schema(feedback.text_language(run.original)),
                      "max_tokens": feedback.token_budget(run.original)}


class MistakesKeeper(QObject):
    """Keeps a review's accepted feedback corrections when the user keeps them; says so when the database refuses."""

    said = Signal(str)

    def __init__(self, mistakes: Mistakes | None, settings: Settings, parent: QObject | None = None):
        super().__init__(parent)
        self.mistakes, self.settings = mistakes, settings

    def note(self, review: Review, draft_id: int | None) -> None:
        if self.mistakes is None:
            return
        try:
            keep_accepted(review, self.mistakes, self.settings, draft_id)
        except sqlite3.DatabaseError as exc:  # the text is applied all the same; only the record is missing
            self.said.emit(self.tr("The corrections were applied, but not added to your recurring mistakes. "
                                   "{advice}").format(advice=write_failure(exc).advice()))

    def show_dialog(self, parent: QWidget) -> None:
        from assistant.ui.writing.mistakes_dialog import MistakesDialog

        if self.mistakes is not None:
            MistakesDialog(self.mistakes, self.settings, parent).exec()
