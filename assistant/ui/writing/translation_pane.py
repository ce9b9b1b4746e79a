"""The Translation pane: source and translation side by side, paragraph by paragraph, with a glossary and checks."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from PySide6.QtCore import QDateTime, QLocale, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QGuiApplication, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStyle,
    QStyleOptionComboBox,
    QTableWidget,
    QTableWidgetItem,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from assistant.core.engines.types import GenerationResult, LoadedModel
from assistant.core.writing.languages import LANGUAGES, detect, language, warm_up
from assistant.core.storage.settings import Settings
from assistant.core.writing.translation import (
    Glossary,
    TranslationJob,
    alternatives_messages,
    clean_translation,
    estimate_tokens,
    paragraph_spans,
    parse_alternatives,
)
from assistant.core.writing.translation_store import DETECT, Entry, TranslationStore, Workspace
from assistant.ui.common.engine_client import EngineClient
from assistant.ui.common.generation import GenerationTask
from assistant.ui.writing.text_files import choose_file_to_open, choose_file_to_save, read_text, write_text
from assistant.ui.common.ui_language import Texts, Translatable
from assistant.ui.common.text_stream import TextStream
from assistant.ui.common.theme import colours, notifier as theme_notifier

TARGET_KEY = "translation_target"
AUTOSAVE_MS = 800  # as drafts: the pane is saved this long after the last keystroke, and at once at every step


class GlossaryDialog(QDialog):
    def __init__(self, glossary: Glossary, pair: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Glossary: {languages}").format(languages=pair))
        self.table = QTableWidget(max(8, len(glossary.pairs) + 4), 2, self)
        self.table.setObjectName("glossaryTable")
        self.table.setAccessibleName(self.tr("Glossary"))
        self.table.setHorizontalHeaderLabels([self.tr("Term"), self.tr("Always translate as")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        for row, (term, wanted) in enumerate(glossary.pairs):
            self.table.setItem(row, 0, QTableWidgetItem(term))
            self.table.setItem(row, 1, QTableWidgetItem(wanted))
        self.keep = QPlainTextEdit("\n".join(glossary.keep), self)
        self.keep.setObjectName("glossaryKeep")
        self.keep.setPlaceholderText(self.tr("Names and terms to leave untranslated, one per line"))
        self.keep.setAccessibleName(self.tr("Do not translate"))
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(QLabel(self.tr("Do not translate"), self))
        layout.addWidget(self.keep)
        layout.addWidget(buttons)
        self.resize(520, 460)

    def value(self) -> Glossary:
        pairs = []
        for row in range(self.table.rowCount()):
            term, wanted = (self.table.item(row, c) for c in (0, 1))
            if term and wanted and term.text().strip() and wanted.text().strip():
                pairs.append((term.text().strip(), wanted.text().strip()))
        keep = [line.strip() for line in self.keep.toPlainText().splitlines() if line.strip()]
        return Glossary(pairs, keep)


class TranslationPane(Translatable, QWidget):
    status_changed = Signal(str)

    def __init__(self, conn: sqlite3.Connection, settings: Settings, client: EngineClient, parent=None):
        super().__init__(parent)
        self.store = TranslationStore(conn)
        self.settings = settings
        self._job: TranslationJob | None = None  # the document being translated (``job``)
        self.history_id: int | None = None
        self._highlighted: int | None = None  # the paragraph highlighted in both texts
        self._restoring = False
        self._rendering = False
        self._detect_when_shown = False
        self.streaming = ""  # the current piece's translation so far
        self._stream: TextStream | None = None
        self.mode = "translate"  # or "alternatives"
        self.task = GenerationTask(client, settings, self)
        self.task.text.connect(self._on_text)
        # A model that cannot be told not to think (GPT-OSS, the R1 distills) thinks first; its thinking never
        # reaches the text, but the wait is explained.
        self.task.thinking_started.connect(
            lambda: self.status.setText(self.tr("The model is thinking before it writes…")))
        self.task.finished.connect(self._on_finished)
        self.task.failed.connect(self._on_failed)
        self.texts = Texts(self)
        self.detected_code: str | None = None

        self.source_box = QComboBox(self)
        self.source_box.setObjectName("sourceLanguage")
        self.texts.bind(self.source_box.setAccessibleName, lambda: self.tr("Translate from"))
        self.source_box.addItem("", DETECT)
        self.target_box = QComboBox(self)
        self.target_box.setObjectName("targetLanguage")
        self.texts.bind(self.target_box.setAccessibleName, lambda: self.tr("Translate into"))
        for lang in LANGUAGES:
            self.source_box.addItem("", lang.code)
            self.target_box.addItem("", lang.code)
        for box in (self.source_box, self.target_box):
            box.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(10)
            # Each is as wide as the language chosen in it, not the longest in the list nor a cut-off name.
            box.currentIndexChanged.connect(lambda _index, b=box: _fit_to_choice(b))
        self._select(self.target_box, settings.get(TARGET_KEY, "zh-Hans"))
        self.target_box.currentIndexChanged.connect(self._target_changed)
        self.source_box.currentIndexChanged.connect(self._changed)
        self.detected = QLabel(self)
        self.detected.setObjectName("detectedLanguage")
        self.swap_button = QPushButton("⇄", self)
        self.swap_button.setFixedWidth(36)
        self.texts.bind(self.swap_button.setToolTip, lambda: self.tr("Swap the languages (and the texts)"))
        self.swap_button.clicked.connect(self.swap)
        self.formality_box = QComboBox(self)
        self.texts.bind(self.formality_box.setToolTip, lambda: self.tr("Register: how formal the translation sounds"))
        self.texts.bind(self.formality_box.setAccessibleName, lambda: self.tr("Register"))
        for key in ("default", "formal", "informal"):
            self.formality_box.addItem("", key)
        self.formality_box.currentIndexChanged.connect(self._changed)
        self.glossary_button = self.text_button(lambda: self.tr("Glossary…"))
        self.glossary_button.clicked.connect(self.edit_glossary)
        self.translate_button = self.text_button(lambda: self.tr("Translate"))
        self.translate_button.setObjectName("translateButton")
        self.translate_button.clicked.connect(self.translate)
        self.stop_button = self.text_button(lambda: self.tr("Stop"))
        self.stop_button.clicked.connect(self.task.stop)
        self.resume_button = self.text_button(lambda: self.tr("Resume"))
        self.texts.bind(self.resume_button.setToolTip, lambda: self.tr(
            "Go on from the first paragraph not yet translated"))
        self.resume_button.clicked.connect(self.resume)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.progress.setMaximumWidth(90)
        self.progress.hide()  # until there is a job
        top = QHBoxLayout()
        for widget in (self.source_box, self.detected, self.swap_button, self.target_box, self.formality_box,
                       self.glossary_button):
            top.addWidget(widget)
        top.addStretch(1)
        for widget in (self.progress, self.translate_button, self.stop_button, self.resume_button):
            top.addWidget(widget)

        self.source = QPlainTextEdit(self)
        self.source.setObjectName("sourceText")
        self.source.setTabChangesFocus(True)  # pasted tabs stay; the Tab key moves on, never a keyboard trap
        self.texts.bind(self.source.setAccessibleName, lambda: self.tr("Text to translate"))
        self.texts.bind(self.source.setPlaceholderText, lambda: self.tr(
            "Type or paste the text to translate, or open a .txt or .md file."))
        self.source.textChanged.connect(self._source_changed)
        self.source.cursorPositionChanged.connect(self._source_cursor_moved)
        self.target = QPlainTextEdit(self)
        self.target.setObjectName("targetText")
        self.texts.bind(self.target.setAccessibleName, lambda: self.tr("Translation"))
        self.target.setReadOnly(True)
        self.target.setTabChangesFocus(True)
        self.target.cursorPositionChanged.connect(self._target_cursor_moved)
        splitter = QSplitter(self)
        splitter.setObjectName("translationSplitter")  # its sizes are kept between starts (MainWindow.save_window_state)
        splitter.addWidget(self.source)
        splitter.addWidget(self.target)

        self.checks = QListWidget(self)
        self.checks.setObjectName("translationChecks")
        self.texts.bind(self.checks.setAccessibleName, lambda: self.tr("Checks of the translation"))
        self.checks.itemClicked.connect(self._check_chosen)
        self.alternatives_button = self.text_button(lambda: self.tr("Alternatives…"))
        self.texts.bind(self.alternatives_button.setToolTip, lambda: self.tr(
            "Other ways to translate the sentence selected in the source text"))
        self.alternatives_button.clicked.connect(self.alternatives)
        self.alternatives_list = QListWidget(self)
        self.alternatives_list.setObjectName("alternatives")
        self.texts.bind(self.alternatives_list.setAccessibleName, lambda: self.tr("Alternative translations"))
        self.alternatives_list.itemDoubleClicked.connect(self._use_alternative)
        for box in (self.checks, self.alternatives_list):
            _wrap_lines(box)
        # A push button with a menu leaves room for the menu's arrow; a tool button drew it over the text.
        self.history_button = self.text_button(lambda: self.tr("History"))
        self.history_button.setObjectName("translationHistoryButton")
        self.history_menu = QMenu(self)
        self.history_menu.aboutToShow.connect(self._fill_history)
        self.history_button.setMenu(self.history_menu)
        self.open_button = self.text_button(lambda: self.tr("Open…"))
        self.open_button.clicked.connect(self.open_file_dialog)
        self.save_button = self.text_button(lambda: self.tr("Save…"))
        self.texts.bind(self.save_button.setToolTip, lambda: self.tr("Save the translation as a .txt or .md file"))
        self.save_button.clicked.connect(self.save_file_dialog)
        self.copy_button = self.text_button(lambda: self.tr("Copy"))
        self.texts.bind(self.copy_button.setToolTip, lambda: self.tr("Copy the whole translation"))
        self.copy_button.clicked.connect(
            lambda: QGuiApplication.clipboard().setText(self.target.toPlainText()))
        self.status = QLabel(self)
        self.status.setObjectName("translationStatus")
        self.status.setWordWrap(True)
        # The checks and the alternatives show only when there are some: a new user sees two texts, not a grid of
        # empty boxes.
        bottom = QHBoxLayout()
        side = QVBoxLayout()
        self.checks_label = QLabel(self)
        self.texts.bind(self.checks_label.setText, lambda: self.tr("Checks (click one to find its paragraph)"))
        side.addWidget(self.checks_label)
        side.addWidget(self.checks)
        alt = QVBoxLayout()
        self.alternatives_label = QLabel(self)
        self.texts.bind(self.alternatives_label.setText, lambda: self.tr("Alternatives (double-click one to use it)"))
        alt.addWidget(self.alternatives_label)
        alt.addWidget(self.alternatives_list)
        bottom.addLayout(side, 3)
        bottom.addLayout(alt, 2)
        files = QHBoxLayout()
        files.addWidget(self.status, 1)
        for widget in (self.alternatives_button, self.history_button, self.open_button, self.save_button,
                       self.copy_button):
            files.addWidget(widget)
        for box in (self.checks, self.alternatives_list):
            for signal in (box.model().rowsInserted, box.model().rowsRemoved, box.model().modelReset):
                signal.connect(self._show_what_applies)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 3)
        layout.addLayout(bottom, 1)
        layout.addLayout(files)

        self.detect_timer = QTimer(self)
        self.detect_timer.setSingleShot(True)
        self.detect_timer.setInterval(400)
        self.detect_timer.timeout.connect(self.detect_source)
        self.autosave = QTimer(self)
        self.autosave.setSingleShot(True)
        self.autosave.setInterval(AUTOSAVE_MS)
        self.autosave.timeout.connect(self.save_now)
        self._warmed_up = False
        self._restore()
        self._update_buttons()
        self._show_what_applies()
        self._retranslate()
        self.texts.on_change(self._retranslate)
        theme_notifier().changed.connect(self._theme_changed)  # a method: Qt disconnects it with this widget

    @property
    def job(self) -> TranslationJob | None:
        return self._job

    @job.setter
    def job(self, job: TranslationJob | None) -> None:
        self._job = job
        self.progress.setVisible(job is not None)  # progress shows while there is a document in translation

    def _show_what_applies(self, *_args) -> None:
        for label, box in ((self.checks_label, self.checks), (self.alternatives_label, self.alternatives_list)):
            label.setVisible(box.count() > 0)
            box.setVisible(box.count() > 0)

    def _retranslate(self) -> None:
        """The language and register menus, in the language the app is shown in now."""
        self.source_box.setItemText(0, self.tr("Detect language"))
        for index, lang in enumerate(LANGUAGES):
            self.source_box.setItemText(index + 1, lang.menu_label())
            self.target_box.setItemText(index, lang.menu_label())
        names = {"default": self.tr("Default"), "formal": self.tr("Formal"), "informal": self.tr("Informal")}
        for index in range(self.formality_box.count()):
            self.formality_box.setItemText(index, names[self.formality_box.itemData(index)])
        self._show_detected()
        for box in (self.source_box, self.target_box):
            _fit_to_choice(box)
        self._refill_checks()
        if self.job is not None and not self.job.done and not self.task.busy:
            self._say_where_it_stopped()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._warmed_up:
            # The detection model takes about 0.8 s and 60 MB to load: when the pane is first opened, off the GUI
            # thread, rather than at start-up or at the first keystroke.
            self._warmed_up = True
            threading.Thread(target=warm_up, name="language-detection", daemon=True).start()
        if self._detect_when_shown:  # a text kept from the last session: its language is shown once it is seen
            self._detect_when_shown = False
            self.detect_timer.start()

    # Languages ---------------------------------------------------------------------------------------

    @staticmethod
    def _select(box: QComboBox, code: str) -> None:
        index = box.findData(code)
        if index >= 0:
            box.setCurrentIndex(index)

    def source_language(self) -> str | None:
        chosen = self.source_box.currentData()
        if chosen != DETECT:
            return chosen
        found = detect(self.source.toPlainText())
        return found[0] if found else None

    def target_language(self) -> str:
        return self.target_box.currentData()

    def _target_changed(self) -> None:
        self.settings.set(TARGET_KEY, self.target_language())
        self._changed()

    def _source_changed(self) -> None:
        if self._restoring:
            return
        self.detect_timer.start()
        self._changed()

    def detect_source(self) -> None:
        if self.source_box.currentData() != DETECT:
            self.detected_code = None
            self._show_detected()
            return
        found = detect(self.source.toPlainText())
        self.detected_code = found[0] if found else None
        self._show_detected()
        if found is None:
            return
        code, _confidence = found
        if code == self.target_language():  # pot does this too: translating into the same language is never meant
            self._select(self.target_box, "zh-Hans" if code == "en" else "en")

    def _show_detected(self) -> None:
        self.detected.setText(f"({language(self.detected_code).ui_name()})" if self.detected_code else "")

    def swap(self) -> None:
        source = self.source_language()
        if source is None:
            return
        target = self.target_language()
        translation = self.target.toPlainText()
        self._select(self.source_box, target)
        self._select(self.target_box, source)
        if translation.strip():
            self.job = None
            self.history_id = None
            self.source.setPlainText(translation)
            self.target.clear()
            self.checks.clear()
        self.save_now()

    # Glossary ----------------------------------------------------------------------------------------

    def glossary(self) -> Glossary:
        return Glossary.load(self.settings, self.source_language() or "en", self.target_language())

    def edit_glossary(self) -> None:
        source, target = self.source_language() or "en", self.target_language()
        dialog = GlossaryDialog(self.glossary(), f"{language(source).ui_name()} → {language(target).ui_name()}", self)
        if dialog.exec():
            dialog.value().save(self.settings, source, target)

    # Translating -------------------------------------------------------------------------------------

    def translate(self) -> None:
        text = self.source.toPlainText()
        source = self.source_language()
        if not text.strip():
            self.status.setText(self.tr("There is nothing to translate yet."))
            return
        if source is None:
            self.status.setText(self.tr("The source language could not be detected; choose it from the list."))
            return
        if source == self.target_language():
            self.status.setText(self.tr("The source and target languages are the same."))
            return
        context = self.task.model.context_length if self.task.model else 2048
        budget = max(64, (context - 400) // 3)  # room for instructions, glossary, context and the reply
        self.job = TranslationJob.plan(text, source, self.target_language(), self.glossary(),
                                       self.formality_box.currentData(), budget)
        self.history_id = None
        self.checks.clear()
        self.target.clear()
        self.save_now()  # its place is kept from the start: Resume even if the first piece never ends
        self._next()

    def resume(self) -> None:
        if self.job is not None and not self.job.done:
            # "Stopped at paragraph 3" is over: say where it goes on until the piece's own count replaces it.
            self.status.setText(self.tr("Going on from paragraph {number}…").format(
                number=self.job.current.paragraph + 1))
            self._next()

    def _next(self) -> None:
        job = self.job
        while job is not None and not job.done and job.current.copy:
            self._paragraph_done(job.record(""))
        self._show_progress()
        if job is None or job.done:
            self._finish_job()
            return
        self.mode = "translate"
        self.streaming = ""
        self._render_target()
        max_tokens = estimate_tokens(job.current.text) * 2 + 64
        if not self.task.start(job.messages(), max_tokens=max_tokens, temperature=0.2):
            return
        self._update_buttons()

    def _on_text(self, text: str) -> None:
        self.streaming += text
        if self.mode == "alternatives":
            return
        if self._stream is None:
            self._stream = TextStream(self.target.document())
        self._stream.append(text)

    def _on_finished(self, result: GenerationResult) -> None:
        self._update_buttons()
        speed = (" · " + self.tr("{rate} tokens/s").format(rate=f"{result.tokens_per_second:.1f}")
                 if result.tokens_per_second else "")
        if self.mode == "alternatives":
            self._show_alternatives(self.streaming)
            return
        if result.stopped or self.job is None:
            self._render_target()
            self._save()
            self._say_where_it_stopped(speed)
            self.status_changed.emit(self.status.text())  # the running count is over; this replaces it
            self._update_buttons()
            return
        self._paragraph_done(self.job.record(clean_translation(self.streaming)))
        self.status.setText(self.tr("Translating… %Ln tokens", "", result.generated_tokens) + speed)
        self.status_changed.emit(self.status.text())
        if not self.job.done:
            self._save()  # the last piece is saved as the translation finishes
        self._next()

    def _say_where_it_stopped(self, speed: str = "") -> None:
        self.status.setText(self.tr("Stopped at paragraph {number}. Resume goes on from there.").format(
            number=self.job.current.paragraph + 1 if self.job and not self.job.done else 0) + speed)

    def _on_failed(self, message: str) -> None:
        self.mode = "translate"
        self._update_buttons()
        self._render_target()
        self._save()
        self.status.setText(message + " " + self.tr("The source text is unchanged; Resume tries again from this "
                                                    "paragraph."))
        self.status_changed.emit(message)  # as the chat does: the reason, not the running count of before

    def _refill_checks(self) -> None:
        """The checks said again, in the language the app is shown in now (the job words them when asked)."""
        flagged = sorted({self.checks.item(i).data(Qt.UserRole) for i in range(self.checks.count())})
        if self.job is None or not flagged:
            return
        self.checks.clear()
        for paragraph in flagged:
            self._paragraph_done(paragraph)

    def _paragraph_done(self, paragraph: int | None) -> None:
        if paragraph is None or self.job is None:
            return
        for problem in self.job.problems(paragraph):
            item = QListWidgetItem(f"¶{paragraph + 1}: {problem}")
            item.setData(Qt.UserRole, paragraph)
            self.checks.addItem(item)

    def _finish_job(self) -> None:
        self._render_target()
        self._save()
        flagged = self.checks.count()
        self.status.setText(self.tr("Translated.") + " " + (
            self.tr("%n checks to look at below.", "", flagged) if flagged else self.tr("All checks passed.")))
        self.status_changed.emit(self.status.text())
        self._update_buttons()

    def _job_text(self) -> str:
        """The finished paragraphs, then what is done of the one in progress."""
        text = "\n\n".join(self.job.finished_paragraphs())
        partial = self.job.partial()
        if partial:
            text += ("\n\n" if text else "") + partial + self.job.joiner
        elif not self.job.done and text:
            text += "\n\n"
        return text

    def _render_target(self) -> None:
        """The job's text; the stream appends after it."""
        if self.job is None:
            return
        self._rendering = True  # the cursor goes back to the start: not the user choosing the first paragraph
        try:
            self.target.setPlainText(self._job_text())
        finally:
            self._rendering = False
        self._stream = None  # the next chunk goes after this text: a kept cursor does not survive setPlainText
        self._apply_highlight()  # setPlainText took it away

    def _show_progress(self) -> None:
        self.progress.setValue(int((self.job.progress if self.job else 0) * 1000))
        if self.job is not None:
            self.progress.setFormat(f"{self.job.next_piece}/{len(self.job.pieces)}")

    def _update_buttons(self) -> None:
        busy = self.task.busy
        resumable = not busy and self.job is not None and not self.job.done
        self.translate_button.setEnabled(not busy)
        self.stop_button.setEnabled(busy)
        self.resume_button.setEnabled(resumable)
        # Only the buttons that apply: Stop in Translate's place while translating, Resume while a stopped
        # translation can go on. So the row fits a 1,000-pixel window with the progress bar and the detected language.
        self.translate_button.setVisible(not busy)
        self.stop_button.setVisible(busy)
        self.resume_button.setVisible(resumable)
        self.alternatives_button.setEnabled(not busy)
        for widget in (self.source_box, self.target_box, self.swap_button, self.open_button, self.history_button):
            widget.setEnabled(not busy)

    # Alignment ---------------------------------------------------------------------------------------

    def _source_cursor_moved(self) -> None:
        self._highlight_pair(self.source, self.target)

    def _target_cursor_moved(self) -> None:
        if not self._rendering:
            self._highlight_pair(self.target, self.source)

    def _highlight_pair(self, here: QPlainTextEdit, there: QPlainTextEdit) -> None:
        self._highlighted = _paragraph_at(here.toPlainText(), here.textCursor().position())
        self._apply_highlight()

    def _apply_highlight(self) -> None:
        for editor in (self.source, self.target):
            self.highlight_paragraph(editor, self._highlighted)

    def _theme_changed(self, _dark: bool) -> None:
        self._apply_highlight()  # the highlight's colour is the theme's: drawn again in the new one

    @staticmethod
    def highlight_paragraph(editor: QPlainTextEdit, index: int | None) -> None:
        spans = paragraph_spans(editor.toPlainText())
        selections = []
        if index is not None and index < len(spans):
            selection = QTextEdit.ExtraSelection()
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(colours()["highlight"]))
            selection.format = fmt
            cursor = QTextCursor(editor.document())
            cursor.setPosition(spans[index][0])
            cursor.setPosition(spans[index][1], QTextCursor.KeepAnchor)
            selection.cursor = cursor
            selections.append(selection)
        editor.setExtraSelections(selections)

    def _check_chosen(self, item: QListWidgetItem) -> None:
        index = item.data(Qt.UserRole)
        spans = paragraph_spans(self.source.toPlainText())
        if index < len(spans):
            cursor = self.source.textCursor()
            cursor.setPosition(spans[index][0])
            self.source.setTextCursor(cursor)

    # Alternatives ------------------------------------------------------------------------------------

    def alternatives(self) -> None:
        sentence = self.source.textCursor().selectedText().replace("\u2029", "\n").strip()
        source = self.source_language()
        if not sentence or source is None:
            self.status.setText(self.tr("Select a sentence in the source text first."))
            return
        self.mode = "alternatives"
        self.streaming = ""
        self.alternatives_list.clear()
        if self.task.start(alternatives_messages(sentence, source, self.target_language()), max_tokens=200,
                           temperature=0.8):
            self._update_buttons()

    def _show_alternatives(self, answer: str) -> None:
        self.mode = "translate"
        found = parse_alternatives(answer)
        self.alternatives_list.addItems(found or [self.tr("(the model gave no alternatives; try again)")])
        self.status.setText(self.tr("Double-click an alternative to copy it, or to replace the text selected in the "
                                    "translation."))

    def _use_alternative(self, item: QListWidgetItem) -> None:
        cursor = self.target.textCursor()
        if cursor.hasSelection():
            cursor.insertText(item.text())  # the translation is read-only to typing, not to this choice
        QGuiApplication.clipboard().setText(item.text())

    # Files and history -------------------------------------------------------------------------------

    def open_file_dialog(self) -> None:
        path = choose_file_to_open(self)
        if path is not None:
            self.open_file(path)

    def open_file(self, path: Path) -> None:
        text = read_text(self, path)
        if text is None:
            return
        self.job = None
        self.history_id = None
        self.source.setPlainText(text)
        self.target.clear()
        self.checks.clear()
        self.save_now()

    def save_file_dialog(self) -> None:
        path = choose_file_to_save(self, "translation.md")
        if path is not None:
            self.save_file(path)

    def save_file(self, path: Path) -> None:
        if write_text(self, path, self.target.toPlainText()):
            self.status.setText(self.tr("Saved to {path}.").format(path=path))

    def _translation_so_far(self) -> str:
        """What is kept of the translation: until it is finished, the pieces done (cleaned of label lines), never a
        half-written one; once finished, the text as shown, with any alternative chosen into it."""
        if self.job is not None and not self.job.done:
            return self._job_text()
        return self.target.toPlainText()

    def _save(self) -> None:
        """At every step of a translation: its history entry and the pane, so a restart loses none of it."""
        translation = self._translation_so_far()
        if self.job is not None and translation.strip():
            self.history_id = self.store.save_entry(self.history_id, self.job, self.source.toPlainText(),
                                                    translation)
        self.save_now()

    def _changed(self, *_args) -> None:
        if not self._restoring:
            self.autosave.start()

    def save_now(self) -> None:
        """The pane as it is, as drafts are saved: its texts, languages and register, and where Resume goes on."""
        self.autosave.stop()
        job = self.job if self.job is not None and not self.job.done else None
        self.store.save_workspace(Workspace(self.source.toPlainText(), self._translation_so_far(),
                                            self.source_box.currentData(), self.target_language(),
                                            self.formality_box.currentData(), job, self.history_id))

    def _restore(self) -> None:
        """The pane as it was left, with the place of a translation that had not finished: Resume goes on."""
        saved = self.store.workspace()
        if saved is None:
            return
        self._restoring = True
        try:
            self._select(self.source_box, saved.source_language)
            self._select(self.target_box, saved.target_language)
            self._select(self.formality_box, saved.formality)
            self.source.setPlainText(saved.text)
            self.target.setPlainText(saved.translation)
        finally:
            self._restoring = False
        self.job, self.history_id = saved.job, saved.history_id
        self._detect_when_shown = bool(saved.text.strip())
        if self.job is not None:
            self._show_progress()
            self._say_where_it_stopped()

    def history(self, limit: int = 20) -> list[Entry]:
        return self.store.history(limit)

    def _fill_history(self) -> None:
        self.history_menu.clear()
        entries = self.history()
        if not entries:
            self.history_menu.addAction(self.tr("No translations yet")).setEnabled(False)
        for entry in entries:
            action = self.history_menu.addAction(self._history_label(entry))
            action.triggered.connect(lambda _checked=False, i=entry.id: self.load_history(i))

    def _history_label(self, entry: Entry) -> str:
        first = entry.text.strip().splitlines()[0][:50] if entry.text.strip() else self.tr("(empty)")
        when = QLocale().toString(QDateTime.fromSecsSinceEpoch(int(entry.updated_at)), QLocale.ShortFormat)
        label = (f"{when} · {language(entry.source_language).ui_name()} → "
                 f"{language(entry.target_language).ui_name()}: {first}")
        if entry.stopped:
            label += " · " + self.tr("stopped after {done} of {total} paragraphs").format(
                done=entry.paragraphs_done, total=len(entry.job.paragraphs))
        return label

    def load_history(self, entry_id: int) -> None:
        entry = self.store.entry(entry_id)
        if entry is None:
            return
        self.job = entry.job  # a stopped translation goes on with Resume, as it would have before
        self.history_id = entry_id
        self._select(self.source_box, entry.source_language)
        self._select(self.target_box, entry.target_language)
        self.source.setPlainText(entry.text)
        self.target.setPlainText(entry.translation)
        self.checks.clear()
        self.save_now()
        if self.job is not None:
            self._show_progress()
            self._say_where_it_stopped()
        else:
            self.status.clear()
        self._update_buttons()

    def observe(self, session) -> None:
        """Follow the model session (core/engines/model_session.py): the model loaded, or none."""
        session.subscribe(lambda s: s.model is not self.task.model and self.set_model(s.model))

    def set_model(self, model: LoadedModel | None) -> None:
        self.task.model = model

    def shutdown(self) -> None:
        self.save_now()  # before the stop: a piece half written is not kept, its place is
        self.task.stop()


def _fit_to_choice(box: QComboBox) -> None:
    """At least as wide as the text chosen in ``box``, measured as the style draws it, so a long language name is
    not cut off while the row has room."""
    option = QStyleOptionComboBox()
    box.initStyleOption(option)
    metrics = box.fontMetrics()
    needed = QSize(metrics.horizontalAdvance(box.currentText()) + 2, metrics.height())  # 2: rounding of the text
    box.setMinimumWidth(box.style().sizeFromContents(QStyle.CT_ComboBox, option, needed, box).width())


def _wrap_lines(box: QListWidget) -> None:
    """Long lines wrap within the list's width instead of running behind a horizontal scroll bar."""
    box.setWordWrap(True)
    box.setTextElideMode(Qt.ElideNone)
    box.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
    box.setResizeMode(QListView.Adjust)  # laid out again, wrapped anew, when the list is resized


def _paragraph_at(text: str, position: int) -> int | None:
    for index, (start, end) in enumerate(paragraph_spans(text)):
        if start <= position <= end:
            return index
    return None
