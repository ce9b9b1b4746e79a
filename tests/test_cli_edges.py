"""The command line at its edges, as script authors meet them (issue 37): pipes closed early, Ctrl+C while the model
loads, empty and closed standard input, values out of range, mistyped options, the top-level --model, serve's
refusals before anything loads, JSON, and every --help ending with examples and its exit statuses. Real processes."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.cli.arguments import build_parser
from assistant.cli.exits import (CANNOT_LISTEN, COMMAND_EXITS, DOES_NOT_FIT, INTERRUPTED, MEANINGS, PIPE_CLOSED,
                                 USAGE, exits_of)
from assistant.core.engines.host import CRASH_SWITCH

ROOT = Path(__file__).resolve().parents[1]


def assistant(*argv: str, stdin=None, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    full = {k: v for k, v in os.environ.items() if k != CRASH_SWITCH}
    return subprocess.run([sys.executable, "-m", "assistant", *argv], cwd=ROOT, env={**full, **(env or {})},
                          stdin=stdin, capture_output=True, text=True, timeout=300, **kwargs)


def clean(done: subprocess.CompletedProcess) -> bool:
    return "Traceback" not in done.stderr and "KeyboardInterrupt" not in done.stderr


# Pipes and signals ------------------------------------------------------------------------------------------------

@pytest.mark.model
def test_a_reader_that_stops_early_ends_the_reply_quietly(model_path):
    shell = (f"{sys.executable} -m assistant run -m {model_path} --temperature 0 --max-tokens 300 "
             f"'Write a long story about a dragon.' | head -c 20; echo \" status=${{PIPESTATUS[0]}}\"")
    done = subprocess.run(["bash", "-c", shell], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.stdout.endswith(f" status={PIPE_CLOSED}\n"), done.stdout + done.stderr
    assert len(done.stdout.split(" status=")[0].encode()) == 20
    assert done.stderr == ""  # not a traceback, not even a line


@pytest.mark.model
def test_ctrl_c_while_the_model_loads_is_one_line_and_130(model_path, isolated_data_home):
    log = isolated_data_home / "hearth-assistant" / "logs" / "engine.log"
    env = {k: v for k, v in os.environ.items() if k != CRASH_SWITCH}
    env[CRASH_SWITCH] = "hold-load"
    child = subprocess.Popen([sys.executable, "-m", "assistant", "run", "-m", str(model_path), "hi"], cwd=ROOT,
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while not (log.is_file() and "test: holding the load" in log.read_text()):  # the host is at the load
            assert child.poll() is None and time.monotonic() < deadline, child.communicate()
            time.sleep(0.05)
        os.killpg(child.pid, signal.SIGINT)  # as a terminal's Ctrl+C: the whole process group
        out, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == INTERRUPTED, err
    assert err.strip() == "stopped" and out == ""


@pytest.mark.model
def test_a_failed_reply_writes_nothing_to_stdout_and_keeps_the_crash_report_in_a_file(model_path,
                                                                                       isolated_data_home):
    done = assistant("run", "-m", str(model_path), "hi", env={CRASH_SWITCH: "prompt"})
    assert done.returncode == 7 and done.stdout == ""
    log = isolated_data_home / "hearth-assistant" / "logs" / "engine.log"
    assert f"llama.cpp's report is in {log}" in done.stderr
    assert "Fatal Python error: Segmentation fault" in log.read_text()  # faulthandler's stack, kept there
    # The crash, the retry without repacking, the crash again, the error: one line each, no stack, no log lines.
    assert len(done.stderr.splitlines()) <= 4 and " ended: SIGSEGV" not in done.stderr, done.stderr


# Input that is checked --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("argv, stdin, says", [
    (["run", "-m", "M", ""], None, "the prompt is empty"),
    (["run", "-m", "M", "-"], "", "the prompt is empty (standard input gave nothing)"),
    (["run", "-m", "M", "-"], "closed", "there is none (it is closed)"),
    (["run", "-m", "M", "--max-tokens", "-5", "hi"], None, "--max-tokens: must be 1 or more, not -5"),
    (["run", "-m", "M", "--max-tokens", "0", "hi"], None, "must be 1 or more, not 0"),
    (["run", "-m", "M", "--temperature", "50", "hi"], None, "--temperature: must be 0 to 2, not 50"),
    (["run", "-m", "M", "--temp", "1", "hi"], None, "(did you mean --temperature?)"),
    (["run", "-m", "M", "--sys", "x", "hi"], None, "(did you mean --system?)"),
    (["run", "--modle", "M", "hi"], None, "(did you mean --model?)"),
    (["serve", "-m", "M", "--port", "99999"], None, "a port is 1 to 65535, not 99999"),
    (["hardware", "--context", "4096"], None, "give the model with --plan FILE.gguf"),
    (["hardware", "--plan", "M", "--context", "-1"], None, "--context: must be 1 or more, not -1"),
    (["models", "search", "--limit", "0"], None, "--limit: must be 1 or more"),
])
def test_bad_input_is_a_usage_error_before_anything_loads(model_path, argv, stdin, says):
    argv = [str(model_path) if arg == "M" else arg for arg in argv]
    if stdin == "closed":
        done = assistant(*argv, stdin=subprocess.DEVNULL, close_fds=True,
                         preexec_fn=lambda: os.close(0))
    else:
        done = assistant(*argv, input=stdin) if stdin is not None else assistant(*argv, stdin=subprocess.DEVNULL)
    assert done.returncode == USAGE, done.stderr
    assert says in done.stderr and done.stdout == "" and clean(done)


def test_a_context_beyond_what_the_model_was_trained_for_is_refused(model_path):
    done = assistant("hardware", "--plan", str(model_path), "--context", "100000")
    assert done.returncode == USAGE and "more than" in done.stderr and "8,192 tokens" in done.stderr
    assert "Fits" not in done.stdout


@pytest.mark.model
def test_the_top_level_model_is_the_commands_model(model_path):
    done = assistant("-m", str(model_path), "run", "--temperature", "0", "--max-tokens", "4", "Hello")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() and clean(done)


# serve ------------------------------------------------------------------------------------------------------------

def test_serve_refuses_a_taken_port_or_a_foreign_address_before_a_token_or_a_model(model_path, monkeypatch):
    monkeypatch.delenv("HEARTH_API_TOKEN", raising=False)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = assistant("serve", "-m", str(model_path), "--port", str(taken.getsockname()[1]))
    assert busy.returncode == CANNOT_LISTEN and "Another program may be using the port" in busy.stderr
    assert "API token" not in busy.stderr and "Loading" not in busy.stderr and clean(busy)
    foreign = assistant("serve", "-m", str(model_path), "--host", "203.0.113.7")  # TEST-NET-3: not this computer
    assert foreign.returncode == CANNOT_LISTEN and "is not an address of this computer" in foreign.stderr
    assert "Another program" not in foreign.stderr and "API token" not in foreign.stderr


# For scripts ------------------------------------------------------------------------------------------------------

def test_hardware_as_json_with_plain_numbers(model_path):
    done = assistant("hardware", "--plan", str(model_path), "--context", "2048", "--json")
    assert done.returncode in (0, DOES_NOT_FIT), done.stderr
    data = json.loads(done.stdout)
    assert data["hardware"]["memory"]["total"] > 0 and isinstance(data["hardware"]["logical_cores"], int)
    plan = data["plan"]
    assert plan["context_length"] == 2048 and plan["trained_context"] == 8192
    assert isinstance(plan["cpu_bytes"], int) and plan["fits"] == (done.returncode == 0)
    bare = json.loads(assistant("hardware", "--json").stdout)
    assert set(bare) == {"hardware"}


def test_every_help_has_examples_and_its_exit_statuses():
    parser = build_parser()
    for path, command in [((), parser), *parser.commands.items()]:
        text = command.format_help()
        assert "examples:" in text and "exit status:" in text, path
        for code in exits_of(" ".join(path) or "assistant"):
            assert f"{code:>3}  {MEANINGS[code]}" in text, (path, code)
    # Every command, and every action of docs and models, says what it returns; none is listed that is not one.
    actions = {" ".join(path) for path in parser.commands if path not in (("docs",), ("models",))}
    assert set(COMMAND_EXITS) == {"assistant", *actions}


def test_serve_names_the_addresses_to_use_for_every_interface(monkeypatch):
    """0.0.0.0 is where it listens, never an address to connect to: this computer's and the network's are named."""
    from types import SimpleNamespace

    from assistant.cli import serve_command
    from assistant.core.api import http_server

    monkeypatch.setattr(http_server, "lan_address", lambda: "192.168.1.20")
    everywhere = serve_command._where(SimpleNamespace(host="0.0.0.0", port=8090, url="http://0.0.0.0:8090/v1"))
    assert everywhere == ("on http://127.0.0.1:8090/v1 here and http://192.168.1.20:8090/v1 from other computers")
    assert "0.0.0.0" not in everywhere
    one = serve_command._where(SimpleNamespace(host="127.0.0.1", port=8090, url="http://127.0.0.1:8090/v1"))
    assert one == "on http://127.0.0.1:8090/v1"


# Found in the command line's tryout -------------------------------------------------------------------------------

def test_a_closed_standard_output_is_one_line_not_a_traceback(model_path):
    done = assistant("run", "-m", str(model_path), "hi", preexec_fn=lambda: os.close(1))
    assert done.returncode == USAGE and "standard output is closed" in done.stderr and clean(done)


@pytest.mark.model
def test_ctrl_c_while_the_model_writes_says_stopped(model_path):
    child = subprocess.Popen([sys.executable, "-m", "assistant", "run", "-m", str(model_path), "--temperature", "0",
                              "--max-tokens", "2000", "Write a very long story about a dragon."], cwd=ROOT,
                             env={k: v for k, v in os.environ.items() if k != CRASH_SWITCH}, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, start_new_session=True)
    try:
        assert os.read(child.stdout.fileno(), 64)  # the reply has begun
        os.killpg(child.pid, signal.SIGINT)
        _out, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == INTERRUPTED and err.decode().strip() == "stopped"


@pytest.mark.model
def test_an_installed_models_name_is_a_model(model_path, isolated_data_home):
    """As `ollama run NAME`: the names `models list` shows work wherever a model is named."""
    folder = isolated_data_home / "hearth-assistant" / "models"
    folder.mkdir(parents=True)
    os.link(model_path, folder / "tiny-chat.gguf")
    assert assistant("models", "list").stdout.splitlines()[1].split()[0] == "tiny-chat.gguf"
    done = assistant("run", "-m", "tiny-chat.gguf", "--temperature", "0", "--max-tokens", "4", "Hello")
    assert done.returncode == 0 and done.stdout.strip(), done.stderr
    planned = assistant("hardware", "-m", "tiny-chat.gguf", "--context", "2048")
    assert "Plan for" in planned.stdout and "tiny-chat.gguf" in planned.stdout
    assert assistant("run", "-m", "no-such-model", "hi").returncode == 3


def test_options_a_command_cannot_use_are_refused(model_path):
    for origin in ("*", "notaurl", "https://example.org/path"):
        refused = assistant("serve", "-m", str(model_path), "--allow-origin", origin)
        assert refused.returncode == USAGE and "--allow-origin" in refused.stderr and clean(refused)
    stray = assistant("-m", str(model_path), "docs", "list")
    assert stray.returncode == USAGE and "takes none" in stray.stderr
    planned = assistant("-m", str(model_path), "hardware", "--context", "2048")
    assert planned.returncode in (0, DOES_NOT_FIT) and "Plan for" in planned.stdout
