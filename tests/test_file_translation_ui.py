"""The Translation pane's whole-file mode on the real pane: a file opened (button or drop) in the text boxes' place,
translated by the real SmolLM2 segment by segment, stopped, corrected by hand, resumed after a restart, saved in its
own format (bilingual too); refused files, files gone or changed, and the glossary's notes and CSV files.
Translation quality is not the point: where the words go is."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from conftest import make_docx, make_pdf, open_main_window
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from assistant.core.formats.opening import open_file
from assistant.core.writing.file_translator import RunEnded, SegmentTranslated
from assistant.core.writing.glossary_csv import read_glossary_csv
from assistant.core.writing.translation import Glossary
from assistant.ui.writing.file_segments_model import SOURCE, TRANSLATION, WHERE
from assistant.ui.writing.glossary_dialog import GlossaryDialog

TIMEOUT = 180_000  # a bound for a loaded machine, where SmolLM2 may write 5 tokens a second
PARAGRAPHS = [f"Paragraphe numéro {i}. Il fait beau aujourd'hui." for i in range(1, 5)]
SIX = [f"Le chapitre {i} commence ici. Il fait beau aujourd'hui." for i in range(1, 7)]


def open_window(qtbot, model_path=None):
    return open_main_window(qtbot, model_path, max_tokens=48, pane="translation")


def open_in_pane(qtbot, pane, path: Path) -> None:
    with qtbot.waitSignal(pane.file_mode.opened, timeout=30_000):
        assert pane.file_mode.open(path)


def translations_shown(pane) -> list[str]:
    model = pane.file_mode.view.model
    return [model.index(row, TRANSLATION).data() for row in range(model.rowCount())]


def run_until_it_ends(qtbot, pane, click) -> list[int]:
    """``click`` starts the run; the segments the model translated until it ended."""
    translated = []
    pane.file_mode.run.event.connect(
        lambda event: isinstance(event, SegmentTranslated) and translated.append(event.segment))
    with qtbot.waitSignal(pane.file_mode.run.event, timeout=TIMEOUT,
                          check_params_cb=lambda event: isinstance(event, RunEnded)):
        qtbot.mouseClick(click, Qt.LeftButton)
    return translated


def save_through_the_dialog(qtbot, pane, path: Path | None = None, bilingual: bool = False, kind=None):
    pane.file_mode.view.save_button.click()
    dialog = pane.file_mode.save_dialog_shown
    assert dialog.isVisible()
    if path is not None:
        dialog.path_edit.setText(str(path))
    if kind is not None:
        dialog.kind_box.setCurrentIndex(dialog.kind_box.findData(kind))
    dialog.bilingual.setChecked(bilingual)
    dialog.accept()
    return dialog


# Without a model -----------------------------------------------------------------------------------------------------

def test_a_file_takes_the_text_boxes_place_and_close_file_brings_them_back(qtbot, tmp_path):
    window = open_window(qtbot)
    pane = window.translation
    pane._select(pane.target_box, "en")
    pane.source.setPlainText("Un texte tapé avant.")
    path = tmp_path / "lettre.txt"
    path.write_text("\n\n".join(PARAGRAPHS), encoding="utf-8")
    open_in_pane(qtbot, pane, path)
    view = pane.file_mode.view
    assert pane.pages.currentWidget() is view and view.table.isVisible() and not pane.source.isVisible()
    assert view.model.rowCount() == 4 and view.model.index(2, SOURCE).data() == PARAGRAPHS[2]
    assert view.title.text() == "lettre.txt: 4 segments" and pane.detected.text() == "(French)"
    assert pane.progress.isVisible() and pane.progress.text() == "0/4"
    assert pane.translate_button.isVisible() and not pane.resume_button.isVisible()
    assert not pane.open_button.isVisible() and not pane.swap_button.isEnabled()
    assert "4 segments to translate into English" in pane.status.text()
    assert open_file_setting(pane)["path"] == str(path)

    pane.translate_button.click()  # no model: said, nothing else
    assert pane.status.text().startswith("Load a model first") and not pane.file_mode.busy

    view.close_button.click()
    assert pane.pages.currentWidget() is pane.text_page and pane.source.isVisible()
    assert pane.source.toPlainText() == "Un texte tapé avant." and pane.open_button.isVisible()
    assert open_file_setting(pane) == {}
    window.close()


def drop(widget, path: Path) -> None:
    """As a file manager's drag ends on ``widget``: it enters (Qt delivers a drop only after), then it is dropped."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    for event in (QDragEnterEvent(QPoint(5, 5), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier),
                  QDropEvent(QPoint(5, 5), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)):
        QApplication.sendEvent(widget, event)
        assert event.isAccepted()


def test_a_subtitle_file_dropped_on_the_text_opens_as_a_file(qtbot, tmp_path):
    window = open_window(qtbot)
    pane = window.translation
    path = tmp_path / "film.srt"
    path.write_text("1\n00:00:01,000 --> 00:00:03,000\nBonjour à tous.\n\n"
                    "2\n00:00:02,000 --> 00:00:04,000\nLa réunion aura lieu demain.\n", encoding="utf-8")
    with qtbot.waitSignal(pane.file_mode.opened, timeout=30_000):
        drop(pane.source.viewport(), path)
    view = pane.file_mode.view
    assert pane.file_mode.active and view.model.rowCount() == 2
    assert view.model.index(1, WHERE).data() == "Cue 2" and not view.table.isColumnHidden(WHERE)
    assert "overlap" in view.left.item(0).text()  # the format's note, listed plainly
    assert pane.source.toPlainText() == ""  # the file's address was not typed into the text
    window.close()


def zip_bomb(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        with package.open("word/document.xml", "w") as member:
            for _ in range(8):
                member.write(bytes(1 << 20))
    return path


@pytest.mark.parametrize("kind", ["junk", "bomb", "empty"])
def test_a_refused_file_says_why_and_changes_nothing(qtbot, tmp_path, kind):
    window = open_window(qtbot)
    pane = window.translation
    pane.source.setPlainText("Un texte tapé avant.")
    path = tmp_path / "rapport.docx"
    if kind == "junk":
        path.write_bytes(b"Just some text pretending to be a document.\n")
    elif kind == "bomb":
        zip_bomb(path)
    else:
        path = tmp_path / "vide.txt"
        path.write_text("   \n\n", encoding="utf-8")
    with qtbot.waitSignal(pane.status_changed, timeout=30_000,
                          check_params_cb=lambda line: "cannot be translated" in line):
        pane.file_mode.open(path)
    line = pane.status.text()
    assert line.startswith(f"{path.name} cannot be translated: ") and len(line) > len(path.name) + 30, line
    assert "Traceback" not in line and "Unexpected" not in line
    assert not pane.file_mode.active and pane.source.toPlainText() == "Un texte tapé avant."
    assert open_file_setting(pane) == {}
    window.close()


def test_a_file_gone_or_changed_since_the_last_start_is_said_and_the_text_stays(qtbot, tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("# Titre\n\nBonjour à tous.", encoding="utf-8")
    window = open_window(qtbot)
    open_in_pane(qtbot, window.translation, path)
    window.close()

    path.write_text("# Titre\n\nBonsoir à tous.", encoding="utf-8")
    window = open_window(qtbot)
    pane = window.translation
    qtbot.waitUntil(lambda: "has changed" in pane.status.text(), timeout=30_000)
    assert not pane.file_mode.active and pane.pages.currentWidget() is pane.text_page
    assert open_file_setting(pane) == {}  # said once
    open_in_pane(qtbot, pane, path)
    window.close()

    path.unlink()
    window = open_window(qtbot)
    pane = window.translation
    assert pane.status.text() == f"notes.md, the file being translated when Hearth was closed, is no longer in {tmp_path}."
    assert not pane.file_mode.active and open_file_setting(pane) == {}
    window.close()


def test_what_is_left_as_it_is_is_listed_and_a_pdf_becomes_the_kind_chosen(qtbot, tmp_path):
    window = open_window(qtbot)
    pane = window.translation
    pane._select(pane.source_box, "fr")
    pane._select(pane.target_box, "en")
    notes = tmp_path / "notes.md"
    notes.write_text("---\ntitle: Notes\n---\n\n# Titre\n\nBonjour à tous.\n\nRendez-vous à 10 heures.\n",
                     encoding="utf-8")
    open_in_pane(qtbot, pane, notes)
    view = pane.file_mode.view
    left = [view.left.item(row).text() for row in range(view.left.count())]
    assert view.left.isVisible() and any(line.startswith("Left as it is: ") and "front matter" in line
                                         for line in left), left
    assert not view.checks.isVisible()
    view.model.setData(view.model.index(2, TRANSLATION), "See you at ten.")  # the number lost: a check
    [check] = [view.checks.item(row) for row in range(view.checks.count())]
    assert view.checks.isVisible() and check.text().startswith("Segment 3 (") and "10" in check.text()
    view.checks.itemClicked.emit(check)
    assert view.table.currentIndex().row() == 2 and view.table.selectionModel().isRowSelected(2)

    pdf = make_pdf(tmp_path / "compte rendu.pdf", "La réunion aura lieu demain à dix heures.")
    open_in_pane(qtbot, pane, pdf)  # another file in its place
    assert view.title.text().startswith("compte rendu.pdf: ") and not view.left.isVisible()
    model = view.model
    assert model.setData(model.index(0, TRANSLATION), "The meeting is tomorrow at ten.")  # as the editor does
    assert pane.file_mode.job.edited == {0}
    pane.file_mode.view.save_button.click()
    dialog = pane.file_mode.save_dialog_shown
    assert dialog.kind_box.isVisible() and [dialog.kind_box.itemData(i) for i in range(3)] == ["docx", "md", "html"]
    assert dialog.path() == tmp_path / "compte rendu.en.docx"
    dialog.kind_box.setCurrentIndex(1)
    assert dialog.path() == tmp_path / "compte rendu.en.md"  # the name follows the kind
    dialog.accept()
    written = (tmp_path / "compte rendu.en.md").read_text(encoding="utf-8")
    assert "The meeting is tomorrow at ten." in written and "réunion" not in written
    window.close()


def test_the_glossary_has_notes_and_goes_to_and_from_csv(qtbot, tmp_path):
    glossary = Glossary([("réunion", "meeting")], ["Hearth"], {"réunion": "never 'reunion'", "Hearth": "the app"})
    dialog = GlossaryDialog(glossary, "French → English")
    qtbot.addWidget(dialog)
    assert dialog.table.columnCount() == 3
    assert [dialog.table.item(0, column).text() for column in range(3)] == ["réunion", "meeting", "never 'reunion'"]
    assert dialog.value() == glossary  # the keep term's note goes through unseen

    exported = tmp_path / "terms.csv"
    dialog.export_csv(exported)
    assert read_glossary_csv(exported) == glossary and "Exported 2 terms" in dialog.status.text()

    incoming = tmp_path / "more.csv"
    incoming.write_text("source;target;note\nordre du jour;agenda;\nréunion;session;in this client's words\n",
                        encoding="utf-8-sig")
    dialog.import_csv(incoming)
    value = dialog.value()
    assert value.pairs == [("ordre du jour", "agenda"), ("réunion", "session")] or sorted(value.pairs) == [
        ("ordre du jour", "agenda"), ("réunion", "session")]
    assert value.notes["réunion"] == "in this client's words" and value.keep == ["Hearth"]
    assert "Imported 2 terms" in dialog.status.text()

    broken = tmp_path / "latin1.csv"
    broken.write_bytes("réunion,meeting\n".encode("latin-1"))
    dialog.import_csv(broken)
    assert "not UTF-8" in dialog.status.text() and dialog.value() == value  # nothing changed


# With the model ------------------------------------------------------------------------------------------------------

@pytest.mark.model
def test_a_text_file_is_translated_segment_by_segment_and_saved_in_its_format(qtbot, model_path, tmp_path):
    window = open_window(qtbot, model_path)
    pane = window.translation
    pane._select(pane.source_box, "auto")
    pane._select(pane.target_box, "en")
    path = tmp_path / "lettre.txt"
    path.write_text("\n\n".join(PARAGRAPHS) + "\n", encoding="utf-8")
    open_in_pane(qtbot, pane, path)
    streamed = []
    pane.file_mode.run.event.connect(lambda event: type(event).__name__ == "PieceText" and streamed.append(event))
    translated = run_until_it_ends(qtbot, pane, pane.translate_button)
    job = pane.file_mode.job
    assert translated == [0, 1, 2, 3] and job.done and streamed  # in order, each streamed as it was written
    assert (job.source, job.target) == ("fr", "en")  # the file's language, detected
    shown = translations_shown(pane)
    assert all(shown) and shown == [text for text in job.translations]
    assert pane.progress.value() == 1000 and pane.progress.text() == "4/4"
    assert pane.status.text().startswith("Translated.") and pane.status.text().endswith("Save as… writes the file.")
    assert pane.translate_button.isVisible() and not pane.resume_button.isVisible()
    assert pane.file_mode.view.checks.count() == len(job.checks())

    dialog = save_through_the_dialog(qtbot, pane)
    assert not dialog.isVisible() and dialog.path() == tmp_path / "lettre.en.txt"  # beside it, named for the language
    written = (tmp_path / "lettre.en.txt").read_text(encoding="utf-8")
    assert written == "\n\n".join(job.translations) + "\n"
    assert pane.status.text() == f"Saved to {tmp_path / 'lettre.en.txt'}."

    save_through_the_dialog(qtbot, pane, tmp_path / "both.txt", bilingual=True)
    both = (tmp_path / "both.txt").read_text(encoding="utf-8").rstrip("\n").split("\n\n")
    assert both == [part for pair in zip(PARAGRAPHS, job.translations) for part in pair]

    dialog = save_through_the_dialog(qtbot, pane, path)  # over the file itself: refused, said, nothing written
    assert dialog.isVisible() and "cannot replace the file it is translated from" in dialog.problem.text()
    assert path.read_text(encoding="utf-8") == "\n\n".join(PARAGRAPHS) + "\n"
    dialog.reject()
    window.close()


def correct_by_hand(qtbot, pane, row: int, text: str) -> None:
    """As the user does it: the cell chosen, F2, the words typed, Enter."""
    table = pane.file_mode.view.table
    table.setCurrentIndex(table.model().index(row, TRANSLATION))
    qtbot.keyClick(table, Qt.Key_F2)
    editor = table.viewport().findChild(QLineEdit)
    assert editor is not None and editor.isVisible()
    editor.setText(text)
    with qtbot.waitSignal(table.model().corrected, timeout=5000):  # the view commits the editor's text queued
        qtbot.keyClick(editor, Qt.Key_Return)


@pytest.mark.model
def test_stopped_corrected_and_resumed_after_a_restart_only_the_rest_is_translated(qtbot, model_path, tmp_path):
    path = make_docx(tmp_path / "rapport.docx", SIX)
    window = open_window(qtbot, model_path)
    pane = window.translation
    pane._select(pane.source_box, "fr")
    pane._select(pane.target_box, "en")
    open_in_pane(qtbot, pane, path)
    assert pane.file_mode.view.model.rowCount() == 6
    pane.translate_button.click()
    qtbot.waitUntil(lambda: pane.file_mode.job.done_count >= 2, timeout=TIMEOUT)
    with qtbot.waitSignal(pane.file_mode.run.event, timeout=TIMEOUT,
                          check_params_cb=lambda event: isinstance(event, RunEnded)):
        qtbot.mouseClick(pane.stop_button, Qt.LeftButton)
    job = pane.file_mode.job
    done = [index for index, text in enumerate(job.translations) if text is not None]
    assert done == list(range(len(done))) and 2 <= len(done) < 6  # the piece being written is not kept
    before = list(job.translations)
    assert pane.resume_button.isVisible() and not pane.translate_button.isVisible()
    assert pane.status.text().startswith(f"Stopped at segment {len(done) + 1} of 6.")
    assert translations_shown(pane)[len(done):] == [""] * (6 - len(done))

    correct_by_hand(qtbot, pane, 5, "Chapter six, as I wrote it.")
    assert job.translations[5] == "Chapter six, as I wrote it." and 5 in job.edited
    assert translations_shown(pane)[5] == "Chapter six, as I wrote it."
    assert pane.status.text() == "Segment 6 corrected; the model will not translate it again."
    window.close()

    window = open_window(qtbot, model_path)  # a restart: the file comes back with what was done
    pane = window.translation
    qtbot.waitUntil(lambda: pane.file_mode.active, timeout=30_000)
    job = pane.file_mode.job
    assert job.translations[:len(done)] == before[:len(done)] and job.edited == {5}
    assert job.translations[5] == "Chapter six, as I wrote it." and translations_shown(pane)[5] == job.translations[5]
    assert pane.resume_button.isVisible() and pane.resume_button.isEnabled()
    assert pane.progress.text() == f"{len(done) + 1}/6"
    assert f"{len(done) + 1} of 6 segments were translated before" in pane.status.text()

    translated = run_until_it_ends(qtbot, pane, pane.resume_button)
    assert translated == list(range(len(done), 5))  # only the rest, and never the corrected one
    assert job.done and job.translations[:len(done)] == before[:len(done)]
    assert job.translations[5] == "Chapter six, as I wrote it."

    save_through_the_dialog(qtbot, pane)
    output = tmp_path / "rapport.en.docx"
    again = open_file(output)
    assert len(again.segments) == 6 and again.segments[5].text == "Chapter six, as I wrote it."
    for segment, text in zip(again.segments[:5], job.translations):
        assert segment.text == text.strip() or "<" in text or "\n" in text  # the model's tags and breaks aside
    window.close()


def open_file_setting(pane) -> dict:
    """The file the pane will open again at the next start ({}: none)."""
    from assistant.core.storage.settings import WritingChoices

    return pane.settings.read(WritingChoices).translation_open_file


def test_a_bilingual_file_is_named_apart_from_the_plain_one(qtbot, tmp_path):
    from assistant.ui.writing.file_save_dialog import FileSaveDialog

    saved = []
    dialog = FileSaveDialog(("docx", "md", "html"), tmp_path / "paper.fr.docx",
                            lambda path, bilingual, kind: saved.append((path, bilingual, kind)), tmp_path)
    qtbot.addWidget(dialog)
    dialog.bilingual.setChecked(True)
    assert dialog.path_edit.text() == str(tmp_path / "paper.fr.bilingual.docx")
    dialog.kind_box.setCurrentIndex(1)  # Markdown: the ending follows, the bilingual mark stays
    assert dialog.path_edit.text() == str(tmp_path / "paper.fr.bilingual.md")
    dialog.bilingual.setChecked(False)
    assert dialog.path_edit.text() == str(tmp_path / "paper.fr.md")
    dialog.path_edit.setText("mine.md")  # a name the user typed stays theirs
    dialog.bilingual.setChecked(True)
    assert dialog.path_edit.text() == "mine.md"
    dialog.accept()
    assert saved == [(tmp_path / "mine.md", True, "md")]
