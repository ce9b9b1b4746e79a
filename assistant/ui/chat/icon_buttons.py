"""The Chat pane's compact buttons: an icon that grows with the text size (Fusion's icons stay at 16 px at 200%
text), and the icon of a button filled with the accent, drawn in the colour of text on the accent."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QIcon, QIconEngine, QPainter, QPixmap
from PySide6.QtWidgets import QToolButton, QWidget

from assistant.ui.common.icons import icon
from assistant.ui.common.style_flag import set_flag


class IconButton(QToolButton):
    """An icon-only button: its words are its accessible name and tooltip, set by whoever makes it."""

    def __init__(self, name: str, parent: QWidget | None = None, object_name: str = "", on_accent: bool = False):
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setIcon(QIcon(OnAccentIcon(icon(name))) if on_accent else icon(name))
        self.setToolButtonStyle(Qt.ToolButtonIconOnly)
        self.setAutoRaise(not on_accent)
        self.setCursor(Qt.PointingHandCursor)
        self._fit_icon()

    def _fit_icon(self) -> None:
        side = max(16, round(self.fontMetrics().height() * 1.1))
        self.setIconSize(QSize(side, side))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.FontChange:
            self._fit_icon()
        super().changeEvent(event)


def disclosure(toggle: QToolButton, object_name: str, on_toggle) -> QToolButton:
    """``toggle`` as what opens a section below it (thinking, a tool call): words after a chevron, checkable."""
    toggle.setObjectName(object_name)
    toggle.setCheckable(True)
    toggle.setAutoRaise(True)
    toggle.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)
    toggle.setIcon(icon("chevron-right"))
    toggle.setIconSize(QSize(14, 14))
    toggle.toggled.connect(on_toggle)
    return toggle


def show_switch(button: QToolButton, text: str, on: bool) -> None:
    """A compact button for something switched on or off in the conversation (tools, documents): its icon alone
    while off; with its words beside it while on, so the state is read, not guessed from a colour."""
    button.setText(text)
    button.setAccessibleName(text)
    button.setToolButtonStyle(Qt.ToolButtonTextBesideIcon if on else Qt.ToolButtonIconOnly)
    set_flag(button, "on", on)


class OnAccentIcon(QIconEngine):
    """``base`` drawn as on a selection (the palette's highlighted text, the tokens' on_accent), for a button
    whose background is the accent; disabled, it is drawn as any disabled icon."""

    def __init__(self, base: QIcon):
        super().__init__()
        self.base = base

    def clone(self) -> QIconEngine:
        return OnAccentIcon(self.base)

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:  # noqa: N802
        return size

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        shown = mode if mode == QIcon.Mode.Disabled else QIcon.Mode.Selected
        self.base.paint(painter, rect, Qt.AlignCenter, shown, state)

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float) -> QPixmap:  # noqa: N802
        shown = mode if mode == QIcon.Mode.Disabled else QIcon.Mode.Selected
        return self.base.pixmap(size, scale, shown, state)
