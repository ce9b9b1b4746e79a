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
