"""The parent's side of the engine host: start it, talk to it, and notice when it dies.

The host is this program started again (``-m assistant --engine-host``, or the frozen app with that hidden flag),
so a packaged app needs no second executable, on Linux, Windows and macOS alike. Its stdin and stdout carry
``protocol`` frames; its stderr is the app's, where llama.cpp and a crash's stack trace go.
"""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import threading
from collections.abc import Callable

from assistant.core.engines import protocol
from assistant.core.i18n import translate

log = logging.getLogger(__name__)

START_TIMEOUT = 30.0  # seconds for the host's hello: a cold start imports Python and llama-cpp-python's modules


def host_command() -> list[str]:
    if getattr(sys, "frozen", False):
        return [sys.executable, "--engine-host"]
    return [sys.executable, "-m", "assistant", "--engine-host"]


def exit_reason(returncode: int | None) -> str:
    """A phrase for how the host ended, from its exit status."""
    if returncode is None:
        return translate("EngineProcess", "it stopped answering")
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = f"signal {-returncode}"
        meaning = {"SIGSEGV": translate("EngineProcess", "a segmentation fault in native code"),
                   "SIGABRT": translate("EngineProcess", "llama.cpp aborted"),
                   "SIGKILL": translate("EngineProcess", "it was killed, often by the system for lack of memory"),
                   "SIGBUS": translate("EngineProcess", "a bus error in native code"),
                   "SIGILL": translate("EngineProcess", "an instruction this CPU does not have"),
                   "SIGFPE": translate("EngineProcess", "an arithmetic fault in native code")}.get(name)
        return f"{name}: {meaning}" if meaning else name
    if sys.platform == "win32" and returncode & 0xFFFFFFFF >= 0xC0000000:
        code = returncode & 0xFFFFFFFF
        meaning = {0xC0000005: translate("EngineProcess", "an access violation in native code"),
                   0xC000001D: translate("EngineProcess", "an illegal instruction"),
                   0xC00000FD: translate("EngineProcess", "a stack overflow"),
                   0xC0000409: translate("EngineProcess", "llama.cpp aborted")}.get(code)
        if meaning is None:
            meaning = translate("EngineProcess", "a native fault")
        return f"0x{code:08X}: {meaning}"
    return translate("EngineProcess", "exit status {code}").format(code=returncode)


class EngineProcess:
    """One running host. ``on_message`` hears every frame the host sends, on this object's reader thread;
    ``on_exit`` hears once, with a reason, when the host is gone (crashed, killed, or a broken frame)."""

    def __init__(self, on_message: Callable[[dict], None], on_exit: Callable[[str], None],
                 command: list[str] | None = None, env: dict | None = None):
        self._on_message, self._on_exit = on_message, on_exit
        self._command = command or host_command()
        self._env = env
        self._write_lock = threading.Lock()
        self._closing = False
        self.proc: subprocess.Popen | None = None
        self.pid: int | None = None

    def start(self) -> None:
        # A group of its own: a terminal's Ctrl+C goes to the app's group, never to the host (which would die of it
        # mid-start, with a traceback); the app stops the host itself, out of band.
        flags = subprocess.CREATE_NO_WINDOW | subprocess.CREATE_NEW_PROCESS_GROUP if sys.platform == "win32" else 0
        # A windowed app (Windows, macOS bundles) may have no stderr to hand down; the host then writes nowhere.
        stderr = None if sys.stderr is not None else subprocess.DEVNULL
        self.proc = subprocess.Popen(self._command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr,
                                     bufsize=0, env=self._env, creationflags=flags,
                                     start_new_session=sys.platform != "win32")
        hello: dict = {}
        failure: list[BaseException] = []

        def read_hello() -> None:
            try:
                hello.update(protocol.read(self.proc.stdout))
            except (protocol.ProtocolError, OSError) as exc:
                failure.append(exc)

        reader = threading.Thread(target=read_hello, daemon=True)
        reader.start()
        reader.join(START_TIMEOUT)
        if reader.is_alive():
            why = f"no answer in {START_TIMEOUT:.0f} s"
        elif failure:
            self.proc.wait()  # it closed its end: it has ended, or is ending, and its status says how
            why = f"{failure[0]}; {exit_reason(self.proc.returncode)}"
        elif hello.get("type") != "hello":
            why = f"it sent {hello.get('type')!r} instead of hello"
        else:
            why = None
        if why is not None:
            self.proc.kill()
            self.proc.wait()
            raise protocol.ProtocolError(f"the engine process did not start ({why})")
        if hello.get("version") != protocol.VERSION:
            self.proc.kill()
            self.proc.wait()
            raise protocol.ProtocolError(f"the engine process speaks protocol version {hello.get('version')}, this "
                                         f"app {protocol.VERSION}: the installation is mixed up; reinstall it")
        self.pid = hello.get("pid", self.proc.pid)
        threading.Thread(target=self._read_loop, name="engine-host-reader", daemon=True).start()

    def _read_loop(self) -> None:
        proc = self.proc
        reason = ""
        try:
            while True:
                self._on_message(protocol.read(proc.stdout))
        except protocol.Closed:
            pass
        except (protocol.ProtocolError, OSError) as exc:
            reason = translate("EngineProcess", "it sent a broken message ({error})").format(error=exc)
            log.error("engine host: %s", reason)
            proc.kill()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:  # it closed its stdout and lives on: it is of no use any more
            proc.kill()
            proc.wait()
        if not self._closing:
            self._on_exit(reason or exit_reason(proc.returncode))

    def send(self, message: dict) -> None:
        """Raises ProtocolError when the host cannot be reached (it has died; ``on_exit`` says why)."""
        data = protocol.encode(message)
        with self._write_lock:
            try:
                self.proc.stdin.write(data)
                self.proc.stdin.flush()
            except (OSError, ValueError) as exc:
                raise protocol.ProtocolError(f"the engine process cannot be reached ({exc})") from exc

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def close(self, timeout: float = 10.0) -> None:
        """Ask the host to free its model and exit; kill it if it does not."""
        if self.proc is None:
            return
        self._closing = True
        try:
            self.send({"type": "shutdown"})
            self.proc.stdin.close()
        except (protocol.ProtocolError, OSError):
            pass
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

