"""Icons and the stylesheet, found through importlib.resources so a checkout and an install behave the same."""

from __future__ import annotations

from importlib.resources import files

from PySide6.QtGui import QIcon

from assistant.ui.common.design_tokens import TYPE_SCALE, tokens


def resource_path(name: str) -> str:
    return str(files("assistant.resources") / name)


def app_icon() -> QIcon:
    return QIcon(resource_path("icons/hearth.svg"))


# Larger text is a share of the system's font size, never a fixed size: it grows with the user's setting.
FONT_SCALES = {f"@{name}@": scale for name, scale in TYPE_SCALE.items() if name != "body"}


def style_sources() -> list:
    """The style sheet's sources: style.qss (what every pane shares) first, then each area's own (styles/*.qss,
    one per feature package), so two areas never edit one file."""
    root = files("assistant.resources")
    areas = sorted((entry for entry in (root / "styles").iterdir() if entry.name.endswith(".qss")),
                   key=lambda entry: entry.name)
    return [root / "style.qss", *areas]


def stylesheet(dark: bool = False, base_points: float = 10.0) -> str:
    """The style sheet for the theme (``dark`` or not): its colours from the design tokens, its font sizes from
    ``base_points``, the system font's size."""
    text = "\n".join(source.read_text(encoding="utf-8") for source in style_sources())
    for name, scale in FONT_SCALES.items():
        text = text.replace(name, f"{base_points * scale:.1f}")
    for name, colour in tokens(dark).items():
        text = text.replace(f"@{name}@", colour)
    return text
