"""The list of conversations beside the chat: new, rename, delete, filter by title.

The list starts with a page of the newest conversations and adds the rest as it is scrolled towards its end (or
when one further down is opened from a search): filling thousands of rows at start-up cost a lived-in history a
tenth of a second (docs/performance.md, issue 30)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assistant.core.storage.history import ConversationSummary, History
from assistant.ui.chat.conversation_rows import UPDATED_ROLE, ConversationRows
from assistant.ui.common.design_tokens import SPACING
from assistant.ui.common.icons import icon
from assistant.ui.common.ui_language import Texts, Translatable


PAGE = 100  # rows added at a time: more than a window's height shows, so the list can always scroll on


class ConversationList(Translatable, QWidget):
    conversation_selected = Signal(int)
    new_requested = Signal()
    deleted = Signal(int)
    export_requested = Signal(object)  # a conversation id

    def __init__(self, history: History, parent=None):
        super().__init__(parent)
        self.history = history
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACING["s"], SPACING["s"], SPACING["s"], SPACING["s"])
        layout.setSpacing(SPACING["s"])
        texts = self.texts = Texts(self)
        # A plain button: the pane's one primary action is elsewhere (finding a model first, then Send).
        self.new_button = QPushButton(icon("plus"), "", self)
        self.new_button.setObjectName("newChat")
        texts.bind(self.new_button.setText, lambda: self.tr("New chat"))
        texts.bind(self.new_button.setToolTip, lambda: self.tr("Start a new conversation (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_requested)
        self.filter_box = QLineEdit(self)
        self.filter_box.setObjectName("conversationFilter")
        self.filter_box.addAction(icon("search"), QLineEdit.LeadingPosition)
        texts.bind(self.filter_box.setPlaceholderText, lambda: self.tr("Filter by title"))
        texts.bind(self.filter_box.setAccessibleName, lambda: self.tr("Filter conversations by title"))
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.textChanged.connect(lambda _text: self.reload())
        self.list = QListWidget(self)
        self.list.setObjectName("conversationList")
        self.list.setItemDelegate(ConversationRows(self.list))
        texts.bind(self.list.setAccessibleName, lambda: self.tr("Conversations"))
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.ElideRight)
        self.list.setUniformItemSizes(True)  # the same height each: the view need not measure every row
        self.list.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.list.verticalScrollBar().rangeChanged.connect(lambda _low, _high: self._scrolled())
        self.list.setContextMenuPolicy(Qt.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._menu)
        self.list.currentItemChanged.connect(self._on_current_changed)
        layout.addWidget(self.new_button)
        layout.addWidget(self.filter_box)
        layout.addWidget(self.list, 1)

        rename = QAction(self.list, shortcut=QKeySequence(Qt.Key_F2), triggered=self.rename_current)
        texts.bind(rename.setText, lambda: self.tr("Rename"))
        delete = QAction(self.list, shortcut=QKeySequence.Delete, triggered=self.delete_current)
        texts.bind(delete.setText, lambda: self.tr("Delete"))
        texts.on_change(self.reload)  # "Untitled"
        for action in (rename, delete):
            action.setShortcutContext(Qt.WidgetShortcut)
            self.list.addAction(action)
        self._silent = False
        self._rest: list[ConversationSummary] | None = None  # what the list does not show yet, once read

    def reload(self, select_id: int | None = None) -> None:
        current = select_id if select_id is not None else self.current_id()
        self._silent = True
        try:
            self.list.clear()
            self._rest = None
            self._add(self.history.list_conversations(self.filter_box.text(), limit=PAGE))
            if current is not None:
                self._set_current(current)
        finally:
            self._silent = False

    def current_id(self) -> int | None:
        item = self.list.currentItem()
        return item.data(Qt.UserRole) if item is not None else None

    def select(self, conversation_id: int) -> None:
        """Make the conversation the current row; one not among the rows (a new one) is listed in its place."""
        row = self._row_of(conversation_id)
        if row is None:
            self.reload(select_id=conversation_id)
            return
        self._silent = True
        try:
            self.list.setCurrentRow(row)
        finally:
            self._silent = False

    def mark(self, conversation_id: int) -> None:
        """Highlight the conversation shown (opened at start-up or from a search), without opening it again; none
        when the filter hides it."""
        if self.current_id() == conversation_id:
            return
        self._silent = True
        try:
            if not self._set_current(conversation_id):
                self.list.setCurrentRow(-1)
        finally:
            self._silent = False

    def _set_current(self, conversation_id: int) -> bool:
        """Make the conversation's row current, adding rows down to it if it is further down; False if not listed."""
        row = self._row_of(conversation_id)
        if row is None and self._more():
            rest = self._unlisted()
            position = next((n for n, summary in enumerate(rest) if summary.id == conversation_id), None)
            if position is not None:
                self._add_rest(position + 1)
                row = self.list.count() - 1
        if row is not None:
            self.list.setCurrentRow(row)
        return row is not None

    def _row_of(self, conversation_id: int) -> int | None:
        return next((i for i in range(self.list.count()) if self.list.item(i).data(Qt.UserRole) == conversation_id),
                    None)

    def _more(self) -> bool:
        """Whether there may be conversations the list does not show yet."""
        return self._rest is None and self.list.count() >= PAGE or bool(self._rest)

    def _unlisted(self) -> list[ConversationSummary]:
        """The conversations not shown yet, newest first, read once for this filter when first needed."""
        if self._rest is None:
            shown = {self.list.item(i).data(Qt.UserRole) for i in range(self.list.count())}
            self._rest = [summary for summary in self.history.list_conversations(self.filter_box.text())
                          if summary.id not in shown]
        return self._rest

    def _add_rest(self, count: int) -> None:
        rest = self._unlisted()
        self._add(rest[:count])
        del rest[:count]

    def _add(self, summaries: list[ConversationSummary]) -> None:
        untitled = self.tr("Untitled")
        for summary in summaries:
            item = QListWidgetItem(summary.title or untitled)
            item.setData(Qt.UserRole, summary.id)
            item.setData(UPDATED_ROLE, summary.updated_at)
            item.setToolTip(summary.title)
            self.list.addItem(item)

    def _scrolled(self) -> None:
        """Near the end of what is shown (or all of it fits): the next page."""
        bar = self.list.verticalScrollBar()
        # Not before the list is on screen: until then its scroll range says nothing about what is seen.
        if self.list.isVisible() and bar.value() >= bar.maximum() - bar.pageStep() and self._more():
            self._add_rest(PAGE)

    def _on_current_changed(self, current: QListWidgetItem | None, _previous) -> None:
        if current is not None and not self._silent:
            self.conversation_selected.emit(current.data(Qt.UserRole))

    def _menu(self, position) -> None:
        if self.list.itemAt(position) is None:
            return
        menu = QMenu(self)
        menu.addAction(self.tr("Rename…"), self.rename_current)
        menu.addAction(self.tr("Export…"), lambda: self.export_requested.emit(self.current_id()))
        menu.addAction(self.tr("Delete…"), self.delete_current)
        menu.exec(self.list.viewport().mapToGlobal(position))

    def rename_current(self) -> None:
        conversation_id = self.current_id()
        if conversation_id is None:
            return
        old = self.history.conversation(conversation_id).title
        title, ok = QInputDialog.getText(self, self.tr("Rename conversation"), self.tr("Title:"), QLineEdit.Normal,
                                         old)
        if ok and title.strip():
            self.history.rename(conversation_id, title.strip())
            self.reload()

    def delete_current(self) -> None:
        conversation_id = self.current_id()
        if conversation_id is None:
            return
        title = self.history.conversation(conversation_id).title
        answer = QMessageBox.question(
            self, self.tr("Delete conversation"),
            self.tr("Delete “{title}” and all its messages? This cannot be undone.").format(title=title)
        )
        if answer == QMessageBox.Yes:
            self.history.delete_conversation(conversation_id)
            self.reload()
            self.deleted.emit(conversation_id)
