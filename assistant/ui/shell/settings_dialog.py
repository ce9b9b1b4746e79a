"""Settings: how the app looks (language, theme), the Hugging Face Hub (the token, kept in the system keyring; the
Hub address; offline mode), Hearth's API for other programs, the hardware this computer has, with what the
llama.cpp build can use, and the user's profile (ui/writing/profile_page)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QWidget,
)

from assistant.core.engines.hardware import HardwareReport, hardware_report
from assistant.core.engines.offload_plan import OffloadPlan
from assistant.core.hub.hub_client import OFFICIAL_ENDPOINT, HubError, env_endpoint, env_offline
from assistant.core.hub.access import HubAccess
from assistant.core.storage.settings import Appearance
from assistant.ui.common import ui_language
from assistant.ui.common.design_tokens import SPACING
from assistant.ui.common.dialog_parts import STRETCH, action_button, close_buttons, column, note_label, row, \
    text_label
from assistant.ui.common.ui_language import Texts, Translatable
from assistant.ui.api.api_panel import ApiPanel
from assistant.ui.models.source_settings import SourceSettings
from assistant.ui.common.theme import CHOICES
from assistant.ui.common.theme import apply as apply_theme
from assistant.ui.shell.hardware_picture import DetailsToggle, HardwarePictureView
from assistant.ui.writing.profile_page import ProfilePage


class SettingsDialog(Translatable, QDialog):
    def __init__(self, access: HubAccess, hardware: HardwareReport | None, parent, background, api=None,
                 plan: OffloadPlan | None = None):
        """``plan``: the load plan of the model loaded, drawn with the hardware; None when no model is loaded."""
        super().__init__(parent)
        self.plan = plan
        self.access = access
        self.settings = access.settings
        self.texts = Texts(self)
        self.texts.bind(self.setWindowTitle, lambda: self.tr("Settings"))
        self._background = background  # ui/common/background.py: NVML and the drivers are asked off the GUI thread
        hub = self._hub_tab()
        machine = self._hardware_tab(hardware)
        appearance = self._appearance_tab()
        self.tabs = QTabWidget(self)
        self._add_tab(appearance, lambda: self.tr("Appearance"))
        self._add_tab(hub, lambda: self.tr("Model sources"))
        self._add_tab(machine, lambda: self.tr("Hardware"))
        self.profile_page = ProfilePage(self.settings, self)
        self._add_tab(self.profile_page, lambda: self.tr("Profile"))
        self.api_panel = None
        if api is not None:
            self.api_panel = ApiPanel(api, self)
            self.api_panel.layout().setContentsMargins(*(SPACING["l"],) * 4)  # as the other tabs' pages
            self._add_tab(self.api_panel, lambda: self.tr("API"))
        self.texts.on_change(self._retranslate)
        # Only Close: what is chosen here applies at once (the API's switch and token, the theme, the language) or
        # when the dialog closes (what was typed). A Cancel could not take back a token already replaced.
        buttons = close_buttons(self)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setDefault(True)  # the one primary action
        layout = column(self, self.tabs, buttons)
        layout.setContentsMargins(*(SPACING["l"],) * 4)
        layout.setSpacing(SPACING["l"])
        self.token_note = ""
        self._retranslate()
        # Wide enough for the token's hint; never a minimum width of its own, which would stop the layout's (at 200%
        # text, a line cut off).
        hint = self.sizeHint()
        self.resize(max(SPACING["xxl"] * 18, hint.width()), hint.height())

    def _add_tab(self, page: QWidget, name: Callable[[], str]) -> None:
        index = self.tabs.addTab(page, "")
        self.texts.bind(lambda text: self.tabs.setTabText(index, text), name)

    def _page(self, *groups: QGroupBox) -> QWidget:
        """A tab's page: its titled groups, one under the other, the space left below them."""
        page = QWidget(self)
        layout = column(page, *groups, STRETCH)
        layout.setContentsMargins(*(SPACING["l"],) * 4)
        layout.setSpacing(SPACING["l"])
        return page

    def _group(self, title: Callable[[], str], name: str, content: QLayout) -> QGroupBox:
        """``content`` under its title: a group for screen readers (named by the title), a bold heading for eyes
        (shell.qss: no frame around it)."""
        group = QGroupBox(self)
        group.setObjectName(name)
        group.setProperty("settingsGroup", True)
        self.texts.bind(group.setAccessibleName, title)
        heading = QLabel(group)
        heading.setObjectName("settingsHeading")
        self.texts.bind(heading.setText, title)
        layout = column(group, heading, content, margins=False)
        layout.setSpacing(SPACING["s"])
        return group

    @staticmethod
    def _form() -> QFormLayout:
        form = QFormLayout()
        form.setHorizontalSpacing(SPACING["m"])
        form.setVerticalSpacing(SPACING["s"])
        return form

    def _hub_tab(self) -> QWidget:
        """The access token (kept in the system keyring), the Hub's address, and offline mode."""
        texts, access = self.texts, self.access
        self.token_edit = QLineEdit(self)
        self.token_edit.setObjectName("tokenEdit")
        texts.bind(self.token_edit.setAccessibleName, lambda: self.tr("Hugging Face access token"))
        self.token_edit.setEchoMode(QLineEdit.Password)
        texts.bind(self.token_edit.setPlaceholderText,
                   lambda: self.tr("hf_… (only needed for gated and private models)"))
        self.save_token_button = action_button(self, lambda: self.tr("Save token"), self.save_token)
        self.remove_token_button = action_button(self, lambda: self.tr("Remove"), self.remove_token)
        self.token_status = note_label(self, "tokenStatus")
        self.endpoint_edit = QLineEdit(access.endpoint_setting, self)
        self.endpoint_edit.setObjectName("endpointEdit")
        texts.bind(self.endpoint_edit.setAccessibleName, lambda: self.tr("Hub address"))
        self.endpoint_edit.setPlaceholderText(env_endpoint() or OFFICIAL_ENDPOINT)
        texts.bind(self.endpoint_edit.setToolTip, lambda: self.tr(
            "Leave empty for the official Hub (or HF_ENDPOINT when it is set). A mirror or a self-hosted "
            "Hub-compatible server works too."))
        self.offline_box = QCheckBox(self)
        texts.bind(self.offline_box.setText,
                   lambda: self.tr("Offline: never contact the Hub or ModelScope; use installed models only"))
        self.offline_box.setObjectName("offlineBox")
        self.offline_box.setChecked(access.offline or env_offline())
        self.offline_box.setEnabled(not env_offline())
        if env_offline():
            texts.bind(self.offline_box.setToolTip, lambda: self.tr("HF_HUB_OFFLINE is set in the environment."))
        self.error = note_label(self, "settingsError")
        self.sources = SourceSettings(access, self.endpoint_edit, self)
        # The Hub's own things together, in the order they are set: where it is, then the token for it.
        form = self._form()
        form.addRow(text_label(self, lambda: self.tr("Hub preset")), self.sources.preset_box)
        form.addRow(text_label(self, lambda: self.tr("Hub address")), self.endpoint_edit)
        form.addRow(text_label(self, lambda: self.tr("Token")),
                    row((self.token_edit, 1), self.save_token_button, self.remove_token_button))
        form.addRow("", self.token_status)
        hub = self._group(lambda: self.tr("Hugging Face Hub"), "tokenGroup", form)
        form = self._form()
        form.addRow("", self.offline_box)
        form.addRow("", self.error)
        return self._page(self._group(lambda: self.tr("Where models come from"), "sourceGroup",
                                      column(None, self.sources, margins=False)),
                          hub, self._group(lambda: self.tr("Connection"), "connectionGroup", form))

    def _hardware_tab(self, hardware: HardwareReport | None) -> QWidget:
        """What this computer has and what the llama.cpp build can use, drawn, with the same in words behind
        Details, and Check again."""
        self.hardware_picture = HardwarePictureView(self)
        self.hardware_text = QPlainTextEdit(self)
        self.hardware_text.setObjectName("hardwareReport")
        self.texts.bind(self.hardware_text.setAccessibleName, lambda: self.tr("Hardware report"))
        self.hardware_text.setReadOnly(True)
        self.hardware_text.setMinimumHeight(220)
        self.hardware_details = DetailsToggle(self.hardware_text, self)
        if hardware is not None:
            self.show_hardware(hardware)
        else:
            self.check_hardware()
        refresh = action_button(self, lambda: self.tr("Check again"), self.check_hardware)
        layout = column(None, self.hardware_picture, row(self.hardware_details, STRETCH, refresh),
                        (self.hardware_text, 1))
        layout.setSpacing(SPACING["m"])
        return self._page(self._group(lambda: self.tr("This computer"), "hardwareGroup", layout))

    def _appearance_tab(self) -> QWidget:
        """The language and the theme, each applied as it is chosen."""
        texts, appearance = self.texts, self.settings.read(Appearance)
        self.theme_box = QComboBox(self)
        self.theme_box.setObjectName("themeBox")
        texts.bind(self.theme_box.setAccessibleName, lambda: self.tr("Theme"))
        for choice in CHOICES:
            self.theme_box.addItem("", choice)
        self.theme_box.setCurrentIndex(max(0, self.theme_box.findData(appearance.theme)))
        # Applied at once, not on OK: nothing typed anywhere is lost, and what you see is what you get.
        self.theme_box.currentIndexChanged.connect(self._theme_chosen)
        self.language_box = QComboBox(self)
        self.language_box.setObjectName("languageBox")
        texts.bind(self.language_box.setAccessibleName, lambda: self.tr("Language"))
        for choice in ui_language.CHOICES:
            self.language_box.addItem("", choice)
        self.language_box.setCurrentIndex(max(0, self.language_box.findData(appearance.language)))
        self.language_box.currentIndexChanged.connect(self._language_chosen)
        form = self._form()
        form.addRow(text_label(self, lambda: self.tr("Language")), self.language_box)
        form.addRow(text_label(self, lambda: self.tr("Theme")), self.theme_box)
        return self._page(self._group(lambda: self.tr("Language and theme"), "appearanceGroup", form))

    def _retranslate(self) -> None:
        names = {"system": self.tr("Same as the system"), "light": self.tr("Light"), "dark": self.tr("Dark")}
        for index, choice in enumerate(CHOICES):
            self.theme_box.setItemText(index, names[choice])
        system = ui_language.NATIVE_NAMES[ui_language.system_language()]
        for index, choice in enumerate(ui_language.CHOICES):
            self.language_box.setItemText(index, ui_language.NATIVE_NAMES.get(choice) or
                                          self.tr("Same as the system ({language})").format(language=system))
        self._show_token_state(self.token_note)

    def _language_chosen(self, _index: int) -> None:
        # Applied at once, like the theme: every open window redraws its words and keeps what was typed in it.
        choice = self.language_box.currentData()
        self.settings.update(Appearance, language=choice)
        ui_language.apply(choice)

    def _theme_chosen(self, _index: int) -> None:
        choice = self.theme_box.currentData()
        self.settings.update(Appearance, theme=choice)
        apply_theme(choice)

    def check_hardware(self) -> None:
        self.hardware_text.setPlainText(self.tr("Checking…"))
        self.hardware_picture.show_note(self.tr("Checking…"))
        self._background.run("settings-hardware", lambda: hardware_report(ask_llama=False), self.show_hardware,
                             self._hardware_failed, receiver=self)

    def _hardware_failed(self, message: str) -> None:
        self.hardware_text.setPlainText(message)
        self.hardware_picture.show_note(message)

    def show_hardware(self, report: HardwareReport) -> None:
        self.hardware_picture.show_report(report, self.plan)
        self.hardware_text.setPlainText("\n".join(report.lines()) + "\n\n" + self.tr("llama.cpp build:") + "\n"
                                        + report.backend.system_info)

    def _show_token_state(self, note: str = "") -> None:
        self.token_note = note
        note = {"saved": self.tr("Saved."), "session": self.tr("Kept for this session."),
                "removed": self.tr("Removed.")}.get(note, "")
        problem = self.access.tokens.problem
        if self.access.has_token:
            text = (self.tr("A token is saved for this session only.") if problem
                    else self.tr("A token is saved in the system keyring."))
        else:
            text = self.tr("No token: public models only.")
        if problem:
            text += f" {problem}"
        self.token_status.setText(f"{note} {text}".strip())
        self.remove_token_button.setEnabled(self.access.has_token)

    def save_token(self) -> None:
        from assistant.core.hub.token import BadToken  # keyring: imported when the Hub is first used

        try:
            kept = self.access.set_token(self.token_edit.text())
        except BadToken as exc:
            self.token_status.setText(str(exc))
            return
        self.token_edit.clear()
        self._show_token_state("saved" if kept else "session")

    def remove_token(self) -> None:
        self.access.clear_token()
        self._show_token_state("removed")

    def done(self, _result: int) -> None:
        """Every way out (Close, Escape, the window's own button) keeps what is shown; what cannot be kept (a bad
        address, a refused token) keeps the dialog open, saying why."""
        if self._apply():
            super().done(QDialog.Accepted)

    def _apply(self) -> bool:
        if self.token_edit.text().strip():  # typed but not yet saved: closing means keep it
            self.save_token()
            if self.token_edit.text():
                return False  # refused; the status line says why
        try:
            self.access.set_endpoint(self.endpoint_edit.text())
        except HubError as exc:
            self.error.setText(str(exc))
            self.tabs.setCurrentIndex(1)  # where it was typed, and the reason beside it
            return False
        if not self.sources.apply():
            self.tabs.setCurrentIndex(1)  # ModelScope's address or token, with the reason beside it
            return False
        if not env_offline():
            self.access.set_offline(self.offline_box.isChecked())
        if self.api_panel is not None and not self.api_panel.apply():
            self.tabs.setCurrentWidget(self.api_panel)  # a bad origin: the panel says why
            return False
        if not self.profile_page.commit():
            self.tabs.setCurrentWidget(self.profile_page)  # a glossary line it cannot read, named there
            return False
        return True
