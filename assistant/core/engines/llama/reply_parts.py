"""Where each piece of a reply goes as it streams: thinking, answer text, tool calls.

Without tools, the reasoning splitter alone takes the thinking off. With tools, the template's tool-call splitter
and the reasoning splitter are joined (tool_calls/reply_splitter): a call's opening marker ends the thinking where
llama.cpp's parsers end it (a model may start a call without closing its thinking), and the call's own markers are
never read as thinking (GPT-OSS writes ``<|channel|>`` inside a call). A call never reaches the answer text. A reply written under
a grammar (engines/llama/grammar) is read whole at its end instead: a forced call's JSON is never text, and an
answer that may also be a call is told apart only once it is complete.
"""

from __future__ import annotations

from collections.abc import Callable

from assistant.core.engines.llama.grammar import (
    FORCED_ANSWER_OR_CALL,
    FORCED_CALL,
    FORCED_NAMED,
    FORCED_NONE,
    is_call_object,
)
from assistant.core.engines.reasoning import ReasoningSplitter
from assistant.core.engines.types import ToolCall


class ReplyParts:
    """Feeds on the reply's text; ``answer``, ``thinking`` and ``calls`` are what it has been split into.
    ``ended`` turns true once a reply allowed a single call has written it: the reply stops there."""

    def __init__(self, splitter: ReasoningSplitter, on_text: Callable[[str], None],
                 on_thinking: Callable[[str], None], on_tool_call: Callable[[ToolCall], None],
                 tool_format=None, tools: list[dict] | None = None, forced: str = FORCED_NONE, named: str = "",
                 single: bool = False):
        self.splitter = splitter
        self._on_text, self._on_thinking, self._on_tool_call = on_text, on_thinking, on_tool_call
        self._tools = list(tools or [])
        self._forced, self._named, self._single = forced, named, single
        self._joined = tool_format.reply_splitter(splitter, self._tools) if tool_format is not None and \
            self._tools and forced == FORCED_NONE else None
        self._held: list[str] = []  # a reply read whole at its end
        self.answer = ""
        self.calls: list[ToolCall] = []
        self.ended = False

    @property
    def thinking(self) -> str:
        return self.splitter.thinking

    def feed(self, text: str) -> None:
        if self._joined is not None:
            self._split(self._joined.feed(text))
        else:
            self._route(self.splitter.feed(text))

    def finish(self) -> None:
        """The reply has ended: what was held back is let go, and a reply read whole is read."""
        if self._joined is not None:
            self._split(self._joined.finish())
            return
        self._route(self.splitter.finish())
        if self._forced in (FORCED_NAMED, FORCED_CALL, FORCED_ANSWER_OR_CALL):
            whole = "".join(self._held).strip()
            if self._forced == FORCED_ANSWER_OR_CALL and not is_call_object(whole, self._tools):
                self._answer(whole)
            elif whole:
                from assistant.core.engines.tool_calls import parse_forced

                self._add(parse_forced(whole, self._tools, self._named if self._forced == FORCED_NAMED else ""))

    def _route(self, parts: tuple[str, str]) -> None:
        thinking, answer = parts
        if thinking:
            self._on_thinking(thinking)
        if not answer or self.ended:
            return
        if self._forced in (FORCED_NAMED, FORCED_CALL, FORCED_ANSWER_OR_CALL):
            self._held.append(answer)
        else:
            self._answer(answer)

    def _split(self, parts: tuple[str, str, list[ToolCall]]) -> None:
        thinking, answer, calls = parts
        if thinking:
            self._on_thinking(thinking)
        if not self.ended:
            self._answer(answer)
            self._add(calls)

    def _answer(self, text: str) -> None:
        if text:
            self.answer += text
            self._on_text(text)

    def _add(self, calls: list[ToolCall]) -> None:
        for call in calls:
            if self.ended:
                return
            self.calls.append(call)
            self._on_tool_call(call)
            if self._single:
                self.ended = True
