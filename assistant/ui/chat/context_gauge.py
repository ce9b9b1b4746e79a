"""The context gauge in the Chat pane's header: a short bar that fills as the conversation uses the model's
context, "126 / 8,192" in its tooltip and accessible description, and, near full, a word beside it as well as the
warning colour. What it shows is decided in core/chat/context_gauge.py."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from assistant.core.chat.context_gauge import FULL, NEARLY_FULL, ContextUse, share_percent
from assistant.ui.common.design_tokens import SPACING
from assistant.ui.common.ui_language import Texts, Translatable
from assistant.ui.common.style_flag import set_flag

STEPS = 1000
WIDTH = 80


class ContextGauge(Translatable, QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.texts = Texts(self)
        self.bar = QProgressBar(self)
        self.bar.setObjectName("contextGauge")
        self.bar.setRange(0, STEPS)
        self.bar.setTextVisible(False)
        self.bar.setFixedWidth(WIDTH)
        self.level = QLabel(self)
        self.level.setObjectName("contextLevel")
        self.level.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACING["xs"])
        layout.addWidget(self.level)
        layout.addWidget(self.bar, 0, Qt.AlignVCenter)
        self.use: ContextUse | None = None
        self.texts.bind(self.bar.setAccessibleName, lambda: self.tr("Context used"))
        self.texts.on_change(lambda: self.show_use(self.use))
        self.show_use(None)

    def show_use(self, use: ContextUse | None) -> None:
        """None: no model, nothing to measure against (the gauge is hidden)."""
        self.use = use
        self.setVisible(use is not None)
        if use is None:
            return
        self.bar.setValue(round(use.share * STEPS))
        set_flag(self.bar, "level", use.level)
        words = {NEARLY_FULL: self.tr("Nearly full"), FULL: self.tr("Full")}.get(use.level, "")
        self.level.setText(words)
        self.level.setVisible(bool(words))
        figures = self.tr("{used} / {total}").format(used=f"{use.used:,}", total=f"{use.total:,}")
        tip = self.tr("Context: {figures} tokens used ({share}%)").format(figures=figures,
                                                                         share=share_percent(use.used, use.total))
        if use.level == NEARLY_FULL:
            tip += "\n" + self.tr("Nearly full: soon the oldest messages will be left out of what the model sees.")
        elif use.level == FULL:
            tip += "\n" + self.tr("Full: the oldest messages are left out of what the model sees. Start a new chat "
                                  "to give it room.")
        self.setToolTip(tip)
        self.bar.setToolTip(tip)
        self.bar.setAccessibleDescription(tip)
