"""Whether a conversation answers from the user's documents, and from which of them: on or off, and the sources
chosen (None: all of them). Kept per conversation, in the history (``History.documents_choice``); a new chat
starts as the one before it, and takes that choice with it when its first message creates it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from assistant.core.storage.history import DocumentsChoice as Stored
from assistant.core.storage.history import History

OFF = {"on": False, "sources": None}


@dataclass
class Passages:
    """The user's documents as Chat uses them: the sources there are, and a question's passages looked up
    (``retrieve(question, sources, on_done(hits), on_error(message))``, answered on the caller's thread)."""

    available: Callable[[], list[str]]
    retrieve: Callable[[str, list[str] | None, Callable, Callable], None]


class DocumentsChoice:
    def __init__(self, history: History):
        self.history = history
        self.new_chat: dict = dict(OFF)  # for a conversation not created yet

    def read(self, conversation_id: int | None, passages: Passages | None) -> dict:
        """With no documents at all it is off, whatever was saved: there is nothing to answer from. The saved choice
        is kept for when documents are added again."""
        if passages is not None and not passages.available():
            return dict(OFF)
        if conversation_id is None:
            return dict(self.new_chat)
        stored = self.history.documents_choice(conversation_id)
        return {"on": stored.on, "sources": stored.sources} if stored is not None else dict(OFF)

    def write(self, conversation_id: int | None, on: bool, sources: list[str] | None) -> None:
        choice = {"on": on, "sources": sources}
        if conversation_id is not None:
            self.history.set_documents_choice(conversation_id, Stored(on, sources))
        else:
            self.new_chat = choice

    def carry_over(self, choice: dict) -> None:
        self.new_chat = dict(choice)

    def keep_for(self, conversation_id: int) -> None:
        """A new chat was created: it keeps the choice it was started with."""
        self.history.set_documents_choice(conversation_id, Stored(bool(self.new_chat.get("on")),
                                                                  self.new_chat.get("sources")))

    @staticmethod
    def toggled(choice: dict, passages: Passages | None, source: str, checked: bool) -> tuple[bool, list | None]:
        """The choice with ``source`` checked or not: all sources again reads as None (all, and any added later);
        none left turns the documents off."""
        available = passages.available() if passages is not None else []
        chosen = choice.get("sources")
        chosen = list(available) if chosen is None else [s for s in chosen if s in available]
        if checked and source not in chosen:
            chosen.append(source)
        elif not checked and source in chosen:
            chosen.remove(source)
        if not chosen:
            return False, None
        return True, None if set(chosen) == set(available) else chosen
