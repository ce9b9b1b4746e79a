"""Tracked changes: the diff, accepting and rejecting each change, and reasons from a proofreading answer."""

from __future__ import annotations

from assistant.core.writing.drafting import clean_output, parse_proofreading
from assistant.core.writing.revision import compare, tokens


def test_tokens_cover_the_text_exactly():
    for text in ["Hello,  world!\n\nNew line.", "这是一个测试。It works.", "नमस्ते दुनिया", "a_b c-d", ""]:
        assert "".join(tokens(text)) == text
    assert tokens("我们 ok") == ["我", "们", " ", "ok"]


def test_changes_accept_all_reject_all_and_mixed():
    original = "The quick brown fox jumps over the lazy dog. It was fun."
    revised = "A slow brown fox leaps over the lazy dog. It was fun!"
    revision = compare(original, revised)
    assert [(c.old, c.new) for c in revision.changes] == [("The quick", "A slow"), ("jumps", "leaps"), (".", "!")]
    every = {c.index for c in revision.changes}
    assert revision.apply(every) == revised
    assert revision.apply(set()) == original
    assert revision.apply({1}) == "The quick brown fox leaps over the lazy dog. It was fun."


def test_insertions_and_deletions():
    deletion = compare("Keep this. Drop this part. End.", "Keep this. End.")
    assert [(c.kind, c.old) for c in deletion.changes] == [("delete", "Drop this part. ")]
    insertion = compare("Start. End.", "Start. Middle. End.")
    [change] = insertion.changes
    assert change.kind == "insert" and change.new.strip(" .") == "Middle"
    assert insertion.apply({0}) == "Start. Middle. End." and insertion.apply(set()) == "Start. End."


def test_chinese_is_compared_by_character():
    revision = compare("我今天很高兴。", "我今天非常高兴。")
    assert [(c.old, c.new) for c in revision.changes] == [("很", "非常")]


def test_segments_rebuild_the_original_in_order():
    revision = compare("one two three four", "one 2 three 4")
    text = "".join(piece if change is None else change.old for piece, change in revision.segments())
    assert text == "one two three four"


def test_proofreading_answer_gives_text_and_reasons():
    answer = ('CORRECTED:\nI have a apple. → I have an apple.\n'
              'REASONS:\n- "a apple" -> "an apple": use "an" before a vowel sound\n')
    text, reasons = parse_proofreading('CORRECTED:\nI have an apple and two cats.\nREASONS:\n'
                                       '- "a apple" -> "an apple": use "an" before a vowel sound\n'
                                       '- "cat" -> "cats": plural after two')
    assert text == "I have an apple and two cats."
    assert reasons == {("a apple", "an apple"): 'use "an" before a vowel sound', ("cat", "cats"): "plural after two"}
    revision = compare("I have a apple and two cat.", text, reasons)
    assert [c.reason for c in revision.changes] == ['use "an" before a vowel sound', "plural after two"]
    assert parse_proofreading(answer)[0].startswith("I have a apple.")


def test_an_answer_in_another_layout_is_taken_whole():
    assert parse_proofreading("I have an apple.") == ("I have an apple.", {})
    assert clean_output('```\nText here\n```') == "Text here"
    assert clean_output('"Quoted answer."') == "Quoted answer."
    assert clean_output('He said "hi" and "bye"') == 'He said "hi" and "bye"'


# Lead-ins: what a model says before the text it was asked for -------------------------------------------------


def test_a_lead_in_is_no_part_of_the_result_in_english_and_chinese():
    from assistant.core.writing.drafting import clean_result

    seen = ("This text needs to be edited for grammar… Here's the corrected version:\n\nI have an apple.")
    assert clean_result(seen, "I has a apple.") == "I have an apple."
    assert clean_result("Sure! Here's a more formal version of the text:\nDear Sir,") == "Dear Sir,"
    assert clean_result("Sure!\n\nRevised text:\n\"Hello.\"") == "Hello."  # two lead-ins, then quotation marks
    assert clean_result("Here's the corrected version: I have an apple.") == "I have an apple."
    # What SmolLM2 wrote before the letter it proofread (the README's picture once offered to insert it).
    assert clean_result("The text is:\nText:\nDear team,\n\nBest, Ana") == "Dear team,\n\nBest, Ana"
    assert clean_result("The revised version reads as follows:\n\nHi.") == "Hi."
    assert clean_result("The text is:\n\nCorrected:\nText:\nHi.") == "Hi."
    assert clean_result("以下是修改后的文本：\n我今天非常高兴。") == "我今天非常高兴。"
    assert clean_result("好的。\n\n修改后的文本如下：\n我今天非常高兴。") == "我今天非常高兴。"
    assert clean_result("文本有语法错误。以下是润色后的版本：\n我今天非常高兴。") == "我今天非常高兴。"
    assert clean_result("译文：\n你好。") == "你好。"
    # What Translation's labels were: the same logic serves both panes.
    for label in ("Translation:", "Here is the translation in French:", "Translated text:", "Here's the translation:"):
        assert clean_result(f"{label}\nBonjour.") == "Bonjour.", label
    assert clean_result("Here's the corrected version:") == ""  # only a lead-in: no text at all


def test_a_first_line_that_only_looks_like_a_lead_in_stays():
    from assistant.core.writing.drafting import clean_result

    for text in ("Here are three ways to improve your email:\n1. Be brief.",
                 "Dear team,\n\nHere is the agenda:\n- Launch",
                 "Summary: the launch moves to Friday.",
                 "The result is: we ship on Friday.",
                 "Note: the office is closed.",
                 "我们的计划如下：\n周五发布。"):
        assert clean_result(text) == text, text
    # The user's own text starts that way: it is theirs, not the model's preamble.
    mine = "Here is the corrected version:\nThe list of fixes follows."
    assert clean_result(mine, mine) == mine


def test_a_proofreading_answer_loses_its_lead_in():
    assert parse_proofreading("This text needs to be edited for grammar… Here's the corrected version:\n\n"
                              "I have an apple.", "I has a apple.") == ("I have an apple.", {})
    text, reasons = parse_proofreading("CORRECTED:\n以下是修改后的文本：\n我有一个苹果。\nREASONS:\n- 个 -> 个: ok")
    assert text == "我有一个苹果。"


def test_a_streamed_lead_in_is_taken_back_as_soon_as_it_shows():
    from assistant.core.writing.lead_ins import LeadInWatch

    def shown(chunks: list[str]) -> tuple[str, list[str]]:
        watch, screen, after = LeadInWatch(), "", []
        for chunk in chunks:
            screen += chunk
            screen = screen[watch.feed(chunk):]
            after.append(screen)
        return screen[watch.finish():], after

    final, after = shown(["Sure", "!", "\n\n", "Here", "'s the", " email", ":", "\n", "\n", "Dear", " team,",
                          "\n\nThanks"])
    assert final == "Dear team,\n\nThanks"
    assert after[7] == "" and after[9] == "Dear"  # gone with the line break after it, before the text went on
    assert shown(["以下是", "修改后的", "文本：", "\n", "我", "很好。"])[0] == "我很好。"
    # A colon with nothing after it yet is not decided on: "Summary: …" goes on as the text itself.
    assert shown(["Summary", ":", " the", " plan"])[0] == "Summary: the plan"
    assert shown(["Here's the email:"])[0] == ""  # the stream ended there
