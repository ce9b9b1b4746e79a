"""Translation's History menu: the latest translations, each with its date, languages and first words, and a mark on
one that stopped before its end; choosing one loads it into the pane."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, Signal
from PySide6.QtWidgets import QMenu

from assistant.core.writing.languages import language
from assistant.core.writing.translation_store import Entry


class TranslationHistoryMenu(QMenu):
    """Its words are the pane's (QCoreApplication.translate with its context), as they were before it had this menu
    of its own; they are read as the menu opens, so in the language the app is shown in then."""

    chosen = Signal(int)  # the entry's id

    def __init__(self, entries: Callable[[], list[Entry]], parent=None):
        super().__init__(parent)
        self.entries = entries
        self.aboutToShow.connect(self.fill)

    def fill(self) -> None:
        self.clear()
        entries = self.entries()
        if not entries:
            self.addAction(QCoreApplication.translate("TranslationPane", "No translations yet")).setEnabled(False)
        for entry in entries:
            action = self.addAction(self.label(entry))
            action.triggered.connect(lambda _checked=False, i=entry.id: self.chosen.emit(i))

    def label(self, entry: Entry) -> str:
        first = (entry.text.strip().splitlines()[0][:50] if entry.text.strip()
                 else QCoreApplication.translate("TranslationPane", "(empty)"))
        when = QLocale().toString(QDateTime.fromSecsSinceEpoch(int(entry.updated_at)), QLocale.ShortFormat)
        label = (f"{when} · {language(entry.source_language).ui_name()} → "
                 f"{language(entry.target_language).ui_name()}: {first}")
        if entry.stopped:
            label += " · " + QCoreApplication.translate(
                "TranslationPane", "stopped after {done} of {total} paragraphs").format(
                done=entry.paragraphs_done, total=len(entry.job.paragraphs))
        return label
