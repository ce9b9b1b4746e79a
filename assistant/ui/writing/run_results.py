"""What comes of a run of the model on a draft: its text streamed where it shows (the review, the draft, the
answer), then a review of tracked changes, an answer, or a composed text with its sources and its version; or what
stopped or failed it. The decisions are the run's and the session's (core/writing/draft_run.py,
drafting_session.py); this wires the model's reply to the widgets that show them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QMessageBox, QPlainTextEdit, QTextBrowser

from assistant.core.engines.types import GenerationResult
from assistant.core.writing.draft_run import ACTION, ASK, COMPOSE, DraftRun
from assistant.core.writing.drafting_session import APPLY, NOTHING_ACCEPTED, DraftingSession
from assistant.core.writing.review import Review
from assistant.ui.common.generation import GenerationTask
from assistant.ui.common.text_stream import TextStream
from assistant.ui.writing.review_view import ReviewView
from assistant.ui.writing.sources_line import SourcesLine


class RunResults(QObject):
    def __init__(self, session: DraftingSession, task: GenerationTask, editor: QPlainTextEdit, review: ReviewView,
                 answer: QTextBrowser, sources: SourcesLine, parent=None):
        super().__init__(parent)
        self.session, self.task, self.editor, self.review = session, task, editor, review
        self.answer, self.sources = answer, sources
        self.version: Callable[[str], object] = lambda _note: None  # a version of the draft, with its note
        self.accepted: Callable[[Review], object] = lambda _review: None  # a review's accepted changes, applied
        self._stream: TextStream | None = None
        self._applied_at: int | None = None  # the editor's undo steps just after a review was applied
        task.text.connect(self._on_text)
        task.finished.connect(self._on_finished)
        task.failed.connect(self._on_failed)
        review.applied.connect(self._apply_review)
        review.discarded.connect(session.drop_review)
        editor.textChanged.connect(self._check_undone)

    def stream_into(self, document: QTextDocument, position: int | None = None) -> None:
        """The run started: its text goes into ``document`` as it comes (at ``position``, or at the end)."""
        self._stream = TextStream(document, position)

    def forget(self) -> None:
        """Another draft is open: "Applied … Ctrl+Z undoes them." was about the one before."""
        self._applied_at = None

    def _on_text(self, text: str) -> None:
        run = self.session.run
        if run is None:
            return
        taken_back = run.feed(text)
        if run.gives_feedback:  # JSON, read at the end: what shows is how far the model has got
            self.review.title.setText(self.tr("{action}: the model is reading the text… corrections so far: "
                                              "{count}").format(action=run.label, count=run.corrections_so_far()))
            return
        self._stream.append(text)
        self._take_back_lead_in(run, taken_back)

    def _take_back_lead_in(self, run: DraftRun, length: int) -> None:
        """A composed text's first characters turned out to be the model's lead-in ("Here's the email:"): out of
        the draft, so neither the text nor its version keeps it."""
        if length:
            cursor = QTextCursor(self.editor.document())
            cursor.setPosition(run.start)
            cursor.setPosition(run.start + length, QTextCursor.KeepAnchor)
            cursor.removeSelectedText()

    def _on_finished(self, result: GenerationResult) -> None:
        """After the pane has said how the run ended (its status line, in its own words)."""
        run = self.session.end()
        if run is None:
            return
        self._take_back_lead_in(run, run.finish())
        if run.kind == COMPOSE:
            self._composed(run, result.stopped)
        elif run.kind == ASK:
            self.answer.setPlainText(run.answer() or self.tr("(no answer)"))
        elif result.stopped and run.gives_feedback and self._review_found(run):
            pass  # what Feedback found before Stop is offered, as Chat keeps a stopped reply
        elif result.stopped:
            self.review.show_stopped(self.tr("{action} stopped; nothing was changed.").format(action=run.label),
                                     "" if run.gives_feedback else run.text)
        else:
            self._review(run)

    def _composed(self, run: DraftRun, stopped: bool) -> None:
        """A text composed from documents ends with its sources, as the app found them (they stay with the draft),
        and they are listed under it, each opening its passage. The text is a version of the draft."""
        if run.sources is not None:
            if run.text.strip():
                replace_range(self.editor, run.end, run.end, self.sources.listing(run.sources))
            self.sources.show_sources(run.sources)
        if run.text.strip():
            self.version(self.tr("{action} (stopped)").format(action=run.label) if stopped else run.label)

    def _review_found(self, run: DraftRun) -> bool:
        """A stopped Feedback's whole corrections, under review; False when it had found none."""
        review = run.review()
        if review is None or not review.revision.changes:
            return False
        review.title = self.tr("{action} (stopped)").format(action=run.label)
        self.session.keep_review(review)
        self.review.show_review(review)
        return True

    def _review(self, run: DraftRun) -> None:
        review = run.review()
        if review is None and run.gives_feedback:
            self.review.show_note(self.tr("{action}: the model's answer could not be read as feedback; nothing was "
                                          "changed. Try again, or try a larger model.").format(action=run.label))
            return
        if review is None:
            self.review.show_note(self.tr("{action}: the model gave no text; nothing was changed.").format(
                action=run.label))
            return
        self.session.keep_review(review)
        self.review.show_review(review)

    def _apply_review(self, shown: Review) -> None:
        outcome, review = self.session.take_review(self.editor.toPlainText())
        review = review or shown
        accepted, total = len(review.accepted()), len(review.revision.changes)
        if outcome == NOTHING_ACCEPTED:
            self.review.show_applied(0, total)
            return
        if outcome != APPLY:
            self.review.clear()
            QMessageBox.warning(self.editor, self.tr("Not applied"), self.tr(
                "The text changed while the model was working on it, so the changes were not applied. Run the action "
                "again."))
            return
        replace_range(self.editor, review.start, review.end, review.result())
        self.accepted(review)
        self._applied_at = self.editor.document().availableUndoSteps()
        self.review.show_applied(accepted, total)
        self.version(self.tr("{action}: accepted {accepted} of {all}").format(action=review.title,
                                                                             accepted=accepted, all=total))
        # The review's buttons are gone: the editor has the keyboard, so Ctrl+Z undoes what was applied.
        self.editor.setFocus(Qt.OtherFocusReason)

    def _check_undone(self) -> None:
        """"Applied … Ctrl+Z undoes them." leaves once Ctrl+Z has undone them."""
        if self._applied_at is not None and self.editor.document().availableUndoSteps() < self._applied_at:
            self._applied_at = None
            self.review.clear()

    def _on_failed(self, message: str) -> None:
        run = self.session.end()
        if run is not None and run.kind == ACTION:
            self.review.show_failed(self.tr("{action} failed; nothing was changed.").format(action=run.label),
                                    message)


def replace_range(editor: QPlainTextEdit, start: int, end: int, text: str) -> None:
    """One undoable edit of ``editor``'s text, so Ctrl+Z takes it back in one step."""
    cursor = QTextCursor(editor.document())
    cursor.beginEditBlock()
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.KeepAnchor)
    cursor.insertText(text)
    cursor.endEditBlock()
