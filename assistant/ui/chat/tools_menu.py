"""The Chat input row's Tools button: its menu switches the model's tools on or off for the conversation (off until
the user switches them on), chooses which, picks the files the model may read, and says how each MCP server stands.
The choice itself is the session's (ChatSession.tools_choice / set_tools); the tools are the window's toolboxes
(chat_toolboxes.py), listed here without starting or waiting for anything."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QMenu, QToolButton, QWidget

from assistant.core.chat.chat_session import ChatSession
from assistant.core.chat.tool_round import tool_key
from assistant.core.tools import calculator, clock_tool, documents_tool, picked_files
from assistant.core.tools.tool_spec import HEARTH, ToolSpec
from assistant.core.tools.chat_toolboxes import FAILED, READY, STARTING, UNAPPROVED, ChatToolboxes, ServerState
from assistant.ui.chat.icon_buttons import IconButton, show_switch
from assistant.ui.common.ui_language import Texts, Translatable

READ_FILE_KEY = f"{HEARTH}/{picked_files.NAME}"


class ToolsButton(Translatable, IconButton):
    changed = Signal()  # the conversation's choice was changed from the menu
    servers_requested = Signal(str)  # open the MCP servers dialog (at this server: "" for none)

    def __init__(self, session: ChatSession, parent: QWidget | None = None):
        super().__init__("wrench", parent, "toolsButton")
        self.session = session
        self.toolboxes: ChatToolboxes | None = None
        self.texts = Texts(self)
        self.setPopupMode(QToolButton.InstantPopup)
        self.choices = QMenu(self)
        self.choices.setObjectName("toolsMenu")
        self.choices.aboutToShow.connect(self.fill)
        self.setMenu(self.choices)
        self.texts.on_change(self.show_choice)
        self.hide()  # until the window gives its toolboxes

    def set_toolboxes(self, toolboxes: ChatToolboxes) -> None:
        self.toolboxes = toolboxes
        self.show()
        self.show_choice()

    def available(self) -> list[ToolSpec]:
        return self.toolboxes.available(self.session.tools_choice().files) if self.toolboxes is not None else []

    def show_choice(self) -> None:
        choice = self.session.tools_choice()
        if not choice.on:
            text = self.tr("Tools: off")
        elif choice.tools is None:
            text = self.tr("Tools: on")
        else:
            keys = [tool_key(spec) for spec in self.available()]
            text = self.tr("Tools: {chosen} of {all}").format(chosen=len([k for k in choice.tools if k in keys]),
                                                              all=len(keys))
        show_switch(self, text, choice.on)
        # Off, the icon is all there is to see: the tooltip says the state before what the button is for.
        self.setToolTip(text + "\n" + self.tr(
            "Let the model use tools in this conversation: a calculator, the date, files you pick, your documents, "
            "MCP servers. You approve each call."))

    # The menu ----------------------------------------------------------------------------------------------

    def fill(self) -> None:
        menu = self.choices
        menu.clear()
        choice = self.session.tools_choice()
        use = menu.addAction(self.tr("Let the model use tools"))
        use.setObjectName("toolsOn")
        use.setCheckable(True)
        use.setChecked(choice.on)
        use.toggled.connect(self.switch)
        model = self.session.model
        if model is not None and model.calls_tools is False:
            # A user whose model never calls a tool should know it is the model, not the switch.
            note = menu.addAction(self.tr("{model} was not trained to call tools (its chat template describes none): "
                                          "it is told about them, but may never call one.").format(
                model=model.info.name))
            note.setObjectName("toolsModelNote")
            note.setEnabled(False)
        menu.addSection(self.tr("Tools"))
        for spec in self.available():
            key = tool_key(spec)
            action = menu.addAction(self.tool_label(spec))
            action.setObjectName(f"tool:{key}")
            action.setCheckable(True)
            action.setChecked(choice.tools is None or key in choice.tools)
            action.setEnabled(choice.on)
            action.setToolTip(f"<p>{html.escape(spec.description[:600])}</p>")  # its words, never its markup
            action.toggled.connect(lambda checked, key=key: self.toggle_tool(key, checked))
        menu.addSection(self.tr("Files the model may read"))
        for path in choice.files:
            action = menu.addAction(Path(path).name)
            action.setCheckable(True)
            action.setChecked(True)
            action.setToolTip(html.escape(path))
            action.toggled.connect(lambda checked, path=path: checked or self.forget_file(path))
        menu.addAction(self.tr("Pick files for the model to read…")).triggered.connect(self.pick_files)
        menu.setToolTipsVisible(True)
        if self.toolboxes is not None:
            menu.addSection(self.tr("MCP servers"))
            for state in self.toolboxes.states():
                action = menu.addAction(self.server_line(state))
                action.setEnabled(state.state in (UNAPPROVED, FAILED))
                if state.problem:
                    action.setToolTip(html.escape(state.problem))
                action.triggered.connect(lambda _=False, name=state.config.name: self.servers_requested.emit(name))
            servers = menu.addAction(self.tr("MCP servers…"))
            servers.setObjectName("mcpServersAction")
            servers.triggered.connect(lambda: self.servers_requested.emit(""))

    def tool_label(self, spec: ToolSpec) -> str:
        if spec.source == HEARTH:
            own = {calculator.NAME: self.tr("Calculator"), clock_tool.NAME: self.tr("Date and time"),
                   picked_files.NAME: self.tr("Read a picked file"),
                   documents_tool.NAME: self.tr("Search my documents")}
            return own.get(spec.name, spec.name)
        return self.tr("{tool} ({server})").format(tool=spec.name, server=spec.source)

    def server_line(self, state: ServerState) -> str:
        name = state.config.name
        if state.state == UNAPPROVED:
            return self.tr("{server}: not started, its command waits for your approval…").format(server=name)
        if state.state == STARTING:
            return self.tr("{server}: starting…").format(server=name)
        if state.state == READY:
            return self.tr("{server}: %n tool(s)", "", len(state.tools)).format(server=name)
        return self.tr("{server}: failed (see why…)").format(server=name)

    # Changing the choice -------------------------------------------------------------------------------------

    def switch(self, on: bool) -> None:
        choice = self.session.tools_choice()
        if self.session.set_tools(on, choice.tools) and on and self.toolboxes is not None:
            self.toolboxes.warm()  # the servers start now, in the background, before the question is sent
        self._changed()

    def toggle_tool(self, key: str, checked: bool) -> None:
        choice = self.session.tools_choice()
        keys = [tool_key(spec) for spec in self.available()]
        chosen = list(keys if choice.tools is None else choice.tools)
        chosen = [k for k in chosen if k != key] + ([key] if checked else [])
        self.session.set_tools(choice.on, None if set(keys) <= set(chosen) else chosen)
        self._changed()

    def pick_files(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(self, self.tr("Files the model may read"))
        if paths:
            self.add_files(paths)

    def add_files(self, paths: list[str]) -> None:
        """Picking a file means the model is to read it: tools on, and the reading tool with them."""
        choice = self.session.tools_choice()
        files = list(choice.files) + [str(Path(p)) for p in paths if str(Path(p)) not in choice.files]
        tools = None if choice.tools is None else sorted(set(choice.tools) | {READ_FILE_KEY})
        if self.session.set_tools(True, tools if choice.on else None, files) and self.toolboxes is not None:
            self.toolboxes.warm()
        self._changed()

    def forget_file(self, path: str) -> None:
        choice = self.session.tools_choice()
        self.session.set_tools(choice.on, choice.tools, [f for f in choice.files if f != path])
        self._changed()

    def _changed(self) -> None:
        self.show_choice()
        self.changed.emit()
