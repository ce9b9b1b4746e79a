"""Translation's note that a model made for translation is installed (core/library/recommended.translation_model),
with the one button that makes it Translation's model (Model › Model for each task, which loads it when Translation
is open). Shown only while it is not Translation's model already; never chosen without that click."""

from __future__ import annotations

import sqlite3

from PySide6.QtWidgets import QLabel, QWidget

from assistant.core.library.recommended import translation_model
from assistant.core.storage.settings import Settings, TaskModels
from assistant.core.storage.write_failure import write_failure
from assistant.ui.common.dialog_parts import STRETCH, action_button, row
from assistant.ui.common.ui_language import Texts, Translatable


class TranslationModelHint(Translatable, QWidget):
    def __init__(self, settings: Settings, use_model, parent: QWidget | None = None):
        """``use_model(path)``: after the choice is kept, whatever makes Translation use it now (the window asks
        the model session)."""
        super().__init__(parent)
        self.settings, self.use_model = settings, use_model
        self.texts = Texts(self)
        self.note = QLabel(self)
        self.note.setObjectName("translationModelHint")
        self.note.setWordWrap(True)
        self.button = action_button(self, lambda: self.tr("Use it for Translation"), self.choose,
                                    "useTranslationModel")
        layout = row((self.note, 1), self.button, STRETCH)
        layout.setContentsMargins(0, 0, 0, 0)
        self.setLayout(layout)
        self.found = None
        self.hide()
        self.texts.on_change(self._say)

    def show_for(self, installed: list) -> None:
        self.found = translation_model(installed)
        chosen = self.settings.read(TaskModels).translation
        self.setVisible(self.found is not None and chosen != str(self.found[0].path))
        self._say()

    def _say(self) -> None:
        if self.found is not None:
            self.note.setText(self.tr("{model}, a model made for translation, is installed.").format(
                model=self.found[1].title))

    def choose(self) -> None:
        if self.found is None:
            return
        path = str(self.found[0].path)
        try:
            self.settings.update(TaskModels, translation=path)
        except sqlite3.DatabaseError as exc:
            self.note.setText(self.tr("The choice was not kept. {advice}").format(advice=write_failure(exc).advice()))
            return
        self.hide()
        self.use_model(path)
