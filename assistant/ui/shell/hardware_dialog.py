"""Help → Hardware: the picture of what this computer has and where the loaded model's layers are, with the text
report (the report, the load plan and llama.cpp's build) behind "Details"."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout, QWidget

from assistant.core.engines.hardware import HardwareReport
from assistant.core.engines.offload_plan import OffloadPlan
from assistant.ui.common.design_tokens import SPACING
from assistant.ui.common.dialog_parts import close_buttons
from assistant.ui.common.ui_language import Texts, Translatable
from assistant.ui.shell.hardware_picture import DetailsToggle, HardwarePictureView


class HardwareDialog(Translatable, QDialog):
    def __init__(self, report: HardwareReport, plan: OffloadPlan | None, text: str, parent: QWidget | None = None):
        """``plan``: the loaded model's, or None; ``text``: the report in words, shown under Details."""
        super().__init__(parent)
        self.setObjectName("hardwareDialog")
        self.texts = Texts(self)
        self.texts.bind(self.setWindowTitle, lambda: self.tr("Hardware"))
        self.picture = HardwarePictureView(self)
        self.picture.show_report(report, plan)
        self.details = QPlainTextEdit(text, self)
        self.details.setObjectName("hardwareReport")
        self.details.setReadOnly(True)
        self.texts.bind(self.details.setAccessibleName, lambda: self.tr("Hardware report"))
        self.details_toggle = DetailsToggle(self.details, self)
        buttons = close_buttons(self)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*(SPACING["l"],) * 4)
        layout.setSpacing(SPACING["l"])
        layout.addWidget(self.picture)
        layout.addWidget(self.details_toggle)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        self.details_toggle.toggled.connect(self._fit)
        self._fit()

    def _fit(self) -> None:
        # As tall as what is shown: taller with the details open, back again once they are closed.
        self.layout().activate()
        self.resize(max(self.width() if self.isVisible() else 0, SPACING["xxl"] * 16), self.sizeHint().height())

    def text(self) -> str:
        return self.details.toPlainText()
