"""Settings → API: the switch that lets other programs use the loaded model through Hearth's OpenAI-compatible API,
and its safety choices. Off until switched on; 127.0.0.1 only unless the user chooses the network, with a warning;
a token, shown once when it is made; no web page may call it unless its origin is listed."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QCheckBox, QFormLayout, QLineEdit, QSpinBox, QWidget

from assistant.core.storage.settings import ApiChoices
from assistant.ui.api.api_service import ApiService
from assistant.ui.common.dialog_parts import STRETCH, action_button, column, note_label, row, text_label
from assistant.ui.common.ui_language import Texts, Translatable
from assistant.ui.common.theme import colours


class ApiPanel(Translatable, QWidget):
    def __init__(self, api: ApiService, parent=None):
        super().__init__(parent)
        self.api = api
        self.texts = Texts(self)
        self._make_switch()
        self._make_choices()
        self._make_token()
        self._lay_out()
        self._shown_token: str | None = None
        self._show_token(None)
        self.texts.on_change(lambda: self._show_token(self._shown_token))
        self.texts.on_change(self._show_state)
        api.state_changed.connect(self._show_state)
        self._show_state()

    def _make_switch(self) -> None:
        self.switch = QCheckBox(self)
        self.switch.setObjectName("apiSwitch")
        self.texts.bind(self.switch.setText, lambda: self.tr("Let other programs use the loaded model (an "
                                                             "OpenAI-compatible API)"))
        self.switch.setChecked(self.api.server is not None)
        self.switch.toggled.connect(self._switched)  # at once, like the theme: the token may have to be shown
        self.status = note_label(self, "apiStatus")

    def _make_choices(self) -> None:
        """The port, the network and its warning, and the web pages allowed to call the API."""
        texts, choices = self.texts, self.api.choices
        self.port = QSpinBox(self)
        self.port.setObjectName("apiPort")
        self.port.setRange(1024, 65535)
        self.port.setValue(choices.port)
        texts.bind(self.port.setAccessibleName, lambda: self.tr("Port"))
        self.network = QCheckBox(self)
        self.network.setObjectName("apiNetwork")
        texts.bind(self.network.setText, lambda: self.tr("Let other computers on the network use it"))
        self.network.setChecked(choices.network)
        self.network_warning = note_label(self, "apiNetworkWarning")
        texts.bind(self.network_warning.setText, lambda: self.tr(
            "Any computer that can reach this one can then ask the model, with the token. The connection is not "
            "encrypted: use it on a network you trust, or behind a VPN or a TLS proxy."))
        self.network_warning.setStyleSheet(f"color: {colours()['error']};")
        self.network.toggled.connect(self.network_warning.setVisible)
        self.network_warning.setVisible(choices.network)
        self.origins = QLineEdit(", ".join(choices.origins), self)
        self.origins.setObjectName("apiOrigins")
        texts.bind(self.origins.setPlaceholderText, lambda: self.tr("None (no web page may call it)"))
        texts.bind(self.origins.setAccessibleName, lambda: self.tr("Web pages allowed to call it"))
        texts.bind(self.origins.setToolTip, lambda: self.tr(
            "Origins such as https://example.org, separated by commas: only these web pages may call the API from "
            "a browser (CORS). Other programs are not affected."))

    def _make_token(self) -> None:
        """The token, shown once when it is made, with Copy and Make a new token, and where it is kept."""
        self.token_shown = QLineEdit(self)
        self.token_shown.setObjectName("apiTokenShown")
        self.token_shown.setReadOnly(True)
        self.texts.bind(self.token_shown.setAccessibleName, lambda: self.tr("New API token"))
        self.copy_button = action_button(self, lambda: self.tr("Copy"),
                                         lambda: QGuiApplication.clipboard().setText(self.token_shown.text()))
        self.new_token_button = action_button(self, lambda: self.tr("Make a new token"), self._new_token,
                                              "apiNewToken")
        self.token_note = note_label(self, "apiTokenNote")

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.addRow(text_label(self, lambda: self.tr("Port")), self.port)
        form.addRow("", self.network)
        form.addRow("", self.network_warning)
        form.addRow(text_label(self, lambda: self.tr("Web pages")), self.origins)
        form.addRow(text_label(self, lambda: self.tr("Token")),
                    column(None, self.token_shown, row(self.copy_button, self.new_token_button, STRETCH)))
        form.addRow("", self.token_note)
        column(self, self.switch, self.status, form, STRETCH)

    def _show_token(self, token: str | None) -> None:
        """A token is shown here once, when it is made; afterwards only that one exists. Where it is kept is said
        every time, as it is: a token no keyring kept is gone when the app quits."""
        from assistant.core.api.api_token import FROM_ENVIRONMENT  # the keyring: loaded when Settings opens

        self._shown_token = token
        self.token_shown.setText(token or "")
        self.token_shown.setCursorPosition(0)  # its start, "hearth-", tells what it is
        self.token_shown.setVisible(bool(token))
        self.copy_button.setVisible(bool(token))
        place = self.api.token_place
        self.new_token_button.setEnabled(place != FROM_ENVIRONMENT)  # the environment's token wins over a new one
        note = self._place_note(place)
        if token:
            note = self.tr("Copy it now: it is not shown again. Programs send it as the API key.") + " " + note
        self.token_note.setText(note)

    def _place_note(self, place: str) -> str:
        from assistant.core.api.api_token import FROM_ENVIRONMENT, IN_KEYRING, THIS_SESSION

        return {
            FROM_ENVIRONMENT: self.tr("The token is the one given in HEARTH_API_TOKEN."),
            IN_KEYRING: self.tr("The token is kept in the system keyring."),
            THIS_SESSION: self.tr("No keyring could keep the token: it works until you quit Hearth, and a new one "
                                  "is needed after that."),
        }.get(place, self.tr("No token yet: one is made, and shown once, when the API is switched on."))

    def _show_state(self) -> None:
        api = self.api
        if api.server is not None:
            self.status.setText(self.tr("Answering at {url} with the model loaded in the window.").format(
                url=api.url))
            self.status.setStyleSheet("")
        elif api.error:
            self.status.setText(api.error)
            self.status.setStyleSheet(f"color: {colours()['error']};")
        else:
            self.status.setText(self.tr("Off. Programs such as editors, scripts and browser extensions can use the "
                                        "loaded model once it is on."))
            self.status.setStyleSheet("")

    def _save_choices(self) -> bool:
        origins = [o.strip().rstrip("/") for o in self.origins.text().split(",") if o.strip()]
        bad = [o for o in origins if not o.startswith(("http://", "https://"))]
        if bad:
            self.status.setText(self.tr("A web page's origin starts with http:// or https://: {origin}").format(
                origin=bad[0]))
            self.status.setStyleSheet(f"color: {colours()['error']};")
            return False
        self.api.settings.update(ApiChoices, port=self.port.value(), network=self.network.isChecked(),
                                 origins=origins)
        return True

    def _switched(self, on: bool) -> None:
        self.api.settings.update(ApiChoices, enabled=on)
        if not on:
            self.api.stop()
            return
        if not self._save_choices():
            self.switch.setChecked(False)
            return
        made = self.api.start()
        self._show_token(made or self._shown_token)
        if self.api.server is None:
            self.switch.blockSignals(True)
            self.switch.setChecked(False)
            self.switch.blockSignals(False)
            self.api.settings.update(ApiChoices, enabled=False)

    def _new_token(self) -> None:
        token, _kept = self.api.make_token()  # the old token stops working: Settings applies at once
        if self.api.server is not None:
            self.api.start()
        self._show_token(token)

    def apply(self) -> bool:
        """Closing Settings: save the choices; a running API starts again with them."""
        saved = self.api.choices
        changed = (self.port.value(), self.network.isChecked(), self.origins.text()) != \
            (saved.port, saved.network, ", ".join(saved.origins))
        if not self._save_choices():
            return False
        if changed and self.api.server is not None:
            self.api.start()
        return True
