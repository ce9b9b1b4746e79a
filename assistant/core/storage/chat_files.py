"""Conversations to and from files: Hearth's own JSON (every branch, exactly), Markdown (the thread on screen, to
read or paste anywhere), and ChatGPT's data export (``conversations.json``, core/storage/chatgpt_export).

A JSON export opens with ``{"format": "hearth-chats", "version": 1}`` and lists conversations as
``History.export`` gives them: each message with its file-local ``id`` and ``parent``, so that every branch (an
edited question, a regenerated reply) comes back as a branch. Text is written exactly: a character a file cannot
hold as UTF-8 (a lone surrogate from a broken paste) is written as its JSON escape and read back as itself. A
message's images are named by their sha256 (``"images": [...]``); after the conversations, ``"images"`` holds each
one once, ``{sha256: {"mime": ..., "data": base64}}``. A Markdown export writes them as files in a folder beside it.

Storage sits below the images (core/images), so the image store is handed in by the caller (``ImageFiles``: the
``ImageStore`` itself): importing gives each picture to it to check and keep, and one it refuses is left out with a
line in the report, its message and everything else still coming in.

Exporting writes one conversation at a time, to a ``.part`` file that takes the real name only when it is whole:
memory holds one conversation whatever the history's size, and a cancelled or failed export leaves no file.
Markdown is a reading copy (core/storage/chat_markdown): only JSON brings a conversation back.

Importing reads the whole file first and then adds each conversation in a transaction of its own, so a file with
one bad conversation still brings the others, and says which it could not.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import io
import json
import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Protocol
from urllib.parse import quote

from assistant.core.i18n import translate
from assistant.core.storage import chat_markdown
from assistant.core.storage.history import History, is_image_name

log = logging.getLogger(__name__)

FORMAT, VERSION = "hearth-chats", 1
LARGEST_IMPORT = 2 * 1024 ** 3  # bytes: ChatGPT exports of years of chats run to hundreds of MB, never this


class ChatFileError(ValueError):
    """The file is not one Hearth can import; the message says why, for the user."""


class StoredFile(Protocol):
    sha256: str
    path: Path
    mime: str


class ImageFiles(Protocol):
    """Where a conversation's images are kept: core/images' ``ImageStore``. ``add_bytes`` checks and keeps a picture
    and raises, with one line for the user, for one it refuses."""

    def get(self, sha256: str) -> StoredFile | None: ...

    def add_bytes(self, data: bytes, name: str = "") -> StoredFile: ...


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


def export_json(history: History, conversation_ids: list[int], images: ImageFiles | None = None) -> bytes:
    """The whole export in memory: for a few conversations (tests, the clipboard). Files go through ``Export``."""
    out = io.BytesIO()
    write_json(history, conversation_ids, out, images=images)
    return out.getvalue()


def export_markdown(history: History, conversation_ids: list[int]) -> bytes:
    """In memory there is no folder for images: each is said to be left out (``Export`` writes them as files)."""
    out = io.BytesIO()
    write_markdown(history, conversation_ids, out)
    return out.getvalue()


def write_json(history: History, conversation_ids: Iterable[int], out: BinaryIO, progress: Progress | None = None,
               total: int | None = None, images: ImageFiles | None = None) -> int:
    """Hearth JSON, written one conversation at a time: memory holds one conversation (or one image), never the
    export. The bytes are what ``json.dumps(document, ensure_ascii=False, indent=1)`` gives for the whole document.
    Returns how many conversations were written (one deleted meanwhile is left out). Without ``images`` the
    messages still name theirs, and the file holds none of them."""
    head = json.dumps({"format": FORMAT, "version": VERSION, "exported_at": time.time()}, indent=1)
    out.write(_utf8(head[:-2] + ',\n "conversations": ['))
    written, used = 0, {}
    for data in _each(history.export, conversation_ids, progress, total):
        item = json.dumps(data, ensure_ascii=False, indent=1).replace("\n", "\n  ")  # one level in, as in a list
        out.write(_utf8(("\n  " if written == 0 else ",\n  ") + item))
        written += 1
        used.update(dict.fromkeys(name for message in data["messages"] for name in message.get("images", ())))
    out.write(_utf8("\n ]" if written else "]"))
    stored = 0
    for name in used if images is not None else ():
        record = _image_record(images, name)
        if record is not None:
            entry = json.dumps(record, indent=1).replace("\n", "\n  ")
            out.write(_utf8((',\n "images": {\n  ' if stored == 0 else ",\n  ") + json.dumps(name) + ": " + entry))
            stored += 1
    out.write(_utf8("\n }\n}" if stored else "\n}"))
    return written


def _image_record(images: ImageFiles, name: str) -> dict | None:
    """One image as the file holds it; None when its file is gone from the store (the message still names it)."""
    found = images.get(name)
    try:
        data = found.path.read_bytes() if found is not None else None
    except OSError as exc:
        log.warning("image %s could not be read for the export: %s", name, exc)
        data = None
    if data is None:
        return None
    return {"mime": found.mime, "data": base64.b64encode(data).decode("ascii")}


def write_markdown(history: History, conversation_ids: Iterable[int], out: BinaryIO,
                   progress: Progress | None = None, total: int | None = None,
                   image_link: Callable[[str], str | None] | None = None) -> int:
    """Each conversation's thread as Markdown (core/storage/chat_markdown), one at a time, ``---`` between them.
    ``image_link(sha256)``: where an image was written, relative to the file (None: it could not be)."""
    written = 0
    for text in _each(lambda i: chat_markdown.conversation(history, i, image_link), conversation_ids, progress,
                      total):
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
    images: ImageFiles | None = None  # the image store: its pictures go in the file (JSON) or beside it (Markdown)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _cancelled: bool = False
    _finished: bool = False
    _copied: list[Path] = field(default_factory=list, repr=False)  # images this export wrote beside its file

    @classmethod
    def to(cls, path: str | Path, kind: str, images: ImageFiles | None = None) -> "Export":
        """``kind`` gives way to the name's extension when it has one of ours; a name without one gets the kind's."""
        path = Path(path)
        if path.suffix.lower() in (".json", ".md", ".markdown"):
            kind = JSON if path.suffix.lower() == ".json" else MARKDOWN
        elif path.suffix == "":
            path = path.with_suffix(".json" if kind == JSON else ".md")
        return cls(path, kind, images)

    @property
    def image_folder(self) -> Path:
        """Where a Markdown export's images go: ``<name>-images`` beside it."""
        return self.path.with_name(f"{self.path.stem}-images")

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
        the file cannot be written; either way nothing is left behind (images written beside it are removed)."""
        def going_on(done: int, count: int) -> bool:
            if progress is not None and progress(done, count) is False:
                self.cancel()
            return not self._cancelled

        self._copied.clear()
        try:
            with open(self.partial, "wb") as out:
                if self.kind == JSON:
                    written = write_json(history, conversation_ids, out, going_on, total, self.images)
                else:
                    link = self._copy_image if self.images is not None else None
                    written = write_markdown(history, conversation_ids, out, going_on, total, link)
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

    def _copy_image(self, name: str) -> str | None:
        """An image of a Markdown export, copied into the folder beside it once; its link, or None when the store
        no longer has it. A copy that cannot be written fails the export (ChatFileError)."""
        found = self.images.get(name)
        target = self.image_folder / f"{name[:12]}{'.jpg' if found and found.mime == 'image/jpeg' else '.png'}"
        if found is None or target in self._copied:
            return None if found is None else self._link(target)
        try:
            data = found.path.read_bytes()
        except OSError as exc:
            log.warning("image %s could not be read for the export: %s", name, exc)
            return None
        try:
            # Named by content: a whole copy an earlier export left is this very picture, and stays as it is.
            if not (target.exists() and target.stat().st_size == len(data)):
                self.image_folder.mkdir(exist_ok=True)
                self._copied.append(target)
                target.write_bytes(data)
        except OSError as exc:
            raise ChatFileError(translate("ChatFiles", "Could not write the image {file}: {error}").format(
                file=target, error=exc.strerror or exc)) from exc
        return self._link(target)

    def _link(self, target: Path) -> str:
        return f"{quote(self.image_folder.name)}/{target.name}"

    def _discard(self) -> None:
        with contextlib.suppress(OSError):  # a disk that filled up leaves no half-written file behind
            self.partial.unlink(missing_ok=True)
        for image in self._copied:
            with contextlib.suppress(OSError):
                image.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            self.image_folder.rmdir()  # only when nothing else is in it


def export_file(history: History, conversation_ids: Iterable[int], path: str | Path, kind: str = JSON,
                progress: Progress | None = None) -> int:
    return Export.to(path, kind).write(history, conversation_ids, progress)


# Import -----------------------------------------------------------------------------------------------------

def read_conversations(raw: bytes) -> tuple[list[dict], list[str], dict]:
    """The conversations in a Hearth or ChatGPT export, as ``History.import_tree`` takes them, notes on what could
    not come along, and the file's images by the names its messages use. Raises ChatFileError for anything else."""
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
        images = document.get("images")
        return conversations, [], images if isinstance(images, dict) else {}
    if chatgpt_export.looks_like(document):
        return (*chatgpt_export.conversations(document), {})
    raise ChatFileError(translate("ChatFiles", "The file is neither a Hearth export nor ChatGPT's "
                                              "conversations.json."))


def import_file(history: History, path: str | Path, images: ImageFiles | None = None) -> ImportReport:
    """Every conversation the file holds that can be added; their images into ``images`` (the image store; without
    it they are left out, and the report says so)."""
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
    conversations, notes, pictures = read_conversations(raw)
    report = ImportReport(notes=notes)
    intake = _ImageIntake(images, pictures, report)
    for number, conversation in enumerate(conversations, start=1):
        title = (conversation.get("title") if isinstance(conversation, dict) else None) or translate(
            "ChatFiles", "Conversation {number}").format(number=number)
        if not isinstance(conversation, dict) or not conversation.get("messages"):
            report.skipped.append(translate("ChatFiles", "{title}: it has no messages").format(title=title))
            continue
        try:
            report.conversation_ids.append(history.import_tree(intake.bring_in(conversation, str(title))))
        except (ValueError, TypeError) as exc:
            report.skipped.append(f"{title}: {exc}")
            continue
        report.messages += len(conversation["messages"])
    return report


class _ImageIntake:
    """The file's images given to the image store as the messages that use them come in: each picture once, under
    the name the store gives it (its own check may re-encode it); one refused or missing is left out of its message,
    with a line in the report, and the message comes in without it."""

    def __init__(self, store: ImageFiles | None, pictures: dict, report: ImportReport):
        self.store, self.pictures, self.report = store, pictures, report
        self.names: dict[str, str | None] = {}  # the file's name of an image: the store's, or None when left out
        self.told_no_store = False

    def bring_in(self, conversation: dict, title: str) -> dict:
        messages = conversation.get("messages")
        if not isinstance(messages, list) or not any(isinstance(m, dict) and m.get("images") for m in messages):
            return conversation
        copied = []
        for message in messages:
            if isinstance(message, dict) and message.get("images"):
                message = {**message, "images": self._names(message["images"], title)}
            copied.append(message)
        return {**conversation, "messages": copied}

    def _names(self, names, title: str) -> list[str]:
        if self.store is None:
            if not self.told_no_store:
                self.told_no_store = True
                self.report.notes.append(translate("ChatFiles", "The images in the file were left out."))
            return []
        if not isinstance(names, list):
            names = []
            self._left_out(title, translate("ChatFiles", "the file does not say which they are"))
        return [name for name in (self._name(name, title) for name in names) if name is not None]

    def _name(self, name, title: str) -> str | None:
        if not isinstance(name, str):
            self._left_out(title, translate("ChatFiles", "the file does not say which it is"))
            return None
        if name not in self.names:
            self.names[name] = self._add(name, title)
        return self.names[name]

    def _add(self, name: str, title: str) -> str | None:
        record = self.pictures.get(name)
        data = record.get("data") if isinstance(record, dict) else None
        if not isinstance(data, str):
            self._left_out(title, translate("ChatFiles", "it is missing from the file"))
            return None
        try:
            picture = base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError):
            self._left_out(title, translate("ChatFiles", "its data in the file is damaged"))
            return None
        try:
            stored = self.store.add_bytes(picture)
        except Exception as exc:  # noqa: BLE001 - hostile input: whatever the check refuses, only this one is lost
            log.info("an imported image was refused: %s", exc)
            self._left_out(title, str(exc))
            return None
        return stored.sha256 if is_image_name(stored.sha256) else None

    def _left_out(self, title: str, why: str) -> None:
        self.report.notes.append(translate("ChatFiles", "{title}: an image was left out: {why}").format(
            title=title, why=why))
