"""Thinking: how a model's chat template marks reasoning, and a splitter that keeps it apart from the answer while
the reply streams.

There are as many formats as model families (``<think>`` blocks, GPT-OSS's analysis channel, ``[THINK]``,
``<seed:think>``, Command's ``<|START_THINKING|>``, ...), so the format is read from the template itself, as
llama.cpp's own chat analyser does: render an assistant turn with and without a known piece of reasoning, and what
surrounds the reasoning are the markers. Templates that never render past reasoning (QwQ, the R1 distills) are
recognised by the markers their source mentions. The switches that ask for thinking or for none (``enable_thinking``,
``reasoning_effort``, ``thinking``, ...) are the template's own variables, found the same way.

The splitter is told whether the prompt already opened a thinking block (DeepSeek R1 and Qwen3.5 write the
opening marker into the prompt), holds back text that may be the start of a marker, and whatever the format says,
a reply that opens with a known marker is split too: thinking never reaches an answer, a draft or a translation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

AUTO, ON, OFF = "auto", "on", "off"  # a model's Thinking setting
MODES = (AUTO, ON, OFF)

# The names templates read a past turn's reasoning from: Qwen, DeepSeek, GLM... ``reasoning_content``; GPT-OSS
# ``thinking``; Solar and Command ``reasoning``.
THINKING_KEYS = ("reasoning_content", "thinking", "reasoning")

# Pairs seen in the wild, for templates that do not render reasoning and for models that think unasked.
KNOWN_MARKERS = (
    ("<think>", "</think>"),
    ("<seed:think>", "</seed:think>"),
    ("<mm:think>", "</mm:think>"),
    ("[THINK]", "[/THINK]"),
    ("<|START_THINKING|>", "<|END_THINKING|>"),
    ("<thinking>", "</thinking>"),
    ("<|channel|>analysis<|message|>", "<|end|>"),
    ("<|channel>thought", "<channel|>"),
)

# Markers around the answer itself, for templates that never render reasoning: Granite 3.3, Command R7B.
KNOWN_ANSWER_MARKERS = (("<response>", "</response>"), ("<|START_RESPONSE|>", "<|END_RESPONSE|>"))

_REASONING = "REASON_PART I am thinking END_R"
_ANSWER = "A_ASST_MSG I can help END_A"
_USER = [{"role": "user", "content": "U_USER_MSG Hello END_U"}]


def assistant_turn(content: str, thinking: str = "") -> dict:
    """An assistant message as templates read it, its reasoning under every name they use."""
    turn = {"role": "assistant", "content": content}
    if thinking:
        turn.update({key: thinking for key in THINKING_KEYS})
    return turn


@dataclass(frozen=True)
class ReasoningFormat:
    """The markers of one template's thinking, stripped of the whitespace around them.

    ``closing`` is the text the template puts between reasoning and answer, used to end a thinking block that has
    spent its budget. ``answer_start`` and ``answer_end`` wrap the answer itself in some formats (GPT-OSS's final
    channel, Granite's ``<response>``) and are dropped."""

    start: str = ""
    end: str = ""
    closing: str = ""
    answer_start: str = ""
    answer_end: str = ""
    answer_opening: str = ""  # the answer's marker when no thinking came first (GPT-OSS: no <|start|>assistant)
    on: dict = field(default_factory=dict)  # template variables that ask for thinking
    off: dict = field(default_factory=dict)  # and for none

    @property
    def thinks(self) -> bool:
        return bool(self.end)

    @property
    def can_turn_off(self) -> bool:
        return bool(self.off)

    def variables(self, mode: str) -> dict:
        return dict(self.on) if mode == ON else dict(self.off) if mode == OFF else {}

    def opened_by(self, prompt: str) -> bool:
        """Whether the prompt itself ends inside a thinking block (the template wrote the opening marker)."""
        if not self.start:
            return False
        tail = prompt.rstrip()
        return tail.endswith(self.start) and not tail.endswith(self.end)

    def marker_texts(self) -> tuple[str, ...]:
        return tuple(text for text in (self.start, self.end, self.closing, self.answer_start, self.answer_end,
                                       self.answer_opening) if text)

    @property
    def answer_markers(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(marker for marker in (self.answer_start, self.answer_opening) if marker))

    def splitter(self, prompt: str = "") -> "ReasoningSplitter":
        return ReasoningSplitter(self, opened=self.opened_by(prompt))


NO_REASONING = ReasoningFormat()


# Reading the format off a template --------------------------------------------------------------------------

def analyse(template) -> ReasoningFormat:
    """The reasoning format of a vetted ``chat_template.ChatTemplate``; ``NO_REASONING`` when it has none."""
    # chat_template imports jinja2, which the window must not pay for at start-up (the panes import the modes).
    from assistant.core.engines.chat_template import ChatTemplateError, undeclared_variables

    source = template.source
    names = undeclared_variables(source)
    on, off = _switches(template, names)
    found = None
    for variables in (on, {}):
        try:
            found = _markers_from_rendering(template, variables)
        except ChatTemplateError:
            found = None
        if found:
            break
    if found is None:
        found = _markers_from_source(source)
    if found is None:
        return NO_REASONING if not (on or off) else ReasoningFormat(on=on, off=off)
    start, end, closing, answer_start, answer_end, answer_opening = found
    return ReasoningFormat(start=start, end=end, closing=closing, answer_start=answer_start, answer_end=answer_end,
                           answer_opening=answer_opening, on=on, off=off)


def _switches(template, names: set[str]) -> tuple[dict, dict]:
    """The template's variables that turn thinking on and off, kept only where the template renders with them."""
    from assistant.core.engines.chat_template import ChatTemplateError

    source = template.source
    on, off = {}, {}
    if "enable_thinking" in names:
        on["enable_thinking"], off["enable_thinking"] = True, False
    if "thinking" in names:  # Kimi K3 (on unless told), Granite 3.3 (off unless told)
        on["thinking"], off["thinking"] = True, False
    if "thinking_mode" in names:  # MiniMax M3
        on["thinking_mode"], off["thinking_mode"] = "enabled", "disabled"
    if "thinking_budget" in names:  # Seed-OSS: 0 asks for an answer without thinking
        off["thinking_budget"] = 0
    if "reasoning_effort" in names:
        # The lowest value the template itself names: "none" (Command), "no_think" (Hunyuan), "minimal" (Solar);
        # else "low", the least GPT-OSS offers (it always thinks a little).
        quoted = [value for value in ("none", "no_think", "minimal", "low")
                  if f"'{value}'" in source or f'"{value}"' in source]
        off["reasoning_effort"] = quoted[0] if quoted else "low"
        on["reasoning_effort"] = "medium" if "medium" in source else "high"

    def renders(variables: dict) -> bool:
        try:
            template.render(_USER, True, **variables)
            return True
        except ChatTemplateError:
            return False

    on = {key: value for key, value in on.items() if renders({key: value})}
    off = {key: value for key, value in off.items() if renders({key: value})}
    if off and not renders(off):  # each works alone but not together: keep the first
        first = next(iter(off))
        off = {first: off[first]}
    return on, off


def common_prefix(a: str, b: str) -> int:
    """The length of the text two renderings share, backed off to the start of a tag it would cut in two (the
    prompt's ``<think>`` and a turn's ``</think>`` share a ``<``)."""
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    opening = max(a.rfind("<", 0, i), a.rfind("[", 0, i))
    if opening > max(a.rfind(">", 0, i), a.rfind("]", 0, i)):
        i = opening
    return i


def _first_tag(text: str) -> str:
    """The first marker of ``<|END_TEXT|><|END_OF_TURN_TOKEN|>``: what a model writes before its end token."""
    match = re.match(r"<[^<>]*>|\[[^\[\]]*\]|\S+", text.strip())
    return match[0] if match else ""


def _markers_from_rendering(template, variables: dict):
    """Render an assistant turn with reasoning and without; the text around the reasoning holds the markers."""
    prompt = template.render(_USER, True, **variables)
    with_reasoning = template.render(_USER + [assistant_turn(_ANSWER, _REASONING)], False, **variables)
    plain = template.render(_USER + [assistant_turn(_ANSWER)], False, **variables)
    if _REASONING not in with_reasoning:
        return None
    # What the model writes is what follows the prompt; where the prompt already opened the block, the opening is
    # in the prompt's own tail.
    shared = common_prefix(prompt, with_reasoning)
    written = with_reasoning[shared:]
    r = written.find(_REASONING)
    a = written.find(_ANSWER, r + len(_REASONING))
    if r < 0 or a < 0:
        return None
    start = written[:r].strip()
    if not start:  # the prompt opened the block itself: its last words are the opening (Apriel: "...steps:")
        start = _last_piece(prompt)
    between = written[r + len(_REASONING):a]
    plain_written = plain[common_prefix(prompt, plain):]
    p = plain_written.find(_ANSWER)
    answer_start = plain_written[:p].strip() if p >= 0 else ""
    answer_end = plain_written[p + len(_ANSWER):].strip() if p >= 0 else ""
    end = between.strip()
    # A template that writes an empty thinking block before every answer: what follows the block, if anything,
    # is the answer's marker (Command R7B's <|START_RESPONSE|>).
    for closer in (end, *(known_end for _, known_end in KNOWN_MARKERS)):
        if closer and closer in answer_start:
            answer_start = answer_start.rsplit(closer, 1)[-1].strip()
    answer_opening = answer_start
    if answer_start and end.endswith(answer_start):
        end = end[:-len(answer_start)].strip()
    for known_start, known_end in KNOWN_MARKERS:  # a known end marker followed by more: keep the rest apart
        if end.startswith(known_end) and end != known_end and start.endswith(known_start):
            answer_start = (end[len(known_end):].strip() + answer_start).strip()
            end = known_end
            break
    if not end:
        return None
    # The answer's own end is the template's end of turn, which the model ends with an end-of-generation token;
    # only a marker that is not the EOS itself is worth removing from text.
    answer_end = _first_tag(answer_end)
    answer_end = "" if answer_end == template.eos_token else answer_end
    return start, end, between, answer_start, answer_end, "" if answer_opening == answer_start else answer_opening


def _last_piece(text: str) -> str:
    """The opening marker a prompt ends with: ``<think>`` in ``...<|im_start|>assistant\n<think>\n``, Kimi K3's
    ``<|open|>think<|sep|>``. Read back from the end, tag by tag, until it names thinking; where nothing does
    (Apriel thinks from the first word), the last tag."""
    stripped = text.rstrip()
    for known_start, _ in KNOWN_MARKERS:
        if stripped.endswith(known_start):
            return known_start
    pieces = re.findall(r"<[^<>]*>|\[[^\[\]]*\]|[^<\[\s]+|\s+", stripped)
    for count in range(1, min(len(pieces), 5) + 1):
        tail = "".join(pieces[-count:])
        if re.search(r"think|thought|reason", tail, re.IGNORECASE):
            if count < len(pieces) and not tail.startswith(("<", "[")) and pieces[-count - 1].startswith("<"):
                tail = pieces[-count - 1] + tail  # Kimi K3's <|open|> before "think<|sep|>"
            return tail.strip()
    return pieces[-1] if pieces else ""


def _markers_from_source(source: str):
    """Templates that never render reasoning but whose models write it (QwQ, the R1 distills, Granite 3.3)."""
    for start, end in KNOWN_MARKERS:
        if end in source and (start in source or f"split('{end}')" in source or f'split("{end}")' in source):
            answer_start, answer_end = next(((a, b) for a, b in KNOWN_ANSWER_MARKERS if a in source), ("", ""))
            return start, end, f"{end}\n\n", answer_start, answer_end, ""
    return None


# Splitting a reply ------------------------------------------------------------------------------------------

UNDECIDED, THINKING, CLOSED, ANSWER, DONE = "undecided", "thinking", "closed", "answer", "done"


class ReasoningSplitter:
    """Feeds on a reply's text as it streams; ``feed`` returns the new thinking and the new answer text.

    Text that may be the start of a marker is held back until the next piece shows what it is; ``finish`` lets
    it go. Leading whitespace of both parts is dropped."""

    def __init__(self, format: ReasoningFormat = NO_REASONING, opened: bool = False):
        self.format = format
        self.state = THINKING if opened and format.thinks else UNDECIDED
        self._end = format.end
        self._pending = ""
        self._thinking_started = opened and format.thinks
        self._repeat_start = self._thinking_started
        self.thinking = ""
        self.answer = ""

    @property
    def in_thinking(self) -> bool:
        return self.state == THINKING

    @property
    def end_marker(self) -> str:
        """What closes the thinking block under way (a known pair's end where the model opened one unasked)."""
        return self._end

    @property
    def thought(self) -> bool:
        """Whether the reply had a thinking block at all."""
        return self._thinking_started

    def _openers(self) -> list[tuple[str, str]]:
        pairs = [(self.format.start, self.format.end)] if self.format.start and self.format.end else []
        return pairs + [pair for pair in KNOWN_MARKERS if pair[0] != self.format.start]

    def feed(self, text: str) -> tuple[str, str]:
        self._pending += text
        thinking, answer = [], []
        while self._pending:
            state = self.state
            if state == UNDECIDED:
                head = self._pending.lstrip()
                if not head:
                    break
                waiting = False
                for start, end in self._openers():
                    if head.startswith(start):
                        self.state, self._end, self._thinking_started = THINKING, end, True
                        self._pending = head[len(start):]
                        break
                    if start.startswith(head):
                        waiting = True
                if self.state == THINKING:
                    continue
                end = self.format.end
                if end and head.startswith(end):  # a stray close of the empty block the prompt already closed
                    self._pending, self.state = head[len(end):], CLOSED
                    continue
                if end and end.startswith(head):
                    waiting = True
                if any(marker.startswith(head) and head != marker for marker in self.format.answer_markers):
                    waiting = True
                if waiting:
                    break
                self._pending = self._without_answer_marker(head)
                self.state = ANSWER
            elif state == THINKING:
                if self._repeat_start:  # opened by the prompt, and the model writes the opening again (R1)
                    head = self._pending.lstrip()
                    start = self.format.start
                    if start and start.startswith(head) and head != start:
                        break
                    self._repeat_start = False
                    if start and head.startswith(start):
                        self._pending = head[len(start):]
                index = self._pending.find(self._end)
                if index >= 0:
                    thinking.append(self._pending[:index])
                    self._pending = self._pending[index + len(self._end):]
                    self.state = CLOSED
                    continue
                keep = partial_suffix(self._pending, self._end)
                thinking.append(self._pending[:len(self._pending) - keep])
                self._pending = self._pending[len(self._pending) - keep:]
                break
            elif state == CLOSED:
                head = self._pending.lstrip()
                if not head:
                    self._pending = ""
                    break
                if any(marker.startswith(head) and head != marker for marker in self.format.answer_markers):
                    self._pending = head
                    break
                self._pending = self._without_answer_marker(head)
                self.state = ANSWER
            elif state == ANSWER:
                if not self.answer and not answer:
                    self._pending = self._pending.lstrip()
                    if not self._pending:
                        break
                # A thinking model may open another block after some answer (interleaved thinking); it goes to
                # the thinking too. A model without a thinking format only thinks at the start.
                reopen = self._start_of_block() if self.format.thinks or self._thinking_started else ""
                answer_end = self.format.answer_end
                found = [(self._pending.find(marker), marker) for marker in (reopen, answer_end) if marker]
                found = [(index, marker) for index, marker in found if index >= 0]
                if found:
                    index, marker = min(found)
                    answer.append(self._pending[:index])
                    self._pending = self._pending[index + len(marker):]
                    if marker == reopen:
                        self.state = THINKING
                        continue
                    self._pending, self.state = "", DONE
                    break
                keep = max((partial_suffix(self._pending, marker) for marker in (reopen, answer_end) if marker),
                           default=0)
                answer.append(self._pending[:len(self._pending) - keep])
                self._pending = self._pending[len(self._pending) - keep:]
                break
            else:  # DONE: what follows the answer's end marker is not part of it
                self._pending = ""
        return self._record("".join(thinking), "".join(answer))

    def _start_of_block(self) -> str:
        """The opening marker of the pair in use (the format's, or the known pair the model opened with)."""
        if self.format.start and self._end == self.format.end:
            return self.format.start
        return next((start for start, end in KNOWN_MARKERS if end == self._end), "")

    def _without_answer_marker(self, text: str) -> str:
        for marker in self.format.answer_markers:
            if text.startswith(marker):
                return text[len(marker):]
        return text

    def finish(self) -> tuple[str, str]:
        """The text held back, now that the reply has ended."""
        pending, self._pending = self._pending, ""
        if self.state == THINKING:
            return self._record(pending, "")
        if self.state == UNDECIDED:
            pending = pending.lstrip()
        if self.state in (UNDECIDED, ANSWER, CLOSED) and pending:
            self.state = ANSWER
            if not self.answer:
                pending = pending.lstrip()
            return self._record("", pending)
        return "", ""

    def close_thinking(self) -> None:
        """The budget for thinking is spent and the template's closing text has been written for the model."""
        if self.state in (THINKING, UNDECIDED):
            held, self._pending = self._pending, ""
            self._record(held if self.state == THINKING else "", "")
            self.state = CLOSED

    def _record(self, thinking: str, answer: str) -> tuple[str, str]:
        if thinking and not self.thinking:
            thinking = thinking.lstrip()
        self.thinking += thinking
        self.answer += answer
        return thinking, answer


def partial_suffix(text: str, marker: str) -> int:
    """The length of the longest end of ``text`` that is the start of ``marker`` (text to hold back)."""
    if not marker or marker[0] not in text[-(len(marker) - 1):]:  # most text: no marker's first character near
        return 0
    for size in range(min(len(text), len(marker) - 1), 0, -1):
        if marker.startswith(text[-size:]):
            return size
    return 0


def split_reply(text: str, format: ReasoningFormat = NO_REASONING, opened: bool = False) -> tuple[str, str]:
    """Thinking and answer of a whole reply (for replies stored before thinking was kept apart, and for tests)."""
    splitter = ReasoningSplitter(format, opened)
    splitter.feed(text)
    splitter.finish()
    return splitter.thinking.strip(), splitter.answer
