"""The hardware picture in the window: Help → Hardware and Settings → Hardware draw the memory and the loaded
model's layers, say the same in words (to a screen reader too), and keep the text report behind Details."""

from __future__ import annotations

import pytest
from conftest import open_main_window
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QLabel

from assistant.core.engines.hardware import Backend, Gpu, HardwareReport, SystemMemory
from assistant.core.engines.offload_plan import OffloadPlan
from assistant.ui.shell.hardware_dialog import HardwareDialog
from assistant.ui.shell.hardware_picture import _Bar

GB = 1000**3
REPORT = HardwareReport(Backend("CUDA", True, "CUDA : ARCHS = 890"), (Gpu(0, "RTX 4070", "NVIDIA", 12 * GB, 9 * GB),),
                        SystemMemory(32 * GB, 24 * GB), 8, 16)
PLAN = OffloadPlan(gpu_layers=20, n_layers=32, context_length=4096, kv_type="f16", gpu_bytes=GB, cpu_bytes=GB,
                   device="RTX 4070", fits=True)
WORDS = ["System memory: 24.0 GB free of 32.0 GB", "GPU memory (RTX 4070): 9.0 GB free of 12.0 GB",
         "Layers: 20 on GPU · 12 on CPU"]


def shown_words(picture) -> list[str]:
    return [label.text() for label in picture.findChildren(QLabel, "hardwarePictureWords")
            if label.isVisibleTo(picture)]


@pytest.fixture
def open_dialog(qtbot):
    """A Hardware dialog, shown; closed at the end. Held here until then: a top-level widget collected by Python's
    garbage collector while Qt paints it crashes the test run."""
    shown = []

    def open_(plan, text):
        dialog = HardwareDialog(REPORT, plan, text, None)
        qtbot.addWidget(dialog)
        shown.append(dialog)
        dialog.show()
        return dialog

    yield open_
    for dialog in shown:
        dialog.close()


def test_the_picture_draws_each_memory_and_the_layers_with_their_words_for_eyes_and_screen_readers(qtbot, open_dialog):
    dialog = open_dialog(PLAN, "the text report")
    picture = dialog.picture
    qtbot.waitUntil(lambda: shown_words(picture) == WORDS)
    bars = [bar for bar in picture.findChildren(_Bar) if bar.isVisibleTo(picture)]
    assert [bar.used for bar in bars[:2]] == [0.25, 0.25] and bars[2].layers == (False,) * 12 + (True,) * 20
    assert [QAccessible.queryAccessibleInterface(bar).text(QAccessible.Text.Name) for bar in bars] == WORDS
    spoken = QAccessible.queryAccessibleInterface(picture)
    assert spoken.text(QAccessible.Text.Name) == "Memory and layers"
    assert spoken.text(QAccessible.Text.Description) == "\n".join(WORDS)
    assert not picture.grab().isNull()  # drawn without an error, in the theme's colours


def test_the_text_report_is_behind_details_and_close_is_the_one_primary_button(qtbot, open_dialog):
    dialog = open_dialog(None, "llama.cpp backend: CUDA")
    assert shown_words(dialog.picture) == WORDS[:2]  # no model loaded: no layers
    assert not dialog.details.isVisible() and dialog.close_button.isDefault()
    closed = dialog.height()
    dialog.details_toggle.click()
    assert dialog.details.isVisible() and dialog.text() == "llama.cpp backend: CUDA"
    assert dialog.height() > closed
    dialog.details_toggle.click()
    assert not dialog.details.isVisible()


def test_help_hardware_shows_the_loaded_models_layers_and_the_report_in_words(qtbot, model_path):
    window = open_main_window(qtbot, model_path)
    try:
        window.show_hardware()
        qtbot.waitUntil(lambda: window.hardware_box is not None, timeout=30_000)
        box = window.hardware_box
        words = box.picture.words()
        assert words[0].startswith("System memory: ") and words[-1].startswith("Layers: all 30 on CPU")
        assert box.text().startswith("llama.cpp backend: ") and "Plan for " in box.text()
        box.close()
    finally:
        window.close()


def test_settings_draw_the_hardware_once_it_is_known(qtbot):
    window = open_main_window(qtbot)
    try:
        window.hardware = None  # as if the check at start-up had not answered yet: Settings asks again
        window.edit_settings()
        dialog = window.settings_dialog
        qtbot.waitUntil(lambda: bool(dialog.hardware_picture.words()), timeout=30_000)
        assert dialog.hardware_picture.words()[0].startswith("System memory: ")
        assert dialog.hardware_text.isHidden()  # the text report is behind Details
        dialog.hardware_details.click()
        assert not dialog.hardware_text.isHidden()
        assert dialog.hardware_text.toPlainText().startswith("llama.cpp backend: ")
        dialog.reject()
    finally:
        window.close()
