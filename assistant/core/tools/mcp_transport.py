"""The pipes to a local MCP server: its process started with a minimal environment, JSON-RPC lines in and out as the
official SDK's ``ClientSession`` takes them (its ``SessionMessage`` streams), its stderr to the log, capped.

Not the SDK's own ``stdio_client``: it joins a long line's pieces by copying the whole line again for each piece
read, so a server answering 50 MB keeps a core busy for minutes (measured: 8 MB in 3.4 s, 50 MB in 120 s) and holds
the session while it does. Here a line is read in linear time and only its first MAX_MESSAGE_BYTES are kept; an
answer longer than that is cut (its text kept that far: see ``oversized``) or refused, at once. Starting the
process tree and ending it (stdin closed, a grace period, then SIGTERM and SIGKILL to its process group, or the
Windows job object) use the SDK's helpers, as its stdio_client does."""

from __future__ import annotations

import codecs
import json
import logging
import os
import re
import sys
import threading
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

from assistant.core.i18n import translate

# The SDK (and anyio, pydantic and httpx2 under it) is imported where a server starts, not with this module: the
# window imports it at start-up, and most people never add a server.

log = logging.getLogger(__name__)

MAX_MESSAGE_BYTES = 4 << 20  # one JSON-RPC message from a server; the model reads 32,000 characters at most
MAX_STDERR_LOGGED = 64 << 10  # of a server's stderr, in the log; the rest is read and dropped
GRACE_SECONDS = 2.0  # for a server to end by itself once its stdin closes, and again after SIGTERM
CUT_KEY = "hearth/cut_from_bytes"  # in a cut answer's _meta: how long the server's answer was

# Only what a program needs to find its files and speak the user's language: never Hearth's own variables, the
# Hub token, API keys or whatever else the app was started with.
POSIX_ENVIRONMENT = ("PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR")
WINDOWS_ENVIRONMENT = ("PATH", "PATHEXT", "SYSTEMROOT", "SYSTEMDRIVE", "WINDIR", "COMSPEC", "APPDATA", "LOCALAPPDATA",
                       "USERPROFILE", "HOMEDRIVE", "HOMEPATH", "TEMP", "TMP", "LANG", "LC_ALL")


def minimal_environment() -> dict[str, str]:
    names = WINDOWS_ENVIRONMENT if sys.platform == "win32" else POSIX_ENVIRONMENT
    return {name: os.environ[name] for name in names if name in os.environ}


class ServerProcess:
    """What is known of the server's process once it ended, for the user: its exit status and last stderr lines."""

    def __init__(self, name: str):
        self.name = name
        self.returncode: int | None = None
        self.ended = False  # its stdout closed: nothing more will come
        self.last_lines: deque[str] = deque(maxlen=3)
        self.stderr_read = threading.Event()  # its stderr was read to the end

    def last_line(self) -> str:
        return self.last_lines[-1] if self.last_lines else ""


@asynccontextmanager
async def server_pipes(name: str, command: str, args: list[str], cwd: str | None,
                       state: ServerProcess) -> AsyncIterator[tuple]:
    """(read stream, write stream) for ``ClientSession``. Raises OSError when the command cannot be started."""
    import anyio
    from mcp.shared.message import SessionMessage

    err_read, err_write = os.pipe()
    try:
        process = await _spawn(command, args, minimal_environment(), err_write, cwd or None)
    except BaseException:
        os.close(err_read)
        raise
    finally:
        os.close(err_write)  # the child has its own copy: its end is the only one left, so EOF comes when it ends
    threading.Thread(target=_log_stderr, args=(err_read, state), name=f"mcp-stderr-{name}", daemon=True).start()

    read_send, read_receive = anyio.create_memory_object_stream[SessionMessage | Exception](0)
    write_send, write_receive = anyio.create_memory_object_stream[SessionMessage](0)

    async def read_stdout() -> None:
        with suppress(anyio.ClosedResourceError, anyio.BrokenResourceError, anyio.EndOfStream, OSError):
            async for message in _messages(process.stdout):
                await read_send.send(message)
        # Its stdout closed: it ended, or is ending. How (its status, its last words on stderr) is known before
        # the session hears of it, so a call it ended says so.
        if await _exited(process, GRACE_SECONDS):
            state.returncode = process.returncode
        await _wait_for(state.stderr_read.is_set, GRACE_SECONDS)
        state.ended = True
        await read_send.aclose()

    async def write_stdin() -> None:
        async with write_receive:
            with suppress(anyio.ClosedResourceError, anyio.BrokenResourceError, OSError):
                async for message in write_receive:
                    line = message.message.model_dump_json(by_alias=True, exclude_unset=True) + "\n"
                    await process.stdin.send(line.encode("utf-8"))

    async with anyio.create_task_group() as group:
        group.start_soon(read_stdout)
        group.start_soon(write_stdin)
        try:
            yield read_receive, write_send
        finally:
            with anyio.CancelScope(shield=True):
                await _stop(process, state)
                for stream in (read_receive, write_send, read_send, write_receive):
                    await stream.aclose()
            group.cancel_scope.cancel()


async def _messages(stdout) -> AsyncIterator[SessionMessage | Exception]:
    """The server's messages, one a line, in time linear in what it writes; a line over MAX_MESSAGE_BYTES is kept
    only in its first part (and its last 4 KB, where a message may put its id) and made into ``oversized``."""
    head = bytearray()
    tail = b""
    size = 0
    async for chunk in stdout:
        start = 0
        while start <= len(chunk):
            end = chunk.find(b"\n", start)
            piece = chunk[start:] if end < 0 else chunk[start:end]
            size += len(piece)
            if len(head) < MAX_MESSAGE_BYTES:
                head += piece[:MAX_MESSAGE_BYTES - len(head)]
            if size > MAX_MESSAGE_BYTES:
                tail = (tail + piece[-4096:])[-4096:]
            if end < 0:
                break
            if size > MAX_MESSAGE_BYTES:
                yield oversized(bytes(head), tail, size)
            elif head.strip():
                yield _parsed(bytes(head))
            head, tail, size = bytearray(), b"", 0
            start = end + 1


def _parsed(line: bytes) -> SessionMessage | Exception:
    import mcp_types as types
    from mcp.shared.message import SessionMessage

    try:
        return SessionMessage(types.jsonrpc_message_adapter.validate_json(line, by_name=False))
    except ValueError as exc:  # not JSON-RPC: the session passes it on as a transport problem, and goes on
        log.warning("an MCP server wrote a line that is not a JSON-RPC message: %.200r", line)
        return exc


ID_AT_START = re.compile(rb'^\s*\{\s*(?:"jsonrpc"\s*:\s*"2\.0"\s*,\s*)?"id"\s*:\s*(-?\d+|"(?:[^"\\]|\\.)*")')
ID_AT_END = re.compile(rb'"id"\s*:\s*(-?\d+|"(?:[^"\\]|\\.)*")\s*(?:,\s*"jsonrpc"\s*:\s*"2\.0"\s*)?\}\s*$')
TEXT_START = re.compile(rb'"text"\s*:\s*"')


def oversized(head: bytes, tail: bytes, size: int) -> SessionMessage | Exception:
    """An answer too long to read whole: when its id is found, a tool's result cut to the first text it holds
    (marked in ``_meta`` with the answer's length), or an error when it holds no text; else a transport problem
    (the call then ends by its timeout)."""
    import mcp_types as types
    from mcp.shared.message import SessionMessage

    found = ID_AT_START.search(head[:512]) or ID_AT_END.search(tail)
    if found is None:
        return ValueError(f"an MCP server's message of {size} bytes was too long to read")
    request_id = json.loads(found.group(1))
    text = _text_start(head)
    if text is None:
        message = translate("Tools", "The server's answer was too long to read ({size} MB; at most {limit} MB)."
                            ).format(size=size >> 20, limit=MAX_MESSAGE_BYTES >> 20)
        return SessionMessage(types.JSONRPCError(jsonrpc="2.0", id=request_id,
                                                 error=types.ErrorData(code=-32000, message=message)))
    # Marked as an error so that the SDK does not hold it to the tool's output schema (it cannot match, cut);
    # the toolbox reads the mark first and gives it as a result cut short.
    result = {"content": [{"type": "text", "text": text}], "isError": True, "_meta": {CUT_KEY: size}}
    return SessionMessage(types.JSONRPCResponse(jsonrpc="2.0", id=request_id, result=result))


def _text_start(head: bytes, keep: int = 256 << 10) -> str | None:
    """The first text content's characters as far as they were read (a JSON string cut anywhere: inside a
    character's bytes or an escape)."""
    start = TEXT_START.search(head)
    if start is None:
        return None
    raw = codecs.getincrementaldecoder("utf-8")("replace").decode(head[start.end():start.end() + keep], final=False)
    closing = re.search(r'(?<!\\)(?:\\\\)*"', raw)
    if closing is not None:
        raw = raw[:closing.end() - 1]
    for cut in range(len(raw), max(len(raw) - 7, -1), -1):  # an escape cut short: drop its piece
        try:
            return json.loads(f'"{raw[:cut]}"')
        except json.JSONDecodeError:
            continue
    return ""


def _log_stderr(fd: int, state: ServerProcess) -> None:
    """The server's stderr, line by line, to the log, up to MAX_STDERR_LOGGED; read to its end whatever its size,
    so a server that writes much there never blocks on a full pipe."""
    logged = 0
    pending = b""
    with open(fd, "rb", buffering=0) as stream:
        while chunk := stream.read(65536):
            lines = (pending + chunk).split(b"\n")
            pending = lines.pop()[-4096:]
            for raw in lines:
                line = raw.decode("utf-8", "replace").rstrip()
                if not line:
                    continue
                state.last_lines.append(line[:300])
                if logged < MAX_STDERR_LOGGED:
                    logged += len(line)
                    log.info("MCP server %s: %s", state.name, line[:2000])
                    if logged >= MAX_STDERR_LOGGED:
                        log.info("MCP server %s: further output is not logged", state.name)
        if pending.strip():
            state.last_lines.append(pending.decode("utf-8", "replace").rstrip()[:300])
    state.stderr_read.set()


async def _spawn(command: str, args: list[str], env: dict, stderr: int, cwd: str | None):
    """Started in a process group (POSIX) or a job object (Windows) of its own, so that ending it ends whatever it
    started too."""
    import anyio

    if sys.platform == "win32":
        from mcp.os.win32.utilities import create_windows_process, get_windows_executable_command

        return await create_windows_process(get_windows_executable_command(command), args, env, stderr, cwd)
    return await anyio.open_process([command, *args], env=env, stderr=stderr, cwd=cwd, start_new_session=True)


async def _stop(process, state: ServerProcess) -> None:
    """stdin closed (the MCP way to ask a stdio server to end), then after a grace period its whole tree ended."""
    import anyio

    with suppress(OSError, anyio.BrokenResourceError, anyio.ClosedResourceError):
        await process.stdin.aclose()
    if not await _exited(process, GRACE_SECONDS):
        if sys.platform == "win32":
            from mcp.os.win32.utilities import terminate_windows_process_tree

            await terminate_windows_process_tree(process)
        else:
            from mcp.os.posix.utilities import terminate_posix_process_tree

            await terminate_posix_process_tree(process, GRACE_SECONDS)
        await _exited(process, GRACE_SECONDS)
    state.returncode = process.returncode
    if sys.platform == "win32":
        from mcp.os.win32.utilities import close_process_job

        close_process_job(process)
    with suppress(OSError, anyio.BrokenResourceError, anyio.ClosedResourceError):
        await process.stdout.aclose()


async def _exited(process, seconds: float) -> bool:
    """Polled, not ``process.wait()``: that also waits for the pipes to close, which a child the server started may
    hold open after it ended."""
    return await _wait_for(lambda: process.returncode is not None, seconds)


async def _wait_for(condition, seconds: float) -> bool:
    import anyio

    with anyio.move_on_after(seconds):
        while not condition():
            await anyio.sleep(0.01)
    return condition()
