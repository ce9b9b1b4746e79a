"""One message of the thread as the user sees it, as a card: who wrote it and when, its actions (message_actions:
icons shown on hover and keyboard focus) and versions, the reply's thinking, a question's pictures, the text (rendered
markdown, or plain text appended while it streams), what the user is told about how the reply was asked (notes), its
sources, editing a question, and at its foot what became of the reply (reply_state_row: writing, stopped, failed).
"""

from __future__ import annotations

import html
import re
from dataclasses import replace

from PySide6.QtCore import QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QGuiApplication, QTextOption
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from assistant.core.chat.image_reading import shown_note
from assistant.core.chat.message_time import full_time, short_time
from assistant.core.chat.reply_state import reply_state
from assistant.core.engines.types import short_model_name
from assistant.core.storage.history import STREAMING, Message
from assistant.ui.chat.image_strip import SentImages
from assistant.ui.common.tab_order import tab_order, tab_stops
from assistant.ui.chat.message_actions import MessageActions
from assistant.ui.chat.reply_state_row import ReplyStateRow
from assistant.ui.chat.thinking_view import ThinkingBlock
from assistant.ui.chat.thumbnails import Thumbnails
from assistant.ui.chat.tool_blocks import ToolSteps
from assistant.ui.common.design_tokens import SPACING
from assistant.ui.common.elided_label import ElidedLabel
from assistant.ui.common.markdown_html import COPY_SCHEME, MarkdownRenderer
from assistant.ui.common.text_stream import TextStream
from assistant.ui.common.theme import colours
from assistant.ui.common.ui_language import Texts, Translatable
from assistant.ui.documents.source_view import source_place

SOURCE_SCHEME = "source"  # a reply's numbered source: source:2 opens the second
_CITATION = re.compile(r"\[(\d{1,3})\]")


def invented_citations(text: str, sources: int) -> list[int]:
    """Citation numbers in a reply that match none of the sources it was given (1 to ``sources``)."""
    return sorted({int(n) for n in _CITATION.findall(text) if not 1 <= int(n) <= sources})


class _AutoHeightBrowser(QTextBrowser):
    """A QTextBrowser as tall as its text, so the surrounding scroll area does all the scrolling."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.NoFrame)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        self.setTextInteractionFlags(Qt.TextBrowserInteraction)
        # The mouse selects in it; Tab passes it by for the card's actions (Copy is the keyboard's way to its text),
        # since a text browser shows no focus ring.
        self.setFocusPolicy(Qt.ClickFocus)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)

    def _fit(self, size=None):
        height = int(self.document().size().height()) + 4
        if height != self.height():
            self.setFixedHeight(height)

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._fit()

    def sizeHint(self):
        return QSize(super().sizeHint().width(), int(self.document().size().height()) + 4)


class MessageWidget(Translatable, QFrame):
    """A message's card: who wrote it and when, its actions (on hover and keyboard focus), and what became of it."""

    edit_submitted = Signal(int, str)  # message id, new text
    regenerate_requested = Signal(int)
    sibling_requested = Signal(int, int)  # message id, step (-1 or +1)
    source_requested = Signal(int, int)  # message id, the source's number
    open_model_requested = Signal()  # a failed reply's way on when no model is loaded

    def __init__(self, message: Message, renderer: MarkdownRenderer, parent=None,
                 thumbnails: Thumbnails | None = None, model_loaded: bool = True):
        super().__init__(parent)
        self.message = message
        self._renderer = renderer
        self._code_blocks: list[str] = []
        self._busy = False
        self._hovered = False
        self._model_loaded = model_loaded
        self.setObjectName("userMessage" if message.role == "user" else "assistantMessage")
        self.setFrameShape(QFrame.StyledPanel)
        self.texts = Texts(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACING["m"], SPACING["s"], SPACING["m"], SPACING["m"])
        layout.setSpacing(SPACING["s"])
        layout.addLayout(self._make_header(message))

        # Thinking, where the model thought: collapsed above the answer, never part of it (or of Copy).
        self.thinking = ThinkingBlock(self)
        layout.addWidget(self.thinking)
        # The reply's tool calls (collapsed blocks) and the calls waiting for the user (approval cards).
        self.tools = ToolSteps(self)
        layout.addWidget(self.tools)
        # A message's pictures never change: a version with others is another message.
        self.images = SentImages(message.images, thumbnails, self) if message.images and thumbnails else None
        if self.images is not None:
            layout.addWidget(self.images)
        self.body = _AutoHeightBrowser(self)
        # A path or a URL longer than the view wraps where it must: no line is wider than the card.
        self.body.setWordWrapMode(QTextOption.WrapAtWordBoundaryOrAnywhere)
        self.body.document().setDocumentMargin(0)  # the text starts where the author's name does
        self.highlighted = 0  # search hits marked in the body (highlight)
        self.body.anchorClicked.connect(self._on_anchor)
        layout.addWidget(self.body)
        self.state_row = ReplyStateRow(self)
        self.state_row.regenerate_requested.connect(self.request_regenerate)
        self.state_row.open_model_requested.connect(self.open_model_requested)
        self.status_label = self.state_row.label
        layout.addWidget(self.state_row)
        self._editor: QWidget | None = None
        self.refresh(message)
        self.texts.on_change(self._show_time)
        self.texts.on_change(self._show_notes_again)

    def _make_header(self, message: Message) -> QHBoxLayout:
        """Who wrote it and when, then its actions: Copy, Edit or Regenerate, and its versions (‹ 2/3 ›)."""
        header = QHBoxLayout()
        header.setSpacing(SPACING["s"])
        # A reply names the model that wrote it, which may not be the one loaded now: as stored with it, so that
        # the name is the same during the session and after a restart ("Assistant" where none was stored).
        self.author = who = ElidedLabel()
        if message.role == "user":
            self.texts.bind(who.set_full_text, lambda: self.tr("You"))
        elif message.model:
            who.set_full_text(short_model_name(message.model), message.model)
        else:
            self.texts.bind(who.set_full_text, lambda: self.tr("Assistant"))
        who.setObjectName("messageAuthor")
        header.addWidget(who)
        self.time_label = QLabel(self)
        self.time_label.setObjectName("messageTime")
        header.addWidget(self.time_label)
        header.addStretch(1)
        self.actions = MessageActions(self, message.role == "user", self)
        for name in ("copy_button", "edit_button", "regenerate_button", "previous_button", "sibling_label",
                     "next_button"):
            if hasattr(self.actions, name):
                setattr(self, name, getattr(self.actions, name))
        header.addWidget(self.actions)
        return header

    def _show_time(self) -> None:
        self.time_label.setText(short_time(self.message.created_at))
        self.time_label.setToolTip(full_time(self.message.created_at))
        self.time_label.setVisible(self.message.created_at is not None)

    # Actions shown on hover and on keyboard focus ----------------------------------------------------------

    def enterEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().enterEvent(event)
        self._hovered = True
        self.show_actions_if_wanted()

    def leaveEvent(self, event) -> None:  # noqa: N802
        super().leaveEvent(event)
        self._hovered = False
        self.show_actions_if_wanted()

    def show_actions_if_wanted(self) -> None:
        """The actions show while the pointer is over the card or the keyboard is in it (the thread tells the card
        when the focus comes or goes)."""
        focus = QApplication.focusWidget()
        self.actions.show_actions(self._hovered or (focus is not None and self.isAncestorOf(focus)))

    # Content -----------------------------------------------------------------------------------------------

    def highlight(self, query: str) -> int:
        """Mark where the query's words are in the message (a search hit); the y of the first, within the widget."""
        from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
        from PySide6.QtWidgets import QTextEdit

        from assistant.core.storage.search_text import match_spans

        document = self.body.document()
        marks = []
        for start, end in match_spans(document.toPlainText(), query):
            selection = QTextEdit.ExtraSelection()
            selection.cursor = QTextCursor(document)
            selection.cursor.setPosition(start)
            selection.cursor.setPosition(end, QTextCursor.KeepAnchor)
            selection.format = QTextCharFormat()
            selection.format.setBackground(QColor(colours()["highlight"]))
            marks.append(selection)
        self.body.setExtraSelections(marks)
        self.highlighted = len(marks)
        if not marks:
            return 0
        return self.body.mapTo(self, self.body.cursorRect(marks[0].cursor).topLeft()).y()

    def refresh(self, message: Message) -> None:
        self.message = replace(message)  # a copy: streaming appends to it
        self._stream: TextStream | None = None  # where streamed text goes; the document is replaced below
        if message.role == "assistant" and message.status != STREAMING:
            rendered, self._code_blocks = self._renderer.render(message.content)
            if not message.content.strip() and message.thinking and not message.error:
                # A failed reply gives its own cause below; this one (stopped, or stored before causes were) has none.
                rendered += "<p><i>{}</i></p>".format(html.escape(self.tr(
                    "No answer: the reply ended while the model was still thinking. Open its thinking above, or "
                    "regenerate the reply.")))
            rendered += "".join(f"<p><i>{html.escape(shown_note(note))}</i></p>" for note in message.notes)
            rendered += self._sources_html(message.sources)
            self.body.setHtml(rendered)
        else:
            self.body.setPlainText(message.content)
        if message.role == "assistant":
            self.tools.show_steps(message.tool_steps)
        if message.role == "assistant" and not (message.status == STREAMING and self.thinking.live):
            self.thinking.show_thinking(message.thinking, message.thinking_seconds)
        self._show_time()
        self._show_state()

    def _show_state(self) -> None:
        message = self.message
        state = reply_state(message.role, message.status, self._model_loaded)
        self.state_row.show_state(state, message.model, message.error)
        self.state_row.set_busy(self._busy)
        # A reply being written has nothing to copy or regenerate yet: its actions come when it ends.
        self.actions.fading.setVisible(state.card_actions)
        self.actions.show_versions(message.sibling_index, message.sibling_count, self._busy)
        # A failed reply with no text says nothing in its body: the state line below it says why.
        self.body.setVisible(self._editor is None and (message.role == "user" or bool(
            message.content.strip() or message.thinking or message.notes or message.sources)
            or message.status == STREAMING))

    def set_model_loaded(self, loaded: bool) -> None:
        """Whether a model could answer now: a failed reply offers to open one where none is."""
        if loaded != self._model_loaded:
            self._model_loaded = loaded
            self._show_state()

    def _sources_html(self, sources: list[dict]) -> str:
        """The passages the reply was given, as the app found them: each opens where it is."""
        if not sources:
            return ""
        lines = []
        for source in sources:
            lines.append(f"[{int(source.get('number', 0))}] <a href='{SOURCE_SCHEME}:{int(source.get('number', 0))}'>"
                         f"{html.escape(source_place(source))}</a>")
        title = html.escape(self.tr("Sources"))
        listed = f"<p><b>{title}</b><br>" + "<br>".join(lines) + "</p>"
        invented = invented_citations(self.message.content, len(sources))
        if invented:
            listed += "<p style='color:{};'>{}</p>".format(colours()["error"], html.escape(self.tr(
                "The reply cites {numbers}, not among its %n source(s): the model made that up.", "",
                len(sources)).format(numbers=", ".join(f"[{n}]" for n in invented))))
        return listed

    def _show_notes_again(self) -> None:
        """A reply's notes are kept in English and shown in the app's language: after a switch, drawn again."""
        if self.message.notes and self.message.role == "assistant" and self.message.status != STREAMING:
            self.refresh(self.message)

    def append_thinking(self, text: str) -> None:
        self.thinking.append(text)
        self.message.thinking += text

    def append_stream(self, text: str) -> None:
        self.thinking.end_live()
        if self._stream is None:
            self._stream = TextStream(self.body.document())
        self._stream.append(text)
        self.message.content += text

    def add_tool_step(self, step: dict) -> None:
        """A call of the reply being written ended (ran, or not)."""
        self.tools.add_step(step)
        self.message.tool_steps = [*self.message.tool_steps, step]  # a copy: the list is the thread's

    def plain_text(self) -> str:
        return self.message.content

    def set_busy(self, busy: bool) -> None:
        if busy == self._busy:  # each reply's start and end reach every card, and most have nothing to change
            return
        self._busy = busy
        for name in ("edit_button", "regenerate_button"):
            button = getattr(self, name, None)
            if button is not None:
                button.setEnabled(not busy)
        self.state_row.set_busy(busy)
        self.actions.show_versions(self.message.sibling_index, self.message.sibling_count, busy)

    # Actions -----------------------------------------------------------------------------------------------

    def copy_message(self) -> None:
        QGuiApplication.clipboard().setText(self.message.content)

    def _on_anchor(self, url: QUrl) -> None:
        if url.scheme() == SOURCE_SCHEME:
            self.source_requested.emit(self.message.id, int(url.path() or 0))
        elif url.scheme() == COPY_SCHEME:
            index = int(url.path() or -1)
            if 0 <= index < len(self._code_blocks):
                QGuiApplication.clipboard().setText(self._code_blocks[index])

    def step(self, step: int) -> None:
        self.sibling_requested.emit(self.message.id, step)

    def request_regenerate(self) -> None:
        self.regenerate_requested.emit(self.message.id)

    def begin_edit(self) -> None:
        if self._editor is not None:
            return
        last_stop = tab_stops(self)[-1:]
        editor = QWidget(self)
        box = QVBoxLayout(editor)
        box.setContentsMargins(0, 0, 0, 0)
        text = QPlainTextEdit(editor)
        text.setObjectName("editBox")
        text.setAccessibleName(self.tr("Edited message"))
        text.setPlainText(self.message.content)
        text.setTabChangesFocus(True)  # no keyboard trap: Tab goes on to Cancel and Save & send
        text.setFixedHeight(_edit_height(text, self.width()))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        cancel = QPushButton(self.tr("Cancel"), editor)
        send = QPushButton(self.tr("Save && send"), editor)
        send.setObjectName("editSend")
        send.setDefault(True)
        buttons.addWidget(cancel)
        buttons.addWidget(send)
        box.addWidget(text)
        box.addLayout(buttons)
        cancel.clicked.connect(self._cancel_edit)
        send.clicked.connect(lambda: self._submit_edit(text.toPlainText()))
        self.layout().addWidget(editor)
        self.body.hide()
        self._editor = editor
        # Made after the cards around it: in the Tab order where it is seen, at the card's foot.
        tab_order(*last_stop, text, cancel, send)
        text.setFocus()
        QTimer.singleShot(0, self, lambda: _scroll_to(editor))  # the text being edited in view, not above it

    def _submit_edit(self, text: str) -> None:
        if not text.strip():
            return
        self.end_edit()
        self.edit_submitted.emit(self.message.id, text)

    def _cancel_edit(self) -> None:
        self.end_edit()
        if hasattr(self, "edit_button"):  # the keyboard back where the edit began
            self.edit_button.setFocus()

    def end_edit(self) -> None:
        if self._editor is not None:
            self._editor.deleteLater()
            self._editor = None
            self.body.show()


def _edit_height(box: QPlainTextEdit, width: int, most: int = 10) -> int:
    """The edit box as tall as the message's lines wrapped at the card's width (3 to ``most``), not a fixed block."""
    metrics = box.fontMetrics()
    room = max(1, width - 4 * SPACING["m"])
    lines = sum(max(1, -(-metrics.horizontalAdvance(line) // room)) for line in box.toPlainText().split("\n"))
    shown = min(max(lines, 3), most)
    return shown * metrics.lineSpacing() + 2 * int(box.document().documentMargin()) + 2 * box.frameWidth() + 4


def _scroll_to(widget: QWidget) -> None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if parent is not None:
        parent.ensureWidgetVisible(widget, 0, SPACING["l"])
