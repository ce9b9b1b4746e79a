"""The readers a call's text streams into once its opening marker has been seen: each takes the new text only
(so a long call costs no more per token than a short one), returns the calls it has completed, and says where
its call ended, handing the text after it back to the splitter."""

from __future__ import annotations

import json
from typing import Callable

from assistant.core.engines.types import ToolCall

Calls = list[ToolCall]


class NotACall(str):
    """What a lead reader hands back when the text it was given is no call after all: answer text. ``feed`` returns
    it in place of the rest, ``finish`` in place of the calls."""


class Reader:
    """``feed`` returns (calls completed, the text after the call, or None while the call goes on); ``finish``
    the calls of what was written when the reply ended without closing the call."""

    def feed(self, text: str) -> tuple[Calls, str | None]:
        raise NotImplementedError

    def finish(self) -> Calls:
        raise NotImplementedError


class UntilMarker(Reader):
    """A call that runs until an end marker (``</tool_call>``); its body is read once, when the marker arrives.
    Several end markers may close it: the first one found wins."""

    def __init__(self, ends: tuple[str, ...], parse: Callable[[str, bool], Calls]):
        self.ends = tuple(end for end in ends if end)
        self.parse = parse
        self.body = ""

    def feed(self, text: str) -> tuple[Calls, str | None]:
        start = max(0, len(self.body) - max((len(end) for end in self.ends), default=1) + 1)
        self.body += text
        found = [(index, end) for end in self.ends if (index := self.body.find(end, start)) >= 0]
        if not found:
            return [], None
        index, end = min(found, key=lambda pair: (pair[0], -len(pair[1])))
        body, rest = self.body[:index], self.body[index + len(end):]
        self.body = ""
        return self.parse(body, False), rest

    def finish(self) -> Calls:
        body, self.body = self.body, ""
        return self.parse(body, True) if body.strip() else []


class JsonScanner:
    """Finds where one JSON value ends, a piece at a time: it tracks strings, escapes and nesting, so each
    character is looked at once. An object, a list or a string ends at its closing character; a bare number or
    word never ends here (the reply's end or the next marker does)."""

    def __init__(self):
        self.text = ""
        self.depth = 0
        self.in_string = False
        self.escaped = False
        self.started = False
        self.bare = False

    def feed(self, text: str) -> int:
        """The index in ``text`` just past the value's end, or -1 while it goes on."""
        self.text += text
        if self.bare:
            return -1
        for i, char in enumerate(text):
            if not self.started:
                if char.isspace():
                    continue
                self.started = True
                if char not in '{["':
                    self.bare = True
                    return -1
            if self.in_string:
                if self.escaped:
                    self.escaped = False
                elif char == "\\":
                    self.escaped = True
                elif char == '"':
                    self.in_string = False
                    if self.depth == 0:
                        return i + 1
            elif char == '"':
                self.in_string = True
            elif char in "{[":
                self.depth += 1
            elif char in "}]":
                self.depth -= 1
                if self.depth <= 0:
                    return i + 1
        return -1


class JsonValue(Reader):
    """One JSON value right after the marker (Llama 3's ``{"name": ...}``, Mistral's ``[TOOL_CALLS][...]``):
    ``parse(text, cut_off)`` turns its text into calls."""

    def __init__(self, parse: Callable[[str, bool], Calls]):
        self.parse = parse
        self.scanner = JsonScanner()

    def feed(self, text: str) -> tuple[Calls, str | None]:
        before = len(self.scanner.text)
        end = self.scanner.feed(text)
        if end < 0:
            return [], None
        value = self.scanner.text[:before + end]
        self.scanner = JsonScanner()
        return self.parse(value, False), text[end:]

    def finish(self) -> Calls:
        text = self.scanner.text
        self.scanner = JsonScanner()
        return self.parse(text, True) if text.strip() else []


class HeaderThenJson(Reader):
    """A header up to a marker (a name, an id: ``special_function[ARGS]``, ``functions.f:0<|tool_call_argument_
    begin|>``), then the arguments as one JSON value. ``parse(header, arguments, cut_off)`` makes the call."""

    def __init__(self, separator: str, parse: Callable[[str, str, bool], Calls]):
        self.separator = separator
        self.parse = parse
        self.header = ""
        self.header_done = False
        self.scanner = JsonScanner()

    def feed(self, text: str) -> tuple[Calls, str | None]:
        if not self.header_done:
            start = max(0, len(self.header) - len(self.separator) + 1)
            self.header += text
            index = self.header.find(self.separator, start)
            if index < 0:
                return [], None
            text = self.header[index + len(self.separator):]
            self.header = self.header[:index]
            self.header_done = True
        before = len(self.scanner.text)
        end = self.scanner.feed(text)
        if end < 0:
            return [], None
        calls = self.parse(self.header, self.scanner.text[:before + end], False)
        return calls, text[end:]

    def finish(self) -> Calls:
        if not (self.header.strip() or self.scanner.text.strip()):
            return []
        return self.parse(self.header, self.scanner.text, True)


def loads(text: str):
    """JSON, or None where it does not parse."""
    try:
        return json.loads(text)
    except ValueError:
        return None


class Skipping(Reader):
    """Drops optional markers before the call proper (``<|tool_call_begin|>`` after ``<|tool_calls_section_
    begin|>``, a ```json fence), then reads with ``inner``."""

    def __init__(self, prefixes: tuple[str, ...], inner: Reader):
        self.prefixes = tuple(prefix for prefix in prefixes if prefix)
        self.inner = inner
        self.head: str | None = ""

    def feed(self, text: str) -> tuple[Calls, str | None]:
        if self.head is not None:
            self.head += text
            head = self.head.lstrip()
            while True:
                if any(prefix.startswith(head) and prefix != head for prefix in self.prefixes):
                    self.head = head  # a longer prefix may still come ("```" of "```json")
                    return [], None
                prefix = next((prefix for prefix in self.prefixes if head.startswith(prefix)), None)
                if prefix is None:
                    break
                head = head[len(prefix):].lstrip()
            if not head:
                self.head = head
                return [], None
            text, self.head = head, None
        return self.inner.feed(text)

    def finish(self) -> Calls:
        if self.head is not None:
            text, self.head = self.head, None
            if not text.strip():
                return []
            self.inner.feed(text)
        return self.inner.finish()


class Deciding(Reader):
    """A lead reader: holds the text until ``decide(head)`` says whether it opens a call (``(reader, text to feed
    it)``), is no call (a ``NotACall`` holding the answer text), or cannot tell yet (``...``)."""

    def __init__(self, decide):
        self.decide = decide
        self.head = ""
        self.inner: Reader | None = None

    def feed(self, text: str) -> tuple[Calls, str | None]:
        if self.inner is None:
            self.head += text
            verdict = self.decide(self.head)
            if verdict is ...:
                return [], None
            if isinstance(verdict, NotACall):
                return [], verdict
            self.inner, text = verdict
        return self.inner.feed(text)

    def finish(self):
        if self.inner is None:
            verdict = self.decide(self.head + "\n\n") if self.head else None
            if isinstance(verdict, tuple):
                self.inner, text = verdict
                self.inner.feed(text)
                return self.inner.finish()
            return NotACall(self.head) if self.head else []
        return self.inner.finish()
