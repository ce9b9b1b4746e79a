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
