"""The Chat pane: conversations on the left, the thread and the input on the right.

Durability rules (see the storage tests): the user's message is committed before generation starts; the reply
row exists from the first moment with status "streaming" and is saved about once a second while it streams; its
final text, status and timings are saved when it ends, whether it finished, was stopped, or failed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from assistant.core.engines.context_window import estimate_tokens, reply_reserve
from assistant.core.engines.remote.server_list import is_remote
from assistant.core.engines.types import GenerationParams, GenerationResult, LoadedModel
from assistant.core.storage.history import COMPLETE, FAILED, STOPPED, STREAMING, History, Message, chat_title
from assistant.core.storage.settings import Settings
from assistant.ui.chat.conversation_list import ConversationList
from assistant.ui.common.engine_client import EngineClient, Reply
from assistant.ui.common.ui_language import Texts, Translatable
from assistant.ui.chat.message_view import ThreadView
from assistant.ui.chat.token_counter import TokenCounter
from assistant.ui.chat.start_page import WelcomePage
from assistant.ui.common.theme import colours

SAVE_INTERVAL_S = 1.0
TITLE_LENGTH = 48


class MessageInput(QPlainTextEdit):
    """Enter sends; Shift+Enter adds a line."""

    send_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key_Return, Qt.Key_Enter) and not event.modifiers() & Qt.ShiftModifier:
            self.send_requested.emit()
            return
        super().keyPressEvent(event)


@dataclass
class _ActiveReply:
    reply: Reply
    conversation_id: int
    message_id: int
    text: str = ""
    thinking: str = ""
    last_saved: float = 0.0
    prompt_tokens: int = 0
    dropped: int = 0


class ChatPane(Translatable, QWidget):
    status_changed = Signal(str)  # tokens/s and context use, for the status bar
    open_model_requested = Signal()
    manage_documents_requested = Signal()
    load_recent_requested = Signal(str)
    find_models_requested = Signal()
    recommendation_requested = Signal(object)

    def __init__(self, history: History, settings: Settings, client: EngineClient, parent=None):
        super().__init__(parent)
        self.history = history
        self.settings = settings
        self.client = client
        self.model: LoadedModel | None = None
        self.loading = False
        self.conversation_id: int | None = None
        self.active: _ActiveReply | None = None
        self.documents = None  # ui/documents_service.DocumentsService, given by the window (set_documents)
        self._retrieving = False  # the question's passages are being looked up before the reply starts
        self._new_chat_documents: dict = {"on": False, "sources": None}  # for a conversation not yet created
        self.texts = Texts(self)
        self.last_count: int | None = None
        self.last_count_exact = True

        self.conversations = ConversationList(history, self)
        self.conversations.conversation_selected.connect(self.open_conversation)
        self.conversations.new_requested.connect(self.new_conversation)
        self.conversations.deleted.connect(self._on_deleted)

        self.thread_view = ThreadView(self)
        self.thread_view.edit_submitted.connect(self.edit_message)
        self.thread_view.regenerate_requested.connect(self.regenerate)
        self.thread_view.sibling_requested.connect(self.show_sibling)
        self.thread_view.source_requested.connect(self.open_source)

        self.welcome = WelcomePage(self)
        self.welcome.open_requested.connect(self.open_model_requested)
        self.welcome.recent_requested.connect(self.load_recent_requested)
        self.welcome.find_requested.connect(self.find_models_requested)
        self.welcome.recommendation_requested.connect(self.recommendation_requested)

        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self.thread_view)

        top = QHBoxLayout()
        self.title_label = QLabel(self)
        self.title_label.setObjectName("conversationTitle")
        self.system_button = QPushButton(self)
        self.texts.bind(self.system_button.setText, lambda: self.tr("System prompt…"))
        self.texts.bind(self.system_button.setToolTip, lambda: self.tr("Instructions the model sees before this "
                                                                       "conversation"))
        self.system_button.clicked.connect(self.edit_system_prompt)
        self.documents_button = QToolButton(self)
        self.documents_button.setObjectName("documentsButton")
        self.documents_button.setPopupMode(QToolButton.InstantPopup)
        self.documents_menu = QMenu(self.documents_button)
        self.documents_menu.aboutToShow.connect(self._fill_documents_menu)
        self.documents_button.setMenu(self.documents_menu)
        self.texts.bind(self.documents_button.setToolTip, lambda: self.tr(
            "Answer from your documents, with the passages used as numbered sources"))
        top.addWidget(self.title_label, 1)
        top.addWidget(self.documents_button)
        top.addWidget(self.system_button)

        self.input = MessageInput(self)
        self.input.setObjectName("messageInput")
        self.texts.bind(self.input.setAccessibleName, lambda: self.tr("Message"))
        self.input.setFixedHeight(90)
        self.input.setTabChangesFocus(True)  # Tab leaves the box, to Send, as in a web form; no keyboard trap
        self.input.send_requested.connect(self.send)
        self.input.textChanged.connect(self._on_input_changed)
        self.token_label = QLabel(self)
        self.token_label.setObjectName("tokenCount")
        # The too-long warning is a sentence: it wraps within the column instead of widening it, which would push
        # the splitter and squeeze the conversation list.
        self.token_label.setWordWrap(True)
        self.token_label.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self.token_counter = TokenCounter(client.count_tokens, self, estimate=self._estimate_tokens)
        self.token_counter.counted.connect(self._show_token_count)
        self.send_button = QPushButton(self)
        self.send_button.setObjectName("sendButton")
        self.texts.bind(self.send_button.setText, lambda: self.tr("Send"))
        self.send_button.clicked.connect(self.send)
        self.stop_button = QPushButton(self)
        self.stop_button.setObjectName("stopButton")
        self.texts.bind(self.stop_button.setText, lambda: self.tr("Stop"))
        self.texts.bind(self.stop_button.setToolTip,
                        lambda: self.tr("Stop the reply (Esc); what was written so far is kept"))
        self.stop_button.clicked.connect(self.stop)
        self.regenerate_button = QPushButton(self)
        self.texts.bind(self.regenerate_button.setText, lambda: self.tr("Regenerate"))
        self.texts.bind(self.regenerate_button.setToolTip,
                        lambda: self.tr("Write another version of the last reply; the current one is kept"))
        self.regenerate_button.clicked.connect(self.regenerate_last)
        buttons = QVBoxLayout()
        for button in (self.send_button, self.stop_button, self.regenerate_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        typing = QVBoxLayout()
        typing.addWidget(self.input)
        typing.addWidget(self.token_label)
        bottom = QHBoxLayout()
        bottom.addLayout(typing, 1)
        bottom.addLayout(buttons)

        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(4, 8, 8, 8)
        right_layout.addLayout(top)
        right_layout.addWidget(self.stack, 1)
        right_layout.addLayout(bottom)

        splitter = QSplitter(self)
        splitter.setObjectName("chatSplitter")  # its sizes are kept between starts (MainWindow.save_window_state)
        splitter.addWidget(self.conversations)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([220, 780])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        self.conversations.reload()
        first = self.history.list_conversations()
        if first:
            self.conversations.select(first[0].id)
            self.open_conversation(first[0].id)
        self._update_state()
        self.texts.on_change(self._retranslate)

    def _retranslate(self) -> None:
        self._update_state()
        self.show_documents_choice()
        if self.last_count is not None:
            self._show_token_count(self.last_count, self.last_count_exact)

    # State -------------------------------------------------------------------------------------------------

    def set_model(self, model: LoadedModel | None, loading: bool = False) -> None:
        self.model = model
        self.loading = loading
        self._on_input_changed()
        self._update_state()

    def observe(self, session) -> None:
        """Follow the model session (core/engines/model_session.py): the model loaded, or that one is loading."""
        def changed(s) -> None:
            if (s.model, s.loading) != (self.model, self.loading):
                self.set_model(s.model, loading=s.loading)

        session.subscribe(changed)

    def set_recent_models(self, models) -> None:
        self.welcome.set_recent(models)

    def set_installed_models(self, models) -> None:
        self.welcome.set_installed(models)

    @property
    def busy(self) -> bool:
        return self.active is not None or self._retrieving

    def _update_state(self) -> None:
        thread_empty = not self.thread_view.message_widgets()
        self.stack.setCurrentWidget(self.welcome if self.model is None and thread_empty else self.thread_view)
        self.welcome.set_loading(self.loading)
        ready = self.model is not None and not self.loading
        self.send_button.setEnabled(ready and not self.busy)
        self.input.setEnabled(ready or self.loading)
        self.stop_button.setEnabled(self.busy)
        last = self._last_reply()
        self.regenerate_button.setEnabled(ready and not self.busy and last is not None)
        self.system_button.setEnabled(self.conversation_id is not None)
        self.thread_view.set_busy(self.busy or not ready)
        conversation = self.history.conversation(self.conversation_id) if self.conversation_id else None
        self.title_label.setText(conversation.title if conversation else "")
        if self.model is None and not self.loading:
            self.input.setPlaceholderText(
                self.tr("Open a model to start chatting (Models on the left, or File → Open model file…)"))
        else:
            self.input.setPlaceholderText(self.tr("Message the model (Enter sends, Shift+Enter adds a line)"))

    def _last_reply(self) -> Message | None:
        widgets = self.thread_view.message_widgets()
        if widgets and widgets[-1].message.role == "assistant":
            return widgets[-1].message
        return None

    def _on_input_changed(self) -> None:
        text = self.input.toPlainText()
        if self.model is None or not text:
            self.token_counter.request("")  # makes any count still running stale
            self.token_label.clear()
            self.last_count = None
            return
        self.token_counter.request(text)

    def _estimate_tokens(self, text: str) -> int | None:
        """On the counter's thread: a guess for a server that cannot count (only llama-server can)."""
        model = self.model
        return estimate_tokens(text) if model is not None and is_remote(str(model.info.path)) else None

    def _show_token_count(self, tokens: int, exact: bool = True) -> None:
        if self.model is None or not self.input.toPlainText():
            return
        self.last_count, self.last_count_exact = tokens, exact
        n_ctx = self.model.context_length
        reserve = reply_reserve(n_ctx, self.settings.model_settings(str(self.model.info.path)).max_tokens)
        if tokens > n_ctx - reserve:
            self.token_label.setStyleSheet(f"color: {colours()['error']};")
            self.token_label.setText(
                self.tr("{tokens} tokens: too long. The model's context holds {context} tokens and {reserve} are "
                        "kept for the reply; this message would be refused.").format(
                    tokens=f"{tokens:,}", context=f"{n_ctx:,}", reserve=f"{reserve:,}"))
        else:
            self.token_label.setStyleSheet("")
            self.token_label.setText(self.tr("%Ln tokens", "", tokens) if exact else
                                     self.tr("about %Ln tokens (estimated: the server cannot count)", "", tokens))

    # Conversations -----------------------------------------------------------------------------------------

    def new_conversation(self) -> None:
        self._new_chat_documents = dict(self.documents_choice())  # a new chat starts as the one before it
        self._leave_conversation()
        self.conversation_id = None
        self.show_documents_choice()
        self.thread_view.clear()
        self.conversations.list.clearSelection()
        self.conversations.list.setCurrentItem(None)
        self._update_state()
        self.input.setFocus()

    def open_conversation(self, conversation_id: int) -> None:
        if self.history.conversation(conversation_id) is None:
            return
        if conversation_id != self.conversation_id:
            self.thread_view.clear()
            self._leave_conversation()
        self.conversation_id = conversation_id
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
        if self.active is None or self.active.conversation_id != conversation_id:
            self.history.show_branch(message_id)
        self.open_conversation(conversation_id)
        widget = self.thread_view.widget_for(message_id)
        if widget is not None:
            QTimer.singleShot(0, lambda: self.thread_view.reveal(widget, widget.highlight(query)))

    def _on_deleted(self, conversation_id: int) -> None:
        if self.active is not None and self.active.conversation_id == conversation_id:
            self.active.reply.stop()
        if self.conversation_id == conversation_id:
            self.new_conversation()

    def _show_thread(self) -> None:
        active = self.active
        if active is not None and active.conversation_id == self.conversation_id:
            # The database may be up to a second behind the stream; the view is rebuilt from it.
            self.history.save_reply(active.message_id, active.text, STREAMING, thinking=active.thinking)
        messages = self.history.thread(self.conversation_id) if self.conversation_id else []
        self.thread_view.set_thread(messages)
        self._update_state()

    def edit_system_prompt(self) -> None:
        if self.conversation_id is None:
            return
        conversation = self.history.conversation(self.conversation_id)
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("System prompt"))
        editor = QPlainTextEdit(conversation.system_prompt, dialog)
        editor.setAccessibleName(self.tr("System prompt"))
        editor.setPlaceholderText(self.tr("Empty: the model's own default instructions apply"))
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel, dialog)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        box = QVBoxLayout(dialog)
        box.addWidget(QLabel(self.tr("Instructions the model sees at the start of this conversation:")))
        box.addWidget(editor)
        box.addWidget(buttons)
        dialog.resize(520, 300)
        if dialog.exec() == QDialog.Accepted:
            self.history.set_system_prompt(self.conversation_id, editor.toPlainText())

    # Sending -----------------------------------------------------------------------------------------------

    def send(self) -> None:
        text = self.input.toPlainText()
        if not text.strip() or self.model is None or self.loading or self.busy:
            return  # the text stays in the box; nothing is dropped
        if self.conversation_id is None:
            title = chat_title(text, TITLE_LENGTH) or self.tr("New chat")
            self.conversation_id = self.history.create_conversation(title)
            self.settings.set(self._documents_key(), self._new_chat_documents)
            self.conversations.select(self.conversation_id)
        thread = self.history.thread(self.conversation_id)
        parent = thread[-1].id if thread else None
        self.history.add_message(self.conversation_id, parent, "user", text)
        self.input.clear()
        self._begin_reply()

    def edit_message(self, message_id: int, new_text: str) -> None:
        """Send an edited user message as a new version beside the old one, which stays reachable."""
        original = self.history.message(message_id)
        if original is None or self.model is None or self.busy:
            return
        self.history.add_message(original.conversation_id, original.parent_id, "user", new_text)
        self._begin_reply()

    def regenerate(self, message_id: int) -> None:
        reply = self.history.message(message_id)
        if reply is None or reply.role != "assistant" or self.model is None or self.busy:
            return
        self.history.set_leaf(reply.conversation_id, reply.parent_id)
        self._begin_reply()

    def regenerate_last(self) -> None:
        last = self._last_reply()
        if last is not None:
            self.regenerate(last.id)

    def show_sibling(self, message_id: int, step: int) -> None:
        if self.busy:
            return
        siblings = self.history.sibling_ids(message_id)
        index = siblings.index(message_id) + step
        if 0 <= index < len(siblings):
            self.history.show_branch(siblings[index])
            self._show_thread()

    # Documents -------------------------------------------------------------------------------------------

    def set_documents(self, documents) -> None:
        self.documents = documents
        self.show_documents_choice()

    def _documents_key(self) -> str | None:
        return f"chat_documents:{self.conversation_id}" if self.conversation_id is not None else None

    def documents_choice(self) -> dict:
        """This conversation's use of the documents: on or off, and which sources (None: all of them). With no
        documents at all it is off, whatever was saved: there is nothing to answer from. The saved choice is kept
        for when documents are added again."""
        if self.documents is not None and not self.documents.sources.all():
            return {"on": False, "sources": None}
        key = self._documents_key()
        choice = self.settings.get(key) if key else self._new_chat_documents
        return choice if isinstance(choice, dict) else {"on": False, "sources": None}

    def set_documents_choice(self, on: bool, sources: list[str] | None = None) -> None:
        choice = {"on": on, "sources": sources}
        key = self._documents_key()
        if key:
            self.settings.set(key, choice)
        else:
            self._new_chat_documents = choice
        self.show_documents_choice()

    def show_documents_choice(self) -> None:
        choice = self.documents_choice()
        available = self.documents.sources.all() if self.documents is not None else []
        if not choice.get("on"):
            text = self.tr("Documents: off")
        elif choice.get("sources") is None:
            text = self.tr("Documents: all")
        else:
            text = self.tr("Documents: {chosen} of {all}").format(
                chosen=len([s for s in choice["sources"] if s in available]), all=len(available))
        self.documents_button.setText(text)
        self.documents_button.setVisible(self.documents is not None)

    def _fill_documents_menu(self) -> None:
        menu = self.documents_menu
        menu.clear()
        choice = self.documents_choice()
        available = self.documents.sources.all() if self.documents is not None else []
        use = menu.addAction(self.tr("Answer from my documents"))
        use.setCheckable(True)
        use.setChecked(bool(choice.get("on")))
        use.setEnabled(bool(available) or bool(choice.get("on")))
        use.toggled.connect(lambda on: self.set_documents_choice(on, self.documents_choice().get("sources")))
        if available:
            menu.addSeparator()
            chosen = choice.get("sources")
            for source in available:
                action = menu.addAction(source)
                action.setCheckable(True)
                action.setChecked(chosen is None or source in chosen)
                action.toggled.connect(lambda checked, source=source: self._toggle_source(source, checked))
        else:
            empty = menu.addAction(self.tr("No documents yet"))
            empty.setEnabled(False)
        menu.addSeparator()
        manage = menu.addAction(self.tr("Manage documents…"))
        manage.triggered.connect(self.manage_documents_requested)

    def _toggle_source(self, source: str, checked: bool) -> None:
        available = self.documents.sources.all()
        chosen = self.documents_choice().get("sources")
        chosen = list(available) if chosen is None else [s for s in chosen if s in available]
        if checked and source not in chosen:
            chosen.append(source)
        elif not checked and source in chosen:
            chosen.remove(source)
        if not chosen:  # no source left: the conversation no longer answers from documents
            self.set_documents_choice(False, None)
        else:
            self.set_documents_choice(True, None if set(chosen) == set(available) else chosen)

    def _begin_reply(self) -> None:
        """With documents on, find the question's passages first (on the thread pool), then start the reply."""
        choice = self.documents_choice()
        if self.documents is None or not choice.get("on"):
            self._start_reply()
            return
        thread = self.history.thread(self.conversation_id)
        question = thread[-1].content if thread else ""
        self._retrieving = True
        self._update_state()
        self.status_changed.emit(self.tr("Searching your documents…"))
        conversation = self.conversation_id

        def found(hits) -> None:
            self._retrieving = False
            if conversation == self.conversation_id and self.model is not None and not self.loading:
                self._start_reply(hits)
            else:  # the model went or the user moved on meanwhile: the question stays, Regenerate answers it
                self.status_changed.emit("")
            self._update_state()

        def failed(message: str) -> None:
            self._retrieving = False
            self._update_state()
            self.status_changed.emit(self.tr("Your documents could not be searched: {error}").format(error=message))

        self.documents.retrieve(question, choice.get("sources"), found, failed, receiver=self)

    def open_source(self, message_id: int, number: int) -> None:
        from assistant.ui.documents.source_view import open_source

        message = self.history.message(message_id)
        source = next((s for s in (message.sources if message else []) if s.get("number") == number), None)
        if source is not None:
            open_source(source, self, self.documents)

    def _start_reply(self, hits=None) -> None:
        """Create the reply row under the visible leaf (a user message) and ask the engine for it. ``hits``: the
        passages found in the documents, when the conversation uses them (empty: nothing matched)."""
        thread = self.history.thread(self.conversation_id)
        conversation = self.history.conversation(self.conversation_id)
        if hits is not None and not hits:
            # Nothing to answer from: said plainly, instead of letting the model guess (nothing is generated).
            reply_id = self.history.add_message(self.conversation_id, thread[-1].id, "assistant", "",
                                                status=COMPLETE)
            self.history.save_reply(reply_id, self.tr(
                "Nothing in your documents matches this question, so there is no answer from them. Try other "
                "words, choose other sources, or turn documents off for this conversation."), COMPLETE)
            self._show_thread()
            self.status_changed.emit("")
            return
        messages = []
        sources: list[dict] = []
        if hits:
            from assistant.core.documents.answer import grounded_messages

            budget = max(512, self.model.context_length // 2) if self.model.context_length else 2048
            grounded, used = grounded_messages(thread[-1].content, hits, budget)
            system = grounded[0]["content"]
            if conversation.system_prompt.strip():
                system = conversation.system_prompt + "\n\n" + system
            messages.append({"role": "system", "content": system})
            sources = [source.record() for source in used]
        elif conversation.system_prompt.strip():
            messages.append({"role": "system", "content": conversation.system_prompt})
        for message in thread:
            if message.status == FAILED and not message.content:
                continue
            # The thinking goes along; whether it reaches the prompt is the chat template's choice.
            messages.append({"role": message.role, "content": message.content, "thinking": message.thinking})
        model_path = str(self.model.info.path)
        reply_id = self.history.add_message(
            self.conversation_id, thread[-1].id, "assistant", "", status=STREAMING, model=self.model.info.name
        )
        if sources:
            self.history.save_reply(reply_id, "", STREAMING, sources=sources)
        settings = self.settings.model_settings(model_path)
        reply = self.client.generate(messages, GenerationParams.from_settings(settings), conversation=True)
        reply.prompt_ready.connect(lambda tokens, dropped: self._on_prompt_ready(reply, tokens, dropped))
        reply.text.connect(lambda text: self._on_chunk(reply, text))
        reply.thinking.connect(lambda text: self._on_thinking(reply, text))
        reply.finished.connect(lambda result: self._on_done(reply, result))
        reply.failed.connect(lambda message, _error: self._on_failed(reply, message))
        self.active = _ActiveReply(reply, self.conversation_id, reply_id, last_saved=time.monotonic())
        self._show_thread()
        self.status_changed.emit(self.tr("Reading the prompt…"))

    def stop(self) -> None:
        if self.active is not None:
            self.active.reply.stop()

    # Results -----------------------------------------------------------------------------------------------

    def _on_prompt_ready(self, reply: Reply, prompt_tokens: int, dropped: int) -> None:
        if self.active is None or self.active.reply is not reply:
            return
        self.active.prompt_tokens, self.active.dropped = prompt_tokens, dropped
        if dropped and self.conversation_id == self.active.conversation_id:
            self.thread_view.show_context_notice(self.history.thread(self.conversation_id), dropped)
        self.status_changed.emit(self.tr("Prompt: {tokens} tokens").format(tokens=f"{prompt_tokens:,}")
                                 + self._context_use(prompt_tokens))

    def _on_chunk(self, reply: Reply, text: str) -> None:
        """Puts the text on screen as it arrives and saves about once a second. The engine thread sends at most 20
        chunks a second (engines/host.py, CHUNK_INTERVAL): on a 2-core machine each update's layout and paint is taken
        from llama.cpp's threads, and a timer of the GUI's own on top would wake it twice as often for the same text."""
        active = self.active
        if active is None or active.reply is not reply:
            return
        active.text += text
        widget = self._visible_widget(active)
        if widget is not None:
            widget.append_stream(text)
        self._save_now_and_then(active)

    def _on_thinking(self, reply: Reply, text: str) -> None:
        active = self.active
        if active is None or active.reply is not reply:
            return
        if not active.thinking:
            self.status_changed.emit(self.tr("Thinking…"))
        active.thinking += text
        widget = self._visible_widget(active)
        if widget is not None:
            widget.append_thinking(text)
        self._save_now_and_then(active)

    def _visible_widget(self, active: _ActiveReply):
        """The reply's widget, when its conversation is the one on screen."""
        if self.conversation_id != active.conversation_id:
            return None
        return self.thread_view.widget_for(active.message_id)

    def _save_now_and_then(self, active: _ActiveReply) -> None:
        now = time.monotonic()
        if now - active.last_saved >= SAVE_INTERVAL_S:
            self.history.save_reply(active.message_id, active.text, STREAMING, thinking=active.thinking)
            active.last_saved = now

    def _on_done(self, reply: Reply, result: GenerationResult) -> None:
        active = self.active
        if active is None or active.reply is not reply:
            return
        text = result.text if len(result.text) >= len(active.text) else active.text
        # A reply that ended by itself with no answer is not complete: it says why, in the reply itself.
        reason = None if text.strip() else result.no_answer_reason()
        status = STOPPED if result.stopped else FAILED if reason else COMPLETE
        self.history.save_reply(
            active.message_id,
            text,
            status,
            error=reason,
            prompt_tokens=result.prompt_tokens,
            generated_tokens=result.generated_tokens,
            ttft_ms=None if result.time_to_first_token is None else result.time_to_first_token * 1000,
            tokens_per_s=result.tokens_per_second,
            context_dropped=result.dropped_messages,
            thinking=result.thinking or active.thinking.strip(),
            thinking_seconds=result.thinking_seconds,
        )
        self.active = None
        if self.conversation_id == active.conversation_id:
            self._show_thread()
        else:
            self._update_state()
        # One line: a second emit would replace the figures instead of adding to them.
        self.status_changed.emit(" · ".join([self._stats_line(result, status), *result.warnings]))

    def _on_failed(self, reply: Reply, message: str) -> None:
        active = self.active
        if active is None or active.reply is not reply:
            return
        self.history.save_reply(active.message_id, active.text, FAILED, error=message, thinking=active.thinking)
        self.active = None
        if self.conversation_id == active.conversation_id:
            self._show_thread()
        else:
            self._update_state()
        self.status_changed.emit(message)

    def _context_use(self, used: int) -> str:
        if self.model is None:
            return ""
        total = self.model.context_length
        return " · " + self.tr("context {used} / {total} ({share}%)").format(
            used=f"{used:,}", total=f"{total:,}", share=100 * used // max(total, 1))

    def _stats_line(self, result: GenerationResult, status: str) -> str:
        parts = []
        if status == STOPPED:
            parts.append(self.tr("Stopped"))
        if result.tokens_per_second:
            parts.append(self.tr("{rate} tokens/s").format(rate=f"{result.tokens_per_second:.1f}"))
        if result.time_to_first_token is not None:
            parts.append(self.tr("first token {seconds} s").format(seconds=f"{result.time_to_first_token:.2f}"))
        if result.thinking_tokens:
            parts.append(self.tr("%n tokens of thinking", "", result.thinking_tokens))
        if result.counts_estimated:
            parts.append(self.tr("about {prompt} prompt + {generated} generated tokens (estimated: the server did "
                                 "not count)").format(prompt=f"{result.prompt_tokens:,}",
                                                      generated=f"{result.generated_tokens:,}"))
        else:
            parts.append(self.tr("{prompt} prompt + {generated} generated tokens").format(
                prompt=f"{result.prompt_tokens:,}", generated=f"{result.generated_tokens:,}"))
        line = " · ".join(parts) + self._context_use(result.prompt_tokens + result.generated_tokens)
        if result.dropped_messages:
            line += " · " + self.tr("%n earlier messages left out", "", result.dropped_messages)
        return line

    def save_partial_and_stop(self) -> None:
        """Called on quit or model switch: keep what the reply has so far, marked as stopped."""
        active = self.active
        if active is None:
            return
        active.reply.stop()
        self.history.save_reply(active.message_id, active.text, STOPPED, thinking=active.thinking)
