"""Models made only for translation are asked in their authors' own prompt (issue 36): Tencent's Hy-MT family gets
one user message in the wording of its README, no system message; every other model gets Hearth's instructions.
The forms are checked word for word, then through the real window with the real engine."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import open_main_window
from PySide6.QtCore import Qt

from assistant.core.engines.remote.remote_engine import RemoteModel
from assistant.core.formats.opening import open_file
from assistant.core.writing.file_translation import FileJob
from assistant.core.writing.translation import Glossary, TranslationJob, piece_messages
from assistant.core.writing.translation_models import GENERAL, HY_MT, hy_mt_messages, prompt_form


def loaded(name: str, path: str) -> SimpleNamespace:
    return SimpleNamespace(info=SimpleNamespace(name=name, path=Path(path)))


@pytest.mark.parametrize("name, path, form", [
    ("Hy-MT2-7B", "/m/tencent/Hy-MT2-7B-GGUF/Hy-MT2-7B-Q4_K_M.gguf", HY_MT),
    ("", "/m/HY-MT1.5-1.8B-Q4_K_M.gguf", HY_MT),  # the GGUF's name may be missing: the file's says it
    ("Hunyuan MT 7B", "/m/model.gguf", HY_MT),
    ("hunyuan_mt_7b", "/m/x.gguf", HY_MT),
    ("Hunyuan-7B-Instruct", "/m/Hunyuan-7B-Instruct-Q4_K_M.gguf", GENERAL),  # the chat model, not the translator
    ("Qwen3 8B", "/m/Qwen_Qwen3-8B-Q4_K_M.gguf", GENERAL),
    ("SmolLM2", "/m/hymtx-smt.gguf", GENERAL),
])
def test_the_form_follows_the_models_name_or_its_files(name, path, form):
    assert prompt_form(loaded(name, path)) == form


def test_no_model_and_a_servers_model_are_asked_as_their_names_say():
    assert prompt_form(None) == GENERAL
    # A server's model is named by the server (Ollama's library calls it "hy-mt2:7b").
    assert prompt_form(SimpleNamespace(info=RemoteModel("http://127.0.0.1:11434/v1", "hy-mt2:7b"))) == HY_MT
    assert prompt_form(SimpleNamespace(info=RemoteModel("http://127.0.0.1:11434/v1", "qwen3:8b"))) == GENERAL


def test_the_plain_prompt_is_the_readmes_word_for_word_with_no_system_message():
    assert hy_mt_messages("Bonjour.", "fr", "en", [], []) == [{"role": "user", "content": (
        "Translate the following text into English. Note that you should only output the translated result "
        "without any additional explanation:\n\nBonjour.")}]


def test_chinese_on_either_side_asks_in_chinese_with_chinese_language_names():
    into = hy_mt_messages("Good morning.", "en", "zh-Hans", [], [])[0]["content"]
    assert into == "将以下文本翻译为简体中文，注意只需要输出翻译后的结果，不要额外解释：\n\nGood morning."
    out_of = hy_mt_messages("早上好。", "zh-Hans", "fr", [], [])[0]["content"]
    assert out_of.startswith("将以下文本翻译为法语，")


def test_glossary_terms_become_reference_translations_and_a_word_to_keep_translates_to_itself():
    content = hy_mt_messages("La réunion de Hearth.", "fr", "en", [("réunion", "meeting")], ["Hearth"])[0]["content"]
    assert content == ("Reference the following translations:\nréunion translates to meeting\nHearth translates to "
                       "Hearth\n\nTranslate the following text into English. Note that you must ONLY output the "
                       "translated result without any additional explanation:\n\nLa réunion de Hearth.")


def test_the_text_before_goes_as_background_after_the_reference_translations():
    content = hy_mt_messages("第二段。", "zh-Hans", "en", [("段", "paragraph")], [], "第一段。")[0]["content"]
    assert content == ("参考下面的翻译：\n段 翻译成 paragraph\n\n【背景信息】\n第一段。\n\n请结合背景信息将以下文本翻译为"
                       "英语。\n\n【待翻译文本】\n第二段。")


def test_a_document_in_translation_is_asked_in_the_form_set_before_each_piece():
    glossary = Glossary([("réunion", "meeting"), ("budget", "budget")], [])
    job = TranslationJob.plan("La réunion.\n\nLe rapport.", "fr", "en", glossary, formality="formal")
    general = job.messages()
    assert [m["role"] for m in general] == ["system", "user"] and general == piece_messages(
        "La réunion.", "fr", "en", glossary, "", "formal")
    job.form = HY_MT
    assert job.messages() == hy_mt_messages("La réunion.", "fr", "en", [("réunion", "meeting")], [])
    job.record("The meeting.")
    # The second paragraph has the first as its background; the term it lacks is not sent.
    assert job.messages() == hy_mt_messages("Le rapport.", "fr", "en", [], [], "La réunion.")


def test_a_files_segments_are_asked_in_the_form_too(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("La réunion est demain.\n\nLe rapport est prêt.\n", encoding="utf-8")
    job = FileJob(open_file(path), "fr", "en", Glossary([("rapport", "report")], []))
    assert [m["role"] for m in job.messages(1, job.segments[1].text)] == ["system", "user"]
    job.form = HY_MT
    assert job.messages(1, job.segments[1].text) == hy_mt_messages(
        job.segments[1].text, "fr", "en", [("rapport", "report")], [], job.segments[0].text)


@pytest.mark.model
def test_the_window_asks_a_loaded_hy_mt_model_in_its_own_form(qtbot, tmp_path, model_path):
    """SmolLM2 under a Hy-MT file name (no Hy-MT2 GGUF can be installed here): the real pane, engine and model;
    what reaches the engine is one user message in the README's wording."""
    named = tmp_path / "Hy-MT2-1.8B-Q4_K_M.gguf"
    os.link(model_path, named)
    window = open_main_window(qtbot, named, max_tokens=16, pane="translation")
    pane = window.translation
    sent = []
    start = pane.task.start
    pane.task.start = lambda messages, **options: sent.append(messages) or start(messages, **options)
    pane._select(pane.source_box, "fr")
    pane._select(pane.target_box, "en")
    pane.source.setPlainText("Bonjour à tous.")
    qtbot.mouseClick(pane.translate_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: pane.job is not None and pane.job.done and not pane.task.busy, timeout=180_000)
    assert sent == [hy_mt_messages("Bonjour à tous.", "fr", "en", [], [])]
    assert pane.target.toPlainText().strip()  # the model's answer came back into the pane
    window.close()
