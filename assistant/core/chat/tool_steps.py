"""A reply's tool steps: what each call the model wrote became, as the history keeps it and the model is told it.

A reply with tools is written in rounds: the model writes some text and one or more calls; each call is put to the
user, run or not, and its result told back; the model goes on in the same reply. The reply's text is the rounds'
texts one after another; each step is one call, a dict (``History.tool_steps`` gives every field its type):

- ``call``: the call as the model wrote it (``ToolCall.to_dict()``: id, name, arguments as JSON text, problem);
- ``source``: where the tool comes from ("hearth" for a built-in tool, else the MCP server's name);
- ``decision``: "once" or "always" (the user allowed it), "granted" (an "always" grant held), "denied" (the user
  said no), "invalid" (it could not run as written: an unknown tool, arguments that are not JSON or break the
  tool's schema), "capped" (past the reply's limit of calls), "stopped" (the user stopped the reply first);
- ``result``: what the model was told: the tool's output (untrusted data) or why it did not run; ``ok``: whether
  the tool ran and answered without a fault;
- ``round``: the round it belongs to (from 0), and ``text_before``: on a round's first step, the exact part of the
  reply's text written in that round before its calls (the rest of the text after every round's part is the
  answer that followed the last round).

Texts for the model (``said_*``) are English whatever the app's language, as the documents' instructions are."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.core.engines.types import ToolCall
# How a reply's text and rounds fit together is the history's (its Markdown export reads them too).
from assistant.core.storage.history import answer_after, rounds  # noqa: F401

ONCE, ALWAYS, GRANTED, DENIED, INVALID, CAPPED, STOPPED = (
    "once", "always", "granted", "denied", "invalid", "capped", "stopped")
RAN = (ONCE, ALWAYS, GRANTED)  # the decisions after which the tool runs

SAID_DENIED = "The user declined this call, so it was not run."
SAID_STOPPED = "This call was not run: the user stopped the reply."
SAID_STOPPED_RUNNING = "The user stopped the reply while this call ran; it has no result."


def said_invalid(problem: str) -> str:
    return f"This call was not run: {problem}"


def said_capped(limit: int) -> str:
    return (f"This call was not run: this reply has reached its limit of {limit} tool calls. Answer with what you "
            "have found so far.")


def make_step(call: ToolCall, source: str, decision: str, result: str, ok: bool, text_before: str,
              round_number: int) -> dict:
    return {"call": call.to_dict(), "source": source, "decision": decision, "result": result, "ok": ok,
            "text_before": text_before, "round": round_number}


def steps_messages(steps: Sequence[dict]) -> list[dict]:
    """The rounds as the engine takes them: each an assistant message with its text and calls, then one tool message
    per call with what the model was told."""
    messages: list[dict] = []
    for group in rounds(steps):
        calls = [step["call"] for step in group]
        messages.append({"role": "assistant", "content": group[0].get("text_before", "").strip(),
                         "tool_calls": [{"id": c["id"], "name": c["name"], "arguments": c["arguments"]}
                                        for c in calls]})
        messages += [{"role": "tool", "content": step.get("result", ""), "tool_call_id": step["call"]["id"],
                      "name": step["call"]["name"]} for step in group]
    return messages
