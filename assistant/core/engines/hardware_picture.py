"""The hardware report as a picture, in numbers and words: each memory (the computer's, each graphics card's) as a
bar of what is in use and what is free, and the loaded model's layers as a row of segments, on the GPU or the CPU.
Every bar carries its sentence, so the colour is never the only signal; the window only draws what is here."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.core.engines.hardware import HardwareReport
from assistant.core.engines.offload_plan import OffloadPlan
from assistant.core.i18n import translate
from assistant.core.units import human_size


@dataclass(frozen=True)
class MemoryBar:
    words: str
    total: int
    free: int | None  # None where the platform does not say: the bar is drawn as its total only

    @property
    def used_share(self) -> float | None:
        """How much of the bar is in use (0 to 1); None when the free memory is not known."""
        if self.free is None or self.total <= 0:
            return None
        return min(1.0, max(0.0, (self.total - self.free) / self.total))


@dataclass(frozen=True)
class LayerRow:
    words: str
    on_gpu: tuple[bool, ...]  # each layer in order: llama.cpp offloads the last layers first


@dataclass(frozen=True)
class HardwarePicture:
    memories: tuple[MemoryBar, ...]
    layers: LayerRow | None

    def words(self) -> list[str]:
        """What the picture says, in order: for a screen reader and for anyone who cannot tell its colours apart."""
        return [bar.words for bar in self.memories] + ([self.layers.words] if self.layers else [])


def hardware_picture(report: HardwareReport, plan: OffloadPlan | None = None) -> HardwarePicture:
    """``plan``: the load plan of the model loaded, if any; its layers are shown as on the GPU or the CPU."""
    memory = report.memory
    bars = [MemoryBar(translate("HardwarePicture", "System memory: {free} free of {total}").format(
        free=human_size(memory.available), total=human_size(memory.total)), memory.total, memory.available)]
    for gpu in report.gpus:
        if gpu.free is None:
            words = translate("HardwarePicture", "GPU memory ({name}): {total}; free memory not reported").format(
                name=gpu.name, total=human_size(gpu.total))
        else:
            words = translate("HardwarePicture", "GPU memory ({name}): {free} free of {total}").format(
                name=gpu.name, free=human_size(gpu.free), total=human_size(gpu.total))
        if not report.backend.gpu_offload:
            words += " · " + translate("HardwarePicture", "not used by this build of llama.cpp")
        bars.append(MemoryBar(words, gpu.total, gpu.free))
    return HardwarePicture(tuple(bars), layer_row(plan) if plan is not None and plan.n_layers > 0 else None)


def layer_row(plan: OffloadPlan) -> LayerRow:
    total = plan.n_layers
    gpu = max(0, min(plan.gpu_layers, total))
    cpu = total - gpu
    if gpu == total:
        words = translate("HardwarePicture", "Layers: all {count} on GPU").format(count=total)
    elif gpu == 0:
        words = translate("HardwarePicture", "Layers: all {count} on CPU").format(count=total)
    else:
        words = translate("HardwarePicture", "Layers: {gpu} on GPU · {cpu} on CPU").format(gpu=gpu, cpu=cpu)
    return LayerRow(words, (False,) * cpu + (True,) * gpu)


def layer_segments(on_gpu: tuple[bool, ...], width: int, gap: int) -> list[tuple[int, int, bool]]:
    """Where to draw the layers in ``width`` pixels: (x, width, on GPU) for each segment, ``gap`` pixels apart. Too
    many layers for a segment each of at least 2 pixels: one segment for each run of layers in one place, their
    lengths in proportion."""
    count = len(on_gpu)
    if count == 0 or width <= 0:
        return []
    if width - gap * (count - 1) >= 2 * count:
        edges = [round(i * (width + gap) / count) for i in range(count + 1)]
        return [(edges[i], edges[i + 1] - edges[i] - gap, on_gpu[i]) for i in range(count)]
    runs: list[tuple[int, int, bool]] = []  # (first layer, last layer + 1, on GPU)
    for index, place in enumerate(on_gpu):
        if runs and runs[-1][2] == place:
            runs[-1] = (runs[-1][0], index + 1, place)
        else:
            runs.append((index, index + 1, place))
    usable = width - gap * (len(runs) - 1)
    segments = []
    for number, (first, end, place) in enumerate(runs):
        x = round(first * usable / count) + number * gap
        segments.append((x, round(end * usable / count) + number * gap - x, place))
    return segments
