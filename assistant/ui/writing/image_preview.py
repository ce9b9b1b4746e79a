"""The picture being translated, small, beside the text to translate: a click opens it at full size, × puts it
away (the text read from it stays)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSize, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from assistant.ui.common.image_viewer import PictureViewer
from assistant.ui.common.ui_language import Texts, Translatable

WIDTH = 180  # the panel's width; the picture is at most this wide and twice as tall


class ImagePreview(Translatable, QFrame):
    closed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("imagePreview")
        self.setFrameShape(QFrame.StyledPanel)
        self.setFixedWidth(WIDTH + 16)
        self.texts = Texts(self)
        self.image = QImage()
        self.name = ""
        self.viewer: PictureViewer | None = None
        self.close_button = QToolButton(self)
        self.close_button.setObjectName("closeImage")
        self.close_button.setText("×")
        self.close_button.setAutoRaise(True)
        self.texts.bind(self.close_button.setToolTip, lambda: self.tr("Put the picture away (its text stays)"))
        self.texts.bind(self.close_button.setAccessibleName, lambda: self.tr("Close the picture"))
        self.close_button.clicked.connect(self.close_image)
        self.thumbnail = QToolButton(self)  # a button, so it is reached and opened by keyboard too
        self.thumbnail.setObjectName("imageThumbnail")
        self.thumbnail.setAutoRaise(True)
        self.thumbnail.setCursor(Qt.PointingHandCursor)
        self.texts.bind(self.thumbnail.setToolTip, lambda: self.tr("Open the picture at full size"))
        self.texts.bind(self.thumbnail.setAccessibleName, lambda: self.tr("The picture being translated"))
        self.thumbnail.clicked.connect(self.open_full_size)
        self.caption = QLabel(self)
        self.caption.setObjectName("imageCaption")
        self.caption.setWordWrap(True)
        self.caption.setAlignment(Qt.AlignHCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.close_button, 0, Qt.AlignRight)
        layout.addWidget(self.thumbnail, 0, Qt.AlignHCenter)
        layout.addWidget(self.caption)
        layout.addStretch(1)
        self.texts.on_change(self._retranslate)
        self.hide()  # until there is a picture

    def beside(self, text: QWidget) -> QWidget:
        """``text`` with this panel to its right, in one widget for the pane's splitter."""
        both = QWidget(self.parentWidget())
        layout = QHBoxLayout(both)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(text, 1)
        layout.addWidget(self)
        return both

    def show_image(self, data: bytes, name: str) -> bool:
        """The picture (a prepared PNG or JPEG) shown; False when Qt cannot read it."""
        image = QImage.fromData(QByteArray(data))
        if image.isNull():
            return False
        self.image, self.name = image, name
        ratio = self.devicePixelRatioF()
        small = QPixmap.fromImage(image.scaled(QSize(WIDTH, 2 * WIDTH) * ratio, Qt.KeepAspectRatio,
                                               Qt.SmoothTransformation))
        small.setDevicePixelRatio(ratio)
        self.thumbnail.setIcon(small)
        self.thumbnail.setIconSize(small.deviceIndependentSize().toSize())
        self._retranslate()
        self.show()
        return True

    def _retranslate(self) -> None:
        if self.image.isNull():
            return
        size = self.tr("{width} × {height} pixels").format(width=self.image.width(), height=self.image.height())
        self.caption.setText(f"{self.name}\n{size}" if self.name else size)
        self.thumbnail.setAccessibleDescription(self.caption.text())

    def open_full_size(self) -> None:
        if self.image.isNull():
            return
        self.viewer = PictureViewer(self.image, self.name, self.window())
        self.viewer.show()

    def close_image(self) -> None:
        self.image, self.name = QImage(), ""
        self.thumbnail.setIcon(QPixmap())
        self.hide()
        self.closed.emit()
