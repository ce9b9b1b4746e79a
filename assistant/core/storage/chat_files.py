"""Conversations to and from files: Hearth's own JSON (every branch, exactly), Markdown (the thread on screen, to
read or paste anywhere), and ChatGPT's data export (``conversations.json``, core/storage/chatgpt_export).

A JSON export opens with ``{"format": "hearth-chats", "version": 1}`` and lists conversations as
``History.export`` gives them: each message with its file-local ``id`` and ``parent``, so that every branch (an
edited question, a regenerated reply) comes back as a branch. Text is written exactly: a character a file cannot
hold as UTF-8 (a lone surrogate from a broken paste) is written as its JSON escape and read back as itself.

Importing reads the whole file first and then adds each conversation in a transaction of its own, so a file with
one bad conversation still brings the others, and says which it could not.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from assistant.core.i18n import translate
from assistant.core.storage.history import COMPLETE, History

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

def export_json(history: History, conversation_ids: list[int]) -> bytes:
    conversations = [c for c in (history.export(i) for i in conversation_ids) if c is not None]
    document = {"format": FORMAT, "version": VERSION, "exported_at": time.time(), "conversations": conversations}
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8", "backslashreplace")


def export_markdown(history: History, conversation_ids: list[int]) -> bytes:
    """The thread each conversation shows, as Markdown: its title, the system prompt, then each message under
    who wrote it, with a reply's thinking folded away and its sources listed."""
    parts = []
    for conversation_id in conversation_ids:
        conversation = history.conversation(conversation_id)
        if conversation is None:
            continue
        lines = [f"# {conversation.title}", ""]
        if conversation.system_prompt.strip():
            lines += [_quote(translate("ChatFiles", "System prompt") + ": " + conversation.system_prompt), ""]
        for message in history.thread(conversation_id):
            if message.role == "user":
                you = translate("ChatFiles", "You")
                lines += [f"## {you}", ""]
            else:
                who = translate("ChatFiles", "Assistant")
                lines += [f"## {who} ({message.model})" if message.model else f"## {who}", ""]
                if message.thinking.strip():
                    lines += ["<details><summary>" + translate("ChatFiles", "Thinking") + "</summary>", "",
                              message.thinking.strip(), "", "</details>", ""]
            lines += [message.content.strip() or "*" + translate("ChatFiles", "(empty)") + "*", ""]
            if message.status != COMPLETE:
                lines += ["*" + translate("ChatFiles", "This reply did not finish ({status}).").format(
                    status=message.status) + "*", ""]
            if message.sources:
                lines += [translate("ChatFiles", "Sources:"), ""]
                lines += [f"{s.get('number', i + 1)}. {s.get('path', '')}" + _place(s)
                          for i, s in enumerate(message.sources)]
                lines.append("")
        parts.append("\n".join(lines).rstrip() + "\n")
    return "\n---\n\n".join(parts).encode("utf-8", "replace")


def _quote(text: str) -> str:
    return "\n".join("> " + line if line else ">" for line in text.strip().splitlines())


def _place(source: dict) -> str:
    if source.get("page"):
        return ", " + translate("ChatFiles", "page {page}").format(page=source["page"])
    if source.get("paragraph"):
        return ", " + translate("ChatFiles", "paragraph {paragraph}").format(paragraph=source["paragraph"])
    return ""


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
