"""``assistant --self-test``: what users run to report a problem, and what the packaging test runs in the bundle."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.cli.exits import NOT_FOUND, REFUSED, USAGE

ROOT = Path(__file__).resolve().parents[1]


def self_test(*argv: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}  # the self-test picks offscreen itself
    return subprocess.run([sys.executable, "-m", "assistant", "--self-test", *argv], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.model
def test_it_loads_the_model_writes_a_reply_and_reports_timings_and_backend(model_path):
    run = self_test("--model", str(model_path))
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    assert lines[-1] == "Self-test passed."
    assert any(line.startswith("llama.cpp backend: CPU") for line in lines)
    assert any(line.startswith("Qt: PySide6 6.") and "offscreen" in line for line in lines)
    assert any(line.startswith("Keyring: ") for line in lines)
    assert any(line.startswith("Model: SmolLM2-135M-Instruct.Q4_1.gguf (llama, Q4_1), loaded in") for line in lines)
    reply = next(line for line in lines if line.startswith("Reply: "))
    assert "tokens/s" in reply and not reply.startswith("Reply: 0 tokens")
    assert next(line for line in lines if line.startswith("Reply text: ")) != "Reply text: ''"


def test_without_a_model_it_says_how_to_run_it():
    run = self_test()
    assert run.returncode == USAGE
    assert "Self-test FAILED: no model given. Run it as: assistant --self-test --model" in run.stdout


def test_a_missing_file_and_a_file_that_is_not_a_model_fail_with_the_reason(tmp_path):
    missing = self_test("--model", str(tmp_path / "nowhere.gguf"))
    assert missing.returncode == NOT_FOUND and "there is no model file at" in missing.stdout
    fake = tmp_path / "fake.gguf"
    fake.write_bytes(b"<html>Not found</html>")
    bad = self_test("--model", str(fake))
    assert bad.returncode == REFUSED and "not a GGUF model" in bad.stdout
    assert "Traceback" not in bad.stdout + bad.stderr


def test_a_bare_model_path_means_open_that_model():
    from assistant.__main__ import _bare_model_path

    assert _bare_model_path(["/home/me/Qwen.GGUF"]) == ["--model", "/home/me/Qwen.GGUF"]
    assert _bare_model_path(["models", "list"]) == ["models", "list"]
    assert _bare_model_path(["--self-test"]) == ["--self-test"]
