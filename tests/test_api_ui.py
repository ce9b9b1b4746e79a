"""Settings → API in the real window: off until switched on, the token shown once, the loaded model answering the
official openai client through the panes' scheduler, the status bar showing when it answers, and off again."""

from __future__ import annotations

import openai
import pytest

from assistant.ui.api_service import ENABLED_KEY
from conftest import open_main_window
from test_api import QUESTION, free_port

pytestmark = pytest.mark.model


def test_the_switch_serves_the_loaded_model_with_a_token_shown_once(qtbot, model_path):
    window = open_main_window(qtbot, model_path)
    try:
        assert window.api.server is None and not window.api_label.isVisible()  # off until switched on
        window.edit_settings()
        panel = window.settings_dialog.api_panel
        assert not panel.token_shown.isVisibleTo(panel)
        panel.port.setValue(free_port())
        panel.switch.setChecked(True)
        token = panel.token_shown.text()
        assert token.startswith("hearth-") and panel.token_shown.isVisibleTo(panel)
        assert "not shown again" in panel.token_note.text()
        assert window.api.url == f"http://127.0.0.1:{panel.port.value()}/v1"
        assert window.api.url in panel.status.text()
        assert window.api_label.text() == "API on"

        activity = []
        window.api.activity.connect(activity.append)
        api = openai.OpenAI(base_url=window.api.url, api_key=token, max_retries=0)
        model_id = model_path.stem
        assert [m.id for m in api.models.list()] == [model_id]
        reply = api.chat.completions.create(model=model_id, messages=QUESTION, max_tokens=8)
        assert reply.choices[0].message.content
        qtbot.waitUntil(lambda: activity == [1, 0], timeout=5000)  # answering, then idle: what the label showed

        window.settings_dialog.accept()
        window.edit_settings()  # opened again: the token is not shown any more
        assert not window.settings_dialog.api_panel.token_shown.isVisibleTo(panel)
        window.settings_dialog.api_panel.switch.setChecked(False)
        assert window.api.server is None and not window.api_label.isVisible()
        assert window.settings.get(ENABLED_KEY) is False
        with pytest.raises(openai.APIConnectionError):
            api.models.list()

        window.settings_dialog.api_panel.switch.setChecked(True)  # on again: the kept token, nothing shown
        assert not window.settings_dialog.api_panel.token_shown.isVisibleTo(panel)
        assert api.models.list().data[0].id == model_id
        window.settings_dialog.reject()
    finally:
        window.close()


def test_the_network_choice_warns_and_a_taken_port_is_said(qtbot, model_path):
    import socket

    window = open_main_window(qtbot)
    try:
        window.edit_settings()
        panel = window.settings_dialog.api_panel
        assert not panel.network_warning.isVisibleTo(panel)
        panel.network.setChecked(True)
        assert panel.network_warning.isVisibleTo(panel) and "not encrypted" in panel.network_warning.text()
        panel.network.setChecked(False)
        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen()
            panel.port.setValue(taken.getsockname()[1])
            panel.switch.setChecked(True)
            assert not panel.switch.isChecked() and window.api.server is None
            assert "Another program may be using the port" in panel.status.text()
            assert window.api_label.text() == "API: could not start"
        window.settings_dialog.reject()
    finally:
        window.close()
