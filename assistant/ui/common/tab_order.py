"""Where a widget stands in the window's Tab order. Qt puts a widget made later at the end of the window's chain
(after the composer, say); these put it where it is seen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget


def tab_order(*widgets: QWidget) -> None:
    """Tab goes from each of ``widgets`` to the next."""
    for first, second in zip(widgets, widgets[1:]):
        QWidget.setTabOrder(first, second)


def tab_stops(widget: QWidget) -> list[QWidget]:
    """The widgets inside ``widget`` that Tab stops on, in the order they were made (as they are laid out)."""
    return [inside for inside in widget.findChildren(QWidget) if inside.focusPolicy() & Qt.TabFocus]


def place_after(anchor: QWidget, widget: QWidget) -> QWidget:
    """Tab goes from ``anchor`` through the stops in ``widget`` (Qt moves no widget that takes no focus itself);
    the last of them (or ``anchor``) is returned, to go on from."""
    stops = tab_stops(widget)
    tab_order(anchor, *stops)
    return stops[-1] if stops else anchor
