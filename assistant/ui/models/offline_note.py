"""Offline mode (or the Hub unreachable), said where the user looks: an icon, the words, and the action that moves on from it (open a model
file, import one). The Models pane and the welcome show it while the Hub is not contacted."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from assistant.ui.common import theme
from assistant.ui.common.design_tokens import SPACING
from assistant.ui.common.icons import icon


class OfflineNote(QFrame):
    """``words()`` and ``action()`` give the texts in the current language: the owner calls ``retranslate()``."""

    def __init__(self, words: Callable[[], str], action: Callable[[], str], on_action: Callable[[], object],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("offlineNote")
        # One compact row whatever the room: the list below it takes the height a wide window has to spare.
        self.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Maximum)
        self._words, self._action = words, action
        self.icon = QLabel(self)
        self.icon.setObjectName("offlineIcon")
        self.text = QLabel(self)
        self.text.setObjectName("offlineText")
        self.text.setWordWrap(True)
        self.button = QPushButton(self)
        self.button.setObjectName("offlineAction")
        self.button.clicked.connect(on_action)
        self.more: list[tuple[QPushButton, Callable[[], str]]] = []  # further actions, after the first
        layout = self.row = QHBoxLayout(self)
        layout.setContentsMargins(SPACING["m"], SPACING["s"], SPACING["m"], SPACING["s"])
        layout.setSpacing(SPACING["m"])
        layout.addWidget(self.icon, 0, Qt.AlignTop)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.button, 0, Qt.AlignVCenter)
        theme.notifier().changed.connect(self._draw_icon)  # a method: Qt disconnects it with this widget
        self.retranslate()

    def add_action(self, text: Callable[[], str], on_action: Callable[[], object], name: str) -> QPushButton:
        """Another action beside the first (the Hub unreachable: Retry, then open a model file)."""
        button = QPushButton(text(), self)
        button.setObjectName(name)
        button.clicked.connect(on_action)
        self.row.insertWidget(self.row.count() - 1, button, 0, Qt.AlignVCenter)
        self.more.append((button, text))
        return button

    def set_detail(self, detail: str) -> None:
        """The technical reason, where it is looked for and not in the way: the words' tooltip."""
        self.text.setToolTip(detail)
        self.setAccessibleDescription(detail)

    def retranslate(self) -> None:
        self.text.setText(self._words())
        self.button.setText(self._action())
        for button, text in self.more:
            button.setText(text())
        self.setAccessibleName(self._words())
        self._draw_icon()

    def _draw_icon(self, *_dark) -> None:
        side = self.fontMetrics().height() + SPACING["xs"]  # as tall as a line, so it grows with the text
        self.icon.setPixmap(icon("wifi-off").pixmap(QSize(side, side), self.devicePixelRatioF()))
