"""The toolboxes Chat's replies may use, made once for the window (ui/shell/services.py builds it) and given to the chat
session as its ``toolboxes``: Hearth's own tools (calculator, date and time, the files picked for the conversation,
the user's documents) and the MCP servers the user added (core/tools/mcp_servers).

A server never starts on the GUI thread: it starts on a thread of its own when a conversation's tools are switched
on (``warm``) or a reply asks for them. A reply that begins while a server is still starting goes on without its
tools and says so (the session's ToolsUnavailable); the next one has them. A server whose process ended starts again
for the next reply; one whose command, arguments or folder changed is ended and, once approved as it is now, started
anew. Only a server whose command line the user saw and accepted starts. ``close`` ends them all, at quit.

Plain Python (threads, no Qt): listeners are called on a server's thread; a widget relays them to its own."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.core.i18n import translate
from assistant.core.storage.history import ToolsChoice
from assistant.core.tools.builtin_toolbox import BuiltinToolbox
from assistant.core.tools.documents_tool import Search
from assistant.core.tools.mcp_servers import McpServerConfig, McpServers
from assistant.core.tools.mcp_toolbox import McpToolbox
from assistant.core.tools.tool_spec import DEFAULT_TIMEOUT, Toolbox, ToolboxProblem, ToolResult, ToolSpec

log = logging.getLogger(__name__)

UNAPPROVED, STARTING, READY, FAILED = "unapproved", "starting", "ready", "failed"


@dataclass(frozen=True)
class ServerState:
    """A server as the Tools menu and the servers dialog show it."""
    config: McpServerConfig
    state: str  # UNAPPROVED (its command waits for the user), STARTING, READY or FAILED
    tools: list[ToolSpec] = field(default_factory=list)
    problem: str = ""  # why it failed, in one line


class _Server:
    def __init__(self, config: McpServerConfig, toolbox):
        self.config, self.toolbox = config, toolbox
        self.state, self.problem = STARTING, ""
        self.specs: list[ToolSpec] = []

    def start(self, changed: Callable[[], None]) -> None:
        try:
            self.toolbox.start()
            self.specs = list(self.toolbox.specs())
            self.state = READY
        except ToolboxProblem as exc:
            self.problem, self.state = str(exc), FAILED
        except Exception as exc:  # noqa: BLE001 - a fault of the toolbox: said in one line, logged whole
            log.warning("the MCP server %s could not start", self.config.name, exc_info=True)
            self.problem = translate("Tools", "The MCP server “{server}” cannot start ({reason}).").format(
                server=self.config.name, reason=" ".join(str(exc).split())[:300] or type(exc).__name__)
            self.state = FAILED
        changed()

    @property
    def ended(self) -> bool:
        process = getattr(self.toolbox, "process", None)
        return self.state == READY and process is not None and process.ended


class _Offered:
    """A server as one reply sees it: its tools once it has started; else why not, as a ToolboxProblem."""

    def __init__(self, server: _Server):
        self.server = server

    def specs(self) -> list[ToolSpec]:
        server = self.server
        if server.state == READY:
            return list(server.specs)
        if server.state == STARTING:
            raise ToolboxProblem(translate("Tools", "The MCP server “{server}” is still starting: its tools are not "
                                                    "offered to this reply, but will be to the next.").format(
                server=server.config.name))
        raise ToolboxProblem(server.problem)

    def call(self, name: str, arguments: dict, cancel: threading.Event, timeout: float = DEFAULT_TIMEOUT) -> ToolResult:
        return self.server.toolbox.call(name, arguments, cancel, timeout)

    def close(self) -> None:
        pass  # the server is the window's, ended at quit (ChatToolboxes.close)


class ChatToolboxes:
    def __init__(self, servers: McpServers, search: Callable[[], Search | None] = lambda: None,
                 make: Callable[[McpServerConfig], object] = McpToolbox):
        """``search()``: the documents search for the tool (None: no documents to search); ``make``: a server's
        toolbox from its configuration."""
        self.servers = servers
        self._search, self._make = search, make
        self._running: dict[str, _Server] = {}
        self._closing: list[threading.Thread] = []
        self._listeners: list[Callable[[], None]] = []
        self._lock = threading.Lock()

    def __call__(self, choice: ToolsChoice) -> list[Toolbox]:
        """The toolboxes for a conversation's choice (the session's ``toolboxes``): never blocks."""
        boxes: list = [self.builtin(choice.files)]
        if choice.on:
            self.warm()
            with self._lock:
                boxes += [_Offered(server) for server in self._running.values()]
        return boxes

    def builtin(self, files: list[str]) -> BuiltinToolbox:
        return BuiltinToolbox(list(files), self._search())

    def available(self, files: list[str]) -> list[ToolSpec]:
        """Every tool a conversation with these picked files could switch on now: Hearth's own, and those of the
        servers that have started."""
        with self._lock:
            started = [spec for server in self._running.values() if server.state == READY for spec in server.specs]
        return self.builtin(files).specs() + started

    def states(self) -> list[ServerState]:
        with self._lock:
            running = dict(self._running)
        states = []
        for config in self.servers.all():
            server = running.get(config.name)
            if config.needs_approval:
                states.append(ServerState(config, UNAPPROVED))
            elif server is None or server.config != config:
                states.append(ServerState(config, STARTING))  # started by the next warm()
            else:
                states.append(ServerState(config, server.state, list(server.specs), server.problem))
        return states

    def subscribe(self, listener: Callable[[], None]) -> None:
        """``listener()`` after a server started or failed, on that server's thread."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _changed(self) -> None:
        for listener in list(self._listeners):
            listener()

    # Starting and ending -------------------------------------------------------------------------------------

    def warm(self) -> None:
        """Starts, each on a thread, the approved servers that are not running as they are configured now (a new
        one, one changed since it started, one whose process ended); ends those removed or changed."""
        wanted = {config.name: config for config in self.servers.all() if not config.needs_approval}
        starting = []
        with self._lock:
            for name, server in list(self._running.items()):
                if wanted.get(name) != server.config or server.ended:
                    del self._running[name]
                    self._end(server)
            for name, config in wanted.items():
                if name not in self._running:
                    server = self._running[name] = _Server(config, self._make(config))
                    starting.append(server)
        for server in starting:
            threading.Thread(target=server.start, args=(self._changed,), name=f"mcp-start-{server.config.name}",
                             daemon=True).start()
        if starting:
            self._changed()

    def restart(self, name: str) -> None:
        """Start a server that failed again (the user fixed what was wrong outside Hearth)."""
        with self._lock:
            server = self._running.get(name)
            if server is not None and server.state == FAILED:
                del self._running[name]
                self._end(server)
        self.warm()

    def _end(self, server: _Server) -> None:
        thread = threading.Thread(target=self._close_quietly, args=(server,), name=f"mcp-end-{server.config.name}",
                                  daemon=True)
        self._closing = [t for t in self._closing if t.is_alive()] + [thread]
        thread.start()

    @staticmethod
    def _close_quietly(server: _Server) -> None:
        try:
            server.toolbox.close()
        except Exception:  # noqa: BLE001 - ending a server that failed; nothing is left to tell
            log.warning("the MCP server %s did not end cleanly", server.config.name, exc_info=True)

    def close(self) -> None:
        """At quit: every server ended, all at once (each waits a few seconds at most)."""
        with self._lock:
            servers = list(self._running.values())
            self._running.clear()
        for server in servers:
            self._end(server)
        for thread in list(self._closing):
            thread.join()
        self._closing = []
