"""Conversations to and from files: Hearth's own JSON (every branch, exactly), Markdown (the thread on screen, to
read or paste anywhere), and ChatGPT's data export (``conversations.json``, core/storage/chatgpt_export).

A JSON export opens with ``{"format": "hearth-chats", "version": 1}`` and lists conversations as
``History.export`` gives them: each message with its file-local ``id`` and ``parent``, so that every branch (an
edited question, a regenerated reply) comes back as a branch. Text is written exactly: a character a file cannot
hold as UTF-8 (a lone surrogate from a broken paste) is written as its JSON escape and read back as itself.

Exporting writes one conversation at a time, to a ``.part`` file that takes the real name only when it is whole:
memory holds one conversation whatever the history's size, and a cancelled or failed export leaves no file.
Markdown is a reading copy (core/storage/chat_markdown): only JSON brings a conversation back.

Importing reads the whole file first and then adds each conversation in a transaction of its own, so a file with
one bad conversation still brings the others, and says which it could not.
"""

from __future__ import annotations

import contextlib
import io
import json
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from assistant.core.i18n import translate
from assistant.core.storage import chat_markdown
from assistant.core.storage.history import History

FORMAT, VERSION = "hearth-chats", 1
LARGEST_IMPORT = 2 * 1024 ** 3  # bytes: ChatGPT exports of years of chats run to hundreds of MB, never this


class ChatFileError(ValueError):
    """The file is not one Hearth can import; the message says why, for the user."""


@dataclass
class ImportReport:
    conversation_ids: list[int] = field(default_factory=list)
    messages: int = 0
    skipped: list[str] = field(default_factory=list)  # "title: why", for each conversation left out
    notes: list[str] = field(default_factory=list)  # what was not carried over (images, tool output, ...)


# Export -----------------------------------------------------------------------------------------------------

MARKDOWN, JSON = "markdown", "json"
# Called after each conversation with (written so far, total); returning False stops the export.
Progress = Callable[[int, int], "bool | None"]


class ExportCancelled(Exception):
    """The export was stopped before it finished; no file was written."""


def export_json(history: History, conversation_ids: list[int]) -> bytes:
    """The whole export in memory: for a few conversations (tests, the clipboard). Files go through ``Export``."""
    out = io.BytesIO()
    write_json(history, conversation_ids, out)
    return out.getvalue()


def export_markdown(history: History, conversation_ids: list[int]) -> bytes:
    out = io.BytesIO()
    write_markdown(history, conversation_ids, out)
    return out.getvalue()


def write_json(history: History, conversation_ids: Iterable[int], out: BinaryIO, progress: Progress | None = None,
               total: int | None = None) -> int:
    """Hearth JSON, written one conversation at a time: memory holds one conversation, never the export. The bytes
    are what ``json.dumps(document, ensure_ascii=False, indent=1)`` gives for the whole document. Returns how many
    conversations were written (one deleted meanwhile is left out)."""
    head = json.dumps({"format": FORMAT, "version": VERSION, "exported_at": time.time()}, indent=1)
    out.write(_utf8(head[:-2] + ',\n "conversations": ['))
    written = 0
    for data in _each(history.export, conversation_ids, progress, total):
        item = json.dumps(data, ensure_ascii=False, indent=1).replace("\n", "\n  ")  # one level in, as in a list
        out.write(_utf8(("\n  " if written == 0 else ",\n  ") + item))
        written += 1
    out.write(_utf8("\n ]\n}" if written else "]\n}"))
    return written


def write_markdown(history: History, conversation_ids: Iterable[int], out: BinaryIO,
                   progress: Progress | None = None, total: int | None = None) -> int:
    """Each conversation's thread as Markdown (core/storage/chat_markdown), one at a time, ``---`` between them."""
    written = 0
    for text in _each(lambda i: chat_markdown.conversation(history, i), conversation_ids, progress, total):
        out.write((chat_markdown.SEPARATOR if written else "").encode("utf-8") + text.encode("utf-8", "replace"))
        written += 1
    return written


def _each(read: Callable, conversation_ids: Iterable[int], progress: Progress | None, total: int | None):
    """What ``read`` gives for each id that still exists, telling ``progress`` after each one."""
    ids = list(conversation_ids) if total is None else conversation_ids
    total = len(ids) if total is None else total
    for done, conversation_id in enumerate(ids, start=1):
        value = read(conversation_id)
        if value is not None:
            yield value
        if progress is not None and progress(done, total) is False:
            raise ExportCancelled()


def _utf8(text: str) -> bytes:
    # A lone surrogate (a broken paste) becomes its JSON escape, \ud800, which reads back as itself.
    return text.encode("utf-8", "backslashreplace")


@dataclass
class Export:
    """An export to ``path``, written beside it as ``path.part`` and put in place only when whole and not
    cancelled: a file that was there stays whole until then, and a cancelled or failed export leaves nothing.

    ``cancel()`` may come from another thread than ``write()``: whichever comes first decides, under a lock, so a
    cancel that returns True means no file will appear."""

    path: Path
    kind: str
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _cancelled: bool = False
    _finished: bool = False

    @classmethod
    def to(cls, path: str | Path, kind: str) -> "Export":
        """``kind`` gives way to the name's extension when it has one of ours; a name without one gets the kind's."""
        path = Path(path)
        if path.suffix.lower() in (".json", ".md", ".markdown"):
            kind = JSON if path.suffix.lower() == ".json" else MARKDOWN
        elif path.suffix == "":
            path = path.with_suffix(".json" if kind == JSON else ".md")
        return cls(path, kind)

    @property
    def partial(self) -> Path:
        return self.path.with_name(self.path.name + ".part")

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def cancel(self) -> bool:
        """Stop the export; True when no file will be written, False when it was already in place."""
        with self._lock:
            if not self._finished:
                self._cancelled = True
            return not self._finished

    def write(self, history: History, conversation_ids: Iterable[int], progress: Progress | None = None,
              total: int | None = None) -> int:
        """Write the file; returns how many conversations it holds. Raises ExportCancelled, or ChatFileError when
        the file cannot be written; either way nothing is left behind."""
        writer = write_json if self.kind == JSON else write_markdown

        def going_on(done: int, count: int) -> bool:
            if progress is not None and progress(done, count) is False:
                self.cancel()
            return not self._cancelled

        try:
            with open(self.partial, "wb") as out:
                written = writer(history, conversation_ids, out, going_on, total)
            with self._lock:
                if self._cancelled:
                    raise ExportCancelled()
                self.partial.replace(self.path)
                self._finished = True
        except OSError as exc:
            self._discard()
            raise ChatFileError(translate("ChatFiles", "Could not write {file}: {error}").format(
                file=self.path, error=exc.strerror or exc)) from exc
        except BaseException:
            self._discard()
            raise
        return written

    def _discard(self) -> None:
        with contextlib.suppress(OSError):  # a disk that filled up leaves no half-written file behind
            self.partial.unlink(missing_ok=True)


def export_file(history: History, conversation_ids: Iterable[int], path: str | Path, kind: str = JSON,
                progress: Progress | None = None) -> int:
    return Export.to(path, kind).write(history, conversation_ids, progress)


# Import -----------------------------------------------------------------------------------------------------

def read_conversations(raw: bytes) -> tuple[list[dict], list[str]]:
    """The conversations in a Hearth or ChatGPT export, as ``History.import_tree`` takes them, and notes on what
    could not come along. Raises ChatFileError for anything else."""
    from assistant.core.storage import chatgpt_export

    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ChatFileError(translate("ChatFiles", "The file is not text (UTF-8): {error}").format(error=exc)) from exc
    except json.JSONDecodeError as exc:
        raise ChatFileError(translate("ChatFiles", "The file is not valid JSON (line {line}, column {column}: "
                                                  "{error}).").format(line=exc.lineno, column=exc.colno,
                                                                      error=exc.msg)) from exc
    if isinstance(document, dict) and document.get("format") == FORMAT:
        if not isinstance(document.get("version"), int) or document["version"] > VERSION:
            raise ChatFileError(translate("ChatFiles", "The file was written by a newer Hearth (format version "
                                                      "{version}). Update Hearth to import it.").format(
                version=document.get("version")))
        conversations = document.get("conversations")
        if not isinstance(conversations, list):
            raise ChatFileError(translate("ChatFiles", "The file says it is a Hearth export but lists no "
                                                      "conversations."))
        return conversations, []
    if chatgpt_export.looks_like(document):
        return chatgpt_export.conversations(document)
    raise ChatFileError(translate("ChatFiles", "The file is neither a Hearth export nor ChatGPT's "
                                              "conversations.json."))


def import_file(history: History, path: str | Path) -> ImportReport:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > LARGEST_IMPORT:
            raise ChatFileError(translate("ChatFiles", "The file is {size:,} bytes, too large to be a chat "
                                                      "export.").format(size=size))
        raw = path.read_bytes()
    except OSError as exc:
        raise ChatFileError(translate("ChatFiles", "Could not read {file}: {error}").format(
            file=path.name, error=exc.strerror or exc)) from exc
    conversations, notes = read_conversations(raw)
    report = ImportReport(notes=notes)
    for number, conversation in enumerate(conversations, start=1):
        title = (conversation.get("title") if isinstance(conversation, dict) else None) or translate(
            "ChatFiles", "Conversation {number}").format(number=number)
        if not isinstance(conversation, dict) or not conversation.get("messages"):
            report.skipped.append(translate("ChatFiles", "{title}: it has no messages").format(title=title))
            continue
        try:
            report.conversation_ids.append(history.import_tree(conversation))
        except (ValueError, TypeError) as exc:
            report.skipped.append(f"{title}: {exc}")
            continue
        report.messages += len(conversation["messages"])
    return report
