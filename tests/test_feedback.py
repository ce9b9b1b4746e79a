"""Feedback that teaches (issue 35): the model's corrections checked against the text, with the shapes real models
answer in (taken from SmolLM2-135M and Gemma 3 270M runs), the summary, the levels, and the tracked changes made
from what survives. One test runs the real model with the JSON the request asks for."""

from __future__ import annotations

import json

import pytest

from assistant.core.engines.types import GenerationParams
from assistant.core.writing import feedback
from assistant.core.writing.feedback import (ADVANCED, BEGINNER, INTERMEDIATE, MALFORMED, NO_CHANGE, NOT_IN_TEXT,
                                             OVERLAPS, UNKNOWN_CATEGORY)

TEXT = "I recieve you letter yesterday. Their is many reason for it, and we goes home."
CHINESE = "我们明天去公圆玩，你要不要一起来吗？"


def answer(*items: tuple[str, str, str], explanation: str = "Why.", example: str = "For example.") -> str:
    return json.dumps({"corrections": [{"original": o, "corrected": c, "category": k, "explanation": explanation,
                                        "example": example} for o, c, k in items]})


def test_sound_corrections_are_kept_in_the_order_of_the_text_and_make_the_corrected_text():
    reply = answer(("we goes", "we go", "grammar"), ("recieve", "received", "spelling"),
                   ("you letter", "your letter", "grammar"), ("Their is", "There are", "word_choice"))
    result = feedback.parse(reply, TEXT)
    assert result.readable and result.dropped == {} and result.language == "en"
    assert [c.original for c in result.corrections] == ["recieve", "you letter", "Their is", "we goes"]
    assert all(TEXT[c.start:c.end] == c.original for c in result.corrections)
    assert result.corrected_text() == ("I received your letter yesterday. There are many reason for it, and we go "
                                       "home.")


def test_invented_corrections_as_gemma_writes_them_are_dropped_and_counted_never_applied():
    # Gemma 3 270M's answer to TEXT, word for word: sentences that are nowhere in it.
    reply = ('{ "corrections": [{"original": "I\'m sorry, I didn\'t mean to offend you. You can call me if you want '
             'to talk to me", "corrected": "You can call me if you want to talk to me", "category": "collocation", '
             '"explanation": "I don\'t know.", "example": "I didn\'t mean to offend you."}, {"original": "recieve", '
             '"corrected": "receive", "category": "spelling", "explanation": "i before e", "example": "I receive '
             'it."}]}')
    result = feedback.parse(reply, TEXT)
    assert result.dropped == {NOT_IN_TEXT: 1}
    assert [c.corrected for c in result.corrections] == ["receive"]
    invented = answer(("You can call me", "Call me", "grammar"), ("yesterday", "yesterday", "grammar"))
    result = feedback.parse(invented, TEXT)
    assert result.corrections == () and result.dropped == {NOT_IN_TEXT: 1, NO_CHANGE: 1}
    assert result.corrected_text() == TEXT and result.dropped_count() == 2


def test_malformed_and_cut_off_answers_keep_what_can_be_read():
    # SmolLM2 without the schema: prose, not JSON.
    prose = feedback.parse("The text contains several errors. 1. \"recieve\" should be \"receive\".", TEXT)
    assert not prose.readable and prose.corrections == ()
    # SmolLM2 with an empty schema: the right key, the wrong shape inside.
    strings = feedback.parse('{ "original": "I recieve you letter yesterday.", "corrections": ["Original", '
                             '"The original" ]}', TEXT)
    assert strings.readable and strings.dropped == {MALFORMED: 2}
    # Cut off at the reply's length limit: the whole objects before the cut are used.
    whole = answer(("recieve", "received", "spelling"), ("you letter", "your letter", "grammar"))
    cut = feedback.parse(whole[:whole.rindex('{"original"') + 30], TEXT)
    assert [c.original for c in cut.corrections] == ["recieve"] and cut.readable
    # In a code fence after a lead-in, as chat-tuned models like to answer.
    fenced = feedback.parse("Here is the feedback:\n```json\n" + whole + "\n```", TEXT)
    assert len(fenced.corrections) == 2
    assert not feedback.parse('{"verdict": "fine"}', TEXT).readable


def test_overlapping_and_repeated_words_are_placed_once_each():
    text = "the the cat sat on the the mat"
    reply = answer(("the the", "the", "grammar"), ("the the", "the", "grammar"), ("the cat", "a cat", "grammar"))
    result = feedback.parse(reply, text)
    assert [(c.start, c.end) for c in result.corrections] == [(0, 7), (19, 26)]  # each "the the" in its place
    assert result.dropped == {OVERLAPS: 1} and result.corrected_text() == "the cat sat on the mat"


def test_categories_are_read_by_their_names_too_and_unknown_ones_are_dropped():
    reply = answer(("Their is", "There are", "Word choice"), ("recieve", "receive", "SPELLING"),
                   ("we goes", "we go", "tone"))
    result = feedback.parse(reply, TEXT)
    assert [c.category for c in result.corrections] == ["spelling", "word_choice"]
    assert result.dropped == {UNKNOWN_CATEGORY: 1}
    chinese = feedback.parse(answer(("公圆", "公园", "错别字"), ("要不要一起来吗", "要不要一起来", "语法/搭配")),
                             CHINESE)
    assert chinese.language == "zh" and [c.category for c in chinese.corrections] == ["typo", "collocation"]
    assert chinese.corrected_text() == "我们明天去公园玩，你要不要一起来？"


def test_the_level_sets_what_is_flagged():
    reply = answer(("recieve", "receive", "spelling"), ("many reason for it", "several reasons", "style"),
                   ("Their is many reason", "There are many reasons", "clarity"))
    beginner = feedback.parse(reply, TEXT, BEGINNER)
    assert [c.category for c in beginner.corrections] == ["spelling"] and beginner.held_back == 2
    intermediate = feedback.parse(reply, TEXT, INTERMEDIATE)
    assert [c.category for c in intermediate.corrections] == ["spelling", "clarity"] and intermediate.held_back == 1
    advanced = feedback.parse(reply, TEXT, ADVANCED)
    assert advanced.held_back == 0 and advanced.dropped == {OVERLAPS: 1}  # style and clarity share words


def test_the_summary_counts_by_category_and_names_the_three_patterns_to_work_on():
    text = "Their cat recieve my letter and we goes home. Its a nice day, isnt it?"
    reply = answer(("recieve", "receives", "spelling"), ("we goes", "we go", "grammar"), ("Its", "It's", "punctuation"),
                   ("isnt", "isn't", "punctuation"), ("Their cat", "The cat", "word_choice"))
    result = feedback.parse(reply, text, ADVANCED)
    assert result.counts() == [("spelling", 1), ("grammar", 1), ("word_choice", 1), ("punctuation", 2)]
    patterns = result.patterns()
    assert [(p.category, p.count) for p in patterns] == [("punctuation", 2), ("spelling", 1), ("grammar", 1)]
    assert patterns[0].instance.original == "Its"


def test_the_tracked_changes_are_one_per_correction_with_its_category_and_whole_words():
    reply = answer(("cieve", "ceive", "spelling"), ("you letter", "your letter", "grammar"),
                   explanation="Because.", example="I receive it.")
    revision = feedback.parse(reply, TEXT).revision()
    assert [(c.old, c.new, c.category) for c in revision.changes] == [
        ("recieve", "receive", "spelling"), ("you letter", "your letter", "grammar")]
    assert revision.changes[0].reason == "Because." and revision.changes[0].example == "I receive it."
    assert revision.apply(set()) == TEXT
    assert revision.apply({0, 1}) == "I receive your letter yesterday. Their is many reason for it, and we goes home."
    chinese = feedback.parse(answer(("公圆", "公园", "typo")), CHINESE).revision()
    assert [(c.old, c.new) for c in chinese.changes] == [("公圆", "公园")]


def test_the_request_names_the_level_the_categories_and_the_language_of_the_explanations():
    [system, user] = feedback.messages(TEXT, BEGINNER, "zh")
    assert "beginner" in user["content"] and "in Simplified Chinese" in user["content"]
    assert "spelling" in user["content"] and "clarity" not in user["content"]  # not flagged for a beginner
    assert user["content"].endswith(TEXT) and system["role"] == "system"
    [_, chinese] = feedback.messages(CHINESE, ADVANCED, "en")
    assert "高级" in chinese["content"] and "用英文" in chinese["content"] and "expression" in chinese["content"]
    assert feedback.schema("zh")["properties"]["corrections"]["items"]["properties"]["category"]["enum"] == list(
        feedback.CATEGORIES["zh"])


@pytest.mark.parametrize("text", [TEXT, CHINESE])
def test_the_real_model_answers_in_the_json_asked_for_and_nothing_it_invents_is_applied(engine, text):
    params = GenerationParams(max_tokens=300, temperature=0.7, seed=7)
    params.response_schema = feedback.schema(feedback.text_language(text))
    reply = engine.generate(feedback.messages(text, ADVANCED, "en"), params)
    result = feedback.parse(reply.text, text, ADVANCED)
    assert result.readable, reply.text  # the schema holds the reply to the JSON, even from a 135M model
    assert json.loads(reply.text)["corrections"] is not None
    assert all(text[c.start:c.end] == c.original for c in result.corrections)
    assert len(result.corrections) + result.dropped_count() + result.held_back == len(
        json.loads(reply.text)["corrections"])


def test_a_whole_text_is_proofread_paragraph_by_paragraph_and_summed_up_as_one():
    from assistant.core.writing.proofreading import paragraphs, read_answer, request, whole

    text = "First we recieve it.\n\nThen teh end.\n"
    parts = paragraphs(text)
    assert [(p.start, p.text) for p in parts] == [(0, "First we recieve it."), (22, "Then teh end.")]
    messages, schema = request(parts[1], True, BEGINNER, "en")
    assert messages[1]["content"].endswith("Then teh end.") and schema == feedback.schema("en")
    answers = [answer(("recieve", "receive", "spelling")), answer(("teh", "the", "spelling"))]
    edits, found = [], []
    for paragraph, reply in zip(parts, answers):
        paragraph_edits, paragraph_feedback = read_answer(reply, paragraph, True, BEGINNER)
        edits += paragraph_edits
        found.append((paragraph, paragraph_feedback))
    assert [(text[e.start:e.end], e.new) for e in edits] == [("recieve", "receive"), ("teh", "the")]
    summed = whole(text, BEGINNER, found)
    assert summed.counts() == [("spelling", 2)] and summed.corrected_text() == "First we receive it.\n\nThen the end.\n"
    # Without feedback: the proofread text, a line break the model added inside the paragraph taken as a space.
    edits, none = read_answer("CORRECTED:\nThen the\nend.", parts[1], False, BEGINNER)
    assert none is None and [(text[e.start:e.end], e.new) for e in edits] == [("teh", "the")]
