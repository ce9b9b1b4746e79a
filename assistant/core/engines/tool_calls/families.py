"""The reader each family's calls stream into, once a trigger (or the format's lead) has been seen."""

from __future__ import annotations

from assistant.core.engines.tool_calls import json_calls, special_calls, xml_calls
from assistant.core.engines.tool_calls.call_format import ToolCallFormat
from assistant.core.engines.tool_calls.call_readers import (
    Deciding,
    HeaderThenJson,
    JsonValue,
    NotACall,
    Reader,
    Skipping,
    UntilMarker,
)
from assistant.core.engines.tool_calls.call_values import make_call


def reader_for(fmt: ToolCallFormat, trigger: str, tools: list[dict]) -> Reader:
    family = fmt.family
    if trigger == "json":  # a bare JSON call at the start of the answer (Llama 3, generic)
        return json_calls.json_lead()
    if trigger == "<|python_tag|>":
        return json_calls.llama3(trigger)
    if not fmt.native and trigger == "<tool_call>" and family != "generic":  # the generic form beside a family's
        return json_calls.wrapped_json("</tool_call>")
    build = _READERS.get(family)
    if build is not None:
        return build(fmt, trigger, tools)
    return json_calls.wrapped_json(fmt.option("close"))


def _until(ends, parse, tools, before: str = "", after: str = "") -> Reader:
    """Until one of ``ends``; ``before``/``after`` put back the markers the trigger and the end took, for parsers
    that read whole elements."""
    ends = (ends,) if isinstance(ends, str) else tuple(ends)
    return UntilMarker(ends, lambda body, cut_off: parse(before + body + after, tools, cut_off))


def _qwen3_coder(fmt, trigger, tools):
    lines = bool(fmt.option("lines"))

    def parse(body, tools, cut_off):
        return xml_calls.qwen3_coder(body, tools, cut_off, lines)

    if trigger == "<function=":  # Qwen3-Coder sometimes leaves out <tool_call>
        return _until("</function>", parse, tools, trigger, "</function>")
    return _until(fmt.option("close", "</tool_call>"), parse, tools)


def _muse(fmt, trigger, tools):
    """``to=NAME<|message|><atem:function_calls>...``; ``to=user`` and ``to=self`` are no calls."""
    def decide(head: str):
        text = head.lstrip()
        if "to=".startswith(text):
            return ...
        if not text.startswith("to="):
            return NotACall(head)
        index = text.find("<|message|>")
        if index < 0:
            return ... if len(text) < 200 else NotACall(head)
        recipient, rest = text[3:index].strip(), text[index + len("<|message|>"):]
        if recipient in ("user", "self", "assistant"):
            return NotACall(rest)
        return _until("</atem:function_calls>", lambda body, t, c: xml_calls.invokes(body, t, c, "atem:"),
                      tools), rest

    return Deciding(decide)


def _functionary_v31(fmt, trigger, tools):
    return HeaderThenJson(">", lambda header, arguments, cut_off: [make_call(header, arguments, cut_off=cut_off)])


_READERS = {
    "mistral": lambda fmt, trigger, tools: json_calls.mistral(trigger),
    "llama3": lambda fmt, trigger, tools: json_calls.llama3(trigger),
    "command_r_plus": lambda fmt, trigger, tools: Skipping(
        ("```json", "```"), UntilMarker(("```",), json_calls.calls_from_json)),
    "granite": lambda fmt, trigger, tools: JsonValue(json_calls.calls_from_json),
    "gigachat_v3": lambda fmt, trigger, tools: JsonValue(json_calls.calls_from_json),
    "functionary_v31": _functionary_v31,
    "functionary_v32": lambda fmt, trigger, tools: special_calls.functionary_v32(),
    "gpt_oss": lambda fmt, trigger, tools: special_calls.gpt_oss(),
    "muse": _muse,
    "kimi_k2": lambda fmt, trigger, tools: Skipping(("<|tool_call_begin|>",), special_calls.kimi_k2()),
    "kimi_k3": lambda fmt, trigger, tools: _until("<|close|>tools<|sep|>", xml_calls.kimi_k3, tools),
    "solar": lambda fmt, trigger, tools: Skipping(("<|tool_call:begin|>",), special_calls.solar()),
    "deepseek": lambda fmt, trigger, tools: Skipping(
        ("<｜tool▁call▁begin｜>",), _until("<｜tool▁call▁end｜>", special_calls.deepseek, tools)),
    "dsml": lambda fmt, trigger, tools: _until(
        (f"</｜DSML｜{fmt.option('block')}>",),
        lambda body, t, c: xml_calls.invokes(body, t, c, "｜DSML｜"), tools),
    "qwen3_coder": _qwen3_coder,
    "glm": lambda fmt, trigger, tools: _until("</tool_call>", xml_calls.glm, tools),
    "hunyuan": lambda fmt, trigger, tools: Skipping(("<tool_call:opensource>",), _until(
        "</tool_call:opensource>", lambda body, t, c: xml_calls.glm(body, t, c, ":opensource"), tools)),
    "minimax_m2": lambda fmt, trigger, tools: _until("</minimax:tool_call>", xml_calls.invokes, tools),
    "minimax_m3": lambda fmt, trigger, tools: _until(
        (xml_calls.MINIMAX_SPACE + "</tool_call>", "</tool_call>"), xml_calls.minimax_m3, tools),
    "minicpm5": lambda fmt, trigger, tools: _until("</function>", xml_calls.minicpm, tools, trigger, "</function>"),
    "gemma4": lambda fmt, trigger, tools: _until("<tool_call|>", special_calls.gemma_calls, tools),
    "functiongemma": lambda fmt, trigger, tools: _until(
        "<end_function_call>", lambda body, t, c: special_calls.gemma_calls(body, t, c, "<escape>"), tools),
    "lfm2": lambda fmt, trigger, tools: _until("<|tool_call_end|>", special_calls.pythonic, tools),
}
