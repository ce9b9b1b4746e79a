"""``assistant run``: one reply from the command line, streamed to stdout, over the same scheduler and engine host
as the app; and ``--self-test`` when the engine crashes. Real processes, the real model."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.cli.exits import ENGINE_CRASHED, NOT_FOUND, REFUSED
from assistant.core.engines.host import CRASH_SWITCH

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.model


def assistant(*argv: str, crash: str = "", stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != CRASH_SWITCH}
    if crash:
        env[CRASH_SWITCH] = crash
    return subprocess.run([sys.executable, "-m", "assistant", *argv], cwd=ROOT, env=env, input=stdin,
                          capture_output=True, text=True, timeout=300)


def test_a_reply_is_streamed_to_stdout(model_path):
    run = assistant("run", "--model", str(model_path), "--temperature", "0", "--max-tokens", "24", "--stats",
                    "What is the capital of France?")
    assert run.returncode == 0, run.stderr
    assert "Paris" in run.stdout or len(run.stdout.split()) >= 5
    assert "generated tokens" in run.stderr and "Traceback" not in run.stderr
    again = assistant("run", "--model", str(model_path), "--temperature", "0", "--max-tokens", "24", "-",
                      stdin="What is the capital of France?")
    assert again.returncode == 0 and again.stdout == run.stdout  # the prompt from stdin, the same greedy reply


def test_after_a_crash_at_the_first_prompt_the_reply_still_arrives(model_path):
    plain = assistant("run", "--model", str(model_path), "--temperature", "0", "--max-tokens", "24", "Name a colour.")
    crashed = assistant("run", "--model", str(model_path), "--temperature", "0", "--max-tokens", "24",
                        "Name a colour.", crash="repack-prompt")
    assert crashed.returncode == 0, crashed.stderr
    assert crashed.stdout == plain.stdout
    assert "note: The engine crashed while reading the prompt (SIGSEGV" in crashed.stderr
    assert "loaded again with weight repacking off" in crashed.stderr
    # Remembered where the window looks too: the composition gives both the app's settings (core/composition.py).
    from assistant.core.composition import Core

    core = Core.open()
    try:
        assert core.engine.local.safe_configs.get(str(model_path)) == {"repack": False}
    finally:
        core.shutdown()


@pytest.mark.parametrize("argv, code, says", [
    (["--model", "/nowhere/model.gguf", "hi"], NOT_FOUND, "there is no model file"),
])
def test_bad_arguments_exit_with_the_self_tests_codes(argv, code, says):
    run = assistant("run", *argv)
    assert run.returncode == code and says in run.stderr


def test_a_file_that_is_not_a_model(tmp_path):
    fake = tmp_path / "fake.gguf"
    fake.write_bytes(b"<html>Not found</html>")
    run = assistant("run", "--model", str(fake), "hi")
    assert run.returncode == REFUSED and "not a GGUF model" in run.stderr and "Traceback" not in run.stderr


def test_an_engine_that_crashes_whatever_is_given_up_exits_7(model_path):
    run = assistant("run", "--model", str(model_path), "hi", crash="prompt")
    assert run.returncode == ENGINE_CRASHED, run.stderr
    assert "error: The engine crashed while reading the prompt" in run.stderr
    # One line, naming the file that holds llama.cpp's report; never the stack on the terminal.
    assert "llama.cpp's report is in" in run.stderr and "Fatal Python error" not in run.stderr


def test_the_self_test_reports_an_engine_crash_with_its_own_code(model_path):
    env_run = assistant("--self-test", "--model", str(model_path), crash="prompt")
    assert env_run.returncode == ENGINE_CRASHED, env_run.stdout + env_run.stderr
    assert "Self-test FAILED: the model loaded but could not write: The engine crashed" in env_run.stdout
    survived = assistant("--self-test", "--model", str(model_path), crash="repack-prompt")
    assert survived.returncode == 0, survived.stdout
    assert any(line.startswith("Engine crash: The engine crashed while reading the prompt (SIGSEGV")
               for line in survived.stdout.splitlines())
