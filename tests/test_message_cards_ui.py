"""The thread's message cards (issue 34): who wrote each and when, actions as icons that appear on hover and on
keyboard focus and that Tab reaches, the versions always in view, and each reply's state at its foot with the action
that moves on from it. Real widgets on a real SQLite history."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QPointF, Qt
from PySide6.QtCore import QEvent
from PySide6.QtGui import QEnterEvent
from PySide6.QtWidgets import (QApplication, QLineEdit, QPlainTextEdit, QPushButton, QToolButton, QVBoxLayout,
                               QWidget)

from assistant.core.chat.message_time import short_time
from assistant.core.storage.database import connect
from assistant.core.storage.history import COMPLETE, FAILED, INTERRUPTED, STOPPED, STREAMING, History
from assistant.ui.chat.message_view import ThreadView

MODEL = "/models/SmolLM2-135M-Instruct.Q4_1.gguf"


@pytest.fixture
def history(tmp_path) -> History:
    return History(connect(tmp_path / "chats.db"))


def thread(history: History, replies: list[tuple[str, str, str | None]]) -> int:
    """A conversation of questions, each answered by a reply (its text, status and error)."""
    conversation = history.create_conversation("Cards")
    parent = None
    for number, (text, status, error) in enumerate(replies):
        parent = history.add_message(conversation, parent, "user", f"Question {number}?")
        parent = history.add_message(conversation, parent, "assistant", "", model=MODEL)
        history.save_reply(parent, text, status, error=error)
    return conversation


def shown(qtbot, history: History, conversation: int) -> tuple[QWidget, ThreadView, QLineEdit]:
    """The thread in a window, below a line edit where the keyboard starts."""
    window = QWidget()
    box = QVBoxLayout(window)
    before = QLineEdit(window)
    view = ThreadView(window)
    box.addWidget(before)
    box.addWidget(view)
    qtbot.addWidget(window)
    view.set_thread(history.thread(conversation))
    window.resize(700, 600)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    before.setFocus()
    qtbot.waitUntil(lambda: before.hasFocus())
    return window, view, before


def hover(card, inside: bool) -> None:
    """The pointer comes over the card, or leaves it (as Qt says it, without a real pointer to move)."""
    event = QEnterEvent(QPointF(5, 5), QPointF(5, 5), QPointF(5, 5)) if inside else QEvent(QEvent.Type.Leave)
    QApplication.sendEvent(card, event)


def test_actions_appear_on_hover_and_on_keyboard_focus(qtbot, history):
    _window, view, before = shown(qtbot, history, thread(history, [("Paris.", COMPLETE, None)]))
    question, reply = view.message_widgets()
    for card in (question, reply):
        assert not card.actions.actions_shown()  # quiet until wanted
    hover(reply, True)
    assert reply.actions.actions_shown() and not question.actions.actions_shown()
    hover(reply, False)
    assert not reply.actions.actions_shown()
    reply.body.setFocus()  # the keyboard in the card's text shows them too
    qtbot.waitUntil(reply.actions.actions_shown)
    before.setFocus()
    qtbot.waitUntil(lambda: not reply.actions.actions_shown())


def test_tab_reaches_each_action_and_a_focused_action_is_shown(qtbot, history):
    _window, view, before = shown(qtbot, history, thread(history, [("Paris.", COMPLETE, None)]))
    question, reply = view.message_widgets()
    wanted = {question.copy_button, question.edit_button, reply.copy_button, reply.regenerate_button}
    reached = set()
    for _ in range(20):
        focus = QApplication.focusWidget()
        qtbot.keyClick(focus, Qt.Key_Tab)
        focus = QApplication.focusWidget()
        if focus in wanted:
            reached.add(focus)
            card = question if question.isAncestorOf(focus) else reply
            assert card.actions.actions_shown(), focus.accessibleName()
            other = reply if card is question else question
            assert not other.actions.actions_shown()
        if reached == wanted:
            break
    assert reached == wanted
    with qtbot.waitSignal(view.regenerate_requested) as asked:
        qtbot.keyClick(reply.regenerate_button, Qt.Key_Space)  # and the keyboard works them
    assert asked.args == [reply.message.id]


def test_tab_passes_the_message_text_by_and_reads_the_cards_in_order(qtbot, history):
    _window, view, before = shown(qtbot, history, thread(history, [("Paris.", COMPLETE, None),
                                                                  ("Rome.", COMPLETE, None)]))
    cards = view.message_widgets()
    assert view.focusPolicy() == Qt.NoFocus  # the scroll area is no invisible stop
    order = []
    for _ in range(30):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Tab)
        focus = QApplication.focusWidget()
        if focus is before:
            break
        assert all(focus is not card.body for card in cards)  # no stop without a focus ring
        order.extend(index for index, card in enumerate(cards) if card.isAncestorOf(focus))
    assert order == sorted(order) and set(order) == set(range(len(cards)))
    cards[1].body.setFocus(Qt.MouseFocusReason)  # the mouse still reaches it, to select
    assert cards[1].body.hasFocus()


def test_a_tool_call_shown_while_a_reply_is_written_is_in_the_tab_order_where_it_is_seen(qtbot, history):
    _window, view, before = shown(qtbot, history, thread(history, [("Paris.", COMPLETE, None),
                                                                  ("Rome.", COMPLETE, None)]))
    cards = view.message_widgets()
    first_reply = cards[1]
    step = {"call": {"id": "1", "name": "calculator", "arguments": '{"expression": "2+2"}'}, "decision": "once",
            "ok": True, "result": "2+2 = 4", "source": "hearth"}
    block = first_reply.tools.add_step(step)  # made after every card, as while the reply streams
    first_reply.tools.show_steps([step])
    reached = []
    for _ in range(30):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Tab)
        focus = QApplication.focusWidget()
        if focus is before:
            break
        reached.append(focus)
    assert block.toggle in reached
    at = reached.index(block.toggle)
    assert first_reply.copy_button in reached[:at]  # after its card's actions ...
    assert all(not cards[2].isAncestorOf(stop) for stop in reached[:at])  # ... and before the next card
    block.toggle.setFocus(Qt.TabFocusReason)
    qtbot.keyClick(block.toggle, Qt.Key_Space)  # its details, made on opening, follow the line that opened them
    assert block.details.isVisible()
    qtbot.keyClick(block.toggle, Qt.Key_Tab)
    assert block.details.isAncestorOf(QApplication.focusWidget())


def test_the_edit_box_is_in_the_tab_order_after_its_card_and_cancel_goes_back_to_edit(qtbot, history):
    _window, view, _before = shown(qtbot, history, thread(history, [("Paris.", COMPLETE, None)]))
    question = view.message_widgets()[0]
    question.begin_edit()
    box = question.findChild(QPlainTextEdit, "editBox")
    qtbot.waitUntil(lambda: box.isVisible() and box.hasFocus())
    qtbot.keyClick(box, Qt.Key_Tab)
    cancel = QApplication.focusWidget()
    assert isinstance(cancel, QPushButton) and question.isAncestorOf(cancel)
    qtbot.keyClick(cancel, Qt.Key_Space)
    qtbot.waitUntil(question.edit_button.hasFocus)


def test_every_icon_only_button_has_a_name_and_a_tooltip(qtbot, history, in_language):
    conversation = thread(history, [("Paris.", COMPLETE, None), ("Half", STOPPED, None)])
    _window, view, _before = shown(qtbot, history, conversation)
    for language in ("en", "zh_CN"):
        in_language(language)
        buttons = [button for card in view.message_widgets() for button in card.findChildren(QToolButton)
                   if button.toolButtonStyle() == Qt.ToolButtonIconOnly]
        assert len(buttons) >= 8  # copy, edit or regenerate, and the versions' two, on each of four cards
        for button in buttons:
            assert button.accessibleName() and button.toolTip(), button.icon().name()
            assert not button.icon().isNull() and button.autoRaise()
        copy = view.message_widgets()[0].copy_button  # named again in the language shown
        assert copy.accessibleName() == QCoreApplication.translate("MessageActions", "Copy") == copy.text()


@pytest.fixture
def in_language(qapp):
    from assistant.ui.common import ui_language

    yield ui_language.apply
    ui_language.apply("en")


def test_a_card_names_its_author_and_when_it_was_written(qtbot, history):
    _window, view, _before = shown(qtbot, history, thread(history, [("Paris.", COMPLETE, None)]))
    question, reply = view.message_widgets()
    assert question.author.text() == "You" and reply.author.text() == "SmolLM2-135M-Instruct.Q4_1"
    for card in (question, reply):
        assert card.time_label.isVisible() and card.time_label.text() == short_time(card.message.created_at)
        assert card.time_label.text().count(":") == 1 and card.time_label.toolTip()  # today: the clock alone


def test_a_stopped_reply_says_so_with_regenerate_beside_it(qtbot, history):
    _window, view, _before = shown(qtbot, history, thread(history, [("Half an ans", STOPPED, None)]))
    reply = view.message_widgets()[1]
    assert reply.status_label.isVisible() and reply.status_label.text() == "Stopped"
    button = reply.state_row.regenerate_button
    assert button.isVisible() and button.text() == "Regenerate" and button.isEnabled()
    assert not reply.state_row.open_model_button.isVisible()
    with qtbot.waitSignal(view.regenerate_requested) as asked:
        qtbot.mouseClick(button, Qt.LeftButton)
    assert asked.args == [reply.message.id]
    view.set_busy(True)  # while another reply is written, no second one
    assert not button.isEnabled() and not reply.regenerate_button.isEnabled()


def test_an_interrupted_reply_says_why_in_its_tooltip(qtbot, history):
    _window, view, _before = shown(qtbot, history, thread(history, [("Rivers are", INTERRUPTED, None)]))
    reply = view.message_widgets()[1]
    assert reply.status_label.text() == "Interrupted" and "app closed" in reply.status_label.toolTip()
    assert reply.state_row.regenerate_button.isVisible()


def test_a_failed_reply_says_why_in_words_and_offers_the_way_on(qtbot, history):
    error = "The model ran out of memory."
    _window, view, _before = shown(qtbot, history, thread(history, [("", FAILED, error)]))
    reply = view.message_widgets()[1]
    row = reply.state_row
    assert reply.status_label.text() == error and reply.status_label.property("state") == FAILED
    assert row.icon.isVisible()  # a sign beside the words: the colour is not the only signal
    assert not reply.body.isVisible()  # nothing written: no empty box above the cause
    assert row.regenerate_button.isVisible() and row.regenerate_button.text() == "Retry"
    assert not row.open_model_button.isVisible()  # a model is loaded: retrying is the way on
    with qtbot.waitSignal(view.regenerate_requested) as asked:
        qtbot.mouseClick(row.regenerate_button, Qt.LeftButton)
    assert asked.args == [reply.message.id]

    view.set_model_loaded(False)  # nothing could answer a retry: open a model first
    assert row.open_model_button.isVisible() and row.open_model_button.text() == "Open a model…"
    with qtbot.waitSignal(view.open_model_requested):
        qtbot.mouseClick(row.open_model_button, Qt.LeftButton)
    view.set_model_loaded(True)
    assert not row.open_model_button.isVisible()


def test_a_reply_being_written_says_who_writes_it_and_hides_its_actions_until_it_ends(qtbot, history):
    conversation = thread(history, [("It is", STREAMING, None)])
    _window, view, _before = shown(qtbot, history, conversation)
    reply = view.message_widgets()[1]
    assert reply.status_label.text() == "SmolLM2-135M-Instruct.Q4_1 is writing…"
    assert not reply.state_row.regenerate_button.isVisible()
    hover(reply, True)
    assert not reply.actions.actions_shown() and not reply.copy_button.isVisible()  # nothing to copy yet
    history.save_reply(reply.message.id, "It is Paris.", COMPLETE)
    view.set_thread(history.thread(conversation))
    assert not reply.state_row.isVisible() and reply.copy_button.isVisible() and reply.actions.actions_shown()


def test_the_versions_are_always_in_view_when_there_are_several(qtbot, history):
    conversation = thread(history, [("Paris.", COMPLETE, None)])
    question, first = (m.id for m in history.thread(conversation))
    history.add_message(conversation, question, "assistant", "Paris, France.", model=MODEL)
    _window, view, _before = shown(qtbot, history, conversation)
    asked, reply = view.message_widgets()
    assert not asked.previous_button.isVisible()  # one version: no switcher
    assert not reply.actions.actions_shown()
    assert reply.sibling_label.isVisible() and reply.sibling_label.text() == "2/2"
    assert reply.previous_button.isVisible() and reply.previous_button.isEnabled()
    assert not reply.next_button.isEnabled() and reply.sibling_label.accessibleName() == "Version 2 of 2"
    with qtbot.waitSignal(view.sibling_requested) as step:
        qtbot.mouseClick(reply.previous_button, Qt.LeftButton)
    assert step.args == [reply.message.id, -1] and first != reply.message.id


def test_thinking_and_tool_calls_are_quiet_sections_that_open_with_a_chevron(qtbot, history):
    conversation = history.create_conversation("Tools")
    question = history.add_message(conversation, None, "user", "What is 2+2 and 1/0?")
    reply = history.add_message(conversation, question, "assistant", "", model=MODEL)
    ran = {"call": {"id": "1", "name": "calculator", "arguments": '{"expression": "2+2"}'}, "decision": "once",
           "ok": True, "result": "2+2 = 4", "source": "hearth"}
    denied = {"call": {"id": "2", "name": "calculator", "arguments": '{"expression": "1/0"}'}, "decision": "denied",
              "ok": False, "result": "The user declined.", "source": "hearth"}
    history.save_reply(reply, "4, and no answer.", COMPLETE, thinking="Easy sums.", thinking_seconds=1.5,
                       tool_steps=[ran, denied])
    _window, view, _before = shown(qtbot, history, conversation)
    card = view.message_widgets()[1]
    toggle = card.thinking.toggle
    assert toggle.text() == "Thought for 1.5 s" and toggle.icon().name() == "chevron-right"
    assert not card.thinking.text.isVisible()
    qtbot.mouseClick(toggle, Qt.LeftButton)
    assert card.thinking.text.isVisible() and toggle.icon().name() == "chevron-down"
    ran_block, denied_block = card.tools.blocks
    assert ran_block.mark.name == "check" and denied_block.mark.name == "x"  # beside the words, which say it too
    assert denied_block.toggle.text().startswith("You denied calculator")
    for block in (ran_block, denied_block):
        assert block.toggle.accessibleName() == block.toggle.text() and block.toggle.accessibleDescription()
        assert block.toggle.icon().name() == "chevron-right"
    ran_block.toggle.click()
    assert ran_block.details.isVisible() and ran_block.toggle.icon().name() == "chevron-down"


def test_a_long_call_summary_ends_in_an_ellipsis_and_never_widens_the_thread(qtbot, history):
    conversation = history.create_conversation("Long call")
    question = history.add_message(conversation, None, "user", "6*7?")
    reply = history.add_message(conversation, question, "assistant", "", model=MODEL)
    wordy = "6 * 7 = 42, but the result of 10*5 is not 30. So we need to add 8 more to 9 and get back to it"
    failed = {"call": {"id": "1", "name": "calculator", "arguments": f'{{"expression": "{wordy}"}}'},
              "decision": "once", "ok": False, "result": f"Malformed expression: {wordy}", "source": "hearth"}
    history.save_reply(reply, "", COMPLETE, tool_steps=[failed])
    window, view, _before = shown(qtbot, history, conversation)
    window.resize(520, 500)
    block = view.message_widgets()[1].tools.blocks[0]
    qtbot.waitUntil(lambda: view.viewport().width() < 520)
    qtbot.wait(20)  # a layout pass, were the block to widen the thread
    assert not view.horizontalScrollBar().isVisible()
    toggle = block.toggle
    assert toggle.text().startswith("Called calculator: 6 * 7 = 42") and "failed" in toggle.text()
    assert toggle.accessibleName() == toggle.text()  # the whole summary for a screen reader
    shown_text = super(type(toggle), toggle).text()
    assert shown_text.endswith("…") and len(shown_text) < len(toggle.text()) and toggle.text() in toggle.toolTip()
