"""The Chat pane's Documents button, in the composer: its menu turns answering from the documents on or off for the
conversation and chooses the sources; the choice itself is the session's (core/chat/documents_choice.py). Its icon
alone while off; its words beside it while on."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from assistant.core.chat.chat_session import ChatSession
from assistant.core.chat.documents_choice import Passages
from assistant.core.storage.history import Message
from assistant.ui.chat.icon_buttons import IconButton, show_switch
from assistant.ui.common.ui_language import Texts, Translatable


class DocumentsButton(Translatable, IconButton):
    changed = Signal()  # the choice was changed from the menu
    manage_requested = Signal()

    def __init__(self, session: ChatSession, parent: QWidget | None = None):
        super().__init__("file-text", parent, "documentsButton")
        self.session = session
        self.texts = Texts(self)
        self.setPopupMode(QToolButton.InstantPopup)
        self.choices = QMenu(self)
        self.choices.aboutToShow.connect(self.fill)
        self.setMenu(self.choices)

    def show_choice(self, available: list[str]) -> None:
        """The conversation's choice in words: off, all the sources, or how many of ``available``."""
        choice = self.session.documents_choice()
        if not choice.get("on"):
            text = self.tr("Documents: off")
        elif choice.get("sources") is None:
            text = self.tr("Documents: all")
        else:
            text = self.tr("Documents: {chosen} of {all}").format(
                chosen=len([s for s in choice["sources"] if s in available]), all=len(available))
        show_switch(self, text, bool(choice.get("on")))
        self.setToolTip(text + "\n" + self.tr(
            "Answer from your documents, with the passages used as numbered sources"))

    def fill(self) -> None:
        menu, session = self.choices, self.session
        menu.clear()
        choice = session.documents_choice()
        available = session.passages.available() if session.passages is not None else []
        use = menu.addAction(self.tr("Answer from my documents"))
        use.setCheckable(True)
        use.setChecked(bool(choice.get("on")))
        use.setEnabled(bool(available) or bool(choice.get("on")))
        use.toggled.connect(lambda on: self._choose(on, session.documents_choice().get("sources")))
        if available:
            menu.addSeparator()
            chosen = choice.get("sources")
            for source in available:
                action = menu.addAction(source)
                action.setCheckable(True)
                action.setChecked(chosen is None or source in chosen)
                action.toggled.connect(lambda checked, source=source: self.toggle_source(source, checked))
        else:
            empty = menu.addAction(self.tr("No documents yet"))
            empty.setEnabled(False)
        menu.addSeparator()
        manage = menu.addAction(self.tr("Manage documents…"))
        manage.triggered.connect(self.manage_requested)

    def _choose(self, on: bool, sources: list[str] | None) -> None:
        self.session.set_documents_choice(on, sources)
        self.changed.emit()

    def toggle_source(self, source: str, checked: bool) -> None:
        self.session.toggle_source(source, checked)
        self.changed.emit()


def passages_of(documents, receiver: QWidget) -> Passages:
    """The documents service (ui/documents/documents_service.py) as the session uses it; an answer for a widget
    closed meanwhile is dropped."""
    return Passages(documents.sources.all, lambda question, sources, done, failed: documents.retrieve(
        question, sources, done, failed, receiver=receiver))


def open_reply_source(message: Message | None, number: int, parent: QWidget, documents) -> None:
    """Source ``number`` of a reply, in the source view."""
    from assistant.ui.documents.source_view import open_source

    source = next((s for s in (message.sources if message else []) if s.get("number") == number), None)
    if source is not None:
        open_source(source, parent, documents)
