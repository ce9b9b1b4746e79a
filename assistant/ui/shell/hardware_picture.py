"""The hardware report as a picture: the computer's memory and each graphics card's as a bar of what is in use
(filled) and what is free (empty), and the loaded model's layers as a row of segments, on the GPU (filled) or the
CPU (outlined). Each bar has its sentence above it, so neither colour nor shape is the only signal; the numbers
and the words come from core/engines/hardware_picture, and a screen reader hears the same words.

A "Details" toggle beside it opens the text report (``DetailsToggle``)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from assistant.core.engines.hardware import HardwareReport
from assistant.core.engines.hardware_picture import HardwarePicture, hardware_picture, layer_segments
from assistant.core.engines.offload_plan import OffloadPlan
from assistant.ui.common.design_tokens import SPACING, tokens
from assistant.ui.common.icons import icon
from assistant.ui.common.theme import is_dark, notifier
from assistant.ui.common.ui_language import Texts, Translatable

RADIUS = 3


def _colour(role: str) -> QColor:
    return QColor(tokens(is_dark())[role])


class _Bar(QWidget):
    """One bar: ``used`` share filled, or a row of layer segments (filled on the GPU, outlined on the CPU)."""

    def __init__(self, parent: QWidget, used: float | None = None, layers: tuple[bool, ...] = ()):
        super().__init__(parent)
        self.used, self.layers = used, layers
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        # As tall as most of a line of text: it grows with the user's text size.
        return QSize(SPACING["xxl"] * 6, max(SPACING["s"] + SPACING["xxs"], round(self.fontMetrics().height() * 0.7)))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(SPACING["xxl"] * 2, self.sizeHint().height())

    def paintEvent(self, _event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        if self.layers:
            for x, width, on_gpu in layer_segments(self.layers, self.width(), SPACING["xxs"]):
                self._block(painter, QRectF(x + 0.5, 0.5, max(1.0, width - 1.0), area.height()), on_gpu)
        else:
            painter.setPen(QPen(_colour("card_border"), 1))
            painter.setBrush(_colour("base"))
            painter.drawRoundedRect(area, RADIUS, RADIUS)
            if self.used:
                filled = QRectF(area.x(), area.y(), area.width() * self.used, area.height())
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(_colour("accent"))
                painter.drawRoundedRect(filled, RADIUS, RADIUS)
        painter.end()

    @staticmethod
    def _block(painter: QPainter, rect: QRectF, filled: bool) -> None:
        # The other part is a solid grey, not an outline: an empty box reads as a checkbox.
        painter.setPen(QPen(_colour("accent") if filled else _colour("muted"), 1))
        painter.setBrush(_colour("accent") if filled else _colour("rule"))
        painter.drawRoundedRect(rect, RADIUS - 1, RADIUS - 1)


class _Swatch(QWidget):
    """A legend's sample: filled (on the GPU) or outlined (on the CPU), beside its word."""

    def __init__(self, parent: QWidget, filled: bool):
        super().__init__(parent)
        self.filled = filled

    def sizeHint(self) -> QSize:  # noqa: N802
        side = max(SPACING["s"], round(self.fontMetrics().height() * 0.7))
        return QSize(side, side)

    def paintEvent(self, _event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(self.width(), self.height()) - 1
        _Bar._block(painter, QRectF(0.5, (self.height() - side) / 2, side, side), self.filled)
        painter.end()


class HardwarePictureView(Translatable, QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("hardwarePicture")
        self.texts = Texts(self)
        self.report: HardwareReport | None = None
        self.plan: OffloadPlan | None = None
        self.picture: HardwarePicture | None = None
        self.rows = QVBoxLayout(self)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.setSpacing(SPACING["xs"])
        self.texts.bind(self.setAccessibleName, lambda: self.tr("Memory and layers"))
        self.texts.on_change(self._draw)  # the words again, in the new language
        notifier().changed.connect(self._theme_changed)  # a method: Qt lets go of it with the widget

    def show_report(self, report: HardwareReport, plan: OffloadPlan | None = None) -> None:
        """``plan``: the load plan of the model loaded, whose layers are drawn; None when no model is loaded."""
        self.report, self.plan = report, plan
        self._draw()

    def _theme_changed(self, _dark: bool) -> None:
        self.update()

    def words(self) -> list[str]:
        return self.picture.words() if self.picture else []

    def show_note(self, text: str) -> None:
        """Words instead of the picture: while the report is made, or why it could not be."""
        self.report = self.picture = None
        self._clear()
        note = QLabel(text, self)
        note.setObjectName("hardwarePictureNote")
        note.setWordWrap(True)
        self.rows.addWidget(note)
        self.setAccessibleDescription(text)

    def _clear(self) -> None:
        while self.rows.count():
            item = self.rows.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()

    def _draw(self) -> None:
        if self.report is None:
            return
        self._clear()
        self.picture = picture = hardware_picture(self.report, self.plan)
        for number, memory in enumerate(picture.memories):
            self._row(memory.words, _Bar(self, used=memory.used_share), gap_before=number > 0)
        self.rows.addWidget(self._legend(self.tr("in use"), self.tr("free")))
        if picture.layers is not None:
            self._row(picture.layers.words, _Bar(self, layers=picture.layers.on_gpu), gap_before=True)
            if any(picture.layers.on_gpu):  # all on the CPU: the row's words say so, and no GPU is named
                self.rows.addWidget(self._legend(self.tr("on the GPU"), self.tr("on the CPU")))
        self.setAccessibleDescription("\n".join(picture.words()))

    def _row(self, words: str, bar: _Bar, gap_before: bool) -> None:
        if gap_before:
            self.rows.addSpacing(SPACING["s"])
        label = QLabel(words, self)
        label.setObjectName("hardwarePictureWords")
        label.setWordWrap(True)
        bar.setAccessibleName(words)
        self.rows.addWidget(label)
        self.rows.addWidget(bar)

    def _legend(self, filled_word: str, empty_word: str) -> QWidget:
        """What the filled and the empty or outlined parts of the bars above stand for."""
        legend = QWidget(self)
        line = QHBoxLayout(legend)
        line.setContentsMargins(0, 0, 0, 0)
        line.setSpacing(SPACING["xs"])
        for filled, word in ((True, filled_word), (False, empty_word)):
            line.addWidget(_Swatch(legend, filled))
            label = QLabel(word, legend)
            label.setObjectName("hardwarePictureLegend")
            line.addWidget(label)
            line.addSpacing(SPACING["m"])
        line.addStretch(1)
        return legend


class DetailsToggle(Translatable, QToolButton):
    """"Details": shows and hides ``details`` (the text report) below the picture."""

    def __init__(self, details: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("detailsToggle")
        self.texts = Texts(self)
        self.texts.bind(self.setText, lambda: self.tr("Details"))
        self.texts.bind(self.setAccessibleDescription, lambda: self.tr("Shows the report as text"))
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setAutoRaise(True)
        self.setCheckable(True)
        self.details = details
        details.hide()
        self.toggled.connect(self._toggled)
        self._toggled(False)

    def _toggled(self, shown: bool) -> None:
        side = self.fontMetrics().height()  # as large as the text beside it, 200% included
        self.setIconSize(QSize(side, side))
        self.setIcon(icon("chevron-down" if shown else "chevron-right"))
        self.details.setVisible(shown)
