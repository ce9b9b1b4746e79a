"""The window loads models as planned ("Auto"), shows where they run, and keeps the user's overrides."""

from __future__ import annotations

import pytest
from conftest import open_main_window

from assistant.core.settings import ModelSettings
from assistant.ui.model_settings_dialog import ModelSettingsDialog

pytestmark = pytest.mark.model


def test_auto_loads_the_trained_context_on_this_machine_and_says_where(qtbot, model_path):
    window = open_main_window(qtbot)
    shares = []
    window.client.load_progress.connect(shares.append)
    with qtbot.waitSignal(window.client.model_loaded, timeout=60_000):
        window.load_model(str(model_path))  # default settings: everything Auto
        assert window.load_progress.isVisibleTo(window) and "Loading" in window.model_label.text()
    assert not window.load_progress.isVisibleTo(window)
    assert shares and shares == sorted(shares) and shares[-1] == 1.0  # real progress from llama.cpp
    assert window.load_progress.value() == 100
    assert window.model.context_length == 8192 and window.plan.context_length == 8192
    assert window.model_label.text().endswith("· CPU") and not window.hardware.backend.gpu_offload
    assert "KV cache f16" in window.model_label.toolTip()
    window.close()


def test_settings_dialog_maps_auto_and_overrides(qtbot):
    dialog = ModelSettingsDialog(ModelSettings(), 8192, n_layers=30)
    qtbot.addWidget(dialog)
    assert dialog.context_length.text() == "Auto" and dialog.gpu_layers.text() == "Auto"
    assert dialog.kv_type.currentData() == "auto"
    auto = dialog.value()
    assert (auto.context_length, auto.gpu_layers, auto.kv_type) == (0, None, "auto")
    dialog.context_length.setValue(2048)
    dialog.gpu_layers.setValue(30)  # the highest value: every layer
    dialog.kv_type.setCurrentIndex(dialog.kv_type.findData("q8_0"))
    chosen = dialog.value()
    assert (chosen.context_length, chosen.gpu_layers, chosen.kv_type) == (2048, -1, "q8_0")
    again = ModelSettingsDialog(chosen, 8192, n_layers=30)
    qtbot.addWidget(again)
    assert again.value() == chosen


def test_a_chosen_context_and_kv_type_are_used(qtbot, model_path):
    window = open_main_window(qtbot)
    window.settings.set_model_settings(str(model_path), ModelSettings(context_length=1024, kv_type="q8_0"))
    with qtbot.waitSignal(window.client.model_loaded, timeout=60_000):
        window.load_model(str(model_path))
    assert window.model.context_length == 1024 and window.model.kv_type == "q8_0"
    window.close()
