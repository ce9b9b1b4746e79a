"""The window loads models as planned ("Auto"), shows where they run, and keeps the user's overrides."""

from __future__ import annotations

import pytest
from conftest import open_main_window

from assistant.core.engines.types import GenerationParams
from assistant.core.storage.settings import ModelSettings
from assistant.ui.models.model_settings_dialog import ModelSettingsDialog

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
    assert window.model.context_length == 8192 and window.session.plan.context_length == 8192
    assert window.model.n_threads == window.hardware.physical_cores  # one thread per physical core
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
    dialog.threads.setValue(3)
    dialog.batch_size.setValue(1024)
    dialog.flash_attention.setCurrentIndex(dialog.flash_attention.findData("on"))
    assert dialog.seed.text() == "Random" and GenerationParams.from_settings(auto).seed is None
    dialog.top_k.setValue(12)
    dialog.min_p.setValue(0.1)
    dialog.repeat_penalty.setValue(1.25)
    dialog.seed.setValue(77)
    chosen = dialog.value()
    assert (chosen.top_k, chosen.min_p, chosen.repeat_penalty, chosen.seed) == (12, 0.1, 1.25, 77)
    assert GenerationParams.from_settings(chosen).seed == 77 and GenerationParams.from_settings(chosen, max_tokens=9).max_tokens == 9
    assert (chosen.context_length, chosen.gpu_layers, chosen.kv_type) == (2048, -1, "q8_0")
    assert (chosen.threads, chosen.batch_size, chosen.flash_attention) == (3, 1024, "on")
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


def test_tuned_defaults_per_device(model_path):
    from assistant.core.library.gguf_file import read_gguf
    from assistant.core.engines.hardware import Backend, Gpu, HardwareReport, SystemMemory
    from assistant.core.engines.offload_plan import plan_load

    info = read_gguf(model_path)
    cpu = HardwareReport(Backend("CPU", False, ""), (), SystemMemory(16 * 1024**3, 12 * 1024**3), 6, 12)
    plan, options = plan_load(info, ModelSettings(), cpu)
    assert (options.n_gpu_layers, options.n_threads, options.batch_size, options.flash_attention) == (0, 6, 512, False)
    # Turned on, it is on on the CPU too, and the plan no longer counts the attention scores it never builds.
    on_plan, on = plan_load(info, ModelSettings(flash_attention="on"), cpu)
    assert on.flash_attention and on_plan.cpu_bytes < plan.cpu_bytes
    cuda = HardwareReport(Backend("CUDA", True, ""), (Gpu(0, "RTX", "NVIDIA", 8 * 1024**3, 7 * 1024**3),),
                          cpu.memory, 6, 12)
    plan, options = plan_load(info, ModelSettings(), cuda)
    assert plan.full_offload and options.n_gpu_layers == -1 and options.batch_size == 2048 and options.flash_attention
    _plan, options = plan_load(info, ModelSettings(threads=2, batch_size=256, flash_attention="off"), cuda)
    assert (options.n_threads, options.batch_size, options.flash_attention) == (2, 256, False)
    # A GPU with no room for a single layer: the model runs on the CPU, and so without flash attention.
    full = HardwareReport(Backend("CUDA", True, ""), (Gpu(0, "RTX", "NVIDIA", 8 * 1024**3, 1024**2),), cpu.memory, 6, 12)
    plan, options = plan_load(info, ModelSettings(), full)
    assert plan.gpu_layers == 0 and not options.flash_attention and options.batch_size == 512
