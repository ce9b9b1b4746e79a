"""A server's model in the real window: added through Model → Servers… (a real llama-server from the pinned sources,
with an API key), then used by Chat, Drafting and Translation and as a task's default; the key stays in the keyring;
a server killed in the middle of a reply leaves the partial reply kept and marked."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from PySide6.QtCore import Qt

from assistant.core.engines.remote.server_keys import server_key, set_server_key
from assistant.core.engines.remote.server_list import Server, remote_target
from assistant.core.storage.history import COMPLETE, FAILED
from assistant.core.storage.paths import database_path
from assistant.core.storage.settings import ModelSettings, TaskModels
from assistant.ui.servers.servers_dialog import ServersDialog
from conftest import open_main_window
from loopback import JsonHandler, Loopback
from test_api_ui import ForgetfulKeyring
from test_chat_ui import REPLY_TIMEOUT_MS, send, widgets
from test_remote import KEY, LlamaServer

pytestmark = pytest.mark.model
TIMEOUT = 120_000


@pytest.fixture(scope="module")
def server(model_path):
    running = LlamaServer(model_path, "-a", "smollm2")
    yield running
    running.stop()


def add_server(qtbot, window, url, key) -> ServersDialog:
    dialog = window.show_servers()
    dialog.url_edit.setText(url + "/v1")  # as OpenAI clients write it
    dialog.key_edit.setText(key)
    qtbot.mouseClick(dialog.add_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.add_button.isEnabled(), timeout=30_000)
    return dialog


def known_server(window, url) -> str:
    """The server added as the dialog adds it, without the dialog; the target of its model."""
    window.services.servers.add(Server(url))
    set_server_key(url, KEY)
    return remote_target(url, "smollm2")


def test_a_server_is_checked_before_it_is_added_and_its_key_stays_in_the_keyring(qtbot, server):
    window = open_main_window(qtbot)
    try:
        refused = add_server(qtbot, window, server.url, "not-the-key")
        assert refused.status.text().startswith("Not added:") and "refused the API key" in refused.status.text()
        assert "not-the-key" not in refused.status.text()
        assert refused.server_list.count() == 0
        refused.close()

        dialog = add_server(qtbot, window, server.url, KEY)
        qtbot.waitUntil(lambda: dialog.model_list.count() == 1, timeout=30_000)
        assert dialog.server_list.item(0).text() == server.url
        assert dialog.model_list.item(0).text() == "smollm2"
        assert server_key(server.url) == KEY
        assert KEY.encode() not in Path(database_path()).read_bytes()

        with qtbot.waitSignal(window.client.model_loaded, timeout=TIMEOUT):
            qtbot.mouseClick(dialog.use_button, Qt.LeftButton)
        assert window.model_label.text() == f"smollm2 · on {server.url.split('://')[1]}"
        assert [a.text() for a in window.server_menu.actions()] == [f"smollm2 · {server.url.split('://')[1]}"]
    finally:
        window.close()


def test_every_pane_writes_with_a_servers_model(qtbot, server):
    window = open_main_window(qtbot)
    try:
        target = known_server(window, server.url)
        window.settings.set_model_settings(target, ModelSettings(temperature=0.0, seed=1, max_tokens=24))
        with qtbot.waitSignal(window.client.model_loaded, timeout=TIMEOUT):
            window.load_model(target)

        send(qtbot, window, "What is the capital of France?")
        reply = widgets(window)[-1].message
        assert reply.content and reply.status == COMPLETE
        assert reply.prompt_tokens > 10 and 0 < reply.generated_tokens <= 24  # the server's own counts

        window.show_pane(window.drafting)
        drafting = window.drafting
        drafting.editor.setPlainText("Their is a mistake in this sentense.")
        drafting.select_action("proofread")
        with qtbot.waitSignal(drafting.task.finished, timeout=TIMEOUT):
            qtbot.mouseClick(drafting.run_button, Qt.LeftButton)
        assert drafting.review.revision is not None

        window.show_pane(window.translation)
        translation = window.translation
        translation._select(translation.target_box, "en")
        translation.source.setPlainText("Bonjour tout le monde.")
        qtbot.mouseClick(translation.translate_button, Qt.LeftButton)
        qtbot.waitUntil(lambda: translation.job is not None and translation.job.done and not translation.task.busy,
                        timeout=TIMEOUT)
        assert translation.target.toPlainText().strip()
    finally:
        window.close()


def test_a_servers_model_as_a_tasks_default_loads_when_the_pane_opens(qtbot, server, model_path):
    window = open_main_window(qtbot, model_path)
    try:
        target = known_server(window, server.url)
        window.server_models.refresh()
        qtbot.waitUntil(lambda: window.server_models.choices() != [], timeout=30_000)
        window.edit_task_models()
        box = window.task_dialog.boxes["translation"]
        box.setCurrentIndex(box.findData(target))
        assert box.currentText() == f"smollm2 · {server.url.split('://')[1]} (server)"
        window.task_dialog.accept()
        assert window.settings.read(TaskModels).translation == target
        with qtbot.waitSignal(window.client.model_loaded, timeout=TIMEOUT) as loaded:
            window.nav.setCurrentRow(window.panes.indexOf(window.translation))
        assert loaded.args[0].info.model_id == "smollm2"
        assert window.client.engine.pid is None  # the local model's engine host was let go
    finally:
        window.close()


def test_a_server_killed_mid_reply_keeps_the_partial_reply_marked(qtbot, model_path):
    doomed = LlamaServer(model_path, "-a", "smollm2")
    window = open_main_window(qtbot)
    try:
        target = known_server(window, doomed.url)
        with qtbot.waitSignal(window.client.model_loaded, timeout=TIMEOUT):
            window.load_model(target)
        window.settings.set_model_settings(target, ModelSettings(temperature=0.8, max_tokens=2000))
        chunks = []
        window.client.replies.chunk.connect(lambda _rid, text: chunks.append(text))
        window.chat.input.setPlainText("Write a very long story about a lighthouse keeper.")
        window.chat.send()
        qtbot.waitUntil(lambda: len(chunks) >= 3, timeout=REPLY_TIMEOUT_MS)
        doomed.process.kill()
        qtbot.waitUntil(lambda: not window.chat.busy, timeout=REPLY_TIMEOUT_MS)
        message = widgets(window)[-1].message
        assert message.status == FAILED
        assert message.content and message.content.startswith(chunks[0].strip()[:5])
        assert "broke in the middle" in message.error
    finally:
        doomed.stop()
        window.close()


def test_a_servers_model_offers_only_the_settings_a_server_hears(qtbot, server, monkeypatch):
    from assistant.ui.models.model_settings_dialog import ModelSettingsDialog

    window = open_main_window(qtbot)
    try:
        target = known_server(window, server.url)
        with qtbot.waitSignal(window.client.model_loaded, timeout=TIMEOUT):
            window.load_model(target)
        dialogs = []
        qtbot.waitUntil(lambda: window.model_settings_action.isEnabled())

        def look(dialog):
            dialogs.append({name: dialog.layout().isRowVisible(getattr(dialog, name)) for name in
                            ("temperature", "max_tokens", "thinking", "thinking_budget", "context_length",
                             "gpu_layers", "threads")})
            dialog.temperature.setValue(0.3)
            return True

        monkeypatch.setattr(ModelSettingsDialog, "exec", look)  # the user changes the temperature and presses OK
        window.edit_model_settings()
        assert dialogs == [{"temperature": True, "max_tokens": True, "thinking": True, "thinking_budget": False,
                            "context_length": False, "gpu_layers": False, "threads": False}]
        assert window.settings.model_settings(target).temperature == 0.3
        assert window.model is not None and window.session.loading_path is None  # saved without a reload
    finally:
        window.close()


class KeyedServer:
    """A real loopback server that lists one model to the right key and refuses any other as FastAPI servers do
    (llama-cpp-python's among them): HTTP 401 with {"detail": "Invalid API key"}. It notes the keys it was sent."""

    KEY = "sk-keyed-0123456789"

    def __init__(self):
        self.keys: list[str] = []
        outer = self

        class Handler(JsonHandler):
            def do_GET(self):
                key = self.headers.get("Authorization", "").removeprefix("Bearer ")
                outer.keys.append(key)
                if key != KeyedServer.KEY:
                    self.send_json(401, {"detail": "Invalid API key"})
                else:
                    self.send_json(200, {"object": "list", "data": [{"id": "keyed-model", "object": "model"}]})

        self.server = Loopback(Handler)
        self.url = self.server.url

    def stop(self):
        self.server.stop()


@pytest.fixture
def keyed():
    server = KeyedServer()
    yield server
    server.stop()


SESSION_NOTE = ("No keyring could keep its API key, so the key is used until you quit Hearth; add the server again "
                "after that, or give the key in HEARTH_SERVER_KEY.")
SESSION_NOTE_ZH = "没有密钥环能保存它的 API 密钥，所以这个密钥只在你退出 Hearth 之前使用；之后请重新添加这台服务器，或通过 HEARTH_SERVER_KEY 提供密钥。"


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_key_no_keyring_kept_serves_this_session_and_says_so(qtbot, keyed, language):
    from assistant.ui.common import ui_language

    keyring.set_keyring(ForgetfulKeyring())  # says yes and keeps nothing
    window = open_main_window(qtbot)
    try:
        ui_language.apply(language)
        dialog = add_server(qtbot, window, keyed.url, KeyedServer.KEY)
        qtbot.waitUntil(lambda: dialog.model_list.count() == 1, timeout=30_000)
        assert dialog.status.text().endswith(SESSION_NOTE if language == "en" else SESSION_NOTE_ZH)
        assert dialog.focusWidget() is dialog.server_list  # not Remove server, which Enter would press
        assert dialog.server_list.currentItem().text() == keyed.url
        dialog.close()

        # The refresh that said "refused the API key" before: the key kept for the session is sent.
        keyed.keys.clear()
        window.server_models.models.clear()
        window.server_models.refresh()
        qtbot.waitUntil(lambda: window.server_models.choices() != [], timeout=30_000)
        again = window.show_servers()
        qtbot.waitUntil(lambda: again.model_list.count() == 1, timeout=30_000)
        assert len(keyed.keys) >= 2 and set(keyed.keys) == {KeyedServer.KEY}
        again.close()
    finally:
        ui_language.apply("en")
        window.close()


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_servers_refusal_reads_as_a_sentence_and_focus_stays_on_the_address(qtbot, keyed, language):
    from assistant.ui.common import ui_language

    window = open_main_window(qtbot)
    try:
        ui_language.apply(language)
        dialog = add_server(qtbot, window, keyed.url, "sk-wrong-key")
        expected = {"en": f"Not added: The server at {keyed.url} refused the API key (HTTP 401: Invalid API key). "
                          "Check the key it was given.",
                    "zh_CN": f"未添加：位于 {keyed.url} 的服务器拒绝了 API 密钥（HTTP 401: Invalid API key）。"
                             "请检查提供给它的密钥。"}[language]
        assert dialog.status.text() == expected
        assert dialog.server_list.count() == 0 and dialog.focusWidget() is dialog.url_edit
        dialog.close()
    finally:
        ui_language.apply("en")
        window.close()


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_server_whose_key_was_not_kept_says_what_to_do(qtbot, keyed, language):
    """As a restart leaves a server added where no keyring kept its key: in the list, with no key anywhere."""
    from assistant.ui.common import ui_language

    window = open_main_window(qtbot)
    try:
        ui_language.apply(language)
        window.services.servers.add(Server(keyed.url))
        dialog = window.show_servers()
        refused = {"en": "refused the API key (HTTP 401: Invalid API key)",
                   "zh_CN": "拒绝了 API 密钥（HTTP 401: Invalid API key）"}
        qtbot.waitUntil(lambda: refused[language] in dialog.status.text(), timeout=30_000)
        assert dialog.status.text().endswith({
            "en": "No API key is kept for this server: remove it and add it again with its key, or give the key in "
                  "HEARTH_SERVER_KEY.",
            "zh_CN": "这台服务器没有保存 API 密钥：请移除它，再带上密钥重新添加，或通过 HEARTH_SERVER_KEY 提供密钥。"}[language])
        dialog.close()
    finally:
        ui_language.apply("en")
        window.close()
