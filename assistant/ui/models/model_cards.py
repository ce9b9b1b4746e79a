"""Models as cards in a list: a bold title with the memory verdict's badge at its right, a quiet line (size,
downloads, file), a description that wraps, and capability chips. Discover, Installed and the welcome use them.

An item's text (what a screen reader says, and what tests read) is the whole card in one line; the card is drawn
from the roles below. Every line wraps within the list's width, so no card is ever cut or scrolled sideways, in
Chinese and at 200% text alike."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen, QTextLayout, QTextOption
from PySide6.QtWidgets import QAbstractItemView, QListView, QListWidget, QListWidgetItem, QStyle, \
    QStyledItemDelegate, QStyleOptionViewItem

from assistant.core.engines.memory_fit import Verdict
from assistant.ui.common import theme
from assistant.ui.common.design_tokens import SPACING, TYPE_SCALE, tokens
from assistant.ui.models.verdict_badge import VERDICT_ROLE, badge_size, paint_badge

TITLE_ROLE = Qt.UserRole + 10
META_ROLE = Qt.UserRole + 11  # the quiet line
NOTE_ROLE = Qt.UserRole + 12  # a description that wraps
CHIPS_ROLE = Qt.UserRole + 13  # list[str]: what the model can do
HEADER_ROLE = Qt.UserRole + 15  # a section's heading, not a card
PROBLEM_ROLE = Qt.UserRole + 16  # the note says why the model cannot be used: drawn in the danger colour

PAD = SPACING["m"]  # inside a card
INSET = SPACING["l"] // 2  # above and below a card: the gap between two cards is SPACING["l"]
SIDE = SPACING["xs"]  # left and right of a card, room for its focus ring


def card_item(text: str, title: str, meta: str = "", note: str = "", chips: Sequence[str] = (),
              verdict: Verdict | None = None, problem: bool = False) -> QListWidgetItem:
    """A card; ``text`` is what a screen reader says of it (the card in words)."""
    item = QListWidgetItem(text)
    for role, value in ((TITLE_ROLE, title), (META_ROLE, meta), (NOTE_ROLE, note), (CHIPS_ROLE, list(chips)),
                        (VERDICT_ROLE, verdict), (PROBLEM_ROLE, problem)):
        item.setData(role, value)
    return item


def header_item(text: str) -> QListWidgetItem:
    item = QListWidgetItem(text)
    item.setData(HEADER_ROLE, True)
    item.setFlags(Qt.NoItemFlags)
    return item


def card_list(view: QListWidget) -> QListWidget:
    """Make ``view`` a list of cards: drawn by CardDelegate, laid out again when its width changes."""
    view.setItemDelegate(CardDelegate(view))
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
    view.setVerticalScrollMode(QAbstractItemView.ScrollPerPixel)
    view.setResizeMode(QListView.Adjust)
    view.setWordWrap(True)
    view.setMouseTracking(True)
    view.setProperty("cards", True)
    return view


def _scaled(font: QFont, scale: float, bold: bool = False) -> QFont:
    font = QFont(font)
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(bold)
    return font


def _text_layout(text: str, font: QFont, width: float) -> tuple[QTextLayout, float]:
    """``text`` broken into lines of at most ``width``: at word boundaries, or anywhere in a word too long for a line
    (a repository's name, a file name); its height."""
    layout = QTextLayout(text.replace("\n", "\u2028"), font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    height = 0.0
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(max(1.0, width))
        line.setPosition(QPointF(0, height))
        height += line.height()
    layout.endLayout()
    return layout, height


class CardDelegate(QStyledItemDelegate):
    def __init__(self, view: QListWidget):
        super().__init__(view)
        self.view = view

    def _width(self, option: QStyleOptionViewItem) -> int:
        return self.view.viewport().width() if self.view.viewport().width() > 0 else option.rect.width()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        width = self._width(option)
        return QSize(width, int(self._place(option.font, index, width)[1]))

    def _place(self, font: QFont, index: QModelIndex, width: int) -> tuple[list, float]:
        """What is drawn where, relative to the item's top left: [(kind, x, y, thing)], and the item's height."""
        if index.data(HEADER_ROLE):
            layout, height = _text_layout(index.data(Qt.DisplayRole) or "", _scaled(font, 1.0, True),
                                          width - 2 * SIDE)
            return [("header", SIDE, SPACING["m"], layout)], SPACING["m"] + height + SPACING["xs"]
        inner = width - 2 * SIDE - 2 * PAD
        x, y = SIDE + PAD, INSET + PAD
        placed = []
        verdict = index.data(VERDICT_ROLE)
        badge = badge_size(font, verdict) if isinstance(verdict, Verdict) else QSize(0, 0)
        title_width = inner - (badge.width() + SPACING["s"] if badge.width() else 0)
        title, title_height = _text_layout(index.data(TITLE_ROLE) or "", _scaled(font, TYPE_SCALE["larger"], True),
                                           title_width)
        placed.append(("title", x, y, title))
        if badge.width():
            placed.append(("badge", x + inner - badge.width(), y, (verdict, badge)))
        y += max(title_height, badge.height())
        for role, kind, scale in ((META_ROLE, "meta", TYPE_SCALE["small"]), (NOTE_ROLE, "note", 1.0)):
            text = index.data(role)
            if text:
                layout, height = _text_layout(text, _scaled(font, scale), inner)
                y += SPACING["xs"]
                placed.append((kind, x, y, layout))
                y += height
        chips = index.data(CHIPS_ROLE) or []
        if chips:
            chip_font = _scaled(font, TYPE_SCALE["small"])
            metrics = QFontMetrics(chip_font)
            chip_height = metrics.height() + 2 * SPACING["xxs"]
            y += SPACING["s"]
            left = x
            for chip in chips:
                chip_width = min(inner, metrics.horizontalAdvance(chip) + 2 * SPACING["s"])
                if left > x and left + chip_width > x + inner:
                    left, y = x, y + chip_height + SPACING["xs"]
                placed.append(("chip", left, y, (chip, chip_width, chip_height, chip_font)))
                left += chip_width + SPACING["xs"]
            y += chip_height
        return placed, y + PAD + INSET

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        colours = tokens(theme.is_dark())
        placed, height = self._place(option.font, index, option.rect.width())
        painter.save()
        painter.setRenderHint(QPainter.Antialiasing)
        painter.translate(option.rect.topLeft())
        enabled = bool(option.state & QStyle.State_Enabled)
        if not index.data(HEADER_ROLE):
            self._paint_card(painter, option, QRectF(SIDE, INSET, option.rect.width() - 2 * SIDE,
                                                     height - 2 * INSET), colours, enabled)
        quiet = QColor(colours["muted"])
        text = QColor(colours["text"] if enabled else colours["muted"])
        for kind, x, y, thing in placed:
            if kind == "badge":
                verdict, size = thing
                paint_badge(painter, QRectF(x, y, size.width(), size.height()), verdict, option.font)
            elif kind == "chip":
                self._paint_chip(painter, x, y, thing, colours)
            else:
                colour = {"header": quiet, "meta": quiet}.get(kind, text)
                if kind == "note" and index.data(PROBLEM_ROLE):
                    colour = QColor(colours["danger"])
                painter.setPen(colour)
                thing.draw(painter, QPointF(x, y))
        painter.restore()

    def _paint_card(self, painter: QPainter, option: QStyleOptionViewItem, rect: QRectF, colours: dict,
                    enabled: bool) -> None:
        """The card's surface and edge: the accent's tint when chosen, an accent edge twice as wide with the
        keyboard's focus (the focus ring), a plain edge otherwise."""
        selected = bool(option.state & QStyle.State_Selected)
        focused = bool(option.state & QStyle.State_HasFocus) and self.view.hasFocus()
        hovered = bool(option.state & QStyle.State_MouseOver) and enabled
        fill = colours["rail_selected"] if selected else (colours["card"] if enabled else colours["window"])
        edge = colours["accent"] if selected or focused else (colours["muted"] if hovered else colours["card_border"])
        width = 2.0 if focused else 1.0
        painter.setPen(QPen(QColor(edge), width))
        painter.setBrush(QColor(fill))
        inner = rect.adjusted(width / 2, width / 2, -width / 2, -width / 2)
        painter.drawRoundedRect(inner, SPACING["s"], SPACING["s"])

    @staticmethod
    def _paint_chip(painter: QPainter, x: float, y: float, chip: tuple, colours: dict) -> None:
        text, width, height, font = chip
        rect = QRectF(x, y, width, height)
        painter.setPen(QPen(QColor(colours["card_border"]), 1))
        painter.setBrush(QColor(colours["raised"]))
        painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), height / 2, height / 2)
        painter.setPen(QColor(colours["muted"]))
        painter.setFont(font)
        metrics, room = QFontMetrics(font), int(width - 2 * SPACING["s"])
        # elidedText measures the ink, a pixel wider than the advance the chip was sized by: elide only what is cut.
        shown = text if metrics.horizontalAdvance(text) <= room else metrics.elidedText(text, Qt.ElideRight, room)
        painter.drawText(rect, Qt.AlignCenter, shown)
