"""Conversations and their messages.

A conversation is a tree: editing a user message or regenerating a reply adds a sibling instead of overwriting,
so every earlier version stays reachable. The conversation remembers which leaf is on screen; the visible
thread is the path from the root to that leaf.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from assistant.core.storage.database import pack_text, searchable, unpack_text
from assistant.core.storage.search_text import literal_terms, query_terms

# Statuses of a reply. "streaming" only ever exists while the app runs; at start-up it becomes "interrupted".
COMPLETE, STREAMING, INTERRUPTED, STOPPED, FAILED = "complete", "streaming", "interrupted", "stopped", "failed"


@dataclass
class ConversationSummary:
    id: int
    title: str
    updated_at: float


@dataclass(frozen=True)
class DocumentsChoice:
    """A conversation's use of the documents: on or off, and which sources (None: all of them)."""

    on: bool = False
    sources: list[str] | None = None


@dataclass(frozen=True)
class ToolsChoice:
    """A conversation's use of tools: on or off (off until the user switches it on), which tools (their keys,
    ``source/name``; None: every tool there is), and the files the user picked for the model to read."""

    on: bool = False
    tools: list[str] | None = None
    files: list[str] = field(default_factory=list)


@dataclass
class Conversation:
    id: int
    title: str
    system_prompt: str
    current_leaf_id: int | None
    profile_on: bool = True  # the user's profile goes with the system prompt (when one is in use)


@dataclass
class Message:
    id: int
    conversation_id: int
    parent_id: int | None
    role: str
    content: str
    status: str = COMPLETE
    error: str | None = None
    model: str | None = None
    prompt_tokens: int | None = None
    generated_tokens: int | None = None
    ttft_ms: float | None = None
    tokens_per_s: float | None = None
    context_dropped: int = 0
    thinking: str = ""  # the model's reasoning before this reply, shown apart and never as the answer
    thinking_seconds: float | None = None
    # The passages from the user's documents the reply was given: number, path, page, paragraph, text.
    sources: list[dict] = field(default_factory=list)
    # The images a question was sent with, in order: the sha256 naming each file in the image store (core/images).
    images: list[str] = field(default_factory=list)
    # What the user is told with a reply about how it was asked (an image read as text for a model that cannot see).
    notes: list[str] = field(default_factory=list)
    # A reply's tool steps, in order (core/chat/tool_steps): each call the model wrote, the user's decision and the
    # tool's answer, with the reply's text written before it.
    tool_steps: list[dict] = field(default_factory=list)
    # Position among the versions of this message (siblings), for the "< 2/3 >" control.
    sibling_index: int = 0
    sibling_count: int = 1
    created_at: float | None = None  # seconds since the epoch, when it was added


@dataclass
class SearchHit:
    """A message that matches a chat search, with where it lives: opening it shows its branch."""
    conversation_id: int
    conversation_title: str
    message_id: int
    role: str
    text: str


# What a JSON export keeps of a message besides its place in the tree, role, text and time.
EXPORTED_FIELDS = ("status", "error", "model", "prompt_tokens", "generated_tokens", "ttft_ms", "tokens_per_s",
                   "context_dropped", "thinking", "thinking_seconds", "sources", "notes", "images", "tool_steps")

_MESSAGE_COLUMNS = (
    "id, conversation_id, parent_id, role, content, status, error, model, "
    "prompt_tokens, generated_tokens, ttft_ms, tokens_per_s, context_dropped, thinking, thinking_seconds, sources, "
    "notes, tool_steps, created_at"
)
_SHA256 = re.compile(r"[0-9a-f]{64}")


def is_image_name(value: object) -> bool:
    """A sha256 as the image store names its files: 64 lowercase hex digits, nothing a path could be made of."""
    return isinstance(value, str) and _SHA256.fullmatch(value) is not None


def chat_title(text: str, limit: int = 48) -> str:
    """A conversation's title from its first message: on one line, at most ``limit`` characters, cut after a whole
    word and ended with "…" when the message is longer. Text without spaces near the end (Chinese, a long URL) is
    cut between characters."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line[:limit - 1]
    space = cut.rfind(" ")
    if line[limit - 1] != " " and space >= limit // 2:  # the cut falls inside a word: end at the word before it
        cut = cut[:space]
    return cut.rstrip(" ,;:.-—，。、；：") + "…"


def _message(row, images: list[str] | None = None) -> Message:
    return Message(row[0], row[1], row[2], row[3], unpack_text(row[4]), *row[5:13], thinking=unpack_text(row[13]),
                   thinking_seconds=row[14], sources=_sources(row[15]), images=images or [],
                   notes=[note for note in _sources(row[16]) if isinstance(note, str)],
                   tool_steps=tool_steps(_sources(row[17])), created_at=row[18])


def tool_steps(value) -> list[dict]:
    """Tool steps as they are kept, from whatever a file or an old row holds: each a dict with its call (id, name,
    arguments, problem as text); anything else is left out, and each field has its type."""
    steps = []
    for item in value if isinstance(value, list) else []:
        call = item.get("call") if isinstance(item, dict) else None
        if not isinstance(call, dict) or not isinstance(call.get("name"), str):
            continue
        number = item.get("round")
        steps.append({
            "call": {key: str(call.get(key) or default) for key, default in
                     (("id", ""), ("name", ""), ("arguments", "{}"), ("problem", ""))},
            "source": _string(item.get("source")), "decision": _string(item.get("decision")),
            "result": _string(item.get("result")), "ok": item.get("ok") is True,
            "text_before": _string(item.get("text_before")),
            "round": number if isinstance(number, int) and not isinstance(number, bool) and number >= 0 else 0})
    return steps


def rounds(steps: Sequence[dict]) -> list[list[dict]]:
    """A reply's tool steps grouped by round, in order (core/chat/tool_steps)."""
    grouped: list[list[dict]] = []
    for step in steps:
        if grouped and grouped[-1][0].get("round") == step.get("round"):
            grouped[-1].append(step)
        else:
            grouped.append([step])
    return grouped


def answer_after(content: str, steps: Sequence[dict]) -> str:
    """The reply's text after its last round: what the model answered once its calls were told back."""
    before = "".join(group[0].get("text_before", "") for group in rounds(steps))
    return content[len(before):] if content.startswith(before) else content


def _string(value) -> str:
    return value if isinstance(value, str) else ""


def _sources(raw: str | None) -> list:
    try:
        value = json.loads(raw) if raw else []
    except json.JSONDecodeError:
        return []
    return value if isinstance(value, list) else []


def _notes(value) -> list[str]:
    return [note for note in value if isinstance(note, str) and note] if isinstance(value, list) else []


def _number(value, default):
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else default


def _count(value):
    return int(value) if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _text(value):
    return value if isinstance(value, str) and value else None


class History:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    # Conversations -----------------------------------------------------------------------------------------

    def create_conversation(self, title: str = "New chat", system_prompt: str = "") -> int:
        now = time.time()
        cur = self.conn.execute(
            "INSERT INTO conversations (title, system_prompt, created_at, updated_at) VALUES (?, ?, ?, ?)",
            (pack_text(title), pack_text(system_prompt), now, now),
        )
        return cur.lastrowid

    def list_conversations(self, title_filter: str = "", limit: int | None = None) -> list[ConversationSummary]:
        """Newest first; with ``limit``, only that many, read from the start of an index (conversations_by_update),
        so the first page costs the same in a history of any size."""
        rows = self.conn.execute("SELECT id, title, updated_at FROM conversations ORDER BY updated_at DESC, id DESC")
        needle = title_filter.casefold()
        result = []
        try:
            for row in rows:
                title = unpack_text(row[1])
                if not needle or needle in title.casefold():
                    result.append(ConversationSummary(row[0], title, row[2]))
                    if len(result) == limit:
                        break
        finally:
            rows.close()  # a statement left open would hold its read snapshot
        return result

    def conversation(self, conversation_id: int) -> Conversation | None:
        row = self.conn.execute(
            "SELECT id, title, system_prompt, current_leaf_id, profile_on FROM conversations WHERE id = ?",
            (conversation_id,)).fetchone()
        if row is None:
            return None
        return Conversation(row[0], unpack_text(row[1]), unpack_text(row[2]), row[3], bool(row[4]))

    def rename(self, conversation_id: int, title: str) -> None:
        self.conn.execute("UPDATE conversations SET title = ? WHERE id = ?", (pack_text(title), conversation_id))

    def set_system_prompt(self, conversation_id: int, text: str) -> None:
        self.conn.execute(
            "UPDATE conversations SET system_prompt = ? WHERE id = ?", (pack_text(text), conversation_id)
        )

    def set_profile_on(self, conversation_id: int, on: bool) -> None:
        self.conn.execute("UPDATE conversations SET profile_on = ? WHERE id = ?", (int(on), conversation_id))

    def delete_conversation(self, conversation_id: int) -> None:
        """Its messages and their references to images go with it; the image files are the image store's to remove
        (``image_references`` says which are still used)."""
        self.conn.execute("DELETE FROM conversations WHERE id = ?", (conversation_id,))

    def documents_choice(self, conversation_id: int) -> DocumentsChoice | None:
        """Whether the conversation answers from the documents, and from which; None: never chosen."""
        row = self.conn.execute("SELECT use_documents, sources FROM conversation_documents WHERE conversation_id = ?",
                                (conversation_id,)).fetchone()
        if row is None:
            return None
        sources = json.loads(row[1]) if row[1] else None
        return DocumentsChoice(bool(row[0]), sources if isinstance(sources, list) else None)

    def set_documents_choice(self, conversation_id: int, choice: DocumentsChoice) -> None:
        self.conn.execute(
            "INSERT INTO conversation_documents (conversation_id, use_documents, sources) VALUES (?, ?, ?) "
            "ON CONFLICT(conversation_id) DO UPDATE SET use_documents = excluded.use_documents, "
            "sources = excluded.sources",
            (conversation_id, choice.on, None if choice.sources is None else json.dumps(choice.sources)))

    def tools_choice(self, conversation_id: int) -> ToolsChoice | None:
        """Which tools the conversation may use; None: never chosen (off)."""
        row = self.conn.execute("SELECT enabled, tools, files FROM conversation_tools WHERE conversation_id = ?",
                                (conversation_id,)).fetchone()
        if row is None:
            return None
        tools, files = _sources(row[1]) if row[1] is not None else None, _sources(row[2])
        return ToolsChoice(bool(row[0]), None if tools is None else [t for t in tools if isinstance(t, str)],
                           [f for f in files if isinstance(f, str)])

    def set_tools_choice(self, conversation_id: int, choice: ToolsChoice) -> None:
        self.conn.execute(
            "INSERT INTO conversation_tools (conversation_id, enabled, tools, files) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(conversation_id) DO UPDATE SET enabled = excluded.enabled, tools = excluded.tools, "
            "files = excluded.files",
            (conversation_id, choice.on, None if choice.tools is None else json.dumps(choice.tools, ensure_ascii=False),
             json.dumps(list(choice.files), ensure_ascii=False)))

    # Messages ----------------------------------------------------------------------------------------------

    def add_message(
        self, conversation_id: int, parent_id: int | None, role: str, content: str, status: str = COMPLETE,
        model: str | None = None, images: Sequence[str] = (), notes: Sequence[str] = (),
    ) -> int:
        """Append a message under ``parent_id`` and make it the visible leaf, with the images it was sent with (their
        sha256s, in order) and the notes it is shown with. Committed before returning, all of it or nothing."""
        bad = [name for name in images if not is_image_name(name)]
        if bad:
            raise ValueError(f"not an image's sha256: {str(bad[0])[:80]}")
        now = time.time()
        with self.conn:
            self.conn.execute("BEGIN")
            cur = self.conn.execute(
                "INSERT INTO messages (conversation_id, parent_id, role, content, status, model, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (conversation_id, parent_id, role, pack_text(content), status, model, now),
            )
            if notes:
                self.conn.execute("UPDATE messages SET notes = ? WHERE id = ?",
                                  (json.dumps(list(notes), ensure_ascii=False), cur.lastrowid))
            if images:
                self._add_images(cur.lastrowid, images)
            self._index(cur.lastrowid, content)
            self.conn.execute(
                "UPDATE conversations SET current_leaf_id = ?, updated_at = ? WHERE id = ?",
                (cur.lastrowid, now, conversation_id),
            )
        return cur.lastrowid

    def save_reply(self, message_id: int, content: str, status: str = STREAMING, **stats) -> None:
        """Store the reply so far; called repeatedly while it streams and once more when it ends."""
        columns = ["content = ?", "status = ?"]
        values: list[object] = [pack_text(content), status]
        for name in ("error", "prompt_tokens", "generated_tokens", "ttft_ms", "tokens_per_s", "context_dropped",
                     "thinking", "thinking_seconds", "sources", "notes", "tool_steps"):
            if name in stats:
                columns.append(f"{name} = ?")
                value = stats[name]
                values.append(pack_text(value) if name == "thinking" else
                              json.dumps(value, ensure_ascii=False) if name in ("sources", "notes", "tool_steps")
                              else value)
        values.append(message_id)
        self.conn.execute(f"UPDATE messages SET {', '.join(columns)} WHERE id = ?", values)
        if status != STREAMING:  # a reply is indexed once, when it ends, not at every streamed piece
            self._index(message_id, content)

    def _add_images(self, message_id: int, images: Sequence[str]) -> None:
        self.conn.executemany("INSERT INTO message_images (message_id, position, sha256) VALUES (?, ?, ?)",
                              ((message_id, position, name) for position, name in enumerate(images)))

    def _images_of(self, where: str, value: int) -> dict[int, list[str]]:
        """The images of the messages ``where`` selects (one query, whatever their number), by message id."""
        rows = self.conn.execute(
            "SELECT i.message_id, i.sha256 FROM message_images i JOIN messages m ON m.id = i.message_id "
            f"WHERE {where} ORDER BY i.message_id, i.position", (value,))
        found: dict[int, list[str]] = {}
        for message_id, name in rows:
            found.setdefault(message_id, []).append(name)
        return found

    def image_references(self, names: Iterable[str] | None = None) -> set[str]:
        """The sha256s some message uses: all of them, or those of ``names``. An image file none of them names can
        be removed from the image store (``ImageStore.remove_unused``)."""
        if names is None:
            return {row[0] for row in self.conn.execute("SELECT DISTINCT sha256 FROM message_images")}
        names = list(dict.fromkeys(names))
        used: set[str] = set()
        for start in range(0, len(names), 500):  # SQLite's limit on bound values, with room to spare
            chunk = names[start:start + 500]
            used.update(row[0] for row in self.conn.execute(
                f"SELECT DISTINCT sha256 FROM message_images WHERE sha256 IN ({', '.join('?' * len(chunk))})",
                chunk))
        return used

    def conversation_images(self, conversation_id: int) -> set[str]:
        """The sha256s of every image in the conversation, in every branch."""
        return {name for names in self._images_of("m.conversation_id = ?", conversation_id).values()
                for name in names}

    def _index(self, message_id: int, content: str) -> None:
        self.conn.execute("DELETE FROM message_search WHERE rowid = ?", (message_id,))
        self.conn.execute("INSERT INTO message_search (rowid, body) VALUES (?, ?)", (message_id, searchable(content)))

    def search(self, query: str, limit: int = 200) -> list[SearchHit]:
        """Messages in every conversation and every branch that contain all the query's words (Chinese: all its
        character pairs) and its emoji and symbols as typed (search_text.literal_terms), newest first. The index
        narrows the search whenever the query has a word; only a query of symbols alone reads every message."""
        terms = query_terms(query)
        literals = literal_terms(query)
        if not terms and not literals:
            return []
        conditions, values = [], []
        for literal in literals:
            if any(ch.isascii() and ch.isalpha() for ch in literal):
                # SQLite's lower() folds ASCII letters only: the literal is folded the same way.
                conditions.append("instr(lower(CAST(m.content AS TEXT)), ?) > 0")
                values.append("".join(ch.lower() if ch.isascii() else ch for ch in literal))
            else:  # emoji and symbols have no case: the stored bytes are searched as they are, without a copy
                conditions.append("instr(CAST(m.content AS BLOB), ?) > 0")
                values.append(pack_text(literal))
        if terms:
            expression = " AND ".join(f'"{term}"*' if prefix else f'"{term}"' for term, prefix in terms)
            source = "message_search s JOIN messages m ON m.id = s.rowid"
            conditions.insert(0, "message_search MATCH ?")
            values.insert(0, expression)
        else:
            source = "messages m"
        rows = self.conn.execute(
            f"SELECT m.conversation_id, c.title, m.id, m.role, m.content FROM {source} "
            f"JOIN conversations c ON c.id = m.conversation_id WHERE {' AND '.join(conditions)} "
            "ORDER BY m.id DESC LIMIT ?", (*values, limit)).fetchall()
        return [SearchHit(row[0], unpack_text(row[1]), row[2], row[3], unpack_text(row[4])) for row in rows]

    def message(self, message_id: int) -> Message | None:
        row = self.conn.execute(f"SELECT {_MESSAGE_COLUMNS} FROM messages WHERE id = ?", (message_id,)).fetchone()
        return _message(row, self._images_of("m.id = ?", message_id).get(message_id)) if row else None

    def thread(self, conversation_id: int) -> list[Message]:
        """The visible messages, root first, each with its position among its siblings."""
        conversation = self.conversation(conversation_id)
        if conversation is None or conversation.current_leaf_id is None:
            return []
        rows = self.conn.execute(
            f"SELECT {_MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? ORDER BY id", (conversation_id,)
        ).fetchall()
        by_id = {row[0]: row for row in rows}
        children: dict[int | None, list[int]] = {}
        for row in rows:
            children.setdefault(row[2], []).append(row[0])
        images = self._images_of("m.conversation_id = ?", conversation_id)
        path = []
        node = conversation.current_leaf_id
        while node is not None and node in by_id:
            message = _message(by_id[node], images.get(node))
            siblings = children[message.parent_id]
            message.sibling_index, message.sibling_count = siblings.index(node), len(siblings)
            path.append(message)
            node = message.parent_id
        path.reverse()
        return path

    def sibling_ids(self, message_id: int) -> list[int]:
        message = self.message(message_id)
        if message is None:
            return []
        rows = self.conn.execute(
            "SELECT id FROM messages WHERE conversation_id = ? AND parent_id IS ? ORDER BY id",
            (message.conversation_id, message.parent_id),
        )
        return [row[0] for row in rows]

    def show_branch(self, message_id: int) -> None:
        """Make the thread through ``message_id`` visible, following the newest reply below it."""
        message = self.message(message_id)
        if message is not None:
            self._follow_to_leaf(message.conversation_id, message_id)

    def set_leaf(self, conversation_id: int, message_id: int) -> None:
        """Make exactly ``message_id`` the end of the visible thread (e.g. a question about to get a new reply)."""
        self.conn.execute(
            "UPDATE conversations SET current_leaf_id = ? WHERE id = ?", (message_id, conversation_id)
        )

    # Export and import (core/storage/chat_files) -------------------------------------------------------------

    def export(self, conversation_id: int) -> dict | None:
        """One conversation with every branch, as plain data: Hearth's JSON export of it (chat_files)."""
        row = self.conn.execute("SELECT title, system_prompt, current_leaf_id, created_at, updated_at FROM "
                                "conversations WHERE id = ?", (conversation_id,)).fetchone()
        if row is None:
            return None
        rows = self.conn.execute(f"SELECT {_MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? "
                                 "ORDER BY id", (conversation_id,)).fetchall()
        images = self._images_of("m.conversation_id = ?", conversation_id)
        messages = []
        for message_row in rows:
            message = _message(message_row, images.get(message_row[0]))
            item = {"id": message.id, "parent": message.parent_id, "role": message.role, "content": message.content,
                    "created_at": message.created_at}
            for name in EXPORTED_FIELDS:
                value = getattr(message, name)
                if value not in (None, "", [], 0) or (name == "status" and value != COMPLETE):
                    item[name] = value
            messages.append(item)
        return {"title": unpack_text(row[0]), "system_prompt": unpack_text(row[1]), "current_leaf": row[2],
                "created_at": row[3], "updated_at": row[4], "messages": messages}

    def import_tree(self, data: dict) -> int:
        """Add a conversation given as ``export`` returns it (ids are the file's own, remapped here), in one
        transaction: all of it or, on an error, none. A message whose parent is not before it in the list is
        attached where its parent would have been missing: at the root. Raises ValueError on a malformed one."""
        now = time.time()
        created = _number(data.get("created_at"), now)
        ids: dict[object, int] = {}
        with self.conn:
            self.conn.execute("BEGIN")
            conversation_id = self.conn.execute(
                "INSERT INTO conversations (title, system_prompt, created_at, updated_at) VALUES (?, ?, ?, ?)",
                (pack_text(str(data.get("title") or "Imported chat")), pack_text(str(data.get("system_prompt") or "")),
                 created, _number(data.get("updated_at"), created))).lastrowid
            for item in data.get("messages") or []:
                if not isinstance(item, dict) or item.get("role") not in ("user", "assistant"):
                    raise ValueError(f"a message that is not a user's or an assistant's: {str(item)[:80]}")
                content = item.get("content")
                if not isinstance(content, str):
                    raise ValueError("a message without text")
                status = item.get("status", COMPLETE)
                status = status if status in (COMPLETE, INTERRUPTED, STOPPED, FAILED) else INTERRUPTED
                sources = item.get("sources") if isinstance(item.get("sources"), list) else []
                notes = _notes(item.get("notes"))
                steps = tool_steps(item.get("tool_steps")) if item["role"] == "assistant" else []
                images = item.get("images") or []
                if not isinstance(images, list) or not all(is_image_name(name) for name in images):
                    raise ValueError("a message whose images are not named by their sha256")
                message_id = self.conn.execute(
                    "INSERT INTO messages (conversation_id, parent_id, role, content, status, error, model, "
                    "created_at, prompt_tokens, generated_tokens, ttft_ms, tokens_per_s, context_dropped, thinking, "
                    "thinking_seconds, sources, notes, tool_steps) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (conversation_id, ids.get(item.get("parent")), item["role"], pack_text(content), status,
                     _text(item.get("error")), _text(item.get("model")), _number(item.get("created_at"), created),
                     _count(item.get("prompt_tokens")), _count(item.get("generated_tokens")),
                     _number(item.get("ttft_ms"), None), _number(item.get("tokens_per_s"), None),
                     _count(item.get("context_dropped")) or 0, pack_text(str(item.get("thinking") or "")),
                     _number(item.get("thinking_seconds"), None),
                     json.dumps(sources, ensure_ascii=False) if sources else "",
                     json.dumps(notes, ensure_ascii=False) if notes else "",
                     json.dumps(steps, ensure_ascii=False))).lastrowid
                self._add_images(message_id, images)
                ids[item.get("id", message_id)] = message_id
                self._index(message_id, content)
            leaf = ids.get(data.get("current_leaf"))
            if leaf is None and ids:
                leaf = max(ids.values())
            self.conn.execute("UPDATE conversations SET current_leaf_id = ? WHERE id = ?", (leaf, conversation_id))
            if leaf is not None:  # the thread shown is the whole path to a leaf, as in the app
                self._follow_to_leaf(conversation_id, leaf)
        return conversation_id

    def _follow_to_leaf(self, conversation_id: int, message_id: int) -> None:
        leaf = message_id
        while True:
            row = self.conn.execute("SELECT MAX(id) FROM messages WHERE parent_id = ?", (leaf,)).fetchone()
            if row[0] is None:
                break
            leaf = row[0]
        self.conn.execute("UPDATE conversations SET current_leaf_id = ? WHERE id = ?", (leaf, conversation_id))

    def mark_interrupted_replies(self) -> int:
        """At start-up: replies that were streaming when the app died are kept and marked, never dropped."""
        # The status is written out so that the partial index of streaming replies (messages_streaming) serves it.
        rows = self.conn.execute(f"SELECT id, content FROM messages WHERE status = '{STREAMING}'").fetchall()
        with self.conn:
            self.conn.execute("BEGIN")
            for message_id, content in rows:
                self.conn.execute("UPDATE messages SET status = ? WHERE id = ?", (INTERRUPTED, message_id))
                self._index(message_id, unpack_text(content))
        return len(rows)
