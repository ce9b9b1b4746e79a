"""The Chat pane: conversations on the left; on the right its header (title, model picker, context gauge), a note
about the model while it loads or when it failed, the page (how to start, an empty conversation's prompt, or the
thread: core/chat/pane_state.py decides which) and the composer.

The pane lays out and wires; what it does is decided by the chat session (core/chat/chat_session.py), which it
observes: the messages a question is sent with, the reply's life in the history (core/chat/reply_turn.py: saved as
it streams, and when it ends), and what a storage failure means for the text typed (kept in the box, said under it).
Pictures: chat_images.py, image_strip.py; the count under the box: message_tokens.py; Tab order: input_row.py.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QPlainTextEdit, QStackedWidget, QWidget

from assistant.core.chat import chat_session as events
from assistant.core.chat.chat_session import ChatSession
from assistant.core.chat.context_gauge import conversation_tokens
from assistant.core.chat.reply_turn import ReplyTurn
from assistant.core.engines.context_window import reply_reserve
from assistant.core.engines.types import LoadedModel
from assistant.core.images.image_store import ImageStore
from assistant.core.storage.history import History, Message
from assistant.core.storage.settings import Settings
from assistant.ui.chat.chat_header import ChatHeader
from assistant.ui.chat.chat_images import ChatImages
from assistant.ui.chat.chat_state_view import ChatStateView
from assistant.ui.chat.chat_states import EmptyConversation, ModelNote
from assistant.ui.chat.chat_tools import ChatTools
from assistant.ui.chat.conversation_list import ConversationList
from assistant.ui.chat.documents_menu import DocumentsButton, open_reply_source, passages_of
from assistant.ui.chat.icon_buttons import IconButton
from assistant.ui.chat.input_row import InputRow, lay_out
from assistant.ui.common.tab_order import place_after, tab_order
from assistant.ui.chat.message_tokens import MessageTokens
from assistant.ui.chat.message_view import ThreadView
from assistant.ui.chat.reply_events import chat_engine
from assistant.ui.chat.reply_figures import ReplyFigures
from assistant.ui.chat.start_page import WelcomePage
from assistant.ui.chat.system_prompt_dialog import SystemPromptDialog
from assistant.ui.chat.thumbnails import Thumbnails
from assistant.ui.common.background import Background
from assistant.ui.common.engine_client import EngineClient
from assistant.ui.common.ui_language import Texts, Translatable


class ChatPane(Translatable, QWidget):
    status_changed = Signal(str)  # tokens/s and context use, for the status bar
    open_model_requested = Signal()
    manage_documents_requested = Signal()
    load_recent_requested = Signal(str)
    find_models_requested = Signal()
    recommendation_requested = Signal(object)

    def __init__(self, history: History, settings: Settings, client: EngineClient, parent=None,
                 images: ImageStore | None = None, ocr=None):
        """``images``: where the pictures of questions are kept (None: none can be attached); ``ocr``: the window's
        one OCR, which reads them for a model that cannot see."""
        super().__init__(parent)
        self.history, self.settings, self.client = history, settings, client
        self.background = Background(self)  # the session's slow steps: reading pictures' text for a blind model
        self.session = ChatSession(history, settings, chat_engine(client), images=images, ocr=ocr, offload=lambda work, done,
                                   error: self.background.run("chat-step", work, done, error))
        self.documents = None  # ui/documents/documents_service.DocumentsService, given by the window (set_documents)
        self.texts = Texts(self)
        self.figures = ReplyFigures(self)

        self.conversations = ConversationList(history, self)
        self.conversations.conversation_selected.connect(self.open_conversation)
        self.conversations.new_requested.connect(self.new_conversation)
        self.conversations.deleted.connect(self._on_deleted)
        self.thread_view = ThreadView(self, Thumbnails(images, self))
        self.thread_view.edit_submitted.connect(self.edit_message)
        self.thread_view.regenerate_requested.connect(self.regenerate)
        self.thread_view.sibling_requested.connect(self.show_sibling)
        self.thread_view.source_requested.connect(self.open_source)
        self.welcome = WelcomePage(self)
        for asked, signal in (("open", self.open_model_requested), ("recent", self.load_recent_requested),
                              ("find", self.find_models_requested), ("recommendation", self.recommendation_requested)):
            getattr(self.welcome, f"{asked}_requested").connect(signal)
        self.empty_page = EmptyConversation(self)
        self.stack = QStackedWidget(self)
        for page in (self.welcome, self.empty_page, self.thread_view):
            self.stack.addWidget(page)
        self._make_header()
        self._make_input()
        lay_out(self, self.conversations, self.header, self.model_note, self.stack, self.input_row)
        lists = self.conversations  # Tab reads the pane as the eye does (the cards put themselves after the page)
        tab_order(lists.new_button, lists.filter_box, lists.list, self.model_picker, self.system_button)
        self.thread_view.tab_anchor = place_after(place_after(self.system_button, self.welcome), self.empty_page)
        tab_order(self.thread_view.tab_anchor, self.images.button, self.tools.button, self.documents_button,
                  self.input, self.send_button, self.stop_button)
        self.states = ChatStateView(self)

        self.session.subscribe(self._on_session)
        self.session.subscribe(self.tools.on_event)  # after the pane's: a reply's widget is made first
        self.conversations.reload()
        first = self.history.list_conversations()
        if first:
            self.conversations.select(first[0].id)
            self.open_conversation(first[0].id)
        self.update_state()
        self.texts.on_change(self._retranslate)

    def _make_header(self) -> None:
        self.header = ChatHeader(self)
        self.title_label, self.system_button = self.header.title, self.header.system_button
        self.model_picker, self.context_gauge = self.header.picker, self.header.gauge
        self.system_button.clicked.connect(self.edit_system_prompt)
        self.model_picker.load_requested.connect(self.load_recent_requested)
        self.model_picker.open_requested.connect(self.open_model_requested)
        self.model_picker.find_requested.connect(self.find_models_requested)
        self.model_note = ModelNote(self)

    def _make_input(self) -> None:
        self.send_button = self._button("send", "sendButton", lambda: self.tr("Send"), self.send)
        self.stop_button = self._button("square", "stopButton", lambda: self.tr("Stop"), self.stop)
        self.texts.bind(self.stop_button.setToolTip, lambda: self.tr(
            "Stop the reply (Esc); what was written so far is kept"))
        self.documents_button = DocumentsButton(self.session, self)
        self.documents_button.changed.connect(self.show_documents_choice)
        self.documents_button.manage_requested.connect(self.manage_documents_requested)
        self.documents_menu = self.documents_button.choices
        self.images = ChatImages(self.session.images, self, self.session.reading)
        self.tools = ChatTools(self, self.settings)  # the Tools button, approval cards and call blocks
        tokens = MessageTokens(self.session, self.client)
        self.input_row = InputRow([self.images.button, self.tools.button, self.documents_button],
                                  tokens.count, tokens.estimate, lambda: self.model is not None, self,
                                  send=[self.send_button, self.stop_button])
        self.images.connect_row(self.input_row)
        self.input, self.token_label = self.input_row.input, self.input_row.token_label
        self.token_counter = self.input_row.token_counter
        self.texts.bind(self.input.setAccessibleName, lambda: self.tr("Message"))
        self.input.send_requested.connect(self.send)
        self.input.textChanged.connect(lambda: self.states.show_send())
        self.input_row.strip.changed.connect(lambda: self.states.show_send())
        self.token_counter.counted.connect(self._show_token_count)
        self.empty_page.example_chosen.connect(self.input_row.fill)

    def _button(self, icon_name: str, name: str, text, slot) -> IconButton:
        """Send or Stop: round, filled with the accent, in the same place (only one is shown)."""
        button = IconButton(icon_name, self, name, on_accent=True)
        self.texts.bind(button.setText, text)
        self.texts.bind(button.setAccessibleName, text)
        button.clicked.connect(slot)
        return button

    def _retranslate(self) -> None:
        self.update_state()
        self.show_documents_choice()
        if self.input_row.last_count is not None:
            self._show_token_count(*self.input_row.last_count)

    # State -------------------------------------------------------------------------------------------------

    model = property(lambda self: self.session.model)
    loading = property(lambda self: self.session.loading)
    active = property(lambda self: self.session.active, doc="The reply being written (core ReplyTurn), or None.")
    busy = property(lambda self: self.session.busy)

    @property
    def conversation_id(self) -> int | None:
        return self.session.conversation_id

    @conversation_id.setter
    def conversation_id(self, value: int | None) -> None:
        self.session.conversation_id = value

    def set_model(self, model: LoadedModel | None, loading: bool = False) -> None:
        self.session.set_model(model, loading)
        self.images.set_model(model)
        self.input_row.recount()
        self.states.show_context()

    def observe(self, session) -> None:
        self.states.observe(session)

    def set_recent_models(self, models) -> None:
        self.welcome.set_recent(models)
        self.model_picker.set_models(recent=models)

    def set_installed_models(self, models) -> None:
        self.welcome.set_installed(models)
        self.model_picker.set_models(installed=models)

    def update_state(self) -> None:
        self.states.show()
        self.input.setEnabled(self.session.ready or self.loading)
        self.system_button.setEnabled(self.conversation_id is not None)
        self.thread_view.set_busy(self.busy or not self.session.ready)
        conversation = self.history.conversation(self.conversation_id) if self.conversation_id else None
        self.title_label.setText(conversation.title if conversation else "")
        self.input.setPlaceholderText(
            self.tr("Open a model to start chatting (Models on the left, or File → Open model file…)")
            if self.model is None and not self.loading else
            self.tr("Message the model (Enter sends, Shift+Enter adds a line)"))
        self.tools.refresh()

    def _last_reply(self) -> Message | None:
        last = (self.thread_view.message_widgets() or [None])[-1]
        return last.message if last is not None and last.message.role == "assistant" else None

    def _show_token_count(self, tokens: int, exact: bool = True) -> None:
        if self.model is None or not self.input_row.has_content() or self.images.reading_text:
            return  # while the pictures' text is read, the count says it is counting (chat_images.py)
        self.input_row.last_count = tokens, exact
        n_ctx = self.model.context_length
        reserve = reply_reserve(n_ctx, self.settings.model_settings(str(self.model.info.path)).max_tokens)
        if tokens > n_ctx - reserve:
            self.input_row.show_count(
                self.tr("{tokens} tokens: too long. The model's context holds {context} tokens and {reserve} are "
                        "kept for the reply; this message would be refused.").format(
                    tokens=f"{tokens:,}", context=f"{n_ctx:,}", reserve=f"{reserve:,}"), too_long=True)
        else:
            self.input_row.show_count(self.tr("%Ln tokens", "", tokens) if exact else
                                      self.tr("about %Ln tokens (estimated: the server cannot count)", "", tokens))

    # Conversations -----------------------------------------------------------------------------------------

    def new_conversation(self) -> None:
        self._leave_conversation()
        self.session.new_conversation()
        self.show_documents_choice()
        self.thread_view.clear()
        self.conversations.list.clearSelection()
        self.conversations.list.setCurrentItem(None)
        self.update_state()
        self.input.setFocus()

    def open_conversation(self, conversation_id: int) -> None:
        if self.history.conversation(conversation_id) is None:
            return
        if conversation_id != self.conversation_id:
            self.thread_view.clear()
            self._leave_conversation()
        self.session.open(conversation_id)
        self.conversations.mark(conversation_id)
        self._show_thread()
        self.show_documents_choice()

    def _leave_conversation(self) -> None:
        """The status line is about this conversation's last reply (its figures, or why it failed): it goes when
        another conversation is shown. A reply still being written keeps its progress there."""
        if self.conversation_id is not None and not self.busy:
            self.status_changed.emit("")

    def show_message(self, conversation_id: int, message_id: int, query: str = "") -> None:
        """A search result: its conversation, on the branch that holds the message, the words found highlighted.
        While a reply is being written in that conversation, its branch stays as it is."""
        self.session.show_branch(message_id)
        self.open_conversation(conversation_id)
        widget = self.thread_view.widget_for(message_id)
        if widget is not None:
            QTimer.singleShot(0, lambda: self.thread_view.reveal(widget, widget.highlight(query)))

    def _on_deleted(self, conversation_id: int) -> None:
        self.session.forget(conversation_id, keep=[image.sha256 for image in self.input_row.strip.images()])
        if self.conversation_id == conversation_id:
            self.new_conversation()

    def _show_thread(self) -> None:
        thread = self.session.thread()
        self.thread_view.set_thread(thread)
        self.states.show_context(conversation_tokens(thread))
        self.update_state()

    def edit_system_prompt(self) -> None:
        if self.conversation_id is not None:
            SystemPromptDialog.edit(self.session, self.conversation_id, self)

    # Sending -----------------------------------------------------------------------------------------------

    def send(self) -> None:
        if self.images.reading_text:  # read once, for the count too: the message goes when it is
            self.status_changed.emit(self.tr("Reading the text in the pictures…"))
        self.images.when_ready(self._send_now)

    def _send_now(self) -> None:
        if self.session.send(self.input.toPlainText(), self.input_row.strip.images()):
            self.input.clear()
            self.input_row.strip.clear()
            self.images.forget_refusals()
        # else the text and the pictures stay, once; a storage failure is said under them

    def edit_message(self, message_id: int, new_text: str) -> None:
        """Send an edited user message as a new version beside the old one, which stays reachable."""
        if self.session.edit(message_id, new_text):
            self.input.setFocus()  # its box is gone: the keyboard goes where the next question is typed
        elif self.session.problem is not None:
            widget = self.thread_view.widget_for(message_id)  # not stored: the edit box opens again with the text
            if widget is not None:
                widget.begin_edit()
                widget.findChildren(QPlainTextEdit, "editBox")[-1].setPlainText(new_text)

    def regenerate(self, message_id: int) -> None:
        self.session.regenerate(message_id)

    def regenerate_last(self) -> None:
        """The last reply again (Reply → Regenerate, Ctrl+R); each reply has its own action too."""
        last = self._last_reply()
        if last is not None:
            self.regenerate(last.id)

    def show_sibling(self, message_id: int, step: int) -> None:
        if self.session.show_sibling(message_id, step):
            self._show_thread()

    def stop(self) -> None:
        self.session.stop()

    def save_partial_and_stop(self) -> None:
        """Called on quit or model switch: keep what the reply has so far, marked as stopped."""
        self.session.keep_partial_and_stop()

    def shutdown(self) -> None:
        """On quit: no count, picture or step of the session is left running on a pool thread."""
        for part in (self.token_counter, self.images, self.thread_view.thumbnails, self.background):
            part.shutdown()

    # Documents -------------------------------------------------------------------------------------------

    def set_documents(self, documents) -> None:
        self.documents = documents
        self.session.passages = passages_of(documents, self)
        self.show_documents_choice()

    def documents_choice(self) -> dict:
        """This conversation's use of the documents: on or off, and which sources (None: all of them)."""
        return self.session.documents_choice()

    def set_documents_choice(self, on: bool, sources: list[str] | None = None) -> None:
        self.session.set_documents_choice(on, sources)
        self.show_documents_choice()

    def show_documents_choice(self) -> None:
        self.documents_button.show_choice(self.documents.sources.all() if self.documents is not None else [])
        self.documents_button.setVisible(self.documents is not None)

    def open_source(self, message_id: int, number: int) -> None:
        open_reply_source(self.history.message(message_id), number, self, self.documents)

    # What the session says ---------------------------------------------------------------------------------

    def _on_session(self, event) -> None:
        if isinstance(event, events.Changed):
            self.update_state()
        elif isinstance(event, events.ConversationCreated):
            self.conversations.select(event.conversation_id)
        elif isinstance(event, events.ThreadChanged):
            self._show_thread() if event.conversation_id == self.conversation_id else self.update_state()
        elif isinstance(event, events.Searching):
            self.status_changed.emit(self.tr("Searching your documents…"))
        elif isinstance(event, events.ReadingImages):
            self.status_changed.emit(self.tr("Reading the text in the pictures…"))
        elif isinstance(event, events.SearchEnded):
            self.status_changed.emit(self.tr("Your documents could not be searched: {error}").format(
                error=event.error) if event.error else "")
        elif isinstance(event, events.ReplyStarted):
            self._show_thread()
            self.status_changed.emit(self.tr("Reading the prompt…"))
        elif isinstance(event, events.PromptRead):
            self._on_prompt_read(event.turn)
        elif isinstance(event, events.Streamed):
            self._on_streamed(event)
        elif isinstance(event, events.ReplyEnded):
            self._on_reply_ended(event.turn)
        elif isinstance(event, events.StorageProblem):
            self.input_row.show_notice(event.message)
            if event.message:
                self.status_changed.emit(event.message)

    def _on_prompt_read(self, turn: ReplyTurn) -> None:
        if turn.dropped and self.conversation_id == turn.conversation_id:
            self.thread_view.show_context_notice(self.history.thread(self.conversation_id), turn.dropped)
        if self.conversation_id == turn.conversation_id:
            self.states.show_context(turn.prompt_tokens)
        self.status_changed.emit(self.tr("Prompt: {tokens} tokens").format(tokens=f"{turn.prompt_tokens:,}")
                                 + self.figures.context_use(self.model, turn.prompt_tokens))

    def _on_streamed(self, event: events.Streamed) -> None:
        """Puts the text on screen as it arrives. The engine thread sends at most 20 chunks a second (engines/host.py,
        CHUNK_INTERVAL): on a 2-core machine each update's layout and paint is taken from llama.cpp's threads, and a
        timer of the GUI's own on top would wake it twice as often for the same text."""
        if event.thinking and event.first:
            self.status_changed.emit(self.tr("Thinking…"))
        turn = event.turn
        widget = self.thread_view.widget_for(turn.message_id) if self.conversation_id == turn.conversation_id else None
        if widget is not None:
            (widget.append_thinking if event.thinking else widget.append_stream)(event.text)

    def _on_reply_ended(self, turn: ReplyTurn) -> None:
        if self.conversation_id == turn.conversation_id:
            self._show_thread()
        else:
            self.update_state()
        if turn.result is None:
            self.status_changed.emit(turn.error or "")
        else:  # one line: a second emit would replace the figures instead of adding to them
            self.status_changed.emit(" · ".join([self.figures.line(self.model, turn.result, turn.status), *turn.result.warnings]))
