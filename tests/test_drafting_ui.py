"""The Drafting pane end to end with the real SmolLM2 model: actions reviewed as tracked changes, per-change
accept and reject, versions, undo, compose, questions, stop, custom actions and files. The model's writing is
not the point; the flow, the review step and the saved versions are."""

from __future__ import annotations

import pytest
from conftest import open_main_window
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMessageBox

from assistant.core.writing.drafting import Brief, built_in_actions
from assistant.core.storage.database import connect
from assistant.core.storage.drafts import Drafts
from assistant.core.storage.paths import database_path

pytestmark = pytest.mark.model
TIMEOUT = 60_000
TEXT = "Our team will ship the new app next week. It is fast. Users will like it very much."


def open_window(qtbot, model_path=None, max_tokens=24):
    return open_main_window(qtbot, model_path, max_tokens, pane="drafting")


@pytest.fixture
def pane(qtbot, model_path):
    window = open_window(qtbot, model_path)
    yield window.drafting
    window.close()


def run_action(qtbot, pane, action_id):
    pane.select_action(action_id)
    with qtbot.waitSignal(pane.task.finished, timeout=TIMEOUT):
        qtbot.mouseClick(pane.run_button, Qt.LeftButton)


def test_an_action_is_reviewed_before_the_document_changes_and_undo_takes_it_back(qtbot, pane):
    pane.editor.setPlainText(TEXT)
    run_action(qtbot, pane, "rewrite")
    revision = pane.review.revision
    assert revision is not None and revision.changes  # 24 tokens cannot reproduce the text exactly
    assert pane.editor.toPlainText() == TEXT  # nothing changes before the user decides
    assert "accept" in pane.review.browser.toPlainText()

    qtbot.mouseClick(pane.review.accept_all_button, Qt.LeftButton)
    assert pane.editor.toPlainText() == revision.revised
    assert pane.version_list.item(0).text().endswith(f"Rewrite: accepted {len(revision.changes)} of "
                                                     f"{len(revision.changes)}")
    pane.editor.undo()
    assert pane.editor.toPlainText() == TEXT  # one accepted review is one undo step


def test_changes_can_be_accepted_one_by_one(qtbot, pane):
    pane.editor.setPlainText(TEXT)
    run_action(qtbot, pane, "continue")  # the continuation is one insertion after the text
    revision = pane.review.revision
    assert [c.kind for c in revision.changes][-1] == "insert"
    first = revision.changes[-1]
    pane.review.decide(first.index, "accepted")
    for change in revision.changes[:-1]:
        pane.review.decide(change.index, "rejected")
    qtbot.mouseClick(pane.review.apply_button, Qt.LeftButton)
    assert pane.editor.toPlainText() == revision.apply({first.index})
    assert pane.editor.toPlainText().startswith(TEXT) and len(pane.editor.toPlainText()) > len(TEXT)


def test_rejecting_everything_leaves_the_text_alone(qtbot, pane):
    pane.editor.setPlainText(TEXT)
    versions = pane.version_list.count()
    run_action(qtbot, pane, "tone_formal")
    qtbot.mouseClick(pane.review.reject_all_button, Qt.LeftButton)
    assert pane.editor.toPlainText() == TEXT and pane.version_list.count() == versions


def test_an_action_on_a_selection_changes_only_the_selection(qtbot, pane):
    pane.editor.setPlainText(TEXT)
    cursor = pane.editor.textCursor()
    cursor.setPosition(TEXT.index("It is fast."))
    cursor.setPosition(TEXT.index(" Users"), QTextCursor.KeepAnchor)
    pane.editor.setTextCursor(cursor)
    run_action(qtbot, pane, "expand")
    assert pane.review.revision.original == "It is fast."
    pane.review.accept_all()
    text = pane.editor.toPlainText()
    assert text.startswith("Our team will ship the new app next week. ") and text.endswith(
        " Users will like it very much.")


def test_the_text_changing_during_review_blocks_applying(qtbot, pane, monkeypatch):
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    pane.editor.setPlainText(TEXT)
    run_action(qtbot, pane, "shorten")
    pane.editor.setPlainText("Someone rewrote it by hand meanwhile.")
    pane.review.accept_all()
    assert pane.editor.toPlainText() == "Someone rewrote it by hand meanwhile."
    assert "changed while the model was working" in warnings[0]


def test_proofreading_lists_its_changes_for_review(qtbot, pane):
    pane.editor.setPlainText("I has a apple and two cat.")
    run_action(qtbot, pane, "proofread")
    assert pane.review.revision is not None
    assert pane.editor.toPlainText() == "I has a apple and two cat."


def test_compose_streams_into_the_editor_and_makes_a_version(qtbot, model_path):
    window = open_window(qtbot, model_path, max_tokens=40)
    pane = window.drafting
    seen = []
    pane.task.text.connect(lambda _t: seen.append(pane.editor.toPlainText()))
    with qtbot.waitSignal(pane.task.finished, timeout=TIMEOUT):
        pane.compose(Brief("email", "friendly", "short", "my team", "en", "Thank everyone for the launch."))
        assert pane.editor.isReadOnly()
    assert len(seen) > 3 and len(seen[-1]) > len(seen[0])  # it grew while streaming
    assert pane.editor.toPlainText().strip() and not pane.editor.isReadOnly()
    assert "Composed an email" in pane.version_list.item(0).text()
    window.close()


def test_ask_answers_from_the_draft(qtbot, pane):
    pane.editor.setPlainText("The launch party is on Friday at the Blue Room.")
    pane.question.setText("Where is the launch party?")
    with qtbot.waitSignal(pane.task.finished, timeout=TIMEOUT):
        qtbot.mouseClick(pane.ask_button, Qt.LeftButton)
    assert pane.answer.toPlainText().strip() not in ("", "…")


def test_stop_keeps_the_text_untouched(qtbot, model_path):
    window = open_window(qtbot, model_path, max_tokens=400)
    pane = window.drafting
    pane.editor.setPlainText(TEXT)
    pane.select_action("expand")
    chunks = []
    pane.task.text.connect(chunks.append)
    with qtbot.waitSignal(pane.task.finished, timeout=TIMEOUT) as done:
        qtbot.mouseClick(pane.run_button, Qt.LeftButton)
        qtbot.waitUntil(lambda: len(chunks) >= 3, timeout=TIMEOUT)
        assert pane.stop_button.isEnabled()
        qtbot.mouseClick(pane.stop_button, Qt.LeftButton)
    assert done.args[0].stopped
    assert "stopped; nothing was changed" in pane.review.title.text() and pane.editor.toPlainText() == TEXT
    window.close()


def test_custom_actions_are_offered_run_and_removed(qtbot, pane):
    pane.add_action("Headline", "Write a short headline for the text.")
    assert pane.action_box.currentText() == "Headline (yours)" and pane.remove_action_button.isVisibleTo(pane)
    pane.editor.setPlainText(TEXT)
    with qtbot.waitSignal(pane.task.finished, timeout=TIMEOUT):
        qtbot.mouseClick(pane.run_button, Qt.LeftButton)
    assert pane.review.revision is not None
    qtbot.mouseClick(pane.remove_action_button, Qt.LeftButton)
    assert "Headline (yours)" not in [pane.action_box.itemText(i) for i in range(pane.action_box.count())]
    assert not pane.remove_action_button.isVisibleTo(pane)


@pytest.mark.parametrize("action_id", [a.id for a in built_in_actions()])
def test_every_action_runs_to_a_review(qtbot, pane, action_id):
    pane.editor.setPlainText(TEXT)
    run_action(qtbot, pane, action_id)
    revision = pane.review.revision
    assert revision is not None and revision.original == TEXT and pane.editor.toPlainText() == TEXT
    if revision.changes:
        pane.review.accept_all()
        assert pane.editor.toPlainText() == revision.revised
    else:  # the model gave the text back unchanged: the review says so and offers nothing to apply
        assert "no changes to make" in pane.review.title.text() and not pane.review.apply_button.isEnabled()


def test_without_a_model_nothing_runs_and_the_text_stays(qtbot):
    window = open_window(qtbot)
    pane = window.drafting
    pane.editor.setPlainText(TEXT)
    qtbot.mouseClick(pane.run_button, Qt.LeftButton)
    assert "Load a model first" in pane.status.text() and pane.editor.toPlainText() == TEXT
    window.close()


def test_drafts_files_and_versions_survive_a_restart(qtbot, tmp_path):
    window = open_window(qtbot)
    pane = window.drafting
    source = tmp_path / "notes.md"
    source.write_text("# Plan\n\nWrite the launch post.", encoding="utf-8")
    pane.open_file(source)
    assert pane.editor.toPlainText() == "# Plan\n\nWrite the launch post."
    pane.editor.appendPlainText("Then celebrate.")
    qtbot.waitUntil(lambda: not pane.autosave.isActive(), timeout=5000)  # autosaved without being asked
    assert pane.counts.text() == "7 words · 46 characters"
    pane.save_file(tmp_path / "out.md")
    assert (tmp_path / "out.md").read_text(encoding="utf-8").endswith("Then celebrate.")
    window.close()

    drafts = Drafts(connect(database_path()))
    plan = next(d for d in drafts.list() if d.title == "Plan")
    assert plan.content.endswith("Then celebrate.")
    again = open_window(qtbot)
    titles = [again.drafting.draft_list.item(i).text() for i in range(again.drafting.draft_list.count())]
    assert "Plan" in titles
    again.close()


def test_word_count_counts_chinese_characters():
    from assistant.ui.drafting_pane import count_words

    assert count_words("Hello, world! 你好世界。") == 6
