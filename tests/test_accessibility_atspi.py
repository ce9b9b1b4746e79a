"""What a screen reader on Linux reads: Hearth's window through AT-SPI, pane by pane, in English and Chinese.

The app runs in Xvfb inside a D-Bus session with the AT-SPI bus; tests/atspi_reader.py (the system Python's pyatspi,
as Orca uses it) reads the tree. tests/test_accessibility.py checks the same through Qt's own QAccessible, which
needs none of this.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.atspi_driver import SYSTEM_PYTHON

ROOT = Path(__file__).resolve().parents[1]
BUS_LAUNCHER = "/usr/libexec/at-spi-bus-launcher"
pytestmark = pytest.mark.screen


def _missing() -> str:
    if shutil.which("Xvfb") is None or shutil.which("dbus-run-session") is None:
        return "Xvfb or dbus-run-session"
    if not Path(BUS_LAUNCHER).exists():
        return "at-spi2-core"
    if subprocess.run([SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True).returncode != 0:
        return "python3-pyatspi"
    return ""


@pytest.fixture(scope="module")
def trees(tmp_path_factory):
    """{language: {pane: [node, ...]}} as AT-SPI reads them."""
    missing = _missing()
    if missing:
        pytest.skip(f"{missing} is not installed; the README's test command installs it when run as root")
    sys.path.insert(0, str(ROOT / "scripts"))
    from screenshot import start_xvfb

    read = {}
    for language in ("en", "zh_CN"):
        folder = tmp_path_factory.mktemp(f"atspi-{language}")
        out = folder / "tree.json"
        xvfb, display = start_xvfb(1400, 900)
        env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb", QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1",
                   XDG_DATA_HOME=str(folder / "data"), PYTHON_KEYRING_BACKEND="keyrings.alt.file.PlaintextKeyring")
        env.pop("WAYLAND_DISPLAY", None)
        script = (f"{BUS_LAUNCHER} --launch-immediately & exec {sys.executable} "
                  f"{ROOT / 'tests' / 'atspi_driver.py'} {language} {out}")
        try:
            result = subprocess.run(["dbus-run-session", "--", "sh", "-c", script], env=env, cwd=ROOT,
                                    capture_output=True, text=True, timeout=180)
        finally:
            xvfb.terminate()
            xvfb.wait()
        assert result.returncode == 0, result.stderr[-3000:]
        read[language] = json.loads(out.read_text(encoding="utf-8"))
    return read


def test_every_control_a_screen_reader_can_reach_has_a_name(trees):
    unnamed = [f"{language} {pane}: {node['role']} {node['id'] or node['path']}"
               for language, panes in trees.items() for pane, nodes in panes.items() for node in nodes
               if node["focusable"] and node["showing"] and not node["name"].strip()]
    assert not unnamed, "\n".join(unnamed)


def test_each_pane_shows_its_own_controls_and_the_welcome_its_choices(trees):
    for panes in trees.values():
        showing = {pane: {(node["role"], node["name"]) for node in nodes if node["showing"] and node["focusable"]}
                   for pane, nodes in panes.items()}
        assert len(showing) == 5  # four panes and the welcome
        chat, drafting = list(showing.values())[:2]
        assert chat - drafting and drafting - chat  # the pane switch reached the screen reader
        assert any(role == "push button" for role, _name in showing["welcome"])


def test_the_names_follow_the_language(trees):
    def names(language):
        return {node["name"] for nodes in trees[language].values() for node in nodes
                if node["showing"] and node["role"] in ("push button", "page tab", "list item")}

    english, chinese = names("en"), names("zh_CN")
    assert english - chinese
    assert any("\u4e00" <= character <= "\u9fff" for name in chinese for character in name)
