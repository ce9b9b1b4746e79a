"""Feedback in the real Drafting pane (issue 35): the level chosen in More and kept, the request sent with the JSON
schema, the model's reading shown as a count rather than raw JSON, and the review with its summary and each change's
category, explanation and example, in English and Chinese."""

from __future__ import annotations

import json

from conftest import open_main_window, smollm2_path
from PySide6.QtCore import Qt

from assistant.core.storage.settings import WritingChoices
from assistant.core.writing import feedback
from assistant.core.writing.review import Review
from assistant.ui.common import ui_language

REPLY_TIMEOUT_MS = 180_000
TEXT = "I recieve you letter yesterday. Their is many reason for it, and we goes home."
ANSWER = json.dumps({"corrections": [
    {"original": "recieve", "corrected": "received", "category": "spelling", "explanation": "I before E, except "
     "after C.", "example": "I received it."},
    {"original": "we goes", "corrected": "we go", "category": "grammar", "explanation": "We takes go.",
     "example": "We go home."},
    {"original": "Dear Sir", "corrected": "Dear Madam", "category": "style", "explanation": "x", "example": "y"}]})



def test_the_review_shows_the_summary_and_each_change_explained(drafting_window):
    window = drafting_window
    pane = window.drafting
    result = feedback.parse(ANSWER, TEXT, feedback.ADVANCED)
    pane.review.show_review(Review("Feedback", result.revision(), feedback=result))
    shown = pane.review.browser.toPlainText()
    assert "Corrections: 2 · level: Advanced" in shown and "By category: Spelling 1 · Grammar 1" in shown
    assert "1. Spelling (1), e.g. “recieve” → “received”" in shown
    assert "Not used: 1 of the model's corrections, because their words are not in the text." in shown
    assert "(Spelling · I before E, except after C. e.g. “I received it.”)" in shown
    assert pane.review.title.text() == "Feedback: 2 changes. Nothing in the document changes until you apply."
    ui_language.apply("zh_CN")  # the same review, read in Chinese
    shown = pane.review.browser.toPlainText()
    assert "按类别" in shown and "拼写" in shown and "By category" not in shown


def test_the_level_is_chosen_in_more_and_kept(qtbot, drafting_window):
    window = drafting_window
    pane = window.drafting
    items = pane.actions.level_items
    assert items["intermediate"].isChecked()  # the default
    items["beginner"].trigger()
    assert window.settings.read(WritingChoices).feedback_level == "beginner"
    assert items["beginner"].isChecked() and not items["intermediate"].isChecked()
    assert "beginner" in pane.status.text()


def test_feedback_runs_on_the_real_model_with_the_schema_and_never_shows_raw_json(qtbot):
    window = open_main_window(qtbot, model_path=smollm2_path(), pane="drafting",
                              max_tokens=24)
    try:
        pane = window.drafting
        pane.editor.setPlainText(TEXT)
        pane.select_action("feedback")
        titles = []
        pane.task.text.connect(lambda _text: titles.append(pane.review.title.text()))
        with qtbot.waitSignal(pane.task.finished, timeout=REPLY_TIMEOUT_MS):
            qtbot.mouseClick(pane.run_button, Qt.LeftButton)
        assert titles and all(title.startswith("Feedback: the model is reading the text… corrections so far: ")
                              for title in titles)
        assert "{" not in pane.review.browser.toPlainText()  # the JSON was read, not shown
        review = pane.review.review  # the schema holds even a 135M model to the JSON: always readable
        assert review is not None and review.feedback is not None and review.feedback.level == "intermediate"
        assert all(TEXT[c.start:c.end] == c.original for c in review.feedback.corrections)
        assert "Corrections: " in pane.review.browser.toPlainText()
        assert pane.editor.toPlainText() == TEXT
    finally:
        window.close()


def test_feedback_stopped_offers_the_corrections_it_had_found(drafting_window):
    window = drafting_window
    from assistant.core.engines.types import END_STOPPED, GenerationResult
    from assistant.core.writing.draft_run import DraftRun

    pane = window.drafting
    pane.editor.setPlainText(TEXT)
    pane.select_action("feedback")
    run = DraftRun.on_part(pane.actions.current(), TEXT, 0, len(TEXT))
    pane.session.start(run)
    run.feed(ANSWER[:ANSWER.index('{"original": "we goes"') + 12])  # Stop came in the middle of the second one
    pane.results._on_finished(GenerationResult(end=END_STOPPED))
    review = pane.review.review
    assert review is not None and [c.old for c in review.revision.changes] == ["recieve"]
    assert pane.review.title.text().startswith("Feedback (stopped): 1 change.")
    assert pane.review.apply_button.isVisible() and pane.editor.toPlainText() == TEXT
