"""The visible thread of a conversation: one widget per message in a scroll area.

A reply that is streaming shows plain text appended at the end of its document (cost: the new text only); it is
rendered as markdown once, when it ends, because re-rendering the whole reply on every update would cost O(n)
per token and stall long replies.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from assistant.core.storage.history import STREAMING, Message
from assistant.ui.common.tab_order import place_after, tab_stops
from assistant.ui.chat.message_widget import MessageWidget
from assistant.ui.chat.thumbnails import Thumbnails
from assistant.ui.common.design_tokens import THREAD_COLUMN_CHARACTERS
from assistant.ui.common.markdown_html import MarkdownRenderer
from assistant.ui.common.theme import notifier as theme_notifier
from assistant.ui.common.ui_language import Texts, Translatable


COLUMN_CHARACTERS = THREAD_COLUMN_CHARACTERS  # the composer keeps to the same column (input_row.InputRow)


class ThreadView(Translatable, QScrollArea):
    """Messages of one conversation, newest at the bottom; follows a streaming reply while scrolled down."""

    edit_submitted = Signal(int, str)
    regenerate_requested = Signal(int)
    sibling_requested = Signal(int, int)
    source_requested = Signal(int, int)
    open_model_requested = Signal()  # a failed reply's "Open a model…": the pane shows how to open one

    def __init__(self, parent=None, thumbnails: Thumbnails | None = None):
        """``thumbnails``: where the questions' pictures are read from (none: they are not shown)."""
        super().__init__(parent)
        self.thumbnails = thumbnails if thumbnails is not None else Thumbnails(None, self)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.NoFrame)
        # No stop of its own in the Tab order (it draws no focus ring): Tab goes through the cards' actions, and
        # the scroll area brings each into view.
        self.setFocusPolicy(Qt.NoFocus)
        self.tab_anchor: QWidget | None = None  # what Tab leaves for the first card (the pane says)
        self._container = QWidget()
        self._container.setObjectName("threadContainer")
        self._layout = QVBoxLayout(self._container)
        self._layout.setContentsMargins(12, 12, 12, 12)
        self._layout.setSpacing(8)
        self._layout.addStretch(1)
        self.setWidget(self._container)
        self.renderer = MarkdownRenderer()
        self._widgets: dict[int, MessageWidget] = {}
        self._notice: QLabel | None = None
        self._notice_count = 0
        self._model_loaded = True
        self.texts = Texts(self)
        self.texts.on_change(self._show_notice_text)
        self._follow = True
        self.verticalScrollBar().rangeChanged.connect(self._on_range_changed)
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        theme_notifier().changed.connect(self._theme_changed)
        # A card shows its actions while the keyboard is in it: the focus's moves are heard once, here, not by each,
        # and only while the thread is shown (a closed window's thread hears none of the app's focus changes).
        self._hearing_focus = False

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if not self._hearing_focus:
            QApplication.instance().focusChanged.connect(self._focus_moved)
            self._hearing_focus = True

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if self._hearing_focus:
            QApplication.instance().focusChanged.disconnect(self._focus_moved)
            self._hearing_focus = False
        super().hideEvent(event)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit_column()

    def _fit_column(self) -> None:
        """A wide window centres the cards in a column, rather than stretching lines across it."""
        column = self.fontMetrics().averageCharWidth() * COLUMN_CHARACTERS
        # Centred in the whole area, scroll bar's room included: the bar that comes with a long reply takes its
        # width from the right of the column, and the cards do not jump sideways (nor leave the composer's line).
        side = max(12, (self.width() - 2 * self.frameWidth() - column) // 2)
        self._layout.setContentsMargins(side, 12, side, 12)

    def _focus_moved(self, old: QWidget | None, new: QWidget | None) -> None:
        for widget in (old, new):
            card = self._card_of(widget)
            if card is not None:
                card.show_actions_if_wanted()

    def _card_of(self, widget: QWidget | None) -> MessageWidget | None:
        while widget is not None and widget is not self._container:
            if isinstance(widget, MessageWidget):
                return widget
            widget = widget.parentWidget()
        return None

    def _theme_changed(self, _dark: bool) -> None:
        for widget in self._widgets.values():  # code blocks and error text are coloured in the HTML
            if widget.message.status != STREAMING:  # plain text until it ends; its copy may lag the stream
                widget.refresh(widget.message)

    def clear(self) -> None:
        for widget in self._widgets.values():
            self._discard(widget)
        self._widgets.clear()
        self._discard(self._notice)
        self._notice = None

    def _discard(self, widget: QWidget | None) -> None:
        # Out of the layout now; deleteLater alone would leave it there until the event loop runs.
        if widget is not None:
            self._layout.removeWidget(widget)
            widget.hide()
            widget.deleteLater()

    def set_thread(self, messages: list[Message]) -> None:
        """Show ``messages``, touching only what changed.

        Widgets on the common prefix are kept (and refreshed if their message changed, e.g. a reply that just
        finished is rendered as markdown); the rest are replaced. Sending or finishing a reply in a long
        conversation therefore costs the new messages only, not a rebuild of every widget.
        """
        current = self.message_widgets()
        keep = 0
        while keep < min(len(current), len(messages)) and current[keep].message.id == messages[keep].id:
            keep += 1
        for widget in current[keep:]:
            del self._widgets[widget.message.id]
            self._discard(widget)
        for widget, message in zip(current[:keep], messages):
            if widget.message != message:
                widget.refresh(message)
        for message in messages[keep:]:
            self.add_message(message)
        last_reply = next((m for m in reversed(messages) if m.role == "assistant"), None)
        self.show_context_notice(messages, last_reply.context_dropped if last_reply else 0)
        if keep == 0:
            self._follow = True

    def add_message(self, message: Message) -> MessageWidget:
        widget = MessageWidget(message, self.renderer, self._container, self.thumbnails, self._model_loaded)
        widget.edit_submitted.connect(self.edit_submitted)
        widget.open_model_requested.connect(self.open_model_requested)
        widget.source_requested.connect(self.source_requested)
        widget.regenerate_requested.connect(self.regenerate_requested)
        widget.sibling_requested.connect(self.sibling_requested)
        cards = [self._layout.itemAt(i).widget() for i in range(self._layout.count() - 2, -1, -1)]
        above = next((stops[-1] for card in cards if isinstance(card, MessageWidget) for stops in [tab_stops(card)]
                      if stops), self.tab_anchor)
        self._layout.insertWidget(self._layout.count() - 1, widget)
        # A widget made later joins the end of the window's Tab order: put it after the card above it.
        if above is not None:
            place_after(above, widget)
        self._widgets[message.id] = widget
        return widget

    def widget_for(self, message_id: int) -> MessageWidget | None:
        return self._widgets.get(message_id)

    def message_widgets(self) -> list[MessageWidget]:
        return [self._layout.itemAt(i).widget() for i in range(self._layout.count() - 1)
                if isinstance(self._layout.itemAt(i).widget(), MessageWidget)]

    def show_context_notice(self, messages: list[Message], dropped: int) -> None:
        """Mark where the model's memory begins: the first ``dropped`` messages were not sent with the last reply."""
        self._discard(self._notice)
        self._notice = None
        if dropped <= 0 or dropped >= len(messages):
            return
        first_kept = self._widgets.get(messages[dropped].id)
        if first_kept is None:
            return
        self._notice = QLabel(self._container)
        self._notice_count = dropped
        self._show_notice_text()
        self._notice.setObjectName("contextNotice")
        self._notice.setAlignment(Qt.AlignCenter)
        self._layout.insertWidget(self._layout.indexOf(first_kept), self._notice)

    def _show_notice_text(self) -> None:
        if self._notice is not None:
            self._notice.setText(self.tr("%n earlier messages are outside the model's memory", "",
                                         self._notice_count))

    def notice_text(self) -> str:
        return self._notice.text() if self._notice is not None else ""

    def set_busy(self, busy: bool) -> None:
        for widget in self._widgets.values():
            widget.set_busy(busy)

    def set_model_loaded(self, loaded: bool) -> None:
        """Whether a model is loaded to answer: a failed reply offers to open one while none is."""
        self._model_loaded = loaded
        for widget in self._widgets.values():
            widget.set_model_loaded(loaded)

    # Following the stream ----------------------------------------------------------------------------------

    def reveal(self, widget: MessageWidget, y: int = 0) -> None:
        """Scroll to a place in a message (a search hit), and stop following the stream there."""
        self._follow = False
        point = widget.mapTo(self.widget(), widget.rect().topLeft())
        self.ensureVisible(point.x(), point.y() + y, 0, self.viewport().height() // 3)

    def _on_scrolled(self, value: int) -> None:
        bar = self.verticalScrollBar()
        self._follow = value >= bar.maximum() - 24

    def _on_range_changed(self, _minimum: int, maximum: int) -> None:
        if self._follow:
            QTimer.singleShot(0, lambda: self.verticalScrollBar().setValue(self.verticalScrollBar().maximum()))
