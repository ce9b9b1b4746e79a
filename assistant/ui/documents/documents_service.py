"""The app's side of the documents (core/documents): the index, the source list and the indexing thread, made once
for the window. Indexing and embedding run on the indexer's thread (embeddings through the panes' scheduler, at
background priority); a question's retrieval runs on the thread pool. Everything they report reaches the window as
queued signals. The index is opened, and the thread started, only once there are sources."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from assistant.core.documents.indexer import Progress
from assistant.core.documents.sources import SourceList
from assistant.core.storage.settings import DocumentChoices, Settings

log = logging.getLogger(__name__)

RESCAN_MS = 60_000  # files edited, added or deleted while the app runs are found within a minute
EMBED_BATCH = 8  # passages per background request: a user's reply waits at most for one batch


class DocumentsService(QObject):
    progress = Signal(object)  # core.documents.indexer.Progress, or a (done, total) tuple for vectors
    changed = Signal()  # sources added or removed, a pass finished

    def __init__(self, conn: sqlite3.Connection, settings: Settings, client, background, index_path: Path,
                 parent: QObject | None = None, ocr=None):
        """``ocr``: the window's one OCR (core/images/ocr.Ocr; None: scanned pages are counted, not read)."""
        super().__init__(parent)
        self.ocr = ocr
        self.sources = SourceList(conn)
        self.settings, self.client, self.background = settings, client, background
        self.index_path = index_path
        self._listed: list[str] = self.sources.all()  # read on the GUI thread, which owns the connection
        self.index = None
        self.indexer = None
        self.note: str | None = None  # the index had to be set aside
        self.last_progress: Progress | None = None
        self._pass_result: Progress | None = None  # the last finished pass, shown again once vectors are done
        self._working = False  # a pass or vectors under way, or paused with some left: what Pause acts on
        self._timer = QTimer(self)
        self._timer.setInterval(RESCAN_MS)
        self._timer.timeout.connect(self.refresh)
        self.progress.connect(self._remember)
        if self._listed:
            self._start()

    def _remember(self, progress) -> None:
        if isinstance(progress, Progress):
            self.last_progress = progress
            # A pass with nothing to read (the rescan each minute) is no work to pause.
            self._working = progress.paused or (not progress.finished and progress.total > 0)
            if progress.finished:
                self._pass_result = progress
                self.changed.emit()
            return
        done, total = progress  # vectors
        self._working = done < total
        if not self._working and self.last_progress is not None and self.last_progress.paused:
            self.last_progress = self._pass_result  # paused and resumed while computing vectors: done now

    def _start(self) -> None:
        if self.indexer is not None:
            return
        from assistant.core.documents.index import DocumentIndex
        from assistant.core.documents.indexer import Indexer
        self.index = DocumentIndex(self.index_path)
        self.note = self.index.note
        self.indexer = Indexer(self.index, lambda: list(self._listed), self.ocr,
                               on_progress=self.progress.emit, after=self._embed_pending,
                               hold=self.client.scheduler.serving_user)
        self.indexer.refresh()
        self._timer.start()

    # Sources ------------------------------------------------------------------------------------------------

    def add(self, paths: list[str]) -> None:
        for path in paths:
            self.sources.add(path)
        self._listed = self.sources.all()
        self._start()
        self._working = True  # new sources are work from now, before the indexer's first word about them
        self.indexer.refresh()
        self.changed.emit()

    def remove(self, path: str) -> None:
        self.sources.remove(path)
        self._listed = self.sources.all()
        if self.indexer is not None:
            self.indexer.refresh()
        self.changed.emit()

    def files(self, source: str):
        return self.index.files(source) if self.index is not None else []

    def refresh(self) -> None:
        if self.indexer is not None:
            self.indexer.refresh()

    @property
    def paused(self) -> bool:
        return self.indexer is not None and self.indexer.paused

    @property
    def has_work(self) -> bool:
        """Files being read or vectors computed, or paused with some left: only then is there something to pause
        or resume."""
        return self.indexer is not None and self._working

    def pause(self) -> None:
        if self.indexer is not None:
            self.indexer.pause()

    def resume(self) -> None:
        if self.indexer is not None:
            self.indexer.resume()

    # Vectors ------------------------------------------------------------------------------------------------

    @property
    def embedder(self) -> str | None:
        path = self.settings.read(DocumentChoices).embedding_model
        return path if path and Path(path).is_file() else None

    def set_embedder(self, path: str | None) -> None:
        self.settings.update(DocumentChoices, embedding_model=path or None)
        if not path:
            if self.index is not None:
                self.index.set_embedding_model(None)
        self.refresh()

    def _embed_pending(self, wait: Callable[[], bool]) -> None:
        """On the indexer's thread, after each pass."""
        from assistant.core.documents.indexer import embed_pending, scheduled_embedding
        from assistant.core.engines.errors import EngineFailure
        from assistant.core.engines.scheduler import BACKGROUND

        model, index = self.embedder, self.index
        if model is None or index is None:
            return
        try:
            embed_pending(index, model, scheduled_embedding(self.client.scheduler, model, BACKGROUND),
                          EMBED_BATCH, wait,
                          on_progress=lambda done, total: self.progress.emit((done, total)))
        except EngineFailure as exc:
            log.warning("embedding the documents failed: %s", exc)
        self.changed.emit()

    # Questions ----------------------------------------------------------------------------------------------

    def retrieve(self, question: str, sources: list[str] | None, on_done: Callable, on_error: Callable,
                 receiver: QObject | None = None) -> None:
        """The passages for ``question`` (core/documents/retrieval), answered on the GUI thread."""
        from assistant.core.documents.indexer import scheduled_embedding
        from assistant.core.documents.retrieval import retrieve
        from assistant.core.engines.scheduler import USER

        index = self.index
        if index is None:
            on_done([])
            return
        embed = (scheduled_embedding(self.client.scheduler, self.embedder, USER, questions=True) if self.embedder
                 else None)
        embed_query = (lambda text: embed([text]).row(0)) if embed else None
        self.background.run("documents-retrieve", lambda: retrieve(index, question, embed_query, 8, sources),
                            on_done, on_error, receiver=receiver)

    def neighbours(self, passage_id: int, path: str) -> tuple[str, str]:
        """The passages before and after one in its document, for showing it in context."""
        if self.index is None:
            return "", ""
        around = {hit.passage_id: hit for hit in self.index.hits([passage_id - 1, passage_id + 1]) if hit.path == path}
        return (around[passage_id - 1].text if passage_id - 1 in around else "",
                around[passage_id + 1].text if passage_id + 1 in around else "")

    def close(self) -> None:
        # Signals the indexer's thread queued before it stopped may still arrive (a dialog refilling its list):
        # with the index gone they find no documents instead of a closed database.
        self._timer.stop()
        indexer, index = self.indexer, self.index
        self.indexer = self.index = None
        if indexer is not None:
            indexer.close()
        if index is not None:
            index.close()
