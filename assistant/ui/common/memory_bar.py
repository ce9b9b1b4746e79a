"""The memory bar: what a model needs (weights, KV cache, buffers) drawn against the memory free now, with the same
in words beneath it. The numbers come from ``assistant.core.engines.memory_parts``; this only draws them.

The bar is as long as the larger of the need and the free memory. A mark stands where the free memory ends; parts
past it are hatched in the danger colour. The legend names each part with its size beside a swatch of its colour,
so the colours only repeat what the words say; a screen reader hears the same words as the bar's description."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from assistant.core.engines.memory_fit import MemoryNeed
from assistant.core.engines.memory_parts import MemoryBarLayout, bar_layout, legend, legend_parts
from assistant.ui.common import theme
from assistant.ui.common.design_tokens import SPACING, tokens
from assistant.ui.common.ui_language import Texts, Translatable

PART_ROLES = {"weights": "memory_weights", "kv_cache": "memory_kv", "buffers": "memory_buffers"}


def _colours() -> dict[str, str]:
    return tokens(theme.is_dark())


class _Bar(QWidget):
    """The bar itself: a rounded track, the parts side by side, and the free memory's mark."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.layout_: MemoryBarLayout | None = None
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(SPACING["xxl"] * 4, self._thickness() + 2 * SPACING["xs"])

    def minimumSizeHint(self) -> QSize:
        return QSize(SPACING["xxl"], self.sizeHint().height())

    def _thickness(self) -> int:
        return max(SPACING["s"], self.fontMetrics().height() * 2 // 3)  # grows with the text size

    def paintEvent(self, _event) -> None:
        colours = _colours()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        thickness = self._thickness()
        track = QRectF(1, (self.height() - thickness) / 2, self.width() - 2, thickness)
        rounded = QPainterPath()
        rounded.addRoundedRect(track, thickness / 2, thickness / 2)
        painter.fillPath(rounded, QColor(colours["memory_track"]))
        layout = self.layout_
        if layout is None:
            return
        painter.save()
        painter.setClipPath(rounded)
        hatch = QBrush(QColor(colours["danger"]), Qt.BDiagPattern)
        gap = 1.0  # a hairline of the track between parts, so that neighbours never merge into one
        cursor = track.left()
        for part in layout.parts:
            if part.size <= 0:
                continue
            # Two pixels at least, after the part before: a part far smaller than the free memory is still seen.
            left = max(track.left() + part.start * track.width(), cursor)
            right = max(track.left() + part.end * track.width() - gap, left + 2.0)
            painter.fillRect(QRectF(left, track.top(), right - left, track.height()),
                             QColor(colours[PART_ROLES[part.kind]]))
            if part.over:
                split = max(track.left() + part.split * track.width(), left)
                painter.fillRect(QRectF(split, track.top(), right - split, track.height()), hatch)
            cursor = right + gap
        painter.restore()
        # The free memory's mark: a bar a little taller than the track, in the text colour.
        mark = track.left() + layout.free_share * track.width()
        mark = min(max(mark, track.left() + 1), track.right() - 1)
        painter.setPen(QPen(QColor(colours["text"]), 2))
        reach = SPACING["xs"] - 1
        painter.drawLine(QPointF(mark, track.top() - reach), QPointF(mark, track.bottom() + reach))
        painter.end()


class MemoryBar(Translatable, QWidget):
    """``show_need(need, free, where)`` draws a need against ``free`` bytes (on the GPU named ``where``, if one);
    ``clear()`` leaves an empty track and no words."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("memoryBar")
        self.need: MemoryNeed | None = None
        self.free = 0
        self.where: str | None = None
        self.bar = _Bar(self)
        self.legend = QLabel(self)
        self.legend.setObjectName("memoryLegend")
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.RichText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACING["xs"])
        layout.addWidget(self.bar)
        layout.addWidget(self.legend)
        self.texts = Texts(self)
        self.texts.bind(self.setAccessibleName, lambda: self.tr("Memory needed and memory free"))
        self.texts.on_change(self._show)
        theme.notifier().changed.connect(self._theme_changed)  # a method: Qt disconnects it with this widget
        self._show()

    def show_need(self, need: MemoryNeed | None, free: int = 0, where: str | None = None) -> None:
        self.need, self.free, self.where = need, free, where
        self._show()

    def clear(self) -> None:
        self.show_need(None)

    def text(self) -> str:
        """The bar in words, as the legend and a screen reader say it."""
        return self.accessibleDescription()

    def _theme_changed(self, _dark: bool) -> None:
        self._show()

    def _show(self) -> None:
        if self.need is None:
            self.bar.layout_ = None
            self.legend.clear()
            self.setAccessibleDescription("")
            self.bar.update()
            return
        layout = self.bar.layout_ = bar_layout(self.need, self.free)
        words = legend_parts(layout, self.where)
        colours = _colours()
        # A swatch before each part's words; the free amount and what passes it are words alone.
        swatches = [f'<span style="color:{colours[PART_ROLES[part.kind]]}">■</span>&nbsp;{_escape(text)}'
                    for part, text in zip(layout.parts, words)]
        rest = [_escape(text) for text in words[len(layout.parts):]]
        if layout.over:
            rest[-1] = f'<span style="color:{colours["danger"]}">{rest[-1]}</span>'
        self.legend.setText(" &nbsp;·&nbsp; ".join(swatches + rest))
        self.setAccessibleDescription(legend(layout, self.where))
        self.legend.setAccessibleName(legend(layout, self.where))
        self.bar.update()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
