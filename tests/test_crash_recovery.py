"""kill -9 in the middle of a streamed reply, then a restart: nothing the user saw is lost."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.core.storage.paths import database_path

pytestmark = pytest.mark.model
DRIVER = Path(__file__).with_name("app_driver.py")


def partial_reply(db: Path) -> tuple[str, str] | None:
    if not db.exists():
        return None
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        row = conn.execute("SELECT content, status FROM messages WHERE role = 'assistant'").fetchone()
    except sqlite3.OperationalError:
        return None
    finally:
        conn.close()
    return (bytes(row[0]).decode("utf-8", "surrogatepass"), row[1]) if row else None


def process_exists(pid: int) -> bool:
    """Alive and not a zombie (in a container nobody may reap an orphan that has ended)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_kill_during_a_reply_then_restart(model_path, isolated_data_home):
    env = dict(os.environ, XDG_DATA_HOME=str(isolated_data_home), QT_QPA_PLATFORM="offscreen")
    question = "Write a very long story about a lighthouse keeper, with many chapters."
    child = subprocess.Popen([sys.executable, str(DRIVER), "reply", str(model_path), question], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    db = database_path()
    try:
        deadline = time.monotonic() + 120
        saved = None
        while time.monotonic() < deadline:
            assert child.poll() is None, child.stderr.read()
            saved = partial_reply(db)
            if saved and len(saved[0]) >= 40:
                break
            time.sleep(0.2)
        assert saved and saved[1] == "streaming", saved
        os.kill(child.pid, signal.SIGKILL)  # no chance to clean up
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL
    # Its engine host sees the pipe close and ends by itself: no orphan keeps the model in memory.
    host = int(next(line for line in child.stdout.read().splitlines() if line.startswith("host "))[5:])
    deadline = time.monotonic() + 30
    while process_exists(host) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not process_exists(host)

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()

    restarted = subprocess.run([sys.executable, str(DRIVER), "show"], env=env, capture_output=True, text=True,
                               timeout=120)
    assert restarted.returncode == 0, restarted.stderr
    thread = json.loads(restarted.stdout.strip().splitlines()[-1])
    assert [m["role"] for m in thread] == ["user", "assistant"]
    assert thread[0]["content"] == question
    # Everything saved before the kill is there (saves happen about once a second while streaming).
    assert thread[1]["content"].startswith(saved[0]) and len(thread[1]["content"]) >= 40
    assert thread[1]["status"] == "interrupted"
    assert thread[1]["label"].startswith("Interrupted")
