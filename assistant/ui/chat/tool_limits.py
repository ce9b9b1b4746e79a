"""The limits of tools in Chat, under the MCP servers (core/storage/settings ``ToolChoices``): how many calls one
reply may make before the model is told to answer, and how long one call may take before it is given up."""

from __future__ import annotations

from PySide6.QtWidgets import QSpinBox, QWidget

from assistant.core.storage.settings import Settings, ToolChoices
from assistant.ui.common.dialog_parts import STRETCH, row, text_label
from assistant.ui.common.ui_language import Texts, Translatable

MOST_CALLS = 50
MOST_SECONDS = 600


class ToolLimits(Translatable, QWidget):
    def __init__(self, settings: Settings, parent=None):
        super().__init__(parent)
        self.settings = settings
        self.texts = texts = Texts(self)
        chosen = settings.read(ToolChoices)
        self.calls = self._spin("callsPerReply", 1, MOST_CALLS, int(chosen.calls_per_turn))
        self.seconds = self._spin("secondsPerCall", 5, MOST_SECONDS, int(chosen.timeout_s))
        texts.bind(self.calls.setAccessibleName, lambda: self.tr("Calls one reply may make"))
        texts.bind(self.seconds.setAccessibleName, lambda: self.tr("Seconds one call may take"))
        texts.bind(self.seconds.setSuffix, lambda: self.tr(" s"))
        layout = row(text_label(self, lambda: self.tr("Calls one reply may make:")), self.calls,
                     text_label(self, lambda: self.tr("Seconds one call may take:")), self.seconds, STRETCH)
        layout.setContentsMargins(0, 0, 0, 0)
        self.setLayout(layout)

    def _spin(self, name: str, low: int, high: int, value: int) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setObjectName(name)
        spin.setRange(low, high)
        spin.setValue(max(low, min(high, value)))
        spin.valueChanged.connect(lambda _value: self._save())
        return spin

    def _save(self) -> None:
        self.settings.update(ToolChoices, calls_per_turn=self.calls.value(), timeout_s=float(self.seconds.value()))
