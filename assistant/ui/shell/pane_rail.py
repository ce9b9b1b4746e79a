"""The pane rail at the window's left: each pane as an icon above its label, as LM Studio and Jan have.

Its width follows its longest label in the language shown and the user's text size (nothing is cut off, in English
or Chinese, at 100% or 200%); the selection is an accent bar on a tinted item, and the keyboard's focus an accent
ring around the current item (resources/styles/shell.qss). Each item says its pane's name to a screen reader and
its key (Ctrl+1...) in its tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QIcon, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QListView, QListWidget, QListWidgetItem, QSizePolicy, \
    QStyledItemDelegate, QStyleOptionViewItem, QWidget

from assistant.ui.common.design_tokens import SPACING


class _IconAboveLabel(QStyledItemDelegate):
    """Draws an item's icon above its label, both centred (the rail's items; the list itself draws the tint)."""

    def initStyleOption(self, option: QStyleOptionViewItem, index) -> None:  # noqa: N802 (Qt's name)
        super().initStyleOption(option, index)
        option.decorationPosition = QStyleOptionViewItem.Position.Top
        option.decorationAlignment = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter
        option.displayAlignment = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter
        option.textElideMode = Qt.TextElideMode.ElideNone


class PaneRail(QListWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("paneList")
        self.setItemDelegate(_IconAboveLabel(self))
        self.setViewMode(QListView.ViewMode.ListMode)
        self.setMovement(QListView.Movement.Static)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setSpacing(SPACING["xxs"])
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        # Tab and Ctrl+1…4 reach it; a click only changes the pane, so the keyboard's ring never shows for the mouse.
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self._fit_icons()

    def add_pane(self, icon: QIcon) -> None:
        # No reference kept to the item: one that outlives the list is released twice (see MainWindow).
        item = QListWidgetItem(icon, "")
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        self.addItem(item)

    def name_item(self, row: int, label: str, key: QKeySequence | None = None) -> None:
        """``label``: the pane's name, shown and said; ``key``: its shortcut, shown in the tooltip."""
        item = self.item(row)
        item.setText(label)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, label)
        shortcut = key.toString(QKeySequence.SequenceFormat.NativeText) if key is not None else ""
        item.setToolTip(f"{label} ({shortcut})" if shortcut else label)
        self.updateGeometry()

    # Its width: the widest item, in the current language and text size ---------------------------------------

    def _fit_icons(self) -> None:
        # Icons grow with the text (200% text, 200% icons), from a line of the rail's own font.
        side = max(20, round(self.fontMetrics().height() * 1.3))
        self.setIconSize(QSize(side, side))

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        self.ensurePolished()
        items = max((self.sizeHintForIndex(self.model().index(row, 0)).width() for row in range(self.count())),
                    default=0)
        margins = self.contentsMargins()
        width = items + margins.left() + margins.right() + 2 * self.spacing()  # the spacing on both sides of an item
        # Chinese labels are two characters: the rail keeps room around its icons all the same.
        width = max(width, 2 * self.iconSize().width() + SPACING["l"])
        return QSize(width, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(self.sizeHint().width(), super().minimumSizeHint().height())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_icons()
            self.updateGeometry()
