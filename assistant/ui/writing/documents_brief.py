"""Composing from the user's documents: a brief's passages are looked up first (on the documents service's
thread), then the model writes from them and cites them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from assistant.core.writing.drafting import Brief, compose_messages
from assistant.core.writing.profile import Profiles
from assistant.ui.common.generation import GenerationTask


class DocumentsBrief(QObject):
    said = Signal(str)  # for the pane's status line
    searching_changed = Signal(bool)  # the pane is busy from the search on, not only once the model writes

    def __init__(self, task: GenerationTask, profiles: Profiles, parent=None):
        super().__init__(parent)
        self.task, self.profiles = task, profiles
        self.documents = None  # ui/documents_service.DocumentsService, given by the window
        self.searching = False

    def available(self) -> bool:
        """The user has documents to write from (File → Documents…)."""
        return self.documents is not None and bool(self.documents.sources.all())

    def compose(self, brief: Brief, write: Callable[[list[dict], list[dict]], object]) -> None:
        """``write(messages, sources)`` once the passages are found; nothing is written when none match."""
        if self.task.model is None:
            self.said.emit(self.tr("Load a model first."))
            return
        self._searching(True)
        self.said.emit(self.tr("Searching your documents…"))

        def found(hits) -> None:
            self._searching(False)
            if not hits:
                self.said.emit(self.tr("Nothing in your documents matches the brief, so nothing was written. Try "
                                       "other words, or compose without documents."))
                return
            if self.task.model is None:
                self.said.emit(self.tr("Load a model first."))
                return
            from assistant.core.documents.answer import grounded_compose

            context = self.task.model.context_length
            budget = max(512, context // 2) if context else 2048  # as Chat gives a question's passages
            messages, used = grounded_compose(compose_messages(brief, self.profiles.for_task("compose")), hits,
                                             budget)
            write(messages, [source.record() for source in used])

        def failed(message: str) -> None:
            self._searching(False)
            self.said.emit(self.tr("Your documents could not be searched: {error}").format(error=message))

        self.documents.retrieve(brief.brief, None, found, failed, receiver=self)

    def _searching(self, searching: bool) -> None:
        self.searching = searching
        self.searching_changed.emit(searching)
