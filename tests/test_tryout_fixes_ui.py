"""What a stranger met in the real window (the README-only tryout of issue 34), each fixed and held here: the
keyboard goes to the message box once a model opened from the start page is loaded; a question being edited is
in a box as tall as its lines; the offline note stays one compact row in a tall window; a drop-down is as wide
as its words after the language changes."""

from __future__ import annotations

from conftest import open_main_window, smollm2_path
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit

from assistant.core.storage.history import Message
from assistant.ui.chat.message_view import ThreadView
from assistant.ui.common import ui_language


def test_a_model_opened_from_the_start_page_leaves_the_keyboard_in_the_message_box(qtbot):
    window = open_main_window(qtbot)
    try:
        window.activateWindow()
        start = window.chat.welcome.open_button
        start.setFocus(Qt.TabFocusReason)
        qtbot.waitUntil(start.hasFocus)
        with qtbot.waitSignal(window.client.model_loaded, timeout=90_000):
            window.load_model(str(smollm2_path()))
        qtbot.waitUntil(lambda: window.chat.input.hasFocus())
    finally:
        window.close()


def test_a_question_being_edited_is_in_a_box_as_tall_as_its_lines(qtbot):
    thread = ThreadView()
    qtbot.addWidget(thread)
    card = thread.add_message(Message(id=1, conversation_id=1, parent_id=None, role="user", content="One line."))
    thread.resize(800, 600)
    thread.show()
    qtbot.waitExposed(thread)
    card.begin_edit()
    box = card.findChild(QPlainTextEdit, "editBox")
    line = box.fontMetrics().lineSpacing()
    assert 3 * line <= box.height() <= 4 * line + 20  # three lines of room, not a block of 190 px
    long = thread.add_message(Message(id=2, conversation_id=1, parent_id=None, role="user",
                                      content="\n".join(f"Line {n}" for n in range(30))))
    long.begin_edit()
    assert long.findChild(QPlainTextEdit, "editBox").height() <= 10 * line + 20  # at most ten, then it scrolls


def test_the_offline_note_stays_a_compact_row_in_a_tall_window(qtbot):
    window = open_main_window(qtbot, pane="models")
    try:
        discover = window.models.discover
        window.models.tabs.setCurrentWidget(discover)
        note = discover.unreachable
        note.show()
        window.resize(1100, 1000)
        qtbot.waitUntil(lambda: note.isVisible() and note.height() > 0)
        assert note.height() <= note.sizeHint().height() + 2
    finally:
        window.close()


def test_a_drop_down_is_as_wide_as_its_words_after_the_language_changes(qtbot):
    window = open_main_window(qtbot, pane="models")
    try:
        box = window.models.discover.sort_box
        ui_language.apply("zh_CN")
        ui_language.apply("en")
        qtbot.waitUntil(lambda: box.width() >= box.fontMetrics().horizontalAdvance(box.currentText()) + 16)
    finally:
        window.close()
        ui_language.apply("en")
