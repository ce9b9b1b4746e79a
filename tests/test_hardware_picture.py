"""The hardware picture's numbers and words: memory in use and free, the layers on the GPU and the CPU, and where the
segments of a row of layers are drawn."""

from __future__ import annotations

import pytest

from assistant.core.engines.hardware import Backend, Gpu, HardwareReport, SystemMemory
from assistant.core.engines.hardware_picture import hardware_picture, layer_row, layer_segments
from assistant.core.engines.offload_plan import OffloadPlan

GB = 1000**3
MEMORY = SystemMemory(32 * GB, 24 * GB)


def plan(gpu_layers: int, n_layers: int = 32) -> OffloadPlan:
    return OffloadPlan(gpu_layers=gpu_layers, n_layers=n_layers, context_length=4096, kv_type="f16",
                       gpu_bytes=GB, cpu_bytes=GB, device="RTX" if gpu_layers else None, fits=True)


def test_system_memory_is_a_bar_of_what_is_in_use_with_the_same_in_words():
    picture = hardware_picture(HardwareReport(Backend("CPU", False, ""), (), MEMORY, 8, 16))
    (memory,) = picture.memories
    assert memory.used_share == pytest.approx(0.25)
    assert memory.words == "System memory: 24.0 GB free of 32.0 GB"
    assert picture.layers is None and picture.words() == [memory.words]


def test_each_graphics_card_has_its_bar_and_one_that_does_not_say_what_is_free_its_total_only():
    cards = (Gpu(0, "RTX 4070", "NVIDIA", 12 * GB, 9 * GB), Gpu(1, "Apple M2", "Apple", 16 * GB, None))
    picture = hardware_picture(HardwareReport(Backend("CUDA", True, ""), cards, MEMORY, 8, 16))
    system, nvidia, apple = picture.memories
    assert nvidia.words == "GPU memory (RTX 4070): 9.0 GB free of 12.0 GB" and nvidia.used_share == pytest.approx(0.25)
    assert apple.used_share is None and apple.words == "GPU memory (Apple M2): 16.0 GB; free memory not reported"


def test_a_card_this_build_cannot_use_says_so():
    card = Gpu(0, "RTX 4070", "NVIDIA", 12 * GB, 9 * GB)
    _system, nvidia = hardware_picture(HardwareReport(Backend("CPU", False, ""), (card,), MEMORY, 8, 16)).memories
    assert nvidia.words.endswith("· not used by this build of llama.cpp")


@pytest.mark.parametrize(("gpu", "words", "first_on_gpu"), [
    (20, "Layers: 20 on GPU · 12 on CPU", 12), (32, "Layers: all 32 on GPU", 0), (0, "Layers: all 32 on CPU", 32),
    (40, "Layers: all 32 on GPU", 0)])
def test_the_layers_say_where_they_are_and_the_last_ones_go_to_the_gpu(gpu, words, first_on_gpu):
    row = layer_row(plan(gpu))
    assert row.words == words
    assert len(row.on_gpu) == 32 and row.on_gpu == (False,) * first_on_gpu + (True,) * (32 - first_on_gpu)


def test_a_loaded_models_plan_adds_its_layers_to_the_picture():
    report = HardwareReport(Backend("CUDA", True, ""), (Gpu(0, "RTX", "NVIDIA", 8 * GB, 7 * GB),), MEMORY, 8, 16)
    picture = hardware_picture(report, plan(20))
    assert picture.words()[-1] == "Layers: 20 on GPU · 12 on CPU"


def test_layers_with_room_get_a_segment_each_that_fill_the_width_with_gaps_between():
    segments = layer_segments((False,) * 2 + (True,) * 3, 100, 2)
    assert [place for _x, _w, place in segments] == [False, False, True, True, True]
    assert segments[0][0] == 0 and segments[-1][0] + segments[-1][1] == 100
    for (x, w, _), (next_x, _nw, _) in zip(segments, segments[1:]):
        assert next_x - (x + w) == 2 and w >= 18


def test_too_many_layers_for_their_width_become_one_segment_per_place_in_proportion():
    segments = layer_segments((False,) * 60 + (True,) * 20, 100, 2)
    assert segments == [(0, 74, False), (76, 24, True)]
    assert layer_segments((True,) * 80, 100, 2) == [(0, 100, True)]
    assert layer_segments((), 100, 2) == [] and layer_segments((True,), 0, 2) == []
