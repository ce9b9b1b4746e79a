"""The Translation pane: source and translation side by side, paragraph by paragraph, with a glossary and checks;
or the text of a picture (image_source.py), shown beside the text it became or sent to a model that sees.

What it decides lives in core/writing/translation_session.py (the job, its place and checks, the history, keeping
them in the database); the pane lays out the widgets and wires them to it."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QSplitter, QStackedWidget, QVBoxLayout, QWidget

from assistant.core.engines.types import LoadedModel
from assistant.core.images.image_store import ImageStore
from assistant.core.images.ocr import Ocr
from assistant.core.storage.settings import Settings, WritingChoices
from assistant.core.storage.write_failure import saving_said
from assistant.core.writing.languages import language
from assistant.core.writing.pane_state import DONE, FAILED, STOPPED, decide
from assistant.core.writing.translation import Glossary, TranslationJob
from assistant.core.writing.translation_session import CHECKED, FAILURE, TranslationSession
from assistant.core.writing.file_translation_store import FileTranslationStore
from assistant.core.writing.translation_store import Entry, TranslationStore
from assistant.ui.common.background import Background
from assistant.ui.common.engine_client import EngineClient
from assistant.ui.common.generation import GenerationTask
from assistant.ui.common.design_tokens import SPACING
from assistant.ui.common.ui_language import Texts, Translatable
from assistant.ui.writing.file_mode import FileMode
from assistant.ui.writing.glossary_dialog import GlossaryDialog
from assistant.ui.writing.image_preview import ImagePreview
from assistant.ui.writing.image_source import ImageSource, replace_text
from assistant.ui.writing.paragraph_highlight import ParagraphHighlight
from assistant.ui.writing.profile_parts import ProfileToggle
from assistant.ui.writing.text_boxes import text_box
from assistant.ui.writing.text_files import TextFiles
from assistant.ui.writing.translation_alternatives import TranslationAlternatives
from assistant.ui.writing.translation_header import FILE, IMAGE, TEXT, TranslationHeader
from assistant.ui.writing.translation_model_hint import TranslationModelHint
from assistant.ui.writing.translation_notes import TranslationNotes
from assistant.ui.writing.translation_options import TranslationOptions
from assistant.ui.writing.translation_run import TranslationRun
from assistant.ui.writing.translation_tools import TranslationTools

AUTOSAVE_MS = 800  # as drafts: the pane is saved this long after the last keystroke, and at once at every step


class TranslationPane(Translatable, QWidget):
    status_changed = Signal(str)
    find_models_requested = Signal()  # a translation needs a model: the window shows where to load one
    task_model_chosen = Signal(str)  # a model made for translation became Translation's model: the window loads it

    def __init__(self, store: TranslationStore, settings: Settings, client: EngineClient, background: Background,
                 parent=None, images: ImageStore | None = None, ocr: Ocr | None = None,
                 files: FileTranslationStore | None = None):
        """``images``: where a picture for a model that sees is kept; ``ocr`` reads the others' text (and scanned
        PDF pages); ``files``: whole files in translation."""
        super().__init__(parent)
        self.file_store = files
        self.session = TranslationSession(store, images, ocr or (Ocr(threads=1) if Ocr.available() else None))
        self.background = background
        self.session.subscribe(self._session_changed)
        self.store, self.settings = self.session.store, settings
        self._restoring = False
        self.failed = False  # the last translation failed (no model, the engine gone): said, with what fixes it
        self.texts = Texts(self)
        self.task = GenerationTask(client, settings, self)
        # A model that cannot be told not to think (GPT-OSS, the R1 distills) thinks first; its thinking never
        # reaches the text, but the wait is explained.
        self.task.thinking_started.connect(
            lambda: self.status.setText(self.tr("The model is thinking before it writes…")))
        self.task.failed.connect(self._run_failed)
        self.files = TextFiles(self, "translation.md", lambda: self.target.toPlainText(), self._opened)
        self.files.saved.connect(lambda path: self.status.setText(self.tr("Saved to {path}.").format(path=path)))

        layout = QVBoxLayout(self)
        layout.setSpacing(SPACING["s"])
        layout.addWidget(self._make_header())
        layout.addWidget(model_hint := TranslationModelHint(self.settings, self.task_model_chosen.emit, self))
        self.model_hint = model_hint  # shown by the window, which knows the installed models
        self.pages = QStackedWidget(self)  # the two texts with their notes, or a whole file (file_mode.py)
        self.text_page = QWidget(self.pages)
        page = QVBoxLayout(self.text_page)
        page.setContentsMargins(0, 0, 0, 0)
        page.addWidget(self._make_texts(), 3)
        self.notes = TranslationNotes(self)
        self.notes.check_chosen.connect(self.highlight.go_to)
        self.checks, self.checks_label = self.notes.checks, self.notes.checks_label
        self.alternatives_list, self.alternatives_label = self.notes.alternatives_list, self.notes.alternatives_label
        page.addWidget(self.notes, 1)
        self.pages.addWidget(self.text_page)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self._make_tools())
        self.run = TranslationRun(self.session, self.task, self.highlight, self.notes, self.status, self.progress, self)
        self.run.said, self.run.stopped = self.status_changed.emit, self._say_where_it_stopped
        self.run.step = lambda with_history: self._save() if with_history else self.save_now()
        self.run.buttons = self._update_buttons
        self.run.counted = lambda tokens: self.tr("Translating… %Ln tokens", "", tokens)
        self.run.finished = lambda flagged: self.tr("Translated.") + " " + (
            self.tr("%n checks to look at below.", "", flagged) if flagged else self.tr("All checks passed."))
        self.ideas = TranslationAlternatives(self.session, self.task, self.notes, self.source, self.target, self.status,
                                             lambda: (self.source_language(), self.target_language()),
                                             self._update_buttons, self)
        self.file_mode = FileMode(self)  # a whole file in the text boxes' place
        self.header.add_modes(self.file_mode.button, self.image_source.button)
        self.autosave = QTimer(self)
        self.autosave.setSingleShot(True)
        self.autosave.setInterval(AUTOSAVE_MS)
        self.autosave.timeout.connect(self.save_now)
        self._restore()
        self.file_mode.restore()
        self._update_buttons()
        self._retranslate()
        self.texts.on_change(self._retranslate)
        self._set_tab_order()

    def _make_header(self) -> TranslationHeader:
        self.options = TranslationOptions(self.settings.read(WritingChoices).translation_target,
                                          lambda: self.source.toPlainText(), self.background, self)
        self.options.changed.connect(self._changed)
        self.options.target_changed.connect(self._target_changed)
        self.options.swap_button.clicked.connect(self.swap)
        self.options.glossary_button.clicked.connect(self.edit_glossary)
        self.source_box, self.target_box = self.options.source_box, self.options.target_box
        self.formality_box, self.detected, self.swap_button = (self.options.formality_box, self.options.detected,
                                                               self.options.swap_button)
        header = self.header = TranslationHeader(self.options, self)
        self.translate_button, self.stop_button, self.resume_button, self.progress = (
            header.translate_button, header.stop_button, header.resume_button, header.progress)
        self.translate_button.clicked.connect(self.translate)
        self.stop_button.clicked.connect(self.task.stop)
        self.resume_button.clicked.connect(self.resume)
        header.text_mode_button.clicked.connect(self._text_mode)
        return header

    def _make_texts(self) -> QSplitter:
        self.source = text_box(self, self.texts, "sourceText", lambda: self.tr("Text to translate"), lambda: self.tr(
            "Type or paste the text to translate, or open a .txt or .md file."))
        self.source.textChanged.connect(self._source_changed)
        self.target = text_box(self, self.texts, "targetText", lambda: self.tr("Translation"))
        self.target.setReadOnly(True)
        self.highlight = ParagraphHighlight(self.source, self.target, self)
        self.preview = ImagePreview(self)
        self.image_source = ImageSource(self.session, self.background, self.preview, self)
        self.image_source.serve(self.source, read=self._image_read, ask=self._image_ask, said=self._say,
                                changed=self._update_buttons, blocked=lambda: self.task.busy,
                                undone=lambda: self.run.take_back_picture_text())
        splitter = QSplitter(self)
        splitter.setObjectName("translationSplitter")  # its sizes are kept between starts (MainWindow.save_window_state)
        splitter.addWidget(self.preview.beside(self.source))
        splitter.addWidget(self.target)
        return splitter

    def _make_tools(self) -> TranslationTools:
        self.profile_toggle = toggle = ProfileToggle(self.settings, self)  # shown while a profile is in use
        tools = self.tools = TranslationTools(self.history, [self.formality_box, self.options.glossary_button,
                                                             toggle.button, self.image_source], self)
        self.status, self.load_model_button = tools.status, tools.load_model_button
        self.alternatives_button, self.history_button, self.history_menu = (
            tools.alternatives_button, tools.history_button, tools.history_menu)
        self.open_button, self.save_button, self.copy_button = tools.open_button, tools.save_button, tools.copy_button
        self.load_model_button.clicked.connect(self.find_models_requested)
        self.alternatives_button.clicked.connect(lambda: self.ideas.ask())
        self.history_menu.chosen.connect(self.load_history)
        self.open_button.clicked.connect(self.files.open_dialog)
        self.save_button.clicked.connect(self.files.save_dialog)
        self.copy_button.clicked.connect(self.files.copy)
        return tools

    def _set_tab_order(self) -> None:
        """Reading order: the header, the two texts, the checks and alternatives, the rows below."""
        order = self.header.tab_order() + [
            self.source, self.target, self.checks, self.alternatives_list, self.load_model_button, self.formality_box,
            self.options.glossary_button, self.profile_toggle.button, self.image_source.way_box,
            *self.tools.text_tools()]
        for first, second in zip(order, order[1:]):
            QWidget.setTabOrder(first, second)

    @property
    def job(self) -> TranslationJob | None:
        return self.session.job

    def _retranslate(self) -> None:
        """The checks and where a translation stopped, in the language the app is shown in now."""
        self.notes.show_checks(self.session.checks())  # the job words them when asked
        if self.job is not None and not self.job.done and not self.task.busy and not self.file_mode.active:
            self._say_where_it_stopped()

    def _session_changed(self, what: str) -> None:
        if what == CHECKED:
            self.notes.add_checks(self.session.checks(self.session.checked[-1:]))
        elif what == FAILURE:  # said where the user looks, the window's status line too
            self._say(saving_said(self.session.failure))

    # Languages ---------------------------------------------------------------------------------------

    _select = staticmethod(TranslationOptions.select)

    def source_language(self) -> str | None:
        return self.options.source_language()

    def target_language(self) -> str:
        return self.options.target_language()

    def _target_changed(self) -> None:
        self.session.write(lambda: self.settings.update(WritingChoices, translation_target=self.target_language()))
        self._changed()

    def _source_changed(self) -> None:
        if not self._restoring:
            self.options.detect_timer.start()
            self._changed()

    def swap(self) -> None:
        translation = self.target.toPlainText()
        if not self.options.swap():
            return
        if translation.strip():
            self._new_text(translation)
        self.save_now()

    def _new_text(self, text: str, from_picture: bool = False) -> None:
        """Another text to translate: no translation of it yet, nothing to check. The text of a picture: Ctrl+Z brings
        back the text it replaced, and its translation (image_source, run); any other: the picture is put away."""
        self.failed = False
        self.session.read_picture_text(self.target.toPlainText()) if from_picture else self.session.forget()
        self.run.show_progress()
        replace_text(self.source, text) if from_picture else self.source.setPlainText(text)
        if not from_picture:
            self.preview.close_image()
        self.target.clear()
        self.notes.show_checks([]), self.status.clear()  # "Translated. All checks passed." spoke of the one cleared

    # Glossary ----------------------------------------------------------------------------------------

    def glossary(self) -> Glossary:
        return Glossary.load(self.settings, self.source_language() or "en", self.target_language())

    def edit_glossary(self) -> None:
        source, target = self.source_language() or "en", self.target_language()
        dialog = GlossaryDialog(self.glossary(), f"{language(source).ui_name()} → {language(target).ui_name()}", self)
        if dialog.exec():
            self.session.write(lambda: dialog.value().save(self.settings, source, target))

    # Translating -------------------------------------------------------------------------------------

    def translate(self) -> None:
        if self.file_mode.active:
            return self.file_mode.translate()
        self.run.start(self.source.toPlainText(), self.source_language(), self.target_language(), self.glossary(),
                       self.formality_box.currentData())

    def resume(self) -> None:
        self.file_mode.resume() if self.file_mode.active else self.run.resume()

    def _say_where_it_stopped(self, speed: str = "") -> None:
        self.status.setText(self.tr("Stopped at paragraph {number}. Resume goes on from there.").format(
            number=self.job.current.paragraph + 1 if self.job and not self.job.done else 0) + speed)

    def _update_buttons(self) -> None:
        busy, reading = self.task.busy or self.file_mode.busy, self.image_source.reading  # a picture's text is coming
        can_translate, resumable = (self.file_mode.choices() if self.file_mode.active else
                                    (True, not busy and self.job is not None and not self.job.done))
        self.translate_button.setEnabled(not busy and not reading)
        self.stop_button.setEnabled(busy)
        self.resume_button.setEnabled(resumable)
        # Only the buttons that apply: Stop in Translate's place while translating, Resume while a stopped
        # translation can go on. So the row fits a narrow window with the progress bar and the detected language.
        self.translate_button.setVisible(not busy and can_translate)
        self.stop_button.setVisible(busy)
        self.resume_button.setVisible(resumable)
        for widget in (self.source_box, self.target_box, self.open_button, self.history_button,
                       self.image_source.button, self.alternatives_button, self.file_mode.button,
                       self.header.text_mode_button):
            widget.setEnabled(not busy and not reading)
        self.swap_button.setEnabled(not busy and not reading and not self.file_mode.active)  # a file is not swapped
        self.failed = self.failed and not busy  # a failure is over once a run is under way again
        self._show_state(busy or reading, resumable)

    def _show_state(self, working: bool, resumable: bool) -> None:
        """What is translated (the header's switch), and the pane's state as core/writing/pane_state.py decides it."""
        self.header.show_mode(FILE if self.file_mode.active else IMAGE if not self.preview.image.isNull() else TEXT)
        job = self.file_mode.job if self.file_mode.active else self.job
        outcome = (FAILED if self.failed else STOPPED if resumable else
                   DONE if job is not None and job.done else None)
        self.state = decide(self.task.model is not None, working, outcome)
        self.tools.show_state(self.state, self.target)

    def _run_failed(self, _message: str) -> None:
        self.failed = True
        self._update_buttons()

    def _text_mode(self) -> None:
        """Back to a text: a file open is closed (its translation is kept), a picture put away (its text stays)."""
        if self.file_mode.active:
            self.file_mode.close()
        elif not self.preview.image.isNull():
            self.preview.close_image()
        self._update_buttons()

    # A picture ---------------------------------------------------------------------------------------

    def _say(self, line: str) -> None:
        self.status.setText(line)
        self.status_changed.emit(line)

    def _image_read(self, text: str, notes: str) -> None:
        """The text read from a picture is the text to translate, translated at once when a model is loaded."""
        self._new_text(text, from_picture=True)
        self.options.detect()  # now, not once typing would pause: the target becomes another language than the text's
        if self.task.model is None:
            line = self.tr("The text in the picture is ready to translate.")
        else:
            self.translate()
            line = self.tr("Read the text in the picture; translating it…") if self.task.busy else self.status.text()
        self._say(line + notes)

    def _image_ask(self) -> None:
        if not self.task.busy:
            self.notes.show_checks([])
            self.run.start_image(self.session.image_request(*self._pane_state()[2:]))

    # Files, saving and history -----------------------------------------------------------------------

    def open_file(self, path) -> bool:
        """A .txt or .md file's text becomes the text to translate."""
        return self.files.open(path)

    def _opened(self, text: str) -> None:
        self._new_text(text)
        self.save_now()

    def save_file(self, path) -> bool:
        return self.files.save(path)

    def _save(self) -> None:
        """At every step of a translation: its history entry and the pane, so a restart loses none of it."""
        self.autosave.stop()
        self.session.save(*self._pane_state(), with_history=True)

    def _changed(self, *_args) -> None:
        if not self._restoring:
            self.autosave.start()

    def save_now(self) -> None:
        """The pane as it is, as drafts are saved: its texts, languages and register, and where Resume goes on."""
        self.autosave.stop()
        self.session.save(*self._pane_state())

    def _pane_state(self) -> tuple[str, str, str, str, str]:
        return (self.source.toPlainText(), self.target.toPlainText(), self.source_box.currentData(),
                self.target_language(), self.formality_box.currentData())

    def _restore(self) -> None:
        """The pane as it was left: Resume goes on from where a translation stopped; a finished one's checks are
        listed again (by _retranslate, which follows)."""
        saved = self.session.restore()
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
        self.run.show_progress()
        self.options.detect_when_shown = bool(saved.text.strip())
        if self.job is not None and not self.job.done:
            self._say_where_it_stopped()

    def history(self, limit: int = 20) -> list[Entry]:
        return self.session.history(limit)

    def load_history(self, entry_id: int) -> None:
        entry = self.session.load(entry_id)
        if entry is None:
            return
        self.failed = False
        self._select(self.source_box, entry.source_language)
        self._select(self.target_box, entry.target_language)
        self.source.setPlainText(entry.text)
        self.preview.close_image()  # another text: not the picture's
        self.target.setPlainText(entry.translation)
        self.notes.show_checks(self.session.checks())
        self.save_now()
        self.run.show_progress()
        if self.job is not None:
            self._say_where_it_stopped()
        else:
            self.status.clear()
        self._update_buttons()

    def observe(self, session) -> None:
        """Follow the model session (core/engines/model_session.py): the model loaded, or none."""
        session.subscribe(lambda s: s.model is not self.task.model and self.set_model(s.model))

    def set_model(self, model: LoadedModel | None) -> None:
        self.task.model = model
        self.image_source.set_sees(model is not None and model.sees)
        self._update_buttons()

    def shutdown(self) -> None:
        self.save_now()  # before the stop: a piece half written is not kept, its place is
        self.task.stop()
        self.file_mode.shutdown()
