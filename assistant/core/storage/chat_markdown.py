"""Conversations as Markdown, a reading copy: the thread on screen under who wrote each message.

The file's own structure is a level-1 heading per conversation, a level-2 heading per message, ``---`` between
conversations and a ``<details>`` block for a reply's thinking. No text from the history may be read as any of it:

- what the user typed is plain text in the app, so it goes in a fenced block whose fence is longer than any run of
  backticks inside it: nothing in it is Markdown, and every line break is kept;
- a reply is Markdown in the app, so it stays Markdown, contained: its headings move two levels down (so never a
  conversation's or a message's), a line of dashes becomes ``* * *``, HTML is escaped (the app shows none either),
  and a code block a stopped reply left open is closed before the next message;
- one-line texts (titles, model names, paths, errors) are escaped character by character.

Control characters (a NUL from a paste) are written as their visible Unicode pictures (␀), which keeps the file
text; the JSON export keeps them exactly.

A message's images come before its text, as in the app, each as ``![Image](link)`` to the copy the export wrote
beside the file (chat_files.Export), or as a line saying it is not included when there is none.

A reply that used tools shows each round as it went: the text written before its calls, then each call (the tool,
its server, what became of it, its arguments as JSON in a fenced block) and what the model was told, the tool's
output marked as untrusted, in a fenced block, so nothing in it is read as the file's Markdown.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from assistant.core.i18n import translate
from assistant.core.storage.history import (COMPLETE, FAILED, INTERRUPTED, STOPPED, STREAMING, History, Message,
                                            answer_after, rounds)

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$")
_HEADING = re.compile(r"^( {0,3})(#{1,6})(?=[ \t]|$)")
_RULE_OR_UNDERLINE = re.compile(r"^ {0,3}([-=])[-= \t]*$")
_TAG = re.compile(r"<(?=[A-Za-z/!?])")
_INLINE_SYNTAX = re.compile(r"([\\`*\[\]<>#|~])|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")


def conversation(history: History, conversation_id: int,
                 image_link: Callable[[str], str | None] | None = None) -> str | None:
    """One conversation's thread as Markdown, or None when it no longer exists. ``image_link(sha256)``: the link to
    an image's copy, relative to the file (None: there is none)."""
    found = history.conversation(conversation_id)
    if found is None:
        return None
    lines = [f"# {inline(found.title)}", ""]
    if found.system_prompt.strip():
        label = inline(translate("ChatFiles", "System prompt"))  # outside the f-string, where lupdate sees it
        lines += [f"**{label}**", "", *fenced(found.system_prompt), ""]
    for message in history.thread(conversation_id):
        lines += _message(message, image_link)
    return "\n".join(lines).rstrip() + "\n"


SEPARATOR = "\n---\n\n"


def _message(message: Message, image_link: Callable[[str], str | None] | None = None) -> list[str]:
    if message.role == "user":
        lines = ["## " + inline(translate("ChatFiles", "You")), "", *_images(message.images, image_link)]
        if message.images and not message.content:
            return lines
        return lines + (fenced(message.content) if message.content else [_empty()]) + [""]
    who = inline(translate("ChatFiles", "Assistant"))
    lines = [f"## {who} ({inline(message.model)})" if message.model else f"## {who}", ""]
    if message.thinking.strip():
        lines += ["<details><summary>" + inline(translate("ChatFiles", "Thinking")) + "</summary>", "",
                  *contained(message.thinking.strip()), "", "</details>", ""]
    answer = message.content
    if message.tool_steps:
        lines += _tool_rounds(message.tool_steps)
        answer = answer_after(message.content, message.tool_steps)
    if answer.strip():
        lines += [*contained(answer.strip()), ""]
    elif message.status == COMPLETE and not message.tool_steps:
        lines += [_empty(), ""]  # a failed or stopped reply says why below instead
    note = status_note(message)
    if note:
        lines += [f"*{inline(note)}*", ""]
    # A reply's notes are kept in English (core/chat/image_reading) and written in the app's language, as shown.
    lines += [line for note in message.notes for line in (f"*{inline(translate('ChatSession', note))}*", "")]
    if message.sources:
        lines += [inline(translate("ChatFiles", "Sources:")), ""]
        lines += [f"{_number(s, i)}. {inline(str(s.get('path', '')))}" + inline(_place(s))
                  for i, s in enumerate(message.sources)]
        lines.append("")
    return lines


def _tool_rounds(steps: list[dict]) -> list[str]:
    lines: list[str] = []
    for group in rounds(steps):
        before = group[0].get("text_before", "").strip()
        if before:
            lines += [*contained(before), ""]
        for step in group:
            call = step["call"]
            head = translate("ChatFiles", "Tool call: {tool}").format(tool=call["name"])
            if step.get("source"):
                head += f" ({step['source']})"
            lines += [f"**{inline(head)}**: {inline(_decision(step.get('decision', '')))}", "",
                      *fenced(pretty_arguments(call["arguments"])), ""]
            ran = step.get("decision") in ("once", "always", "granted")
            label = translate("ChatFiles", "Tool output (untrusted):") if ran else \
                translate("ChatFiles", "Told to the model:")
            lines += [f"*{inline(label)}*", "", *fenced(step.get("result", "")), ""]
    return lines


def _decision(decision: str) -> str:
    labels = {"once": translate("ChatFiles", "allowed once"),
              "always": translate("ChatFiles", "always allowed from here on"),
              "granted": translate("ChatFiles", "allowed (always allowed before)"),
              "denied": translate("ChatFiles", "denied"),
              "invalid": translate("ChatFiles", "not run: it could not run as written"),
              "capped": translate("ChatFiles", "not run: over the limit of calls for one reply"),
              "stopped": translate("ChatFiles", "not finished: the reply was stopped")}
    return labels.get(decision, decision)


def pretty_arguments(arguments: str) -> str:
    """A call's arguments as people read them (the export, the window's blocks and approval card): indented JSON,
    every character as written (not \\u-escaped); as the model wrote them when they are not JSON."""
    try:
        return json.dumps(json.loads(arguments), indent=2, ensure_ascii=False)
    except (ValueError, TypeError, RecursionError):
        return arguments


def status_note(message: Message) -> str:
    """Why a reply is not a whole answer, as a sentence, or "" for a complete one."""
    if message.status == COMPLETE:
        return ""
    if message.status == FAILED:
        if message.error and message.error.strip():
            return translate("ChatFiles", "This reply failed: {reason}").format(reason=message.error.strip())
        return translate("ChatFiles", "This reply failed.")
    notes = {STOPPED: translate("ChatFiles", "This reply was stopped before it finished."),
             INTERRUPTED: translate("ChatFiles", "This reply was interrupted: the app closed while it was being "
                                                 "written."),
             STREAMING: translate("ChatFiles", "This reply was still being written when it was exported.")}
    return notes.get(message.status, translate("ChatFiles", "This reply did not finish."))


def _images(names: list[str], image_link: Callable[[str], str | None] | None) -> list[str]:
    lines = []
    label = inline(translate("ChatFiles", "Image"))  # outside the f-string, where lupdate sees it
    for name in names:
        link = image_link(name) if image_link is not None else None
        if link:
            lines += [f"![{label}]({link})", ""]
        else:
            lines += ["*" + inline(translate("ChatFiles", "(an image, not included in this file)")) + "*", ""]
    return lines


def _empty() -> str:
    return "*" + inline(translate("ChatFiles", "(empty)")) + "*"


def _number(source: dict, index: int) -> int:
    number = source.get("number")
    return number if isinstance(number, int) and not isinstance(number, bool) else index + 1


def _place(source: dict) -> str:
    if source.get("page"):
        return ", " + translate("ChatFiles", "page {page}").format(page=source["page"])
    if source.get("paragraph"):
        return ", " + translate("ChatFiles", "paragraph {paragraph}").format(paragraph=source["paragraph"])
    return ""


# Escaping ---------------------------------------------------------------------------------------------------

def visible(text: str) -> str:
    """Line breaks as ``\\n`` and control characters as their pictures (NUL as ␀, DEL as ␡): text, never binary."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub(lambda m: chr(0x2421) if m.group() == "\x7f" else chr(0x2400 + ord(m.group())), text)


def inline(text: str | None) -> str:
    """One line of literal text: whitespace runs become one space and every character Markdown could read as
    syntax is backslash-escaped (an underscore only where it could start or end emphasis)."""
    flat = " ".join(visible(text or "").split())
    return _INLINE_SYNTAX.sub(lambda m: "\\" + m.group(), flat)


def fenced(text: str) -> list[str]:
    """Plain text, exactly, in a fenced block no line of it can close: the fence is longer than any backtick run."""
    text = visible(text)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence, *text.split("\n"), fence]


def contained(markdown: str) -> list[str]:
    """A reply's Markdown, kept as Markdown but unable to make the export's structure (see the module's note)."""
    out, fence = [], None  # fence: the open code block's fence characters, while inside one
    for line in visible(markdown).split("\n"):
        if fence is not None:
            out.append(line)
            if _closes(line, fence):
                fence = None
            continue
        opened = _FENCE.match(line)
        if opened and not (opened.group(2)[0] == "`" and "`" in opened.group(3)):
            fence = opened.group(2)
            out.append(line)
            continue
        out.append(_contained_line(line))
    if fence is not None:  # a reply stopped inside a code block: the rest of the file must not be code
        out.append(fence)
    return out


def _closes(line: str, fence: str) -> bool:
    stripped = line.strip(" ")
    return (len(line) - len(line.lstrip(" ")) <= 3 and len(stripped) >= len(fence)
            and stripped == fence[0] * len(stripped))


def _contained_line(line: str) -> str:
    if line.startswith(("    ", "\t")) or not line.strip():
        return line  # indented code, or a continuation: no block starts here
    heading = _HEADING.match(line)
    if heading:
        hashes = "#" * min(6, len(heading.group(2)) + 2)
        return heading.group(1) + hashes + _escape_tags(line[heading.end():])
    rule = _RULE_OR_UNDERLINE.match(line)
    if rule:
        marks = line.replace(" ", "").replace("\t", "")
        if set(marks) == {"-"} and len(marks) >= 3:
            return "* * *"  # still a rule, and not the dashes that separate conversations
        return "\\" + line.strip()  # a setext underline would make the line above a heading
    return _escape_tags(line)


def _escape_tags(line: str) -> str:
    """``<`` that could open an HTML tag, outside code spans, escaped: HTML in a reply (``</details>``) could
    otherwise close the file's own blocks."""
    parts = re.split(r"(`+)", line)
    out, i = [], 0
    while i < len(parts):
        part = parts[i]
        if part.startswith("`"):
            closing = next((j for j in range(i + 2, len(parts), 2) if parts[j] == part), None)
            if closing is not None:  # a code span: literal up to the next run of the same length
                out.append("".join(parts[i:closing + 1]))
                i = closing + 1
                continue
            out.append(part)
        else:
            out.append(_TAG.sub(r"\\<", part))
        i += 1
    return "".join(out)
