"""A one-line label that never pushes its neighbours out of view: text too long for its width ends in "…", and the
whole text is its tooltip. It asks for its text's width and settles for a few characters (the status line; a reply's
author, which a server may name by a long path)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel


class ElidedLabel(QLabel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._full = ""
        self._tooltip = ""

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        self.set_full_text(text)

    def set_full_text(self, text: str, tooltip: str = "") -> None:
        """``tooltip``: shown whether or not the text is cut (a model's full name); else the whole text when cut."""
        self._full, self._tooltip = text, tooltip
        self._elide()
        self.updateGeometry()

    def text(self) -> str:
        """The whole text, as set: what is on screen may end in "…" (``shown_text``)."""
        return self._full

    def shown_text(self) -> str:
        return super().text()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(self.fontMetrics().horizontalAdvance(self._full) + 2, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(min(self.sizeHint().width(), self.fontMetrics().horizontalAdvance("M…") * 3),
                     super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self._full, Qt.ElideRight, max(self.width(), 0))
        super().setText(shown)
        self.setToolTip(self._tooltip or (self._full if shown != self._full else ""))
