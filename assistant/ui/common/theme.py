"""Light and dark. The choice (Settings › Appearance) is "system", "light" or "dark"; "system" follows the
desktop's colour scheme, also when it changes while the app runs.

The whole app uses Qt's Fusion style with a palette of our own, so both themes look the same on every desktop. The
colours that live in HTML (code blocks, tracked changes, highlights) come from ``colours()``; widgets that draw
them listen to ``notifier().changed`` and draw again.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from assistant.ui.common.resources import stylesheet

CHOICES = ("system", "light", "dark")

# Colours used inside HTML and text formats, readable on each theme's background.
_LIGHT = {"deleted": "#fbe3e1", "inserted": "#dff3e3", "accepted": "#1d7a32", "rejected": "#888888",
          "note": "#555555", "error": "#c0392b", "highlight": "#fff1b8",
          "fits": "#1d7a32", "tight": "#a15c00", "too_big": "#b3261e"}
_DARK = {"deleted": "#5c2b29", "inserted": "#1f4a2a", "accepted": "#7bd88f", "rejected": "#9a9a9a",
         "note": "#b8b8b8", "error": "#ff8a80", "highlight": "#5a4a12",
         "fits": "#7bd88f", "tight": "#f0b45a", "too_big": "#ff8a80"}


class _Notifier(QObject):
    changed = Signal(bool)  # dark


_notifier: _Notifier | None = None
_state = {"choice": "system", "dark": False}


def notifier() -> _Notifier:
    global _notifier
    if _notifier is None:
        _notifier = _Notifier()
    return _notifier


def is_dark() -> bool:
    return _state["dark"]


def colours() -> dict[str, str]:
    return _DARK if _state["dark"] else _LIGHT


def system_is_dark() -> bool:
    """The desktop's scheme as Qt's platform theme reports it; Unknown (no desktop theme, as under Xvfb) is light."""
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def _system_changed(scheme: Qt.ColorScheme) -> None:
    _state["system_dark"] = scheme == Qt.ColorScheme.Dark  # what the signal says, as it says it
    apply(_state["choice"])


def base_points(app: QApplication) -> float:
    """The system font's size in points (a pixel-sized font is converted at the screen's resolution)."""
    font = app.font()
    if font.pointSizeF() > 0:
        return font.pointSizeF()
    screen = app.primaryScreen()
    return font.pixelSize() * 72 / (screen.logicalDotsPerInch() if screen else 96)


def _font_changed(_font) -> None:
    app = QApplication.instance()
    app.setStyleSheet(stylesheet(_state["dark"], base_points(app)))


def apply(choice: str, app: QApplication | None = None) -> bool:
    """Apply ``choice`` to the running app now; returns whether it is dark. Nothing is rebuilt: open widgets keep
    their text, selection and scroll position."""
    app = app or QApplication.instance()
    choice = choice if choice in CHOICES else "system"
    first = _state.get("watching") is not app
    if first:  # follow the desktop while the app runs
        app.styleHints().colorSchemeChanged.connect(_system_changed)
        app.fontChanged.connect(_font_changed)  # a larger system font: the larger texts grow with it
        _state["watching"] = app
        _state["system_dark"] = system_is_dark()
    dark = _state["system_dark"] if choice == "system" else choice == "dark"
    changed = dark != _state["dark"] or first
    _state.update(choice=choice, dark=dark)
    app.setStyle("Fusion")
    app.setPalette(_dark_palette() if dark else _light_palette())
    app.setStyleSheet(stylesheet(dark, base_points(app)))
    if changed:
        notifier().changed.emit(dark)
    return dark


_LIGHT_PALETTE = {
    QPalette.Window: "#efefef", QPalette.WindowText: "#1e1e1e", QPalette.Base: "#ffffff",
    QPalette.AlternateBase: "#f5f5f5", QPalette.Text: "#1e1e1e", QPalette.Button: "#f3f3f3",
    QPalette.ButtonText: "#1e1e1e", QPalette.Highlight: "#2f6fd0", QPalette.HighlightedText: "#ffffff",
    QPalette.ToolTipBase: "#ffffe1", QPalette.ToolTipText: "#1e1e1e", QPalette.Link: "#1a5fb4",
    QPalette.PlaceholderText: "#7a7a7a",
}
_DARK_PALETTE = {
    QPalette.Window: "#232427", QPalette.WindowText: "#e6e6e6", QPalette.Base: "#1b1c1f",
    QPalette.AlternateBase: "#26272b", QPalette.Text: "#e6e6e6", QPalette.Button: "#2e3034",
    QPalette.ButtonText: "#e6e6e6", QPalette.Highlight: "#3d7be0", QPalette.HighlightedText: "#ffffff",
    QPalette.ToolTipBase: "#2e3034", QPalette.ToolTipText: "#e6e6e6", QPalette.Link: "#8ab4f8",
    QPalette.PlaceholderText: "#8a8a8a", QPalette.BrightText: "#ff6b6b",
}


def _palette(colours: dict, disabled: str) -> QPalette:
    palette = QPalette()
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.Text, QPalette.ButtonText, QPalette.WindowText):
        palette.setColor(QPalette.Disabled, role, QColor(disabled))
    return palette


def _light_palette() -> QPalette:
    return _palette(_LIGHT_PALETTE, "#9a9a9a")


def _dark_palette() -> QPalette:
    return _palette(_DARK_PALETTE, "#6f6f6f")
