"""Chat search in the real window over a real history file: every conversation and every branch, Chinese and
English, and a chosen result opened on its branch with the words highlighted in the message."""

from __future__ import annotations

from PySide6.QtCore import Qt

from conftest import open_main_window


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
