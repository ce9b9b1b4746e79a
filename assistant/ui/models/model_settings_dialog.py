"""Per-model settings: how it writes (temperature, top-p, top-k, min-p, repeat penalty, seed, reply length, thinking)
and how it loads (context, GPU layers, KV cache type; threads, batch size, flash attention), each load setting
"Auto" unless the user picks a value."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QLabel, QSpinBox

from assistant.core.engines.reasoning import AUTO, OFF, ON
from assistant.core.storage.settings import ModelSettings


class ModelSettingsDialog(QDialog):
    def __init__(self, current: ModelSettings, trained_context: int | None, parent=None, n_layers: int | None = None,
                 plan_lines: list[str] | None = None, thinking: tuple[bool, bool] | None = None,
                 remote: bool = False):
        """``thinking``: whether the loaded model thinks, and whether its template can turn thinking off.
        ``remote``: a server's model, whose loading the server decides: only the reply settings are shown."""
        super().__init__(parent)
        auto = self.tr("Auto")
        self.setWindowTitle(self.tr("Model settings"))
        form = QFormLayout(self)
        self.temperature = QDoubleSpinBox(self, minimum=0.0, maximum=2.0, singleStep=0.05, decimals=2)
        self.temperature.setValue(current.temperature)
        self.temperature.setToolTip(self.tr("0 always picks the likeliest word; higher values write more freely"))
        self.top_p = QDoubleSpinBox(self, minimum=0.05, maximum=1.0, singleStep=0.05, decimals=2)
        self.top_p.setValue(current.top_p)
        self.top_k = QSpinBox(self, minimum=0, maximum=1000)
        self.top_k.setSpecialValueText(self.tr("Off"))
        self.top_k.setValue(current.top_k)
        self.min_p = QDoubleSpinBox(self, minimum=0.0, maximum=1.0, singleStep=0.01, decimals=2)
        self.min_p.setValue(current.min_p)
        self.min_p.setToolTip(self.tr("Leaves out words less likely than this share of the likeliest one"))
        self.repeat_penalty = QDoubleSpinBox(self, minimum=1.0, maximum=2.0, singleStep=0.05, decimals=2)
        self.repeat_penalty.setValue(current.repeat_penalty)
        self.repeat_penalty.setToolTip(
            self.tr("Above 1, words used in the last 64 tokens are less likely to come again"))
        self.seed = QSpinBox(self, minimum=-1, maximum=2**31 - 1)
        self.seed.setSpecialValueText(self.tr("Random"))
        self.seed.setToolTip(self.tr("A fixed seed gives the same reply to the same prompt and settings"))
        self.seed.setValue(current.seed)
        self.max_tokens = QSpinBox(self, minimum=16, maximum=32768, singleStep=128)
        self.max_tokens.setValue(current.max_tokens)
        self.thinking = QComboBox(self)
        for label, value in ((self.tr("Auto (as the model's template decides)"), AUTO), (self.tr("On"), ON),
                             (self.tr("Off"), OFF)):
            self.thinking.addItem(label, value)
        self.thinking.setCurrentIndex(max(0, self.thinking.findData(current.thinking)))
        self.thinking_budget = QSpinBox(self, minimum=64, maximum=131072, singleStep=512)
        self.thinking_budget.setValue(current.thinking_budget)
        self.thinking_budget.setToolTip(self.tr("The most tokens a reply may spend thinking; then the model is made "
                                                "to answer. The reply's own length is counted apart."))
        thinks, switch = thinking if thinking is not None else (True, True)
        if not thinks:
            self.thinking.setEnabled(False)
            self.thinking_budget.setEnabled(False)
            self.thinking.setToolTip(self.tr("This model's chat template has no thinking."))
        elif not switch:
            self.thinking.setToolTip(self.tr("This model always thinks: its template has no switch to turn it off, "
                                             "so Off cannot stop it. Its thinking is kept apart from the answer."))
        # The minimum of each load setting stands for "Auto", shown as the word.
        self.context_length = QSpinBox(self, minimum=0, maximum=trained_context or 131072, singleStep=512)
        self.context_length.setSpecialValueText(auto)
        self.context_length.setValue(min(current.context_length, self.context_length.maximum()))
        self.gpu_layers = QSpinBox(self, minimum=-1, maximum=n_layers or 200)
        self.gpu_layers.setSpecialValueText(auto)
        self.gpu_layers.setToolTip(self.tr("How many of the model's layers run on the GPU; the highest value puts "
                                           "all of them there, 0 runs on the CPU"))
        self.gpu_layers.setValue(-1 if current.gpu_layers is None else (
            self.gpu_layers.maximum() if current.gpu_layers < 0 else current.gpu_layers))
        self.kv_type = QComboBox(self)
        for label, value in ((auto, "auto"), (self.tr("f16 (most precise)"), "f16"),
                             (self.tr("q8_0 (half the memory)"), "q8_0"), (self.tr("q4_0 (a quarter)"), "q4_0")):
            self.kv_type.addItem(label, value)
        self.kv_type.setCurrentIndex(max(0, self.kv_type.findData(current.kv_type)))
        self.threads = QSpinBox(self, minimum=0, maximum=256)
        self.threads.setSpecialValueText(auto)
        self.threads.setToolTip(self.tr("Auto: one thread per physical core"))
        self.threads.setValue(current.threads)
        self.batch_size = QSpinBox(self, minimum=0, maximum=8192, singleStep=256)
        self.batch_size.setSpecialValueText(auto)
        self.batch_size.setToolTip(self.tr("Tokens read per step when the model reads a prompt. Auto: 2,048 on a "
                                           "GPU, 512 on the CPU"))
        self.batch_size.setValue(current.batch_size)
        self.flash_attention = QComboBox(self)
        for label, value in ((self.tr("Auto (on with a GPU)"), "auto"), (self.tr("On"), "on"), (self.tr("Off"), "off")):
            self.flash_attention.addItem(label, value)
        self.flash_attention.setCurrentIndex(max(0, self.flash_attention.findData(current.flash_attention)))
        form.addRow(self.tr("Temperature:"), self.temperature)
        form.addRow(self.tr("Top-p:"), self.top_p)
        form.addRow(self.tr("Top-k:"), self.top_k)
        form.addRow(self.tr("Min-p:"), self.min_p)
        form.addRow(self.tr("Repeat penalty:"), self.repeat_penalty)
        form.addRow(self.tr("Seed:"), self.seed)
        form.addRow(self.tr("Longest reply (tokens):"), self.max_tokens)
        form.addRow(self.tr("Thinking:"), self.thinking)
        form.addRow(self.tr("Thinking budget (tokens):"), self.thinking_budget)
        form.addRow(self.tr("Context length (tokens):"), self.context_length)
        form.addRow(self.tr("Layers on the GPU:"), self.gpu_layers)
        form.addRow(self.tr("KV cache type:"), self.kv_type)
        advanced = QLabel("<b>" + self.tr("Advanced") + "</b>")
        form.addRow(advanced)
        form.addRow(self.tr("Threads:"), self.threads)
        form.addRow(self.tr("Batch size (tokens):"), self.batch_size)
        form.addRow(self.tr("Flash attention:"), self.flash_attention)
        if remote:
            # The thinking budget too: the engine host enforces it, a server does not hear of it.
            for row in (self.thinking_budget, self.context_length, self.gpu_layers, self.kv_type, advanced,
                        self.threads, self.batch_size, self.flash_attention):
                form.setRowVisible(row, False)
            form.addRow("", QLabel(self.tr("This model runs on a server, which decides how it is loaded.")))
        elif trained_context:
            form.addRow("", QLabel(self.tr("This model was trained on up to {context} tokens. Changing a load setting "
                                           "reloads the model.").format(context=f"{trained_context:,}")))
        if plan_lines:
            form.addRow("", QLabel(self.tr("Chosen now: {plan}").format(plan="; ".join(plan_lines[:2]))))
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def value(self) -> ModelSettings:
        layers = self.gpu_layers.value()
        return ModelSettings(
            temperature=self.temperature.value(),
            top_p=self.top_p.value(),
            top_k=self.top_k.value(),
            min_p=self.min_p.value(),
            repeat_penalty=self.repeat_penalty.value(),
            seed=self.seed.value(),
            max_tokens=self.max_tokens.value(),
            context_length=max(256, self.context_length.value()) if self.context_length.value() else 0,
            gpu_layers=None if layers == -1 else (-1 if layers == self.gpu_layers.maximum() else layers),
            kv_type=self.kv_type.currentData(),
            threads=self.threads.value(),
            batch_size=max(32, self.batch_size.value()) if self.batch_size.value() else 0,
            flash_attention=self.flash_attention.currentData(),
            thinking=self.thinking.currentData(),
            thinking_budget=self.thinking_budget.value(),
        )
