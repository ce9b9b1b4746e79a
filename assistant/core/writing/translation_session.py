"""The Translation pane without its widgets: the document in translation (its job: paragraphs, pieces, the place
reached, and the checks of what came back), its history entry, and keeping all of it in the database as it goes, so
a restart loses at most the piece being written. A save the database refuses (a full disk, a read-only or locked
file) is said (FAILURE, to the observers) and tried again at the next one; nothing is dropped meanwhile.

A picture to translate (core/writing/image_translation.py) is read by OCR into the text to translate, or, when the
model sees and the user chose so, sent to the model with the translation instruction."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from assistant.core.images.image_store import ImageStore
from assistant.core.images.ocr import Ocr
from assistant.core.writing.database_writes import FAILURE, DatabaseWrites
from assistant.core.writing.image_translation import (ASK, READ, ImageTaken, choose_way, image_messages,
                                                      take_image)
from assistant.core.writing.profile import Profile
from assistant.core.writing.translation import Glossary, TranslationJob, clean_translation, estimate_tokens
from assistant.core.writing.translation_models import GENERAL
from assistant.core.writing.translation_store import DETECT, Entry, TranslationStore, Workspace

CHECKED = "checked"  # a paragraph was translated and checked (the last of ``checked``)
__all__ = ["ASK", "CHECKED", "DROPPED", "FAILURE", "IMAGE", "NO_TEXT", "PROBLEM", "READ", "TranslationSession"]
# What the model is writing: a piece of the document, alternatives of a sentence, the translation of a picture; or
# a translation of text that Ctrl+Z took back, stopped, whose end is not wanted.
TRANSLATE, ALTERNATIVES, IMAGE, DROPPED = "translate", "alternatives", "image", "dropped"
NO_TEXT, PROBLEM = "no_text", "problem"  # what became of a picture, besides READ and ASK


class TranslationSession(DatabaseWrites):
    def __init__(self, store: TranslationStore, images: ImageStore | None = None, ocr: Ocr | None = None):
        """``images``: where a picture sent to a model that sees is kept; ``ocr`` reads the text of the others."""
        super().__init__()
        self.store, self.images, self.ocr = store, images, ocr
        self.job: TranslationJob | None = None  # the document in translation
        self.history_id: int | None = None  # the history entry it is saved in
        self.checked: list[int] = []  # the paragraphs translated and checked so far, in order
        self.mode = TRANSLATE
        self.streaming = ""  # what the model has written of the current piece (or the alternatives)
        self.image_way = ASK  # how the user wants a picture read, when the model sees (READ otherwise)
        self.image: ImageTaken | None = None  # the picture shown beside the text
        # What the text read from a picture replaced, for Ctrl+Z: the translation shown, the job, its entry, checks.
        self.before_picture: tuple[str, TranslationJob | None, int | None, list[int]] | None = None

    # The job ------------------------------------------------------------------------------------------------

    def plan(self, text: str, source: str, target: str, glossary: Glossary, formality: str,
             context_length: int, profile: Profile | None = None) -> TranslationJob:
        """A new translation of ``text``, in pieces that fit the model's context."""
        budget = max(64, (context_length - 400) // 3)  # room for instructions, glossary, context and the reply
        self.job = TranslationJob.plan(text, source, target, glossary, formality, budget, profile=profile)
        self.history_id = None
        self.checked = []
        return self.job

    def forget(self) -> None:
        """Another text: no translation in progress, nothing checked."""
        self.job, self.history_id, self.checked = None, None, []
        self.before_picture = None

    def read_picture_text(self, translation: str) -> None:
        """The text read from a picture replaces the text to translate: nothing of it is translated yet. What there
        was (the ``translation`` shown, the job with its place and checks) is kept for Ctrl+Z."""
        kept = (translation, self.job, self.history_id, self.checked)
        self.forget()
        self.before_picture = kept

    def picture_text_undone(self) -> str:
        """Ctrl+Z brought back the text the picture's replaced: the picture is no longer the text's, and the
        translation of that text (returned), its place and checks are back."""
        translation, self.job, self.history_id, self.checked = self.before_picture or ("", None, None, [])
        self.before_picture, self.image = None, None
        return translation

    def next_piece(self, form: str = GENERAL) -> list[dict] | None:
        """The messages for the next piece to translate, after copying any code blocks on the way; None once the
        job is done (or there is none). ``form``: the prompt the model now loaded is asked in
        (core/writing/translation_models.prompt_form), which a model changed between pieces changes too."""
        job = self.job
        while job is not None and not job.done and job.current.copy:
            self._record("")
        if job is None or job.done:
            return None
        self.mode, self.streaming = TRANSLATE, ""
        job.form = form
        return job.messages()

    def max_tokens(self) -> int:
        return estimate_tokens(self.job.current.text) * 2 + 64

    def start_alternatives(self) -> None:
        self.mode, self.streaming = ALTERNATIVES, ""

    def record_piece(self) -> None:
        """The model finished the current piece: its translation, without a lead-in, is kept and checked."""
        self._record(clean_translation(self.streaming))

    def _record(self, translation: str) -> None:
        paragraph = self.job.record(translation)
        if paragraph is not None:
            self.checked.append(paragraph)
            self._changed(CHECKED)

    def checks(self, paragraphs: list[int] | None = None) -> list[tuple[int, str]]:
        """(paragraph, problem) for what the checks found in ``paragraphs`` (all those checked when None), worded in
        the app's language now."""
        if self.job is None:
            return []
        return [(paragraph, problem) for paragraph in (self.checked if paragraphs is None else paragraphs)
                for problem in self.job.problems(paragraph)]

    def job_text(self) -> str:
        """The finished paragraphs, then what is done of the one in progress."""
        job = self.job
        text = "\n\n".join(job.finished_paragraphs())
        partial = job.partial()
        if partial:
            text += ("\n\n" if text else "") + partial + job.joiner
        elif not job.done and text:
            text += "\n\n"
        return text

    def translation_so_far(self, shown: str) -> str:
        """What is kept of the translation: until it is finished, the pieces done (cleaned of label lines), never a
        half-written one; once finished, the text as ``shown``, with any alternative chosen into it."""
        if self.job is not None and not self.job.done:
            return self.job_text()
        return shown

    # Kept in the database -------------------------------------------------------------------------------------

    def save(self, text: str, shown: str, source_language: str, target_language: str, formality: str,
             with_history: bool = False) -> bool:
        """The pane as it is (``text``, the translation ``shown``, its languages and register, where Resume goes
        on); ``with_history``: the history entry too. False when the database refused: tried again next time."""
        translation = self.translation_so_far(shown)

        def write_all() -> None:
            if with_history and self.job is not None and translation.strip():
                self.history_id = self.store.save_entry(self.history_id, self.job, text, translation)
            self.store.save_workspace(Workspace(text, translation, source_language, target_language, formality,
                                                self.job, self.history_id))

        return self.write(write_all) is not False

    def restore(self) -> Workspace | None:
        """The pane as it was left: the place of a translation that had not finished, the checks of one that had."""
        saved = self.store.workspace()
        if saved is not None:
            self._take(saved.job, saved.history_id)
        return saved

    def history(self, limit: int = 20) -> list[Entry]:
        return self.store.history(limit)

    def load(self, entry_id: int) -> Entry | None:
        """A translation from the history; a stopped one goes on with Resume, as it would have before."""
        entry = self.store.entry(entry_id)
        if entry is not None:
            self._take(entry.job, entry_id)
        return entry

    def _take(self, job: TranslationJob | None, history_id: int | None) -> None:
        """A translation kept in the database: its finished paragraphs are checked again, as they were."""
        self.job, self.history_id = job, history_id
        self.checked = list(range(len(job.finished_paragraphs()))) if job is not None else []

    # A picture to translate ---------------------------------------------------------------------------------

    def image_job(self, picture: str | Path | bytes | Callable[[], bytes], name: str,
                  sees: bool) -> Callable[[], ImageTaken]:
        """The slow part of taking ``picture``, for a worker thread: the model reads it if it ``sees`` and the user
        chose so, else the OCR does."""
        way, ocr, store = choose_way(self.image_way, sees), self.ocr, self.images
        return lambda: take_image(picture, name, way, ocr, store)

    def took_image(self, taken: ImageTaken) -> str:
        """What comes of a picture taken: PROBLEM (``taken.problem`` says why; the one shown before stays), NO_TEXT
        (shown, nothing to translate), READ (its text is the text to translate) or ASK (the model is asked)."""
        if taken.problem:
            return PROBLEM
        self.image = taken
        if taken.way == ASK:
            return ASK
        return READ if taken.found_text else NO_TEXT

    def image_request(self, source: str, target: str, formality: str) -> list[dict]:
        """The request for the picture shown to a model that sees (``source``: the language chosen, or DETECT).
        Its translation is the whole of the new translation, with no document of paragraphs behind it: nothing to
        resume."""
        self.forget()
        self.mode, self.streaming = IMAGE, ""
        return image_messages(self.image.stored, None if source == DETECT else source, target, formality)

    def image_translation(self) -> str:
        """What the model wrote of the picture, without a lead-in or label lines."""
        return clean_translation(self.streaming)

    def drop_image(self) -> None:
        self.image = None
