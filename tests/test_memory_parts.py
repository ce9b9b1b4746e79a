"""The memory bar's arithmetic, without Qt: the parts as shares of the bar, split where the free memory ends, and the
same in words."""

from __future__ import annotations

import pytest

from assistant.core.engines.hardware import SystemMemory
from assistant.core.engines.memory_fit import MemoryNeed
from assistant.core.engines.memory_parts import bar_layout, free_for, legend

GB = 10**9


def need(weights: float, kv: float, buffers: float) -> MemoryNeed:
    return MemoryNeed(int(weights * GB), int(kv * GB), int(buffers * GB), 4096, True)


def test_a_model_that_fits_takes_its_share_of_the_free_memory_and_leaves_the_rest_empty():
    layout = bar_layout(need(2, 1, 1), 8 * GB)
    assert [part.kind for part in layout.parts] == ["weights", "kv_cache", "buffers"]
    assert [(part.start, part.end) for part in layout.parts] == [(0, 0.25), (0.25, 0.375), (0.375, 0.5)]
    assert layout.free_share == 1.0 and not layout.over and layout.over_by == 0
    assert not any(part.over for part in layout.parts)
    assert [part.split for part in layout.parts] == [part.end for part in layout.parts]  # all of each part fits


def test_a_model_larger_than_the_free_memory_is_clipped_at_the_free_mark():
    layout = bar_layout(need(6, 1, 1), 4 * GB)  # 8 GB against 4 free: the bar is the need's length
    assert layout.parts[-1].end == 1.0 and layout.free_share == 0.5
    weights, kv, buffers = layout.parts
    assert weights.over and weights.split == 0.5 and weights.end == 0.75  # half of it fits, the rest does not
    assert kv.over and kv.split == kv.start  # none of the KV cache fits
    assert buffers.over and buffers.split == buffers.start
    assert layout.over and layout.over_by == 4 * GB


def test_the_shares_add_up_and_nothing_breaks_at_zero():
    layout = bar_layout(need(0, 0, 0), 0)
    assert all(part.start == part.end == 0 for part in layout.parts) and layout.free_share == 0
    layout = bar_layout(need(1, 0, 0), -5)  # a platform that reports nonsense: nothing free
    assert layout.free == 0 and layout.parts[0].over and layout.parts[0].split == 0


def test_the_legend_says_each_part_and_what_is_free():
    layout = bar_layout(need(2.3, 0.4, 0.1), int(23.5 * GB))
    assert legend(layout) == "Weights 2.3 GB · KV cache 400.0 MB · Buffers 100.0 MB · 23.5 GB free"
    assert legend(layout, "RTX 4090").endswith("23.5 GB free on RTX 4090")
    over = bar_layout(need(6, 1, 1), 4 * GB)
    assert legend(over).endswith("4.0 GB free · 4.0 GB more than is free")  # words, not only the hatching


@pytest.mark.parametrize("gpu_free, expected", [(24 * GB, (24 * GB, "RTX 4090")), (2 * GB, (16 * GB, None))])
def test_the_free_memory_is_the_gpus_where_the_model_fits_there(gpu_free, expected):
    class Report:
        def usable_gpu(self):
            return "RTX 4090", gpu_free

    memory = SystemMemory(total=32 * GB, available=16 * GB)
    assert free_for(need(4, 1, 0.2), memory, Report()) == expected
    assert free_for(need(4, 1, 0.2), memory, None) == (16 * GB, None)
