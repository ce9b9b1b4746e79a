"""My recurring mistakes in the real window (issue 35): nothing is kept until the user switches it on; then the
corrections they accept from Feedback (never the rejected ones) are kept and shown by kind, with what came back
and the sentences it came from; Clear all empties it in one click; Export writes it as JSON."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from assistant.core.storage.settings import WritingChoices
from assistant.core.writing import feedback
from assistant.core.writing.review import ACCEPTED, REJECTED, Review
from assistant.ui.common import ui_language
from assistant.ui.writing.mistakes_dialog import MistakesDialog

TEXT = "I recieve you letter yesterday. Their is many reason for it."


def reply(*items):
    return json.dumps({"corrections": [{"original": o, "corrected": c, "category": k, "explanation": "Because.",
                                        "example": "An example."} for o, c, k in items]})



def review_and_apply(qtbot, pane, text: str, answer: str, reject: set[int] = frozenset()) -> None:
    """A Feedback review of the whole draft, as a run leaves it, then Apply with ``reject`` rejected."""
    pane.editor.setPlainText(text)
    result = feedback.parse(answer, text)
    review = Review("Feedback", result.revision(), 0, len(text), feedback=result)
    pane.session.keep_review(review)
    pane.review.show_review(review)
    for change in review.revision.changes:
        pane.review.decide(change.index, REJECTED if change.index in reject else ACCEPTED)
    qtbot.mouseClick(pane.review.apply_button, Qt.LeftButton)


def test_nothing_is_kept_until_switched_on_then_only_what_was_accepted(qtbot, drafting_window):
    window = drafting_window
    pane, mistakes = window.drafting, window.services.mistakes
    review_and_apply(qtbot, pane, TEXT, reply(("recieve", "receive", "spelling")))
    assert pane.editor.toPlainText().startswith("I receive you") and mistakes.count() == 0  # off by default
    dialog = MistakesDialog(mistakes, window.settings, window)
    qtbot.addWidget(dialog)
    assert not dialog.keep.isChecked() and "Keeping is off" in dialog.report.toPlainText()
    dialog.keep.setChecked(True)
    assert window.settings.read(WritingChoices).remember_mistakes
    review_and_apply(qtbot, pane, TEXT, reply(("recieve", "receive", "spelling"), ("you letter", "your letter",
                                                                                    "grammar")), reject={1})
    assert [(m.original, m.corrected) for m in mistakes.all()] == [("recieve", "receive")]


def test_the_dialog_shows_what_comes_back_clears_it_and_exports_it(qtbot, drafting_window,
                                                                   tmp_path):
    window = drafting_window
    pane, mistakes = window.drafting, window.services.mistakes
    window.settings.update(WritingChoices, remember_mistakes=True)
    review_and_apply(qtbot, pane, TEXT, reply(("recieve", "receive", "spelling")))
    pane.new_draft()
    review_and_apply(qtbot, pane, "We recieve many letters.", reply(("recieve", "receive", "spelling")))
    review_and_apply(qtbot, pane, "公园里有很多人们。", reply(("人们", "人", "wording")))
    dialog = MistakesDialog(mistakes, window.settings, window)
    qtbot.addWidget(dialog)
    assert [dialog.language.itemData(i) for i in range(dialog.language.count())] == ["en", "zh"]
    shown = dialog.report.toPlainText()
    assert "Spelling" in shown and "2 times, in 2 drafts" in shown
    assert "“recieve” → “receive”, 2 times" in shown and "We recieve many letters." in shown
    dialog.language.setCurrentIndex(1)
    assert "Word use (用词)" in dialog.report.toPlainText()
    exported = tmp_path / "mine.json"
    assert dialog.export(exported)
    assert [m["original"] for m in json.loads(exported.read_text("utf-8"))["mistakes"]] == ["recieve", "recieve",
                                                                                            "人们"]
    qtbot.mouseClick(dialog.clear_button, Qt.LeftButton)  # one click
    assert mistakes.count() == 0 and dialog.status.text() == "Cleared 3 kept corrections."
    assert "Nothing kept yet" in dialog.report.toPlainText() and not dialog.clear_button.isEnabled()
    ui_language.apply("zh_CN")
    assert dialog.report.toPlainText().startswith("还没有保存任何内容。") and dialog.clear_button.text() == "全部清除"
