"""The memory bar in numbers and in words: the estimate's parts (weights, KV cache, buffers) as shares of a bar
whose length is the larger of the need and the memory free now, each part split where the free memory ends (what
lies past that point does not fit); the legend that says the same; and which free memory a model is measured
against (a GPU's, where the verdict puts it there, else the computer's)."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.core.engines.hardware import SystemMemory
from assistant.core.engines.memory_fit import MemoryNeed
from assistant.core.i18n import translate
from assistant.core.units import human_size

PARTS = ("weights", "kv_cache", "buffers")


@dataclass(frozen=True)
class BarPart:
    kind: str  # one of PARTS
    size: int  # bytes
    start: float  # where it begins, as a share of the bar's length (0 to 1)
    end: float  # where it ends
    split: float  # where the free memory ends within it: from start to split fits, from split to end does not

    @property
    def over(self) -> bool:
        return self.split < self.end


@dataclass(frozen=True)
class MemoryBarLayout:
    parts: tuple[BarPart, ...]
    need: int
    free: int
    free_share: float  # where the free memory ends on the bar

    @property
    def over(self) -> bool:
        """The need passes the memory free now."""
        return self.need > self.free

    @property
    def over_by(self) -> int:
        return max(0, self.need - self.free)


def bar_layout(need: MemoryNeed, free: int) -> MemoryBarLayout:
    """The parts of ``need`` against ``free`` bytes. The bar is as long as the larger of the two, so a model that
    fits leaves the rest of the bar empty, and one that does not shows its parts passing the free amount's mark."""
    free = max(0, free)
    sizes = (need.weights, need.kv_cache, need.overhead)
    length = max(sum(sizes), free) or 1
    free_share = free / length
    parts, done = [], 0
    for kind, size in zip(PARTS, sizes):
        start, end = done / length, (done + size) / length
        parts.append(BarPart(kind, size, start, end, min(max(free_share, start), end)))
        done += size
    return MemoryBarLayout(tuple(parts), sum(sizes), free, min(free_share, 1.0))


def part_label(kind: str) -> str:
    return {"weights": translate("MemoryBar", "Weights"), "kv_cache": translate("MemoryBar", "KV cache"),
            "buffers": translate("MemoryBar", "Buffers")}[kind]


def legend_parts(layout: MemoryBarLayout, where: str | None = None) -> list[str]:
    """The bar in words, a phrase per part ("Weights 2.3 GB"), then what is free ("23.5 GB free"), then by how much
    the need passes it when it does. ``where``: a GPU's name, when the free memory is the GPU's."""
    words = [translate("MemoryBar", "{part} {size}").format(part=part_label(part.kind), size=human_size(part.size))
             for part in layout.parts]
    if where:
        words.append(translate("MemoryBar", "{size} free on {gpu}").format(size=human_size(layout.free), gpu=where))
    else:
        words.append(translate("MemoryBar", "{size} free").format(size=human_size(layout.free)))
    if layout.over:
        words.append(translate("MemoryBar", "{size} more than is free").format(size=human_size(layout.over_by)))
    return words


def legend(layout: MemoryBarLayout, where: str | None = None) -> str:
    """"Weights 2.3 GB · KV cache 0.4 GB · Buffers 0.1 GB · 23.5 GB free": the legend, and what a screen reader
    says of the bar."""
    return " · ".join(legend_parts(layout, where))


def free_for(need: MemoryNeed, memory: SystemMemory, report=None) -> tuple[int, str | None]:
    """The free memory the model is measured against, and the GPU's name when it is a GPU's: the GPU where the
    model fits on it whole (as ``memory_fit.on_machine`` decides), else the computer's memory."""
    gpu = report.usable_gpu() if report is not None else None
    if gpu is not None and need.total <= gpu[1] * 0.9:
        return gpu[1], gpu[0]
    return memory.available, None
