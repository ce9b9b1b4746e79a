"""A screenshot of part of the screen: the screen is grabbed once, shown over the whole screen, and the user drags a
rectangle over it (Esc, or a click without a drag, cancels). Some desktops do not let an app grab the screen (most
Wayland sessions give a black or empty picture): that is detected, and the user is told to use the system's own
screenshot tool and paste. Black alone means that only in a Wayland session: on X11, Windows and macOS a black
screen (a black wallpaper and nothing open) is a picture like any other."""

from __future__ import annotations

import os

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QGuiApplication, QImage, QPainter, QPen, QPixmap, QScreen
from PySide6.QtWidgets import QWidget

MIN_SIDE = 4  # a drag smaller than this is a click: nothing chosen
DARK = 8  # on 0-255: a grab with no pixel brighter than this is black, not a screen
SAMPLE = QSize(64, 64)  # a grab is looked at this small: quick, and any window's light pixels survive the scaling
HINT_MARGIN = 24  # the hint's distance from the top of the screen, and its padding / 2


def grab_screen(screen: QScreen | None) -> QPixmap:
    """The whole of ``screen`` as it is now; a null pixmap when the platform gives nothing."""
    if screen is None:
        return QPixmap()
    return screen.grabWindow(0)


def on_wayland() -> bool:
    """Whether the desktop is a Wayland session: Qt on Wayland itself, or an X11 app (XWayland) in one."""
    return (QGuiApplication.platformName().startswith("wayland")
            or os.environ.get("XDG_SESSION_TYPE", "").lower() == "wayland")


def is_blocked(image: QImage, wayland: bool) -> bool:
    """Whether a grab holds nothing of the screen: empty, or, in a ``wayland`` session, black all over (what it gives
    an app it does not let see the screen). Elsewhere black is what the screen shows."""
    if image.isNull() or image.width() == 0 or image.height() == 0:
        return True
    return wayland and is_black(image)


def is_black(image: QImage) -> bool:
    """Whether no pixel of ``image`` is brighter than ``DARK``."""
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
    """The overlay: the grab of the screen, dimmed, a hint at its top, and the rectangle being dragged shown as it
    is."""

    taken = Signal(QImage)  # the part chosen
    cancelled = Signal()

    def __init__(self, grab: QPixmap, screen: QScreen):
        super().__init__(None, Qt.FramelessWindowHint | Qt.WindowStaysOnTopHint | Qt.Tool)
        self.setObjectName("screenSnip")
        self.setAttribute(Qt.WA_DeleteOnClose)
        self.setCursor(Qt.CrossCursor)
        self.grab, self.start, self.end = grab, QPoint(), QPoint()
        self.dragging = False
        self.hint = self.tr("Drag over the part to read; Esc cancels")
        self.setScreen(screen)
        self.setGeometry(screen.geometry())

    def chosen(self) -> QRect:
        return selection(self.start, self.end, self.rect())

    def hint_rect(self) -> QRect:
        """Where the hint is drawn: centred at the top, its text with room around it."""
        size = QFontMetrics(self.font()).size(Qt.TextSingleLine, self.hint) + QSize(HINT_MARGIN, HINT_MARGIN // 2)
        return QRect(QPoint((self.width() - size.width()) // 2, HINT_MARGIN), size)

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.drawPixmap(self.rect(), self.grab)
        painter.fillRect(self.rect(), QColor(0, 0, 0, 110))
        palette = QGuiApplication.palette()
        painter.setPen(Qt.NoPen)
        painter.setBrush(palette.toolTipBase())
        painter.drawRoundedRect(self.hint_rect(), 6, 6)
        painter.setPen(palette.toolTipText().color())
        painter.drawText(self.hint_rect(), Qt.AlignCenter, self.hint)
        chosen = self.chosen()
        if not chosen.isEmpty():
            ratio = self.grab.devicePixelRatio()
            source = QRect(chosen.topLeft() * ratio, chosen.size() * ratio)
            painter.drawPixmap(chosen, self.grab, source)  # the part chosen, undimmed
            painter.setPen(QPen(QColor(QGuiApplication.palette().highlight().color()), 2))
            painter.setBrush(Qt.NoBrush)  # the hint's brush would fill the part chosen and hide it
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
