"""The Chat pane on a history that cannot be written: a full disk, a database another program holds, a read-only
one. Real SQLite faults on the window's own database file: a page limit as low as the file (the disk is full), a
second connection holding an exclusive transaction (locked), a read-only connection (query_only). What the user
typed stays in the box, once; the pane says what went wrong and what to do; nothing half-written is left."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt

from assistant.core.storage.history import COMPLETE, STOPPED
from assistant.core.storage.paths import database_path
from test_chat_ui import REPLY_TIMEOUT_MS, make_window, start_long_reply, wait_for_chunks, widgets

pytestmark = pytest.mark.model

WHAT_TO_DO = {"full": "the disk is full. Free some space on it, then try again.",
              "locked": "another program is using it. Close that program (or another copy of Hearth), then try again.",
              "read_only": "its file is read-only. Check that you may write to "}


def break_storage(conn: sqlite3.Connection, fault: str) -> sqlite3.Connection | None:
    """The fault, on the window's own connection; for "locked", the other program's connection."""
    if fault == "full":
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")
    elif fault == "locked":
        conn.execute("PRAGMA busy_timeout = 200")  # the app waits 5 s for the other program; the test need not
        other = sqlite3.connect(database_path(), isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        return other
    else:
        conn.execute("PRAGMA query_only = ON")
    return None


def mend_storage(conn: sqlite3.Connection, other: sqlite3.Connection | None) -> None:
    conn.execute("PRAGMA max_page_count = 1073741823")
    conn.execute("PRAGMA query_only = OFF")
    if other is not None:
        other.execute("ROLLBACK")
        other.close()


@pytest.mark.parametrize("fault", ["full", "locked", "read_only"])
def test_a_message_that_cannot_be_stored_stays_in_the_box_once_and_the_pane_says_why(qtbot, model_path, fault):
    window = make_window(qtbot, model_path, context_length=4096)
    chat = window.chat
    conn = chat.history.conn
    text = "Where does the Danube reach the sea? " * 250  # long enough to need pages the full disk has not got
    other = break_storage(conn, fault)
    try:
        chat.input.setFocus()
        chat.input.setPlainText(text)
        qtbot.keyClick(chat.input, Qt.Key_Return)  # an exception here would fail the test (pytest-qt)
        assert chat.input.toPlainText() == text and not chat.busy
        notice = chat.input_row.notice
        assert notice.isVisible() and WHAT_TO_DO[fault] in notice.text()
        assert WHAT_TO_DO[fault] in window.generation_label.text()  # the status line says it too
        # Nothing half-written: no conversation, no message.
        assert conn.execute("SELECT COUNT(*) FROM conversations").fetchone()[0] == 0
        assert conn.execute("SELECT COUNT(*) FROM messages").fetchone()[0] == 0
        assert chat.conversation_id is None and not widgets(window)
        # Enter again on the same trouble: still one copy of the text, still said.
        qtbot.keyClick(chat.input, Qt.Key_Return)
        assert chat.input.toPlainText() == text and notice.isVisible()
    finally:
        mend_storage(conn, other)
    with qtbot.waitSignal(window.client.replies.finished, timeout=REPLY_TIMEOUT_MS):
        qtbot.keyClick(chat.input, Qt.Key_Return)
    assert chat.input.toPlainText() == "" and not chat.input_row.notice.isVisible()
    stored = chat.history.thread(chat.conversation_id)
    assert [m.content for m in stored if m.role == "user"] == [text]  # sent once, as typed
    assert stored[-1].status == COMPLETE
    window.close()


def test_a_reply_whose_saves_fail_stays_on_screen_and_is_saved_once_writing_works(qtbot, model_path):
    window, chat, chunks = start_long_reply(qtbot, model_path, "a river and its boats", 5)
    conn = chat.history.conn
    reply_id = widgets(window)[-1].message.id
    break_storage(conn, "read_only")
    try:
        wait_for_chunks(qtbot, chat, chunks, 40)  # more than a second of text: a save failed on the way
        qtbot.waitUntil(lambda: chat.input_row.notice.isVisible(), timeout=10_000)
        assert WHAT_TO_DO["read_only"] in chat.input_row.notice.text()
        with qtbot.waitSignal(window.client.replies.stopped, timeout=REPLY_TIMEOUT_MS):
            chat.stop()
        streamed = "".join(chunks)
        shown = widgets(window)[-1]
        assert shown.message.id == reply_id and shown.message.status == STOPPED
        assert shown.message.content == streamed  # the screen has all of it, though the file has not
        assert len(chat.history.message(reply_id).content) < len(shown.message.content)
    finally:
        mend_storage(conn, None)
    send_text = "Thank you."
    chat.input.setPlainText(send_text)
    with qtbot.waitSignal(window.client.replies.finished, timeout=REPLY_TIMEOUT_MS):
        qtbot.keyClick(chat.input, Qt.Key_Return)
    stored = chat.history.message(reply_id)
    assert stored.status == STOPPED and stored.content == streamed  # saved before the next question
    assert not chat.input_row.notice.isVisible()
    window.close()
