"""The Translation pane end to end with the real SmolLM2 model: detection, paragraph-by-paragraph streaming,
alignment, stop and resume, glossary flags, alternatives, history and files. Translation quality is not the point."""

from __future__ import annotations

import pytest
from conftest import open_main_window
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from assistant.core.writing.translation import Glossary, paragraph_spans

pytestmark = pytest.mark.model
TIMEOUT = 90_000
DOCUMENT = ("Bonjour à tous. La réunion aura lieu demain à 10 heures.\n\n"
            "Le rapport est disponible sur https://example.com/rapport.\n\n"
            "```\nprint('hello')\n```\n\n"
            "Merci et à bientôt.")


def open_window(qtbot, model_path=None, max_tokens=48):
    return open_main_window(qtbot, model_path, max_tokens, pane="translation")


@pytest.fixture
def pane(qtbot, model_path):
    window = open_window(qtbot, model_path)
    yield window.translation
    window.close()


def test_detects_the_source_and_keeps_the_target_different(qtbot, pane):
    pane._select(pane.target_box, "fr")
    pane.source.setPlainText(DOCUMENT)
    qtbot.waitUntil(lambda: pane.detected.text() == "(French)", timeout=5000)
    assert pane.target_language() == "en"  # French into French is never meant
    pane.source.setPlainText("今天的会议改到明天上午十点。")
    qtbot.waitUntil(lambda: pane.detected.text() == "(Simplified Chinese)", timeout=5000)


def test_translates_paragraph_by_paragraph_with_aligned_paragraphs(qtbot, pane):
    pane._select(pane.target_box, "en")
    pane.source.setPlainText(DOCUMENT)
    streamed = []
    pane.task.text.connect(streamed.append)
    qtbot.mouseClick(pane.translate_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: pane.job is not None and pane.job.done and not pane.task.busy, timeout=TIMEOUT)
    assert streamed and pane.progress.value() == 1000
    target = pane.target.toPlainText()
    assert len(paragraph_spans(target)) == 4
    assert "```\nprint('hello')\n```" in target  # code is kept, not translated
    assert pane.status.text().startswith("Translated.")

    # Putting the cursor in the second source paragraph highlights the second translated paragraph.
    cursor = pane.source.textCursor()
    cursor.setPosition(DOCUMENT.index("Le rapport"))
    pane.source.setTextCursor(cursor)
    [highlight] = pane.target.extraSelections()
    start, end = paragraph_spans(target)[1]
    assert (highlight.cursor.selectionStart(), highlight.cursor.selectionEnd()) == (start, end)

    assert pane.history()[0][3] == DOCUMENT and pane.history()[0][4] == target


def test_stop_then_resume_goes_on_from_the_next_paragraph(qtbot, model_path):
    window = open_window(qtbot, model_path, max_tokens=48)
    pane = window.translation
    pane._select(pane.target_box, "en")
    pane.source.setPlainText("\n\n".join(f"Paragraphe numéro {i}. Il fait beau aujourd'hui." for i in range(6)))
    qtbot.mouseClick(pane.translate_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: pane.job.next_piece >= 2, timeout=TIMEOUT)
    with qtbot.waitSignal(pane.task.finished, timeout=TIMEOUT):
        qtbot.mouseClick(pane.stop_button, Qt.LeftButton)
    stopped_at = pane.job.next_piece
    assert not pane.job.done and pane.resume_button.isEnabled() and "Stopped" in pane.status.text()
    assert len(paragraph_spans(pane.target.toPlainText())) == stopped_at  # the half piece is not kept
    qtbot.mouseClick(pane.resume_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: pane.job.done and not pane.task.busy, timeout=TIMEOUT)
    assert len(paragraph_spans(pane.target.toPlainText())) == 6
    window.close()


def test_a_glossary_term_the_model_ignored_is_flagged(qtbot, pane):
    Glossary([("réunion", "ZZQX-MEETING")], ["Hearth"]).save(pane.settings, "fr", "en")
    pane._select(pane.source_box, "fr")
    pane._select(pane.target_box, "en")
    pane.source.setPlainText("La réunion de Hearth est demain.")
    qtbot.mouseClick(pane.translate_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: pane.job.done and not pane.task.busy, timeout=TIMEOUT)
    flags = [pane.checks.item(i).text() for i in range(pane.checks.count())]
    flag = "¶1: Glossary: “réunion” should be translated as “ZZQX-MEETING”."
    # The term is in the prompt, so a model may copy it; with this seed SmolLM2 does not, and the flag must show.
    # Should another llama.cpp build sample differently, the flag must still follow what was written.
    assert (flag in flags) == ("ZZQX-MEETING" not in pane.target.toPlainText())


def test_alternatives_for_a_selected_sentence(qtbot, pane):
    pane._select(pane.source_box, "fr")
    pane._select(pane.target_box, "en")
    pane.source.setPlainText("Il fait beau. Merci beaucoup.")
    cursor = pane.source.textCursor()
    cursor.setPosition(0)
    cursor.setPosition(len("Il fait beau."), QTextCursor.KeepAnchor)
    pane.source.setTextCursor(cursor)
    with qtbot.waitSignal(pane.task.finished, timeout=TIMEOUT):
        qtbot.mouseClick(pane.alternatives_button, Qt.LeftButton)
    assert pane.alternatives_list.count() in (1, 2, 3)


def test_without_a_model_the_source_is_untouched(qtbot):
    window = open_window(qtbot)
    pane = window.translation
    pane.source.setPlainText(DOCUMENT)
    qtbot.mouseClick(pane.translate_button, Qt.LeftButton)
    assert "Load a model first" in pane.status.text() and pane.source.toPlainText() == DOCUMENT
    assert pane.resume_button.isEnabled()  # the job waits for a model
    window.close()


def test_open_swap_and_save(qtbot, tmp_path):
    window = open_window(qtbot)
    pane = window.translation
    source = tmp_path / "in.md"
    source.write_text("# Titre\n\nBonjour.", encoding="utf-8")
    pane.open_file(source)
    assert pane.source.toPlainText() == "# Titre\n\nBonjour."
    pane._select(pane.source_box, "fr")
    pane._select(pane.target_box, "de")
    pane.target.setPlainText("# Titel\n\nHallo.")
    pane.swap()
    assert (pane.source_box.currentData(), pane.target_language()) == ("de", "fr")
    assert pane.source.toPlainText() == "# Titel\n\nHallo."
    pane.target.setPlainText("# Titre\n\nBonjour.")
    pane.save_file(tmp_path / "out.md")
    assert (tmp_path / "out.md").read_text(encoding="utf-8") == "# Titre\n\nBonjour."
    window.close()
