"""The Chat pane's side of tools: the Tools button, and what the session says of a reply's calls put where the user
looks. A call waiting for the user gets its approval card under its reply (and again when its conversation is shown
again: ``show_asked``); a running one a line; each ended call its block; a server whose tools a reply could not
have, a line in that reply. The user's answer goes back through ``ChatSession.decide``, the only way a call runs."""

from __future__ import annotations

from PySide6.QtCore import QObject

from assistant.core.chat import chat_session as events
from assistant.core.storage.settings import Settings
from assistant.core.tools.mcp_servers import McpServers
from assistant.ui.chat.approval_card import ApprovalCard
from assistant.core.tools.chat_toolboxes import ChatToolboxes
from assistant.ui.chat.tools_menu import ToolsButton


class ChatTools(QObject):
    def __init__(self, pane, settings: Settings):
        super().__init__(pane)
        self.pane, self.session, self.settings = pane, pane.session, settings
        self.toolboxes: ChatToolboxes | None = None
        self.button = ToolsButton(self.session, pane)
        self.button.servers_requested.connect(self.open_servers)
        self.dialog = None
        self._notices: list[str] = []  # said in the next reply's tool area (the reply has no widget yet)

    def set_toolboxes(self, toolboxes: ChatToolboxes) -> None:
        """The window's toolboxes (ui/shell/services.py): the session asks them for each reply's tools."""
        self.toolboxes = toolboxes
        self.session.toolboxes = toolboxes
        self.button.set_toolboxes(toolboxes)

    def refresh(self) -> None:
        """The conversation on screen changed, or its state: the button's words and the cards that wait."""
        self.button.show_choice()
        self.show_asked()

    def on_event(self, event) -> None:
        if isinstance(event, events.ToolCallAsked):
            self._ask(event, focus=True)
            self.pane.status_changed.emit(self.tr("The model asks to run “{tool}”: allow or deny it under the "
                                                  "reply.").format(tool=event.call.name))
        elif isinstance(event, events.ToolCallRunning):
            widget = self._widget(event.message_id)
            if widget is not None:
                widget.tools.set_running(event.call.name)
            self.pane.status_changed.emit(self.tr("Running “{tool}”…").format(tool=event.call.name))
        elif isinstance(event, events.ToolCallFinished):
            widget = self._widget(event.message_id)
            if widget is not None:
                widget.add_tool_step(event.step)
            self.show_asked()
        elif isinstance(event, events.ToolsUnavailable):
            self._notices.append(event.message)
        elif isinstance(event, events.ReplyStarted):
            widget = self._widget(event.turn.message_id)
            if widget is not None and self._notices:
                widget.tools.show_notice("\n".join(self._notices))
            self._notices = []

    def _widget(self, message_id: int):
        return self.pane.thread_view.widget_for(message_id)

    # Approval cards --------------------------------------------------------------------------------------------

    def show_asked(self) -> None:
        """The cards of the calls waiting in the conversation on screen, and no others."""
        asked = self.session.asked()
        for widget in self.pane.thread_view.message_widgets():
            if widget.message.role == "assistant":
                widget.tools.keep_cards({a.call.id for a in asked if a.message_id == widget.message.id})
        for event in asked:
            self._ask(event, focus=False)

    def _ask(self, event: events.ToolCallAsked, focus: bool) -> None:
        widget = self._widget(event.message_id)
        if widget is None or event.call.id in widget.tools.cards:
            return
        card = ApprovalCard(event, widget.tools)
        card.decided.connect(self.decide)
        widget.tools.add_card(event.call.id, card)
        if focus:
            card.take_focus()

    def cards(self) -> list[ApprovalCard]:
        return [card for widget in self.pane.thread_view.message_widgets() for card in widget.tools.cards.values()]

    def decide(self, call_id: str, decision: str) -> None:
        self.session.decide(call_id, decision)
        self.show_asked()

    # MCP servers -------------------------------------------------------------------------------------------------

    def open_servers(self, name: str = "") -> None:
        """The servers dialog, at ``name`` when given (a server waiting for approval, or one that failed)."""
        from assistant.ui.chat.mcp_servers_dialog import McpServersDialog

        if self.toolboxes is None:
            return
        if self.dialog is None:
            self.dialog = McpServersDialog(McpServers(self.settings), self.toolboxes,
                                           self.session.approvals, self.pane)
            self.dialog.finished.connect(self._servers_closed)
        self.dialog.select(name)
        self.dialog.open()

    def _servers_closed(self) -> None:
        self.dialog.deleteLater()
        self.dialog = None
        self.button.show_choice()
