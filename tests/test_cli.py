"""The command line: --version answers without Qt, --model starts with that model loaded."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from assistant import __version__
from assistant.cli.arguments import build_parser

ROOT = Path(__file__).resolve().parents[1]


def test_version_answers_without_loading_qt_or_llama():
    code = ("import sys, runpy; sys.argv = ['assistant', '--version']\n"
            "try:\n    runpy.run_module('assistant', run_name='__main__')\n"
            "except SystemExit: pass\n"
            "print('loaded:', sorted(m for m in ('PySide6', 'llama_cpp') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.stdout.splitlines() == [f"Hearth {__version__}", "loaded: []"]


def test_python_dash_m_and_the_console_script_agree():
    module = subprocess.run([sys.executable, "-m", "assistant", "--version"], capture_output=True, text=True,
                            cwd=ROOT, timeout=60)
    script = subprocess.run([str(Path(sys.executable).with_name("assistant")), "--version"], capture_output=True,
                            text=True, timeout=60)
    assert module.stdout == script.stdout == f"Hearth {__version__}\n"


@pytest.mark.model
def test_model_option_starts_with_that_model_loaded(qtbot, model_path):
    from assistant.ui.shell.application import create_window

    window = create_window(build_parser().parse_args(["--model", str(model_path)]))
    qtbot.addWidget(window)
    assert window.windowTitle() == "Hearth" and not window.windowIcon().isNull()
    qtbot.waitUntil(lambda: window.model is not None, timeout=30_000)
    assert window.model.info.path == model_path
    assert "Q4_1" in window.model_label.text()
    window.close()
