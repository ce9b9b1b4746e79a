"""Tools → MCP servers… (from the Chat pane's Tools button): the MCP servers the user adds by hand, each a name, the
command that starts it, its arguments and the folder it starts in (core/tools/mcp_servers). A server runs a program
on the user's computer, so before its first start, and again whenever its command, arguments or folder change, the
exact command line is shown and the user is asked to run it; only then does it start (with a minimal environment:
no keys, no tokens). How each server stands (starting, its tools, why it failed) is said here, and the tools the user
always allows are listed, each one's grant to be taken back."""

from __future__ import annotations

import shlex
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QDialog, QFileDialog, QFormLayout, QFrame, QLineEdit, QListWidget, QListWidgetItem,
                               QWidget)

from assistant.core.storage.write_failure import STORAGE_ERRORS
from assistant.core.tools.approvals import ApprovalPolicy
from assistant.core.tools.mcp_servers import McpServerConfig, McpServers
from assistant.core.tools.tool_spec import HEARTH
from assistant.core.tools.chat_toolboxes import FAILED, READY, STARTING, UNAPPROVED, ChatToolboxes, ServerState
from assistant.ui.chat.tool_blocks import CodeBox
from assistant.ui.chat.tool_limits import ToolLimits
from assistant.ui.common.dialog_parts import STRETCH, action_button, close_buttons, column, note_label, row, text_label
from assistant.ui.common.theme import colours
from assistant.ui.common.ui_language import Texts, Translatable


class McpServersDialog(Translatable, QDialog):
    servers_changed = Signal()  # from a server's thread: one started or failed (relayed to the GUI thread)

    def __init__(self, servers: McpServers, toolboxes: ChatToolboxes, approvals: ApprovalPolicy, parent=None):
        super().__init__(parent)
        self.servers, self.toolboxes, self.approvals = servers, toolboxes, approvals
        self.editing: str | None = None  # the server whose fields are shown (None: a new one)
        self.texts = Texts(self)
        self.setObjectName("mcpServersDialog")
        self.texts.bind(self.setWindowTitle, lambda: self.tr("MCP servers"))
        self.setMinimumWidth(700)
        self.server_list = QListWidget(self)
        self.server_list.setObjectName("mcpServerList")
        self.texts.bind(self.server_list.setAccessibleName, lambda: self.tr("MCP servers"))
        self.server_list.currentItemChanged.connect(lambda *_: self._chosen())
        left = column(None, text_label(self, lambda: self.tr("Servers")), (self.server_list, 1),
                      row(action_button(self, lambda: self.tr("New server"), self.new_server, "newMcpServer"),
                          action_button(self, lambda: self.tr("Remove"), self.remove, "removeMcpServer")))
        right = column(None, self._make_form(), self._make_approval(), STRETCH)
        self.grant_list = QListWidget(self)
        self.grant_list.setObjectName("grantList")
        self.texts.bind(self.grant_list.setAccessibleName, lambda: self.tr("Tools you always allow"))
        grants = column(None, text_label(self, lambda: self.tr(
            "Tools you always allow (each until it, or its server, changes):")), self.grant_list,
            row(STRETCH, action_button(self, lambda: self.tr("Take back"), self.revoke, "revokeGrant")))
        self.limits = ToolLimits(servers.settings, self)
        column(self, (row((left, 2), (right, 3)), 1), grants, self.limits, close_buttons(self))
        self.servers_changed.connect(self._fill)
        self._relay = self.servers_changed.emit  # one object, to be unsubscribed as it was subscribed
        self._listening = False
        self.finished.connect(lambda _result: self._stop_listening())
        self.texts.on_change(self._fill)
        self._fill()
        self._fill_grants()

    def _make_form(self) -> QWidget:
        form_box = QWidget(self)
        form = QFormLayout(form_box)
        form.setContentsMargins(0, 0, 0, 0)
        self.name_edit, self.command_edit = QLineEdit(self), QLineEdit(self)
        self.arguments_edit, self.folder_edit = QLineEdit(self), QLineEdit(self)
        for edit, name in ((self.name_edit, "mcpName"), (self.command_edit, "mcpCommand"),
                           (self.arguments_edit, "mcpArguments"), (self.folder_edit, "mcpFolder")):
            edit.setObjectName(name)
        self.texts.bind(self.command_edit.setPlaceholderText, lambda: self.tr("npx, uvx, python, or a program's path"))
        self.texts.bind(self.arguments_edit.setPlaceholderText, lambda: self.tr(
            "As you would type them after the command; quote one with spaces"))
        self.texts.bind(self.folder_edit.setPlaceholderText, lambda: self.tr("Optional"))
        browse = action_button(self, lambda: self.tr("Browse…"), self._browse)
        form.addRow(text_label(self, lambda: self.tr("Name:")), self.name_edit)
        form.addRow(text_label(self, lambda: self.tr("Command:")), self.command_edit)
        form.addRow(text_label(self, lambda: self.tr("Arguments:")), self.arguments_edit)
        form.addRow(text_label(self, lambda: self.tr("Working folder:")), row(self.folder_edit, browse))
        self.problem = note_label(self, "mcpProblem", selectable=True)
        self.state_line = note_label(self, "mcpState", selectable=True)
        self.save_button = action_button(self, lambda: self.tr("Save"), self.save, "saveMcpServer")
        self.restart_button = action_button(self, lambda: self.tr("Start again"), self.restart, "restartMcpServer")
        form.addRow(self.problem)
        form.addRow(row(self.save_button, self.restart_button, STRETCH))
        form.addRow(self.state_line)
        return form_box

    def _make_approval(self) -> QFrame:
        """The exact command line, and the question whether to run it."""
        self.approval = QFrame(self)
        self.approval.setObjectName("commandApproval")
        self.approval.setFrameShape(QFrame.StyledPanel)
        self.command_box = CodeBox("", "approvalCommand", self.approval)
        self.run_button = action_button(self, lambda: self.tr("Run this command"), self.approve, "runCommandButton")
        not_now = action_button(self, lambda: self.tr("Not now"), self.approval.hide, "notNowButton")
        warning = text_label(self, lambda: self.tr(
            "Hearth will run this program on your computer, with your permissions, to start the server. It gets no "
            "API keys or tokens from Hearth. Run it only if you trust it:"))
        warning.setWordWrap(True)
        column(self.approval, warning, self.command_box, row(self.run_button, not_now, STRETCH))
        self.approval.hide()
        return self.approval

    # Showing ---------------------------------------------------------------------------------------------------

    def showEvent(self, event) -> None:
        # The pane keeps the dialog and shows it again: it hears the servers while it is open, each time.
        if not self._listening:
            self._listening = True
            self.toolboxes.subscribe(self._relay)
            self._fill()
        super().showEvent(event)

    def _stop_listening(self) -> None:
        if self._listening:
            self._listening = False
            self.toolboxes.unsubscribe(self._relay)

    def state_of(self, name: str) -> ServerState | None:
        return next((state for state in self.toolboxes.states() if state.config.name == name), None)

    def _fill(self) -> None:
        """The list again (a server started or failed, or the language changed), the same server chosen."""
        current = self.editing
        self.server_list.blockSignals(True)
        self.server_list.clear()
        for state in self.toolboxes.states():
            item = QListWidgetItem(self.tr("{server} — {state}").format(server=state.config.name,
                                                                         state=self.state_word(state)))
            item.setData(Qt.UserRole, state.config.name)
            self.server_list.addItem(item)
            if state.config.name == current:
                self.server_list.setCurrentItem(item)
        self.server_list.blockSignals(False)
        self._show_state()

    def state_word(self, state: ServerState) -> str:
        return {UNAPPROVED: self.tr("waiting for your approval"), STARTING: self.tr("starting"),
                READY: self.tr("%n tool(s)", "", len(state.tools)), FAILED: self.tr("failed")}[state.state]

    def select(self, name: str) -> None:
        """Show one server (""; the first, or a new one when there is none)."""
        names = [self.server_list.item(i).data(Qt.UserRole) for i in range(self.server_list.count())]
        if name not in names:
            name = names[0] if names else ""
        if not name:
            self.new_server()
            return
        self.server_list.setCurrentRow(names.index(name))
        self._chosen()

    def _chosen(self) -> None:
        item = self.server_list.currentItem()
        config = self.servers.get(item.data(Qt.UserRole)) if item is not None else None
        if config is None:
            return
        self.editing = config.name
        self.name_edit.setText(config.name)
        self.command_edit.setText(config.command)
        self.arguments_edit.setText(shlex.join(config.args))
        self.folder_edit.setText(config.cwd)
        self.problem.clear()
        self._show_state()

    def _show_state(self) -> None:
        state = self.state_of(self.editing) if self.editing else None
        self.restart_button.setVisible(state is not None and state.state == FAILED)
        if state is None:
            self.state_line.clear()
            self.approval.hide()
            return
        if state.state == READY:
            text = self.tr("Running. Its tools: {tools}").format(tools=", ".join(s.name for s in state.tools) or "-")
        elif state.state == FAILED:
            text = state.problem
        else:
            text = self.state_word(state).capitalize() + "."
        self.state_line.setText(text)
        self.state_line.setStyleSheet(f"color: {colours()['error']};" if state.state == FAILED else "")
        self.command_box.setPlainText(state.config.command_line())
        self.approval.setVisible(state.state == UNAPPROVED)

    def _fill_grants(self) -> None:
        self.grant_list.clear()
        try:
            grants = self.approvals.grants()
        except STORAGE_ERRORS:
            grants = []
        for grant in grants:
            where = self.tr("Hearth") if grant.source == HEARTH else grant.source
            item = QListWidgetItem(self.tr("{tool} ({server})").format(tool=grant.name, server=where))
            item.setData(Qt.UserRole, grant.fingerprint)
            self.grant_list.addItem(item)

    # Changing --------------------------------------------------------------------------------------------------

    def new_server(self) -> None:
        self.editing = None
        self.server_list.clearSelection()
        self.server_list.setCurrentItem(None)
        for edit in (self.name_edit, self.command_edit, self.arguments_edit, self.folder_edit):
            edit.clear()
        self.problem.clear()
        self._show_state()
        self.name_edit.setFocus()

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("The folder the server starts in"),
                                                  self.folder_edit.text())
        if folder:
            self.folder_edit.setText(folder)

    def config(self) -> McpServerConfig | None:
        """The fields as a server, or None with the problem said."""
        try:
            args = tuple(shlex.split(self.arguments_edit.text()))
        except ValueError:
            return self._refuse(self.tr("The arguments have a quote that is not closed."))
        folder = self.folder_edit.text().strip()
        if folder and not Path(folder).is_dir():
            return self._refuse(self.tr("There is no folder “{folder}”.").format(folder=folder))
        before = self.servers.get(self.editing) if self.editing else None
        return McpServerConfig(self.name_edit.text().strip(), self.command_edit.text().strip(), args, folder,
                               before.approved_command if before is not None else "")

    def _refuse(self, text: str) -> None:  # None: what config() gives when it refuses
        self.problem.setStyleSheet(f"color: {colours()['error']};")
        self.problem.setText(text)
        return None

    def save(self) -> bool:
        """Kept; a command the user has not approved as it is now is shown to be approved before it starts."""
        config = self.config()
        if config is None:
            return False
        try:
            self.servers.put(config, replacing=self.editing)
        except ValueError as exc:
            self._refuse(str(exc))
            return False
        except STORAGE_ERRORS as exc:
            self._refuse(self.tr("The server could not be saved: {reason}").format(reason=exc))
            return False
        self.editing = config.name
        self.problem.clear()
        self.toolboxes.warm()  # a server changed since it started is ended; an approved one starts
        self._fill()
        if config.needs_approval:
            self.run_button.setFocus()
        return True

    def approve(self) -> None:
        """The user read the command line shown and accepted it: the server may start, as it is now."""
        if self.editing is None:
            return
        shown = self.command_box.toPlainText()
        config = self.servers.get(self.editing)
        if config is None or config.command_line() != shown:
            return  # changed since it was shown: shown again, not approved unseen
        try:
            self.servers.approve(self.editing)
        except STORAGE_ERRORS as exc:
            self._refuse(self.tr("The approval could not be saved: {reason}").format(reason=exc))
            return
        self.toolboxes.warm()
        self._fill()

    def restart(self) -> None:
        if self.editing:
            self.toolboxes.restart(self.editing)
            self._fill()

    def remove(self) -> None:
        """The server goes, and so does every "always allow" given to its tools."""
        if self.editing is None:
            return
        try:
            self.servers.remove(self.editing)
            self.approvals.revoke_source(self.editing)
        except STORAGE_ERRORS as exc:
            self._refuse(self.tr("The server could not be removed: {reason}").format(reason=exc))
            return
        self.toolboxes.warm()  # ends it
        self._fill()
        self._fill_grants()
        self.select("")

    def revoke(self) -> None:
        item = self.grant_list.currentItem()
        if item is not None:
            try:
                self.approvals.revoke(item.data(Qt.UserRole))
            except STORAGE_ERRORS as exc:
                self._refuse(self.tr("The grant could not be taken back: {reason}").format(reason=exc))
            self._fill_grants()
