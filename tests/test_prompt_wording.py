"""The Chinese wording of the prompts: used where it helps the model write Chinese, complete, and with the same
placeholders as the English wording, so nothing the app fills in is lost."""

from __future__ import annotations

import re

from assistant.core.writing.drafting import Action, Brief, action_messages, ask_messages, built_in_actions, compose_messages
from assistant.core.writing.languages import mostly_chinese
from assistant.core.writing.prompts import _file, prompts
from assistant.core.writing.translation import Glossary, alternatives_messages, piece_messages

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def leaves(tree, path=()):
    if isinstance(tree, dict):
        for key, value in tree.items():
            yield from leaves(value, (*path, key))
    elif isinstance(tree, list):
        for item in tree:
            yield from leaves(item, (*path, item.get("id", "")) if isinstance(item, dict) else path)
    else:
        yield path, tree


def test_the_chinese_wording_covers_every_part_with_the_same_placeholders():
    english, chinese = dict(leaves(prompts("en"))), dict(leaves(_file()["zh"]))
    for path, text in english.items():
        if path[-1] in ("id", "group"):  # names the app reads, not wording
            continue
        assert path in chinese, f"no Chinese wording for {'/'.join(path)}"
        assert set(PLACEHOLDER.findall(chinese[path])) == set(PLACEHOLDER.findall(text)), path
    assert "CORRECTED:" in chinese[("drafting", "actions", "proofread", "instruction")]  # read back by the app


def test_an_action_on_chinese_text_is_worded_in_chinese_and_on_english_text_in_english():
    proofread = next(a for a in built_in_actions() if a.id == "proofread")
    chinese = action_messages(proofread, "我昨天去了商店，买了很多东西。")
    english = action_messages(proofread, "I went to the shop yesterday.")
    assert chinese[0]["content"].startswith("你是一位细心的写作助手")
    assert "改正文本中的错别字" in chinese[1]["content"] and chinese[1]["content"].endswith("买了很多东西。")
    assert english[1]["content"].startswith("Correct the spelling")
    # The user's own action keeps the user's words, whatever the text's language.
    mine = Action("custom:0", "Legal", "Rewrite it in legal style.", custom=True)
    assert action_messages(mine, "我昨天去了商店。")[1]["content"].startswith("Rewrite it in legal style.")


def test_labels_follow_the_ui_language_and_the_ids_stay():
    assert [a.id for a in built_in_actions("zh")] == [a.id for a in built_in_actions("en")]
    assert next(a.label for a in built_in_actions("zh") if a.id == "proofread") == "校对"


def test_composing_chinese_text_is_asked_for_in_chinese():
    zh = compose_messages(Brief("email", "friendly", "short", "", "zh-Hans", "感谢大家完成发布。"))[1]["content"]
    assert zh.startswith("用简体中文写一封电子邮件。") and "语气：亲切" in zh and "读者：一般读者" in zh
    en = compose_messages(Brief("email", "friendly", "short", "", "en", "Thank everyone."))[1]["content"]
    assert en.startswith("Write an email in English.") and "general readers" in en


def test_a_question_about_a_chinese_draft_is_asked_in_chinese():
    assert ask_messages("发布会在周五。", "什么时候？")[1]["content"].startswith("只根据下面的文档回答问题")
    assert ask_messages("The launch is on Friday.", "When?")[1]["content"].startswith("Answer the question")


def test_translation_into_chinese_is_asked_for_in_chinese_with_the_glossary():
    glossary = Glossary([("launch", "发布")], ["Hearth"])
    messages = piece_messages("The Hearth launch is on Friday.", "en", "zh-Hans", glossary)
    assert messages[0]["content"].startswith("你是一名专业译者")
    user = messages[1]["content"]
    assert user.startswith("把下面的文本从英语翻译成简体中文。") and "launch → 发布" in user and "Hearth" in user
    into_english = piece_messages("发布会在周五。", "zh-Hans", "en", Glossary([], []))[1]["content"]
    assert into_english.startswith("Translate the text from Simplified Chinese to English.")
    assert alternatives_messages("Hello.", "en", "zh-Hans")[1]["content"].startswith("为下面这个英语句子")


def test_mostly_chinese_tells_chinese_from_japanese_and_mixed_text():
    assert mostly_chinese("这是一个测试，包含 GGUF 和 llama.cpp 两个词。")
    assert not mostly_chinese("これは日本語の文章です。漢字も使います。")
    assert not mostly_chinese("An English sentence with one 中 character.")
    assert not mostly_chinese("12345 !!!")
