"""Settings' choice of where models come from: the Hugging Face Hub (or a mirror of it, hf-mirror.com offered as a
preset: ``preset_box``, which the dialog puts beside the Hub's address) or ModelScope (魔搭), with ModelScope's own
address and token. The source applies as it is chosen; what
is typed applies when Settings closes (``apply``), as the Hub's address does."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QWidget

from assistant.core.hub.access import HubAccess
from assistant.core.hub.hub_client import HubError
from assistant.core.hub.modelscope_client import default_endpoint
from assistant.ui.common.design_tokens import SPACING
from assistant.ui.common.dialog_parts import action_button, note_label, row, text_label
from assistant.ui.common.ui_language import Texts, Translatable

HUB_PRESETS = (("", "https://huggingface.co"), ("https://hf-mirror.com", "https://hf-mirror.com"))
CUSTOM = "custom"  # the preset list's entry for an address of one's own


class SourceSettings(Translatable, QWidget):
    def __init__(self, access: HubAccess, endpoint_edit: QLineEdit, parent: QWidget | None = None):
        """``endpoint_edit``: the Hub's address field, which the presets fill."""
        super().__init__(parent)
        self.access, self.endpoint_edit = access, endpoint_edit
        self.texts = Texts(self)
        self.source_box = QComboBox(self)
        self.source_box.setObjectName("sourceBox")
        self.texts.bind(self.source_box.setAccessibleName, lambda: self.tr("Model source"))
        for source in ("hub", "modelscope"):
            self.source_box.addItem("", source)
        self.source_box.setCurrentIndex(max(0, self.source_box.findData(access.source)))
        self.source_box.currentIndexChanged.connect(lambda _i: access.set_source(self.source_box.currentData()))
        self.preset_box = QComboBox(self)
        self.preset_box.setObjectName("hubPreset")
        self.texts.bind(self.preset_box.setAccessibleName, lambda: self.tr("Hub address preset"))
        for value, _shown in HUB_PRESETS:
            self.preset_box.addItem("", value)
        self.preset_box.addItem("", CUSTOM)  # shown while the address typed is neither preset
        self.preset_box.activated.connect(self._preset_chosen)
        endpoint_edit.textChanged.connect(self._follow_address)
        self._follow_address(endpoint_edit.text())
        self.modelscope_edit = QLineEdit(access.modelscope_endpoint_setting, self)
        self.modelscope_edit.setObjectName("modelscopeEndpoint")
        self.modelscope_edit.setPlaceholderText(default_endpoint())
        self.texts.bind(self.modelscope_edit.setAccessibleName, lambda: self.tr("ModelScope address"))
        self.token_edit = QLineEdit(self)
        self.token_edit.setObjectName("modelscopeToken")
        self.token_edit.setEchoMode(QLineEdit.Password)
        self.texts.bind(self.token_edit.setAccessibleName, lambda: self.tr("ModelScope access token"))
        self.texts.bind(self.token_edit.setPlaceholderText, lambda: self.tr("only needed for private models"))
        self.save_button = action_button(self, lambda: self.tr("Save"), self.save_token)
        self.remove_button = action_button(self, lambda: self.tr("Remove"), self.remove_token)
        self.status = note_label(self, "modelscopeStatus")
        self.token_note = ""
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(SPACING["m"])
        form.setVerticalSpacing(SPACING["s"])
        form.addRow(text_label(self, lambda: self.tr("Models from")), self.source_box)
        form.addRow(text_label(self, lambda: self.tr("ModelScope address")), self.modelscope_edit)
        form.addRow(text_label(self, lambda: self.tr("ModelScope token")),
                    row((self.token_edit, 1), self.save_button, self.remove_button))
        form.addRow("", self.status)
        self._retranslate()
        self.texts.on_change(self._retranslate)

    def _retranslate(self) -> None:
        self.source_box.setItemText(0, self.tr("Hugging Face Hub"))
        self.source_box.setItemText(1, self.tr("ModelScope (魔搭)"))
        self.preset_box.setItemText(0, self.tr("Official: huggingface.co"))
        self.preset_box.setItemText(1, self.tr("Mirror: hf-mirror.com (reachable from China)"))
        self.preset_box.setItemText(2, self.tr("Custom address"))
        self._show_token(self.token_note)

    def _preset_chosen(self, _index: int) -> None:
        if self.preset_box.currentData() == CUSTOM:  # the user types it: the field is theirs
            self.endpoint_edit.setFocus()
            self.endpoint_edit.selectAll()
        else:
            self.endpoint_edit.setText(self.preset_box.currentData())

    def _follow_address(self, text: str) -> None:
        """The preset shown is the one the address field holds, or Custom for any other (a self-hosted mirror)."""
        address = text.strip().rstrip("/")
        preset = next((value for value, shown in HUB_PRESETS if address in (value, shown)), CUSTOM)
        self.preset_box.setCurrentIndex(self.preset_box.findData(preset))

    def _show_token(self, note: str = "") -> None:
        """``note``: what was just done ("saved", "session", "removed"), said in the language shown now."""
        self.token_note = note
        note = {"saved": self.tr("Saved."), "session": self.tr("Kept for this session."),
                "removed": self.tr("Removed.")}.get(note, "")
        has = self.access.has_token_for("modelscope")
        problem = self.access.store("modelscope").problem
        if has:
            text = (self.tr("A ModelScope token is kept for this session only.") if problem
                    else self.tr("A ModelScope token is saved."))
        else:
            text = self.tr("No ModelScope token: public models only.")
        if problem:
            text += f" {problem}"
        self.status.setText(f"{note} {text}".strip())
        self.remove_button.setEnabled(has)

    def save_token(self) -> None:
        token = self.token_edit.text().strip()
        if not token:
            return
        if any(ord(ch) < 33 or ord(ch) > 126 for ch in token):
            self.status.setText(self.tr("A ModelScope token has no spaces or special characters; paste it again "
                                        "from modelscope.cn/my/myaccesstoken."))
            return
        kept = self.access.set_token(token, "modelscope")
        self.token_edit.clear()
        self._show_token("saved" if kept else "session")

    def remove_token(self) -> None:
        self.access.clear_token("modelscope")
        self._show_token("removed")

    def apply(self) -> bool:
        """Keeps what was typed; False, saying why, when ModelScope's address is not one."""
        if self.token_edit.text().strip():
            self.save_token()
            if self.token_edit.text():
                return False
        try:
            self.access.set_modelscope_endpoint(self.modelscope_edit.text())
        except HubError as exc:
            self.status.setText(str(exc))
            return False
        self._show_token()  # a reason said before is gone with what it was about
        return True
