"""A reply's thinking, answer and calls apart, as it streams: the thinking splitter and the call splitter joined.

Feeding the thinking splitter's answer into the call splitter works for most formats; this adds what only the raw
reply shows. A call's opening marker hands everything after it to the call splitter, so the thinking splitter
never reads a call's own markers as thinking (GPT-OSS's ``to=functions.f<|channel|>analysis<|message|>``). And
where a model may start a call without closing its thinking (Qwen3.5, Kimi K2, Ling: llama.cpp ends their
thinking at the call's marker too), the format's ``ends_thinking`` markers close the block."""

from __future__ import annotations

from assistant.core.engines.reasoning import partial_suffix
from assistant.core.engines.tool_calls.call_splitter import ToolCallSplitter
from assistant.core.engines.types import ToolCall


class ReplySplitter:
    """``feed(text)`` returns (new thinking, new answer, calls completed); ``finish()`` the same at the end."""

    def __init__(self, reasoning, calls: ToolCallSplitter):
        self.reasoning = reasoning  # a reasoning.ReasoningSplitter
        self.calls = calls
        fmt = calls.format
        self._triggers = set(fmt.triggers)
        self._enders = set(fmt.ends_thinking)
        self._markers = tuple(sorted(self._triggers | self._enders, key=len, reverse=True))
        self._starts = frozenset(marker[0] for marker in self._markers)
        self._pending = ""
        self._passing = False  # a call has opened: the rest goes to the call splitter

    def feed(self, text: str) -> tuple[str, str, list[ToolCall]]:
        if self._passing:
            answer, calls = self.calls.feed(text)
            return "", answer, calls
        if not self._pending and not any(char in text for char in self._starts):  # most pieces: no marker
            thinking, answer = self.reasoning.feed(text)
            answer, calls = self.calls.feed(answer) if answer else ("", [])
            return thinking, answer, calls
        self._pending += text
        thinking, answer, calls = [], [], []

        def through(piece: str) -> None:
            got_thinking, got_answer = self.reasoning.feed(piece)
            thinking.append(got_thinking)
            if got_answer:
                got_answer, got_calls = self.calls.feed(got_answer)
                answer.append(got_answer)
                calls.extend(got_calls)

        while not self._passing:
            pending = self._pending
            found = min(((index, -len(marker), marker) for marker in self._markers
                         if (index := pending.find(marker)) >= 0), default=None)
            if found is None:
                keep = max((partial_suffix(pending, marker) for marker in self._markers), default=0)
                through(pending[:len(pending) - keep])
                self._pending = pending[len(pending) - keep:]
                break
            index, _, marker = found
            through(pending[:index])
            self._pending = pending[index + len(marker):]
            thinking_open = self.reasoning.in_thinking
            if thinking_open and marker in self._enders:
                self.reasoning.close_thinking()
                thinking_open = False
                if marker not in self._triggers:
                    continue  # a marker that only ends thinking (Kimi K3's response block) is dropped
            if thinking_open or marker not in self._triggers:
                through(marker)  # a call's marker inside thinking is only words about it
                continue
            got_thinking, got_answer = self.reasoning.finish()
            thinking.append(got_thinking)
            rest, self._pending, self._passing = self._pending, "", True
            got_answer, got_calls = self.calls.feed(got_answer + marker + rest)
            answer.append(got_answer)
            calls.extend(got_calls)
        return "".join(thinking), "".join(answer), calls

    def finish(self) -> tuple[str, str, list[ToolCall]]:
        thinking = answer = ""
        calls: list[ToolCall] = []
        if not self._passing:
            pending, self._pending = self._pending, ""
            thinking, got_answer = self.reasoning.feed(pending)
            more_thinking, more_answer = self.reasoning.finish()
            thinking += more_thinking
            answer, calls = self.calls.feed(got_answer + more_answer)
        last_answer, last_calls = self.calls.finish()
        return thinking, answer + last_answer, calls + last_calls
