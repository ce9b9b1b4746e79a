"""One round of a reply's tool calls: each checked, put to the user unless an "Always allow" grant holds, run one
at a time off the caller's thread, and told back as a step (tool_steps).

Approval comes only from the user (``decide``, which the session's ``decide`` passes on): the calls a round holds
are the ones the model wrote in it, and nothing a tool answers, nor a document, can approve one or start another. A
call that cannot run as written (a tool not offered, arguments that are not JSON or break the tool's schema) is
shown and told back with the reason, never run. Past the reply's limit of calls (``ToolChoices.calls_per_turn``)
the rest are told back unrun.

Event-driven, as the session is: the round waits for the user without holding the caller's thread, and a call
runs through the session's ``offload`` (a worker; answered on the caller's thread). ``stop`` sets the running
call's cancel event and ends the round at once; what a call answers after that is dropped."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.core.chat.reply_turn import ReplyTurn
from assistant.core.chat.storage_problem import STORAGE_ERRORS
from assistant.core.chat.tool_steps import (ALWAYS, CAPPED, DENIED, GRANTED, INVALID, ONCE, RAN, SAID_DENIED,
                                            SAID_STOPPED, SAID_STOPPED_RUNNING, STOPPED,
                                            make_step, said_capped, said_invalid)
from assistant.core.engines.types import ToolCall
from assistant.core.i18n import translate
from assistant.core.storage.settings import ToolChoices
from assistant.core.tools import approvals
from assistant.core.tools.approvals import ApprovalPolicy
from assistant.core.tools.arguments import validate
from assistant.core.tools.tool_spec import MAX_RESULT_CHARS, Toolbox, ToolSpec

log = logging.getLogger(__name__)

Offload = Callable[[Callable[[], object], Callable[[object], None], Callable[[str], None]], None]


# What the pane hears (through the session's ``subscribe``) ----------------------------------------------------

@dataclass(frozen=True)
class ToolCallAsked:
    """A call waits for the user: show its server (``spec.source``), tool and full arguments, and answer with
    ``ChatSession.decide(call.id, "once" | "always" | "deny")``."""
    message_id: int
    call: ToolCall
    spec: ToolSpec
    problem: str = ""  # why it is asked again though it was always allowed (the tool changed since), or ""


@dataclass(frozen=True)
class ToolCallRunning:
    message_id: int
    call: ToolCall


@dataclass(frozen=True)
class ToolCallFinished:
    """A call's step ended (ran, or not, and why): the step as it is saved (tool_steps)."""
    message_id: int
    step: dict


def tool_key(spec: ToolSpec) -> str:
    """How a conversation's choice of tools names one: its source and name."""
    return f"{spec.source}/{spec.name}"


def offered_tools(toolboxes: list[Toolbox], choice) -> tuple[dict, list[str]]:
    """The tools on in ``choice`` (a ToolsChoice), by the name the model calls them by: (spec, toolbox); a name two
    toolboxes share goes to the first. And what could not be listed, a line each (an MCP server that would not
    start): the others are offered all the same. Blocking while a server starts; never raises."""
    offered: dict = {}
    problems: list[str] = []
    for toolbox in toolboxes:
        try:
            specs = toolbox.specs()
        except Exception as exc:  # noqa: BLE001 - a toolbox that failed: said, and the others still offered
            log.warning("a toolbox could not list its tools: %s", exc)
            problems.append(str(exc) or type(exc).__name__)
            continue
        for spec in specs:
            if (choice.tools is None or tool_key(spec) in choice.tools) and spec.name not in offered:
                offered[spec.name] = (spec, toolbox)
    return offered, problems


@dataclass
class _Call:
    call: ToolCall
    spec: ToolSpec | None = None
    toolbox: Toolbox | None = None
    arguments: dict = field(default_factory=dict)
    decision: str | None = None  # None while the user has not answered
    told: str = ""  # what the model is told when it does not run


class ToolRound:
    def __init__(self, turn: ReplyTurn, calls: list[ToolCall], text_before: str, policy: ApprovalPolicy,
                 limits: ToolChoices, offload: Offload, tell: Callable[[object], None],
                 on_done: Callable[[], None]):
        self.turn, self.policy, self.limits = turn, policy, limits
        self._offload, self._tell, self._on_done = offload, tell, on_done
        self._text_before = text_before
        self.cancel = threading.Event()
        self.stopped = False
        self._running: _Call | None = None
        self._pumping = False
        self._queue = [self._check(call) for call in calls]

    def _check(self, call: ToolCall) -> _Call:
        self.turn.calls_made += 1
        found = self.turn.tools.get(call.name)
        item = _Call(call, *(found or (None, None)))
        if self.turn.calls_made > self.limits.calls_per_turn:
            item.decision, item.told = CAPPED, said_capped(self.limits.calls_per_turn)
            return item
        problem = call.problem
        if not problem and item.spec is None:
            problem = translate("ToolRound", "There is no tool named “{name}” here.").format(name=call.name[:100])
        if not problem:
            arguments, problem = validate(item.spec, call.arguments)
            item.arguments = arguments or {}
        if problem:
            item.decision, item.told = INVALID, said_invalid(problem)
        elif not self._needs_asking(item.spec):
            item.decision = GRANTED
        return item

    def start(self) -> None:
        """The calls that wait for the user are asked, all at once; those that need no one are run in order."""
        self._pumping = True  # a listener that decides at once is answered once all are asked
        try:
            for item in self.waiting():
                self._tell(ToolCallAsked(self.turn.message_id, item.call, item.spec, self._asked_again(item.spec)))
        finally:
            self._pumping = False
        self._pump()

    def waiting(self) -> list[_Call]:
        return [item for item in self._queue if item.decision is None and item.spec is not None]

    def asked(self) -> list[ToolCallAsked]:
        """What waits for the user now (a pane that opens the conversation again shows it)."""
        return [ToolCallAsked(self.turn.message_id, item.call, item.spec, self._asked_again(item.spec))
                for item in self.waiting()]

    def decide(self, call_id: str, decision: str) -> bool:
        """The user's answer to a call asked about: True when it was one that waited."""
        item = next((item for item in self.waiting() if item.call.id == call_id), None)
        if item is None or decision not in approvals.DECISIONS or self.stopped:
            return False
        if decision == approvals.ALWAYS:
            try:
                self.policy.grant_always(item.spec)
            except STORAGE_ERRORS as exc:  # the grant could not be kept: this call is still allowed, once
                log.warning("an Always allow could not be saved: %s", exc)
                decision = approvals.ONCE
        item.decision = {approvals.ONCE: ONCE, approvals.ALWAYS: ALWAYS, approvals.DENY: DENIED}[decision]
        if item.decision == DENIED:
            item.told = SAID_DENIED
        self._pump()
        return True

    def stop(self) -> None:
        """The user stopped the reply: the running call is told to cancel, and no call not run yet runs."""
        if self.stopped:
            return
        self.stopped = True
        self.cancel.set()
        for item in self._queue:
            self._save(item, STOPPED, SAID_STOPPED_RUNNING if item is self._running else SAID_STOPPED, False)
        self._queue.clear()
        self._running = None

    # In order, one at a time ----------------------------------------------------------------------------------

    def _pump(self) -> None:
        if self._pumping or self._running is not None or self.stopped:
            return
        self._pumping = True
        try:
            while self._queue:
                item = self._queue[0]
                if item.decision is None:
                    if self._needs_asking(item.spec):
                        return  # the user has not answered yet
                    item.decision = GRANTED  # "Always allow" was given meanwhile, to another call of this tool
                if item.decision in RAN:
                    self._run(item)
                    if self._running is not None:
                        return  # answered later, through _ran
                    continue
                self._queue.pop(0)
                self._save(item, item.decision, item.told, False)
        finally:
            self._pumping = False
        if not self.stopped and not self._queue:
            self._on_done()

    def _run(self, item: _Call) -> None:
        self._running = item
        self._tell(ToolCallRunning(self.turn.message_id, item.call))
        toolbox, name, arguments, cancel = item.toolbox, item.spec.name, item.arguments, self.cancel
        timeout = max(1.0, float(self.limits.timeout_s))

        def work() -> tuple[str, bool, list]:
            try:
                result = toolbox.call(name, arguments, cancel, timeout)
                text, ok, sources = str(result.text), bool(result.ok), list(result.sources or [])
            except Exception as exc:  # noqa: BLE001 - a toolbox's fault ends this call, never the reply
                log.warning("the tool %s failed", name, exc_info=True)
                text, ok, sources = translate("ToolRound", "The tool failed ({reason}).").format(
                    reason=" ".join(str(exc).split())[:300] or type(exc).__name__), False, []
            if len(text) > MAX_RESULT_CHARS:  # a toolbox that did not cap its output itself
                text = text[:MAX_RESULT_CHARS] + "\n" + translate("ToolRound", "[The result was cut here.]")
            return text, ok, [source for source in sources if isinstance(source, dict)]

        self._offload(work, lambda answer: self._ran(item, *answer),
                      lambda message: self._ran(item, translate("ToolRound", "The tool failed ({reason}).").format(
                          reason=message), False, []))

    def _ran(self, item: _Call, text: str, ok: bool, sources: list[dict]) -> None:
        if self.stopped or item is not self._running:
            return  # the reply was stopped meanwhile: what came too late is dropped
        self._running = None
        self._queue.remove(item)
        self._save(item, item.decision, text, ok, sources)
        self._pump()

    def _save(self, item: _Call, decision: str, result: str, ok: bool, sources: list[dict] = ()) -> None:
        step = make_step(item.call, item.spec.source if item.spec is not None else "", decision, result, ok,
                         self._text_before, self.turn.round)
        self._text_before = ""  # on the round's first step only
        self.turn.add_step(step, sources)
        self._tell(ToolCallFinished(self.turn.message_id, step))

    # The grants ---------------------------------------------------------------------------------------------------

    def _needs_asking(self, spec: ToolSpec) -> bool:
        try:
            return self.policy.needs_asking(spec)
        except STORAGE_ERRORS as exc:  # the grants cannot be read: the user is asked, as if there were none
            log.warning("the tool grants could not be read: %s", exc)
            return True

    def _asked_again(self, spec: ToolSpec) -> str:
        try:
            changed = self.policy.changed_since_granted(spec)
        except STORAGE_ERRORS:
            changed = False
        if not changed:
            return ""
        return translate("ToolRound", "You always allowed this tool before, but it has changed since (its server, "
                                      "description or arguments), so it is asked about again.")
