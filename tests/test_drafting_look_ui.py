"""Drafting's designed look (issue 34) on the real pane: one primary button that runs the action chosen, a compact
toolbar of named icons, the rarely used actions in More, and the review side's states, each with the one button
that moves on from it."""

from __future__ import annotations

import os

import pytest
from conftest import open_main_window
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtWidgets import QApplication, QToolButton

from assistant.ui.common import theme, ui_language
from assistant.ui.common.design_tokens import SPACING
from assistant.core.writing.pane_state import EMPTY, FAILED, LOAD_MODEL, NO_MODEL, RETRY, RUN, STOPPED, WORKING

REPLY_TIMEOUT_MS = 180_000  # a 120-token reply, on a machine that may be busy

TEXT = "Our team will ship the new app next week. It is fast. Users will like it very much."


@pytest.fixture
def window(qtbot):
    window = open_main_window(qtbot, pane="drafting")
    yield window
    window.close()


def test_run_is_the_one_primary_button_and_runs_the_action_chosen(qtbot, window):
    pane = window.drafting
    pane.editor.setPlainText(TEXT)
    assert pane.run_button.property("primary") and pane.run_button.isVisible()
    pane.select_action("shorten")
    qtbot.mouseClick(pane.run_button, Qt.LeftButton)  # no model: the run of Shorten fails, and says so
    assert pane.review.title.text() == "Shorten failed; nothing was changed."
    assert pane.editor.toPlainText() == TEXT


def test_the_rarely_used_actions_are_in_more(qtbot, window):
    pane = window.drafting
    menu = pane.more_button.menu()
    def shown() -> list[str]:
        return [action.text() for action in menu.actions() if action.isVisible() and not action.isSeparator()]

    profile = ["Use my profile (none is in use: Settings › Profile)", "Suggest profile entries from this text…"]
    assert shown() == ["Add action…", "My recurring mistakes…", "Feedback level", *profile]
    pane.add_action("Headline", "Write a short headline for the text.")
    assert shown() == ["Add action…", "Remove the action “Headline”", "My recurring mistakes…", "Feedback level",
                       *profile]
    pane.actions.remove_action_item.trigger()
    assert pane.action_box.findText("Headline (yours)") == -1


def test_the_actions_are_grouped_and_the_keys_step_over_the_lines_between_groups(qtbot, window):
    pane = window.drafting
    pane.add_action("Headline", "Write a short headline for the text.")
    box = pane.action_box
    rows = [box.itemText(i) if box.itemData(i) is not None else "—" for i in range(box.count())]
    assert rows == ["Proofread", "Feedback", "—", "Rewrite", "Shorten", "Expand", "—", "Tone: formal", "Tone: friendly",
                    "Tone: confident", "Tone: plain", "—", "Summarize", "Key points", "—", "Continue writing", "—",
                    "Headline (yours)"]
    pane.select_action("feedback")
    box.setFocus()
    qtbot.keyClick(box, Qt.Key_Down)  # from the first group to the next, not onto the line between them
    assert box.currentData().id == "rewrite"
    qtbot.keyClick(box, Qt.Key_End)
    assert box.currentText() == "Headline (yours)"


def test_every_icon_only_button_has_a_name_a_tooltip_and_an_icon(window):
    pane = window.drafting
    buttons = [pane.compose_button, pane.open_button, pane.save_button, pane.copy_button, pane.more_button,
               pane.new_button, pane.delete_button, pane.ask_button]
    for button in buttons:
        assert isinstance(button, QToolButton) and not button.text() and not button.icon().isNull()
        assert button.accessibleName() and button.toolTip(), button.objectName()
        assert button.isVisible(), button.objectName()
    assert [b.accessibleName() for b in buttons[:4]] == ["Compose…", "Open…", "Save as…", "Copy all"]


def test_the_icons_do_what_their_words_did(qtbot, window, monkeypatch):
    pane = window.drafting
    pane.editor.setPlainText(TEXT)
    qtbot.mouseClick(pane.copy_button, Qt.LeftButton)
    from PySide6.QtWidgets import QApplication, QMessageBox

    assert QApplication.clipboard().text() == TEXT and pane.status.text() == "Copied the whole draft."
    before = pane.draft_id
    qtbot.mouseClick(pane.new_button, Qt.LeftButton)
    assert pane.draft_id != before and pane.draft_list.count() == 2
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args: asked.append(args[2]) or QMessageBox.Yes)
    qtbot.mouseClick(pane.delete_button, Qt.LeftButton)  # still asked first
    assert asked == ["Delete this draft and all its versions?"] and pane.draft_list.count() == 1


def test_without_a_model_the_review_side_says_what_it_is_for_and_offers_to_load_one(qtbot, window):
    pane = window.drafting
    review = pane.review
    assert review.state.state == NO_MODEL and review.state.action == LOAD_MODEL
    assert review.empty.isVisible() and "Proposed changes appear here" in review.empty.text()
    assert review.empty_action.isVisible() and review.empty_action.text() == "Load a model"
    with qtbot.waitSignal(pane.find_models_requested):
        qtbot.mouseClick(review.empty_action, Qt.LeftButton)


def test_with_a_model_the_empty_side_offers_to_proofread_the_draft(qtbot, window):
    pane = window.drafting
    review = pane.review
    review.set_model_loaded(True)  # as the model session says, while the task itself has none: the run fails
    assert review.state.state == EMPTY and review.empty_action.text() == "Proofread this draft"
    pane.select_action("rewrite")
    pane.editor.setPlainText(TEXT)
    qtbot.mouseClick(review.empty_action, Qt.LeftButton)
    assert pane.action_box.currentData().id == "proofread"
    assert review.title.text() == "Proofread failed; nothing was changed."


def test_a_failed_run_says_why_inline_with_the_action_that_fixes_it(qtbot, window):
    pane = window.drafting
    review = pane.review
    pane.editor.setPlainText(TEXT)
    pane.select_action("rewrite")
    qtbot.mouseClick(pane.run_button, Qt.LeftButton)
    assert review.state.state == FAILED and review.state.action == LOAD_MODEL
    assert review.title.isVisible() and "Load a model first" in review.empty.text() and review.empty.isVisible()
    assert review.empty.property("failed") and not review.browser.isVisible()
    assert review.empty_action.text() == "Load a model"
    with qtbot.waitSignal(pane.find_models_requested):
        qtbot.mouseClick(review.empty_action, Qt.LeftButton)
    review.set_model_loaded(True)  # a model now: the same run again
    assert review.state.action == RETRY and review.empty_action.text() == "Try again"
    pane.select_action("shorten")
    qtbot.mouseClick(review.empty_action, Qt.LeftButton)
    assert pane.action_box.currentData().id == "rewrite"  # the action that failed, not the one chosen since
    assert review.title.text() == "Rewrite failed; nothing was changed."


@pytest.mark.model
def test_while_the_model_writes_stop_takes_runs_place_and_a_stopped_run_offers_try_again(qtbot, model_path):
    window = open_main_window(qtbot, model_path, max_tokens=120, pane="drafting")
    try:
        pane = window.drafting
        review = pane.review
        assert review.state.state == EMPTY and review.state.action == RUN
        pane.editor.setPlainText(TEXT)
        pane.select_action("expand")
        chunks = []
        pane.task.text.connect(chunks.append)
        with qtbot.waitSignal(pane.task.finished, timeout=REPLY_TIMEOUT_MS) as done:
            qtbot.mouseClick(pane.run_button, Qt.LeftButton)
            qtbot.waitUntil(lambda: len(chunks) >= 3, timeout=REPLY_TIMEOUT_MS)
            assert review.state.state == WORKING and review.working.isVisible() and review.browser.isVisible()
            assert pane.stop_button.isVisible() and not pane.run_button.isVisible()
            assert not review.empty_box.isVisible()
            qtbot.mouseClick(pane.stop_button, Qt.LeftButton)
        assert done.args[0].stopped
        assert review.state.state == STOPPED and review.browser.toPlainText().strip()  # what it wrote, not applied
        assert review.next_button.isVisible() and review.next_button.text() == "Try again"
        assert pane.run_button.isVisible() and not pane.stop_button.isVisible() and not review.working.isVisible()
        assert pane.editor.toPlainText() == TEXT
        with qtbot.waitSignal(pane.task.finished, timeout=REPLY_TIMEOUT_MS):
            qtbot.mouseClick(review.next_button, Qt.LeftButton)  # Expand again, to its end this time
            assert review.state.state == WORKING
        assert pane.review.revision is not None
    finally:
        window.close()


def test_load_a_model_opens_the_models_pane(qtbot, window, model_path):
    models = window.models
    models.tabs.setCurrentWidget(models.downloads)  # the tab used last is not where a model is loaded
    qtbot.mouseClick(window.drafting.review.empty_action, Qt.LeftButton)
    assert window.panes.currentWidget() is window.models and models.tabs.currentWidget() is models.discover
    # With a model installed, Installed, where it is loaded.
    os.link(model_path, models.models_dir / "tiny.gguf")
    models.installed.refresh()  # the library read again, as after a download
    qtbot.waitUntil(lambda: bool(window.installed), timeout=30_000)
    models.tabs.setCurrentWidget(models.downloads)
    window.show_pane(window.translation)
    qtbot.mouseClick(window.translation.load_model_button, Qt.LeftButton)
    assert window.panes.currentWidget() is window.models and models.tabs.currentWidget() is models.installed


def _settle() -> None:
    """Every layout pass queued so far, and those they queue (a window resized by an earlier test included)."""
    for _ in range(4):
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


def _row(pane) -> list:
    """Where the header's parts are, in the pane's coordinates, once the layouts have settled."""
    QApplication.processEvents()
    parts = (pane.header, pane.compose_button, pane.copy_button, pane.action_box, pane.more_button)
    return [part.geometry().translated(part.parentWidget().mapTo(pane, QPoint(0, 0))) for part in parts]


def test_stop_in_runs_place_moves_nothing_in_either_language(qtbot, window, monkeypatch):
    pane = window.drafting
    theme.apply("light")  # the primary button's padding, which a plain Stop has not
    try:
        for language in ("en", "zh_CN"):
            ui_language.apply(language)
            # The new words' heights reach the header in two layout passes.
            qtbot.waitUntil(lambda: pane.header.height() >= pane.run_button.height()
                            and pane.action_box.width() >= pane.action_box.sizeHint().width())
            _settle()
            idle = _row(pane)
            run_size = pane.run_button.size()
            monkeypatch.setattr(type(pane.task), "busy", property(lambda _task: True))
            pane._update_buttons()
            _settle()
            assert pane.stop_button.isVisible() and not pane.run_button.isVisible()
            assert _row(pane) == idle and pane.stop_button.size() == run_size, language
            assert pane.stop_button.geometry() == pane.run_button.geometry()
            monkeypatch.undo()
            pane._update_buttons()
            _settle()
            assert _row(pane) == idle and pane.run_button.isVisible(), language
    finally:
        ui_language.apply("en")


def test_the_draft_and_the_review_have_room_inside_and_a_long_version_wraps(qtbot, window):
    pane = window.drafting
    theme.apply("light")  # the style sheets (resources/styles/writing.qss)
    qtbot.waitUntil(lambda: pane.editor.viewport().geometry().left() > 1)
    for box in (pane.editor, pane.review.browser):
        assert box.viewport().geometry().left() >= SPACING["m"], box.objectName()
        assert box.viewport().geometry().top() >= SPACING["m"], box.objectName()
    pane.editor.setPlainText(TEXT)
    pane.save_now()
    pane._version("A note long enough to need more than the narrow list's width " * 2)
    assert pane.version_list.isVisible()
    item = pane.version_list.item(pane.version_list.count() - 1)
    rect = pane.version_list.visualItemRect(item)
    line = pane.version_list.fontMetrics().height()
    assert rect.width() <= pane.version_list.viewport().width() and rect.height() > 2 * line  # all of it, wrapped
    assert item.toolTip() == item.text()
