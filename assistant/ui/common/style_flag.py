"""A dynamic property the style sheets read (``[state="failed"]``, ``[primary="true"]``), set on a widget and the
widget styled again by it: Qt applies a style sheet's property selectors only when the widget is polished."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def set_flag(widget: QWidget, name: str, value) -> None:
    if widget.property(name) != value:
        widget.setProperty(name, value)
        restyle(widget)


def restyle(widget: QWidget) -> None:
    """Polish ``widget`` again: it reads its property selectors, and measures itself anew."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)
