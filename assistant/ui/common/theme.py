"""Light and dark. The choice (Settings › Appearance) is "system", "light" or "dark"; "system" follows the
desktop's colour scheme, also when it changes while the app runs.

The whole app uses Qt's Fusion style with a palette of our own, so both themes look the same on every desktop. The
colours that live in HTML (code blocks, tracked changes, highlights) come from ``colours()``; widgets that draw
them listen to ``notifier().changed`` and draw again.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle

from assistant.ui.common.design_tokens import DARK, LIGHT
from assistant.ui.common.resources import stylesheet

CHOICES = ("system", "light", "dark")

# Colours used inside HTML and text formats, by the names the panes use, from the design tokens (docs/design.md).
_HTML_ROLES = {"deleted": "deleted_bg", "inserted": "inserted_bg", "accepted": "success", "rejected": "rejected",
               "note": "muted", "error": "danger", "highlight": "highlight_bg", "fits": "success",
               "tight": "warning", "too_big": "danger", "summary": "thinking_bg"}
_LIGHT = {name: LIGHT[role] for name, role in _HTML_ROLES.items()}
_DARK = {name: DARK[role] for name, role in _HTML_ROLES.items()}


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


class _Style(QProxyStyle):
    """Fusion, with check boxes and radio buttons edged in the muted text colour: Fusion edges them a shade darker
    than the window, which on a dark window cannot be seen and on a light one is under the 3:1 a control's parts
    need (WCAG 1.4.11)."""

    def __init__(self):
        super().__init__("Fusion")

    def drawPrimitive(self, element, option, painter, widget=None) -> None:  # noqa: N802 (Qt's name)
        super().drawPrimitive(element, option, painter, widget)
        indicator = element in (QStyle.PE_IndicatorCheckBox, QStyle.PE_IndicatorRadioButton)
        if not indicator:
            return
        painter.save()
        painter.setRenderHint(QPainter.Antialiasing)
        painter.setPen(QPen(QColor((DARK if _state["dark"] else LIGHT)["muted"]), 1))
        painter.setBrush(Qt.NoBrush)
        box = option.rect.adjusted(1, 1, -1, -1)
        if element == QStyle.PE_IndicatorCheckBox:
            painter.drawRoundedRect(box, 2, 2)
        else:
            painter.drawEllipse(box)
        painter.restore()


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
    app.setStyle(_Style())
    app.setPalette(_dark_palette() if dark else _light_palette())
    app.setStyleSheet(stylesheet(dark, base_points(app)))
    if changed:
        notifier().changed.emit(dark)
    return dark


# The palette's roles, from the design tokens.
_PALETTE_ROLES = {
    QPalette.Window: "window", QPalette.WindowText: "text", QPalette.Base: "base", QPalette.AlternateBase: "raised",
    QPalette.Text: "text", QPalette.Button: "button", QPalette.ButtonText: "text", QPalette.Highlight: "accent",
    QPalette.HighlightedText: "on_accent", QPalette.ToolTipBase: "tooltip", QPalette.ToolTipText: "text",
    QPalette.Link: "link", QPalette.PlaceholderText: "placeholder", QPalette.BrightText: "danger",
}
_LIGHT_PALETTE = {role: LIGHT[token] for role, token in _PALETTE_ROLES.items()}
_DARK_PALETTE = {role: DARK[token] for role, token in _PALETTE_ROLES.items()}


def _palette(colours: dict, disabled: str) -> QPalette:
    palette = QPalette()
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.Text, QPalette.ButtonText, QPalette.WindowText):
        palette.setColor(QPalette.Disabled, role, QColor(disabled))
    return palette


def _light_palette() -> QPalette:
    return _palette(_LIGHT_PALETTE, LIGHT["disabled"])


def _dark_palette() -> QPalette:
    return _palette(_DARK_PALETTE, DARK["disabled"])
