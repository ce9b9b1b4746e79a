"""The user's profile where Drafting and Translation meet it: the switch that leaves it out of a pane's runs, and
Drafting's *Suggest profile entries…*, where the model proposes names and a tone found in the draft and the user
confirms each one (core/writing/profile.py: the model never writes a profile itself)."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLabel, QMenu, QToolButton, QVBoxLayout, QWidget

from assistant.core.engines.types import GenerationResult
from assistant.core.storage.settings import ProfileChoices, Settings
from assistant.core.storage.write_failure import write_failure
from assistant.core.writing.profile import (SUGGESTION_SCHEMA, Profiles, Suggestions, parse_suggestions,
                                            suggestion_messages)
from assistant.core.writing.prompts import prompts, ui_wording
from assistant.core.writing.drafting import text_wording
from assistant.ui.common import ui_language
from assistant.ui.common.engine_client import EngineClient
from assistant.ui.common.generation import GenerationTask
from assistant.ui.common.ui_language import Texts, Translatable
from assistant.ui.writing.tool_buttons import icon_button

SUGGESTION_TOKENS = 256


class ProfileMenuItems(QObject):
    """In Drafting's More menu: the pane's switch, and the model's suggestions from the draft."""

    suggest_requested = Signal()
    said = Signal(str)

    def __init__(self, menu: QMenu, settings: Settings, parent: QObject | None = None):
        super().__init__(parent)
        self.settings, self.profiles = settings, Profiles(settings)
        menu.addSeparator()
        self.switch = QAction(menu)
        self.switch.setCheckable(True)
        self.switch.toggled.connect(self._switched)
        menu.addAction(self.switch)
        self.suggest = QAction(menu)
        self.suggest.triggered.connect(self.suggest_requested)
        menu.addAction(self.suggest)
        menu.aboutToShow.connect(self.refresh)  # a profile chosen in Settings since: the menu names it
        self.refresh()

    def refresh(self) -> None:
        self.switch.blockSignals(True)
        self.switch.setChecked(self.settings.read(ProfileChoices).in_drafting)
        self.switch.blockSignals(False)
        self.switch.setEnabled(self.profiles.active_label() is not None)
        label = self.profiles.active_label()
        self.switch.setText(self.tr("Use my profile “{name}”").format(name=label) if label else
                            self.tr("Use my profile (none is in use: Settings › Profile)"))
        self.suggest.setText(self.tr("Suggest profile entries from this text…"))

    def _switched(self, on: bool) -> None:
        try:
            self.settings.update(ProfileChoices, in_drafting=on)
        except sqlite3.DatabaseError as exc:
            self.said.emit(self.tr("The choice was not kept. {advice}").format(advice=write_failure(exc).advice()))
            return
        self.said.emit(self.tr("Drafting now uses your profile.") if on else
                       self.tr("Drafting now leaves your profile out."))


class ProfileToggle(Translatable, QObject):
    """Translation's switch: an icon button beside the glossary's, shown while a profile is in use."""

    def __init__(self, settings: Settings, parent: QWidget):
        super().__init__(parent)
        self.settings, self.profiles = settings, Profiles(settings)
        self.texts = Texts(self)
        self.button: QToolButton = icon_button(self, "profileToggle", "user-round", lambda: self.tr("Use my profile"),
                                               self._tip, parent)
        self.button.setCheckable(True)
        self.button.toggled.connect(self._switched)
        self.refresh()

    def _tip(self) -> str:
        return self.tr("Use my profile “{name}”: its words never to change and its glossary entries join this "
                       "glossary, and an English translation follows its spelling").format(
            name=self.profiles.active_label() or "")

    def refresh(self) -> None:
        self.button.blockSignals(True)
        self.button.setChecked(self.settings.read(ProfileChoices).in_translation)
        self.button.blockSignals(False)
        self.button.setVisible(self.profiles.active_label() is not None)
        self.button.setToolTip(self._tip())

    def _switched(self, on: bool) -> None:
        try:
            self.settings.update(ProfileChoices, in_translation=on)
        except sqlite3.DatabaseError:
            self.refresh()  # not kept: the button shows what is


class ProfileSuggester(QObject):
    """Asks the model for entries found in a text, then asks the user which to keep."""

    said = Signal(str)
    busy_changed = Signal(bool)

    def __init__(self, client: EngineClient, settings: Settings, parent: QWidget):
        super().__init__(parent)
        self.parent_widget, self.profiles = parent, Profiles(settings)
        self.task = GenerationTask(client, settings, self)
        self.task.finished.connect(self._answered)
        self.task.failed.connect(self._failed)
        self.text = ""
        self.dialog: SuggestionsDialog | None = None  # the last shown, for tests

    def suggest(self, text: str, model) -> None:
        if not text.strip():
            self.said.emit(self.tr("There is no text to suggest entries from yet."))
            return
        self.task.model, self.text = model, text
        if self.task.start(suggestion_messages(text, text_wording(text)), SUGGESTION_TOKENS, 0.0,
                           SUGGESTION_SCHEMA):
            self.busy_changed.emit(True)
            self.said.emit(self.tr("Looking for names and a tone in the text…"))

    def _failed(self, message: str) -> None:
        self.busy_changed.emit(False)
        self.said.emit(message)

    def _answered(self, result: GenerationResult) -> None:
        self.busy_changed.emit(False)
        if result.stopped:
            self.said.emit(self.tr("Stopped: nothing was suggested."))
            return
        label = self.profiles.active_label()
        found = parse_suggestions(result.text, self.text, self.profiles.get(label))
        if not found.keep_words and not found.tone:
            self.said.emit(self.tr("The model found nothing new to suggest for your profile."))
            return
        self.dialog = SuggestionsDialog(found, label, self.parent_widget)
        self.dialog.accepted.connect(lambda: self._add(label, *self.dialog.chosen()))
        self.dialog.rejected.connect(lambda: self.said.emit(self.tr("Nothing was added to your profile.")))
        self.dialog.open()

    def _add(self, label: str | None, words: list[str], tone: str) -> None:
        if not words and not tone:
            self.said.emit(self.tr("Nothing was added to your profile."))
            return
        try:
            profile = self.profiles.add_entries(label, words, tone=tone)
        except sqlite3.DatabaseError as exc:
            self.said.emit(self.tr("Nothing was added. {advice}").format(advice=write_failure(exc).advice()))
            return
        self.said.emit(self.tr("Added %n entry(s) to your profile “{name}”.", "", len(words) + bool(tone)).format(
            name=profile.label))


class SuggestionsDialog(QDialog):
    """Each suggestion with its own box, none ticked: the user adds what they mean to."""

    def __init__(self, found: Suggestions, label: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Suggested profile entries"))
        box = QVBoxLayout(self)
        intro = QLabel(self.tr("The model suggests these entries from your text. Tick the ones to add to your "
                               "profile “{name}”.").format(name=label) if label else self.tr(
            "The model suggests these entries from your text. Tick the ones to add: they go into a new profile, "
            "which is then used."), self)
        intro.setWordWrap(True)
        box.addWidget(intro)
        self.word_boxes: list[tuple[QCheckBox, str]] = []
        for word in found.keep_words:
            check = QCheckBox(self.tr("Never change “{word}”").format(word=word), self)
            self.word_boxes.append((check, word))
            box.addWidget(check)
        self.tone_box: QCheckBox | None = None
        if found.tone:
            tone = prompts(ui_wording(ui_language.current()))["drafting"]["tones"].get(found.tone, found.tone)
            self.tone_box = QCheckBox(self.tr("Preferred tone: {tone}").format(tone=tone), self)
            box.addWidget(self.tone_box)
        self.tone = found.tone
        if found.dropped:
            dropped = QLabel(self.tr("%n suggestion(s) left out: not in your text, or in your profile already.", "",
                                     found.dropped), self)
            dropped.setWordWrap(True)
            box.addWidget(dropped)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        buttons.button(QDialogButtonBox.Ok).setText(self.tr("Add the ticked entries"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)

    def chosen(self) -> tuple[list[str], str]:
        words = [word for check, word in self.word_boxes if check.isChecked()]
        tone = self.tone if self.tone_box is not None and self.tone_box.isChecked() else ""
        return words, tone
