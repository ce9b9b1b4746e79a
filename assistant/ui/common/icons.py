"""The bundled line icons (Lucide, resources/icons/lucide/), drawn in the theme's text colour.

Nothing is read at import: an icon's SVG is read the first time it is drawn, so the window's start-up pays only for
the icons it shows. Each icon is drawn from its SVG at the size and device pixel ratio asked for (crisp at 200%),
in the palette's text colour at that moment, so it follows light and dark without being created again.
"""

from __future__ import annotations

import difflib
from importlib.resources import files

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QApplication

_FOLDER = "icons/lucide"
_names: list[str] | None = None
_svg_text: dict[str, str] = {}
_renderers: dict[tuple[str, str], object] = {}  # (name, colour) -> QSvgRenderer, made on first draw
_icons: dict[tuple[str, bool], QIcon] = {}
_state = {"listening": False}


def names() -> list[str]:
    """Every bundled icon's name (the SVG file's name without .svg)."""
    global _names
    if _names is None:
        folder = files("assistant.resources") / _FOLDER
        _names = sorted(entry.name[:-4] for entry in folder.iterdir() if entry.name.endswith(".svg"))
    return _names


def icon(name: str, plain_when_selected: bool = False) -> QIcon:
    """The bundled icon ``name`` (e.g. "settings"); an unknown name is a programming error and raises KeyError.
    ``plain_when_selected``: a selected item keeps the text colour (the pane rail's selection is a light tint,
    where the selected-text colour, white, would vanish)."""
    key = (name, plain_when_selected)
    if key not in _icons:
        if name not in names():
            close = difflib.get_close_matches(name, names(), n=5, cutoff=0.4)
            raise KeyError(f"no bundled icon {name!r}; close names: {', '.join(close) or 'none'} "
                           f"(the icons are in resources/{_FOLDER}/)")
        _listen_to_theme()
        _icons[key] = QIcon(_ThemedSvgEngine(name, plain_when_selected))
    return _icons[key]


def _listen_to_theme() -> None:
    # The colour is read at each draw, so a theme change needs no new QIcon; the renderers of the old colour go.
    if not _state["listening"]:
        from assistant.ui.common.theme import notifier
        notifier().changed.connect(lambda _dark: _renderers.clear())
        _state["listening"] = True


def _colour(mode: QIcon.Mode) -> QColor:
    palette = QApplication.palette()
    if mode == QIcon.Mode.Disabled:
        return palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
    if mode == QIcon.Mode.Selected:
        return palette.color(QPalette.ColorRole.HighlightedText)
    return palette.color(QPalette.ColorRole.WindowText)


def _renderer(name: str, colour: QColor):
    key = (name, colour.name(QColor.NameFormat.HexArgb))
    renderer = _renderers.get(key)
    if renderer is None:
        from PySide6.QtSvg import QSvgRenderer  # only once an icon is drawn

        if name not in _svg_text:
            _svg_text[name] = (files("assistant.resources") / _FOLDER / f"{name}.svg").read_text(encoding="utf-8")
        svg = _svg_text[name].replace("currentColor", colour.name())
        renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
        _renderers[key] = renderer
    return renderer


class _ThemedSvgEngine(QIconEngine):
    def __init__(self, name: str, plain_when_selected: bool = False) -> None:
        super().__init__()
        self._name = name
        self._plain_when_selected = plain_when_selected

    def clone(self) -> QIconEngine:
        return _ThemedSvgEngine(self._name, self._plain_when_selected)

    def key(self) -> str:
        return "hearth-lucide"

    def iconName(self) -> str:
        return self._name

    def isNull(self) -> bool:
        return False

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:
        return size

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        # Drawn as vectors on the painter, which already carries the screen's scale.
        side = min(rect.width(), rect.height())
        square = QRectF(rect.x() + (rect.width() - side) / 2, rect.y() + (rect.height() - side) / 2, side, side)
        if mode == QIcon.Mode.Selected and self._plain_when_selected:
            mode = QIcon.Mode.Normal
        _renderer(self._name, _colour(mode)).render(painter, square)

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float) -> QPixmap:
        # Drawn at the device's pixel size, not drawn at 1x and stretched: sharp edges at 150% and 200%.
        pixmap = QPixmap(max(1, round(size.width() * scale)), max(1, round(size.height() * scale)))
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.paint(painter, QRect(0, 0, pixmap.width(), pixmap.height()), mode, state)
        painter.end()
        pixmap.setDevicePixelRatio(scale)
        return pixmap
