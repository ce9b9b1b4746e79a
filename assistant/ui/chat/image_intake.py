"""Pictures the user gives the composer (chosen files, a paste, a drop) prepared and kept on a pool thread: the core
refuses the hostile ones (core/images/image_file.py) and keeps the rest in the image store; each comes back as an
``Attached`` with its thumbnail, or as the one line that says why it was refused. Each file dialog's choice, paste
or drop is one attempt, numbered: what is said about refusals is about the latest (core/chat/attach_refusals.py)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QMimeData, QObject, QSize, Signal
from PySide6.QtGui import QImage, QPixmap

from assistant.core.images.image_file import ImageProblem, PreparedImage, prepare_image, prepare_image_file
from assistant.core.images.image_store import ImageStore, StoredImage
from assistant.ui.chat.thumbnails import scaled_image, to_pixmap
from assistant.ui.common.background import Background
from assistant.ui.common.picture_mime import offers_pictures, picture_files, png_bytes

THUMBNAIL = QSize(96, 64)


@dataclass(frozen=True)
class Attached:
    image: StoredImage
    name: str  # the file's name; "" for a pasted picture
    notes: tuple[str, ...] = ()  # what preparing it changed (animated: first frame; made smaller)
    thumbnail: QPixmap = field(default_factory=QPixmap, compare=False)


class ImageIntake(QObject):
    attached = Signal(object)  # Attached, on the GUI thread
    started = Signal(int)  # an attempt's number, as its pictures begin to be prepared
    refused = Signal(int, str)  # the attempt's number, and one line: which picture, and why
    idle = Signal()  # nothing is being prepared any more

    def __init__(self, store: ImageStore | None, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        self.background = Background(self)
        self._numbers = itertools.count(1)
        self._running: set[str] = set()
        self.ratio = 1.0  # the screen's device pixel ratio, for sharp thumbnails

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def take(self, mime: QMimeData) -> bool:
        """The pictures of a paste or a drop prepared; False when it offers none (the caller inserts its text)."""
        if self.store is None or not offers_pictures(mime):
            return False
        files = picture_files(mime)
        if files:
            self.add_files(files)
        else:
            data = mime.imageData()
            self.add_image(data.toImage() if isinstance(data, QPixmap) else QImage(data))
        return True

    def add_files(self, paths: list[str]) -> None:
        self._start([(Path(path).name, lambda path=path: prepare_image_file(path)) for path in paths])

    def add_image(self, image: QImage) -> None:
        """A picture from the clipboard, which Qt gives decoded: encoded as PNG again, then prepared as any file."""
        self._start([("", lambda: prepare_image(png_bytes(image)))])

    def _start(self, steps: list[tuple[str, Callable[[], PreparedImage]]]) -> None:
        """Each step (a name, and what prepares its picture) run in turn on one pool thread."""
        attempt = next(self._numbers)
        topic = f"images-{attempt}"
        self._running.add(topic)
        self.started.emit(attempt)
        store, box = self.store, THUMBNAIL * self.ratio

        def work() -> list:
            results = []
            for name, prepare in steps:
                try:
                    prepared = prepare()
                    stored = store.add(prepared)
                    # The thumbnail is made here, while the file is fresh in the disk cache.
                    results.append((stored, name, tuple(prepared.notes), scaled_image(stored.path, box)))
                except ImageProblem as problem:
                    results.append(("refused", str(problem)))
                except OSError as error:  # the store could not write: a full disk, a read-only folder
                    results.append(("unkept", name, error.strerror or str(error)))
            return results

        self.background.run(topic, work, lambda results: self._done(attempt, topic, results),
                            lambda error: self._done(attempt, topic, [("refused", error)]))

    def _done(self, attempt: int, topic: str, results: list) -> None:
        self._running.discard(topic)
        for result in results:
            if isinstance(result[0], StoredImage):
                stored, name, notes, thumbnail = result
                self.attached.emit(Attached(stored, name, notes, to_pixmap(thumbnail, self.ratio)))
            elif result[0] == "refused":
                self.refused.emit(attempt, result[1])
            else:
                _kind, name, reason = result
                line = self.tr("The picture could not be kept in Hearth's data folder: {reason}").format(reason=reason)
                self.refused.emit(attempt, f"{name}: {line}" if name else line)
        if not self._running:
            self.idle.emit()

    def shutdown(self) -> None:
        self._running.clear()
        self.background.shutdown()

