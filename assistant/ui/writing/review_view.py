"""A model's proposed change shown as tracked changes, each accepted or rejected before the document changes."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from assistant.core.writing.review import ACCEPTED, REJECTED, UNDECIDED, Review
from assistant.core.writing.revision import Revision
from assistant.ui.common.ui_language import Texts, Translatable
from assistant.ui.common.theme import colours
from assistant.ui.common.theme import notifier as theme_notifier


class ReviewView(Translatable, QWidget):
    """Shows a core ``Review`` (core/writing/review.py) and takes the user's decisions into it."""

    applied = Signal(object)  # the Review, its decisions taken: the pane applies what was accepted
    discarded = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.review: Review | None = None  # the review shown, until it is applied or rejected
        texts = self.texts = Texts(self)
        self.title = QLabel(self)
        self.title.setObjectName("reviewTitle")
        self.title.setWordWrap(True)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("reviewText")
        texts.bind(self.browser.setAccessibleName, lambda: self.tr("Proposed changes"))
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._clicked)
        theme_notifier().changed.connect(self._theme_changed)  # a method: Qt disconnects it with this widget
        self.accept_all_button = QPushButton(self)
        self.reject_all_button = QPushButton(self)
        self.apply_button = QPushButton(self)
        texts.bind(self.accept_all_button.setText, lambda: self.tr("Accept all"))
        texts.bind(self.reject_all_button.setText, lambda: self.tr("Reject all"))
        texts.bind(self.apply_button.setText, lambda: self.tr("Apply accepted"))
        texts.on_change(self._retranslate)
        self.apply_button.setObjectName("applyReview")
        self.accept_all_button.clicked.connect(self.accept_all)
        self.reject_all_button.clicked.connect(self.reject_all)
        self.apply_button.clicked.connect(self.apply)
        # What the box is for, until there is something to review: not an empty box.
        self.empty = QLabel(self)
        self.empty.setObjectName("emptyState")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignCenter)
        texts.bind(self.empty.setText, lambda: self.tr(
            "Proposed changes appear here.\n\nChoose an action such as Proofread and press Run. Nothing in your "
            "draft changes until you accept."))
        buttons = QHBoxLayout()
        buttons.addWidget(self.accept_all_button)
        buttons.addWidget(self.reject_all_button)
        buttons.addStretch(1)
        buttons.addWidget(self.apply_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.empty, 1)
        layout.addLayout(buttons)
        self.show_streaming("", "")

    @property
    def revision(self) -> Revision | None:
        return self.review.revision if self.review is not None else None

    @property
    def decisions(self) -> dict[int, str]:
        return self.review.decisions if self.review is not None else {}

    def show_streaming(self, title: str, text: str) -> None:
        """While the model writes: its text so far, with no buttons to press yet."""
        self.review = None
        self.title.setText(title)
        self.title.setVisible(bool(title))
        self.browser.setPlainText(text)
        self.browser.setVisible(bool(text))
        self.empty.setVisible(not text)
        for button in (self.accept_all_button, self.reject_all_button, self.apply_button):
            button.setEnabled(False)
            button.setVisible(False)

    def start_writing(self, title: str) -> QTextDocument:
        """The model is about to write: the document its text streams into, shown from the first word on."""
        self.show_streaming(title, "")
        self.browser.show()
        self.empty.hide()
        return self.browser.document()

    def clear(self) -> None:
        """Back to saying what the box is for: what it showed was about a draft or a review that is over."""
        self.show_streaming("", "")

    def show_review(self, review: Review) -> None:
        self.review = review
        count = len(review.revision.changes)
        self._show_title()
        self.title.show()
        self.browser.show()
        self.empty.hide()
        for button in (self.accept_all_button, self.reject_all_button, self.apply_button):
            button.setEnabled(bool(count))
            button.setVisible(bool(count))
        self._render()
        self.browser.verticalScrollBar().setValue(0)  # a new review is read from its start

    def show_revision(self, title: str, revision: Revision) -> None:
        """A revision with no place in a draft to apply it to (a preview)."""
        self.show_review(Review(title, revision))

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
        self.review = None
        self.show_streaming(self.tr("Changes rejected; the document is as it was."), "")
        self.discarded.emit()

    def apply(self) -> None:
        """Hands the review to the pane, which applies what was accepted and says what came of it (show_applied or
        show_streaming)."""
        review, self.review = self.review, None
        if review is not None:
            self.applied.emit(review)

    def show_applied(self, accepted: int, total: int) -> None:
        if accepted:
            self.show_streaming(self.tr("Applied {accepted} of {all} changes. Ctrl+Z undoes them.").format(
                accepted=accepted, all=total), "")
        else:
            self.show_streaming(self.tr("No change was accepted; the document is as it was."), "")

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
            take_back = f' <a href="{UNDECIDED}:{change.index}">{undo}</a>'
            if decision == ACCEPTED:
                parts.append(f'{new if change.new else ""}<sup style="color:{c["accepted"]};">✓</sup>{take_back}')
            elif decision == REJECTED:
                parts.append(f'{_escape(change.old)}<sup style="color:{c["rejected"]};">✗</sup>{take_back}')
            else:
                reason = (f' <span style="color:{c["note"]}; font-size:small;">({_escape(change.reason)})</span>'
                          if change.reason else "")
                parts.append(f'{old if change.old else ""}{new if change.new else ""}{reason} '
                             f'<a href="{ACCEPTED}:{change.index}">{accept}</a> '
                             f'<a href="{REJECTED}:{change.index}">{reject}</a>')
        # A decision redraws the text: the place being read stays where it was, not back at the top.
        scroll = self.browser.verticalScrollBar().value()
        self.browser.setHtml(f'<div style="white-space: pre-wrap;">{"".join(parts)}</div>')
        self.browser.verticalScrollBar().setValue(scroll)


def _escape(text: str) -> str:
    return html.escape(text)  # the container keeps spaces and line breaks (white-space: pre-wrap)
