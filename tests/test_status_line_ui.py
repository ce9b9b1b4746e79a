"""The status line: a model's long name is cut with "…" and whole in its tooltip and for screen readers; while a
model loads, a compact bar beside its line shows the progress."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import open_main_window
from PySide6.QtGui import QAccessible

pytestmark = pytest.mark.model


def test_a_long_model_name_is_cut_with_the_whole_line_in_its_tooltip(qtbot, model_path, tmp_path):
    long = tmp_path / "long-name.gguf"  # the name shown is the file's own (general.name): a fine-tune's can be long
    name = "SmolLM2 135M Instruct, a fine-tuned variant for long conversations with a name that goes on and on"
    subprocess.run([sys.executable, "-m", "gguf.scripts.gguf_new_metadata", "--general-name", name, str(model_path),
                    str(long)], check=True, capture_output=True)
    window = open_main_window(qtbot, long)
    try:
        label = window.model_label
        whole = label.text()
        assert whole.startswith(name) and whole.endswith("· CPU")
        window.resize(900, 600)
        qtbot.waitUntil(lambda: label.shown_text() != whole)
        assert label.shown_text().endswith("…") and label.toolTip().startswith(whole)
        assert str(long) in label.toolTip() and "KV cache" in label.toolTip()
        assert QAccessible.queryAccessibleInterface(label).text(QAccessible.Text.Name) == whole
        assert window.statusBar().rect().contains(label.geometry())
    finally:
        window.close()


def test_a_compact_bar_beside_the_model_line_shows_the_loads_progress(qtbot, model_path):
    window = open_main_window(qtbot)
    try:
        bar, label = window.load_progress, window.model_label
        assert not bar.isVisibleTo(window)
        with qtbot.waitSignal(window.client.model_loaded, timeout=60_000):
            window.load_model(str(model_path))
            assert bar.isVisibleTo(window) and label.text().startswith("Loading")
            assert not bar.isTextVisible() and bar.maximumHeight() < label.sizeHint().height()
            assert QAccessible.queryAccessibleInterface(bar).text(QAccessible.Text.Name) == "Loading the model"
            assert bar.geometry().left() >= label.geometry().right()  # beside the model's line, after it
        assert not bar.isVisibleTo(window) and bar.value() == 100
    finally:
        window.close()
