"""A screenshot of part of the screen: the screen is grabbed once, shown over the whole screen, and the user drags a
rectangle over it (Esc, or a click without a drag, cancels). Some desktops do not let an app grab the screen (most
Wayland sessions give a black or empty picture): that is detected, and the user is told to use the system's own
screenshot tool and paste."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPen, QPixmap, QScreen
from PySide6.QtWidgets import QWidget

MIN_SIDE = 4  # a drag smaller than this is a click: nothing chosen
DARK = 8  # on 0-255: a grab with no pixel brighter than this is black, not a screen
SAMPLE = QSize(64, 64)  # a grab is looked at this small: quick, and any window's light pixels survive the scaling


def grab_screen(screen: QScreen | None) -> QPixmap:
    """The whole of ``screen`` as it is now; a null pixmap when the platform gives nothing."""
    if screen is None:
        return QPixmap()
    return screen.grabWindow(0)


def is_blank(image: QImage) -> bool:
    """Whether a grab holds nothing of the screen: empty, or black all over (what Wayland gives an app)."""
    if image.isNull() or image.width() == 0 or image.height() == 0:
        return True
    # The brightest of a pixel's channels, kept by the scaling as well as any: a light window stays light.
    small = image.convertToFormat(QImage.Format_RGB32).scaled(SAMPLE, Qt.IgnoreAspectRatio, Qt.SmoothTransformation)
    grey = small.convertToFormat(QImage.Format_Grayscale8)
    line, pixels = grey.bytesPerLine(), bytes(grey.constBits())
    return max(max(pixels[row * line:row * line + grey.width()]) for row in range(grey.height())) <= DARK


def selection(start: QPoint, end: QPoint, bounds: QRect) -> QRect:
    """The rectangle dragged from ``start`` to ``end`` (either way round), inside ``bounds``; empty for a click."""
    chosen = QRect(min(start.x(), end.x()), min(start.y(), end.y()), abs(end.x() - start.x()),
                   abs(end.y() - start.y())).intersected(bounds)
    if chosen.width() < MIN_SIDE or chosen.height() < MIN_SIDE:
        return QRect()
    return chosen


def crop(grab: QPixmap, chosen: QRect) -> QImage:
    """The part of ``grab`` under ``chosen`` (in the overlay's logical pixels) at the screen's full resolution."""
    ratio = grab.devicePixelRatio()
    pixels = QRect(round(chosen.x() * ratio), round(chosen.y() * ratio), round(chosen.width() * ratio),
                   round(chosen.height() * ratio))
    return grab.copy(pixels.intersected(grab.rect())).toImage()


class ScreenSnip(QWidget):
    """The overlay: the grab of the screen, dimmed, and the rectangle being dragged shown as it is."""

    taken = Signal(QImage)  # the part chosen
    cancelled = Signal()

    def __init__(self, grab: QPixmap, screen: QScreen):
        super().__init__(None, Qt.FramelessWindowHint | Qt.WindowStaysOnTopHint | Qt.Tool)
        self.setObjectName("screenSnip")
        self.setAttribute(Qt.WA_DeleteOnClose)
        self.setCursor(Qt.CrossCursor)
        self.grab, self.start, self.end = grab, QPoint(), QPoint()
        self.dragging = False
        self.setScreen(screen)
        self.setGeometry(screen.geometry())

    def chosen(self) -> QRect:
        return selection(self.start, self.end, self.rect())

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.drawPixmap(self.rect(), self.grab)
        painter.fillRect(self.rect(), QColor(0, 0, 0, 110))
        chosen = self.chosen()
        if not chosen.isEmpty():
            ratio = self.grab.devicePixelRatio()
            source = QRect(chosen.topLeft() * ratio, chosen.size() * ratio)
            painter.drawPixmap(chosen, self.grab, source)  # the part chosen, undimmed
            painter.setPen(QPen(QColor(QGuiApplication.palette().highlight().color()), 2))
            painter.drawRect(chosen.adjusted(0, 0, -1, -1))

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.LeftButton:
            self.start = self.end = event.position().toPoint()
            self.dragging = True
            self.update()

    def mouseMoveEvent(self, event) -> None:
        if self.dragging:
            self.end = event.position().toPoint()
            self.update()

    def mouseReleaseEvent(self, event) -> None:
        if event.button() != Qt.LeftButton or not self.dragging:
            return
        self.dragging = False
        self.end = event.position().toPoint()
        chosen = self.chosen()
        if chosen.isEmpty():
            self.cancel()
            return
        self.close()
        self.taken.emit(crop(self.grab, chosen))

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key_Escape:
            self.cancel()
        else:
            super().keyPressEvent(event)

    def cancel(self) -> None:
        self.close()
        self.cancelled.emit()
