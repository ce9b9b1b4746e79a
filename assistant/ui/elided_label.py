"""A one-line label that never pushes its neighbours off screen: text too long for its width ends in "…", and the
whole text is its tooltip."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy


class ElidedLabel(QLabel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)  # takes the room there is, asks for none
        self.setTextInteractionFlags(Qt.TextSelectableByMouse)

    def text(self) -> str:
        """The whole text, as set: what is on screen may end in "…" (``shown_text``)."""
        return self._full

    def shown_text(self) -> str:
        return super().text()

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        self._full = text
        self._elide()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self._full, Qt.ElideRight, max(self.width(), 0))
        super().setText(shown)
        self.setToolTip(self._full if shown != self._full else "")
