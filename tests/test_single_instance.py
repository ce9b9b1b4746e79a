"""One app per user: a second start hands its arguments to the first over a real local socket and exits."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication

from assistant.ui.shell.single_instance import InstanceServer, server_name

ROOT = Path(__file__).resolve().parents[1]
HAND_OVER = ("import sys\nfrom PySide6.QtCore import QCoreApplication\napp = QCoreApplication([])\n"
             "from assistant.ui.shell.single_instance import hand_over\n"
             "sys.exit(0 if hand_over(sys.argv[2:], sys.argv[1]) else 3)\n")


def second_start(name: str, *argv: str, cwd: Path = ROOT) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", HAND_OVER, name, *argv], cwd=cwd, env=env)


def test_a_second_start_hands_its_arguments_to_the_first(qtbot, tmp_path):
    server = InstanceServer(f"hearth-test-{os.getpid()}-{time.monotonic_ns()}")
    assert server.listen()
    try:
        with qtbot.waitSignal(server.arguments, timeout=10_000) as got:
            child = second_start(server.name, "--model", "models/my model.gguf", cwd=tmp_path)
        assert child.wait(10) == 0  # it heard "ok" back, so it can exit
        # A relative path means the second start's folder, not the first app's.
        assert got.args[0] == ["--model", str(tmp_path / "models" / "my model.gguf")]

        # While the first runs, the name is taken: a third start must hand over too, not listen.
        assert not InstanceServer(server.name).listen()
    finally:
        server.close()


def test_with_nobody_listening_the_hand_over_says_so(tmp_path):
    child = second_start(f"hearth-test-nobody-{os.getpid()}", "--model", "x.gguf")
    assert child.wait(20) == 3


def test_garbage_on_the_socket_is_refused_and_the_server_keeps_working(qtbot):
    server = InstanceServer(f"hearth-test-junk-{os.getpid()}")
    assert server.listen()
    heard = []
    server.arguments.connect(heard.append)
    try:
        raw = subprocess.Popen([sys.executable, "-c", (
            "import sys\nfrom PySide6.QtCore import QCoreApplication\nfrom PySide6.QtNetwork import QLocalSocket\n"
            "app = QCoreApplication([])\ns = QLocalSocket()\ns.connectToServer(sys.argv[1])\n"
            "assert s.waitForConnected(5000)\ns.write(b'{not json\\n')\ns.waitForBytesWritten(5000)\n"
            "s.waitForDisconnected(5000)\nsys.exit(0 if s.state() == QLocalSocket.UnconnectedState else 4)\n"),
            server.name], env={**os.environ, "PYTHONPATH": str(ROOT)})
        qtbot.waitUntil(lambda: raw.poll() is not None, timeout=15_000)
        assert raw.returncode == 0 and heard == []  # dropped, nothing opened
        with qtbot.waitSignal(server.arguments, timeout=10_000):
            child = second_start(server.name)
        assert child.wait(10) == 0
    finally:
        server.close()


@pytest.mark.skipif(sys.platform == "win32", reason="a stale socket file is a Unix matter; Windows pipes vanish")
def test_a_socket_left_by_a_crashed_app_is_taken_over():
    name = f"hearth-test-stale-{os.getpid()}"
    path = os.path.join(tempfile.gettempdir(), name)  # where QLocalServer puts a bare name on Unix
    stale = socket.socket(socket.AF_UNIX)
    stale.bind(path)
    stale.close()  # bound and never listened on: what a killed app leaves behind
    assert os.path.exists(path)
    server = InstanceServer(name)
    try:
        assert server.listen()
    finally:
        server.close()


def test_the_name_belongs_to_the_data_folder(monkeypatch, tmp_path):
    first = server_name()
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "someone-else"))
    assert server_name() != first and server_name().startswith("hearth-assistant-")


def test_a_file_open_event_reaches_the_app(qtbot, model_path):
    app = QApplication.instance()
    from assistant.ui.shell.application import Application

    assert isinstance(app, Application)  # conftest's qapp_cls: the tests run on the app's own class
    with qtbot.waitSignal(app.file_opened, timeout=5000) as got:
        QApplication.sendEvent(app, QFileOpenEvent(str(model_path)))
    assert got.args == [str(model_path)]  # what macOS sends for a double-clicked .gguf


@pytest.mark.model
def test_double_clicking_a_model_while_the_app_runs_opens_it_there(tmp_path, model_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_DATA_HOME": str(tmp_path / "data"),
           "PYTHONPATH": str(ROOT)}
    first = subprocess.Popen([sys.executable, "-m", "assistant"], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    database = tmp_path / "data" / "hearth-assistant" / "assistant.sqlite3"
    try:
        deadline = time.time() + 60
        second = None
        while time.time() < deadline and first.poll() is None:
            # As a file manager does it: the bare path. The first app listens before it opens its database, so
            # once the database is there, this start is a second one.
            if database.exists() and second is None:
                second = subprocess.run([sys.executable, "-m", "assistant", str(model_path)], cwd=ROOT, env=env,
                                        capture_output=True, text=True, timeout=60)
                assert second.returncode == 0, second.stdout + second.stderr
            if second is not None and _remembered(database, model_path):
                break
            time.sleep(0.2)
        assert first.poll() is None, first.stdout.read().decode(errors="replace")
        assert second is not None and _remembered(database, model_path)
    finally:
        first.terminate()
        first.wait(20)


def _remembered(database: Path, model_path: Path) -> bool:
    try:
        with sqlite3.connect(database, timeout=5) as conn:
            rows = conn.execute("SELECT path FROM recent_models").fetchall()
    except sqlite3.Error:
        return False
    return (str(model_path),) in rows
