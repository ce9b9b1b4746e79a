"""A document's translation on the model, piece by piece: planned, each piece streamed into the translation, then
recorded and checked (core/writing/translation_session.py) and saved at once; stopped, failed and resumed from its
place. Or a picture's, in one reply of a model that sees. The decisions are the session's; this wires the model's
replies to the translation and its progress."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QProgressBar

from assistant.core.engines.types import GenerationResult
from assistant.core.writing.profile import Profiles
from assistant.core.writing.translation import Glossary, run_glossary
from assistant.core.writing.translation_models import prompt_form
from assistant.core.writing.translation_session import DROPPED, IMAGE, TRANSLATE, TranslationSession
from assistant.ui.common.generation import GenerationTask
from assistant.ui.common.text_stream import TextStream
from assistant.ui.writing.paragraph_highlight import ParagraphHighlight
from assistant.ui.writing.translation_notes import TranslationNotes


class TranslationRun(QObject):
    def __init__(self, session: TranslationSession, task: GenerationTask, highlight: ParagraphHighlight,
                 notes: TranslationNotes, status: QLabel, progress: QProgressBar, parent=None):
        super().__init__(parent)
        self.session, self.task, self.highlight, self.notes = session, task, highlight, notes
        self.status, self.progress = status, progress
        self.target: QPlainTextEdit = highlight.target
        self.said: Callable[[str], object] = lambda _text: None  # for the window's status line
        self.stopped: Callable[[str], object] = lambda _speed: None  # say where it stopped, with the speed
        self.step: Callable[[bool], object] = lambda _with_history: None  # save the pane (and the history entry)
        self.buttons: Callable[[], object] = lambda: None  # what can be pressed now
        # The pane's words for the running count (tokens of the piece) and for the end (checks to look at).
        self.counted: Callable[[int], str] = str
        self.finished: Callable[[int], str] = str
        self._stream: TextStream | None = None
        task.text.connect(self._on_text)
        task.finished.connect(self._on_finished)
        task.failed.connect(self._on_failed)

    def start(self, text: str, source: str | None, target: str, glossary: Glossary, formality: str) -> None:
        """``glossary``: the pair's own; the profile in use (unless Translation's switch is off) joins it."""
        if not text.strip():
            self.status.setText(self.tr("There is nothing to translate yet."))
            return
        if source is None:
            self.status.setText(self.tr("The source language could not be detected; choose it from the list."))
            return
        if source == target:
            self.status.setText(self.tr("The source and target languages are the same."))
            return
        model = self.task.model
        profile = Profiles(self.task.settings).for_task("translation")
        self.session.plan(text, source, target, run_glossary(glossary, profile), formality,
                          model.context_length if model else 2048, profile)
        self.notes.show_checks([])
        self.target.clear()
        self.step(False)  # its place is kept from the start: Resume even if the first piece never ends
        self._next()

    def resume(self) -> None:
        job = self.session.job
        if job is not None and not job.done:
            # "Stopped at paragraph 3" is over: say where it goes on until the piece's own count replaces it.
            self.status.setText(self.tr("Going on from paragraph {number}…").format(number=job.current.paragraph + 1))
            self._next()

    def start_image(self, messages: list[dict]) -> None:
        """The picture shown, sent to the model that sees (``TranslationSession.image_request``): its translation
        streams into the translation, as long as the model's settings let a reply be."""
        self.show_progress()
        self.target.clear()
        self._stream = None
        self.status.setText(self.tr("The model is reading the picture…"))
        self.said(self.status.text())  # "Preparing the picture" is over
        if self.task.start(messages, temperature=0.2):
            self.buttons()

    def take_back_picture_text(self) -> None:
        """Ctrl+Z took back the text read from a picture: a translation of it being written is stopped and dropped,
        and the translation of the text back in its place comes back with its place and checks."""
        if self.task.busy and self.session.mode == TRANSLATE:
            self.session.mode = DROPPED
            self.task.stop()
        self.highlight.set_target_text(self.session.picture_text_undone())
        self._stream = None
        self.notes.show_checks(self.session.checks())
        self.show_progress()
        self.step(False)
        self.status.setText(self.tr("The picture is put away; the text it replaced is back."))
        self.said(self.status.text())
        self.buttons()

    def _next(self) -> None:
        messages = self.session.next_piece(prompt_form(self.task.model))
        self.show_progress()
        if messages is None:
            self._finish()
            return
        self.render_target()
        if self.task.start(messages, max_tokens=self.session.max_tokens(), temperature=0.2):
            self.buttons()

    def _on_text(self, text: str) -> None:
        self.session.streaming += text
        if self.session.mode not in (TRANSLATE, IMAGE):
            return
        if self._stream is None:
            self._stream = TextStream(self.target.document())
        self._stream.append(text)

    def _on_finished(self, result: GenerationResult) -> None:
        if self._dropped():
            return
        if self.session.mode not in (TRANSLATE, IMAGE):
            return
        self.buttons()
        speed = (" · " + self.tr("{rate} tokens/s").format(rate=f"{result.tokens_per_second:.1f}")
                 if result.tokens_per_second else "")
        if self.session.mode == IMAGE:
            self._image_finished(result, speed)
            return
        job = self.session.job
        if result.stopped or job is None:
            self.render_target()
            self.step(True)
            self.stopped(speed)
            self.said(self.status.text())  # the running count is over; this replaces it
            self.buttons()
            return
        self.session.record_piece()
        self.status.setText(self.counted(result.generated_tokens) + speed)
        self.said(self.status.text())
        if not job.done:
            self.step(True)  # the last piece is saved as the translation finishes
        self._next()

    def _image_finished(self, result: GenerationResult, speed: str) -> None:
        self.session.mode = TRANSLATE
        self.highlight.set_target_text(self.session.image_translation())
        self._stream = None
        self.step(False)
        self.status.setText((self.tr("Stopped; the translation so far is kept.") if result.stopped
                             else self.tr("Translated from the picture.")) + speed)
        self.said(self.status.text())
        self.buttons()

    def _on_failed(self, message: str) -> None:
        if self._dropped():
            return
        was_image, self.session.mode = self.session.mode == IMAGE, TRANSLATE
        self.buttons()
        self.render_target()
        self.step(True)
        self.status.setText(message + " " + (
            self.tr("The picture is still beside the text; Translate an image… tries again.") if was_image else
            self.tr("The source text is unchanged; Resume tries again from this paragraph.")))
        self.said(message)  # as the chat does: the reason, not the running count of before

    def _dropped(self) -> bool:
        """The end of a translation that Ctrl+Z dropped (take_back_picture_text): nothing of it is kept."""
        if self.session.mode != DROPPED:
            return False
        self.session.mode = TRANSLATE
        self.buttons()
        return True

    def _finish(self) -> None:
        self.render_target()
        self.step(True)
        self.status.setText(self.finished(self.notes.checks.count()))
        self.said(self.status.text())
        self.buttons()

    def render_target(self) -> None:
        """The job's text; the stream appends after it."""
        if self.session.job is not None:
            self.highlight.set_target_text(self.session.job_text())
            self._stream = None  # the next chunk goes after this text: a kept cursor does not survive setPlainText

    def show_progress(self) -> None:
        """Progress shows while there is a document in translation."""
        job = self.session.job
        self.progress.setVisible(job is not None)
        self.progress.setValue(int((job.progress if job else 0) * 1000))
        if job is not None:
            self.progress.setFormat(f"{job.next_piece}/{len(job.pieces)}")
