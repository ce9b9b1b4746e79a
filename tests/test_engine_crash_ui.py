"""Native crashes of the engine, in the real window: the window stays, nothing typed or written is lost, the user is
told what happened and what changed, and the next message is answered."""

from __future__ import annotations

import os
import signal

import pytest
from PySide6.QtCore import Qt

from assistant.core.engines.host import CRASH_SWITCH
from assistant.core.storage.history import COMPLETE, FAILED, History
from assistant.core.storage.database import connect
from assistant.core.storage.paths import database_path
from test_chat_ui import REPLY_TIMEOUT_MS, make_window, send, start_long_reply, widgets

pytestmark = pytest.mark.model


def test_on_a_machine_where_repacked_kernels_crash_the_first_reply_simply_arrives(qtbot, model_path, monkeypatch):
    """What a user with an AMX CPU meets (issue 18): the host segfaults at the first prompt evaluation with weight
    repacking on. The reply arrives all the same, and the status bar says what was changed."""
    monkeypatch.setenv(CRASH_SWITCH, "repack-prompt")
    window = make_window(qtbot, model_path)
    first_host = window.client.engine.pid
    send(qtbot, window, "What is the capital of France?")  # COMPLETE, checked by send
    reply = widgets(window)[-1].message
    assert reply.content.strip()
    assert window.client.engine.pid not in (None, first_host)
    assert not window.model.repack
    assert "was loaded again with weight repacking off" in window.statusBar().currentMessage()
    send(qtbot, window, "And of Italy?")  # no second crash: repacking stays off
    assert window.client.engine.restarts == 1
    window.close()


def test_a_host_killed_mid_reply_keeps_the_partial_reply_and_what_is_typed(qtbot, model_path):
    window, chat, chunks = start_long_reply(qtbot, model_path, "the sea", 5)
    reply_id = widgets(window)[1].message.id
    chat.input.setPlainText("A message typed while the reply streams")
    os.kill(window.client.engine.pid, signal.SIGKILL)
    qtbot.waitUntil(lambda: not chat.busy, timeout=REPLY_TIMEOUT_MS)
    saved = History(connect(database_path())).message(reply_id)
    assert saved.status == FAILED and saved.content and "".join(chunks).startswith(saved.content)
    assert "The engine crashed while writing the reply (SIGKILL" in saved.error
    shown = widgets(window)[1]
    assert shown.message.content == saved.content and "engine crashed" in shown.status_label.text()
    assert chat.input.toPlainText() == "A message typed while the reply streams"  # nothing typed is lost
    qtbot.waitUntil(lambda: window.model is not None, timeout=REPLY_TIMEOUT_MS)  # loaded again, one step safer
    chat.input.clear()
    send(qtbot, window, "Say hello.")
    assert widgets(window)[-1].message.status == COMPLETE
    window.close()


def test_the_window_knows_when_nothing_safer_is_left(qtbot, model_path, monkeypatch):
    monkeypatch.setenv(CRASH_SWITCH, "prompt")  # every prompt crashes, however the model is loaded
    window = make_window(qtbot, model_path)
    chat = window.chat
    chat.input.setPlainText("Hello?")
    qtbot.keyClick(chat.input, Qt.Key_Return)
    qtbot.waitUntil(lambda: not chat.busy, timeout=REPLY_TIMEOUT_MS)
    assert widgets(window)[-1].message.status == FAILED
    qtbot.waitUntil(lambda: window.model is None and not chat.loading, timeout=REPLY_TIMEOUT_MS)
    assert window.model_label.text() == "No model loaded"
    assert not chat.send_button.isEnabled()
    window.close()
