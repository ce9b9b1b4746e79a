"""The line at the foot of a reply's card that says what became of it (core/chat/reply_state): being written, by which
model; stopped or interrupted, with Regenerate beside it; failed, why in words, with Retry and, when no model is
loaded, a way to open one."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from assistant.core.chat.reply_state import OPEN_MODEL, REGENERATE, WRITING, ReplyState
from assistant.core.storage.history import FAILED, INTERRUPTED, STOPPED
from assistant.core.engines.types import short_model_name
from assistant.ui.chat.icon_mark import IconMark
from assistant.ui.chat.message_actions import ICON_SIZE
from assistant.ui.common.icons import icon
from assistant.ui.common.ui_language import Texts, Translatable
from assistant.ui.common.style_flag import set_flag


class _Words(QLabel):
    """Words that ask for one line's width and wrap when the row is narrower (a plain wrapping QLabel asks for a
    narrow column whatever the room)."""

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        width = self.fontMetrics().horizontalAdvance(self.text()) + 2
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        width = min(self.sizeHint().width(), self.fontMetrics().horizontalAdvance("M") * 8)
        return QSize(width, self.heightForWidth(width))


class ReplyStateRow(Translatable, QWidget):
    regenerate_requested = Signal()
    open_model_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("replyState")
        self.texts = Texts(self)
        self.state = ReplyState()
        self._model = ""
        self._error = ""
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        self.icon = IconMark("circle-alert", self)
        self.icon.hide()
        row.addWidget(self.icon, 0, Qt.AlignVCenter)
        self.label = _Words(self)
        self.label.setObjectName("messageStatus")
        self.label.setTextFormat(Qt.PlainText)  # an error's words are the engine's or a server's: never markup
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        # Wraps: in a narrow window the buttons beside it stay in view.
        row.addWidget(self.label, 0, Qt.AlignVCenter)
        self.open_model_button = self._button("folder-open", self.open_model_requested)
        self.texts.bind(self.open_model_button.setText, lambda: self.tr("Open a model…"))
        self.texts.bind(self.open_model_button.setToolTip, lambda: self.tr("Load a model to answer with"))
        self.regenerate_button = self._button("refresh-cw", self.regenerate_requested)
        for button in (self.open_model_button, self.regenerate_button):
            row.addWidget(button, 0, Qt.AlignTop)
        row.addStretch(1)
        self.texts.on_change(self._show)
        self.hide()

    def _button(self, name: str, signal) -> QPushButton:
        button = QPushButton(self)
        button.setIcon(icon(name))
        button.setIconSize(ICON_SIZE)
        button.clicked.connect(signal)
        button.hide()
        return button

    def show_state(self, state: ReplyState, model: str | None, error: str | None) -> None:
        """``model``: the name the reply was written by (as stored); ``error``: why it failed, in words."""
        self.state, self._model, self._error = state, short_model_name(model) if model else "", error or ""
        self._show()

    def _show(self) -> None:
        kind = self.state.kind
        words = {
            WRITING: self.tr("{model} is writing…").format(model=self._model) if self._model else
            self.tr("Writing…"),
            STOPPED: self.tr("Stopped"),
            INTERRUPTED: self.tr("Interrupted"),
            FAILED: self._error or self.tr("The reply failed."),
        }
        self.label.setText(words.get(kind, ""))
        self.label.setToolTip(self.tr("The app closed while this reply was being written; what it had written is "
                                      "kept. Regenerate writes a new version.") if kind == INTERRUPTED else "")
        set_flag(self.label, "state", kind)
        self.icon.setVisible(kind == FAILED)  # a sign beside the words: the colour is not the only one
        self.regenerate_button.setText(self.tr("Retry") if kind == FAILED else self.tr("Regenerate"))
        self.regenerate_button.setToolTip(self.tr("Write another version of this reply; this one is kept"))
        self.regenerate_button.setVisible(REGENERATE in self.state.actions)
        self.open_model_button.setVisible(OPEN_MODEL in self.state.actions)
        self.setVisible(bool(kind))

    def set_busy(self, busy: bool) -> None:
        self.regenerate_button.setEnabled(not busy)
