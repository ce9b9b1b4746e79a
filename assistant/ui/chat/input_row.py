"""The Chat pane's layout, and its composer: one rounded field holding the pictures to send with the message
(image_strip.py), the message box, and along its bottom the buttons that add to the message (attach, tools,
documents) at the left, the token count (counted off the GUI thread as the text and the pictures change) quiet in
the middle, and Send (or Stop, while a reply is written) at the right. What went wrong (with saving, or with a
picture) is said under the field. The pane makes and names the buttons and words the count."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QMimeData, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QPlainTextEdit, QSizePolicy, QSplitter, QVBoxLayout,
                               QWidget)

from assistant.core.images.image_store import StoredImage
from assistant.ui.common.design_tokens import SPACING, THREAD_COLUMN_CHARACTERS
from assistant.ui.common.picture_mime import offers_pictures
from assistant.ui.common.style_flag import set_flag
from assistant.ui.common.tab_order import tab_order
from assistant.ui.chat.image_strip import ImageStrip
from assistant.ui.chat.token_counter import TokenCounter

LINES = (2, 8)  # the message box grows with its text between these many lines, then scrolls


class MessageInput(QPlainTextEdit):
    """Enter sends; Shift+Enter adds a line. A paste or a drop of pictures goes to ``take_images`` (which returns
    whether it took them) instead of into the text. Its height follows its text, a few lines at most."""

    send_requested = Signal()
    take_images: Callable[[QMimeData], bool] | None = None

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.NoFrame)  # the composer's field is its frame
        self.document().documentLayout().documentSizeChanged.connect(lambda _size: self._fit())
        self._fit()

    def _fit(self) -> None:
        lines = min(max(int(self.document().documentLayout().documentSize().height()), LINES[0]), LINES[1])
        margins = self.contentsMargins()
        height = (lines * self.fontMetrics().lineSpacing() + 2 * self.document().documentMargin()
                  + margins.top() + margins.bottom() + 2)
        if self.height() != round(height) or self.minimumHeight() != round(height):
            self.setFixedHeight(round(height))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() == QEvent.FontChange:
            self._fit()

    def canInsertFromMimeData(self, source: QMimeData) -> bool:  # noqa: N802
        return (self.take_images is not None and offers_pictures(source)) or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802
        if self.take_images is None or not self.take_images(source):
            super().insertFromMimeData(source)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key_Return, Qt.Key_Enter) and not event.modifiers() & Qt.ShiftModifier:
            self.send_requested.emit()
            return
        super().keyPressEvent(event)


def wrapping_label(name: str, parent: QWidget) -> QLabel:
    """A sentence under or beside the box: it wraps within the column instead of widening it, which would push the
    splitter and squeeze the conversation list."""
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
    return label


class InputRow(QWidget):
    def __init__(self, buttons: list[QWidget], count: Callable[[str, Sequence[StoredImage]], int | None],
                 estimate: Callable[[str, Sequence[StoredImage]], int | None], counts: Callable[[], bool],
                 parent: QWidget | None = None, send: Sequence[QWidget] = ()):
        """``buttons``: those that add to the message, at the left; ``send``: Send and Stop, at the right.
        ``count`` a text's tokens with its pictures', ``estimate`` them (on a pool thread);
        ``counts()``: whether there is a model to count with."""
        super().__init__(parent)
        self.counts = counts
        self.last_count: tuple[int, bool] | None = None  # the count shown: tokens, and whether it is exact
        self.field = QFrame(self)
        self.field.setObjectName("composer")
        self.input = MessageInput(self.field)
        self.input.setObjectName("messageInput")
        self.input.setTabChangesFocus(True)  # Tab leaves the box, to its buttons, as in a web form; no keyboard trap
        self.input.installEventFilter(self)
        self.token_label = wrapping_label("tokenCount", self.field)
        self.token_label.setAlignment(Qt.AlignCenter)
        # A storage failure is said here, under the text it kept, until a message is stored again.
        self.notice = wrapping_label("storageNotice", self)
        self.notice.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.notice.hide()
        self.token_counter = TokenCounter(count, self, estimate=estimate)
        self.input.textChanged.connect(self.recount)
        self.strip = ImageStrip(self.field)
        self.strip.changed.connect(self.recount)
        bar = QHBoxLayout()
        bar.setSpacing(SPACING["xs"])
        # Read in this order: the buttons that add to the message, the box, then Send.
        tab_order(*buttons, self.input, *send)
        for place, button in enumerate([*buttons, *send]):
            button.setParent(self.field)
            if place == len(buttons):
                bar.addWidget(self.token_label, 1)
            bar.addWidget(button, 0, Qt.AlignBottom if place >= len(buttons) else Qt.AlignVCenter)
        if not send:
            bar.addWidget(self.token_label, 1)
        inside = QVBoxLayout(self.field)
        inside.setContentsMargins(SPACING["s"], SPACING["xs"], SPACING["xs"], SPACING["xs"])
        inside.setSpacing(SPACING["xxs"])
        inside.addWidget(self.strip)
        inside.addWidget(self.input)
        inside.addLayout(bar)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(SPACING["xs"])
        column.addWidget(self.field)
        column.addWidget(self.notice)
        self._fit_column()

    def _fit_column(self) -> None:
        """No wider than the thread's column of cards above it (its parent centres it), at any text size."""
        self.setMaximumWidth(self.fontMetrics().averageCharWidth() * THREAD_COLUMN_CHARACTERS)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() == QEvent.FontChange:
            self._fit_column()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        # The field's border is the box's focus ring (style sheets have no :focus-within).
        if watched is self.input and event.type() in (QEvent.FocusIn, QEvent.FocusOut):
            set_flag(self.field, "focused", event.type() == QEvent.FocusIn)
        return False

    def show_notice(self, text: str | None, tip: str = "") -> None:
        """``tip``: the whole of what the notice says only in part."""
        self.notice.setText(text or "")
        self.notice.setToolTip(tip)
        self.notice.setVisible(bool(text))

    def show_count(self, text: str, too_long: bool = False) -> None:
        """The count beside the buttons; a message too long for the model is said in the danger colour too."""
        set_flag(self.token_label, "tooLong", too_long)
        self.token_label.setText(text)

    def fill(self, text: str) -> None:
        """An example chosen: in the box, ready to send or to change."""
        self.input.setPlainText(text)
        self.input.setFocus()
        self.input.moveCursor(self.input.textCursor().MoveOperation.End)

    def has_content(self) -> bool:
        return bool(self.input.toPlainText() or self.strip.images())

    def sendable(self) -> bool:
        """Something the session would send: words other than spaces, or a picture."""
        return bool(self.input.toPlainText().strip() or self.strip.images())

    def recount(self) -> None:
        if not self.counts() or not self.has_content():
            self.token_counter.request("")  # makes any count still running stale
            self.show_count("")
            self.last_count = None
            return
        self.token_counter.request(self.input.toPlainText(), self.strip.images())


def lay_out(pane: QWidget, conversations: QWidget, header: QWidget, note: QWidget, middle: QWidget,
            bottom: QWidget) -> None:
    """The conversation list on the left; on the right the header, the note about the model, the page and the
    composer."""
    right = QWidget(pane)
    right_layout = QVBoxLayout(right)
    right_layout.setContentsMargins(SPACING["xs"], SPACING["s"], SPACING["s"], SPACING["s"])
    right_layout.setSpacing(SPACING["s"])
    right_layout.addWidget(header)
    right_layout.addWidget(note)
    right_layout.addWidget(middle, 1)
    under = QHBoxLayout()  # the composer under the thread's centred column: the room beyond its width shared
    under.addStretch(1)
    under.addWidget(bottom, 1000)
    under.addStretch(1)
    right_layout.addLayout(under)
    splitter = QSplitter(pane)
    splitter.setObjectName("chatSplitter")  # its sizes are kept between starts (MainWindow.save_window_state)
    splitter.addWidget(conversations)
    splitter.addWidget(right)
    splitter.setStretchFactor(1, 1)
    splitter.setSizes([220, 780])
    layout = QHBoxLayout(pane)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(splitter)
