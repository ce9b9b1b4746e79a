"""Per-model generation settings: temperature, top-p, reply length and context length."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QLabel, QSpinBox

from assistant.core.settings import ModelSettings


class ModelSettingsDialog(QDialog):
    def __init__(self, current: ModelSettings, trained_context: int | None, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Model settings")
        form = QFormLayout(self)
        self.temperature = QDoubleSpinBox(self, minimum=0.0, maximum=2.0, singleStep=0.05, decimals=2)
        self.temperature.setValue(current.temperature)
        self.temperature.setToolTip("0 always picks the likeliest word; higher values write more freely")
        self.top_p = QDoubleSpinBox(self, minimum=0.05, maximum=1.0, singleStep=0.05, decimals=2)
        self.top_p.setValue(current.top_p)
        self.max_tokens = QSpinBox(self, minimum=16, maximum=32768, singleStep=128)
        self.max_tokens.setValue(current.max_tokens)
        self.context_length = QSpinBox(self, minimum=256, maximum=trained_context or 131072, singleStep=512)
        self.context_length.setValue(min(current.context_length, self.context_length.maximum()))
        form.addRow("Temperature:", self.temperature)
        form.addRow("Top-p:", self.top_p)
        form.addRow("Longest reply (tokens):", self.max_tokens)
        form.addRow("Context length (tokens):", self.context_length)
        if trained_context:
            form.addRow("", QLabel(f"This model was trained on up to {trained_context:,} tokens. "
                                   "Changing the context length reloads the model."))
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def value(self) -> ModelSettings:
        return ModelSettings(
            temperature=self.temperature.value(),
            top_p=self.top_p.value(),
            max_tokens=self.max_tokens.value(),
            context_length=self.context_length.value(),
        )
