"""A bundled icon drawn as a mark beside words (a call that ran, one that failed, an error), not a button: painted
from the icon at each paint, so it follows the theme as the words beside it do."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from assistant.ui.common.icons import icon


class IconMark(QWidget):
    def __init__(self, name: str, parent: QWidget | None = None, side: int = 16):
        super().__init__(parent)
        self._side = side
        self.name = name
        self.setSizePolicy(QSizePolicy.Fixed, QSizePolicy.Fixed)

    def set_icon(self, name: str) -> None:
        if name != self.name:
            self.name = name
            self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(self._side, self._side)

    def paintEvent(self, _event) -> None:  # noqa: N802
        painter = QPainter(self)
        icon(self.name).paint(painter, self.rect())
