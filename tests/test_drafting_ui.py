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
    pane.question.setText("Describe the launch party: when, where, and who should come. Answer in three sentences.")
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
    remove = pane.actions.remove_action_item  # in the More menu, offered for an action of one's own
    assert pane.action_box.currentText() == "Headline (yours)" and remove.isVisible()
    assert remove in pane.more_button.menu().actions() and "Headline" in remove.text()
    pane.editor.setPlainText(TEXT)
    with qtbot.waitSignal(pane.task.finished, timeout=TIMEOUT):
        qtbot.mouseClick(pane.run_button, Qt.LeftButton)
    assert pane.review.revision is not None
    remove.trigger()
    assert "Headline (yours)" not in [pane.action_box.itemText(i) for i in range(pane.action_box.count())]
    assert not remove.isVisible()


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


def test_new_draft_makes_one_and_each_row_keeps_its_own_title_as_drafts_are_chosen(qtbot):
    window = open_window(qtbot)
    pane = window.drafting
    pane.editor.setPlainText("Their going too the store.")
    qtbot.mouseClick(pane.new_button, Qt.LeftButton)
    assert pane.draft_list.count() == 2 and pane.editor.toPlainText() == ""
    pane.editor.setPlainText("我昨天去了商店买东西。")
    qtbot.waitUntil(lambda: not pane.autosave.isActive(), timeout=5000)  # saved as typed, which names the row
    rows = {pane.draft_list.item(i).data(Qt.UserRole): i for i in range(pane.draft_list.count())}
    for _ in range(2):  # back and forth: the highlighted row is the draft shown, each row titled by its own text
        for draft_id, row in rows.items():
            pane.draft_list.setCurrentRow(row)
            assert pane.draft_id == draft_id
            assert pane.draft_list.currentItem().data(Qt.UserRole) == draft_id
            titles = {pane.draft_list.item(i).data(Qt.UserRole): pane.draft_list.item(i).text()
                      for i in range(pane.draft_list.count())}
            assert sorted(titles.values()) == ["Their going too the store.", "我昨天去了商店买东西。"]
            assert pane.editor.toPlainText() == titles[draft_id]
    window.close()


# Issue 29 ------------------------------------------------------------------------------------------------------


def click_link(qtbot, browser, href: str) -> None:
    """A real click on the link ``href`` in a text browser, as the user makes it."""
    from PySide6.QtGui import QTextCursor as Cursor

    block = browser.document().begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if fragment.charFormat().anchorHref() == href:
                cursor = Cursor(browser.document())
                cursor.setPosition(fragment.position() + fragment.length() // 2)
                browser.setTextCursor(cursor)
                browser.ensureCursorVisible()
                qtbot.mouseClick(browser.viewport(), Qt.LeftButton, pos=browser.cursorRect(cursor).center())
                return
            iterator += 1
        block = block.next()
    raise AssertionError(f"no link {href} in {browser.toHtml()[:2000]}")


def links(browser) -> set[str]:
    found = set()
    block = browser.document().begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            href = iterator.fragment().charFormat().anchorHref()
            if href:
                found.add(href)
            iterator += 1
        block = block.next()
    return found


def watch_streaming(pane, widget) -> list[tuple[bool, str]]:
    """At each chunk the model sends: whether ``widget`` is on screen, and its text then."""
    seen: list[tuple[bool, str]] = []
    pane.task.text.connect(lambda _t: seen.append((widget.isVisible(), widget.toPlainText())))
    return seen


def assert_streamed(seen: list[tuple[bool, str]], chunks: int = 4) -> None:
    """``chunks``: how many pieces at least; the host sends 20 a second, so a short reply on a fast machine comes
    in few."""
    assert len(seen) >= chunks
    assert all(visible for visible, _text in seen), "the text was written where it could not be seen"
    assert seen[-1][1].strip() and len(seen[-1][1]) > len(seen[1][1])  # it grew on screen as it came


@pytest.mark.parametrize("language,title", [("en", "Proofread: the model is writing…"), ("zh_CN", "校对：模型正在写…")])
def test_an_action_shows_its_text_as_the_model_writes_it(qtbot, model_path, language, title):
    from assistant.ui.common import ui_language

    window = open_window(qtbot, model_path, max_tokens=60)
    pane = window.drafting
    ui_language.apply(language)
    pane.editor.setPlainText("我今天很高心，因为我们的新应用下周发布了。")
    pane.select_action("proofread")
    seen = watch_streaming(pane, pane.review.browser)
    titles = []
    pane.task.text.connect(lambda _t: titles.append(pane.review.title.text()))
    with qtbot.waitSignal(pane.task.finished, timeout=TIMEOUT):
        qtbot.mouseClick(pane.run_button, Qt.LeftButton)
        qtbot.waitUntil(lambda: len(seen) > 2, timeout=TIMEOUT)
        assert not pane.review.empty.isVisible()  # the empty-state text gives way to the model's text
    assert_streamed(seen)
    assert titles[0] == title
    window.close()


def test_ask_and_compose_show_their_text_as_the_model_writes_it(qtbot, model_path):
    window = open_window(qtbot, model_path, max_tokens=40)
    pane = window.drafting
    pane.editor.setPlainText("The launch party is on Friday at the Blue Room.")
    pane.question.setText("Describe the launch party: when, where, and who should come. Answer in three sentences.")
    seen = watch_streaming(pane, pane.answer)
    with qtbot.waitSignal(pane.task.finished, timeout=TIMEOUT):
        qtbot.mouseClick(pane.ask_button, Qt.LeftButton)
    assert_streamed(seen, chunks=2)  # a short answer: the host sends at most 20 pieces a second

    pane.new_draft()
    seen = watch_streaming(pane, pane.editor)
    with qtbot.waitSignal(pane.task.finished, timeout=TIMEOUT):
        pane.compose(Brief("email", "friendly", "short", "my team", "en", "Thank everyone for the launch."))
    assert_streamed(seen[-10:])
    window.close()


def test_every_action_streams_where_it_can_be_seen(qtbot, model_path):
    window = open_window(qtbot, model_path, max_tokens=12)
    pane = window.drafting
    pane.editor.setPlainText(TEXT)
    seen = watch_streaming(pane, pane.review.browser)
    for action in built_in_actions():
        if action.id == "feedback":
            continue  # JSON, read at the end: the title counts its corrections as they come (test_feedback_ui)
        seen.clear()
        run_action(qtbot, pane, action.id)
        assert seen and all(visible for visible, _text in seen), action.id
        assert seen[-1][1].strip(), action.id
    window.close()


@pytest.mark.parametrize("language,applied", [("en", "Applied {n} of {n} changes. Ctrl+Z undoes them."),
                                              ("zh_CN", "已应用 {n} 处改动中的 {n} 处。按 Ctrl+Z 可撤销。")])
def test_ctrl_z_after_applying_undoes_the_changes_and_the_message_leaves(qtbot, model_path, language, applied):
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from assistant.ui.common import ui_language

    window = open_window(qtbot, model_path)
    pane = window.drafting
    ui_language.apply(language)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    pane.editor.setPlainText(TEXT)
    run_action(qtbot, pane, "rewrite")
    revision = pane.review.revision
    for change in revision.changes:
        click_link(qtbot, pane.review.browser, f"accepted:{change.index}")
    qtbot.mouseClick(pane.review.apply_button, Qt.LeftButton)
    assert pane.editor.toPlainText() == revision.revised
    assert pane.review.title.text() == applied.format(n=len(revision.changes))

    qtbot.waitUntil(lambda: QApplication.focusWidget() is pane.editor)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key_Z, Qt.ControlModifier)
    assert pane.editor.toPlainText() == TEXT
    # The message was about changes that are no longer there: the box says what it is for again.
    assert not pane.review.title.isVisible() and pane.review.empty.isVisible()
    window.close()


@pytest.mark.parametrize("language,undo", [("en", "undo"), ("zh_CN", "撤销")])
def test_a_decision_can_be_changed_until_the_review_is_applied(qtbot, model_path, language, undo):
    from assistant.ui.common import ui_language

    window = open_window(qtbot, model_path)
    pane = window.drafting
    ui_language.apply(language)
    pane.editor.setPlainText(TEXT)
    run_action(qtbot, pane, "rewrite")
    browser = pane.review.browser
    revision = pane.review.revision
    first = revision.changes[0].index
    click_link(qtbot, browser, f"accepted:{first}")  # by mistake
    assert pane.review.decisions == {first: "accepted"}
    assert f"undecided:{first}" in links(browser) and f"accepted:{first}" not in links(browser)
    assert undo in browser.toPlainText()

    click_link(qtbot, browser, f"undecided:{first}")
    assert pane.review.decisions == {}
    assert {f"accepted:{first}", f"rejected:{first}"} <= links(browser)
    click_link(qtbot, browser, f"rejected:{first}")
    click_link(qtbot, browser, f"undecided:{first}")
    click_link(qtbot, browser, f"rejected:{first}")  # changed twice, rejected in the end
    others = {change.index for change in revision.changes if change.index != first}
    for index in others:
        click_link(qtbot, browser, f"accepted:{index}")
    qtbot.mouseClick(pane.review.apply_button, Qt.LeftButton)
    assert pane.editor.toPlainText() == revision.apply(others)
    window.close()


@pytest.mark.parametrize("language,saved", [("en", "Saved to {path}."), ("zh_CN", "已保存到 {path}。")])
def test_another_draft_opens_without_the_previous_drafts_messages(qtbot, model_path, tmp_path, language, saved):
    from assistant.ui.common import ui_language

    window = open_window(qtbot, model_path)
    pane = window.drafting
    ui_language.apply(language)
    pane.editor.setPlainText(TEXT)
    first = pane.draft_id
    run_action(qtbot, pane, "rewrite")  # a review on the right
    pane.question.setText("When does the app ship?")
    with qtbot.waitSignal(pane.task.finished, timeout=TIMEOUT):
        qtbot.mouseClick(pane.ask_button, Qt.LeftButton)
    assert pane.answer.isVisible() and pane.answer.toPlainText().strip()
    assert window.generation_label.text()  # the last run's tokens, in the status bar
    pane.save_file(tmp_path / "draft.md")
    assert pane.status.text() == saved.format(path=tmp_path / "draft.md")

    pane.new_draft("Another text.")
    assert pane.draft_id != first
    assert pane.question.text() == "" and not pane.answer.isVisible() and not pane.answer.toPlainText()
    assert pane.status.text() == "" and window.generation_label.text() == ""
    assert pane.review.revision is None and pane.review.empty.isVisible() and not pane.review.title.isVisible()
    assert not pane.review.apply_button.isVisible()
    window.close()


def test_a_draft_stays_open_while_the_model_writes_into_it(qtbot, model_path):
    window = open_window(qtbot, model_path, max_tokens=200)
    pane = window.drafting
    pane.new_draft("The other draft.")
    pane.new_draft()
    chunks = []
    pane.task.text.connect(chunks.append)
    with qtbot.waitSignal(pane.task.finished, timeout=TIMEOUT):
        pane.compose(Brief("email", "friendly", "short", "my team", "en", "Thank everyone for the launch."))
        qtbot.waitUntil(lambda: len(chunks) >= 3, timeout=TIMEOUT)
        assert not pane.draft_list.isEnabled()  # another draft would receive the rest of the text
        qtbot.mouseClick(pane.stop_button, Qt.LeftButton)
    assert pane.draft_list.isEnabled()
    assert window.generation_label.text().startswith("Stopped.")  # the status bar says the run ended
    window.close()


def test_an_actions_lead_in_is_never_proposed_as_text(qtbot, model_path):
    window = open_window(qtbot, model_path)
    pane = window.drafting
    # SmolLM2 writes what it is told to begin with: here, the preamble of the report.
    pane.add_action("Fix", "Begin your reply with the line “Here's the corrected version:” and then write the text "
                           "with its mistakes fixed.")
    pane.editor.setPlainText("I has a apple and two cat.")
    streamed = []
    pane.task.text.connect(streamed.append)
    with qtbot.waitSignal(pane.task.finished, timeout=TIMEOUT):
        qtbot.mouseClick(pane.run_button, Qt.LeftButton)
    assert "".join(streamed).startswith("Here's the corrected version:")  # the model did write one
    revision = pane.review.revision
    assert revision is not None and not revision.revised.startswith("Here")
    assert "corrected version" not in "".join(change.new for change in revision.changes)
    pane.review.accept_all()
    assert "corrected version" not in pane.editor.toPlainText()
    window.close()


def test_a_composed_texts_lead_in_leaves_the_draft_as_it_shows(qtbot, model_path):
    window = open_window(qtbot, model_path, max_tokens=30)
    pane = window.drafting
    seen, written = [], []
    pane.task.text.connect(lambda piece: (written.append(piece), seen.append(pane.editor.toPlainText())))
    with qtbot.waitSignal(pane.task.finished, timeout=TIMEOUT):
        pane.compose(Brief("email", "friendly", "short", "my team", "en",
                           "Begin with the line “Here is the email:”, then thank everyone for the launch."))
    # The model wrote it (whether it showed depends on how its pieces arrive: one with the line's end never shows)
    assert "".join(written).startswith("Here is the email")
    assert seen[-1].startswith("Dear")  # taken back before the text went on, with the blank line after it
    text = pane.editor.toPlainText()
    assert text.startswith("Dear") and "Here is the email" not in text
    assert pane.drafts.get(pane.draft_id).content == text and "Here is the email" not in pane.drafts.versions(
        pane.draft_id)[0].content
    window.close()


def test_deciding_on_a_change_keeps_the_place_in_a_long_review(qtbot):
    from assistant.core.writing.review import Review
    from assistant.core.writing.revision import compare
    from assistant.ui.writing.review_view import ReviewView

    view = ReviewView()
    qtbot.addWidget(view)
    view.resize(400, 300)
    view.show()
    lines = [f"Line {n} of the long letter, which it are." for n in range(80)]
    view.show_review(Review("Proofread", compare("\n".join(lines), "\n".join(lines).replace("it are", "it is"))))
    bar = view.browser.verticalScrollBar()
    assert bar.value() == 0 and bar.maximum() > 0
    bar.setValue(bar.maximum() // 2)
    place = bar.value()
    middle = len(view.revision.changes) // 2
    for decision in ("accepted", "undecided", "rejected"):
        click_link(qtbot, view.browser, f"{decision}:{middle}")
        assert bar.value() == place, decision


# Issue 30 ------------------------------------------------------------------------------------------------------


def test_a_review_not_yet_applied_stays_with_its_draft_while_another_is_open(qtbot, pane):
    pane.editor.setPlainText(TEXT)
    first = pane.draft_id
    run_action(qtbot, pane, "rewrite")
    revision = pane.review.revision
    chosen = revision.changes[0].index
    pane.review.decide(chosen, "accepted")
    pane.new_draft("Another text.")
    assert pane.review.revision is None and not pane.review.apply_button.isVisible()  # not this draft's

    pane.draft_list.setCurrentRow(next(i for i in range(pane.draft_list.count())
                                       if pane.draft_list.item(i).data(Qt.UserRole) == first))
    assert pane.draft_id == first and pane.review.revision is revision  # back with the draft, decisions kept
    assert pane.review.decisions == {chosen: "accepted"} and pane.review.apply_button.isVisible()
    qtbot.mouseClick(pane.review.apply_button, Qt.LeftButton)
    assert pane.editor.toPlainText() == revision.apply({chosen})
