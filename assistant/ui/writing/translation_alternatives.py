"""Translation's *Alternatives…*: other ways to translate the sentence selected in the source text, asked of the
model and listed under the translation; one double-clicked is copied, or replaces the words selected in the
translation."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QPlainTextEdit

from assistant.core.engines.types import GenerationResult
from assistant.core.writing.translation import alternatives_messages, parse_alternatives
from assistant.core.writing.translation_session import ALTERNATIVES, TRANSLATE, TranslationSession
from assistant.ui.common.generation import GenerationTask
from assistant.ui.writing.translation_notes import TranslationNotes


class TranslationAlternatives(QObject):
    def __init__(self, session: TranslationSession, task: GenerationTask, notes: TranslationNotes,
                 source: QPlainTextEdit, target: QPlainTextEdit, status: QLabel, languages: Callable,
                 buttons: Callable[[], object], parent=None):
        """``languages()``: the source language (None when it is not known) and the target's."""
        super().__init__(parent)
        self.session, self.task, self.notes, self.status = session, task, notes, status
        self.source, self.target, self.languages, self.buttons = source, target, languages, buttons
        task.finished.connect(self._found)
        notes.alternative_chosen.connect(self.use)

    def ask(self) -> None:
        sentence = self.source.textCursor().selectedText().replace("\u2029", "\n").strip()
        source, target = self.languages()
        if not sentence or source is None:
            self.status.setText(self.tr("Select a sentence in the source text first."))
            return
        self.session.start_alternatives()
        self.notes.alternatives_list.clear()
        if self.task.start(alternatives_messages(sentence, source, target), max_tokens=200, temperature=0.8):
            self.buttons()

    def _found(self, _result: GenerationResult) -> None:
        if self.session.mode != ALTERNATIVES:
            return
        self.buttons()
        self.session.mode = TRANSLATE
        found = parse_alternatives(self.session.streaming)
        self.notes.alternatives_list.addItems(found or [self.tr("(the model gave no alternatives; try again)")])
        self.status.setText(self.tr("Double-click an alternative to copy it, or to replace the text selected in the "
                                    "translation."))

    def use(self, text: str) -> None:
        cursor = self.target.textCursor()
        if cursor.hasSelection():
            cursor.insertText(text)  # the translation is read-only to typing, not to this choice
        QGuiApplication.clipboard().setText(text)
