"""One running MCP server as a toolbox: started from its approved command (mcp_servers), its tools listed, each
call sent with a timeout and its answer capped; a server that is not found, ends, hangs or floods gives one clear
line, never a traceback.

The SDK is asynchronous (anyio), and its session must be entered and left in one task; the callers here are plain
threads (the Chat loop's workers, the window's background pool), and Qt's event loop is not asyncio. So each server
gets an asyncio loop on a thread of its own, owned by this toolbox: one task holds the session open, each call is a
task sent to that loop, and ``close()`` ends the holder from any thread, which ends the server's process (stdin
closed, then its process tree killed after a grace period). A server that hangs holds only its own loop."""

from __future__ import annotations

import concurrent.futures
import json
import logging
import threading
import time
from typing import TYPE_CHECKING

from assistant.core.i18n import translate
from assistant.core.tools.mcp_servers import McpServerConfig
from assistant.core.tools.mcp_transport import CUT_KEY, GRACE_SECONDS, ServerProcess, server_pipes
from assistant.core.tools.tool_spec import (DEFAULT_TIMEOUT, MAX_RESULT_CHARS, ToolboxProblem, ToolResult, ToolSpec,
                                            capped)

if TYPE_CHECKING:
    import asyncio  # imported where a server starts: a fortieth of the app's start-up, for what few use

log = logging.getLogger(__name__)

START_TIMEOUT = 30.0  # to start and list its tools: npx may download the server the first time
MAX_DESCRIPTION_CHARS = 4000  # of a tool's description, as the model is told it: a server cannot fill the prompt
MAX_TOOLS = 200
CLOSE_WAIT = 3 * GRACE_SECONDS + 2  # stdin's grace, SIGTERM's, the reaping; an unkillable process is left behind


def one_line(text: str, limit: int = 300) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[:limit - 1] + "…"


class McpToolbox:
    def __init__(self, config: McpServerConfig, start_timeout: float = START_TIMEOUT):
        self.config = config
        self.start_timeout = start_timeout
        self.process = ServerProcess(config.name)
        self._specs: list[ToolSpec] | None = None
        self._session = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._holder: concurrent.futures.Future | None = None
        self._closing: asyncio.Event | None = None
        self._problem = ""  # why it does not serve, once it has failed
        self._closer: threading.Thread | None = None  # ending a server that failed to start
        self._ready: concurrent.futures.Future | None = None  # its tools, once it has started
        self._lock = threading.Lock()

    # The Toolbox protocol ------------------------------------------------------------------------------------

    def specs(self) -> list[ToolSpec]:
        """Starts the server if it has not started (blocking: call ``start`` on a worker first)."""
        self.start()
        return list(self._specs or [])

    def call(self, name: str, arguments: dict, cancel: threading.Event | None = None,
             timeout: float = DEFAULT_TIMEOUT) -> ToolResult:
        """Blocking; never raises. ``cancel`` set: the call is abandoned at once (the server is told)."""
        import asyncio
        cancel = cancel or threading.Event()
        session, loop = self._session, self._loop
        if self._specs is None:  # never served: why (its start failed), or that it has not started
            return ToolResult(self._problem or self._not_started(), ok=False)
        if self.process.ended or session is None or loop is None:
            return ToolResult(self._stopped(), ok=False)
        future = asyncio.run_coroutine_threadsafe(self._call(session, name, arguments, timeout), loop)
        done = threading.Event()
        future.add_done_callback(lambda _: done.set())
        deadline = time.monotonic() + timeout + GRACE_SECONDS  # the task's own timeout ends it first
        while not done.wait(0.05):  # a worker thread: it waits for either the answer or Stop
            if cancel.is_set() or time.monotonic() > deadline:
                future.cancel()
                if cancel.is_set():
                    return ToolResult(translate("Tools", "The call was stopped."), ok=False)
                return self._timed_out(name, timeout)
        try:
            return future.result()
        except concurrent.futures.CancelledError:
            return ToolResult(translate("Tools", "The call was stopped."), ok=False)
        except Exception as exc:  # noqa: BLE001 - mapped to one line below; the whole of it goes to the log
            return self._failed(name, exc, timeout)

    def close(self) -> None:
        """Ends the server (waits at most CLOSE_WAIT seconds) and the loop's thread."""
        closer = self._closer
        if closer is not None:
            closer.join(2 * CLOSE_WAIT)
        self._end()

    def _end(self) -> None:
        import asyncio
        with self._lock:
            loop, holder, closing = self._loop, self._holder, self._closing
            self._session = None
            self._loop = None
        if loop is None:
            return
        if closing is not None and self._ready is not None and self._ready.done():
            loop.call_soon_threadsafe(closing.set)  # serving: the session and the pipes are left in order
        elif holder is not None:
            holder.cancel()  # still starting
        if holder is not None:
            try:
                holder.result(CLOSE_WAIT)
            except (concurrent.futures.TimeoutError, concurrent.futures.CancelledError):
                log.warning("the MCP server %s did not end in time", self.config.name)
            except Exception:  # noqa: BLE001 - it failed already, and said so
                pass
        try:  # calls still waiting (a hung one) end here, not as "Task was destroyed but it is pending"
            asyncio.run_coroutine_threadsafe(_cancel_the_rest(), loop).result(GRACE_SECONDS)
        except (concurrent.futures.TimeoutError, RuntimeError):
            pass
        loop.call_soon_threadsafe(loop.stop)
        if self._thread is not None:
            self._thread.join(CLOSE_WAIT)
            if not self._thread.is_alive():
                loop.close()

    # Starting ------------------------------------------------------------------------------------------------

    def start(self) -> None:
        """Starts the server and lists its tools, once (callers at the same time wait for the same start). Raises
        ToolboxProblem (one line) when it cannot: a command not approved as it is now, not found, or a server that
        ends or does not answer at start. The lock is not held while it waits, so ``close`` ends a slow start."""
        import asyncio
        with self._lock:
            if self._specs is not None:
                return
            if self._problem:
                raise ToolboxProblem(self._problem)
            if self._ready is None:
                if self.config.needs_approval:
                    self._problem = translate("Tools", "The MCP server “{name}” starts only once you have seen and "
                                                       "approved its command: {command}").format(
                        name=self.config.name, command=one_line(self.config.command_line()))
                    raise ToolboxProblem(self._problem)
                self._loop = asyncio.new_event_loop()
                self._thread = threading.Thread(target=self._loop.run_forever, name=f"mcp-{self.config.name}",
                                                daemon=True)
                self._thread.start()
                self._ready = concurrent.futures.Future()
                self._holder = asyncio.run_coroutine_threadsafe(self._serve(self._ready), self._loop)
            ready = self._ready
        problem = ""
        try:
            tools = ready.result(self.start_timeout + GRACE_SECONDS)
        except concurrent.futures.TimeoutError:
            problem = self._slow_start()
        except concurrent.futures.CancelledError:
            problem = translate("Tools", "The MCP server “{server}” was closed before it was ready.").format(
                server=self.config.name)
        except ToolboxProblem as exc:
            problem = str(exc)
        with self._lock:
            if problem and not self._problem:  # said at once; its process is ended meanwhile (close waits)
                self._problem = problem
                self._closer = threading.Thread(target=self._end, name=f"mcp-close-{self.config.name}", daemon=True)
                self._closer.start()
            if self._problem:
                raise ToolboxProblem(self._problem)
            self._specs = tools

    async def _serve(self, ready: concurrent.futures.Future) -> None:
        """The holder: opens the pipes and the session, lists the tools, and keeps both open until ``close``."""
        import asyncio
        from mcp.client.session import ClientSession
        from mcp_types import Implementation

        import anyio

        from assistant import __version__

        self._closing = asyncio.Event()
        config = self.config
        try:
            async with server_pipes(config.name, config.command, list(config.args), config.cwd,
                                    self.process) as (read, write):
                async with ClientSession(read, write, client_info=Implementation(name="Hearth",
                                                                                 version=__version__)) as session:
                    try:
                        with anyio.fail_after(self.start_timeout):
                            await session.initialize()
                            tools = await self._list(session)
                    except Exception as exc:  # noqa: BLE001 - said at once; the process is ended after
                        ready.set_exception(ToolboxProblem(self._start_failed(exc)))
                        return
                    self._session = session
                    ready.set_result(tools)
                    await self._closing.wait()
        except BaseException as exc:  # noqa: BLE001 - said once, as one line, to whoever waits for the start
            if not ready.done() and isinstance(exc, asyncio.CancelledError):
                ready.cancel()  # closed while it started
            elif not ready.done():
                ready.set_exception(ToolboxProblem(self._start_failed(exc)))
            elif not isinstance(exc, (asyncio.CancelledError, GeneratorExit)):
                log.warning("the MCP server %s ended: %s", config.name, one_line(repr(exc)))
        finally:
            self._session = None

    async def _list(self, session) -> list[ToolSpec]:
        specs: list[ToolSpec] = []
        cursor = None
        identity = self.config.identity()
        for _page in range(20):
            from mcp_types import PaginatedRequestParams

            listed = await session.list_tools(params=PaginatedRequestParams(cursor=cursor) if cursor else None)
            for tool in listed.tools:
                description = (tool.description or "")[:MAX_DESCRIPTION_CHARS]
                parameters = tool.input_schema if isinstance(tool.input_schema, dict) else {"type": "object"}
                specs.append(ToolSpec(tool.name, description, parameters, self.config.name, identity))
            cursor = listed.next_cursor
            if not cursor or len(specs) >= MAX_TOOLS:
                break
        return specs[:MAX_TOOLS]

    # Calling -------------------------------------------------------------------------------------------------

    async def _call(self, session, name: str, arguments: dict, timeout: float) -> ToolResult:
        import anyio

        with anyio.fail_after(timeout):
            result = await session.call_tool(name, arguments)
        text = _text_of(result.content, result.structured_content)
        cut_from = (result.meta or {}).get(CUT_KEY)
        if isinstance(cut_from, int):
            return capped_from(text, cut_from)
        if result.is_error:
            return ToolResult(translate("Tools", "The tool reported an error: {message}").format(
                message=one_line(text, 1000) or "-"), ok=False)
        return capped(text)

    # What the user is told -----------------------------------------------------------------------------------

    def _failed(self, name: str, exc: Exception, timeout: float) -> ToolResult:
        from mcp.shared.exceptions import MCPError
        from mcp_types import CONNECTION_CLOSED

        if isinstance(exc, TimeoutError):
            return self._timed_out(name, timeout)
        if isinstance(exc, MCPError) and (exc.code == CONNECTION_CLOSED or self.process.ended):
            return ToolResult(self._stopped(during=True), ok=False)
        if isinstance(exc, MCPError):
            return ToolResult(translate("Tools", "The MCP server “{server}” refused the call: {message}").format(
                server=self.config.name, message=one_line(exc.error.message)), ok=False)
        log.warning("calling %s on the MCP server %s failed", name, self.config.name, exc_info=exc)
        if self.process.ended:
            return ToolResult(self._stopped(during=True), ok=False)
        return ToolResult(translate("Tools", "The MCP server “{server}” answered in a way Hearth cannot read "
                                             "({reason}).").format(server=self.config.name,
                                                                   reason=one_line(f"{type(exc).__name__}: {exc}")),
                          ok=False)

    def _timed_out(self, name: str, timeout: float) -> ToolResult:
        return ToolResult(translate("Tools", "The MCP server “{server}” did not answer “{tool}” within {seconds} s; "
                                             "the call was abandoned.").format(
            server=self.config.name, tool=name, seconds=f"{timeout:g}"), ok=False)

    def _stopped(self, during: bool = False) -> str:
        details = self._how_it_ended()
        if during:
            said = (translate("Tools", "The MCP server “{server}” stopped during the call ({details}).") if details
                    else translate("Tools", "The MCP server “{server}” stopped during the call."))
        else:
            said = (translate("Tools", "The MCP server “{server}” has stopped ({details}).") if details
                    else translate("Tools", "The MCP server “{server}” has stopped."))
        return said.format(server=self.config.name, details=details)

    def _how_it_ended(self) -> str:
        """Its exit status and its last line on stderr, as far as they are known: "exit status 3; fatal: ..."."""
        status = self.process.returncode
        parts = [translate("Tools", "exit status {status}").format(status=status)] if status is not None else []
        if self.process.last_line():
            parts.append(one_line(self.process.last_line(), 200))
        return "; ".join(parts)

    def _not_started(self) -> str:
        return translate("Tools", "The MCP server “{server}” has not started.").format(server=self.config.name)

    def _slow_start(self) -> str:
        return translate("Tools", "The MCP server “{server}” did not answer within {seconds} s of starting."
                         ).format(server=self.config.name, seconds=f"{self.start_timeout:g}") + self._last_said()

    def _last_said(self) -> str:
        return f" {one_line(self.process.last_line(), 200)}" if self.process.last_line() else ""

    def _start_failed(self, exc: BaseException) -> str:
        while isinstance(exc, BaseExceptionGroup) and len(exc.exceptions) == 1:
            exc = exc.exceptions[0]
        if isinstance(exc, FileNotFoundError):
            return translate("Tools", "The MCP server “{server}” cannot start: the command “{command}” was not "
                                      "found. Give its full path, or install it.").format(
                server=self.config.name, command=self.config.command)
        if isinstance(exc, NotADirectoryError) or (isinstance(exc, OSError) and self.config.cwd and
                                                   exc.filename == self.config.cwd):
            return translate("Tools", "The MCP server “{server}” cannot start in the folder “{folder}”.").format(
                server=self.config.name, folder=self.config.cwd)
        if isinstance(exc, PermissionError):
            return translate("Tools", "The MCP server “{server}” cannot start: “{command}” may not be run.").format(
                server=self.config.name, command=self.config.command)
        if isinstance(exc, TimeoutError):
            return self._slow_start()
        if isinstance(exc, OSError) and not (self.process.ended or self.process.returncode is not None):
            return translate("Tools", "The MCP server “{server}” cannot start ({reason}).").format(
                server=self.config.name, reason=one_line(exc.strerror or exc or type(exc).__name__))
        log.warning("starting the MCP server %s failed: %s", self.config.name, one_line(repr(exc), 1000))
        details = self._how_it_ended()
        said = (translate("Tools", "The MCP server “{server}” ended before it was ready ({details}).") if details
                else translate("Tools", "The MCP server “{server}” ended before it was ready."))
        return said.format(server=self.config.name, details=details)


async def _cancel_the_rest() -> None:
    import asyncio
    tasks = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
    for task in tasks:
        task.cancel()
    if tasks:
        await asyncio.wait(tasks, timeout=GRACE_SECONDS)
    await asyncio.get_running_loop().shutdown_asyncgens()


def _text_of(content: list, structured) -> str:
    """What the model reads of a result: its texts; other kinds named, not inlined (an image's base64 would only
    fill the context)."""
    parts = []
    for block in content or []:
        kind = getattr(block, "type", "")
        if kind == "text":
            parts.append(block.text)
        elif kind == "resource" and hasattr(block.resource, "text"):
            parts.append(block.resource.text)
        elif kind in ("image", "audio"):
            parts.append(f"[{kind} ({block.mime_type}), not shown]")
        elif kind == "resource_link":
            parts.append(f"[resource: {block.uri}]")
        elif kind == "resource":
            parts.append(f"[resource: {block.resource.uri}]")
    if not parts and structured is not None:
        parts.append(json.dumps(structured, ensure_ascii=False))
    return "\n".join(parts)


def capped_from(text: str, total_bytes: int) -> ToolResult:
    """A result the pipes cut (mcp_transport.oversized): capped, and saying how long the server's answer was."""
    cut = text[:MAX_RESULT_CHARS]
    note = translate("Tools", "[The result was cut here: the server's answer was {size} MB, over the limit.]").format(
        size=f"{total_bytes / (1 << 20):.0f}")
    return ToolResult(f"{cut}\n{note}", truncated=True)
