"""A review saved as a Word document (issue 35): each change a real tracked change by "Hearth" with its explanation
as a comment, read back with python-docx and from the raw XML. Accept All gives the corrected text and Reject All
the original, byte for byte, in English and Chinese, on runs carrying bold and italics; LibreOffice, where it is
installed, reads the same changes."""

from __future__ import annotations

import datetime
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest

from assistant.core.formats.docx_review import Edit, NotTheSameText, body_text, review_text, write_review
from assistant.core.writing import feedback
from assistant.core.writing.word_review import edits_of

WHEN = datetime.datetime(2026, 12, 7, 9, 30, tzinfo=datetime.timezone.utc)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def formatted_source(path: Path) -> Path:
    """English with a bold run and an italic one, then Chinese with a bold word, and an empty paragraph."""
    document = docx.Document()
    first = document.add_paragraph()
    first.add_run("I recieve ").bold = True
    first.add_run("you letter")
    first.add_run(" yesterday, and we goes home.").italic = True
    document.add_paragraph("")
    second = document.add_paragraph("我们明天去")
    second.add_run("公圆").bold = True
    second.add_run("玩，你要不要一起来吗？")
    document.save(str(path))
    return path


def feedback_edits(text: str, *items: tuple[str, str, str]) -> tuple[list[Edit], str]:
    """The edits of a Feedback review of ``text`` (as Drafting saves them) and the corrected text."""
    answer = json.dumps({"corrections": [{"original": o, "corrected": c, "category": k, "explanation": f"Why “{o}”.",
                                          "example": ""} for o, c, k in items]})
    result = feedback.parse(answer, text, feedback.ADVANCED)
    from assistant.core.writing.review import Review

    return edits_of(Review("Feedback", result.revision(), feedback=result)), result.corrected_text()


def test_accept_all_gives_the_corrected_text_and_reject_all_the_original_with_formatting_kept(tmp_path):
    source = formatted_source(tmp_path / "letter.docx")
    text = body_text(source)
    assert text == "I recieve you letter yesterday, and we goes home.\n\n我们明天去公圆玩，你要不要一起来吗？"
    edits, corrected = feedback_edits(text, ("recieve", "received", "spelling"), ("you letter", "your letter", "grammar"),
                                      ("we goes", "we go", "grammar"), ("公圆", "公园", "typo"),
                                      ("要不要一起来吗", "要不要一起来", "collocation"))
    written = write_review(tmp_path / "reviewed.docx", text, edits, source=source, when=WHEN)
    assert (written.written, written.left_out) == (5, 0)
    assert review_text(written.path, accept=True) == corrected
    assert review_text(written.path, accept=False) == text
    reviewed = docx.Document(str(written.path))
    body = reviewed.element.body
    deletions, insertions = body.findall(f".//{W}del"), body.findall(f".//{W}ins")
    assert len(deletions) == len(insertions) == 5
    assert {mark.get(f"{W}author") for mark in deletions + insertions} == {"Hearth"}
    assert {mark.get(f"{W}date") for mark in deletions + insertions} == {"2026-12-07T09:30:00Z"}
    def words(change) -> str:
        return "".join(text.text for text in change.iter(f"{W}t", f"{W}delText"))

    # The deleted and inserted words keep the formatting of the run they were in.
    [received] = [ins for ins in insertions if words(ins) == "received"]
    assert received.find(f".//{W}b") is not None
    [go] = [ins for ins in insertions if words(ins) == "we go"]
    assert go.find(f".//{W}i") is not None
    [park] = [ins for ins in insertions if words(ins) == "公园"]
    assert park.find(f".//{W}b") is not None
    # Each explanation is a comment by Hearth, anchored on its change.
    comments = list(reviewed.comments)
    assert len(comments) == 5 and {comment.author for comment in comments} == {"Hearth"}
    assert "Spelling · Why “recieve”." in [comment.text for comment in comments]
    with zipfile.ZipFile(written.path) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    assert xml.count("<w:commentRangeStart") == xml.count("<w:commentRangeEnd") == xml.count(
        "<w:commentReference") == 5


def test_a_draft_becomes_a_document_of_its_lines(tmp_path):
    text = "Dear team,\n\nThe launch are next week.\n我们下周发布。"
    edits, corrected = feedback_edits(text, ("are", "is", "grammar"))
    written = write_review(tmp_path / "draft.docx", text, edits, when=WHEN)
    assert review_text(written.path, accept=True) == corrected == "Dear team,\n\nThe launch is next week.\n我们下周发布。"
    assert review_text(written.path, accept=False) == text


def test_a_change_across_paragraphs_is_counted_not_written_and_a_changed_document_is_refused(tmp_path):
    text = "One line.\nTwo lines."
    written = write_review(tmp_path / "joined.docx", text, [Edit(8, 11, ". T", "joins"), Edit(0, 3, "A", "")],
                           when=WHEN)
    assert (written.written, written.left_out) == (1, 1)
    assert review_text(written.path, accept=True) == "A line.\nTwo lines."
    source = formatted_source(tmp_path / "letter.docx")
    with pytest.raises(NotTheSameText):
        write_review(tmp_path / "out.docx", "Another text", [Edit(0, 1, "a")], source=source)


def test_libreoffice_reads_the_tracked_changes(tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed here (apt-get install libreoffice-writer-nogui)")
    source = formatted_source(tmp_path / "letter.docx")
    text = body_text(source)
    edits, _corrected = feedback_edits(text, ("recieve", "received", "spelling"), ("公圆", "公园", "typo"))
    written = write_review(tmp_path / "reviewed.docx", text, edits, source=source, when=WHEN)
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "odt",
                    "--outdir", str(tmp_path / "odt"), str(written.path)], check=True, capture_output=True,
                   timeout=180)
    with zipfile.ZipFile(tmp_path / "odt" / "reviewed.odt") as package:
        content = package.read("content.xml").decode("utf-8")
    # Each change is a deletion and an insertion in LibreOffice's own record of changes, by Hearth.
    assert content.count("<text:changed-region") == 4
    assert content.count("<text:deletion>") == 2 and content.count("<text:insertion>") == 2
    assert "<dc:creator>Hearth</dc:creator>" in content and "recieve" in content and "公圆" in content
