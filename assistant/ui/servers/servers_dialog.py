"""Model → Servers…: OpenAI-compatible servers (llama-server, vLLM, Ollama, LM Studio, another Hearth) whose models
Hearth can use like its own. A server is checked (its model list is asked for) before it is added; its key goes to
the system keyring, never to a file. Choosing one of its models loads it as a local one would be."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
)

from assistant.core.engines.remote.server_errors import readable
from assistant.core.engines.remote.server_list import Server, ServerList, normalize_url, remote_target
from assistant.ui.common.design_tokens import SPACING
from assistant.ui.common.dialog_parts import STRETCH, action_button, close_buttons, column, note_label, row, text_label
from assistant.ui.common.icons import icon
from assistant.ui.common.ui_language import Texts, Translatable


def list_models(url: str, key: str | None, ca_file: str | None, keyless: str = "") -> list[str]:
    """On a background thread: the server's models, or an EngineFailure that says what went wrong. ``keyless``:
    said after a refusal when no key was sent (none is kept: a keyring that kept none, an earlier run's key)."""
    from assistant.core.engines.errors import ServerRefused
    from assistant.core.engines.remote.remote_engine import RemoteEngine  # httpx: loaded when first asked

    engine = RemoteEngine(url, key, ca_file=ca_file or None)
    try:
        return engine.models()
    except ServerRefused as exc:
        if key or not keyless:
            raise
        raise ServerRefused(f"{exc} {keyless}") from None
    finally:
        engine.close()


class ServersDialog(Translatable, QDialog):
    use_model = Signal(str)  # a target URL#model-id, to load
    models_listed = Signal(str, list)  # a server's address and its model ids, for the Model menu

    def __init__(self, servers: ServerList, background, forget: Callable[[str], None], parent=None):
        """``forget``: the engine lets go of its connection to a server whose key or CA changed."""
        super().__init__(parent)
        self.servers, self.background, self.forget = servers, background, forget
        self.texts = Texts(self)
        self.texts.bind(self.setWindowTitle, lambda: self.tr("Servers"))
        self.setMinimumWidth(640)
        lists = self._make_lists()
        self.status = note_label(self, "serverStatus", selectable=True)
        adding = self._make_adding()
        layout = column(self, (lists, 1), self.status, adding, self._hint(), close_buttons(self))
        layout.setContentsMargins(SPACING["l"], SPACING["l"], SPACING["l"], SPACING["l"])
        layout.setSpacing(SPACING["m"])
        # The one primary action: use the chosen model (Enter, from the lists). Enter in the fields that add a
        # server checks and adds it instead, never uses a model.
        self.use_button.setProperty("primary", True)
        self.use_button.setDefault(True)
        for edit in (self.url_edit, self.key_edit, self.ca_edit):
            edit.installEventFilter(self)
        self._fill_servers()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.KeyPress and event.key() in (Qt.Key_Return, Qt.Key_Enter)
                and watched in (self.url_edit, self.key_edit, self.ca_edit)):
            if self.add_button.isEnabled():
                self._add()
            return True
        return super().eventFilter(watched, event)

    def _make_lists(self) -> QHBoxLayout:
        """The servers on the left, with Remove; the chosen one's models on the right, with Use."""
        texts = self.texts
        self.server_list = QListWidget(self)
        self.server_list.setObjectName("serverList")
        texts.bind(self.server_list.setAccessibleName, lambda: self.tr("Servers"))
        self.server_list.currentItemChanged.connect(lambda *_: self._server_chosen())
        self.model_list = QListWidget(self)
        self.model_list.setObjectName("serverModelList")
        texts.bind(self.model_list.setAccessibleName, lambda: self.tr("The server's models"))
        self.model_list.itemDoubleClicked.connect(lambda _item: self._use())
        self.model_list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.remove_button = action_button(self, lambda: self.tr("Remove server"), self._remove, "removeServer")
        self.remove_button.setIcon(icon("trash-2"))
        self.use_button = action_button(self, lambda: self.tr("Use this model"), self._use, "useServerModel")
        self.use_button.setIcon(icon("message-square"))
        left = column(None, text_label(self, lambda: self.tr("Servers")), (self.server_list, 1),
                      (self.remove_button, 0, Qt.AlignLeft))
        right = column(None, text_label(self, lambda: self.tr("Models on the server")), (self.model_list, 1),
                       (self.use_button, 0, Qt.AlignRight))
        for part in (left, right):
            part.setSpacing(SPACING["s"])
        lists = row((left, 2), (right, 3))
        lists.setSpacing(SPACING["l"])
        return lists

    def _make_adding(self) -> QGroupBox:
        """Add a server: its address, its key and its CA, checked before it is added."""
        texts = self.texts
        self.url_edit = QLineEdit(self)
        self.url_edit.setObjectName("serverUrl")
        self.url_edit.setPlaceholderText("http://192.168.1.20:8080")
        texts.bind(self.url_edit.setAccessibleName, lambda: self.tr("Server address"))
        self.key_edit = QLineEdit(self)
        self.key_edit.setObjectName("serverKey")
        self.key_edit.setEchoMode(QLineEdit.Password)
        texts.bind(self.key_edit.setPlaceholderText, lambda: self.tr("Optional; kept in the system keyring"))
        texts.bind(self.key_edit.setAccessibleName, lambda: self.tr("API key"))
        self.ca_edit = QLineEdit(self)
        self.ca_edit.setObjectName("serverCa")
        texts.bind(self.ca_edit.setPlaceholderText,
                   lambda: self.tr("Optional: the CA certificate (PEM) of a server with a private certificate"))
        texts.bind(self.ca_edit.setAccessibleName, lambda: self.tr("CA certificate file"))
        browse = action_button(self, lambda: self.tr("Browse…"), self._browse_ca)
        self.add_button = action_button(self, lambda: self.tr("Check and add"), self._add, "addServer")
        self.add_button.setIcon(icon("plus"))
        adding = QGroupBox(self)
        texts.bind(adding.setTitle, lambda: self.tr("Add a server"))
        form = QFormLayout(adding)
        form.setHorizontalSpacing(SPACING["m"])
        form.setVerticalSpacing(SPACING["s"])
        form.addRow(text_label(self, lambda: self.tr("Address")), self.url_edit)
        form.addRow(text_label(self, lambda: self.tr("API key")), self.key_edit)
        form.addRow(text_label(self, lambda: self.tr("CA certificate")), row((self.ca_edit, 1), browse))
        form.addRow("", row(STRETCH, self.add_button))
        return adding

    def _hint(self) -> QLabel:
        hint = note_label(self, "serverHint")
        self.texts.bind(hint.setText, lambda: self.tr(
            "Any OpenAI-compatible server: llama-server, vLLM, Ollama (http://host:11434), LM Studio "
            "(http://host:1234) or another Hearth. Connections use the system proxy and verify TLS certificates."))
        return hint

    # The list --------------------------------------------------------------------------------------------

    def _fill_servers(self, select: str | None = None) -> None:
        self.server_list.clear()
        for server in self.servers.all():
            item = QListWidgetItem(server.url, self.server_list)
            item.setData(Qt.UserRole, server.url)
            if server.url == select:
                self.server_list.setCurrentItem(item)
        if self.server_list.currentItem() is None and self.server_list.count():
            self.server_list.setCurrentRow(0)
        if not self.server_list.count():
            self.model_list.clear()
            self.status.setText(self.tr("No servers yet. Add one below."))
        self._update_buttons()

    def _current_url(self) -> str | None:
        item = self.server_list.currentItem()
        return item.data(Qt.UserRole) if item is not None else None

    def _server_chosen(self) -> None:
        url = self._current_url()
        self.model_list.clear()
        self._update_buttons()
        if url is None:
            return
        from assistant.core.engines.remote.server_keys import server_key  # the keyring: loaded when first needed

        server, key = self.servers.get(url), server_key(url)
        keyless = self.tr("No API key is kept for this server: remove it and add it again with its key, or give "
                          "the key in HEARTH_SERVER_KEY.")
        self.status.setText(self.tr("Asking {url} for its models…").format(url=url))
        self.background.run("servers-models", lambda: list_models(url, key, server and server.ca_file, keyless),
                            lambda models: self._show_models(url, models), self._show_error, receiver=self)

    def _show_models(self, url: str, models: list[str]) -> None:
        self.models_listed.emit(url, models)
        if url != self._current_url():
            return
        self.model_list.clear()
        for model_id in models:
            item = QListWidgetItem(model_id, self.model_list)
            item.setData(Qt.UserRole, remote_target(url, model_id))
        if models:
            self.model_list.setCurrentRow(0)
        self.status.setText(self.tr("%n models on this server.", "", len(models)))
        self._update_buttons()

    def _show_error(self, message: str) -> None:
        self.status.setText(readable(message))
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self._current_url() is not None)
        self.use_button.setEnabled(self.model_list.currentItem() is not None)

    # Actions ---------------------------------------------------------------------------------------------

    def _browse_ca(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("The server's CA certificate"), "",
                                                    self.tr("Certificates (*.pem *.crt *.cer);;All files (*)"))
        if path:
            self.ca_edit.setText(path)

    def _add(self) -> None:
        try:
            url = normalize_url(self.url_edit.text())
        except ValueError as exc:
            self.status.setText(str(exc))
            return
        key, ca_file = self.key_edit.text().strip() or None, self.ca_edit.text().strip()
        self.add_button.setEnabled(False)
        self.status.setText(self.tr("Checking {url}…").format(url=url))
        self.background.run("servers-add", lambda: list_models(url, key, ca_file),
                            lambda models: self._added(url, key, ca_file, models), self._add_failed, receiver=self)

    def _add_failed(self, message: str) -> None:
        self.add_button.setEnabled(True)
        self.status.setText(self.tr("Not added: {reason}").format(reason=readable(message)))
        self.url_edit.setFocus()  # where the address or key is put right; never a button that removes

    def _added(self, url: str, key: str | None, ca_file: str, models: list[str]) -> None:
        from assistant.core.engines.remote.server_keys import set_server_key

        self.add_button.setEnabled(True)
        note = ""
        if key and not set_server_key(url, key):
            note = " " + self.tr("No keyring could keep its API key, so the key is used until you quit Hearth; "
                                 "add the server again after that, or give the key in HEARTH_SERVER_KEY.")
        self.servers.add(Server(url, ca_file))
        self.forget(url)
        self.url_edit.clear()
        self.key_edit.clear()
        self.ca_edit.clear()
        self._fill_servers(select=url)
        self._show_models(url, models)
        self.status.setText(self.status.text() + note)
        # Checking disabled the Add button and Qt moved the focus on, to Remove server: Enter would remove the
        # server just added. The list, with the new server chosen, is where to go on from.
        self.server_list.setFocus()

    def _remove(self) -> None:
        url = self._current_url()
        if url is None:
            return
        from assistant.core.engines.remote.server_keys import forget_server_key

        self.servers.remove(url)
        forget_server_key(url)
        self.forget(url)
        self.models_listed.emit(url, [])
        self._fill_servers()

    def _use(self) -> None:
        item = self.model_list.currentItem()
        if item is not None:
            self.use_model.emit(item.data(Qt.UserRole))
            self.accept()
