"""Word documents in the real Drafting pane (issue 35): a .docx opens as a draft of its paragraphs, and a review is
saved as a Word document with tracked changes, on the opened document while the draft is unchanged (its bold and
italics kept) and as a document of the draft's lines once it is edited; in English and Chinese."""

from __future__ import annotations

import json

from test_word_review import formatted_source

from assistant.core.formats.docx_review import body_text, review_text
from assistant.core.writing import feedback
from assistant.core.writing.review import Review
from assistant.ui.common import ui_language

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"



def show_feedback(pane, *items) -> str:
    """A Feedback review of the whole draft shown, as a run leaves it; the corrected text."""
    text = pane.editor.toPlainText()
    answer = json.dumps({"corrections": [{"original": o, "corrected": c, "category": k, "explanation": "Because.",
                                          "example": ""} for o, c, k in items]})
    result = feedback.parse(answer, text)
    review = Review("Feedback", result.revision(), 0, len(text), feedback=result)
    pane.session.keep_review(review)
    pane.review.show_review(review)
    return result.corrected_text()


def test_a_word_document_opens_as_a_draft_and_its_review_keeps_its_formatting(drafting_window, tmp_path):
    window = drafting_window
    import docx

    pane = window.drafting
    source = formatted_source(tmp_path / "letter.docx")
    assert pane.open_file(source)
    assert pane.editor.toPlainText() == body_text(source) and pane.files.word_source == source
    corrected = show_feedback(pane, ("recieve", "received", "spelling"), ("公圆", "公园", "typo"))
    assert pane.review.word_button.isVisible()
    target = tmp_path / "letter (reviewed).docx"
    assert pane.word.save(target)
    assert pane.status.text() == ("Saved the review to letter (reviewed).docx: 2 tracked changes with their "
                                  "explanations.")
    assert review_text(target, accept=True) == corrected and review_text(target, accept=False) == body_text(source)
    inserted = docx.Document(str(target)).element.body.findall(f".//{W}ins")
    assert [ins.find(f".//{W}b") is not None for ins in inserted] == [True, True]  # the bold words stay bold
    assert pane.editor.toPlainText() == body_text(source)  # saving the review changes nothing in the draft


def test_an_edited_draft_is_saved_as_its_lines_and_a_review_that_no_longer_fits_is_refused(qtbot, drafting_window,
                                                                                       tmp_path):
    window = drafting_window
    pane = window.drafting
    assert pane.open_file(formatted_source(tmp_path / "letter.docx"))
    pane.editor.setPlainText("A new first line.\nWe goes home.")
    corrected = show_feedback(pane, ("We goes", "We go", "grammar"))
    assert pane.word.save(tmp_path / "draft.docx")
    assert review_text(tmp_path / "draft.docx", accept=True) == corrected == "A new first line.\nWe go home."
    pane.editor.setPlainText("Something else entirely.")
    assert not pane.word.save(tmp_path / "stale.docx") and not (tmp_path / "stale.docx").exists()
    assert "changed since the review was made" in pane.status.text()
    ui_language.apply("zh_CN")
    assert pane.review.word_button.text() == "另存为 Word…"


def test_a_file_that_is_not_a_word_document_is_refused_in_words(qtbot, drafting_window, tmp_path,
                                                                 monkeypatch):
    window = drafting_window
    from PySide6.QtWidgets import QMessageBox

    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: said.append(text))
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    pane = window.drafting
    before = pane.editor.toPlainText()
    assert not pane.open_file(broken)
    assert said and said[0].startswith("broken.docx could not be read as a Word document: ")
    assert pane.editor.toPlainText() == before and pane.files.word_source is None
