"""A whole file in translation, as the Translation pane and ``assistant translate`` both have it: the file opened
(core/formats), its job (file_translation.py) found again in the database when this file (by content) was begun
before into the same language, each segment kept as the model or the user finishes it, and the file saved in its
format. The window and the command line run the same object; only how they show it differs."""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from assistant.core.formats.inline_tags import strip_tags
from assistant.core.formats.opening import READERS, open_file
from assistant.core.formats.translatable import FormatProblem, TranslatableFile
from assistant.core.i18n import translate
from assistant.core.writing.file_translation import FileJob
from assistant.core.writing.file_translation_store import FileTranslationStore, file_sha256
from assistant.core.writing.profile import Profile
from assistant.core.writing.languages import detect
from assistant.core.writing.translation import Glossary, estimate_tokens

log = logging.getLogger(__name__)

DETECT = "auto"
SAME_KIND = {"markdown": "md", "htm": "html", "xhtml": "html", "text": "txt", "ssa": "ass"}  # other names, one kind


@dataclass(frozen=True)
class Opened:
    """What opening a file found: the job, how much of it an earlier run had done, and where it was saved."""

    job: FileJob
    resumed: int  # segments already translated, from an earlier run
    output: str  # where it was saved before ("" if never)


def default_output(path: Path, target: str, kind: str) -> Path:
    """``report.docx`` into French: ``report.fr.docx`` beside it."""
    return path.with_name(f"{path.stem}.{target}.{kind}")


def output_kind(file: TranslatableFile, path: Path, chosen: str | None = None) -> str:
    """What ``file`` is written as at ``path``: the kind its name ends in when the file can be written so (a PDF
    saved as ``paper.md`` is Markdown), else ``chosen``, else the file's own. A name ending in another kind of
    document is refused: a Word file named ``.html`` would open in nothing."""
    suffix = Path(path).suffix.lower().lstrip(".")
    suffix = SAME_KIND.get(suffix, suffix)
    if suffix in file.output_kinds:
        return suffix
    if f".{suffix}" in READERS or suffix in ("doc", "ppt", "odt", "rtf"):
        raise FormatProblem(translate("Formats", "A .{kind} file is written as {kinds}, not as .{suffix}; choose a "
                                                 "name that ends in one of them.").format(
            kind=file.kind, kinds=", ".join(f".{k}" for k in file.output_kinds), suffix=suffix))
    return chosen or file.output_kinds[0]


class FileTranslationSession:
    def __init__(self, store: FileTranslationStore | None):
        """``store`` None: nothing is kept between runs (a database that cannot be used)."""
        self.store = store
        self.job: FileJob | None = None
        self.record_id: int | None = None
        self.sha256 = ""
        self.unsaved = False  # a segment's translation the database refused: kept here, told once

    @staticmethod
    def read(path: str | Path, ocr=None) -> TranslatableFile:
        """The file read into segments, or FormatProblem; slow for a large PDF (a worker thread's job)."""
        file = open_file(path, ocr)
        if not file.segments:
            raise FormatProblem(translate("Formats", "There is no text to translate in this file."))
        return file

    @staticmethod
    def detect_source(file: TranslatableFile) -> str | None:
        sample = "\n".join(strip_tags(segment.text) for segment in file.segments[:200])[:4000]
        found = detect(sample)
        return found[0] if found else None

    def begin(self, file: TranslatableFile, source: str, target: str, glossary: Glossary, formality: str = "default",
              context_length: int = 2048, fresh: bool = False, count=estimate_tokens, sha256: str = "",
              profile: Profile | None = None) -> Opened:
        """The job for ``file`` into ``target``; the translations of an earlier run of the same file (by content)
        and languages come back with it, unless ``fresh``. ``sha256``: the file's, when the caller hashed it already
        (the pane does as it reads the file), so a large file is not read twice."""
        job = FileJob(file, source, target, glossary, formality, context_length, count, profile)
        self.job, self.record_id, self.unsaved = job, None, False
        resumed, output = 0, ""
        if self.store is None:
            return Opened(job, 0, "")
        try:
            self.sha256 = sha256 or file_sha256(file.path)
            record = None if fresh else self.store.find(self.sha256, source, target)
            if record is not None and record.segments == len(file.segments):
                self.record_id, output = record.id, record.output
                for number, (text, edited) in self.store.translations(record.id).items():
                    if 0 <= number < len(job.translations):
                        job.translations[number] = text
                        if edited:
                            job.edited.add(number)
                resumed = job.done_count
            else:
                self.record_id = self.store.create(file.path, self.sha256, file.kind, source, target, formality,
                                                   len(file.segments))
        except (sqlite3.Error, OSError) as exc:
            log.warning("the file's translation cannot be kept: %s", exc)
            self.record_id, self.unsaved = None, True
        return Opened(job, resumed, output)

    def translated(self, index: int, pieces: list[str]) -> str:
        """The model's pieces of segment ``index``: its translation, kept at once."""
        text = self.job.accept(index, pieces)
        self._keep(index, text, False)
        return text

    def correct(self, index: int, text: str) -> None:
        """The user's own translation of a segment: kept, and never replaced by the model (Resume skips it)."""
        self.job.correct(index, text)
        self._keep(index, text, True)

    def _keep(self, index: int, text: str, edited: bool) -> None:
        if self.store is None or self.record_id is None:
            return
        try:
            self.store.save_segment(self.record_id, index, text, edited, self.job.file.path)
        except sqlite3.Error as exc:
            log.warning("a segment's translation cannot be kept: %s", exc)
            self.unsaved = True

    def save_as(self, path: Path, bilingual: bool = False, kind: str | None = None) -> Path:
        """The file written in its format (or ``kind``; a name ending in one of the kinds the file can be written
        as decides it) with what is translated; FormatProblem or OSError when it cannot be, with nothing
        half-written."""
        path = Path(path)
        self.job.write(path, bilingual, output_kind(self.job.file, path, kind))
        if self.store is not None and self.record_id is not None:
            try:
                self.store.saved_as(self.record_id, path, bilingual)
            except sqlite3.Error as exc:
                log.warning("where the translation was saved cannot be kept: %s", exc)
        return path
