"""Every chat template llama.cpp ships as a real-world fixture renders in Hearth's sandbox exactly as in Hugging
Face's own environment (the one template authors write for), with the inputs the app passes.

The templates are llama.cpp's ``models/templates/*.jinja`` from the pinned llama-cpp-python source distribution
(tests/pinned_llama.py). Where the reference itself cannot render a conversation, the test says which of
llama.cpp's two rules Hearth follows instead: a missing name is empty, and a system message a template refuses
moves into the first user turn.
"""

from __future__ import annotations

import re

import pytest
from jinja2.exceptions import UndefinedError
from transformers.utils.chat_template_utils import _compile_jinja_template

from assistant.core.engines.chat_template import ChatTemplateError, TemplateRejected, fold_system_message, vet_template
from assistant.core.engines.reasoning import assistant_turn
from pinned_llama import llama_cpp_source

TEMPLATES = sorted((llama_cpp_source() / "models" / "templates").glob("*.jinja"))
BOS, EOS = "<s>", "</s>"

CONVERSATIONS = {
    "one message": [{"role": "user", "content": "Hello"}],
    "system and turns": [
        {"role": "system", "content": "Answer briefly."},
        {"role": "user", "content": "What is a harbour?"},
        {"role": "assistant", "content": "A sheltered place for ships."},
        {"role": "user", "content": "And a tide?"},
    ],
    "Chinese": [
        {"role": "system", "content": "你是一个翻译助手。"},
        {"role": "user", "content": "把“潮水退了”翻译成英文。"},
    ],
    "earlier thinking": [
        {"role": "user", "content": "2 + 2?"},
        assistant_turn("4", "Two and two make four."),
        {"role": "user", "content": "And 3 + 3?"},
    ],
}
SWITCHES = [{}, {"enable_thinking": False}, {"enable_thinking": True}, {"reasoning_effort": "low"}]


def test_the_folder_holds_the_seventy_templates():
    assert len(TEMPLATES) >= 70


def reference(source: str, messages: list[dict], add_generation_prompt: bool, switches: dict) -> str:
    compiled = _compile_jinja_template(source)
    arguments = dict(messages=messages, add_generation_prompt=add_generation_prompt, bos_token=BOS, eos_token=EOS,
                     **switches)
    for _ in range(4):
        try:
            return compiled.render(**arguments)
        except UndefinedError as exc:
            # firefunction-v2 adds ``functions`` and ``datetime``, which its own server passed, to its system
            # prompt; Hearth leaves a name it does not pass empty, as llama.cpp does. Give the reference the same.
            name = re.fullmatch(r"'(\w+)' is undefined", str(exc))
            if not name or name[1] in arguments:
                raise
            arguments[name[1]] = ""
    raise AssertionError("the reference kept asking for names")


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: path.stem)
def test_template_renders_as_the_reference_does(path):
    source = path.read_text(encoding="utf-8")
    template, warning = vet_template(source, BOS, EOS)
    assert warning is None and not template.is_fallback, warning
    compared = 0
    for name, conversation in CONVERSATIONS.items():
        expected_input = fold_system_message(conversation) if template.folds_system else conversation
        for switches in SWITCHES:
            for add_generation_prompt in (True, False):
                label = f"{name}, {switches}, add_generation_prompt={add_generation_prompt}"
                try:
                    want = reference(source, expected_input, add_generation_prompt, switches)
                except Exception as exc:  # noqa: BLE001 - the reference refusing is an expected outcome
                    with pytest.raises(ChatTemplateError):
                        template.render(conversation, add_generation_prompt, **switches)
                    assert type(exc).__name__ in {"TemplateError", "TypeError", "UndefinedError"}, (label, exc)
                    continue
                assert template.render(conversation, add_generation_prompt, **switches) == want, label
                compared += 1
    # Most combinations render: a template that the reference refuses for everything tests nothing.
    assert compared >= len(CONVERSATIONS) * len(SWITCHES), compared


def test_a_system_message_goes_into_the_first_user_turn_where_the_template_refuses_it():
    source = (llama_cpp_source() / "models" / "templates" / "google-gemma-2-2b-it.jinja").read_text()
    with pytest.raises(Exception, match="System role not supported"):
        reference(source, CONVERSATIONS["system and turns"], True, {})
    template, warning = vet_template(source, BOS, EOS)
    assert warning is None and template.folds_system
    text = template.render(CONVERSATIONS["system and turns"])
    assert text == (f"{BOS}<start_of_turn>user\nAnswer briefly.\nWhat is a harbour?<end_of_turn>\n"
                    "<start_of_turn>model\nA sheltered place for ships.<end_of_turn>\n"
                    "<start_of_turn>user\nAnd a tide?<end_of_turn>\n<start_of_turn>model\n")
    assert template.render([{"role": "system", "content": "Only this."}]) == (
        f"{BOS}<start_of_turn>user\nOnly this.<end_of_turn>\n<start_of_turn>model\n")


def test_a_template_that_keeps_its_system_role_is_not_folded():
    source = (llama_cpp_source() / "models" / "templates" / "Qwen-Qwen3-0.6B.jinja").read_text()
    template, _ = vet_template(source)
    assert not template.folds_system
    assert "<|im_start|>system\nAnswer briefly.<|im_end|>" in template.render(CONVERSATIONS["system and turns"])


def test_a_refusal_other_than_the_system_role_still_reaches_the_caller():
    source = (llama_cpp_source() / "models" / "templates" / "google-gemma-2-2b-it.jinja").read_text()
    template, _ = vet_template(source)
    with pytest.raises(TemplateRejected, match="must alternate"):
        template.render([{"role": "user", "content": "a"}, {"role": "user", "content": "b"}])
