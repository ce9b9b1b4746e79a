"""The Chat pane's layout, and its bottom row: the pictures to send with the message (image_strip.py), the message
box, under it its token count (counted off the GUI thread as the text and the pictures change) and what went wrong
(with saving, or with a picture), and the buttons beside it. The pane makes and names the buttons and words the
count."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QSizePolicy, QSplitter, QVBoxLayout, QWidget

from assistant.core.images.image_store import StoredImage
from assistant.ui.common.picture_mime import offers_pictures
from assistant.ui.chat.image_strip import ImageStrip
from assistant.ui.chat.token_counter import TokenCounter
from assistant.ui.common.theme import colours


class MessageInput(QPlainTextEdit):
    """Enter sends; Shift+Enter adds a line. A paste or a drop of pictures goes to ``take_images`` (which returns
    whether it took them) instead of into the text."""

    send_requested = Signal()
    take_images: Callable[[QMimeData], bool] | None = None

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return (self.take_images is not None and offers_pictures(source)) or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        if self.take_images is None or not self.take_images(source):
            super().insertFromMimeData(source)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key_Return, Qt.Key_Enter) and not event.modifiers() & Qt.ShiftModifier:
            self.send_requested.emit()
            return
        super().keyPressEvent(event)


def wrapping_label(name: str, parent: QWidget) -> QLabel:
    """A sentence under the box: it wraps within the column instead of widening it, which would push the splitter and
    squeeze the conversation list."""
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
    return label


class InputRow(QWidget):
    def __init__(self, buttons: list[QWidget], count: Callable[[str, Sequence[StoredImage]], int | None],
                 estimate: Callable[[str, Sequence[StoredImage]], int | None], counts: Callable[[], bool],
                 parent: QWidget | None = None):
        """``count`` a text's tokens with its pictures', ``estimate`` them (on a pool thread);
        ``counts()``: whether there is a model to count with."""
        super().__init__(parent)
        self.counts = counts
        self.last_count: tuple[int, bool] | None = None  # the count shown: tokens, and whether it is exact
        self.input = MessageInput(self)
        self.input.setObjectName("messageInput")
        self.input.setFixedHeight(90)
        self.input.setTabChangesFocus(True)  # Tab leaves the box, to Send, as in a web form; no keyboard trap
        self.token_label = wrapping_label("tokenCount", self)
        # A storage failure is said here, under the text it kept, until a message is stored again.
        self.notice = wrapping_label("storageNotice", self)
        self.notice.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.notice.hide()
        self.token_counter = TokenCounter(count, self, estimate=estimate)
        self.input.textChanged.connect(self.recount)
        self.strip = ImageStrip(self)
        self.strip.changed.connect(self.recount)
        column = QVBoxLayout()
        previous: QWidget = self.input
        for button in buttons:
            button.setParent(self)
            column.addWidget(button)
            QWidget.setTabOrder(previous, button)  # read in this order: the box, then its buttons
            previous = button
        column.addStretch(1)
        typing = QVBoxLayout()
        typing.addWidget(self.strip)
        typing.addWidget(self.input)
        typing.addWidget(self.token_label)
        typing.addWidget(self.notice)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addLayout(typing, 1)
        row.addLayout(column)

    def show_notice(self, text: str | None, tip: str = "") -> None:
        """``tip``: the whole of what the notice says only in part."""
        self.notice.setStyleSheet(f"color: {colours()['error']};")
        self.notice.setText(text or "")
        self.notice.setToolTip(tip)
        self.notice.setVisible(bool(text))

    def has_content(self) -> bool:
        return bool(self.input.toPlainText() or self.strip.images())

    def recount(self) -> None:
        if not self.counts() or not self.has_content():
            self.token_counter.request("")  # makes any count still running stale
            self.token_label.clear()
            self.last_count = None
            return
        self.token_counter.request(self.input.toPlainText(), self.strip.images())


def lay_out(pane: QWidget, conversations: QWidget, header: list[QWidget], middle: QWidget, bottom: QWidget) -> None:
    """The conversation list on the left; on the right the header (its first widget stretching), the thread and the
    input row."""
    top = QHBoxLayout()
    for place, widget in enumerate(header):
        top.addWidget(widget, 1 if place == 0 else 0)
    right = QWidget(pane)
    right_layout = QVBoxLayout(right)
    right_layout.setContentsMargins(4, 8, 8, 8)
    right_layout.addLayout(top)
    right_layout.addWidget(middle, 1)
    right_layout.addWidget(bottom)
    splitter = QSplitter(pane)
    splitter.setObjectName("chatSplitter")  # its sizes are kept between starts (MainWindow.save_window_state)
    splitter.addWidget(conversations)
    splitter.addWidget(right)
    splitter.setStretchFactor(1, 1)
    splitter.setSizes([220, 780])
    layout = QHBoxLayout(pane)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(splitter)
