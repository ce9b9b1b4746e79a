"""The composition root: every long-lived service the window uses is made here, once, and handed to the widgets.
The core's own (settings, history, the engine stack) come from core/composition.py, as for the command lines; this
adds the Qt adapters and what only the window has.

No widget makes a service of its own (an engine, a thread pool, the download queue); a test or a benchmark that
builds a window builds its services here too, the same way the app does.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from assistant.core.composition import Core
from assistant.core.engines.remote.server_list import ServerList
from assistant.core.hub.access import HubAccess
from assistant.core.hub.download_queue import DownloadQueue
from assistant.core.hub.downloads import RetryPolicy
from assistant.core.images.image_store import ImageStore
from assistant.core.images.ocr import Ocr
from assistant.core.library.models import ModelLibrary
from assistant.core.engines.model_session import ModelSession
from assistant.core.storage.history import History
from assistant.core.storage.paths import document_index_path
from assistant.core.storage.paths import models_dir as default_models_dir
from assistant.core.storage.drafts import Drafts
from assistant.core.storage.mistakes import Mistakes
from assistant.core.storage.settings import Settings
from assistant.core.writing.file_translation_store import FileTranslationStore
from assistant.core.writing.translation_store import TranslationStore
from assistant.core.tools.mcp_servers import McpServers
from assistant.ui.api.api_service import ApiService
from assistant.core.tools.chat_toolboxes import ChatToolboxes
from assistant.ui.common.background import Background
from assistant.ui.documents.documents_service import DocumentsService
from assistant.ui.models.downloads_view import QueueSignals
from assistant.ui.servers.models_on_servers import ServerModels
from assistant.ui.common.engine_client import EngineClient


@dataclass
class Services:
    history: History
    settings: Settings
    library: ModelLibrary
    access: HubAccess
    session: ModelSession  # what is loaded, for which task: the panes observe it
    servers: ServerList  # OpenAI-compatible servers the user added (Model → Servers…)
    client: EngineClient  # the engine host, behind the core scheduler
    background: Background  # Hub calls and folder scans, answered on the GUI thread
    queue_signals: QueueSignals
    downloads: DownloadQueue
    models_dir: Path
    drafts: Drafts  # Drafting's drafts and their versions
    translations: TranslationStore  # Translation's work in progress and its history
    file_translations: FileTranslationStore = None  # whole files in translation (Translation → Translate a file…)
    images: ImageStore = None  # the pictures messages were sent with (core/images), under the data folder
    mistakes: Mistakes = None  # the learner's recurring mistakes (Drafting's Feedback), when they keep them
    # One OCR for the window (its models load on first use, about 100 MB): scanned pages, and the pictures Chat and
    # Translation read. None where this copy has none.
    ocr: Ocr | None = None
    documents: "DocumentsService" = None  # the document sources, their index and its indexing thread
    api: ApiService = None  # Hearth's API for other programs, serving the window's model
    server_models: ServerModels = None  # the models the user's servers offer, for the menus
    # The tools Chat's replies may use: Hearth's own and the MCP servers the user added (started when first used).
    toolboxes: ChatToolboxes = None

    @classmethod
    def create(cls, conn: sqlite3.Connection, models_dir: Path | None = None, access: HubAccess | None = None,
               policy: RetryPolicy = RetryPolicy()) -> "Services":
        core = Core.create(conn)  # settings, history and the engine stack, as every command line has them
        settings = core.settings
        access = access or HubAccess(settings)
        models_dir = models_dir or default_models_dir()
        queue_signals = QueueSignals()
        return cls(
            history=core.history, settings=settings, servers=core.servers, library=ModelLibrary(conn), access=access,
            session=ModelSession(settings), client=EngineClient(core.scheduler),
            background=Background(), queue_signals=queue_signals,
            # The queue calls back on its own thread; emitting a signal of a GUI-thread object from there queues it.
            downloads=DownloadQueue(models_dir, access.client, queue_signals.changed.emit, policy),
            models_dir=models_dir, drafts=core.drafts, translations=core.translations, images=core.images,
            file_translations=core.file_translations, mistakes=core.mistakes,
        )

    def __post_init__(self) -> None:
        if self.ocr is None and Ocr.available():
            self.ocr = Ocr(threads=1)  # one thread: reading in the background leaves the cores to the model
        if self.documents is None:
            self.documents = DocumentsService(self.history.conn, self.settings, self.client, self.background,
                                              document_index_path(), ocr=self.ocr)
        if self.api is None:
            self.api = ApiService(self.settings, self.client, self.session)
        if self.server_models is None:
            self.server_models = ServerModels(self.servers, self.background)
        if self.toolboxes is None:
            self.toolboxes = ChatToolboxes(McpServers(self.settings), lambda: documents_search(self.documents))

    def shutdown(self) -> None:
        """Stop the indexing, the engine (its host process exits), pause the downloads (they resume next time),
        finish the background calls, end the MCP servers."""
        self.toolboxes.close()
        self.documents.close()
        self.client.shutdown()
        self.downloads.close()
        self.background.shutdown()


def documents_search(documents: DocumentsService):
    """The search-my-documents tool's search (core/tools/documents_tool): the retrieval Chat answers from, over every
    source, with the question embedded as the documents are when an embedding model is chosen. None while there is
    nothing to search. Called on a worker thread, as the documents' own retrieval is."""
    from assistant.core.documents.indexer import scheduled_embedding
    from assistant.core.engines.scheduler import USER
    from assistant.core.tools.documents_tool import searcher

    index = documents.index
    if index is None or not documents.sources.all():
        return None
    embed = (scheduled_embedding(documents.client.scheduler, documents.embedder, USER, questions=True)
             if documents.embedder else None)
    return searcher(index, (lambda text: embed([text]).row(0)) if embed else None)
