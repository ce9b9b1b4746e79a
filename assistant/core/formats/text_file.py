"""Plain text: paragraphs separated by blank lines, written back with the same separators."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from assistant.core.formats.translatable import FormatProblem, Segment, TranslatableFile, translated_or_source, \
    write_atomically
from assistant.core.i18n import translate

MAX_TEXT_BYTES = 64 << 20


def decode_text(raw: bytes) -> str:
    """UTF-8 (with or without its mark), then UTF-16 with a mark; anything else is refused rather than guessed."""
    if raw.startswith(b"\xff\xfe") or raw.startswith(b"\xfe\xff"):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FormatProblem(translate("Formats", "The file is not UTF-8 text; save it as UTF-8 and open it again."
                                      )) from None


class TextFile(TranslatableFile):
    kind = "txt"
    output_kinds = ("txt",)

    def __init__(self, path: Path):
        super().__init__(path)
        if Path(path).stat().st_size > MAX_TEXT_BYTES:
            raise FormatProblem(translate("Formats", "The file is too large to translate ({size} MB; at most {limit} "
                                                     "MB).").format(size=Path(path).stat().st_size >> 20,
                                                                    limit=MAX_TEXT_BYTES >> 20))
        text = decode_text(Path(path).read_bytes())
        # Pieces alternate: text, separator, text, ...: the separators (blank lines) are written back as they were.
        self.parts = re.split(r"(\n[ \t]*\n\s*)", text.replace("\r\n", "\n"))
        self.slots = [index for index, part in enumerate(self.parts) if index % 2 == 0 and part.strip()]
        self.segments = [Segment(self.parts[index].strip()) for index in self.slots]

    def write(self, path: Path, translations: Sequence[str | None], bilingual: bool = False,
              kind: str | None = None, language: str | None = None) -> None:
        texts = translated_or_source(self.segments, translations)
        parts = list(self.parts)
        for slot, segment, text in zip(self.slots, self.segments, texts):
            before = parts[slot][:len(parts[slot]) - len(parts[slot].lstrip())]
            after = parts[slot][len(parts[slot].rstrip()):]
            parts[slot] = before + (f"{segment.text}\n\n{text}" if bilingual else text) + after
        write_atomically(path, lambda temporary: temporary.write_text("".join(parts), "utf-8"), self.path)
