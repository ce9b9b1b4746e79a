"""The memory verdict as a badge: its word (fits, tight, too big) in a rounded outline of the verdict's colour, so
the colour only repeats what the word says. A label for layouts, and the same drawn by the model cards."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QLabel, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from assistant.core.engines.memory_fit import Verdict
from assistant.ui.common import theme
from assistant.ui.common.design_tokens import SPACING, TYPE_SCALE, tokens
from assistant.ui.common.ui_language import Texts, Translatable
from assistant.ui.common.style_flag import set_flag

VERDICT_ROLE = Qt.UserRole + 14  # an item's Verdict, or None
ASIDE_ROLE = Qt.UserRole + 17  # the words a table cell shows after the badge ("about 2.9 GB")

# The colour role of each verdict (docs/design.md: the states success, warning and danger).
ROLES = {Verdict.FITS: "success", Verdict.TIGHT: "warning", Verdict.TOO_BIG: "danger"}


def verdict_key(verdict: Verdict) -> str:
    """The style sheet's name of a verdict: "fits", "tight" or "too_big"."""
    return verdict.name.lower()


class VerdictBadge(Translatable, QLabel):
    """``set_verdict(verdict)`` shows it; None hides the badge."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("verdictBadge")
        self.setAlignment(Qt.AlignCenter)
        self.verdict: Verdict | None = None
        self.texts = Texts(self)
        self.texts.on_change(lambda: self.set_verdict(self.verdict))
        self.set_verdict(None)

    def set_verdict(self, verdict: Verdict | None) -> None:
        self.verdict = verdict
        self.setVisible(verdict is not None)
        if verdict is None:
            self.clear()
            return
        self.setText(verdict.label())
        self.setAccessibleName(self.tr("Memory: {verdict}").format(verdict=verdict.label()))
        set_flag(self, "verdict", verdict_key(verdict))


def badge_font(font: QFont) -> QFont:
    small = QFont(font)
    small.setPointSizeF(font.pointSizeF() * TYPE_SCALE["small"] if font.pointSizeF() > 0 else 9)
    small.setBold(True)
    return small


def badge_size(font: QFont, verdict: Verdict) -> QSize:
    metrics = QFontMetrics(badge_font(font))
    return QSize(metrics.horizontalAdvance(verdict.label()) + 2 * SPACING["s"], metrics.height() + 2 * SPACING["xxs"])


def paint_badge(painter: QPainter, rect: QRectF, verdict: Verdict, font: QFont) -> None:
    """The badge drawn into ``rect`` (of ``badge_size``), as the style sheet draws the label."""
    colours = tokens(theme.is_dark())
    colour = QColor(colours[ROLES[verdict]])
    painter.save()
    painter.setRenderHint(QPainter.Antialiasing)
    painter.setPen(QPen(colour, 1))
    painter.setBrush(QColor(colours["base"]))
    inner = rect.adjusted(0.5, 0.5, -0.5, -0.5)
    painter.drawRoundedRect(inner, inner.height() / 2, inner.height() / 2)
    painter.setFont(badge_font(font))
    painter.drawText(rect, Qt.AlignCenter, verdict.label())
    painter.restore()


class VerdictCellDelegate(QStyledItemDelegate):
    """A table cell with the badge of its VERDICT_ROLE, then its ASIDE_ROLE's words; the cell's text (the verdict
    and the words) stays what a screen reader says."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        verdict = index.data(VERDICT_ROLE)
        if not isinstance(verdict, Verdict):
            super().paint(painter, option, index)
            return
        view = QStyleOptionViewItem(option)
        self.initStyleOption(view, index)
        view.text = ""
        style = view.widget.style() if view.widget else QApplication.style()
        style.drawControl(QStyle.CE_ItemViewItem, view, painter, view.widget)
        size = badge_size(option.font, verdict)
        rect = option.rect.adjusted(SPACING["xs"], 0, -SPACING["xs"], 0)
        top = rect.top() + (rect.height() - size.height()) / 2
        paint_badge(painter, QRectF(rect.left(), top, size.width(), size.height()), verdict, option.font)
        selected = option.state & QStyle.State_Selected
        painter.save()
        painter.setPen(option.palette.color(QPalette.HighlightedText if selected else QPalette.Text))
        aside = rect.adjusted(size.width() + SPACING["s"], 0, 0, 0)
        painter.drawText(aside, Qt.AlignVCenter | Qt.AlignLeft,
                         option.fontMetrics.elidedText(index.data(ASIDE_ROLE) or "", Qt.ElideRight, aside.width()))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        hint = super().sizeHint(option, index)
        verdict = index.data(VERDICT_ROLE)
        if isinstance(verdict, Verdict):
            badge = badge_size(option.font, verdict)
            aside = option.fontMetrics.horizontalAdvance(index.data(ASIDE_ROLE) or "")
            hint = QSize(badge.width() + SPACING["s"] + aside + 2 * SPACING["xs"], max(hint.height(), badge.height()))
        return hint
