"""The learner's recurring mistakes (issue 35) on real SQLite files: a version-12 database gains the table and keeps
everything; only accepted feedback corrections are noted, with their sentence; what recurs across drafts; cleared
in one call; exported."""

from __future__ import annotations

import json

from assistant.core.storage import database
from assistant.core.storage.database import SCHEMA_VERSION, connect
from assistant.core.storage.drafts import Drafts
from assistant.core.storage.mistakes import EXPORT_FORMAT, Mistake, Mistakes
from assistant.core.writing import feedback
from assistant.core.writing.noted_mistakes import accepted_mistakes, sentence_around
from assistant.core.writing.review import ACCEPTED, REJECTED, Review

TEXT = "I recieve you letter yesterday. Their is many reason for it, and we goes home."


def reply(*items: tuple[str, str, str]) -> str:
    return json.dumps({"corrections": [{"original": o, "corrected": c, "category": k, "explanation": f"Why {o}.",
                                        "example": f"Like {c}."} for o, c, k in items]})


def test_a_version_12_database_gains_the_mistakes_and_keeps_its_drafts(tmp_path, monkeypatch):
    path = tmp_path / "v12.sqlite3"
    monkeypatch.setattr(database, "MIGRATIONS", database.MIGRATIONS[:12])
    monkeypatch.setattr(database, "SCHEMA_VERSION", 12)
    old = connect(path)
    draft = Drafts(old).create("Mein Entwurf: I recieve it.")
    old.close()
    monkeypatch.undo()

    conn = connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 13
    assert (tmp_path / "v12.sqlite3.v12.bak").exists()
    assert Drafts(conn).get(draft.id).content == "Mein Entwurf: I recieve it."
    mistakes = Mistakes(conn)
    assert mistakes.count() == 0
    mistakes.note([Mistake("en", "spelling", "recieve", "receive", draft_id=draft.id)])
    Drafts(conn).delete(draft.id)  # the draft goes; the learner's record stays, unlinked
    assert [(m.original, m.draft_id) for m in mistakes.all()] == [("recieve", None)]


def test_only_the_accepted_corrections_are_noted_with_their_sentence(tmp_path):
    result = feedback.parse(reply(("recieve", "received", "spelling"), ("we goes", "we go", "grammar"),
                                  ("Their is", "There are", "word_choice")), TEXT)
    review = Review("Feedback", result.revision(), feedback=result)
    review.decide(0, ACCEPTED)
    review.decide(1, REJECTED)  # the user did not agree: not their mistake
    review.decide(2, ACCEPTED)
    noted = accepted_mistakes(review, draft_id=7)
    assert [(m.category, m.original, m.corrected, m.draft_id) for m in noted] == [
        ("spelling", "recieve", "received", 7), ("grammar", "we goes", "we go", 7)]
    assert noted[0].context == "I recieve you letter yesterday." and noted[0].explanation == "Why recieve."
    assert noted[1].context == "Their is many reason for it, and we goes home." and noted[1].example == "Like we go."
    assert accepted_mistakes(Review("Proofread", result.revision())) == []  # not feedback: nothing to note


def test_a_long_sentence_is_cut_around_the_mistake():
    text = "word " * 100 + "recieve " + "word " * 100 + "."
    start = text.index("recieve")
    context = sentence_around(text, start, start + 7)
    assert "recieve" in context and context.startswith("…") and context.endswith("…") and len(context) <= 162
    chinese = "今天天气很好。我们明天去公圆玩，好吗？再见。"
    place = chinese.index("公圆")
    assert sentence_around(chinese, place, place + 2) == "我们明天去公圆玩，好吗？"


def test_what_comes_back_across_drafts_is_counted_per_language(tmp_path):
    conn = connect(tmp_path / "hearth.sqlite3")
    drafts = Drafts(conn)
    first, second = drafts.create("one"), drafts.create("two")
    mistakes = Mistakes(conn)
    mistakes.note([Mistake("en", "spelling", "recieve", "receive", context="I recieve it.", draft_id=first.id,
                           noted_at=1.0),
                   Mistake("en", "spelling", "Recieve", "Receive", context="Recieve this.", draft_id=second.id,
                           noted_at=2.0),
                   Mistake("en", "spelling", "teh", "the", draft_id=second.id, noted_at=3.0),
                   Mistake("en", "grammar", "we goes", "we go", draft_id=first.id, noted_at=4.0),
                   Mistake("zh", "typo", "公圆", "公园", context="去公圆玩", draft_id=first.id, noted_at=5.0)])
    assert mistakes.languages() == ["en", "zh"]
    spelling, grammar = mistakes.recurring("en")
    assert (spelling.category, spelling.count, spelling.drafts) == ("spelling", 3, 2)
    [again] = spelling.repeated  # the same correction, whatever its case
    assert (again.original, again.corrected, again.times) == ("Recieve", "Receive", 2)
    assert again.contexts == ("Recieve this.", "I recieve it.")  # the newest first
    assert (grammar.count, grammar.repeated) == (1, ())
    [typo] = mistakes.recurring("zh")
    assert typo.latest.original == "公圆"
    exported = mistakes.export()
    assert exported["format"] == EXPORT_FORMAT and [m["original"] for m in exported["mistakes"]] == [
        "recieve", "Recieve", "teh", "we goes", "公圆"]
    json.dumps(exported)  # JSON as it is
    assert mistakes.clear() == 5 and mistakes.count() == 0 and mistakes.recurring("en") == []
