"""A model's proposed change shown as tracked changes, each accepted or rejected before the document changes."""

from __future__ import annotations

import html

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from assistant.core.writing.pane_state import DONE, FAILED, LOAD_MODEL, NO_MODEL, RETRY, RUN, STOPPED, WORKING, decide
from assistant.core.writing.review import ACCEPTED, REJECTED, UNDECIDED, Review
from assistant.core.writing.feedback import summary_lines
from assistant.core.writing.revision import Change, Revision
from assistant.core.writing.word_review import note
from assistant.ui.common.design_tokens import SPACING
from assistant.ui.common.theme import colours
from assistant.ui.common.theme import notifier as theme_notifier
from assistant.ui.common.ui_language import Texts, Translatable
from assistant.ui.writing.empty_state import EmptyState


class ReviewView(Translatable, QWidget):
    """Shows a core ``Review`` (core/writing/review.py) and takes the user's decisions into it; and, around it, the
    side's states (core/writing/pane_state.py), each with the one action that moves on from it: what the side is
    for and Proofread (or Load a model), the model writing, a run stopped or failed and Try again (or Load a model)."""

    applied = Signal(object)  # the Review, its decisions taken: the pane applies what was accepted
    discarded = Signal()
    run_requested = Signal()  # the empty side's button: proofread the draft
    retry_requested = Signal()  # the run that stopped or failed, again
    load_model_requested = Signal()
    word_requested = Signal()  # Save as Word…: the review as a Word document with tracked changes

    def __init__(self, parent=None):
        super().__init__(parent)
        self.review: Review | None = None  # the review shown, until it is applied or rejected
        self.model_loaded = False
        self.writing = False  # the model writes its text here
        self.outcome: str | None = None  # STOPPED, FAILED, or DONE while a review shows (pane_state's outcomes)
        self.state = decide(False, False, None)
        texts = self.texts = Texts(self)
        self.title = QLabel(self)
        self.title.setObjectName("reviewTitle")
        self.title.setWordWrap(True)
        self.working = QProgressBar(self)  # the model is writing: a bar that moves, where the text appears
        self.working.setObjectName("reviewWorking")
        self.working.setRange(0, 0)
        self.working.setTextVisible(False)
        texts.bind(self.working.setAccessibleName, lambda: self.tr("The model is writing"))
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("reviewText")
        texts.bind(self.browser.setAccessibleName, lambda: self.tr("Proposed changes"))
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._clicked)
        theme_notifier().changed.connect(self._theme_changed)  # a method: Qt disconnects it with this widget
        self.accept_all_button = QPushButton(self)
        self.reject_all_button = QPushButton(self)
        self.apply_button = QPushButton(self)
        self.word_button = QPushButton(self)
        self.word_button.setObjectName("reviewAsWord")
        self.word_button.clicked.connect(self.word_requested)
        self.next_button = QPushButton(self)  # Try again, or Load a model, under the text of a run that stopped
        self.next_button.setObjectName("reviewNextAction")
        self.next_button.clicked.connect(self._next_chosen)
        texts.bind(self.accept_all_button.setText, lambda: self.tr("Accept all"))
        texts.bind(self.reject_all_button.setText, lambda: self.tr("Reject all"))
        texts.bind(self.apply_button.setText, lambda: self.tr("Apply accepted"))
        texts.bind(self.word_button.setText, lambda: self.tr("Save as Word…"))
        texts.bind(self.word_button.setToolTip, lambda: self.tr(
            "Save the draft with these changes as tracked changes and their explanations as comments, to review in "
            "Word or LibreOffice"))
        texts.on_change(self._retranslate)
        self.apply_button.setObjectName("applyReview")
        self.accept_all_button.clicked.connect(self.accept_all)
        self.reject_all_button.clicked.connect(self.reject_all)
        self.apply_button.clicked.connect(self.apply)
        # What the side is for, until there is something to review: not an empty box. Why a run failed shows here too.
        self.reason = ""
        self.empty_box = EmptyState(self)
        self.empty, self.empty_action = self.empty_box.label, self.empty_box.button
        self.empty_box.chosen.connect(self._next_chosen)
        buttons = QHBoxLayout()
        buttons.addWidget(self.accept_all_button)
        buttons.addWidget(self.reject_all_button)
        buttons.addWidget(self.word_button)
        buttons.addStretch(1)
        buttons.addWidget(self.apply_button)
        buttons.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACING["s"])
        layout.addWidget(self.title)
        layout.addWidget(self.working)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.empty_box, 1)
        layout.addLayout(buttons)
        self.clear()

    @property
    def revision(self) -> Revision | None:
        return self.review.revision if self.review is not None else None

    @property
    def decisions(self) -> dict[int, str]:
        return self.review.decisions if self.review is not None else {}

    def set_model_loaded(self, loaded: bool) -> None:
        self.model_loaded = loaded
        self._show_state()

    def _show(self, title: str, text: str = "", outcome: str | None = None, reason: str = "") -> None:
        self.review, self.writing, self.outcome = None, False, outcome
        self.title.setText(title)
        self.title.setVisible(bool(title))
        self.browser.setPlainText(text)
        self.reason = reason
        self._show_state()

    def show_note(self, title: str) -> None:
        """What came of the last review (applied, rejected, no text given), above what the side is for."""
        self._show(title)

    def show_stopped(self, title: str, text: str) -> None:
        """The user stopped the model: what it had written, not applied, and Try again."""
        self._show(title, text, STOPPED)

    def show_failed(self, title: str, reason: str) -> None:
        """The run failed: why, and the action that fixes it (Try again, or Load a model)."""
        self._show(title, "", FAILED, reason)

    def start_writing(self, title: str) -> QTextDocument:
        """The model is about to write: the document its text streams into, shown from the first word on."""
        self._show(title)
        self.writing = True
        self._show_state()
        return self.browser.document()

    def clear(self) -> None:
        """Back to saying what the side is for: what it showed was about a draft or a review that is over."""
        self._show("")

    def show_review(self, review: Review) -> None:
        self.review, self.writing, self.outcome = review, False, DONE
        self._show_title()
        self.title.show()
        self._render()
        self._show_state()
        self.browser.verticalScrollBar().setValue(0)  # a new review is read from its start

    def show_revision(self, title: str, revision: Revision) -> None:
        """A revision with no place in a draft to apply it to (a preview)."""
        self.show_review(Review(title, revision))

    def _show_state(self) -> None:
        """The parts of the side that the state (decided by pane_state.decide) shows."""
        state = self.state = decide(self.model_loaded, self.writing, self.outcome)
        count = len(self.review.revision.changes) if self.review is not None else 0
        stopped_with_text = state.state == STOPPED and bool(self.browser.toPlainText())
        text_shown = state.state in (WORKING, DONE) or stopped_with_text
        self.working.setVisible(state.state == WORKING)
        self.browser.setVisible(text_shown)
        self.empty_box.setVisible(not text_shown)
        for button in (self.accept_all_button, self.reject_all_button, self.apply_button, self.word_button):
            button.setEnabled(bool(count))
            button.setVisible(bool(count))
        self.next_button.setVisible(stopped_with_text)
        self.next_button.setText(self._action_text(state.action))
        self.empty_box.set_failed(state.state == FAILED)
        if state.state in (STOPPED, FAILED):  # the reason, or only the title: the box holds the action
            self.empty_box.show_text(self.reason, self._action_text(state.action))
        elif state.state == NO_MODEL:
            self.empty_box.show_text(self.tr(
                "Proposed changes appear here.\n\nLoad a model first, then choose an action such as Proofread and "
                "press Run. Nothing in your draft changes until you accept."), self._action_text(LOAD_MODEL))
        else:
            self.empty_box.show_text(self.tr(
                "Proposed changes appear here.\n\nChoose an action such as Proofread and press Run. Nothing in your "
                "draft changes until you accept."), self._action_text(RUN))

    def _action_text(self, action: str) -> str:
        return {RUN: self.tr("Proofread this draft"), RETRY: self.tr("Try again"),
                LOAD_MODEL: self.tr("Load a model")}.get(action, "")

    def _next_chosen(self) -> None:
        signal = {RUN: self.run_requested, RETRY: self.retry_requested,
                  LOAD_MODEL: self.load_model_requested}.get(self.state.action)
        if signal is not None:
            signal.emit()

    def _show_title(self) -> None:
        count = len(self.revision.changes)
        if count:
            self.title.setText(self.tr("{title}: %n changes. Nothing in the document changes until you apply.", "",
                                       count).format(title=self.review.title))
        else:
            self.title.setText(self.tr("{title}: no changes to make.").format(title=self.review.title))

    def _retranslate(self) -> None:
        if self.revision is not None:
            self._show_title()
            self._render()
        self._show_state()

    def decide(self, index: int, decision: str) -> None:
        """Accept or reject a change, or (UNDECIDED) take the decision back: any of them until the review is
        applied."""
        if self.review is not None:
            self.review.decide(index, decision)
            self._render()

    def accept_all(self) -> None:
        if self.review is not None:
            self.review.accept_all()
            self.apply()

    def reject_all(self) -> None:
        self.show_note(self.tr("Changes rejected; the document is as it was."))
        self.discarded.emit()

    def apply(self) -> None:
        """Hands the review to the pane, which applies what was accepted and says what came of it (show_applied or
        clear)."""
        review, self.review = self.review, None
        if review is not None:
            self.applied.emit(review)

    def show_applied(self, accepted: int, total: int) -> None:
        if accepted:
            self.show_note(self.tr("Applied {accepted} of {all} changes. Ctrl+Z undoes them.").format(
                accepted=accepted, all=total))
        else:
            self.show_note(self.tr("No change was accepted; the document is as it was."))

    def _clicked(self, url: QUrl) -> None:
        decision, _, index = url.toString().partition(":")
        if decision in (ACCEPTED, REJECTED, UNDECIDED) and index.isdigit():
            self.decide(int(index), decision)

    def _theme_changed(self, _dark: bool) -> None:
        self._render()

    def _render(self) -> None:
        if self.revision is None:
            return
        parts = []
        c = colours()  # readable on the theme's background; redrawn when the theme changes
        accept, reject = html.escape(self.tr("accept")), html.escape(self.tr("reject"))
        # A decision shows as ✓ or ✗ with "undo" beside it: a change decided by mistake can be decided again.
        undo = html.escape(self.tr("undo"))
        for text, change in self.revision.segments():
            if change is None:
                parts.append(_escape(text))
                continue
            decision = self.decisions.get(change.index)
            old = (f'<span style="background:{c["deleted"]}; text-decoration:line-through;">'
                   f'{_escape(change.old)}</span>')
            new = f'<span style="background:{c["inserted"]}; text-decoration:underline;">{_escape(change.new)}</span>'
            # A space after the links, so the next word does not run into them ("rejectTheir").
            take_back = f' <a href="{UNDECIDED}:{change.index}">{undo}</a> '
            if decision == ACCEPTED:
                parts.append(f'{new if change.new else ""}<sup style="color:{c["accepted"]};">✓</sup>{take_back}')
            elif decision == REJECTED:
                parts.append(f'{_escape(change.old)}<sup style="color:{c["rejected"]};">✗</sup>{take_back}')
            else:
                reason = _note(change, c["note"])
                parts.append(f'{old if change.old else ""}{new if change.new else ""}{reason} '
                             f'<a href="{ACCEPTED}:{change.index}">{accept}</a> '
                             f'<a href="{REJECTED}:{change.index}">{reject}</a> ')
        # A decision redraws the text: the place being read stays where it was, not back at the top.
        scroll = self.browser.verticalScrollBar().value()
        summary = ""
        if self.review.feedback is not None:  # what to work on first, then the text with its corrections
            lines = "<br>".join(_escape(line) for line in summary_lines(self.review.feedback))
            summary = f'<p style="background:{c["summary"]}; padding:6px;">{lines}</p>'
        self.browser.setHtml(f'{summary}<div style="white-space: pre-wrap;">{"".join(parts)}</div>')
        self.browser.verticalScrollBar().setValue(scroll)


def _note(change: Change, colour: str) -> str:
    said = note(change)
    return f' <span style="color:{colour}; font-size:small;">({_escape(said)})</span>' if said else ""


def _escape(text: str) -> str:
    return html.escape(text)  # the container keeps spaces and line breaks (white-space: pre-wrap)
