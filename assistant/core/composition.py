"""The core's composition: the settings, the history and the engine stack, made in one place for the window and for
every command line alike, so that a reply written by ``assistant run`` goes through the same engine, router,
remembered safe configurations and scheduler as one written in the Chat pane.

The engine stack: the engine host (``HostedEngine``, with the safe configurations remembered in the settings), a
router that also reaches the servers the user added (``ServerList.connect``: each one's key and CA), and the
scheduler that queues every request to them. The window's composition root (ui/shell/services.py) builds this and
adds only its Qt adapters; it never makes an engine of its own.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from assistant.core.engines.hosted import HostedEngine
from assistant.core.engines.remote import server_list
from assistant.core.engines.remote.server_list import ServerList
from assistant.core.engines.router import EngineRouter
from assistant.core.engines.safe_configs import SafeConfigs
from assistant.core.engines.scheduler import Scheduler
from assistant.core.images.image_store import ImageStore
from assistant.core.storage.database import DatabaseError, connect
from assistant.core.storage.history import History
from assistant.core.storage.paths import data_dir, database_path
from assistant.core.storage.drafts import Drafts
from assistant.core.storage.mistakes import Mistakes
from assistant.core.storage.settings import Settings
from assistant.core.writing.file_translation_store import FileTranslationStore
from assistant.core.writing.translation_store import TranslationStore


@dataclass
class Core:
    conn: sqlite3.Connection | None  # None: no database, as for the self-test or when it cannot be opened
    settings: Settings | None
    history: History | None
    servers: ServerList | None  # the OpenAI-compatible servers the user added
    engine: EngineRouter  # the engine host, or a server's model, whichever was loaded last
    scheduler: Scheduler  # every request to the engine waits its turn here
    drafts: Drafts | None = None  # Drafting's drafts and their versions
    translations: TranslationStore | None = None  # Translation's work in progress and its history
    images: ImageStore | None = None  # the pictures messages were sent with, by content (core/images)
    file_translations: FileTranslationStore | None = None  # whole files in translation, segment by segment
    mistakes: Mistakes | None = None  # the learner's recurring mistakes, when they keep them (Drafting's Feedback)
    owns_conn: bool = False  # opened here (``open``): closed by ``shutdown``

    @classmethod
    def create(cls, conn: sqlite3.Connection | None,
               on_status: Callable[[object], None] | None = None, images: ImageStore | None = None) -> "Core":
        """On the database ``conn`` (None: nothing remembered beyond this run, and no server but by its address).
        ``on_status`` hears the engine's own news (a crash, a recovery); more can listen (``Scheduler.listen``).
        ``images``: where pictures are kept (by default, with a database, the data folder's ``images``)."""
        settings = Settings(conn) if conn is not None else None
        servers = ServerList(settings) if settings is not None else None
        engine = EngineRouter(HostedEngine(SafeConfigs(settings)),
                              servers.connect if servers is not None else server_list.connect)
        stored = conn is not None
        return cls(conn, settings, History(conn) if stored else None, servers, engine, Scheduler(engine, on_status),
                   Drafts(conn) if stored else None, TranslationStore(conn) if stored else None,
                   images or (ImageStore(data_dir() / "images") if stored else None),
                   FileTranslationStore(conn) if stored else None, Mistakes(conn) if stored else None)

    @classmethod
    def open(cls, on_status: Callable[[object], None] | None = None,
             on_unusable: Callable[[DatabaseError], None] = lambda error: None) -> "Core":
        """On the app's database, which the core then owns. One that cannot be used is told to ``on_unusable`` and
        leaves a core without storage: a command line still answers, with the defaults."""
        try:
            conn = connect(database_path())
        except DatabaseError as exc:
            on_unusable(exc)
            conn = None
        core = cls.create(conn, on_status)
        core.owns_conn = conn is not None
        return core

    def shutdown(self) -> None:
        """Stop what runs and drop what waits, end the engine host; close the database if the core opened it."""
        self.scheduler.shutdown()
        if self.owns_conn:
            self.conn.close()
