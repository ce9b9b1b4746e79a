"""Keeping the index in step with the sources: files added, edited, deleted or renamed, found by comparing each file's
size and modification time with what the index holds (a renamed file is known by its sha256 and is not read again).
A scan finds the work; files are then read one at a time. A bad file is recorded with its reason and skipped;
nothing else stops. Each file is stored in one transaction, so a restart goes on from the first file not stored.

``Indexer`` runs this on a thread of its own, with pause and resume; ``index_now`` runs it on the caller's thread
(the command line)."""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from assistant.core.documents.embedding_forms import passage_form, query_form
from assistant.core.documents.index import DocumentIndex, IndexedFile
from assistant.core.documents.passages import make_passages
from assistant.core.documents.pdf_pages import UnreadableDocument
from assistant.core.documents.readers import kind_of, read_document

log = logging.getLogger(__name__)


@dataclass
class FileOnDisk:
    path: str
    source: str
    size: int
    mtime_ns: int


@dataclass
class Work:
    """What a scan found: files to read, files whose index entries go, renames."""

    to_read: list[FileOnDisk] = field(default_factory=list)
    to_remove: list[str] = field(default_factory=list)
    missing_sources: list[str] = field(default_factory=list)


HOLD_CHECK_S = 0.2  # how soon held indexing goes on after a reply ends


@dataclass
class Progress:
    done: int
    total: int
    current: str = ""
    failed: int = 0
    paused: bool = False
    finished: bool = False


def files_of(source: str) -> Iterator[FileOnDisk]:
    """The readable files of a source: the file itself, or every file of a known kind under the folder (hidden
    folders and files left out)."""
    root = Path(source)
    if root.is_file():
        stat = root.stat()
        yield FileOnDisk(str(root), source, stat.st_size, stat.st_mtime_ns)
        return
    for folder, folders, names in os.walk(root, onerror=lambda error: log.warning("cannot list %s", error)):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(names):
            if name.startswith(".") or kind_of(Path(name)) is None:
                continue
            path = os.path.join(folder, name)
            try:
                stat = os.stat(path)
            except OSError:
                continue  # gone between the listing and now
            yield FileOnDisk(path, source, stat.st_size, stat.st_mtime_ns)


def scan(index: DocumentIndex, sources: list[str]) -> Work:
    work = Work()
    on_disk: dict[str, FileOnDisk] = {}
    for source in sources:
        if not os.path.exists(source):
            work.missing_sources.append(source)
            continue
        for found in files_of(source):
            on_disk.setdefault(found.path, found)
    known = {record.path: record for record in index.files()}
    missing_sources = set(work.missing_sources)
    for path, found in on_disk.items():
        record = known.get(path)
        if record is None or (record.size, record.mtime_ns) != (found.size, found.mtime_ns) or \
                record.source != found.source:
            work.to_read.append(found)
    for path, record in known.items():
        # A file under a source that is offline for now (an unplugged drive) keeps its passages.
        if path not in on_disk and record.source not in missing_sources:
            work.to_remove.append(path)
    return work


def sha256_of(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def index_file(index: DocumentIndex, found: FileOnDisk, ocr=None, wait: Callable[[], bool] = lambda: True,
               renamed_from: dict[str, str] | None = None) -> IndexedFile:
    """Read ``found`` and store its passages (or its failure). ``renamed_from``: sha256 -> path of files that
    disappeared in this scan, whose passages can move to their new name instead. ``wait`` is called between pages;
    False means stop (the file is then left as it was in the index)."""
    try:
        digest = sha256_of(found.path)
    except OSError as exc:
        record = IndexedFile(found.path, found.source, found.size, found.mtime_ns, "", "failed",
                             str(exc.strerror or exc), 0, 0, 0, 0)
        index.store(record, [])
        return record
    old = (renamed_from or {}).pop(digest, None)
    if old is not None:
        index.moved(old, found.path, found.source, found.size, found.mtime_ns)
        return index.file(found.path)
    sections, pages, ocr_pages, unreadable = [], 0, 0, 0
    try:
        for section in read_document(Path(found.path), ocr):
            if not wait():
                raise InterruptedError
            sections.append(section)
            if section.page is not None:
                pages += 1
            ocr_pages += section.ocr
            unreadable += section.unreadable
        passages = list(make_passages(sections))
        record = IndexedFile(found.path, found.source, found.size, found.mtime_ns, digest, "ready", "", pages,
                             ocr_pages, unreadable, len(passages))
    except UnreadableDocument as exc:
        passages = []
        record = IndexedFile(found.path, found.source, found.size, found.mtime_ns, digest, "failed", str(exc), 0, 0,
                             0, 0)
    index.store(record, passages)
    return record


def index_now(index: DocumentIndex, sources: list[str], ocr=None,
              on_progress: Callable[[Progress], None] = lambda progress: None,
              wait: Callable[[], bool] = lambda: True) -> Progress:
    """Scan and index on this thread. ``wait``: between files and pages; False stops (what is stored stays)."""
    work = scan(index, sources)
    renamed_from = {}
    for path in work.to_remove:
        record = index.file(path)
        if record is not None and record.sha256:
            renamed_from[record.sha256] = path
    progress = Progress(0, len(work.to_read))
    on_progress(progress)
    for found in work.to_read:
        if not wait():
            return progress
        progress.current = found.path
        on_progress(progress)
        try:
            record = index_file(index, found, ocr, wait, renamed_from)
        except InterruptedError:
            return progress
        except Exception as exc:  # noqa: BLE001 - one file's surprise must not stop the others
            log.exception("indexing %s failed", found.path)
            record = IndexedFile(found.path, found.source, found.size, found.mtime_ns, "", "failed",
                                 f"{type(exc).__name__}: {exc}", 0, 0, 0, 0)
            index.store(record, [])
        progress.done += 1
        progress.failed += record is not None and record.status == "failed"
        on_progress(progress)
    for path in work.to_remove:  # gone for good, unless it was found again under another name
        if index.file(path) is not None:
            index.remove(path)
    progress.current, progress.finished = "", True
    on_progress(progress)
    return progress


def scheduled_embedding(scheduler, model: str, priority: int, questions: bool = False) -> Callable[[list[str]], object]:
    """``embed`` for embed_pending (passages) and retrieval (``questions``): vectors from ``model`` through
    ``scheduler`` (core/engines), at ``priority``, each text in the form the model wants (embedding_forms); an
    EngineFailure when the model cannot be used."""
    from assistant.core.engines.errors import EngineFailure
    from assistant.core.engines.scheduler import Failed

    form = query_form if questions else passage_form

    def embed(texts: list[str]):
        final = scheduler.embed(model, [form(model, text) for text in texts], priority=priority).wait()
        if isinstance(final, Failed):
            raise EngineFailure(str(final.error))
        return final.embeddings

    return embed


def embed_pending(index: DocumentIndex, model: str, embed: Callable[[list[str]], object], batch: int = 16,
                  wait: Callable[[], bool] = lambda: True,
                  on_progress: Callable[[int, int], None] = lambda done, total: None) -> int:
    """Vectors for every passage that has none, ``batch`` passages per request (``embed`` returns
    types.Embeddings). A change of model drops the old vectors first. The number of passages embedded."""
    index.set_embedding_model(model)
    done = 0
    while wait():
        rows = index.without_vectors(batch)
        if not rows:
            break
        embeddings = embed([text for _pid, text in rows])
        index.store_vectors([(pid, embeddings.row(i)) for i, (pid, _text) in enumerate(rows)])
        done += len(rows)
        with_vectors, total = index.vector_counts()
        on_progress(with_vectors, total)
    return done


class Indexer:
    """``index_now`` on a thread of its own: ``refresh`` asks for a scan (after sources change, a file changes or a
    timer fires), ``pause`` and ``resume`` hold it between pages, ``close`` ends it."""

    def __init__(self, index: DocumentIndex, sources: Callable[[], list[str]], ocr=None,
                 on_progress: Callable[[Progress], None] = lambda progress: None,
                 after: Callable[[Callable[[], bool]], None] | None = None,
                 hold: Callable[[], bool] = lambda: False):
        """``after``: run after each pass with the same ``wait`` (the embedding pass, core: embed_pending).
        ``hold``: while it is true, the work waits between files and pages (the scheduler serving the user:
        Scheduler.serving_user), as it does when paused but without saying so."""
        self.index, self.sources, self.ocr, self.on_progress = index, sources, ocr, on_progress
        self.after, self.hold = after, hold
        self._wanted = threading.Event()
        self._running = threading.Event()
        self._running.set()
        self._closed = False
        self.paused = False
        self._thread = threading.Thread(target=self._run, name="document-indexer", daemon=True)
        self._thread.start()

    def refresh(self) -> None:
        self._wanted.set()

    def pause(self) -> None:
        self.paused = True
        self._running.clear()

    def resume(self) -> None:
        self.paused = False
        self._running.set()

    def close(self, timeout: float = 30.0) -> None:
        self._closed = True
        self._wanted.set()
        self._running.set()
        self._thread.join(timeout)

    def _wait(self) -> bool:
        if not self._running.is_set():
            self.on_progress(Progress(0, 0, paused=True))
            self._running.wait()
        while not self._closed and self.hold():
            time.sleep(HOLD_CHECK_S)
            if not self._running.is_set():
                return self._wait()
        return not self._closed

    def _run(self) -> None:
        while True:
            self._wanted.wait()
            if self._closed:
                return
            self._wanted.clear()
            try:
                index_now(self.index, self.sources(), self.ocr, self.on_progress, self._wait)
                if self.after is not None and not self._closed:
                    self.after(self._wait)
            except Exception:  # noqa: BLE001 - the thread must live on for the next refresh
                log.exception("document indexing failed")
