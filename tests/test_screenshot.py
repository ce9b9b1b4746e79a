"""The app in a real X window (Xvfb): it starts, streams a reply, renders it, and the screen shows it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = [pytest.mark.screen, pytest.mark.model]


@pytest.mark.skipif(shutil.which("Xvfb") is None,
                    reason="Xvfb is not installed; the README's test command installs it when run as root")
def test_real_window_screenshot_shows_a_rendered_reply(tmp_path, model_path):
    out = tmp_path / "chat.png"
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "screenshot.py"), "--model", str(model_path), "--out", str(out)],
        capture_output=True, text=True, timeout=240,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    from PySide6.QtGui import QImage

    image = QImage(str(out))
    assert (image.width(), image.height()) == (1100, 760)
    # A real frame has many colours (text, highlighted code, panels); a blank or black grab has one or two.
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colours) > 50


def screenshots(script: str, model_path, out_dir, names, min_colours: int, size=(1100, 760)) -> None:
    """Run a screenshot script under Xvfb and check each image is a full, drawn window."""
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / script), "--model", str(model_path), "--out-dir",
                             str(out_dir)], capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stdout + result.stderr
    from PySide6.QtGui import QImage

    for name in names:
        image = QImage(str(out_dir / name))
        assert (image.width(), image.height()) == size
        colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
        assert len(colours) > min_colours, name


@pytest.mark.skipif(shutil.which("Xvfb") is None,
                    reason="Xvfb is not installed; the README's test command installs it when run as root")
def test_real_window_screenshots_of_the_models_pane(tmp_path, model_path):
    screenshots("screenshot_models.py", model_path, tmp_path, ("models.png", "downloads.png"), 20)


@pytest.mark.skipif(shutil.which("Xvfb") is None,
                    reason="Xvfb is not installed; the README's test command installs it when run as root")
def test_real_window_screenshots_of_drafting_and_translation(tmp_path, model_path):
    """At 1,000 pixels, the narrowest the panes are laid out for; the empty panes first, as a new user sees them."""
    screenshots("screenshot_writing.py", model_path, tmp_path, ("drafting.png", "translation.png"), 50, (1000, 720))
    for name in ("drafting-empty.png", "translation-empty.png"):
        assert (tmp_path / name).is_file(), name
