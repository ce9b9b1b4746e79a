"""The list of conversations beside the chat: new, rename, delete, filter by title."""

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

from assistant.core.storage.history import History
from assistant.ui.common.ui_language import Texts, Translatable


class ConversationList(Translatable, QWidget):
    conversation_selected = Signal(int)
    new_requested = Signal()
    deleted = Signal(int)
    export_requested = Signal(object)  # a conversation id

    def __init__(self, history: History, parent=None):
        super().__init__(parent)
        self.history = history
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        texts = self.texts = Texts(self)
        self.new_button = QPushButton(self)
        texts.bind(self.new_button.setText, lambda: self.tr("New chat"))
        texts.bind(self.new_button.setToolTip, lambda: self.tr("Start a new conversation (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_requested)
        self.filter_box = QLineEdit(self)
        texts.bind(self.filter_box.setPlaceholderText, lambda: self.tr("Filter by title"))
        texts.bind(self.filter_box.setAccessibleName, lambda: self.tr("Filter conversations by title"))
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.textChanged.connect(lambda _text: self.reload())
        self.list = QListWidget(self)
        texts.bind(self.list.setAccessibleName, lambda: self.tr("Conversations"))
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.ElideRight)
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

    def reload(self, select_id: int | None = None) -> None:
        current = select_id if select_id is not None else self.current_id()
        self._silent = True
        try:
            self.list.clear()
            for summary in self.history.list_conversations(self.filter_box.text()):
                item = QListWidgetItem(summary.title or self.tr("Untitled"))
                item.setData(Qt.UserRole, summary.id)
                item.setToolTip(summary.title)
                self.list.addItem(item)
                if summary.id == current:
                    self.list.setCurrentItem(item)
        finally:
            self._silent = False

    def current_id(self) -> int | None:
        item = self.list.currentItem()
        return item.data(Qt.UserRole) if item is not None else None

    def select(self, conversation_id: int) -> None:
        self.reload(select_id=conversation_id)

    def mark(self, conversation_id: int) -> None:
        """Highlight the conversation shown (opened at start-up or from a search), without opening it again; none
        when the filter hides it."""
        if self.current_id() == conversation_id:
            return
        rows = [i for i in range(self.list.count()) if self.list.item(i).data(Qt.UserRole) == conversation_id]
        self._silent = True
        try:
            self.list.setCurrentRow(rows[0] if rows else -1)
        finally:
            self._silent = False

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
