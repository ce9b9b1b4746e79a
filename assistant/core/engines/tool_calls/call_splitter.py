"""Keeps a reply's tool calls apart from its answer while it streams.

The answer text (after the thinking splitter) is fed in pieces. Text that may be the start of a call's opening
marker is held back until the next piece shows what it is; once a call opens, its text goes to the format's
reader and never to the answer. Whitespace around calls is dropped, as is a closing marker right after a call
(``<|tool_calls_section_end|>``). Formats whose calls have no opening marker of their own (Llama 3's bare
``{"name": ...}``, Functionary's ``name\\n{...}`` after the prompt's ``>>>``) have a ``lead``: a reader opened at
the start of the answer and after each call, which hands the text back when it is not a call."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.core.engines.reasoning import partial_suffix
from assistant.core.engines.tool_calls.call_readers import NotACall, Reader
from assistant.core.engines.types import ToolCall

if TYPE_CHECKING:
    from assistant.core.engines.tool_calls.call_format import ToolCallFormat

TEXT, CALL = "text", "call"
_SEPARATORS = ";,"  # between bare JSON calls (Llama 3 may write "; ")


class ToolCallSplitter:
    """``feed(text)`` returns (new answer text, calls completed); ``finish()`` the same for what was held back."""

    def __init__(self, fmt: "ToolCallFormat", tools: list[dict] | None = None):
        from assistant.core.engines.tool_calls.families import reader_for

        self.format = fmt
        self.tools = list(tools or [])
        self._reader_for = reader_for
        self.state = TEXT
        self._pending = ""
        self._reader: Reader | None = None
        self._lead_due = bool(fmt.lead)  # at the start, and after a call: the lead reader decides
        self._after_call = False  # right after a call: its closing markers are dropped
        self._triggers = tuple(sorted(set(fmt.triggers), key=len, reverse=True))
        self._starts = frozenset(trigger[0] for trigger in self._triggers)
        self.answer = ""
        self.calls: list[ToolCall] = []

    def feed(self, text: str) -> tuple[str, list[ToolCall]]:
        self._pending += text
        answer: list[str] = []
        calls: list[ToolCall] = []
        while self._pending:
            if self.state == CALL:
                done, rest = self._reader.feed(self._pending)
                self._pending = ""
                calls += done
                if rest is None:
                    break
                self._end_call(rest)
                continue
            if not self._text(answer):
                break
        return self._record("".join(answer), calls)

    def _text(self, answer: list[str]) -> bool:
        """Move what can be decided of the pending text; False when the rest must wait for more."""
        if self._after_call:
            head = self._pending.lstrip()
            while head and head[0] in _SEPARATORS:
                head = head[1:].lstrip()
            closer = next((closer for closer in self.format.closers if head.startswith(closer)), None)
            if closer:
                self._pending = head[len(closer):]
                return True
            self._pending = head
            if not head or any(closer.startswith(head) for closer in self.format.closers):
                return False
            self._after_call = False
        if self._lead_due:
            self._lead_due = False
            head = self._pending.lstrip()
            if not head:
                self._lead_due = True
                return False
            self._open(self._reader_for(self.format, self.format.lead, self.tools), head)
            return True
        pending = self._pending
        if not any(char in pending for char in self._starts):  # most text: no marker can start here
            ready = pending.rstrip()  # whitespace at the end is held: it is dropped if a call follows
            answer.append(ready)
            self._pending = pending[len(ready):]
            return False
        found = min(((index, -len(trigger), trigger) for trigger in self._triggers
                     if (index := pending.find(trigger)) >= 0), default=None)
        if found is not None:
            index, _, trigger = found
            answer.append(pending[:index].rstrip())
            self._open(self._reader_for(self.format, trigger, self.tools), pending[index + len(trigger):])
            return True
        keep = max((partial_suffix(pending, trigger) for trigger in self._triggers), default=0)
        # Whitespace before a possible marker is held too: it is dropped if a call follows.
        ready = pending[:len(pending) - keep].rstrip()
        answer.append(ready)
        self._pending = pending[len(ready):]
        return False

    def _open(self, reader: Reader, rest: str) -> None:
        self.state, self._reader, self._pending = CALL, reader, rest

    def _end_call(self, rest) -> None:
        """The reader is done: a call ended (its closers may follow, and another call), or, for a lead reader,
        the text was no call and is answer text."""
        self.state, self._reader = TEXT, None
        if isinstance(rest, NotACall):
            self._pending = str(rest)
            return
        self._pending = rest
        self._after_call = True
        self._lead_due = bool(self.format.lead)

    def finish(self) -> tuple[str, list[ToolCall]]:
        """The calls and text still held when the reply ends; a call cut short is read as far as it went."""
        if self.state == CALL:
            calls, rest = self._reader.finish(), ""
            if isinstance(calls, NotACall):
                calls, rest = [], str(calls)
            self.state, self._reader, self._pending = TEXT, None, rest
            if not rest:
                return self._record("", calls)
        pending, self._pending = self._pending, ""
        if self._after_call:
            pending = pending.strip()
            while closer := next((closer for closer in self.format.closers if pending.startswith(closer)), None):
                pending = pending[len(closer):].strip()
        return self._record(pending if pending.strip() or not self.calls else "", [])

    def _record(self, answer: str, calls: list[ToolCall]) -> tuple[str, list[ToolCall]]:
        if not self.answer:
            answer = answer.lstrip()
        self.answer += answer
        self.calls += calls
        return answer, calls
