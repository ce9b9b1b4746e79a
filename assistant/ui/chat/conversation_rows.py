"""How the conversation list draws a row: the title on its first line, and under it, quiet, when it was last
written to, as a message card says its time (core/chat/message_time.py). Drawn for the rows on screen only, every row
the same height, so a list of thousands costs what a page costs."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from assistant.core.chat.message_time import short_time
from assistant.ui.common.design_tokens import SPACING, TYPE_SCALE
from assistant.ui.common.theme import colours

UPDATED_ROLE = Qt.UserRole + 1  # the conversation's updated_at, seconds since the epoch


class ConversationRows(QStyledItemDelegate):
    def _small(self, font: QFont) -> QFont:
        small = QFont(font)
        small.setPointSizeF(font.pointSizeF() * TYPE_SCALE["small"])
        return small

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802 (Qt's name)
        lines = option.fontMetrics.height() * (1 + TYPE_SCALE["small"])
        return QSize(0, round(lines + SPACING["xxs"] + 2 * SPACING["s"]))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        shown = QStyleOptionViewItem(option)
        self.initStyleOption(shown, index)
        title, shown.text = shown.text, ""
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, shown, painter, widget)  # the selection and focus
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        area = option.rect.adjusted(SPACING["s"], SPACING["s"], -SPACING["s"], -SPACING["s"])
        painter.save()
        painter.setFont(shown.font)
        painter.setPen(option.palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text))
        metrics = painter.fontMetrics()
        top = QRect(area.left(), area.top(), area.width(), metrics.height())
        painter.drawText(top, Qt.AlignLeft | Qt.AlignVCenter, metrics.elidedText(title, Qt.ElideRight, area.width()))
        updated = index.data(UPDATED_ROLE)
        if updated:
            painter.setFont(self._small(shown.font))
            painter.setPen(option.palette.color(QPalette.ColorRole.HighlightedText) if selected
                           else QColor(colours()["note"]))
            bottom = QRect(area.left(), top.bottom() + SPACING["xxs"], area.width(), painter.fontMetrics().height())
            painter.drawText(bottom, Qt.AlignLeft | Qt.AlignVCenter, short_time(updated))
        painter.restore()
