"""The engine host dies between two replies (the OOM killer, a GPU reset), in the real window: the status bar says
the engine is restarting instead of naming a model that is not there, the model comes back by itself, and the next
message is answered."""

from __future__ import annotations

import os
import signal

import pytest

from assistant.core.storage.history import COMPLETE
from test_chat_ui import REPLY_TIMEOUT_MS, make_window, send, widgets

pytestmark = pytest.mark.model


@pytest.mark.parametrize("sent", [signal.SIGKILL, signal.SIGSEGV], ids=["SIGKILL", "SIGSEGV"])
def test_a_host_that_dies_while_idle_restarts_and_the_next_message_is_answered(qtbot, model_path, sent):
    window = make_window(qtbot, model_path)
    send(qtbot, window, "What is the capital of France?")
    model_line = window.model_label.text()
    first_host = window.client.engine.pid
    speeds = window.generation_label.text()
    assert "tokens/s" in speeds  # the reply's speed, on the pane's line
    shown = []  # the model label after each change of the session, which is what the window shows it from
    window.session.subscribe(lambda _session: shown.append(window.model_label.text()))
    crashes = []
    lines = []  # the line beside the model's, once the window has heard of the crash (its handler runs first)
    window.client.engine_crashed.connect(lambda message: (crashes.append(message),
                                                          lines.append(window.generation_label.text())))

    with qtbot.waitSignals([window.client.engine_crashed, window.client.engine_recovered], order="strict",
                           timeout=REPLY_TIMEOUT_MS):
        os.kill(first_host, sent)
    assert len(crashes) == 1 and signal.Signals(sent).name in crashes[0]
    assert shown[0] == "Restarting the engine…"
    assert shown[-1] == model_line and model_line not in shown[:-1]  # never the model while there is none
    assert signal.Signals(sent).name in lines[0]  # what happened, not the speed of a model that is gone
    assert window.client.engine.pid not in (None, first_host)

    send(qtbot, window, "And of Italy?")  # COMPLETE, checked by send
    assert widgets(window)[-1].message.status == COMPLETE and widgets(window)[-1].message.content.strip()
    window.close()
