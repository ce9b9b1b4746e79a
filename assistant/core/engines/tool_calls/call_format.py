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
PROBE_CALLS = [("probe_alpha", {"city": "Q7CITY", "count": 7}, "Ab3dE5gH7"),
               ("probe_beta", {"flag": True}, "Kx8mN2pQ4")]
_USER = [{"role": "user", "content": "Q7_USER_MESSAGE"}]


@dataclass(frozen=True)
class ToolCallFormat:
    """One template's way of writing calls.

    ``triggers`` open a call wherever they appear in the answer. A ``lead`` is a call without a marker of its own,
    looked for at the start of the answer and right after a call: "json" for a bare ``{"name": ...}`` (Llama 3,
    and the generic format), else the marker the prompt itself ends with (Functionary's ``>>>``). ``closers`` end
    a call or a group of calls and are dropped right after one. ``options`` hold what the family's parser needs
    from this template (its closing marker, whether values sit on lines of their own) as (key, value) pairs."""

    family: str = "generic"
    native: bool = False
    triggers: tuple[str, ...] = ("<tool_call>",)
    closers: tuple[str, ...] = ()
    lead: str = ""
    arguments_as_text: bool = False  # the template renders arguments given as JSON text, not as an object
    options: tuple[tuple[str, str], ...] = ()
    markers: tuple[str, ...] = ()  # every marker of the format, for control_texts
    # The template's names for the tool list: "tools", and "functions" (JSON text) for firefunction's.
    variables: tuple[str, ...] = ("tools",)
    # Markers that end a thinking block the model left open (llama.cpp's extra thinking end tags).
    ends_thinking: tuple[str, ...] = ()

    def option(self, key: str, default: str = "") -> str:
        return dict(self.options).get(key, default)

    def control_texts(self) -> tuple[str, ...]:
        """The format's markers, which may be control tokens (detokenized with special=True)."""
        return tuple(dict.fromkeys(text.strip() for text in (*self.triggers, *self.closers, *self.markers)
                                   if text.strip()))

    def splitter(self, tools: list[dict] | None = None):
        from assistant.core.engines.tool_calls.call_splitter import ToolCallSplitter

        return ToolCallSplitter(self, tools)

    def reply_splitter(self, reasoning, tools: list[dict] | None = None):
        """Thinking, answer and calls of a reply together: ``reasoning`` is the reply's ``ReasoningSplitter``."""
        from assistant.core.engines.tool_calls.reply_splitter import ReplySplitter

        return ReplySplitter(reasoning, self.splitter(tools))


GENERIC = ToolCallFormat(family="generic", native=False, triggers=("<tool_call>",), closers=("</tool_call>", "```"),
                         lead="json", options=(("close", "</tool_call>"),), markers=("</tool_call>",))


def probe_turn(arguments_as_text: bool, count: int = 2) -> dict:
    """An assistant turn with the probe calls, in Hugging Face's form."""
    calls = [{"id": call_id, "type": "function",
              "function": {"name": name, "arguments": json.dumps(arguments) if arguments_as_text else arguments}}
             for name, arguments, call_id in PROBE_CALLS[:count]]
    return {"role": "assistant", "content": "", "tool_calls": calls}


def tool_variables(names, tools: list[dict]) -> dict:
    """The tool list under each name the template reads it by."""
    found = {}
    if "tools" in names:
        found["tools"] = list(tools)
    if "functions" in names:
        found["functions"] = json.dumps(tools, ensure_ascii=False, indent=2)
    return found


@dataclass(frozen=True)
class Rendering:
    """What the probes showed: the prompt, the text the model would write for the two calls ("" where the
    template cannot render them), and whether the template describes tools itself."""

    source: str
    prompt: str
    written: str
    native: bool
    arguments_as_text: bool
    variables: tuple[str, ...] = ("tools",)


def render_probes(template) -> Rendering:
    from assistant.core.engines.chat_template import ChatTemplateError, undeclared_variables
    from assistant.core.engines.reasoning import common_prefix

    source = template.source
    names = tuple(name for name in ("tools", "functions") if name in undeclared_variables(source)) or ("tools",)
    variables = tool_variables(names, PROBE_TOOLS)
    try:
        plain = template.render(_USER, True)
        prompt = template.render(_USER, True, **variables)
    except ChatTemplateError:
        return Rendering(source, "", "", False, False, names)
    native = prompt != plain and "probe_alpha" in prompt  # the template describes the tools itself
    # Two calls show how calls follow one another; some templates take only one (Llama 3.1).
    for count, as_text in ((2, False), (2, True), (1, False), (1, True)):
        try:
            full = template.render(_USER + [probe_turn(as_text, count)], False, **variables)
        except ChatTemplateError:
            continue
        written = full[common_prefix(prompt, full):]
        if all(name in written for name, _, _ in PROBE_CALLS[:count]) and "Q7CITY" in written:
            return Rendering(source, prompt, written, native, as_text, names)
    return Rendering(source, prompt, "", native, False, names)


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
