"""Renders a model's own chat template without trusting it.

A GGUF carries its chat template as Jinja source written by whoever made the file. Three defences apply:
- jinja2's ImmutableSandboxedEnvironment blocks attribute tricks that reach Python internals (CVE-2024-34359);
- a deadline, checked through a trace hook on every line the compiled template runs, bounds loops that do nothing
  else (``{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}``), which the sandbox
  alone would run for hours;
- ``*`` and ``**`` are checked before they run, and the output has a size cap, so memory stays bounded.
A template that fails any of these is replaced by a plain ChatML template, and the caller is told why.

The environment is the one templates are written for, Hugging Face's ``apply_chat_template``: its ``tojson``,
``raise_exception``, ``strftime_now`` and ``{% generation %}`` tag (tests/test_template_folder.py renders every
template llama.cpp ships against it). Two departures, both llama.cpp's: a name the app does not pass (a tool-use
template's ``functions``) is empty rather than an error, and a template that refuses a system message gets it at
the top of the first user message instead.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass
from datetime import datetime

from jinja2 import TemplateError as JinjaTemplateError
from jinja2 import Undefined, nodes
from jinja2.exceptions import SecurityError
from jinja2.ext import Extension
from jinja2.sandbox import ImmutableSandboxedEnvironment

from assistant.core.i18n import translate

RENDER_SECONDS = 2.0
MAX_OUTPUT_CHARS = 64 * 1024 * 1024
MAX_OPERATION_ITEMS = 4 * 1024 * 1024

FALLBACK_CHATML = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)
FALLBACK_STOP = ["<|im_end|>"]

# A conversation every sensible template can render: used to vet a template once, when the model loads.
_PROBE = [
    {"role": "system", "content": "You are helpful."},
    {"role": "user", "content": "Hello"},
    {"role": "assistant", "content": "Hi!"},
    {"role": "user", "content": "How are you?"},
]


class ChatTemplateError(Exception):
    """A template could not render a conversation. The message is shown to the user."""


class TemplateRejected(ChatTemplateError):
    """The template itself refused the conversation (its ``raise_exception``), as opposed to misbehaving."""


class _TooSlow(Exception):
    pass


class _BoundedSandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset(["*", "**"])

    def call_binop(self, context, operator, left, right):
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int):
                    if len(seq) * max(times, 0) > MAX_OPERATION_ITEMS:
                        raise SecurityError("the template tried to build an enormous string or list")
        if operator == "**" and isinstance(right, int) and abs(right) > 1024:
            raise SecurityError("the template tried to compute an enormous power")
        return super().call_binop(context, operator, left, right)


def _raise_exception(message: str):
    # Hugging Face templates call this to reject a conversation shape (e.g. roles that do not alternate).
    raise TemplateRejected(f"the model's chat template rejected the conversation: {message}")


def _tojson(value, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    return json.dumps(value, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)


class _Absent(Undefined):
    """A name the app does not pass: empty in text and in ``+``, as llama.cpp's own Jinja engine treats it.
    firefunction-v2 adds ``functions`` (the tool list, which the app never sends) to its system prompt."""

    __slots__ = ()

    def __add__(self, other):
        return other

    __radd__ = __add__


class _GenerationTag(Extension):
    """``{% generation %}...{% endgeneration %}`` marks the assistant's tokens for training; rendering keeps the
    text and drops the tag (LFM2.5, Laguna)."""

    tags = {"generation"}

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(("name:endgeneration",), drop_needle=True)
        return nodes.Scope(body).set_lineno(lineno)


def _make_environment() -> _BoundedSandbox:
    env = _BoundedSandbox(trim_blocks=True, lstrip_blocks=True, undefined=_Absent,
                          extensions=["jinja2.ext.loopcontrols", _GenerationTag])
    env.filters["tojson"] = _tojson
    env.globals["raise_exception"] = _raise_exception
    env.globals["strftime_now"] = lambda fmt: datetime.now().strftime(str(fmt))
    return env


def _run_with_deadline(func, seconds: float):
    """Run ``func`` in this thread, raising _TooSlow from inside it once ``seconds`` have passed."""
    deadline = time.monotonic() + seconds
    previous = sys.gettrace()

    def tracer(frame, event, arg):
        if time.monotonic() > deadline:
            raise _TooSlow()
        return tracer

    sys.settrace(tracer)
    try:
        return func()
    finally:
        sys.settrace(previous)


@dataclass
class ChatTemplate:
    """A vetted template, ready to turn messages into the prompt text the model was trained on."""

    source: str
    bos_token: str = ""
    eos_token: str = ""
    is_fallback: bool = False
    extra_stop: tuple[str, ...] = ()
    folds_system: bool = False  # the template refuses (or drops) a system message: it goes into the first user turn

    def __post_init__(self):
        self._template = _make_environment().from_string(self.source)

    def render(self, messages: list[dict], add_generation_prompt: bool = True, **variables) -> str:
        """The prompt text. ``variables`` are the template's own switches (``enable_thinking``, ...)."""
        if self.folds_system:
            messages = fold_system_message(messages)

        def produce() -> str:
            parts, size = [], 0
            stream = self._template.generate(
                messages=messages,
                add_generation_prompt=add_generation_prompt,
                bos_token=self.bos_token,
                eos_token=self.eos_token,
                **variables,
            )
            for chunk in stream:
                size += len(chunk)
                if size > MAX_OUTPUT_CHARS:
                    raise SecurityError("the template produced an enormous prompt")
                parts.append(chunk)
            return "".join(parts)

        try:
            return _run_with_deadline(produce, RENDER_SECONDS)
        except _TooSlow:
            raise ChatTemplateError(translate(
                "ChatTemplate", "the model's chat template ran for more than {seconds} s and was stopped").format(
                seconds=f"{RENDER_SECONDS:g}")) from None
        except SecurityError as exc:
            raise ChatTemplateError(translate(
                "ChatTemplate", "the model's chat template tried something unsafe and was blocked ({error})").format(
                error=exc)) from None
        except ChatTemplateError:
            raise
        except (JinjaTemplateError, ArithmeticError, LookupError, TypeError, ValueError, RecursionError) as exc:
            raise ChatTemplateError(translate("ChatTemplate", "the model's chat template failed ({error})").format(
                error=f"{type(exc).__name__}: {exc}")) from None


def fold_system_message(messages: list[dict]) -> list[dict]:
    """A leading system message moved to the top of the next message, as llama.cpp does for templates without a
    system role (Gemma 2); alone, it becomes the user's message."""
    if not messages or messages[0].get("role") != "system":
        return messages
    system = messages[0]
    if len(messages) == 1:
        return [{**system, "role": "user"}]
    first = messages[1]
    return [{**first, "content": f"{system['content']}\n{first['content']}"}, *messages[2:]]


def undeclared_variables(source: str) -> set[str]:
    """The names a template reads that it does not set itself: the switches an app may pass (``enable_thinking``,
    ``reasoning_effort``, ...). Empty for a template that does not parse."""
    from jinja2 import meta

    try:
        return set(meta.find_undeclared_variables(_make_environment().parse(source)))
    except JinjaTemplateError:
        return set()


def fallback_template(bos_token: str = "", eos_token: str = "") -> ChatTemplate:
    return ChatTemplate(FALLBACK_CHATML, bos_token, eos_token, is_fallback=True, extra_stop=tuple(FALLBACK_STOP))


def vet_template(source: str | None, bos_token: str = "", eos_token: str = "") -> tuple[ChatTemplate, str | None]:
    """Return the model's template if it compiles and renders a probe conversation safely, else the fallback.

    The second value is ``None`` when the model's own template is used, otherwise a sentence for the user.
    """
    if not source:
        return fallback_template(bos_token, eos_token), translate(
            "ChatTemplate", "This model carries no chat template; a generic ChatML template is used, so replies may "
                            "be off.")
    try:
        template = ChatTemplate(source, bos_token, eos_token)
    except JinjaTemplateError as exc:
        return fallback_template(bos_token, eos_token), translate(
            "ChatTemplate", "This model's chat template does not compile ({error}); a generic ChatML template is used "
                            "instead.").format(error=exc)
    try:
        text = template.render(_PROBE)
        # A template that renders a system message without its text drops it (Mistral's older ones do).
        template.folds_system = _PROBE[0]["content"] not in text
    except TemplateRejected:
        # Some templates refuse a system message; that alone is no reason to distrust them.
        template.folds_system = True
        try:
            template.render(_PROBE)
        except ChatTemplateError as error:
            return fallback_template(bos_token, eos_token), _fallback_reason(error)
    except ChatTemplateError as error:
        return fallback_template(bos_token, eos_token), _fallback_reason(error)
    return template, None


def _fallback_reason(error: ChatTemplateError) -> str:
    text = str(error)
    return translate("ChatTemplate", "{reason}; a generic ChatML template is used instead.").format(
        reason=f"{text[0].upper()}{text[1:]}")
