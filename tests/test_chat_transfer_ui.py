"""Exporting and importing chats in the real window, on a real history file: a conversation exported to Hearth JSON
comes back (off the GUI thread) with its branches and opens; ChatGPT's export comes in with a report of what did
not; Markdown is written where asked; a bad file gets a reason in a message box, and nothing else changes."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QMessageBox

from assistant.ui.chat_transfer import JSON, MARKDOWN
from conftest import open_main_window
from test_chat_files import chatgpt_export


def imported(qtbot, window, path):
    with qtbot.waitSignal(window.transfer.imported, timeout=20_000) as signal:
        window.transfer.import_from(path)
    return signal.args[0]


def test_an_exported_chat_comes_back_with_its_branches_and_opens(qtbot, tmp_path):
    window = open_main_window(qtbot)
    try:
        history = window.history
        trip = history.create_conversation("Trip to Hangzhou 杭州")
        question = history.add_message(trip, None, "user", "Where should we stay?")
        history.add_message(trip, question, "assistant", "Near the West Lake.")
        history.add_message(trip, question, "assistant", "Anywhere on metro line 1.")  # regenerated
        window.chat.conversations.reload()

        assert window.transfer.export_to([trip], tmp_path / "trip", JSON)  # no extension: the kind's own
        assert json.loads((tmp_path / "trip.json").read_text("utf-8"))["conversations"][0]["title"].endswith("杭州")
        assert window.transfer.export_to([trip], tmp_path / "trip.md", JSON)  # the name's extension wins
        assert (tmp_path / "trip.md").read_text("utf-8").startswith("# Trip to Hangzhou 杭州")
        assert "trip.md" in window.statusBar().currentMessage()

        new_ids = imported(qtbot, window, tmp_path / "trip.json")
        assert len(new_ids) == 1 and new_ids[0] != trip
        assert window.chat.conversation_id == new_ids[0] == window.chat.conversations.current_id()  # opened
        thread = history.thread(new_ids[0])
        assert [m.content for m in thread] == ["Where should we stay?", "Anywhere on metro line 1."]
        assert thread[-1].sibling_count == 2  # the other reply came along as a branch
        assert window.transfer.message_box.text().startswith("Imported 1 conversation. Messages: 3.")
        titles = [window.chat.conversations.list.item(i).text()
                  for i in range(window.chat.conversations.list.count())]
        assert titles.count("Trip to Hangzhou 杭州") == 2
    finally:
        window.close()


def test_a_chatgpt_export_is_imported_with_a_report(qtbot, tmp_path):
    window = open_main_window(qtbot)
    try:
        path = tmp_path / "conversations.json"
        path.write_text(json.dumps(chatgpt_export()), encoding="utf-8")
        new_ids = imported(qtbot, window, path)
        box = window.transfer.message_box
        assert box.icon() == QMessageBox.Warning  # one conversation was left out, and the box says which
        assert "Imported 1 conversation." in box.text() and "Empty one: it has no messages" in box.text()
        assert "Each is marked [image]" in box.text()
        assert window.history.conversation(new_ids[0]).title == "Sums"
    finally:
        window.close()


def test_a_bad_file_gets_a_reason_and_changes_nothing(qtbot, tmp_path):
    window = open_main_window(qtbot)
    try:
        path = tmp_path / "notes.json"
        path.write_text('{"notes": ["not a chat"]}', encoding="utf-8")
        window.transfer.import_from(path)
        qtbot.waitUntil(lambda: getattr(window.transfer, "message_box", None) is not None, timeout=20_000)
        box = window.transfer.message_box
        assert box.icon() == QMessageBox.Warning and "neither a Hearth export nor ChatGPT" in box.text()
        assert "Traceback" not in box.text()
        assert window.history.list_conversations() == []

        assert not window.transfer.export_to([1], tmp_path / "missing-folder" / "x.md", MARKDOWN)
        assert "Could not write" in window.transfer.message_box.text()
    finally:
        window.close()
