"""A picture at full size in a window of its own, for any pane (Translation's picture beside its text): fitted to the
window at first (never enlarged beyond its own size), or at its actual size with scroll bars. Esc closes it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QImageReader, QPixmap
from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout

from assistant.ui.common.ui_language import Texts, Translatable


class PictureViewer(Translatable, QDialog):
    def __init__(self, picture: QImage | str | Path, name: str = "", parent=None):
        super().__init__(parent)
        self.setObjectName("pictureViewer")
        self.setAttribute(Qt.WA_DeleteOnClose)
        self.texts = Texts(self)
        image = picture if isinstance(picture, QImage) else QImageReader(str(picture)).read()
        self.original, self.name = QPixmap.fromImage(image), name
        self.picture = QLabel(self)
        self.picture.setObjectName("viewedPicture")
        self.picture.setAlignment(Qt.AlignCenter)
        self.scroll = QScrollArea(self)
        self.scroll.setAlignment(Qt.AlignCenter)
        self.scroll.setWidget(self.picture)
        self.fit = QCheckBox(self)
        self.fit.setChecked(True)
        self.texts.bind(self.fit.setText, lambda: self.tr("Fit to window"))
        self.fit.toggled.connect(self._show)
        buttons = QDialogButtonBox(QDialogButtonBox.Close, self)
        buttons.rejected.connect(self.reject)  # Esc too
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.fit)
        bottom.addWidget(buttons, 1)
        layout.addLayout(bottom)
        self.texts.bind(self.setWindowTitle, self._title)
        self.texts.bind(self.picture.setAccessibleName, self._title)
        available = self.screen().availableGeometry().size() * 0.8 if self.screen() else QSize(1024, 768)
        wanted = self.original.size() + QSize(40, 90)
        self.resize(min(wanted.width(), available.width()), min(wanted.height(), available.height()))

    def _title(self) -> str:
        size = self.tr("{width} × {height} pixels").format(width=self.original.width(), height=self.original.height())
        return f"{self.name} · {size}" if self.name else size

    def shown_size(self) -> QSize:
        pixmap = self.picture.pixmap()
        return pixmap.size() if pixmap is not None and not pixmap.isNull() else QSize()

    def _show(self) -> None:
        fitting = self.fit.isChecked()
        self.scroll.setWidgetResizable(fitting)
        pixmap, room = self.original, self.scroll.viewport().size()
        if fitting and (pixmap.width() > room.width() or pixmap.height() > room.height()):
            pixmap = pixmap.scaled(room, Qt.KeepAspectRatio, Qt.SmoothTransformation)
        self.picture.setPixmap(pixmap)
        if not fitting:
            self.picture.adjustSize()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.fit.isChecked():
            self._show()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._show()  # the viewport has its real size only now
