"""Small pictures of stored images, read on a pool thread (a 2048-pixel PNG takes tens of milliseconds to decode,
and a conversation may hold many) and kept by file and size, so a thread shown again shows them at once."""

from __future__ import annotations

import itertools
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSize, Qt
from PySide6.QtGui import QImage, QImageReader, QPixmap
from PySide6.QtWidgets import QWidget

from assistant.core.images.image_store import ImageStore, StoredImage
from assistant.ui.common.background import Background

KEPT = 256  # thumbnails kept in memory: about 20 KB each


def scaled_image(path: str | Path, box: QSize) -> QImage:
    """The picture at ``path`` made to fit ``box`` (never enlarged); QImage, unlike QPixmap, may be made on any
    thread. OSError when it cannot be read."""
    reader = QImageReader(str(path))
    size = reader.size()
    if size.isValid() and (size.width() > box.width() or size.height() > box.height()):
        reader.setScaledSize(size.scaled(box, Qt.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        raise OSError(reader.errorString())
    return image


def to_pixmap(image: QImage, ratio: float) -> QPixmap:
    pixmap = QPixmap.fromImage(image)
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


class Thumbnails(QObject):
    def __init__(self, store: ImageStore | None, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        self.background = Background(self)
        self._kept: OrderedDict[tuple, tuple[StoredImage | None, QPixmap | None]] = OrderedDict()
        self._numbers = itertools.count(1)

    def request(self, sha256: str, box: QSize, receiver: QWidget,
                on_ready: Callable[[StoredImage | None, QPixmap | None], None]) -> None:
        """``on_ready(stored, pixmap)`` on the GUI thread, unless ``receiver`` was deleted meanwhile: (None, None)
        when the store has no such picture (removed since), (stored, None) when its file cannot be read."""
        ratio = receiver.devicePixelRatioF()
        key = (sha256, box.width(), box.height(), ratio)
        if key in self._kept:
            self._kept.move_to_end(key)
            on_ready(*self._kept[key])
            return
        store = self.store

        def load() -> tuple[StoredImage | None, QImage | None]:
            stored = store.get(sha256) if store is not None else None
            if stored is None:
                return None, None
            try:
                return stored, scaled_image(stored.path, box * ratio)
            except OSError:
                return stored, None

        def loaded(result: tuple[StoredImage | None, QImage | None]) -> None:
            stored, image = result
            value = stored, to_pixmap(image, ratio) if image is not None else None
            if stored is not None:  # a missing one may come back (an import): asked again next time
                self._kept[key] = value
                while len(self._kept) > KEPT:
                    self._kept.popitem(last=False)
            on_ready(*value)

        self.background.run(f"thumbnail-{next(self._numbers)}", load, loaded, lambda _error: on_ready(None, None),
                            receiver=receiver)

    def shutdown(self) -> None:
        self.background.shutdown()
