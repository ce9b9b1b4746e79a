"""A pane's or dialog's one primary button (words on the accent, resources/style.qss): words alone, since the
bundled icons are drawn in the text colour, which does not read on the accent; and as wide as its words in every
state. The style sheet pads it more while enabled than the palette does while disabled, and QPushButton keeps the
size it measured first: a button made disabled and enabled later was cut ("Use in cha")."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QPushButton

from assistant.ui.common.style_flag import restyle


class _RefitOnEnable(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.EnabledChange and isinstance(watched, QPushButton):
            # Polishing again makes the button measure itself anew; the layout then gives it that room.
            restyle(watched)
            watched.updateGeometry()
        return False


def make_primary(button: QPushButton) -> QPushButton:
    button.setProperty("primary", True)
    button.setIcon(QIcon())
    button.installEventFilter(_RefitOnEnable(button))
    restyle(button)
    return button
