"""Icons and the stylesheet, found through importlib.resources so a checkout and an install behave the same."""

from __future__ import annotations

from importlib.resources import files

from PySide6.QtGui import QIcon


def resource_path(name: str) -> str:
    return str(files("assistant.resources") / name)


def app_icon() -> QIcon:
    return QIcon(resource_path("icons/hearth.svg"))


# Larger text is a share of the system's font size, never a fixed size: it grows with the user's setting.
FONT_SCALES = {"@larger@": 1.1, "@title@": 1.25, "@small@": 0.95}


def stylesheet(dark: bool = False, base_points: float = 10.0) -> str:
    """The theme's style sheet with its font sizes taken from ``base_points``, the system font's size."""
    text = (files("assistant.resources") / ("style-dark.qss" if dark else "style.qss")).read_text(encoding="utf-8")
    for name, scale in FONT_SCALES.items():
        text = text.replace(name, f"{base_points * scale:.1f}")
    return text
