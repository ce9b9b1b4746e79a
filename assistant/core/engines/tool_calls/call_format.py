"""How a model's chat template writes tool calls, read off the template itself.

As for thinking (``reasoning.analyse``), the template is asked to render an assistant turn holding two known calls;
the text the model would write after the prompt shows the markers, and the markers name the family (Hermes's
``<tool_call>``, Mistral's ``[TOOL_CALLS]``, Qwen3-Coder's ``<function=...>``, ...). Rendering also tells whether
the template describes ``tools`` itself and whether it wants a call's arguments as an object or as JSON text.
Templates whose turns cannot be rendered in the sandbox are recognised by the markers their source names; a
template with no tool support gets the generic format: the tools described in the system message and calls
written as ``<tool_call>{"name": ..., "arguments": {...}}</tool_call>``, the form small models know best.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

PROBE_DESCRIPTION = "Q7_TOOL_DESCRIPTION"
PROBE_TOOLS = [
    {"type": "function", "function": {
        "name": "probe_alpha", "description": f"{PROBE_DESCRIPTION} alpha",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}, "count": {"type": "integer"}},
                       "required": ["city"]}}},
    {"type": "function", "function": {
        "name": "probe_beta", "description": f"{PROBE_DESCRIPTION} beta",
        "parameters": {"type": "object", "properties": {"flag": {"type": "boolean"}}}}},
]
PROBE_CALLS = [("probe_alpha", {"city": "Q7CITY", "count": 7}, "Ab3dE5gH7"), ("probe_beta", {"flag": True}, "Kx8mN2pQ4")]
_USER = [{"role": "user", "content": "Q7_USER_MESSAGE"}]


@dataclass(frozen=True)
class ToolCallFormat:
    """One template's way of writing calls.

    ``triggers`` open a call wherever they appear in the answer; ``start_json`` formats (Llama 3) also take a bare
    ``{"name": ...}`` at the start of the answer or right after a call. ``closers`` end a call or a group of calls
    and are dropped right after one. ``options`` hold what the family's parser needs from this template (its
    wrapper markers) as (key, value) pairs."""

    family: str = "generic"
    native: bool = False
    triggers: tuple[str, ...] = ("<tool_call>",)
    closers: tuple[str, ...] = ()
    start_json: bool = False
    arguments_as_text: bool = False  # the template renders arguments given as JSON text, not as an object
    options: tuple[tuple[str, str], ...] = ()
    markers: tuple[str, ...] = ()  # every marker of the format, for control_texts

    def option(self, key: str, default: str = "") -> str:
        return dict(self.options).get(key, default)

    def control_texts(self) -> tuple[str, ...]:
        """The format's markers, which may be control tokens (detokenized with special=True)."""
        return tuple(dict.fromkeys(text.strip() for text in (*self.triggers, *self.closers, *self.markers)
                                   if text.strip()))

    def splitter(self, tools: list[dict] | None = None):
        from assistant.core.engines.tool_calls.call_splitter import ToolCallSplitter

        return ToolCallSplitter(self, tools)


GENERIC = ToolCallFormat(family="generic", native=False, triggers=("<tool_call>",), closers=("</tool_call>",),
                         start_json=True, options=(("close", "</tool_call>"),), markers=("</tool_call>",))


def probe_turn(arguments_as_text: bool, count: int = 2) -> dict:
    """An assistant turn with the probe calls, in Hugging Face's form."""
    calls = [{"id": call_id, "type": "function",
              "function": {"name": name, "arguments": json.dumps(arguments) if arguments_as_text else arguments}}
             for name, arguments, call_id in PROBE_CALLS[:count]]
    return {"role": "assistant", "content": "", "tool_calls": calls}


@dataclass(frozen=True)
class Rendering:
    """What the probes showed: the prompt, the text the model would write for the two calls ("" where the
    template cannot render them), and whether the template describes tools itself."""

    source: str
    prompt: str
    written: str
    native: bool
    arguments_as_text: bool


def render_probes(template) -> Rendering:
    from assistant.core.engines.chat_template import ChatTemplateError
    from assistant.core.engines.reasoning import common_prefix

    source = template.source
    try:
        plain = template.render(_USER, True)
        prompt = template.render(_USER, True, tools=PROBE_TOOLS)
    except ChatTemplateError:
        return Rendering(source, "", "", False, False)
    native = PROBE_DESCRIPTION in prompt and PROBE_DESCRIPTION not in plain
    # Two calls show how calls follow one another; some templates take only one (Llama 3.1).
    for count, as_text in ((2, False), (2, True), (1, False), (1, True)):
        try:
            full = template.render(_USER + [probe_turn(as_text, count)], False, tools=PROBE_TOOLS)
        except ChatTemplateError:
            continue
        written = full[common_prefix(prompt, full):]
        if all(name in written for name, _, _ in PROBE_CALLS[:count]) and "Q7CITY" in written:
            return Rendering(source, prompt, written, native, as_text)
    return Rendering(source, prompt, "", native, False)


def analyse(template) -> ToolCallFormat:
    """The tool-call format of a vetted ``chat_template.ChatTemplate``; ``GENERIC`` where it has none. Never
    raises."""
    from assistant.core.engines.tool_calls.recognise import recognise

    try:
        rendering = render_probes(template)
        found = recognise(rendering)
    except Exception:  # noqa: BLE001 - a template the probes upset is read as one without tools
        return GENERIC
    return found or GENERIC
