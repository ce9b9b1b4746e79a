"""A glossary as a CSV file, as translators and other tools keep theirs: one term per row, ``source, target, note``.
A term to keep as it is has the same target as its source, or a note saying "keep" (a row without a target is a
term not yet translated, and is left out); a header row is
recognised and skipped. UTF-8 with or without its mark (Excel writes one), and a semicolon-separated file from a
European Excel, are read as well."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from assistant.core.i18n import translate
from assistant.core.writing.translation import Glossary

MAX_BYTES = 8 << 20
KEEP_NOTE = "keep as is"
_HEADERS = {"source", "term", "source term", "源", "原文", "术语"}
_KEEP_WORDS = ("keep", "do not translate", "dnt", "保留", "不译")


class GlossaryFileProblem(Exception):
    """The file cannot be read as a glossary; the message says why, for the user."""


def read_glossary_csv(path: str | Path) -> Glossary:
    path = Path(path)
    try:
        raw = path.read_bytes() if path.stat().st_size <= MAX_BYTES else None
    except OSError as exc:
        raise GlossaryFileProblem(translate("Translation", "The glossary cannot be read ({reason}).").format(
            reason=exc.strerror or exc)) from None
    if raw is None:
        raise GlossaryFileProblem(translate("Translation", "The glossary file is too large (at most 8 MB)."))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise GlossaryFileProblem(translate("Translation", "The glossary is not UTF-8 text; save it from the "
                                                          "spreadsheet as “CSV UTF-8”.")) from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    pairs: list[tuple[str, str]] = []
    keep: list[str] = []
    notes: dict[str, str] = {}
    try:
        rows = list(csv.reader(io.StringIO(text), dialect))
    except csv.Error as exc:
        raise GlossaryFileProblem(translate("Translation", "The glossary is not a CSV file ({reason}).").format(
            reason=exc)) from None
    for number, row in enumerate(rows):
        cells = [cell.strip() for cell in row] + ["", "", ""]
        term, wanted, note = cells[:3]
        if not term or (number == 0 and term.lower() in _HEADERS):
            continue
        keep_note = any(word in note.lower() for word in _KEEP_WORDS)
        if not wanted and not keep_note:
            continue  # a term whose translation is not filled in yet: never taken as one to keep untranslated
        if wanted == term or keep_note:
            if term not in keep:
                keep.append(term)
        else:
            pairs = [pair for pair in pairs if pair[0] != term] + [(term, wanted)]
        if note and note != KEEP_NOTE:
            notes[term] = note
    return Glossary(pairs, keep, notes)


def write_glossary_csv(glossary: Glossary, path: str | Path) -> None:
    """With a header and the UTF-8 mark, so that Excel opens Chinese terms as they are."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["source", "target", "note"])
    for term, wanted in glossary.pairs:
        writer.writerow([term, wanted, glossary.notes.get(term, "")])
    for term in glossary.keep:
        writer.writerow([term, term, glossary.notes.get(term) or KEEP_NOTE])
    Path(path).write_text(buffer.getvalue(), encoding="utf-8-sig", newline="")
