"""My recurring mistakes (Drafting › More): whether they are kept, what comes back per language (each category's
count, in how many drafts, the corrections made more than once with the sentences they came from), cleared in one
click, exported as JSON. The store is core/storage/mistakes.py; nothing here is filled by the model on its own."""

from __future__ import annotations

import html
import json
import sqlite3
from pathlib import Path

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QFileDialog, QHBoxLayout, QLabel,
                               QTextBrowser, QVBoxLayout)

from assistant.core.storage.mistakes import Mistakes
from assistant.core.storage.settings import Settings, WritingChoices
from assistant.core.storage.write_failure import write_failure
from assistant.core.writing.feedback import category_name
from assistant.ui.common.design_tokens import SPACING
from assistant.ui.common.dialog_parts import close_buttons
from assistant.ui.common.ui_language import Texts, Translatable


class MistakesDialog(Translatable, QDialog):
    def __init__(self, mistakes: Mistakes, settings: Settings, parent=None):
        super().__init__(parent)
        self.mistakes, self.settings = mistakes, settings
        self.texts = Texts(self)
        self.texts.bind(self.setWindowTitle, lambda: self.tr("My recurring mistakes"))
        self.keep = QCheckBox(self)
        self.texts.bind(self.keep.setText, lambda: self.tr(
            "Keep the corrections I accept from Feedback, to show what comes back (on this computer only)"))
        self.keep.setChecked(settings.read(WritingChoices).remember_mistakes)
        self.keep.toggled.connect(self._keep_toggled)
        self.language = QComboBox(self)
        self.texts.bind(self.language.setAccessibleName, lambda: self.tr("Language of the texts"))
        self.language.currentIndexChanged.connect(lambda _index: self._show_report())
        self.report = QTextBrowser(self)
        self.report.setObjectName("mistakesReport")
        self.texts.bind(self.report.setAccessibleName, lambda: self.tr("Recurring mistakes"))
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.clear_button = self.text_button(lambda: self.tr("Clear all"))
        self.clear_button.clicked.connect(self.clear)
        self.export_button = self.text_button(lambda: self.tr("Export…"))
        self.export_button.clicked.connect(self.export_dialog)
        buttons = QHBoxLayout()
        for button in (self.clear_button, self.export_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close_buttons(self))
        layout = QVBoxLayout(self)
        layout.setSpacing(SPACING["s"])
        layout.addWidget(self.keep)
        layout.addWidget(self.language)
        layout.addWidget(self.report, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.resize(640, 480)
        self.refresh()
        self.texts.on_change(self.refresh)

    def refresh(self) -> None:
        chosen = self.language.currentData()
        self.language.blockSignals(True)
        self.language.clear()
        names = {"en": self.tr("English texts"), "zh": self.tr("Chinese texts")}
        for language in self.mistakes.languages():
            self.language.addItem(names.get(language, language), language)
        if chosen is not None and self.language.findData(chosen) >= 0:
            self.language.setCurrentIndex(self.language.findData(chosen))
        self.language.blockSignals(False)
        self.language.setVisible(self.language.count() > 1)
        self._show_report()

    def _show_report(self) -> None:
        language = self.language.currentData()
        count = self.mistakes.count()
        self.clear_button.setEnabled(bool(count))
        self.export_button.setEnabled(bool(count))
        if language is None:
            self.report.setPlainText(self.tr(
                "Nothing kept yet.\n\nRun Feedback on a draft and accept its corrections; with keeping switched on "
                "above, they are counted here by kind, and what you get wrong more than once is shown with the "
                "sentences it came from.") if self.keep.isChecked() else self.tr(
                "Keeping is off, so nothing is kept.\n\nSwitch it on above to see, over your drafts, which kinds of "
                "mistake come back."))
            return
        parts = []
        for found in self.mistakes.recurring(language):
            parts.append(f"<h3>{html.escape(category_name(found.category))}</h3><p>" + html.escape(
                self.tr("%n time(s)", "", found.count) + self.tr(", in %n draft(s)", "", found.drafts)) + "</p>")
            for repeated in found.repeated:
                seen = "".join(f"<li>{html.escape(context)}</li>" for context in repeated.contexts)
                parts.append("<p>" + html.escape(self.tr("“{original}” → “{corrected}”, %n time(s)", "",
                                                         repeated.times).format(
                    original=repeated.original, corrected=repeated.corrected)) +
                    f"</p><ul>{seen}</ul>")
            if not found.repeated:
                latest = found.latest
                parts.append("<p>" + html.escape(self.tr("Latest: “{original}” → “{corrected}”").format(
                    original=latest.original, corrected=latest.corrected)) +
                    (f" — {html.escape(latest.explanation)}" if latest.explanation else "") + "</p>")
        self.report.setHtml("".join(parts))

    def _keep_toggled(self, keep: bool) -> None:
        try:
            self.settings.update(WritingChoices, remember_mistakes=keep)
        except sqlite3.DatabaseError as exc:
            self.status.setText(self.tr("The choice was not kept. {advice}").format(
                advice=write_failure(exc).advice()))
            return
        self.status.setText(self.tr("From now on, the corrections you accept from Feedback are kept.") if keep
                            else self.tr("From now on, nothing more is kept; what was kept stays until you clear "
                                         "it."))
        self._show_report()

    def clear(self) -> None:
        try:
            count = self.mistakes.clear()
        except sqlite3.DatabaseError as exc:
            self.status.setText(self.tr("Nothing was cleared. {advice}").format(advice=write_failure(exc).advice()))
            return
        self.status.setText(self.tr("Cleared {count} kept corrections.").format(count=count))
        self.refresh()

    def export_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export my recurring mistakes"),
                                              "hearth-mistakes.json", self.tr("JSON (*.json)"))
        if path:
            self.export(Path(path))

    def export(self, path: Path) -> bool:
        try:
            path.write_text(json.dumps(self.mistakes.export(), ensure_ascii=False, indent=1), encoding="utf-8")
        except OSError as exc:
            self.status.setText(self.tr("Could not write {file}: {error}").format(file=path, error=exc.strerror or exc))
            return False
        self.status.setText(self.tr("Exported to {file}.").format(file=path))
        return True
