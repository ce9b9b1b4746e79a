"""The Chat pane's states shown: what core/chat/pane_state.py decides from the model session's news (a load under
way and how far, a failure, a crash), the thread and the composer, put on the pane's widgets: its page, the note
about the model, the model picker, Send or Stop, and the context gauge."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication

from assistant.core.chat import pane_state
from assistant.core.chat.context_gauge import context_use
from assistant.core.chat.pane_state import ModelNews, send_block
from assistant.core.engines.context_window import reply_reserve
from assistant.ui.common.ui_language import Texts, Translatable


class ChatStateView(Translatable, QObject):
    def __init__(self, pane):
        super().__init__(pane)
        self.pane = pane
        self.texts = Texts(self)
        self.news = ModelNews()  # the model session's notices, and how far a load is
        self.context_tokens = 0  # what the conversation on screen took of the context when last counted
        self._keyboard_owed = False  # the start page had the keyboard when a model began to load
        pane.client.load_progress.connect(self._load_progress)
        note = pane.model_note
        note.choose_requested.connect(lambda: pane.model_picker.showMenu())  # looked up when chosen
        note.retry_requested.connect(lambda: pane.load_recent_requested.emit(self.news.failed_path))
        note.dismissed.connect(lambda: (self.news.dismiss(), pane.update_state()))
        self.texts.on_change(self.show_send)

    def observe(self, session) -> None:
        """Follow the model session (core/engines/model_session.py): the model loaded, or that one is loading, and
        what it tells (a load that failed, a crash)."""
        session.subscribe(self._on_model_session)
        session.on_notice(lambda notice: (self.news.hear(notice.kind, notice.message), self.pane.update_state()))

    def _on_model_session(self, session) -> None:
        pane = self.pane
        self.news.follow(session.loading_path, session.loading_name, session.restarting)
        if (session.model, session.loading) != (pane.model, pane.loading):
            pane.set_model(session.model, loading=session.loading)
        else:
            pane.update_state()

    def _load_progress(self, share: float) -> None:
        self.news.progress(share)
        self.show()

    def show(self) -> None:
        pane, news = self.pane, self.news
        state = pane_state.pane_state(pane.model is not None, pane.loading, len(pane.thread_view.message_widgets()),
                                      news.share, news.failure, news.recovering)
        page = {pane_state.START: pane.welcome, pane_state.EMPTY: pane.empty_page,
                pane_state.THREAD: pane.thread_view}[state.page]
        # A model opened from the start page: the keyboard goes where the first question is typed once it can be,
        # not on to whatever followed the start page's button (disabled while the model loads) in the Tab order.
        focus = QApplication.focusWidget()
        if focus is not None and pane.welcome.isAncestorOf(focus):
            self._keyboard_owed = True
        pane.stack.setCurrentWidget(page)
        pane.model_note.show_state(state.note, state.share, news.loading_name,
                                   news.crash if state.note == pane_state.RECOVERING else news.failure,
                                   can_retry=bool(news.failed_path))
        pane.model_picker.set_model(pane.model, news.loading_name if pane.loading else "")
        pane.welcome.set_loading(pane.loading)
        self.show_send()
        if self._keyboard_owed and page is not pane.welcome and pane.input.isEnabled() and pane.isVisible():
            self._keyboard_owed = False
            focus = QApplication.focusWidget()
            if focus is None or any(part.isAncestorOf(focus) for part in (pane.input_row, pane.stack)):
                pane.input.setFocus(Qt.OtherFocusReason)

    def show_send(self) -> None:
        """Send, or Stop in its place while a reply is written; Send off, with the reason in its tooltip."""
        pane = self.pane
        send, stop = pane.send_button, pane.stop_button
        block = send_block(pane.session.ready, pane.loading, pane.busy, pane.input_row.sendable())
        writing = block == pane_state.WRITING
        if writing and send.hasFocus():
            stop.setVisible(True)
            stop.setFocus()  # the keyboard stays where it was, on the one button there
        elif not writing and stop.hasFocus():
            send.setVisible(True)
            send.setFocus()
        stop.setVisible(writing)
        stop.setEnabled(writing)
        send.setVisible(not writing)
        send.setEnabled(block is None)
        tip = {None: self.tr("Send (Enter)"),
               pane_state.NOTHING_TO_SEND: self.tr("Type a message to send it"),
               pane_state.NO_MODEL: self.tr("Choose a model first, in the header above"),
               pane_state.MODEL_LOADING: self.tr("The model is still loading")}.get(block, "")
        send.setToolTip(tip)
        send.setAccessibleDescription(tip)

    def show_context(self, used: int | None = None) -> None:
        """The gauge in the header: ``used`` tokens, or what the conversation took when last counted."""
        pane = self.pane
        if used is not None:
            self.context_tokens = used
        if pane.model is None:
            pane.context_gauge.show_use(None)
            return
        n_ctx = pane.model.context_length
        reserve = reply_reserve(n_ctx, pane.settings.model_settings(str(pane.model.info.path)).max_tokens)
        pane.context_gauge.show_use(context_use(self.context_tokens, n_ctx, reserve))
