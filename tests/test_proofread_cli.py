"""``assistant proofread FILE``: real processes, the real model, a real .docx with bold and italics. Whatever the
model proposes, Reject All in the document written gives the original exactly, and every tracked change is by
Hearth; bad input gets its reason and the exit codes ``run`` has."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from test_word_review import formatted_source

from assistant.cli.exits import NOT_FOUND, REFUSED, USAGE
from assistant.core.formats.docx_review import body_text, review_text

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.model


def proofread(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant", "proofread", *argv], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)


@pytest.mark.parametrize("with_feedback", [False, True])
def test_a_word_document_is_proofread_into_tracked_changes(model_path, tmp_path, with_feedback):
    source = formatted_source(tmp_path / "letter.docx")
    target = tmp_path / "reviewed.docx"
    done = proofread(str(source), "--model", str(model_path), "-o", str(target),
                     *(["--feedback", "--level", "advanced"] if with_feedback else []))
    assert done.returncode == 0, done.stderr
    assert "[1/2]" in done.stderr and "[2/2]" in done.stderr and f"saved {target}" in done.stderr
    assert review_text(target, accept=False) == body_text(source)  # Reject All: the original, exactly
    with zipfile.ZipFile(target) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    assert xml.count('w:author="Hearth"') == xml.count("<w:ins ") + xml.count("<w:del ")
    if with_feedback:
        assert done.stdout.startswith("Corrections: ") and "level: Advanced" in done.stdout.splitlines()[0]
    else:
        assert done.stdout == ""


def test_a_text_file_is_written_as_a_word_document_beside_it(model_path, tmp_path):
    source = tmp_path / "notes.md"
    source.write_text("We goes home tomorow.\n\nIt are late.\n", encoding="utf-8")
    done = proofread(str(source), "--model", str(model_path))
    assert done.returncode == 0, done.stderr
    written = tmp_path / "notes (proofread).docx"
    assert review_text(written, accept=False) == source.read_text(encoding="utf-8")


def test_bad_input_is_refused_with_its_reason(model_path, tmp_path):
    missing = proofread(str(tmp_path / "none.docx"), "--model", str(model_path))
    assert missing.returncode == NOT_FOUND and "no such file" in missing.stderr
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    assert proofread(str(pdf), "--model", str(model_path)).returncode == REFUSED
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not a zip")
    refused = proofread(str(broken), "--model", str(model_path))
    assert refused.returncode == REFUSED and "not a Word document that can be read" in refused.stderr
    text = tmp_path / "a.txt"
    text.write_text("Hello.", encoding="utf-8")
    wrong = proofread(str(text), "--model", str(model_path), "-o", str(tmp_path / "out.txt"))
    assert wrong.returncode == USAGE and "written as a Word document" in wrong.stderr
    no_model = proofread(str(text))
    assert no_model.returncode == USAGE and "give a model file" in no_model.stderr
    assert "Traceback" not in missing.stderr + refused.stderr + wrong.stderr + no_model.stderr
