"""The panes as a new user first sees them, in a real window 1,000 pixels wide: nothing wider than the view, no
empty boxes without a word of what they are for, and each part appearing once it applies. English and Chinese."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint

from assistant.core.storage.history import INTERRUPTED
from conftest import open_main_window

NARROW = 1000


def narrow(qtbot, window):
    window.resize(NARROW, 700)
    qtbot.waitUntil(lambda: window.width() == NARROW, timeout=5000)
    qtbot.wait(50)  # the layouts settle


def inside(widget, container) -> bool:
    """Whether all of ``widget`` lies within ``container`` on screen."""
    top_left = widget.mapTo(container, QPoint(0, 0))
    return top_left.x() >= 0 and top_left.x() + widget.width() <= container.width()


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_an_interrupted_reply_keeps_its_buttons_in_view(qtbot, language):
    from assistant.ui.common import ui_language

    window = open_main_window(qtbot)
    try:
        ui_language.apply(language)
        history = window.history
        conversation = history.create_conversation("Long reply")
        question = history.add_message(conversation, None, "user", "Tell me about rivers.")
        reply = history.add_message(conversation, question, "assistant", "Rivers are", model="A model with a "
                                    "rather long name 7B Instruct Q4_K_M")
        history.save_reply(reply, "Rivers are", INTERRUPTED)
        window.chat.open_conversation(conversation)
        narrow(qtbot, window)
        view = window.chat.thread_view
        widget = view.widget_for(reply)
        assert widget.status_label.text() and widget.status_label.toolTip()  # short, with the reason beside it
        assert not view.horizontalScrollBar().isVisible()
        assert inside(widget.regenerate_button, view.viewport()) and inside(widget.copy_button, view.viewport())
    finally:
        ui_language.apply("en")
        window.close()


def test_drafting_opens_with_words_not_empty_boxes(qtbot):
    window = open_main_window(qtbot, pane="drafting")
    try:
        narrow(qtbot, window)
        pane = window.drafting
        review = pane.review
        assert review.empty.isVisible() and "Proposed changes appear here" in review.empty.text()
        assert not review.browser.isVisible() and not review.apply_button.isVisible()
        assert not pane.answer.isVisible()  # until a question is asked
        assert not pane.version_list.isVisible()  # a new draft has no earlier version
        assert pane.editor.placeholderText()

        pane.question.setText("What date?")
        pane.ask()  # an empty draft: the answer says so, in the box that now shows
        assert pane.answer.isVisible() and "empty" in pane.answer.toPlainText()
    finally:
        window.close()


def test_translation_opens_with_two_texts_and_its_extras_appear_when_they_apply(qtbot, monkeypatch):
    window = open_main_window(qtbot, pane="translation")
    try:
        narrow(qtbot, window)
        pane = window.translation
        assert pane.source.isVisible() and pane.target.isVisible()
        for hidden in (pane.progress, pane.checks, pane.checks_label, pane.alternatives_list,
                       pane.alternatives_label):
            assert not hidden.isVisible()
        assert pane.alternatives_button.isVisible()
        pane.checks.addItem("¶1: a number did not survive")
        assert pane.checks.isVisible() and pane.checks_label.isVisible()
        pane.checks.clear()
        assert not pane.checks.isVisible()
        for button in (pane.translate_button, pane.copy_button):
            assert inside(button, pane)
        assert not pane.stop_button.isVisible() and not pane.resume_button.isVisible()  # nothing to stop or resume

        # Its fullest top row, as while a French text is being translated: Stop in Translate's place, and the window
        # still fits in 1,000 px.
        monkeypatch.setattr(type(pane.task), "busy", property(lambda _task: True))
        pane._update_buttons()
        pane.detected.setText("(French)")
        pane.progress.show()
        qtbot.wait(50)
        assert pane.stop_button.isVisible() and not pane.translate_button.isVisible()
        assert window.minimumSizeHint().width() <= NARROW
        assert inside(pane.stop_button, pane) and inside(pane.copy_button, pane)
    finally:
        window.close()
