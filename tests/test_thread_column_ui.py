"""Chat's thread in a wide window: the cards stand in a column of readable width, centred, not stretched across."""

from __future__ import annotations

from assistant.core.storage.history import Message
from assistant.ui.chat.message_view import COLUMN_CHARACTERS, ThreadView


def test_a_wide_thread_centres_its_cards_in_a_readable_column_and_a_narrow_one_uses_its_width(qtbot):
    thread = ThreadView()
    qtbot.addWidget(thread)
    card = thread.add_message(Message(id=1, conversation_id=1, parent_id=None, role="user", content="A question " * 40))
    column = thread.fontMetrics().averageCharWidth() * COLUMN_CHARACTERS
    thread.resize(column + 600, 700)
    thread.show()
    qtbot.waitUntil(lambda: thread.viewport().width() > column + 100 and card.width() > 0)
    qtbot.waitUntil(lambda: card.width() <= column)
    left = card.geometry().left()
    right = thread.widget().width() - card.geometry().right() - 1
    assert abs(left - right) <= 2 and left > 200  # centred, the room shared either side
    thread.resize(column // 2, 700)  # narrow: the column is the room there is
    qtbot.waitUntil(lambda: card.geometry().left() == 12)


def test_the_composer_keeps_to_the_threads_column_in_a_wide_window_and_fills_a_narrow_one(qtbot):
    from PySide6.QtWidgets import QLabel, QWidget

    from assistant.ui.chat.input_row import InputRow, lay_out

    pane = QWidget()
    qtbot.addWidget(pane)
    composer = InputRow([], lambda _text, _images: None, lambda _text, _images: None, lambda: False)
    thread = ThreadView()
    lay_out(pane, QLabel("chats"), QLabel("header"), QLabel("note"), thread, composer)
    column = composer.fontMetrics().averageCharWidth() * COLUMN_CHARACTERS
    pane.resize(column + 800, 700)
    pane.show()
    qtbot.waitUntil(lambda: thread.width() > column + 200)
    qtbot.waitUntil(lambda: composer.width() == column)
    middle = composer.mapTo(pane, composer.rect().center()).x()
    assert abs(middle - thread.mapTo(pane, thread.rect().center()).x()) <= 12  # under the column, centred
    pane.resize(column // 2 + 300, 700)  # narrow: the composer has the room there is, as the cards do
    qtbot.waitUntil(lambda: composer.width() < column)
    assert composer.width() >= thread.width() - 2
