"""Exporting and importing chats in the real window, on a real history file: a conversation exported to Hearth JSON
comes back (off the GUI thread) with its branches and opens; ChatGPT's export comes in with a report of what did
not; Markdown is written where asked, in the app's language; a long export counts its conversations and can be
cancelled, leaving no file; a bad file gets a reason in a message box, and nothing else changes."""

from __future__ import annotations

import json
import os
import threading

import pytest
from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtWidgets import QMessageBox, QPushButton

from assistant.core.storage.history import FAILED, STOPPED
from assistant.ui.common import ui_language
from assistant.ui.chat.chat_transfer import JSON, MARKDOWN
from conftest import open_main_window
from test_chat_files import HOSTILE_QUESTION, chatgpt_export, structure


def exported(qtbot, window, ids, path, kind):
    """Export in the window and wait for the file: (its path, how many conversations it holds)."""
    with qtbot.waitSignal(window.transfer.exported, timeout=60_000) as signal:
        window.transfer.export_to(ids, path, kind)
    return signal.args


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

        assert exported(qtbot, window, [trip], tmp_path / "trip", JSON) == [str(tmp_path / "trip.json"), 1]
        assert json.loads((tmp_path / "trip.json").read_text("utf-8"))["conversations"][0]["title"].endswith("杭州")
        exported(qtbot, window, [trip], tmp_path / "trip.md", JSON)  # the name's extension wins
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

        with qtbot.waitSignal(window.transfer.export_failed, timeout=20_000):
            window.transfer.export_to([1], tmp_path / "missing-folder" / "x.md", MARKDOWN)
        assert "Could not write" in window.transfer.message_box.text()
        assert list(tmp_path.glob("**/x.md*")) == []
    finally:
        window.close()


WORDS = {
    "en": {"counting": "Exporting chats: {done} of {total} conversations written…",
           "done": "Exported 300 conversations to", "cancelled": "Export cancelled. No file was written.",
           "you": "You", "assistant": "Assistant", "stopped": "*This reply was stopped before it finished.*",
           "failed": "*This reply failed: The model ran out of memory.*"},
    "zh_CN": {"counting": "正在导出对话：已写入 {done} 个，共 {total} 个…",
              "done": "已把 300 个对话导出到", "cancelled": "导出已取消，没有写入任何文件。",
              "you": "你", "assistant": "助手", "stopped": "*这条回复在写完之前被停止了。*",
              "failed": "*这条回复失败了：The model ran out of memory.*"}}


class LabelRecorder(QObject):
    """The progress dialog's text each time the export reports, as the window shows it: a slot of an object on the
    GUI thread runs there, queued after the dialog's own update."""

    def __init__(self, transfer):
        super().__init__(transfer)
        self.transfer, self.labels = transfer, []
        transfer.export_progress.connect(self.record)

    @Slot(int, int)
    def record(self, done: int, total: int) -> None:
        self.labels.append(self.transfer.progress_dialog.labelText())


def many_conversations(history, count: int) -> list[int]:
    with history.conn:
        for n in range(count):
            c = history.create_conversation(f"Chat {n}")
            q = history.add_message(c, None, "user", f"Question {n} 问题")
            history.add_message(c, q, "assistant", f"Answer {n} 回答")
    return [summary.id for summary in history.list_conversations()]  # as Export all takes them


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_export_all_is_written_with_a_count_and_markdown_speaks_the_apps_language(qtbot, tmp_path, language):
    window = open_main_window(qtbot)
    try:
        ui_language.apply(language)
        words = WORDS[language]
        ids = many_conversations(window.history, 300)
        recorder = LabelRecorder(window.transfer)
        labels = recorder.labels
        with qtbot.waitSignal(window.transfer.exported, timeout=60_000):
            window.transfer.export_to(ids, tmp_path / "all.json", JSON)
            assert window.transfer.progress_dialog.labelText() == words["counting"].format(done=0, total=300)
        assert labels[-1] == words["counting"].format(done=300, total=300)
        assert words["done"] in window.statusBar().currentMessage()
        document = json.loads((tmp_path / "all.json").read_bytes())
        assert len(document["conversations"]) == 300 and document["format"] == "hearth-chats"
        assert window.transfer.progress_dialog is None and not list(tmp_path.glob("*.part"))

        history = window.history
        c = history.create_conversation("Odd text")
        q = history.add_message(c, None, "user", HOSTILE_QUESTION)
        a = history.add_message(c, q, "assistant", "Half")
        history.save_reply(a, "Half", STOPPED)
        q2 = history.add_message(c, a, "user", "Again?")
        a2 = history.add_message(c, q2, "assistant", "")
        history.save_reply(a2, "", FAILED, error="The model ran out of memory.")
        exported(qtbot, window, [c], tmp_path / "odd.md", MARKDOWN)
        raw = (tmp_path / "odd.md").read_bytes()
        text = raw.decode("utf-8")
        assert b"\x00" not in raw and words["stopped"] in text and words["failed"] in text
        you, assistant = words["you"], words["assistant"]
        assert [text for kind, text in structure(raw) if kind in ("h1", "h2")] == [
            "Odd text", you, assistant, you, assistant]  # the question's "# " and "## Assistant" lines are its text
    finally:
        ui_language.apply("en")
        window.close()


def read_in_background(pipe) -> threading.Thread:
    reader = threading.Thread(target=pipe.read_bytes, daemon=True)
    reader.start()
    return reader


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_cancelled_export_leaves_the_old_file_and_no_part(qtbot, tmp_path, language):
    """The export is written into a named pipe that nobody reads yet (a destination slower than the user's
    patience): the count stays on screen, Cancel is pressed, and then the pipe is read."""
    window = open_main_window(qtbot)
    pipe, reader = tmp_path / "chats.json.part", None
    try:
        ui_language.apply(language)
        ids = many_conversations(window.history, 50)
        target = tmp_path / "chats.json"
        target.write_text("the previous export")
        os.mkfifo(pipe)
        transfer = window.transfer
        transfer.export_to(ids, target, JSON)
        dialog = transfer.progress_dialog
        qtbot.waitUntil(dialog.isVisible, timeout=10_000)
        assert dialog.labelText() == WORDS[language]["counting"].format(done=0, total=50)
        with qtbot.waitSignal(transfer.export_failed, timeout=20_000) as signal:
            qtbot.mouseClick(dialog.findChild(QPushButton), Qt.LeftButton)
            reader = read_in_background(pipe)
        assert signal.args == [WORDS[language]["cancelled"]]
        assert window.statusBar().currentMessage() == WORDS[language]["cancelled"]
        assert target.read_text() == "the previous export" and not pipe.exists()
        assert transfer.export_job is None and transfer.progress_dialog is None

        exported(qtbot, window, ids, target, JSON)  # the next export goes ahead
        assert len(json.loads(target.read_bytes())["conversations"]) == 50
    finally:
        if reader is None and pipe.exists():  # the test failed early: let the export's thread end
            read_in_background(pipe)
        ui_language.apply("en")
        window.close()


def test_a_chat_with_a_picture_travels_in_json_and_beside_markdown(qtbot, tmp_path):
    from PIL import Image

    window = open_main_window(qtbot)
    try:
        history, store = window.history, window.services.images
        Image.new("RGB", (40, 30), (10, 120, 200)).save(tmp_path / "blue.png")
        picture = store.add_file(tmp_path / "blue.png")
        chat = history.create_conversation("A picture")
        history.add_message(chat, None, "user", "What colour is this?", images=[picture.sha256])
        exported(qtbot, window, [chat], tmp_path / "picture.json", JSON)
        exported(qtbot, window, [chat], tmp_path / "picture.md", MARKDOWN)
        beside = list(tmp_path.glob("picture-images/*.png"))
        assert len(beside) == 1 and beside[0].name in (tmp_path / "picture.md").read_text("utf-8")

        picture.path.unlink()  # the import brings the picture back into the store from the file alone
        new_ids = imported(qtbot, window, tmp_path / "picture.json")
        (message,) = history.thread(new_ids[0])
        assert message.images == [picture.sha256] and store.get(picture.sha256).path.is_file()
    finally:
        window.close()
