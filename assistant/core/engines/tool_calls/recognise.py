"""Which family a template's rendering of two calls belongs to, and the markers to read its calls by.

Formats with a syntax of their own are recognised by the markers their source names, as llama.cpp's own
detection does (``common_chat_try_specialized_template``): that also covers templates whose call turns the
sandbox cannot render (Kimi K2's ``list.append``) or that do not render calls at all (LFM2, Granite 3.3). JSON
wrapped in markers is read off the rendering itself: the markers around the probe call's JSON."""

from __future__ import annotations

import json
import re
from dataclasses import replace

from assistant.core.engines.tool_calls.call_format import GENERIC, Rendering, ToolCallFormat
from assistant.core.engines.tool_calls.xml_calls import MINIMAX_SPACE

# JSON calls wrapped in markers: (opening, closing, family). The closing marker is "" where the JSON's own end
# ends the call.
JSON_WRAPPERS = (
    ("<tool_call>", "</tool_call>", "hermes"),
    ("<tool_calls>", "</tool_calls>", "json_list"),
    ("<TOOLCALL>", "</TOOLCALL>", "nemotron_v2"),
    ("<|START_ACTION|>", "<|END_ACTION|>", "command_r7b"),
    ("<|tools_prefix|>", "<|tools_suffix|>", "apertus"),
    ("<|function_call|>", "", "gigachat"),
    ("functools", "", "firefunction"),
)
_TAG = re.compile(r"(<[^<>\s]*>|\[[A-Z_]+\]|[^\s<>\[\]]+)\s*$")
_GPT_OSS_TRIGGERS = tuple(f"{before}to=functions." for before in (
    "", "<|channel|>commentary ", "<|channel|>analysis ", "<|start|>assistant ",
    "<|start|>assistant<|channel|>commentary ", "<|start|>assistant<|channel|>analysis "))


def recognise(rendering: Rendering) -> ToolCallFormat | None:
    """The template's format. Where the template describes no tools itself, the generic format is used (the model
    hears of tools only from Hearth, in the generic words), and calls in the family's own markers are read too
    where the template shows them (the DeepSeek R1 distills, V3.1)."""
    for recogniser in (_by_source, _json_wrapped, _llama3):
        found = recogniser(rendering)
        if found is not None:
            break
    else:
        return None
    if rendering.native:
        return found
    if found.family == "llama3":
        return None
    return replace(found, native=False, triggers=(*found.triggers, *GENERIC.triggers),
                   closers=(*found.closers, *GENERIC.closers), lead=found.lead or GENERIC.lead)


def _format(rendering: Rendering, **fields) -> ToolCallFormat:
    fields.setdefault("native", rendering.native)
    fields.setdefault("arguments_as_text", rendering.arguments_as_text)
    fields.setdefault("variables", rendering.variables)
    return ToolCallFormat(**fields)


def _has(source: str, *texts: str) -> bool:
    return all(text in source for text in texts)


def _by_source(rendering: Rendering) -> ToolCallFormat | None:
    """The formats with a syntax of their own, in llama.cpp's order of detection."""
    src = rendering.source
    written = rendering.written

    def make(family: str, triggers: tuple[str, ...], closers: tuple[str, ...] = (), markers=(), **fields):
        return _format(rendering, family=family, triggers=triggers, closers=closers, markers=tuple(markers),
                       **fields)

    if "[TOOL_CALLS]" in src:
        return make("mistral", ("[TOOL_CALLS]",), markers=("[ARGS]", "[CALL_ID]"))
    if "<|channel|>" in src:
        return make("gpt_oss", _GPT_OSS_TRIGGERS, ("<|call|>", "<|end|>"),
                    ("<|channel|>", "<|message|>", "<|constrain|>", "<|start|>"))
    if _has(src, "<atem:function_calls>", "<|eom|>"):
        return make("muse", (), ("<|eom|>", "<|start|>assistant", "<|eot|>"), ("<|message|>",), lead="to=")
    if _has(src, ">>>all", ">>>${recipient}"):
        return make("functionary_v32", (">>>",), lead=">>>")
    if _has(src, "<|tool_calls_section_begin|>", "<|tool_call_begin|>"):
        triggers = ("<|tool_calls_section_begin|>", "<|tool_call_begin|>")
        return make("kimi_k2", triggers, ("<|tool_call_end|>", "<|tool_calls_section_end|>"),
                    ("<|tool_call_argument_begin|>",), ends_thinking=triggers)
    if _has(src, "<|open|>", "<|close|>", "<|end_of_msg|>"):
        return make("kimi_k3", ("<|open|>tools<|sep|>",), ("<|close|>message<|sep|>",),
                    ("<|open|>", "<|close|>", "<|sep|>"),
                    ends_thinking=("<|open|>response<|sep|>", "<|open|>tools<|sep|>"))
    if "<tool_call:opensource>" in written or "toolsep_token" in src:  # Hunyuan builds its markers
        return make("hunyuan", ("<tool_calls:opensource>", "<tool_call:opensource>"), ("</tool_calls:opensource>",),
                    ("</tool_call:opensource>", "<tool_sep:opensource>"))
    if "<arg_key>" in src:  # GLM 4.6/4.7, Spark, Laguna, Ling 3 (whose thinking a call may end)
        return make("glm", ("<tool_call>",), markers=("</tool_call>", "<arg_key>", "</arg_key>", "<arg_value>",
                                                       "</arg_value>"),
                    ends_thinking=("<tool_call>",) if "<role>ASSISTANT</role>" in src else ())
    if _has(src, MINIMAX_SPACE, "<invoke name="):
        return make("minimax_m3", (MINIMAX_SPACE + "<tool_call>",), markers=(MINIMAX_SPACE,))
    if _has(src, "dsml_token", "DSML"):
        block = "tool_calls" if "<｜DSML｜tool_calls>" in written or "function_calls" not in src else "function_calls"
        return make("dsml", (f"<｜DSML｜{block}>",), options=(("block", block),))
    if "'<|tool_call>call:'" in src or "<|tool_call>call:" in written:
        return make("gemma4", ("<|tool_call>",), markers=("<tool_call|>", '<|"|>'))
    if "<start_function_call>" in src:
        return make("functiongemma", ("<start_function_call>",), markers=("<end_function_call>", "<escape>"))
    if _has(src, '<function name="', '<param name="'):
        return make("minicpm5", ('<function name="',))
    # Whether a value sits on lines of its own (<parameter=k>\nvalue\n</parameter>), so those newlines are no
    # part of it; Seed-OSS writes values inline.
    lines = (("lines", "1"),) if re.search(r"<parameter=Q7CITY|<parameter=city>\n", written) else ()
    if _has(src, "<seed:tool_call>", "<function="):
        return make("qwen3_coder", ("<seed:tool_call>",), options=(("close", "</seed:tool_call>"), *lines),
                    markers=("</seed:tool_call>",))
    if _has(src, "<tool_call>", "<function=", "<parameter="):
        # Qwen3-Coder (no thinking) sometimes leaves out <tool_call>, as llama.cpp allows for; the thinking ones
        # may start a call without closing their thinking.
        thinks = "<think>" in src
        return make("qwen3_coder", ("<tool_call>",) if thinks else ("<tool_call>", "<function="), ("</tool_call>",),
                    ("</tool_call>",), options=lines, ends_thinking=("<tool_call>",) if thinks else ())
    if "<minimax:tool_call>" in src:
        return make("minimax_m2", ("<minimax:tool_call>",), markers=("</minimax:tool_call>",))
    if "<|tool_call_start|>" in src or "List of tools: [" in src or _has(src, "<|tool_list_start|>"):
        return make("lfm2", ("<|tool_call_start|>",), markers=("<|tool_call_end|>",))
    if "tool▁calls▁begin" in src:
        return make("deepseek", ("<｜tool▁calls▁begin｜>", "<｜tool▁call▁begin｜>"),
                    ("<｜tool▁calls▁end｜>",),
                    ("<｜tool▁call▁end｜>", "<｜tool▁sep｜>"))
    if "<|tool_call:begin|>" in src:
        return make("solar", ("<|tool_calls|>", "<|tool_call:begin|>"), ("<|tool_call:end|>", "<|calls|>"),
                    ("<|tool_call:name|>", "<|tool_call:args|>"))
    if _has(src, "<|role_sep|>", "<|message_sep|>") and "<|function_call|>" not in src:
        return make("gigachat_v3", ("<|message_sep|>\n\nfunction call<|role_sep|>", "function call<|role_sep|>"),
                    markers=("<|message_sep|>", "<|role_sep|>"))
    if "<function=" in written and "<|python_tag|>" in src:
        return make("functionary_v31", ("<function=", "<|python_tag|>"), ("</function>",))
    if _has(src, "Action:", "```json") and "directly-answer" in src:
        return make("command_r_plus", ("Action:",))
    if "<|tool_call|>" in src and "<|tool_call|>" not in written:  # Granite 3.3 does not render its calls
        return make("granite", ("<|tool_call|>",))
    return None


def first_json(text: str, needle: str = "probe_alpha") -> tuple[int, int] | None:
    """Where the first JSON object or list holding ``needle`` starts and ends in ``text``."""
    decoder = json.JSONDecoder()
    for index, char in enumerate(text):
        if char in "{[":
            try:
                value, end = decoder.raw_decode(text, index)
            except ValueError:
                continue
            if needle in json.dumps(value):
                return index, end
    return None


def _json_wrapped(rendering: Rendering) -> ToolCallFormat | None:
    """JSON between markers, the markers read off the rendering: a known wrapper names the family, an unknown one
    is used as it stands."""
    written = rendering.written
    span = first_json(written) if written else None
    if span is None:
        return None
    before, after = written[:span[0]].rstrip(), written[span[1]:].lstrip()
    if not before:
        return None  # a bare JSON call: Llama 3's, recognised below
    for opening, closing, family in JSON_WRAPPERS:
        if before.endswith(opening):
            found = _wrapped(rendering, family, opening, closing if closing and closing in after else "")
            if "<|START_TEXT|>" in rendering.source:  # Cohere2 MoE may act without closing its thinking
                found = replace(found, ends_thinking=(opening,))
            return found
    match = _TAG.search(before)
    if not match:
        return None
    opening = match[1]
    closing = ""
    if opening.startswith("<") and opening.endswith(">"):
        candidate = "</" + opening[1:].lstrip("|")
        closing = candidate if candidate in after else ""
    return _wrapped(rendering, "json", opening, closing)


def _wrapped(rendering: Rendering, family: str, opening: str, closing: str) -> ToolCallFormat:
    return _format(rendering, family=family, triggers=(opening,), closers=(closing,) if closing else (),
                   options=(("close", closing),))


def _llama3(rendering: Rendering) -> ToolCallFormat | None:
    span = first_json(rendering.written.lstrip())
    if not (span and span[0] == 0) and "<|python_tag|>" not in rendering.source:
        return None
    return _format(rendering, family="llama3", triggers=("<|python_tag|>",), lead="json", markers=("<|eom_id|>",))
