"""Settings → API in the real window: off until switched on, the token shown once, the loaded model answering the
official openai client through the panes' scheduler, the status bar showing when it answers, and off again; Settings
applies at once (only Close: no token is ever replaced behind a Cancel), and the note under the token says where it
is really kept, keyring or not."""

from __future__ import annotations

import urllib.error
import urllib.request

import keyring
import keyring.backend
import keyring.backends.fail
import openai
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from assistant.core.storage.settings import ApiChoices
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
        assert window.settings.read(ApiChoices).enabled is False
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


class ForgetfulKeyring(keyring.backend.KeyringBackend):
    """A keyring that accepts every password and keeps none, as some headless set-ups do: the fault injected."""

    priority = 1

    def set_password(self, service, username, password):
        pass

    def get_password(self, service, username):
        return None

    def delete_password(self, service, username):
        pass


def models_status(window, token: str) -> int:
    """The HTTP status Hearth's API answers /v1/models with, to a plain request carrying ``token``."""
    request = urllib.request.Request(f"{window.api.url}/models", headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def open_api_settings(window):
    window.edit_settings()
    return window.settings_dialog, window.settings_dialog.api_panel


def test_settings_only_close_and_a_new_token_replaces_the_old_one_at_once(qtbot):
    window = open_main_window(qtbot)
    try:
        dialog, panel = open_api_settings(window)
        buttons = dialog.findChild(QDialogButtonBox)
        assert [b.text() for b in buttons.buttons()] == ["Close"]  # no Cancel that could not take anything back
        panel.port.setValue(free_port())
        panel.switch.setChecked(True)
        first = panel.token_shown.text()
        assert models_status(window, first) == 200

        qtbot.mouseClick(panel.new_token_button, Qt.LeftButton)
        second = panel.token_shown.text()
        assert second.startswith("hearth-") and second != first
        assert models_status(window, first) == 401 and models_status(window, second) == 200

        panel.origins.setText("https://example.org")
        qtbot.keyClick(dialog, Qt.Key_Escape)  # every way out keeps what the dialog shows
        assert not dialog.isVisible()
        chosen = window.settings.read(ApiChoices)
        assert chosen.enabled is True and chosen.origins == ["https://example.org"]
        assert window.api.server is not None and models_status(window, second) == 200

        dialog, panel = open_api_settings(window)
        panel.origins.setText("example.org")
        dialog.tabs.setCurrentIndex(0)
        qtbot.keyClick(dialog, Qt.Key_Escape)  # what cannot be kept keeps the dialog open, saying why
        assert dialog.isVisible() and dialog.tabs.currentWidget() is panel
        assert "starts with http:// or https://" in panel.status.text()
        panel.origins.setText("")
        dialog.reject()
        assert not dialog.isVisible() and window.settings.read(ApiChoices).origins == []
    finally:
        window.close()


KEPT = "The token is kept in the system keyring."
KEPT_ZH = "令牌保存在系统密钥环中。"
SESSION = "No keyring could keep the token: it works until you quit Hearth, and a new one is needed after that."
SESSION_ZH = "没有密钥环能保存这个令牌：它在你退出 Hearth 之前有效，之后需要新建一个。"


@pytest.mark.parametrize("backend", ["file", "forgetful", "none"])
def test_the_token_note_says_where_the_token_really_is(qtbot, backend):
    from assistant.ui.common import ui_language

    if backend == "forgetful":
        keyring.set_keyring(ForgetfulKeyring())
    elif backend == "none":
        keyring.set_keyring(keyring.backends.fail.Keyring())
    note, note_zh = (KEPT, KEPT_ZH) if backend == "file" else (SESSION, SESSION_ZH)
    window = open_main_window(qtbot)
    try:
        dialog, panel = open_api_settings(window)
        assert panel.token_note.text() == "No token yet: one is made, and shown once, when the API is switched on."
        panel.port.setValue(free_port())
        panel.switch.setChecked(True)
        token = panel.token_shown.text()
        assert panel.token_note.text().startswith("Copy it now") and panel.token_note.text().endswith(note)
        assert models_status(window, token) == 200
        dialog.reject()

        dialog, panel = open_api_settings(window)  # the token is not shown again; where it is, is
        assert not panel.token_shown.isVisibleTo(panel) and panel.token_note.text() == note
        ui_language.apply("zh_CN")
        assert panel.token_note.text() == note_zh
        ui_language.apply("en")
        qtbot.mouseClick(panel.new_token_button, Qt.LeftButton)  # a new one says the same, not only the first
        assert panel.token_note.text().endswith(note)
        assert models_status(window, panel.token_shown.text()) == 200 and models_status(window, token) == 401
        dialog.reject()
    finally:
        ui_language.apply("en")
        window.close()


def test_a_token_given_in_the_environment_is_named_and_not_replaced(qtbot, monkeypatch):
    monkeypatch.setenv("HEARTH_API_TOKEN", "hearth-from-the-environment")
    window = open_main_window(qtbot)
    try:
        dialog, panel = open_api_settings(window)
        assert panel.token_note.text() == "The token is the one given in HEARTH_API_TOKEN."
        assert not panel.new_token_button.isEnabled()
        panel.port.setValue(free_port())
        panel.switch.setChecked(True)
        assert not panel.token_shown.isVisibleTo(panel)
        assert models_status(window, "hearth-from-the-environment") == 200
        dialog.reject()
    finally:
        window.close()
