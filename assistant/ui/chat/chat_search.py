"""Search every conversation's text (View → Search chats, Ctrl+Shift+F): every message in every branch, Chinese and
English (core/storage/history.History.search). Choosing a result opens its conversation on that message's branch,
with the words found highlighted in the message."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout

from assistant.core.storage.history import History
from assistant.core.storage.search_text import snippet
from assistant.ui.common.ui_language import Texts, Translatable

TYPING_PAUSE_MS = 200  # searched when typing pauses, not at every key
HIT_ROLE = Qt.UserRole


class ChatSearchDialog(Translatable, QDialog):
    chosen = Signal(int, int, str)  # conversation id, message id, the query

    def __init__(self, history: History, parent=None):
        super().__init__(parent)
        self.history = history
        texts = self.texts = Texts(self)
        texts.bind(self.setWindowTitle, lambda: self.tr("Search chats"))
        self.resize(640, 480)
        self.query = QLineEdit(self)
        self.query.setObjectName("chatSearchQuery")
        self.query.setClearButtonEnabled(True)
        texts.bind(self.query.setPlaceholderText, lambda: self.tr("Words in any message, in any conversation"))
        texts.bind(self.query.setAccessibleName, lambda: self.tr("Search chats"))
        self.results = QListWidget(self)
        self.results.setObjectName("chatSearchResults")
        self.results.setWordWrap(True)
        self.results.setAlternatingRowColors(True)
        texts.bind(self.results.setAccessibleName, lambda: self.tr("Messages found"))
        self.count = QLabel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.count)
        layout.addWidget(self.results, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_PAUSE_MS)
        self._timer.timeout.connect(self.search)
        self.query.textChanged.connect(lambda _text: self._timer.start())
        self.query.returnPressed.connect(self._open_first)
        self.results.itemActivated.connect(self._open)
        texts.on_change(self.search)
        self.search()

    def bring_back(self) -> None:
        """Shown (again) with its last query selected, and searched afresh: new messages since it was last open."""
        self.show()
        self.raise_()
        self.activateWindow()
        self.search()
        self.query.setFocus(Qt.ShortcutFocusReason)
        self.query.selectAll()

    def search(self) -> None:
        text = self.query.text().strip()
        hits = self.history.search(text) if text else []
        self.results.clear()
        you, assistant = self.tr("You"), self.tr("Assistant")
        for hit in hits:
            title = hit.conversation_title or self.tr("Untitled")
            item = QListWidgetItem(f"{title} · {you if hit.role == 'user' else assistant}\n"
                                   f"{snippet(hit.text, text)}", self.results)
            item.setData(HIT_ROLE, (hit.conversation_id, hit.message_id))
        if not text:
            self.count.setText(self.tr("Finds text in every message and every branch, Chinese and English."))
        elif hits:
            self.count.setText(self.tr("%n message(s) found", "", len(hits)))
        else:
            self.count.setText(self.tr("No message contains all of these words."))

    def _open_first(self) -> None:
        self._timer.stop()
        self.search()
        if self.results.count():
            self._open(self.results.item(0))

    def _open(self, item: QListWidgetItem) -> None:
        conversation_id, message_id = item.data(HIT_ROLE)
        self.chosen.emit(conversation_id, message_id, self.query.text().strip())
