"""Per-model settings: how it writes (temperature, top-p, top-k, min-p, repeat penalty, seed, reply length, thinking)
and how it loads (context, GPU layers, KV cache type; threads, batch size, flash attention), each load setting
"Auto" unless the user picks a value."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QLabel, QSpinBox

from assistant.core.engines.reasoning import AUTO, OFF, ON
from assistant.core.storage.settings import ModelSettings
from assistant.ui.common.design_tokens import SPACING
from assistant.ui.common.dialog_parts import ok_cancel_buttons


class ModelSettingsDialog(QDialog):
    def __init__(self, current: ModelSettings, trained_context: int | None, parent=None, n_layers: int | None = None,
                 plan_lines: list[str] | None = None, thinking: tuple[bool, bool] | None = None,
                 remote: bool = False):
        """``thinking``: whether the loaded model thinks, and whether its template can turn thinking off.
        ``remote``: a server's model, whose loading the server decides: only the reply settings are shown."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Model settings"))
        self._make_reply_settings(current)
        self._make_thinking(current, thinking)
        self._make_load_settings(current, trained_context, n_layers)
        form = QFormLayout(self)
        form.setContentsMargins(SPACING["l"], SPACING["l"], SPACING["l"], SPACING["l"])
        form.setHorizontalSpacing(SPACING["m"])
        form.setVerticalSpacing(SPACING["xs"] + SPACING["xxs"])  # sixteen rows: compact enough for a 600 px screen
        advanced = self._lay_out(form)
        if remote:
            # The thinking budget too: the engine host enforces it, a server does not hear of it.
            for row in (self.thinking_budget, self.context_length, self.gpu_layers, self.kv_type, advanced,
                        self.threads, self.batch_size, self.flash_attention):
                form.setRowVisible(row, False)
            form.addRow("", self._note(self.tr("This model runs on a server, which decides how it is loaded.")))
        elif trained_context:
            form.addRow("", self._note(self.tr("This model was trained on up to {context} tokens. Changing a load "
                                               "setting reloads the model.").format(context=f"{trained_context:,}")))
        if plan_lines:
            form.addRow("", self._note(self.tr("Chosen now: {plan}").format(plan="; ".join(plan_lines[:2]))))
        buttons = ok_cancel_buttons(self)
        ok = buttons.button(QDialogButtonBox.Ok)
        ok.setProperty("primary", True)  # the one primary action
        ok.setDefault(True)
        form.addRow(buttons)
        # Wide enough for the notes to take two lines rather than five, within the screen at any text size.
        screen = self.screen().availableGeometry().width() if self.screen() else 900
        width = max(self.sizeHint().width(), min(36 * self.fontMetrics().height(), screen * 9 // 10))
        self.resize(width, form.heightForWidth(width) if form.hasHeightForWidth() else self.sizeHint().height())

    def _note(self, text: str) -> QLabel:
        note = QLabel(text, self)
        note.setObjectName("settingsNote")
        note.setWordWrap(True)  # within the form's width, in either language
        return note

    def _number(self, kind: type[QSpinBox] | type[QDoubleSpinBox], value: float, *, tip: str = "",
                special: str = "", **limits) -> QSpinBox | QDoubleSpinBox:
        """A number box; ``special``: the word its minimum is shown as ("Auto", "Off", "Random")."""
        box = kind(self, **limits)
        if special:
            box.setSpecialValueText(special)
        if tip:
            box.setToolTip(tip)
        box.setValue(value)
        return box

    def _choice(self, options: tuple[tuple[str, str], ...], current: str) -> QComboBox:
        box = QComboBox(self)
        for label, value in options:
            box.addItem(label, value)
        box.setCurrentIndex(max(0, box.findData(current)))
        return box

    def _make_reply_settings(self, current: ModelSettings) -> None:
        """How it writes: the sampling, the seed and the reply's length."""
        self.temperature = self._number(
            QDoubleSpinBox, current.temperature, minimum=0.0, maximum=2.0, singleStep=0.05, decimals=2,
            tip=self.tr("0 always picks the likeliest word; higher values write more freely"))
        self.top_p = self._number(QDoubleSpinBox, current.top_p, minimum=0.05, maximum=1.0, singleStep=0.05,
                                  decimals=2)
        self.top_k = self._number(QSpinBox, current.top_k, minimum=0, maximum=1000, special=self.tr("Off"))
        self.min_p = self._number(
            QDoubleSpinBox, current.min_p, minimum=0.0, maximum=1.0, singleStep=0.01, decimals=2,
            tip=self.tr("Leaves out words less likely than this share of the likeliest one"))
        self.repeat_penalty = self._number(
            QDoubleSpinBox, current.repeat_penalty, minimum=1.0, maximum=2.0, singleStep=0.05, decimals=2,
            tip=self.tr("Above 1, words used in the last 64 tokens are less likely to come again"))
        self.seed = self._number(
            QSpinBox, current.seed, minimum=-1, maximum=2**31 - 1, special=self.tr("Random"),
            tip=self.tr("A fixed seed gives the same reply to the same prompt and settings"))
        self.max_tokens = self._number(QSpinBox, current.max_tokens, minimum=16, maximum=32768, singleStep=128)

    def _make_thinking(self, current: ModelSettings, thinking: tuple[bool, bool] | None) -> None:
        self.thinking = self._choice(((self.tr("Auto (as the model's template decides)"), AUTO), (self.tr("On"), ON),
                                      (self.tr("Off"), OFF)), current.thinking)
        self.thinking_budget = self._number(
            QSpinBox, current.thinking_budget, minimum=64, maximum=131072, singleStep=512,
            tip=self.tr("The most tokens a reply may spend thinking; then the model is made to answer. The reply's "
                        "own length is counted apart."))
        thinks, switch = thinking if thinking is not None else (True, True)
        if not thinks:
            self.thinking.setEnabled(False)
            self.thinking_budget.setEnabled(False)
            self.thinking.setToolTip(self.tr("This model's chat template has no thinking."))
        elif not switch:
            self.thinking.setToolTip(self.tr("This model always thinks: its template has no switch to turn it off, "
                                             "so Off cannot stop it. Its thinking is kept apart from the answer."))

    def _make_load_settings(self, current: ModelSettings, trained_context: int | None, n_layers: int | None) -> None:
        """How it loads. The minimum of each load setting stands for "Auto", shown as the word."""
        auto = self.tr("Auto")
        longest, layers = trained_context or 131072, n_layers or 200
        self.context_length = self._number(QSpinBox, min(current.context_length, longest), minimum=0, maximum=longest,
                                           singleStep=512, special=auto)
        # -1 is Auto; the highest value stands for every layer, which the settings keep as -1.
        on_gpu = -1 if current.gpu_layers is None else (layers if current.gpu_layers < 0 else current.gpu_layers)
        self.gpu_layers = self._number(
            QSpinBox, on_gpu, minimum=-1, maximum=layers, special=auto,
            tip=self.tr("How many of the model's layers run on the GPU; the highest value puts all of them there, 0 "
                        "runs on the CPU"))
        self.kv_type = self._choice(((auto, "auto"), (self.tr("f16 (most precise)"), "f16"),
                                     (self.tr("q8_0 (half the memory)"), "q8_0"),
                                     (self.tr("q4_0 (a quarter)"), "q4_0")), current.kv_type)
        self.threads = self._number(QSpinBox, current.threads, minimum=0, maximum=256, special=auto,
                                    tip=self.tr("Auto: one thread per physical core"))
        self.batch_size = self._number(
            QSpinBox, current.batch_size, minimum=0, maximum=8192, singleStep=256, special=auto,
            tip=self.tr("Tokens read per step when the model reads a prompt. Auto: 2,048 on a GPU, 512 on the CPU"))
        self.flash_attention = self._choice(((self.tr("Auto (on with a GPU)"), "auto"), (self.tr("On"), "on"),
                                             (self.tr("Off"), "off")), current.flash_attention)

    def _lay_out(self, form: QFormLayout) -> QLabel:
        """The rows, each with its name; returns the Advanced heading."""
        rows = ((self.tr("Temperature:"), self.temperature), (self.tr("Top-p:"), self.top_p),
                (self.tr("Top-k:"), self.top_k), (self.tr("Min-p:"), self.min_p),
                (self.tr("Repeat penalty:"), self.repeat_penalty), (self.tr("Seed:"), self.seed),
                (self.tr("Longest reply (tokens):"), self.max_tokens), (self.tr("Thinking:"), self.thinking),
                (self.tr("Thinking budget (tokens):"), self.thinking_budget),
                (self.tr("Context length (tokens):"), self.context_length),
                (self.tr("Layers on the GPU:"), self.gpu_layers), (self.tr("KV cache type:"), self.kv_type))
        advanced_rows = ((self.tr("Threads:"), self.threads), (self.tr("Batch size (tokens):"), self.batch_size),
                         (self.tr("Flash attention:"), self.flash_attention))
        for name, box in rows:
            form.addRow(name, box)
        advanced = QLabel("<b>" + self.tr("Advanced") + "</b>")
        form.addRow(advanced)
        for name, box in advanced_rows:
            form.addRow(name, box)
        return advanced

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
