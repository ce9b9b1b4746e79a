"""The Chat pane's header: the conversation's title (cut to fit, whole in its tooltip), the model picker, the
context gauge and the system prompt's button."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QWidget

from assistant.ui.chat.context_gauge import ContextGauge
from assistant.ui.chat.icon_buttons import IconButton
from assistant.ui.chat.model_picker import ModelPicker
from assistant.ui.common.design_tokens import SPACING
from assistant.ui.common.elided_label import ElidedLabel
from assistant.ui.common.ui_language import Texts, Translatable


class ChatHeader(Translatable, QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("chatHeader")
        self.texts = Texts(self)
        self.title = ElidedLabel(self)
        self.title.setObjectName("conversationTitle")
        self.picker = ModelPicker(self)
        self.gauge = ContextGauge(self)
        self.system_button = IconButton("scroll-text", self, "systemPromptButton")
        self.texts.bind(self.system_button.setText, lambda: self.tr("System prompt…"))
        self.texts.bind(self.system_button.setAccessibleName, lambda: self.tr("System prompt…"))
        self.texts.bind(self.system_button.setToolTip, lambda: self.tr(
            "System prompt: instructions the model sees before this conversation"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACING["s"])
        layout.addWidget(self.title, 1)
        layout.addWidget(self.picker)
        layout.addWidget(self.gauge)
        layout.addWidget(self.system_button)
