"""A reply's thinking: a collapsed block above the answer that says how long the model thought, and opens on a
click to show what it thought. While the model thinks, the header counts the seconds and the text streams in
(appended at the end, as the answer is: core/ui text_stream)."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QPlainTextEdit, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from assistant.ui.chat.icon_buttons import disclosure
from assistant.ui.common.icons import icon
from assistant.ui.common.ui_language import Texts, Translatable


class _AutoHeightText(QPlainTextEdit):
    """Read-only text as tall as its content (up to a limit): the thread's scroll area does the scrolling."""

    MAX_LINES = 24

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setReadOnly(True)
        self.setFrameShape(QFrame.NoFrame)
        self.setObjectName("thinkingText")
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        self.setLineWrapMode(QPlainTextEdit.WidgetWidth)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)

    def _fit(self, _size=None):
        lines = min(max(1, int(self.document().size().height())), self.MAX_LINES)
        height = lines * self.fontMetrics().lineSpacing() + 12
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAsNeeded if lines >= self.MAX_LINES else Qt.ScrollBarAlwaysOff)
        if height != self.height():
            self.setFixedHeight(height)


class ThinkingBlock(Translatable, QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.texts = Texts(self)
        self._seconds: float | None = None
        self._live_since: float | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._show_header)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(4)
        self.toggle = disclosure(QToolButton(self), "thinkingToggle", self._expand)
        self.texts.bind(self.toggle.setToolTip, lambda: self.tr("Show or hide what the model thought before answering"))
        self.texts.bind(self.toggle.setAccessibleDescription,
                        lambda: self.tr("Show or hide what the model thought before answering"))
        box.addWidget(self.toggle, 0, Qt.AlignLeft)
        self.text = _AutoHeightText(self)
        self.texts.bind(self.text.setAccessibleName, lambda: self.tr("Thinking"))
        self.text.hide()
        box.addWidget(self.text)
        self.texts.on_change(self._show_header)
        self.hide()

    @property
    def live(self) -> bool:
        return self._live_since is not None

    def show_thinking(self, thinking: str, seconds: float | None) -> None:
        """A finished reply's thinking; hidden when it had none."""
        self._stop_live()
        self._seconds = seconds
        self.text.setPlainText(thinking)
        self.setVisible(bool(thinking))
        self._show_header()

    def append(self, text: str) -> None:
        """More thinking, as it streams."""
        if self._live_since is None:
            self._live_since = time.monotonic()
            self._timer.start()
            self.show()
        cursor = self.text.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        cursor.insertText(text)
        if self.text.isVisible():
            self.text.ensureCursorVisible()
        self._show_header()

    def end_live(self) -> None:
        """The answer has begun: the thinking is over."""
        if self._live_since is not None:
            self._seconds = time.monotonic() - self._live_since
            self._stop_live()
            self._show_header()

    def _stop_live(self) -> None:
        self._live_since = None
        self._timer.stop()

    def _expand(self, shown: bool) -> None:
        self.toggle.setIcon(icon("chevron-down" if shown else "chevron-right"))
        self.text.setVisible(shown)

    def _show_header(self) -> None:
        if self._live_since is not None:
            seconds = int(time.monotonic() - self._live_since)
            label = self.tr("Thinking… {seconds} s").format(seconds=seconds)
        elif self._seconds is not None:
            label = self.tr("Thought for {seconds} s").format(seconds=f"{max(self._seconds, 0.1):.1f}"
                                                              if self._seconds < 10 else f"{self._seconds:.0f}")
        else:
            label = self.tr("Thinking")
        self.toggle.setText(label)
        self.toggle.setAccessibleName(label)
