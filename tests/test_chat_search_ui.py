"""Chat search in the real window over a real history file: every conversation and every branch, Chinese and
English, and a chosen result opened on its branch with the words highlighted in the message."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from conftest import open_main_window


@pytest.fixture
def in_language(qapp):
    """Switches the UI to a language for one test, and back to English afterwards even when the test fails, so
    that no Chinese is left to the core's texts in the tests after it."""
    from assistant.ui.common import ui_language

    yield ui_language.apply
    ui_language.apply("en")


def test_a_hit_in_a_hidden_branch_opens_that_branch_highlighted(qtbot):
    window = open_main_window(qtbot)
    try:
        history = window.history
        trip = history.create_conversation("Trip")
        question = history.add_message(trip, None, "user", "Where should we stay in Hangzhou?")
        first = history.add_message(trip, question, "assistant", "Near the West Lake (西湖), by the Broken Bridge.")
        second = history.add_message(trip, question, "assistant", "Anywhere on line 1 of the metro.")
        other = history.create_conversation("Rivers")
        history.add_message(other, None, "user", "长江有多长？")
        assert history.thread(trip)[-1].id == second  # the West Lake reply is the hidden branch

        search = window.search_chats()
        search.query.setText("西湖 bridge")  # typed Chinese arrives whole, from the input method
        qtbot.waitUntil(lambda: search.results.count() == 1, timeout=5000)
        assert search.results.item(0).text().startswith("Trip · Assistant\n")
        assert "1 message found" == search.count.text()

        qtbot.keyClick(search.query, Qt.Key_Return)
        chat = window.chat
        assert window.panes.currentWidget() is chat and chat.conversation_id == trip
        assert [m.id for m in history.thread(trip)] == [question, first]  # its branch is the one shown now
        widget = chat.thread_view.widget_for(first)
        assert widget is not None
        qtbot.waitUntil(lambda: widget.highlighted == 2, timeout=5000)  # 西湖 and Bridge, marked once laid out

        search.query.setText("长江")
        qtbot.waitUntil(lambda: search.results.count() == 1 and "Rivers · You" in search.results.item(0).text(),
                        timeout=5000)
        search.query.setText("nowhere to be found")
        qtbot.waitUntil(lambda: search.results.count() == 0, timeout=5000)
        assert search.count.text() == "No message contains all of these words."
        search.close()
    finally:
        window.close()


@pytest.mark.parametrize("language,found,none", [("en", "3 messages found", "No message contains all of these words."),
                                                 ("zh_CN", "找到 3 条消息", "没有消息同时包含这些词语。")])
def test_emoji_and_symbols_are_searched_as_typed(qtbot, language, found, none, in_language):
    window = open_main_window(qtbot)
    try:
        in_language(language)
        history = window.history
        party = history.create_conversation("Party")
        first = history.add_message(party, None, "user", "Cake for the party 🎂 tonight?")
        reply = history.add_message(party, first, "assistant", "Yes! 🎂 and candles.\0 The 中文 menu is 🎂 too.")
        history.add_message(party, reply, "user", "生日快乐🎂")
        history.add_message(party, None, "user", "No cake here, just C++ and $5 coffee.")
        family = history.add_message(party, None, "user", "Our family 👨‍👩‍👧 photo")

        search = window.search_chats()
        search.query.setText("🎂")  # no word at all: before, nothing was searched for
        qtbot.waitUntil(lambda: search.results.count() == 3, timeout=5000)
        assert search.count.text() == found
        search.query.setText("🎂 生日")  # an emoji and Chinese together: both must be there
        qtbot.waitUntil(lambda: search.results.count() == 1, timeout=5000)
        assert "生日快乐🎂" in search.results.item(0).text()
        search.query.setText("c++")  # as typed, ASCII case aside; "c" alone is no word the index holds
        qtbot.waitUntil(lambda: search.results.count() == 1 and "C++" in search.results.item(0).text(), timeout=5000)
        search.query.setText("$5 coffee")
        qtbot.waitUntil(lambda: search.results.count() == 1, timeout=5000)
        search.query.setText("👨‍👩‍👧")  # a family joined by zero-width joiners is one thing to find
        qtbot.waitUntil(lambda: search.results.count() == 1, timeout=5000)
        search.query.setText("🎂 C++")  # never in one message
        qtbot.waitUntil(lambda: search.results.count() == 0, timeout=5000)
        assert search.count.text() == none

        search.query.setText("👨‍👩‍👧")
        qtbot.waitUntil(lambda: search.results.count() == 1, timeout=5000)
        qtbot.keyClick(search.query, Qt.Key_Return)
        widget = window.chat.thread_view.widget_for(family)
        assert widget is not None
        qtbot.waitUntil(lambda: widget.highlighted == 1, timeout=5000)  # the emoji itself is marked
        search.close()
    finally:
        window.close()
