"""What a paste, a drop or a file dialog offers as pictures, for Chat's composer and Translation alike."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeData
from PySide6.QtGui import QImage

from assistant.core.images.image_file import not_a_picture

# What the file dialogs offer, and which dropped or pasted files are taken as pictures rather than as text.
PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp", ".tif", ".tiff")


def dialog_filter_patterns() -> str:
    return " ".join(f"*{suffix}" for suffix in PICTURE_SUFFIXES)


def picture_files(mime: QMimeData | None) -> list[str]:
    """The local picture files among the URLs of a paste or a drop (a file manager's copy, a drag from it)."""
    if mime is None or not mime.hasUrls():
        return []
    paths = [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]
    return [path for path in paths if Path(path).suffix.lower() in PICTURE_SUFFIXES]


def offers_pictures(mime: QMimeData | None) -> bool:
    """A paste or drop to take as pictures: picture files, or a picture without text (a screenshot, a browser's
    Copy image). A spreadsheet's cells come as text with a picture of them: those stay a text paste."""
    return mime is not None and (bool(picture_files(mime)) or (mime.hasImage() and not mime.hasText()))


def png_bytes(image: QImage) -> bytes:
    """``image`` as a PNG file's bytes; ImageProblem for an empty one. QImage may be used on any thread: this runs
    on a worker's."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    if image.isNull() or not image.save(buffer, "PNG"):
        raise not_a_picture()
    buffer.close()
    return bytes(data)
