"""A lived-in history at start-up (issue 30): the conversation list shows a page first and every conversation as it
is scrolled, searched or opened; the whole-file check runs after start-up and a damaged file is reported, never a
traceback. Real widgets on real SQLite files."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from assistant.cli.arguments import build_parser
from assistant.core.storage.database import IntegrityCheck, connect
from assistant.core.storage.history import History
from assistant.core.storage.paths import database_path
from assistant.ui.chat.conversation_list import PAGE, ConversationList
from assistant.ui.common.background import Background
from assistant.ui.shell.application import create_window
from assistant.ui.shell.history_check import HistoryCheck

COUNT = 350


@pytest.fixture
def history(tmp_path) -> History:
    """COUNT conversations, "chat 000" the oldest; every 50th is a trip to Lisbon."""
    history = History(connect(tmp_path / "history.sqlite3"))
    for i in range(COUNT):
        conversation = history.create_conversation(f"Lisbon trip {i:03d}" if i % 50 == 7 else f"chat {i:03d}")
        history.conn.execute("UPDATE conversations SET updated_at = ? WHERE id = ?", (1000.0 + i, conversation))
    return history


@pytest.fixture
def conversations(qtbot, history) -> ConversationList:
    widget = ConversationList(history)
    qtbot.addWidget(widget)
    widget.resize(280, 500)
    widget.reload()
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def titles(widget: ConversationList) -> list[str]:
    return [widget.list.item(i).text() for i in range(widget.list.count())]


def newest_first(history: History, title_filter: str = "") -> list[str]:
    return [summary.title for summary in history.list_conversations(title_filter)]


def scroll_to_the_end(qtbot, widget: ConversationList) -> None:
    """End, as a keyboard user would, until the list grows no more."""
    widget.list.setFocus()
    while True:
        before = widget.list.count()
        qtbot.keyClick(widget.list, Qt.Key_End)
        if widget.list.count() == before:
            return


def test_a_long_history_shows_a_page_first_and_every_conversation_once_scrolled(qtbot, conversations, history):
    assert titles(conversations) == newest_first(history)[:PAGE]  # start-up makes a page of rows, not 350
    scroll_to_the_end(qtbot, conversations)
    assert titles(conversations) == newest_first(history)  # all of them, in order, each once
    assert conversations.current_id() == history.list_conversations()[-1].id


def test_the_filter_pages_too_and_finds_the_oldest(qtbot, conversations, history):
    conversations.filter_box.setText("LISBON")
    assert titles(conversations) == newest_first(history, "lisbon") == [f"Lisbon trip {i:03d}"
                                                                        for i in range(307, 0, -50)]
    conversations.filter_box.setText("chat")
    assert conversations.list.count() == PAGE
    scroll_to_the_end(qtbot, conversations)
    assert titles(conversations) == newest_first(history, "chat") and titles(conversations)[-1] == "chat 000"


def test_a_conversation_far_down_is_shown_when_opened_from_a_search(qtbot, conversations, history):
    oldest = history.list_conversations()[-1]
    opened = []
    conversations.conversation_selected.connect(opened.append)
    conversations.mark(oldest.id)
    assert conversations.current_id() == oldest.id
    assert titles(conversations) == newest_first(history)  # the rows down to it, in order, each once
    assert opened == []  # marked, not opened again
    conversations.reload()  # a rename, say: the same row stays current
    assert conversations.current_id() == oldest.id


def test_a_new_conversation_is_listed_first_and_current(qtbot, conversations, history):
    conversations.select(history.list_conversations()[3].id)  # listed already: chosen without listing again
    assert conversations.list.currentRow() == 3
    new = history.create_conversation("A new question")
    conversations.select(new)
    assert conversations.list.currentRow() == 0 and conversations.current_id() == new
    assert titles(conversations)[:2] == ["A new question", "chat 349"]


def _damaged_history(path, table: str) -> None:
    history = History(connect(path))
    for i in range(40):
        conversation = history.create_conversation(f"conversation {i} " + "x" * 200)
        history.add_message(conversation, None, "user", f"question {i} " + "words " * 100)
    history.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page, size = history.conn.execute("SELECT pageno, pgsize FROM dbstat WHERE name = ? AND pagetype = 'leaf' "
                                      "ORDER BY pageno LIMIT 1", (table,)).fetchone()
    history.conn.close()
    data = bytearray(path.read_bytes())
    data[(page - 1) * size: page * size] = b"\xff" * size
    path.write_bytes(bytes(data))


@pytest.fixture
def pool():
    """The window's background pool, as the app gives it to the check."""
    jobs = Background()
    yield jobs
    jobs.shutdown()


def test_damage_found_after_start_up_is_reported_over_the_window(qtbot, tmp_path, monkeypatch, pool):
    path = tmp_path / "history.sqlite3"
    _damaged_history(path, "message_search_data")  # nothing start-up reads
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args))
    window = QWidget()
    qtbot.addWidget(window)
    HistoryCheck(path, window, pool).start()
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    (parent, title, text), = shown
    assert parent is window and title == "Hearth's history is damaged"
    assert "damaged" in text and str(path) in text


def test_a_sound_history_is_checked_without_a_word(qtbot, tmp_path, monkeypatch, history, pool):
    shown, answers = [], []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args))
    run = IntegrityCheck.run
    monkeypatch.setattr(IntegrityCheck, "run", lambda check: answers.append(run(check)))
    window = QWidget()
    qtbot.addWidget(window)
    check = HistoryCheck(tmp_path / "history.sqlite3", window, pool)
    check.start()
    qtbot.waitUntil(lambda: not check.running, timeout=10_000)  # its answer has been delivered
    assert answers == [None]  # it ran, on the whole file, and found it sound
    assert shown == []


def test_damage_met_at_start_up_is_a_message_not_a_traceback(qtbot, monkeypatch):
    _damaged_history(database_path(), "conversations")  # the list reads it while the window is built
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args))
    assert create_window(build_parser().parse_args([])) is None
    (_parent, title, text), = shown
    assert title == "Hearth cannot open its history"
    assert str(database_path()) in text and "cannot be read" in text
    with pytest.raises(sqlite3.DatabaseError):  # the damage is still there, untouched: nothing was rewritten
        sqlite3.connect(database_path()).execute("SELECT * FROM conversations").fetchall()
