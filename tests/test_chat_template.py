"""A model's chat template is rendered in a sandbox, bounded in time and memory, and never trusted silently."""

from __future__ import annotations

import time

import pytest

from assistant.core.engines.chat_template import ChatTemplate, ChatTemplateError, vet_template
from assistant.core.library.gguf_file import read_gguf

CONVERSATION = [{"role": "user", "content": "Hello"}]


def test_smollm2_template_is_used_as_is(model_path):
    template, warning = vet_template(read_gguf(model_path).chat_template, "<|im_start|>", "<|im_end|>")
    assert warning is None and not template.is_fallback
    text = template.render(CONVERSATION + [{"role": "assistant", "content": "Hi"}, {"role": "user", "content": "?"}])
    assert text.startswith("<|im_start|>system\n")
    assert "<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\nHi<|im_end|>" in text
    assert text.endswith("<|im_start|>assistant\n")


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ cycler.__init__.__globals__.os.popen('touch /tmp/pwned-by-template').read() }}",
        "{{ joiner.__init__.__globals__['__builtins__']['__import__']('os').system('id') }}",
        "{{ '{0.__class__.__base__.__subclasses__}'.format('') }}",
        "{% set x = messages.append({'role': 'user', 'content': 'injected'}) %}{{ messages }}",
    ],
)
def test_escaping_the_sandbox_falls_back_with_a_warning(source, tmp_path):
    template, warning = vet_template(source)
    assert template.is_fallback
    assert "unsafe" in warning and "generic ChatML template is used" in warning
    assert template.render(CONVERSATION) == "<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n"


def test_a_template_that_loops_for_hours_is_stopped_in_seconds():
    source = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}{{ 'done' }}"
    started = time.perf_counter()
    template, warning = vet_template(source)
    elapsed = time.perf_counter() - started
    assert template.is_fallback and "ran for more than" in warning
    assert elapsed < 10


def test_a_template_that_builds_an_enormous_string_is_stopped():
    template, warning = vet_template("{{ 'x' * 10000000000 }}")
    assert template.is_fallback and "enormous" in warning


def test_a_template_that_fails_only_on_some_conversations_raises_a_clear_error():
    template = ChatTemplate("{% if messages|length > 1 %}{{ raise_exception('only one message') }}{% endif %}ok")
    assert template.render(CONVERSATION) == "ok"
    with pytest.raises(ChatTemplateError, match="rejected the conversation: only one message"):
        template.render(CONVERSATION * 2)


def test_a_template_that_refuses_system_messages_is_still_trusted():
    source = (
        "{% for m in messages %}{% if m['role'] == 'system' %}{{ raise_exception('no system role') }}{% endif %}"
        "[{{ m['role'] }}] {{ m['content'] }}\n{% endfor %}"
    )
    template, warning = vet_template(source)
    assert warning is None and not template.is_fallback
    assert template.render(CONVERSATION) == "[user] Hello\n"


def test_missing_and_broken_templates_fall_back():
    assert "carries no chat template" in vet_template(None)[1]
    assert "does not compile" in vet_template("{% for %}")[1]
