"""Rows of thumbnails: the pictures waiting in the composer (each with its remove button), and those a question
was sent with (read from the image store as the thread is shown). A click on a thumbnail opens the picture at full
size (ui/common/image_viewer.py)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QScrollArea, QToolButton, QWidget

from assistant.core.images.image_store import StoredImage
from assistant.ui.chat.image_intake import Attached
from assistant.ui.chat.thumbnails import Thumbnails
from assistant.ui.common.image_viewer import PictureViewer
from assistant.ui.common.ui_language import Texts, Translatable

SENT_BOX = QSize(160, 120)


class Thumbnail(QToolButton):
    """A picture's thumbnail; clicked, it opens the picture in a viewer of its own."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("imageThumbnail")
        self.setAutoRaise(True)
        self.setCursor(Qt.PointingHandCursor)
        self.path: Path | None = None
        self.name = ""  # the file's name, where the picture came from one
        self.clicked.connect(self.open_viewer)

    def show_picture(self, pixmap: QPixmap | None, path: Path | None, name: str = "") -> None:
        self.path, self.name = path, name
        if pixmap is not None and not pixmap.isNull():
            self.setIcon(QIcon(pixmap))
            self.setIconSize(pixmap.deviceIndependentSize().toSize())
        self.setEnabled(path is not None)

    def open_viewer(self) -> PictureViewer | None:
        if self.path is None:
            return None
        viewer = PictureViewer(self.path, self.name, self.window())
        viewer.show()
        return viewer


class ImageStrip(Translatable, QScrollArea):
    """The composer's pictures, in the order they were added; hidden while there are none."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("imageStrip")
        self.texts = Texts(self)
        self.setFrameShape(QFrame.NoFrame)
        self.setWidgetResizable(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAsNeeded)
        row = QWidget(self)
        self._row = QHBoxLayout(row)
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.addStretch(1)
        self.setWidget(row)
        self._items: list[tuple[Attached, QWidget]] = []
        self.texts.on_change(self._name_items)
        self.hide()

    def add(self, attached: Attached) -> None:
        """A picture added once: the same one again (by content) is not added twice."""
        if any(item.image.sha256 == attached.image.sha256 for item, _ in self._items):
            return
        item = QWidget(self.widget())
        item.setObjectName("attachedImage")
        thumbnail = Thumbnail(item)
        thumbnail.show_picture(attached.thumbnail, attached.image.path, attached.name)
        remove = QToolButton(item)
        remove.setObjectName("removeImage")
        remove.setText("×")
        remove.setAutoRaise(True)
        remove.clicked.connect(lambda: self.remove(attached.image.sha256))
        layout = QHBoxLayout(item)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(thumbnail)
        layout.addWidget(remove, 0, Qt.AlignTop)
        self._row.insertWidget(self._row.count() - 1, item)
        self._items.append((attached, item))
        self._name_items()
        self.setFixedHeight(item.sizeHint().height() + self.horizontalScrollBar().sizeHint().height())
        self.show()
        self.changed.emit()

    def remove(self, sha256: str) -> None:
        for place, (attached, item) in enumerate(self._items):
            if attached.image.sha256 == sha256:
                del self._items[place]
                self._row.removeWidget(item)
                item.hide()
                item.deleteLater()
                break
        self._name_items()
        self.setVisible(bool(self._items))
        self.changed.emit()

    def clear(self) -> None:
        for attached, _item in list(self._items):
            self.remove(attached.image.sha256)

    def images(self) -> list[StoredImage]:
        return [attached.image for attached, _ in self._items]

    def thumbnails(self) -> list[Thumbnail]:
        return [item.findChild(Thumbnail) for _, item in self._items]

    def _name_items(self) -> None:
        for number, (attached, item) in enumerate(self._items, 1):
            # For a tooltip and a screen reader: "Picture 2: shot.png, 800 × 600".
            described = self.tr("Picture {number}: {name}, {size}").format(
                number=number, name=attached.name, size=size_of(attached.image)) if attached.name else \
                self.tr("Picture {number}, {size}").format(number=number, size=size_of(attached.image))
            thumbnail = item.findChild(Thumbnail)
            thumbnail.setAccessibleName(described)
            thumbnail.setToolTip("\n".join([described, *attached.notes]))
            remove = item.findChild(QToolButton, "removeImage")
            remove.setToolTip(self.tr("Remove this picture"))
            remove.setAccessibleName(self.tr("Remove picture {number}").format(number=number))


def size_of(image: StoredImage) -> str:
    return f"{image.width} × {image.height}"


class SentImages(Translatable, QWidget):
    """The pictures a question was sent with, read from the image store off the GUI thread."""

    def __init__(self, names: list[str], thumbnails: Thumbnails, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("sentImages")
        self.texts = Texts(self)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.buttons: list[Thumbnail] = []
        self._shown: dict[int, tuple[Thumbnail, StoredImage | None, bool]] = {}  # by number: what was read
        self.texts.on_change(lambda: [self._describe(number) for number in self._shown])
        for number, name in enumerate(names, 1):
            button = Thumbnail(self)
            button.setEnabled(False)
            button.setText("…")
            self.buttons.append(button)
            row.addWidget(button)
            thumbnails.request(name, SENT_BOX, button, lambda stored, pixmap, button=button, number=number:
                               self._show(button, number, stored, pixmap))
        row.addStretch(1)

    def _show(self, button: Thumbnail, number: int, stored: StoredImage | None, pixmap: QPixmap | None) -> None:
        button.setText("")
        button.show_picture(pixmap, stored.path if stored is not None and pixmap is not None else None)
        self._shown[number] = button, stored, pixmap is not None
        self._describe(number)

    def _describe(self, number: int) -> None:
        button, stored, readable = self._shown[number]
        if stored is None:
            text = self.tr("Picture {number} is no longer in Hearth's data folder.").format(number=number)
            button.setText(self.tr("(missing picture)"))
        elif not readable:
            text = self.tr("Picture {number} cannot be shown: its file is damaged.").format(number=number)
            button.setText(self.tr("(damaged picture)"))
        else:
            text = self.tr("Picture {number}, {size}").format(number=number, size=size_of(stored))
        button.setToolTip(text)
        button.setAccessibleName(text)
