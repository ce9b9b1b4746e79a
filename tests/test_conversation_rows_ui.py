"""The conversation list's look: New chat with its icon, the filter with a search icon, and each row's title with a
quiet date under it."""

from __future__ import annotations

from conftest import open_main_window
from PySide6.QtWidgets import QStyleOptionViewItem

from assistant.ui.chat.conversation_rows import UPDATED_ROLE


def test_the_conversation_list_shows_a_date_under_each_title(qtbot):
    window = open_main_window(qtbot)
    conversations = window.chat.conversations
    window.history.create_conversation("Trip to Lisbon")
    conversations.reload()
    assert not conversations.new_button.icon().isNull() and conversations.new_button.text() == "New chat"
    assert [a for a in conversations.filter_box.actions()]  # the search icon at its start
    item = conversations.list.item(0)
    assert item.text() == "Trip to Lisbon" and item.data(UPDATED_ROLE) > 0
    option = QStyleOptionViewItem()
    option.initFrom(conversations.list)
    height = conversations.list.itemDelegate().sizeHint(option, conversations.list.model().index(0, 0)).height()
    assert height > 2 * conversations.list.fontMetrics().height()  # the title and the date under it
    window.close()


def test_with_no_model_the_chat_pane_has_one_primary_button_finding_one(qtbot):
    from PySide6.QtWidgets import QPushButton

    window = open_main_window(qtbot)
    window.show_pane(window.chat)
    primaries = [button for button in window.chat.findChildren(QPushButton)
                 if button.isVisible() and button.property("primary")]
    assert [button.objectName() for button in primaries] == ["welcomeFind"]
    window.close()
