"""What every format gives the translation: its segments of text in reading order, what it leaves untranslated and
why, and a way to write the file back with the segments translated (or, in bilingual files, each followed by its
translation). A file Hearth refuses raises ``FormatProblem`` with the reason, before anything is written."""

from __future__ import annotations

import os
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.core.i18n import translate

MAX_FILE_BYTES = 256 << 20  # a document larger than this is a dump or an attack, not something to translate


class FormatProblem(Exception):
    """The file cannot be translated as it is; the message says why, for the user. Nothing was written."""


@dataclass(frozen=True)
class Segment:
    """One run of text the model translates: a paragraph, a table cell, a subtitle cue, a slide's text box.

    ``text`` carries the segment's inline formatting as numbered tags, ``<t1>bold words</t1>`` (inline_tags.py),
    which the model is asked to keep around the same words; ``tags`` says how many pairs there are."""

    text: str
    where: str = ""  # where it is, for the checks: "Table 1", "Header", "Cue 12", "chapter2.xhtml"
    tags: int = 0
    max_line: int | None = None  # subtitles: the longest line, in characters, a viewer reads comfortably


@dataclass(frozen=True)
class Skipped:
    """A part of the file left as it is because it cannot be translated safely (a field, an equation, a text box
    out of reach): listed for the user, never dropped from the file."""

    where: str
    what: str


class TranslatableFile(ABC):
    """A file read for translation. ``segments`` are in reading order; ``write`` gets one translation per segment
    (None: the segment stays as it is, untranslated) and writes the file in ``kind`` (one of ``output_kinds``; the
    first is the file's own)."""

    kind: str = ""
    output_kinds: tuple[str, ...] = ()

    def __init__(self, path: Path):
        self.path = Path(path)
        self.segments: list[Segment] = []
        self.skipped: list[Skipped] = []
        self.notes: list[str] = []  # what the user should know that is not a skipped part (overlapping cues, ...)

    @abstractmethod
    def write(self, path: Path, translations: Sequence[str | None], bilingual: bool = False,
              kind: str | None = None, language: str | None = None) -> None:
        """Write the translated file to ``path``; ``bilingual``: each segment followed by its translation (two
        lines per cue for subtitles). ``language``: the translation's language code ("fr", "zh-Hans"), for the
        formats that name their language (HTML's lang, an EPUB's dc:language, DOCX's proofing language); left as
        it was when None or when the file is bilingual."""


def check_size(path: Path, limit: int = MAX_FILE_BYTES) -> int:
    """The file's size, or FormatProblem when it is not there, not a file or too large."""
    try:
        size = Path(path).stat().st_size
    except OSError as exc:
        raise FormatProblem(translate("Formats", "The file cannot be read ({reason}).").format(
            reason=exc.strerror or exc)) from None
    if not Path(path).is_file():
        raise FormatProblem(translate("Formats", "This is not a file."))
    if size > limit:
        raise FormatProblem(translate("Formats", "The file is too large to translate ({size} MB; at most {limit} MB)."
                                      ).format(size=size >> 20, limit=limit >> 20))
    return size


def write_atomically(path: Path, write: Callable[[Path], None], source: Path | None = None) -> None:
    """``write`` into a temporary file beside ``path``, then put it in place: a failure half-way leaves whatever was
    at ``path`` as it was. The file being translated is never written over."""
    path = Path(path)
    if source is not None and path.exists() and os.path.samefile(path, source):
        raise FormatProblem(translate("Formats", "The translation cannot replace the file it is translated from; "
                                                 "choose another name."))
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(handle)
    try:
        write(Path(temporary))
        # mkstemp makes the file private (0600); a document is made as any other the user saves, or keeps the
        # mode of the one it replaces.
        os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def translated_or_source(segments: Sequence[Segment], translations: Sequence[str | None]) -> list[str]:
    """Each segment's translation, or its own text where it has none yet."""
    if len(translations) != len(segments):
        raise ValueError(f"{len(translations)} translations for {len(segments)} segments")
    return [segment.text if text is None else text for segment, text in zip(segments, translations)]
