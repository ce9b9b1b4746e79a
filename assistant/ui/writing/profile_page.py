"""Settings → Profile: the user's profiles (core/writing/profile.py), shown in full and edited only here.

The list's choice is the profile in use; "None" (the first start's choice) means nothing is applied. What is typed
is kept when another profile is chosen and when Settings closes; a glossary line that cannot be read keeps the
dialog open, saying which. Below the fields, what the model is told in Chat, as it will be sent."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (QComboBox, QFileDialog, QFormLayout, QInputDialog, QLineEdit, QMessageBox,
                               QPlainTextEdit, QScrollArea, QWidget)

from assistant.core.storage.settings import Settings
from assistant.core.storage.write_failure import write_failure
from assistant.core.writing.profile import (MAX_LABEL, SCRIPTS, SPELLINGS, TONES, Profile, ProfileProblem, Profiles,
                                            export_profiles, glossary_text, import_profiles, instructions,
                                            parse_glossary, parse_words)
from assistant.core.writing.prompts import prompts, ui_wording
from assistant.ui.common import ui_language
from assistant.ui.common.design_tokens import SPACING
from assistant.ui.common.dialog_parts import STRETCH, action_button, column, note_label, row, text_label
from assistant.ui.common.ui_language import Texts, Translatable

NONE = ""  # the list's first entry: no profile in use


class ProfilePage(Translatable, QScrollArea):
    def __init__(self, settings: Settings, parent: QWidget | None = None):
        super().__init__(parent)
        self.profiles = Profiles(settings)
        self.texts = Texts(self)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.NoFrame)
        inner = QWidget(self)
        self.chooser = QComboBox(inner)
        self.chooser.setObjectName("profileChooser")
        self.texts.bind(self.chooser.setAccessibleName, lambda: self.tr("Profile in use"))
        self.new_button = action_button(self, lambda: self.tr("New…"), self.new_profile, "newProfile")
        self.rename_button = action_button(self, lambda: self.tr("Rename…"), self.rename_profile, "renameProfile")
        self.delete_button = action_button(self, lambda: self.tr("Delete"), self.delete_profile, "deleteProfile")
        self.fields = QWidget(inner)
        self._make_fields()
        self.preview = QPlainTextEdit(inner)
        self.preview.setObjectName("profilePreview")
        self.preview.setReadOnly(True)
        # As tall as what it says (it is read, not scrolled): the page scrolls instead, when the screen is small.
        self.preview.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.preview.document().documentLayout().documentSizeChanged.connect(self._fit_preview)
        self.texts.bind(self.preview.setAccessibleName, lambda: self.tr("What the model is told in Chat"))
        self.error = note_label(inner, "profileError")  # under the glossary, where a bad line is typed
        self.note = note_label(inner, "profileNote")
        # Asked where (lambda: a click's "checked" is not a path).
        self.export_button = action_button(self, lambda: self.tr("Export…"), lambda: self.export(), "exportProfiles")
        self.import_button = action_button(self, lambda: self.tr("Import…"), lambda: self.import_file(),
                                           "importProfiles")
        layout = column(inner, text_label(self, lambda: self.tr("Profile in use:")),
                        row(self.chooser, self.new_button, self.rename_button, self.delete_button, STRETCH),
                        self.fields, self.error, text_label(self, lambda: self.tr("What the model is told in Chat:")),
                        self.preview, self.note, row(self.export_button, self.import_button, STRETCH), STRETCH)
        layout.setContentsMargins(*(SPACING["l"],) * 4)
        layout.setSpacing(SPACING["s"])
        self.setWidget(inner)
        self.shown: str = NONE  # the label of the profile whose fields are shown
        self._fill_chooser(self.profiles.active_label())
        self.chooser.currentIndexChanged.connect(self._chosen)
        self._retranslate()
        self.texts.on_change(self._retranslate)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """The whole page where the screen has room (Settings opens at its tabs' size), else what fits."""
        wanted = self.widget().sizeHint()
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        height = min(wanted.height(), int(screen.height() * 0.7)) if screen is not None else wanted.height()
        return QSize(wanted.width() + self.verticalScrollBar().sizeHint().width(), height)

    def _make_fields(self) -> None:
        form = QFormLayout(self.fields)
        form.setContentsMargins(0, SPACING["s"], 0, SPACING["s"])
        form.setHorizontalSpacing(SPACING["m"])
        form.setVerticalSpacing(SPACING["s"])
        form.setRowWrapPolicy(QFormLayout.WrapLongRows)  # at 200% text the fields go under their labels
        self.person = QLineEdit(self.fields)
        self.tone, self.chinese, self.spelling = (QComboBox(self.fields) for _ in range(3))
        for box, keys in ((self.tone, TONES), (self.chinese, SCRIPTS), (self.spelling, SPELLINGS)):
            for key in keys:
                box.addItem("", key)
            box.setSizeAdjustPolicy(QComboBox.AdjustToContents)
        self.sign_off, self.keep, self.glossary = (QPlainTextEdit(self.fields) for _ in range(3))
        for edit, lines in ((self.sign_off, 2), (self.keep, 4), (self.glossary, 4)):
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + SPACING["m"])
        labels = (lambda: self.tr("Name and role:"), lambda: self.tr("Preferred tone:"),
                  lambda: self.tr("Chinese:"), lambda: self.tr("English spelling:"), lambda: self.tr("Sign-off:"),
                  lambda: self.tr("Words never to change:"), lambda: self.tr("Glossary:"))
        widgets = (self.person, self.tone, self.chinese, self.spelling, self.sign_off, self.keep, self.glossary)
        for label, widget in zip(labels, widgets):
            form.addRow(text_label(self, label), widget)
            self.texts.bind(widget.setAccessibleName, lambda label=label: label().rstrip(":："))
        self.texts.bind(self.person.setPlaceholderText, lambda: self.tr("e.g. Li Wei, product manager at Acme"))
        self.texts.bind(self.sign_off.setPlaceholderText, lambda: self.tr("e.g. Best regards,\nLi Wei"))
        self.texts.bind(self.keep.setPlaceholderText, lambda: self.tr("One per line: names, brands, products"))
        self.texts.bind(self.glossary.setPlaceholderText, lambda: self.tr(
            "One per line: term = translation\ne.g. Hearth = 炉边"))
        for edit in (self.person,):
            edit.textChanged.connect(self._show_preview)
        for box in (self.tone, self.chinese, self.spelling):
            box.currentIndexChanged.connect(self._show_preview)
        for edit in (self.sign_off, self.keep, self.glossary):
            edit.textChanged.connect(self._show_preview)

    def _retranslate(self) -> None:
        self.chooser.setItemText(0, self.tr("None: no profile is applied"))
        wording = {key: name[:1].upper() + name[1:]  # a choice in a list, not a word in a sentence
                   for key, name in prompts(ui_wording(ui_language.current()))["drafting"]["tones"].items()}
        for box, names in ((self.tone, {"": self.tr("No preference"), **wording}),
                           (self.chinese, {"": self.tr("No preference"), "simplified": self.tr("Simplified (简体)"),
                                           "traditional": self.tr("Traditional (繁體)")}),
                           (self.spelling, {"": self.tr("No preference"), "us": self.tr("American (color)"),
                                            "uk": self.tr("British (colour)")})):
            for index in range(box.count()):
                box.setItemText(index, names.get(box.itemData(index), box.itemData(index)))
        self.note.setText(self.tr(
            "A profile is applied in Chat (each conversation can leave it out: System prompt…), in Drafting's "
            "Compose, actions and Feedback, and in Translation, where its words and terms join the glossary. Only "
            "you write it: Drafting › More › Suggest profile entries… lets the model propose entries, which you "
            "confirm. It is kept in the app's database, with its backups."))
        self._show_preview()

    # The list ------------------------------------------------------------------------------------------------

    def _fill_chooser(self, active: str | None) -> None:
        self.chooser.blockSignals(True)
        self.chooser.clear()
        self.chooser.addItem("", NONE)
        for profile in self.profiles.all():
            self.chooser.addItem(profile.label, profile.label)
        index = self.chooser.findData(active) if active else 0
        self.chooser.setCurrentIndex(max(index, 0))
        self.chooser.blockSignals(False)
        self.chooser.setItemText(0, self.tr("None: no profile is applied"))
        self._show(self.chooser.currentData())

    def _show(self, label: str) -> None:
        profile = self.profiles.get(label)
        self.shown = label if profile is not None else NONE
        self.fields.setVisible(profile is not None)
        self.rename_button.setEnabled(profile is not None)
        self.delete_button.setEnabled(profile is not None)
        profile = profile or Profile("-")
        self.person.setText(profile.name_and_role)
        for box, value in ((self.tone, profile.tone), (self.chinese, profile.chinese),
                           (self.spelling, profile.spelling)):
            box.setCurrentIndex(max(box.findData(value), 0))
        self.sign_off.setPlainText(profile.sign_off)
        self.keep.setPlainText("\n".join(profile.keep_words))
        self.glossary.setPlainText(glossary_text(profile.glossary))
        self.error.clear()
        self._show_preview()

    def _chosen(self, _index: int) -> None:
        if not self.commit():
            self.chooser.blockSignals(True)  # the one with the bad line stays, with the reason shown
            self.chooser.setCurrentIndex(max(self.chooser.findData(self.shown), 0))
            self.chooser.blockSignals(False)
            return
        label = self.chooser.currentData()
        if self._write(lambda: self.profiles.set_active(label or None)):
            self._show(label)

    # What is typed -------------------------------------------------------------------------------------------

    def edited(self) -> tuple[Profile | None, list[int]]:
        """The profile as the fields show it, and the numbers of glossary lines that cannot be read."""
        if self.shown == NONE:
            return None, []
        pairs, bad = parse_glossary(self.glossary.toPlainText())
        return Profile(self.shown, self.person.text().strip(), self.tone.currentData(), self.chinese.currentData(),
                       self.spelling.currentData(), self.sign_off.toPlainText().strip(),
                       parse_words(self.keep.toPlainText()), pairs), bad

    def commit(self) -> bool:
        """Keeps what is typed in the profile shown; False (saying why) when a glossary line cannot be read."""
        profile, bad = self.edited()
        if profile is None:
            return True
        if bad:
            lines = ", ".join(str(n) for n in bad)
            self.error.setText(self.tr("Glossary line {lines} is not “term = translation”: correct it or remove it.")
                               .format(lines=lines) if len(bad) == 1 else self.tr(
                "Glossary lines {lines} are not “term = translation”: correct them or remove them.").format(lines=lines))
            self.glossary.setFocus()
            self.ensureWidgetVisible(self.error)  # the reason beside the field, on screen
            return False
        if profile == self.profiles.get(profile.label):
            return True
        try:
            self.profiles.save(profile)
        except ProfileProblem as problem:  # a field beyond its bounds
            self.error.setText(str(problem))
            return False
        except sqlite3.DatabaseError as exc:
            self.error.setText(self.tr("The profile was not kept. {advice}").format(advice=write_failure(exc).advice()))
            return False
        self.error.clear()
        return True

    def _fit_preview(self, _size=None) -> None:
        lines = self.preview.document().documentLayout().documentSize().height()  # in lines, for a plain text
        margins = self.preview.contentsMargins()
        self.preview.setFixedHeight(int(lines * self.preview.fontMetrics().lineSpacing()) + margins.top()
                                    + margins.bottom() + 2 * int(self.preview.document().documentMargin()))

    def _show_preview(self) -> None:
        profile, _bad = self.edited()
        text = instructions(profile, "chat", ui_wording(ui_language.current()))
        self.preview.setPlainText(text or self.tr("Nothing: no profile is in use, or it is empty."))

    def _write(self, change) -> bool:
        try:
            change()
        except sqlite3.DatabaseError as exc:
            self.error.setText(self.tr("The profile was not kept. {advice}").format(advice=write_failure(exc).advice()))
            return False
        return True

    # New, rename, delete -------------------------------------------------------------------------------------

    def _ask_label(self, title: str, label: str = "") -> str | None:
        text, ok = QInputDialog.getText(self, title, self.tr("Name of the profile (for example Work, Study):"),
                                        QLineEdit.Normal, label)
        text = text.strip()[:MAX_LABEL]
        if not ok or not text:
            return None
        return text if text == label else self.profiles.free_label(text)  # a name taken gets a number: said after

    def new_profile(self) -> None:
        if not self.commit():
            return
        label = self._ask_label(self.tr("New profile"))
        if label is not None and self._write(lambda: (self.profiles.save(Profile(label)),
                                                      self.profiles.set_active(label))):
            self._fill_chooser(label)
            self.person.setFocus()

    def rename_profile(self) -> None:
        profile, _bad = self.edited()
        if profile is None or not self.commit():
            return
        label = self._ask_label(self.tr("Rename the profile"), profile.label)
        if label is not None and label != profile.label and self._write(
                lambda: self.profiles.save(replace(profile, label=label), replacing=profile.label)):
            self._fill_chooser(label)
            self.error.setText(self.tr("Renamed “{old}” to “{new}”.").format(old=profile.label, new=label))

    def delete_profile(self) -> None:
        label = self.shown
        if label == NONE:
            return
        asked = QMessageBox.question(self, self.tr("Delete the profile"), self.tr(
            "Delete the profile “{name}”? Export it first to keep a copy.").format(name=label),
            QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if asked == QMessageBox.Yes and self._write(lambda: self.profiles.remove(label)):
            self.shown = NONE
            self._fill_chooser(None)

    # Export and import ---------------------------------------------------------------------------------------

    def export(self, path: str | None = None) -> Path | None:
        if not self.commit():
            return None
        if path is None:
            path, _filter = QFileDialog.getSaveFileName(self, self.tr("Export profiles"),
                                                        str(Path.home() / "hearth-profiles.json"),
                                                        self.tr("JSON files (*.json)"))
        if not path:
            return None
        try:
            Path(path).write_text(export_profiles(self.profiles.all()), encoding="utf-8")
        except OSError as exc:
            self.error.setText(self.tr("The profiles could not be written to {path}: {error}").format(
                path=path, error=exc.strerror or exc))
            return None
        self.error.setText(self.tr("Exported %n profile(s) to {path}.", "", len(self.profiles.all())).format(
            path=path))
        return Path(path)

    def import_file(self, path: str | None = None) -> list[str]:
        if not self.commit():
            return []
        if path is None:
            path, _filter = QFileDialog.getOpenFileName(self, self.tr("Import profiles"), str(Path.home()),
                                                        self.tr("JSON files (*.json);;All files (*)"))
        if not path:
            return []
        try:
            added = import_profiles(self.profiles, Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            self.error.setText(self.tr("{path} could not be read: {error}").format(path=path, error=exc))
            return []
        except ProfileProblem as problem:
            self.error.setText(self.tr("Nothing was imported: {reason}").format(reason=problem))
            return []
        except sqlite3.DatabaseError as exc:
            self.error.setText(self.tr("Nothing was imported. {advice}").format(advice=write_failure(exc).advice()))
            return []
        self._fill_chooser(self.chooser.currentData())
        self.error.setText(self.tr("Imported: {names}. Choose one above to use it.").format(names=", ".join(added)))
        return added
