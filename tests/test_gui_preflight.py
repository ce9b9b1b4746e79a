"""Starting the window where Qt cannot: a system library hidden from the program, no display at all, a display
that does not answer. Each is a real child process started as the README starts the app (``python -m assistant``);
it must end with one line that says what is missing, never with Qt's abort (SIGABRT, exit 134)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.cli.exits import NO_DISPLAY

from assistant.ui.shell import display_check

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Qt's X11 and Wayland are Linux's")


def child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY", "XDG_SESSION_TYPE", "LD_LIBRARY_PATH")}
    env.update(extra)
    return env


def start_app(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant"], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60)


@pytest.fixture
def display_socket():
    """Something answering on an X display's socket (in Linux's abstract namespace, so no file is left behind):
    the display is not what these tests are about, the libraries are."""
    number = 4000 + os.getpid() % 5000
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(f"\0/tmp/.X11-unix/X{number}")
    listener.listen(8)
    yield f":{number}"
    listener.close()


@pytest.fixture
def hidden_library(tmp_path) -> Path:
    """A folder that hides libxcb-cursor from a child process: the dynamic loader finds this unusable file of that
    name first (LD_LIBRARY_PATH), as if the library were not installed."""
    folder = tmp_path / "hidden"
    folder.mkdir()
    (folder / "libxcb-cursor.so.0").write_bytes(b"")
    return folder


def test_qt_itself_aborts_without_the_library(hidden_library, display_socket):
    # What the app must never do: the same environment, with Qt started directly, ends in SIGABRT.
    env = child_env(LD_LIBRARY_PATH=str(hidden_library), DISPLAY=display_socket, QT_QPA_PLATFORM="xcb")
    done = subprocess.run([sys.executable, "-c", "from PySide6.QtWidgets import QApplication; QApplication([])"],
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == -signal.SIGABRT, done.stderr


def test_a_missing_x11_library_is_named_with_the_command_that_installs_it(hidden_library, display_socket):
    done = start_app(child_env(LD_LIBRARY_PATH=str(hidden_library), DISPLAY=display_socket))
    assert done.returncode == NO_DISPLAY, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "libxcb-cursor.so.0" in lines[0] and "Reinstalling" not in lines[0]
    if display_check.package_manager() == "apt":  # this machine's distribution, Debian or Ubuntu
        assert lines[0].endswith("Install it with: sudo apt install libxcb-cursor0")


def test_no_display_says_so_and_names_what_works_without_one():
    done = start_app(child_env())
    assert done.returncode == NO_DISPLAY
    line = done.stderr.strip()
    assert "\n" not in line and "no display" in line
    assert "assistant serve --model" in line and "assistant run --model" in line


def test_a_display_that_does_not_answer_is_named(tmp_path):
    done = start_app(child_env(DISPLAY=":4999"))
    assert done.returncode == NO_DISPLAY
    assert "the display :4999 does not answer" in done.stderr


def test_a_wayland_session_uses_wayland(monkeypatch):
    for name in ("QT_QPA_PLATFORM", "DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    monkeypatch.setenv("XDG_SESSION_TYPE", "wayland")
    has_wayland = display_check._qt_has_plugin("libqwayland") and display_check._loads("libwayland-client.so.0") is None
    problem = display_check.check()
    if has_wayland:
        assert problem is None and os.environ["QT_QPA_PLATFORM"] == "wayland;xcb"
    else:  # Qt without its Wayland plugin here: the session's XWayland is the way, and there is none
        assert "no display" in problem


def test_a_platform_the_user_chose_is_left_alone(monkeypatch):
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.delenv("DISPLAY", raising=False)
    assert display_check.check() is None
    assert os.environ["QT_QPA_PLATFORM"] == "offscreen"


@pytest.mark.parametrize(("manager", "command"), [
    ("apt", "sudo apt install libxcb-cursor0 libxcb-icccm4"),
    ("dnf", "sudo dnf install xcb-util-cursor xcb-util-wm"),
    ("pacman", "sudo pacman -S xcb-util-cursor xcb-util-wm"),
    ("zypper", "sudo zypper install libxcb-cursor0 libxcb-icccm4"),
])
def test_each_package_manager_gets_its_own_command(monkeypatch, manager, command):
    monkeypatch.setattr(display_check, "package_manager", lambda: manager)
    message = display_check._missing_message(["libxcb-cursor.so.0", "libxcb-icccm.so.4"])
    assert message.endswith(f"Install them with: {command}")


def test_an_unknown_library_still_gets_a_sentence(monkeypatch):
    monkeypatch.setattr(display_check, "package_manager", lambda: "apt")
    message = display_check._missing_message(["libwhatever.so.3"])
    assert "libwhatever.so.3" in message and message.endswith("with your distribution's package manager.")
