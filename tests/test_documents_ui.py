"""Documents in the real window: sources added and indexed in the background (with the Documents dialog's progress
and pause), a conversation answering from them with numbered sources the app computed, each opening its passage (and
a PDF's page), and "nothing matches" said instead of a guess."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from assistant.core.storage.history import COMPLETE
from assistant.ui.documents.source_view import SourceView
from conftest import open_main_window
from test_chat_ui import send, widgets

pytestmark = pytest.mark.model


def indexed(qtbot, window, folder):
    documents = window.services.documents
    with qtbot.waitSignal(documents.changed, timeout=120_000,
                          check_params_cb=lambda *a: documents.last_progress is not None
                          and documents.last_progress.finished):
        documents.add([str(folder)])
    return documents


def test_a_conversation_answers_from_the_documents_with_sources_that_open(qtbot, model_path, library):
    window = open_main_window(qtbot, model_path)
    try:
        indexed(qtbot, window, library)
        dialog = window.show_documents()
        assert dialog.list.count() == 1 and "6 files" in dialog.list.item(0).text()
        assert dialog.status.text() == "Up to date."
        dialog.close()

        chat = window.chat
        sent = []
        real_generate = window.client.generate
        window.client.generate = lambda messages, params, **options: (sent.append(messages),
                                                                      real_generate(messages, params, **options))[1]
        assert chat.documents_button.text() == "Documents: off"
        chat.set_documents_choice(True)
        assert chat.documents_button.text() == "Documents: all"
        send(qtbot, window, "Where does the Danube reach the sea?")
        # The passages go with the question, after its own words; there is no system prompt to change.
        asked = sent[-1][-1]["content"]
        assert [m["role"] for m in sent[-1]] == ["user"]
        assert asked.startswith("Where does the Danube reach the sea?\n\n")
        assert "[1] (danube.txt, paragraph 1)\n" in asked
        reply = widgets(window)[-1].message
        assert reply.status == COMPLETE and reply.sources
        assert reply.sources[0]["number"] == 1 and reply.sources[0]["path"].endswith("danube.txt")
        body = widgets(window)[-1].body.toHtml()
        assert "Sources" in body and "danube.txt, paragraph 1" in body

        chat.open_source(reply.id, 1)
        view = window.findChild(SourceView)
        assert "Black Sea" in view.passage.toPlainText() and view.page_label is None
        view.close()

        send(qtbot, window, "黄河")
        # Answered, the first question goes on without its passages, as it began: the engine keeps what it read.
        assert [m["content"] for m in sent[-1][:2]] == ["Where does the Danube reach the sea?", reply.content]
        assert sent[-1][-1]["content"].startswith("黄河\n\n") and "rivers.pdf, page 2" in sent[-1][-1]["content"]
        pdf = widgets(window)[-1].message
        assert pdf.sources[0]["path"].endswith("rivers.pdf") and pdf.sources[0]["page"] == 2
        chat.open_source(pdf.id, 1)
        page_view = [v for v in window.findChildren(SourceView) if v.isVisible()][-1]
        assert page_view.page_label is not None and page_view.page_label.pixmap().width() > 500  # the page, drawn
        page_view.close()

        send(qtbot, window, "quantum chromodynamics")
        nothing = widgets(window)[-1].message
        assert nothing.content.startswith("Nothing in your documents matches") and not nothing.sources

        # The sources are kept with the reply: the conversation read back from the database still has them.
        assert window.history.message(reply.id).sources == reply.sources

        # A new chat starts as the one before it; turning documents off there asks the model alone.
        chat.new_conversation()
        assert chat.documents_button.text() == "Documents: all"
        chat.set_documents_choice(False)
        send(qtbot, window, "Say hello.")
        assert widgets(window)[-1].message.sources == []
    finally:
        window.close()


def test_indexing_pauses_and_resumes_from_the_dialog(qtbot, library):
    for i in range(40):
        (library / f"note-{i:02}.txt").write_text(f"Note {i} is about river number {i}.\n")
    window = open_main_window(qtbot)
    try:
        documents = window.services.documents
        dialog = window.show_documents()
        documents.add([str(library)])
        assert dialog.pause_button.isVisible()  # work from the moment it is added
        qtbot.mouseClick(dialog.pause_button, Qt.LeftButton)
        assert documents.paused and dialog.pause_button.text() == "Resume"
        qtbot.waitUntil(lambda: dialog.status.text() == "Paused.", timeout=30_000)
        qtbot.mouseClick(dialog.pause_button, Qt.LeftButton)
        qtbot.waitUntil(lambda: dialog.status.text() == "Up to date.", timeout=120_000)
        assert "46 files" in dialog.list.item(0).text()
        assert not dialog.pause_button.isVisible()  # nothing left to pause
        dialog.close()
    finally:
        window.close()


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_pause_is_offered_only_while_there_is_work(qtbot, library, language):
    from assistant.ui.common import ui_language

    window = open_main_window(qtbot)
    try:
        ui_language.apply(language)
        dialog = window.show_documents()
        assert not dialog.pause_button.isVisible()  # no sources: nothing runs
        indexed(qtbot, window, library)
        up_to_date = {"en": "Up to date.", "zh_CN": "已是最新。"}[language]
        qtbot.waitUntil(lambda: dialog.status.text() == up_to_date, timeout=10_000)  # the dialog hears it too
        assert not dialog.pause_button.isVisible()  # up to date: no Pause, and so never "Resume" beside it
        dialog.close()
        again = window.show_documents()  # opened afresh on an index that is up to date
        assert not again.pause_button.isVisible()
        again.close()
    finally:
        ui_language.apply("en")
        window.close()


def test_citation_numbers_that_match_no_source_are_pointed_out(qtbot):
    from assistant.core.storage.history import Message
    from assistant.ui.common.markdown_html import MarkdownRenderer
    from assistant.ui.chat.message_widget import MessageWidget, invented_citations

    assert invented_citations("Paris [1], Lyon [2][9] and [0], see [12].", 2) == [0, 9, 12]
    sources = [{"number": 1, "path": "/docs/a.txt", "page": None, "paragraph": 3, "text": "A."},
               {"number": 2, "path": "/docs/b.pdf", "page": 4, "paragraph": 1, "text": "B."}]
    message = Message(1, 1, None, "assistant", "It rains [1], and it snows [7].", sources=sources)
    widget = MessageWidget(message, MarkdownRenderer())
    qtbot.addWidget(widget)
    text = widget.body.toPlainText()
    assert "a.txt, paragraph 3" in text and "b.pdf, page 4" in text
    assert "The reply cites [7], not among its 2 sources: the model made that up." in text


def test_choosing_sources_for_a_conversation(qtbot, tmp_path):
    window = open_main_window(qtbot)
    try:
        documents = window.services.documents
        first, second = tmp_path / "a", tmp_path / "b"
        first.mkdir()
        second.mkdir()
        documents.add([str(first), str(second)])
        chat = window.chat
        chat.set_documents_choice(True)
        chat.documents_button.toggle_source(str(second), False)
        assert chat.documents_choice() == {"on": True, "sources": [str(first)]}
        assert chat.documents_button.text() == "Documents: 1 of 2"
        chat.documents_button.toggle_source(str(second), True)
        assert chat.documents_choice() == {"on": True, "sources": None}  # every source again: all
        chat.documents_button.toggle_source(str(first), False)
        chat.documents_button.toggle_source(str(second), False)
        assert chat.documents_choice()["on"] is False  # none left: off, not "all"
    finally:
        window.close()


def test_drafting_composes_from_the_documents_and_lists_their_sources(qtbot, model_path, library):
    from assistant.core.writing.drafting import Brief
    from assistant.ui.writing.drafting_pane import ComposeDialog

    window = open_main_window(qtbot, model_path, max_tokens=40, pane="drafting")
    try:
        pane = window.drafting
        plain, offered = ComposeDialog(pane, documents=False), ComposeDialog(pane, documents=True)
        assert not plain.use_documents.isVisibleTo(plain) and offered.use_documents.isVisibleTo(offered)
        indexed(qtbot, window, library)

        brief = Brief("email", "friendly", "short", "my team", "en", "Where does the Danube reach the sea?")
        with qtbot.waitSignal(pane.task.finished, timeout=120_000):
            pane.compose(brief, from_documents=True)
            assert not pane.compose_button.isEnabled()  # busy from the search on, not only once the model writes
        text = pane.editor.toPlainText()
        assert pane.sources and pane.sources[0]["path"].endswith("danube.txt")
        # The list the app computed ends the text, and stays with the draft's version.
        listing = "Sources\n" + "\n".join(f"[{s['number']}] {Path(s['path']).name}, "
                                          + (f"page {s['page']}" if s["page"] is not None
                                             else f"paragraph {s['paragraph']}") for s in pane.sources)
        assert text.rstrip().endswith(listing) and len(text) > len(listing) + 10
        qtbot.waitUntil(lambda: window.drafting.drafts.get(pane.draft_id).content == text, timeout=5_000)
        assert pane.sources_label.isVisibleTo(pane) and "danube.txt, paragraph" in pane.sources_label.text()

        pane.sources_label.linkActivated.emit("source:1")
        view = [v for v in window.findChildren(SourceView) if v.isVisible()][-1]
        assert "Black Sea" in view.passage.toPlainText()
        view.close()

        before = pane.editor.toPlainText()
        pane.compose(Brief("email", "friendly", "short", "", "en", "quantum chromodynamics"), from_documents=True)
        qtbot.waitUntil(lambda: pane.status.text().startswith("Nothing in your documents matches"), timeout=30_000)
        assert pane.editor.toPlainText() == before and pane.compose_button.isEnabled()
    finally:
        window.close()


def test_a_copy_without_ocr_says_so_and_counts_the_scanned_pages(qtbot, library, monkeypatch):
    """The installers leave OCR out (docs/packaging.md): the dialog says what that means instead of promising OCR,
    and the scanned page is counted, not silently dropped."""
    from assistant.core.images.ocr import Ocr

    monkeypatch.setattr(Ocr, "available", staticmethod(lambda: False))
    window = open_main_window(qtbot)
    try:
        indexed(qtbot, window, library)
        dialog = window.show_documents()
        intro = " ".join(label.text() for label in dialog.findChildren(type(dialog.status)))
        assert "has no OCR" in intro and "read by OCR" not in intro
        item = dialog.list.item(0)
        assert "1 page without readable text" in item.text()
        assert "rivers.pdf: 1 page without readable text" in item.toolTip()
        dialog.close()
    finally:
        window.close()


def test_a_late_signal_after_the_index_closed_finds_no_documents_instead_of_failing(qtbot, library):
    """The indexer's thread may queue a "changed" just before the window closes the index; the Documents dialog, still
    open, refills its list from a closed index. It shows the sources without files rather than raising."""
    window = open_main_window(qtbot)
    try:
        documents = indexed(qtbot, window, library)
        dialog = window.show_documents()
        assert "6 files" in dialog.list.item(0).text()
        documents.close()
        documents.changed.emit()
        assert dialog.list.count() == 1 and "6 files" not in dialog.list.item(0).text()
        assert documents.files(str(library)) == []
        dialog.close()
    finally:
        window.close()
