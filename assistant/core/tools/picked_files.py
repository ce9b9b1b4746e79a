"""The read-a-file tool: only the files the user picked for this conversation, named by the model by their file
name. Nothing else on the computer can be read through it, whatever the model (or a text it read) asks for.

Text files are decoded as UTF-8 or, with a byte-order mark, UTF-16; anything else is a clear problem, not mojibake.
Documents (PDF, DOCX, EPUB, HTML) go through the readers the documents index uses."""

from __future__ import annotations

import codecs
from pathlib import Path

from assistant.core.i18n import translate
from assistant.core.tools.tool_spec import MAX_RESULT_CHARS, ToolResult

NAME = "read_picked_file"
MAX_READ_BYTES = 16 << 20  # a text file is read this far; a longer one is a log, read in its first part
DOCUMENT_KINDS = ("html", "docx", "pdf", "epub")  # read by core/documents/readers

DESCRIPTION = ("Read a file the user picked for this conversation (no other file can be read). Name it by its file "
               "name. A long file comes in parts: call again with the offset the result gives. Picked files: {names}.")


class PickedFiles:
    def __init__(self, paths: list[str | Path]):
        self.paths = [Path(p) for p in paths]

    def names(self) -> list[str]:
        return [p.name for p in self.paths]

    def description(self) -> str:
        return DESCRIPTION.format(names=", ".join(self.names()))

    def parameters(self) -> dict:
        return {"type": "object",
                "properties": {"name": {"type": "string", "description": "The picked file's name",
                                        "enum": self._choices()},
                               "offset": {"type": "integer", "minimum": 0,
                                          "description": "Where to start, in characters (0: the beginning)"}},
                "required": ["name"], "additionalProperties": False}

    def _choices(self) -> list[str]:
        """File names, or whole paths where two picked files share a name."""
        names = self.names()
        return [p.name if names.count(p.name) == 1 else str(p) for p in self.paths]

    def find(self, name: str) -> Path | None:
        """The picked file ``name`` stands for: its file name, or its whole path; None for anything else."""
        wanted = name.strip()
        for path, choice in zip(self.paths, self._choices()):
            if wanted in (choice, str(path)):
                return path
        return None

    def read(self, name: str, offset: int = 0) -> ToolResult:
        path = self.find(name)
        if path is None:
            return ToolResult(translate("Tools", "“{name}” is not one of the files the user picked for this "
                                                 "conversation, so it cannot be read. Picked files: {names}.").format(
                name=name[:200], names=", ".join(self._choices()) or "-"), ok=False)
        try:
            text = _document_text(path) if _kind(path) in DOCUMENT_KINDS else _text(path)
        except UnreadableFile as exc:
            return ToolResult(translate("Tools", "“{name}” cannot be read: {reason}").format(
                name=path.name, reason=exc), ok=False)
        offset = max(0, int(offset))
        part = text[offset:]
        header = f"File: {path.name} ({len(text)} characters"
        header += f", from character {offset})\n\n" if offset else ")\n\n"
        room = MAX_RESULT_CHARS - len(header) - 200
        if len(part) <= room:
            return ToolResult(header + part)
        more = translate("Tools", "[Only part of the file is shown. To read on, call again with offset {offset}.]")
        return ToolResult(f"{header}{part[:room]}\n{more.format(offset=offset + room)}", truncated=True)


class UnreadableFile(Exception):
    pass


def _kind(path: Path) -> str | None:
    from assistant.core.documents.readers import kind_of

    return kind_of(path)


def _document_text(path: Path) -> str:
    from assistant.core.documents.pdf_pages import UnreadableDocument
    from assistant.core.documents.readers import read_document

    try:
        parts = []
        for section in read_document(path):
            heading = f"[Page {section.page}]\n" if section.page is not None else ""
            parts.append(heading + section.text)
        return "\n\n".join(parts)
    except UnreadableDocument as exc:
        raise UnreadableFile(str(exc)) from None


def _text(path: Path) -> str:
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_READ_BYTES)
    except OSError as exc:
        raise UnreadableFile(translate("Tools", "the file cannot be opened ({reason}).").format(
            reason=exc.strerror or exc)) from None
    return decoded(raw, complete=len(raw) < MAX_READ_BYTES)


def decoded(raw: bytes, complete: bool = True) -> str:
    """UTF-16 with its byte-order mark, else UTF-8 (with or without one). A file read only in part may end inside
    a character: that piece is dropped, not called undecodable."""
    encoding = "utf-16" if raw[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else "utf-8-sig"
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    try:
        text = decoder.decode(raw, final=complete)
    except UnicodeDecodeError:
        raise UnreadableFile(translate("Tools", "it is not text in UTF-8 or UTF-16 (it may be a binary file, or "
                                                "text in another encoding).")) from None
    if "\x00" in text:
        raise UnreadableFile(translate("Tools", "it is a binary file, not text.")) from None
    return text
