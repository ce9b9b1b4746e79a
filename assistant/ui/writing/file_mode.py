"""Translation's whole-file mode. *Translate a file…* (or a file dropped on the pane) reads the file on a pool
thread (core/formats; a scanned PDF is read by OCR), and its segments take the two text boxes' place
(file_translation_view.py) until *Close file*, which brings the text boxes back as they were. The pane's Translate,
Stop and Resume run it (file_run.py); a translation corrected by hand is kept and never sent to the model again;
*Save as…* writes the file in its own format. The file open is remembered, so after a restart it is read again and
what was translated comes back from the database, with Resume going on from there.

The decisions are the core's (FileTranslationSession, FileJob), as ``assistant translate`` has them; this wires the
pane's controls to them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog

from assistant.core.engines.types import GenerationParams
from assistant.core.formats.opening import SUFFIXES
from assistant.core.formats.translatable import FormatProblem
from assistant.core.storage.settings import WritingChoices
from assistant.core.writing.file_translation_session import DETECT, FileTranslationSession, default_output
from assistant.core.writing.file_translation_store import file_sha256
from assistant.core.writing.file_translator import (DONE, STOPPED, FileTranslator, PieceStarted, PieceText, RunEnded,
                                                    SegmentTranslated)
from assistant.core.writing.languages import language
from assistant.core.writing.profile import Profiles
from assistant.core.writing.translation import Glossary, run_glossary
from assistant.core.writing.translation_models import prompt_form
from assistant.ui.common.ui_language import Texts, Translatable
from assistant.ui.writing.file_drops import FileDrops
from assistant.ui.writing.file_run import FileRun
from assistant.ui.writing.file_save_dialog import FileSaveDialog
from assistant.ui.writing.file_translation_view import FileTranslationView
from assistant.ui.writing.tool_buttons import icon_button

NO_CONTEXT = 2048  # the pieces' size before a model is loaded; planned again for the model's context at Translate


def read_file(path: Path, ocr) -> tuple | Exception:
    """On a pool thread: the file read, its language and its content's hash; or why it cannot be translated."""
    try:
        file = FileTranslationSession.read(path, ocr)
        return file, FileTranslationSession.detect_source(file), file_sha256(path)
    except (FormatProblem, OSError, UnicodeError, ValueError, KeyError) as problem:
        return problem


class FileMode(Translatable, QObject):
    opened = Signal()  # a file is shown in the text boxes' place (its job begun when its languages are known)

    def __init__(self, pane):
        """``pane``: the TranslationPane, whose options, buttons, progress and status line the file uses."""
        super().__init__(pane)
        self.pane = pane
        self.texts = Texts(self)
        self.session = FileTranslationSession(pane.file_store)
        self.file, self.detected, self.sha256, self.output = None, None, "", ""
        self.active = False  # the file is shown in the text boxes' place
        self._planned: tuple | None = None  # what the job was begun with: begun again when it changes
        self._told_unsaved = False
        self.run = FileRun(self)
        self.run.event.connect(self._on_event)
        self.view = FileTranslationView(pane.pages)
        pane.pages.addWidget(self.view)
        self.view.save_button.clicked.connect(self.save_dialog)
        self.view.close_button.clicked.connect(self.close)
        self.view.model.corrected.connect(self.correct)
        self.save_dialog_shown: FileSaveDialog | None = None
        # The header's "file" mode (translation_header.py): a file opened, or another one.
        self.button = icon_button(self, "translateFileButton", "file-text", lambda: self.tr("Translate a file…"),
                                  lambda: self.tr("Translate a whole document in its own format: Word, PowerPoint, "
                                                  "subtitles, Markdown, HTML, EPUB, PDF or text"), parent=pane)
        self.button.clicked.connect(self.open_dialog)
        pane.options.changed.connect(self.languages_changed)
        pane.options.target_changed.connect(self.languages_changed)
        pane.stop_button.clicked.connect(self.run.stop)
        self.drops = FileDrops([pane, pane.source.viewport(), pane.target.viewport(), self.view.table.viewport()],
                               self.open, self)
        self.texts.on_change(self._retranslate)

    @property
    def busy(self) -> bool:
        return self.run.busy

    @property
    def job(self):
        return self.session.job

    def say(self, line: str) -> None:
        self.pane._say(line)

    # Opening ----------------------------------------------------------------------------------------------------

    def open_dialog(self) -> None:
        patterns = " ".join(f"*{suffix}" for suffix in SUFFIXES)
        path, _ = QFileDialog.getOpenFileName(self.pane, self.tr("Translate a file"), str(Path.home()),
                                              self.tr("Documents ({patterns})").format(patterns=patterns))
        if path:
            self.open(path)

    def open(self, path: str | Path, remembered: dict | None = None) -> bool:
        """``path`` read on a pool thread, then shown in the text boxes' place; False, said, while a translation is
        being written. ``remembered``: the file as it was when the pane was closed (it must not have changed)."""
        if self.run.busy or self.pane.task.busy:
            self.say(self.tr("A translation is being written: stop it or let it finish, then open the file."))
            return False
        path = Path(path)
        self.say(self.tr("Reading {name}…").format(name=path.name))
        ocr = self.pane.session.ocr
        self.pane.background.run("translation-file", lambda: read_file(path, ocr),
                                 lambda result: self._read(path, result, remembered),
                                 lambda message: self._refused(path, message, remembered), self.view)
        return True

    def _read(self, path: Path, result, remembered: dict | None) -> None:
        if not isinstance(result, tuple):
            reason = getattr(result, "strerror", None) or str(result)
            self._refused(path, reason, remembered)
            return
        file, detected, sha256 = result
        if remembered is not None and remembered.get("sha256") not in (None, "", sha256):
            self._forget()
            self.pane.options.detect_timer.start()  # the text's language, as it would have been shown at start
            self.say(self.tr("{name} has changed since it was translated here; Translate a file… opens it again "
                             "and translates it anew.").format(name=path.name))
            return
        if self.run.busy:  # a translation began while the file was read: it is not replaced under it
            self.say(self.tr("A translation is being written: stop it or let it finish, then open the file."))
            return
        self.file, self.detected, self.sha256, self.output, self._planned = file, detected, sha256, "", None
        self.session = FileTranslationSession(self.pane.file_store)
        self._told_unsaved = False
        if remembered is not None:
            self.pane._select(self.pane.source_box, remembered.get("source", DETECT))
            self.pane._select(self.pane.target_box, remembered.get("target", self.pane.target_language()))
        elif self.pane.source_box.currentData() == DETECT and detected == self.pane.target_language():
            # as for a text: translating into the file's own language is never meant
            self.pane._select(self.pane.target_box, "zh-Hans" if detected == "en" else "en")
        self._show_mode(True)
        if self._begin():
            self._say_opened()
        self.opened.emit()

    def _say_opened(self) -> None:  # what the file holds for the languages chosen now
        job, name = self.job, self.file.path.name
        if job.done:
            self._say_progress()
        else:
            self.say(self.tr("{name}: %n of {total} segments were translated before; Resume goes on from there.",
                             "", job.done_count).format(name=name, total=len(job.segments)) if job.done_count else
                     self.tr("{name}: %n segments to translate into {language}.", "", len(job.segments)).format(
                         name=name, language=language(job.target).ui_name()))

    def _refused(self, path: Path, reason: str, remembered: dict | None) -> None:
        if remembered is not None:
            self._forget()
            self.pane.options.detect_timer.start()  # the text's language, as it would have been shown at start
            self.say(self.tr("{name}, the file being translated when Hearth was closed, cannot be opened again: "
                             "{reason}").format(name=path.name, reason=reason))
        else:
            self.say(self.tr("{name} cannot be translated: {reason}").format(name=path.name, reason=reason))

    def restore(self) -> None:
        """The file open when the pane was closed, read again; its translation comes back from the database."""
        remembered = self.pane.settings.read(WritingChoices).translation_open_file
        if not isinstance(remembered, dict) or not remembered.get("path"):
            return
        path = Path(remembered["path"])
        if not path.is_file():
            self._forget()
            self.say(self.tr("{name}, the file being translated when Hearth was closed, is no longer in {folder}."
                             ).format(name=path.name, folder=path.parent))
            return
        self.pane.options.detect_when_shown = False  # the language shown is the file's, not the hidden text's
        self.open(path, remembered)

    # The mode ---------------------------------------------------------------------------------------------------

    def _show_mode(self, active: bool) -> None:
        pane = self.pane
        self.active = active
        pane.pages.setCurrentWidget(self.view if active else pane.text_page)
        for widget in (pane.alternatives_button, pane.history_button, pane.image_source, pane.open_button,
                       pane.save_button, pane.copy_button):
            widget.setVisible(not active)
        pane._update_buttons()

    def close(self) -> None:
        """Back to the text boxes, as they were; the file's translation stays in the database."""
        if self.run.busy:
            return
        self.file, self.session, self._planned = None, FileTranslationSession(self.pane.file_store), None
        self.view.show_file(None, None)
        self._forget()
        self._show_mode(False)
        self.pane.run.show_progress()
        self.pane.status.clear()
        self.pane._retranslate()  # where the text's translation stopped, if it did
        self.pane.options.detect()

    def _remember(self) -> None:
        value = {"path": str(self.file.path), "sha256": self.sha256, "source": self.pane.source_box.currentData(),
                 "target": self.pane.target_language()}
        self.pane.session.write(lambda: self.pane.settings.update(WritingChoices, translation_open_file=value))

    def _forget(self) -> None:
        self.pane.session.write(lambda: self.pane.settings.update(WritingChoices, translation_open_file={}))

    def choices(self) -> tuple[bool, bool]:
        """Whether Translate and Resume apply: Translate until a segment is translated and once all are (again,
        keeping the corrections), Resume in between."""
        job = self.job
        self.view.close_button.setEnabled(not self.run.busy)
        if job is None or self.run.busy:
            return True, False
        return job.done_count == 0 or job.done, 0 < job.done_count and not job.done

    def _retranslate(self) -> None:
        if self.active and self.job is not None and not self.run.busy:
            self._say_progress()

    # The job ----------------------------------------------------------------------------------------------------

    def source_language(self) -> str | None:
        chosen = self.pane.source_box.currentData()
        return self.detected if chosen == DETECT else chosen

    def languages_changed(self) -> None:
        if self.active and self.file is not None and not self.run.busy:
            self.pane.options.show_detected(self.detected if self.pane.source_box.currentData() == DETECT else None)
            if self._begin():
                self._say_opened()  # what was said of the other language is no longer true

    def _begin(self, fresh: bool = False) -> bool:
        """The job for the languages, register and glossary chosen now, begun again when one of them changed (the
        translations of an earlier run into the same language come back from the database); False, said, when the
        languages are not known or are the same."""
        pane, file = self.pane, self.file
        source, target = self.source_language(), pane.target_language()
        pane.options.show_detected(self.detected if pane.source_box.currentData() == DETECT else None)
        if source is None or source == target:
            self.session.job, self._planned = None, None
            self.view.show_file(file, None)
            self._show_progress()
            self.say(self.tr("The file's language could not be detected; choose it from the list.") if source is None
                     else self.tr("The file is already in {language}; choose another language to translate it into."
                                  ).format(language=language(target).ui_name()))
            return False
        profile, formality = Profiles(pane.settings).for_task("translation"), pane.formality_box.currentData()
        glossary = run_glossary(Glossary.load(pane.settings, source, target), profile)
        model = pane.task.model  # none yet (a file restored at start-up): as planned before, else a model's least
        context = model.context_length if model is not None else self._planned[4] if self._planned else NO_CONTEXT
        planned = (source, target, formality, glossary, context, profile)
        if planned == self._planned and not fresh and self.job is not None:
            return True
        old = self.job
        opened = self.session.begin(file, source, target, glossary, formality, context, fresh=fresh, sha256=self.sha256,
                                    profile=profile)
        if old is not None and (old.source, old.target) == (source, target):
            for index, text in enumerate(old.translations):  # corrections kept afresh; what the database lost
                if text is not None and fresh and index in old.edited:
                    self.session.correct(index, text)
                elif text is not None and not fresh and opened.job.translations[index] is None:
                    opened.job.translations[index] = text
                    if index in old.edited:
                        opened.job.edited.add(index)
        self._planned, self.output = planned, opened.output or self.output
        self.view.show_file(file, opened.job)
        self._remember()
        self._show_progress()
        pane._update_buttons()
        return True

    def _show_progress(self) -> None:
        job, progress = self.job, self.pane.progress
        progress.setVisible(job is not None)
        if job is not None:
            progress.setValue(int(job.progress * 1000))
            progress.setFormat(f"{job.done_count}/{len(job.segments)}")

    def _say_progress(self, speed: str = "") -> None:
        job = self.job
        if job.done:
            flagged = self.view.checks.count()
            self.say(self.tr("Translated.") + " " + (self.tr("%n checks to look at below.", "", flagged) if flagged
                                                    else self.tr("All checks passed.")) + " " + self.tr(
                "Save as… writes the file.") + speed)
        elif job.done_count:
            self.say(self.tr("Stopped at segment {number} of {total}. Resume goes on from there.").format(
                number=job.next_segment() + 1, total=len(job.segments)) + speed)

    # Translating ------------------------------------------------------------------------------------------------

    def translate(self) -> None:
        self._start(fresh=self.job is not None and self.job.done)

    def resume(self) -> None:
        self._start(fresh=False)

    def _start(self, fresh: bool) -> None:
        model = self.pane.task.model
        if model is None:
            self.say(self.tr("Load a model first: Models on the left, or File → Open model file."))
            return
        if self.run.busy or self.file is None or not self._begin(fresh):
            return
        job = self.job
        if job.done:
            self._say_progress()
            return
        chosen = self.pane.settings.model_settings(str(model.info.path))
        translator = FileTranslator(self.pane.task.client.scheduler,
                                    lambda tokens: GenerationParams.from_settings(chosen, tokens, 0.2))
        job.form = prompt_form(model)
        self.view.start_following()
        self.run.start(translator, job)
        self.say(self.tr("Translating segment {number} of {total}…").format(number=job.next_segment() + 1,
                                                                           total=len(job.segments)))
        self.pane._update_buttons()

    def _on_event(self, event) -> None:
        job, model = self.job, self.view.model
        if isinstance(event, PieceText):
            model.stream_text(event.segment, event.text)
            self.view.streamed(event.segment)
        elif isinstance(event, PieceStarted):
            model.stream(event.segment, event.piece)
            self.view.follow(event.segment)
            line = self.tr("Translating segment {number} of {total}…").format(number=event.segment + 1,
                                                                             total=len(job.segments))
            self.say(line if event.pieces == 1 else line + " " + self.tr("(part {piece} of {pieces})").format(
                piece=event.piece + 1, pieces=event.pieces))  # the window's status line says the same
        elif isinstance(event, SegmentTranslated):
            if event.segment not in job.edited:  # corrected while the model wrote it: the user's words stay
                self.session.translated(event.segment, event.pieces)
            model.stream_end()
            self.view.segment_done(event.segment)
            self._show_progress()
            if self.session.unsaved and not self._told_unsaved:
                self._told_unsaved = True
                self.say(self.tr("The database could not keep this file's translation; it is kept until Hearth "
                                 "is closed."))
        elif isinstance(event, RunEnded):
            model.stream_end()
            self._ended(event)

    def _ended(self, ended: RunEnded) -> None:
        job = self.job
        self.pane.failed = ended.outcome not in (DONE, STOPPED) and not job.done  # said below, with what fixes it
        self.pane._update_buttons()
        if ended.outcome == DONE or job.done:
            self._say_progress()
        elif ended.outcome == STOPPED:
            if job.done_count:
                self._say_progress()
            else:
                self.say(self.tr("Stopped before the first segment was translated."))
        else:
            self.say(str(ended.error) + " " + self.tr("Resume tries again from segment {number}.").format(
                number=job.next_segment() + 1))

    def correct(self, row: int, text: str) -> None:
        """The user's own translation of a segment: kept, checked, and left alone by Translate and Resume."""
        if self.job is None:
            return
        self.session.correct(row, text)
        self.view.segment_done(row)
        self._show_progress()
        self.pane._update_buttons()
        self.say(self.tr("Segment {number} corrected; the model will not translate it again.").format(
            number=row + 1))

    # Saving -----------------------------------------------------------------------------------------------------

    def save_dialog(self) -> None:
        job, file = self.job, self.file
        if job is None:
            self.say(self.tr("Choose the languages first: there is no translation to save yet."))
            return
        suggested = Path(self.output) if self.output else default_output(file.path, job.target, file.output_kinds[0])
        self.save_dialog_shown = FileSaveDialog(file.output_kinds, suggested, self.save, file.path.parent, self.view)
        self.save_dialog_shown.open()

    def save(self, path: Path, bilingual: bool = False, kind: str | None = None) -> str | None:
        """The file written to ``path``: None once it is, else why not (nothing is half-written)."""
        try:
            written = self.session.save_as(path, bilingual, kind)
        except FormatProblem as problem:
            return str(problem)
        except (OSError, ValueError) as exc:
            return self.tr("{path} could not be written: {reason}").format(
                path=path, reason=getattr(exc, "strerror", None) or exc)
        self.output = str(written)
        left = len(self.job.segments) - self.job.done_count
        self.say(self.tr("Saved to {path}.").format(path=written) + ("" if not left else " " + self.tr(
            "%n segments are not translated yet; they are in the file as they were.", "", left)))
        return None

    def shutdown(self) -> None:
        """The piece being written is dropped; each segment finished is kept."""
        self.run.shutdown()
