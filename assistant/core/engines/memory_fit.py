"""Will a model fit? The memory a model needs (weights, KV cache, working buffers) against what this computer has.

The estimate is exact for the KV cache when the GGUF header is at hand (an installed file) and a size-based
guess otherwise (a file on the Hub). ``MemoryNeed`` keeps the parts apart so the GPU planner can place weights and
cache on different devices later.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from assistant.core.library.gguf_file import GgufInfo
from assistant.core.engines.hardware import SystemMemory
from assistant.core.i18n import translate
from assistant.core.engines.offload_plan import ModelShape
from assistant.core.units import human_size

DEFAULT_CONTEXT = 4096
# llama.cpp's compute buffers and runtime. A floor, because small models still allocate them; see
# docs/performance.md for how the estimate compares with a measured load.
MIN_OVERHEAD = 150 * 1024 * 1024
OVERHEAD_SHARE = 0.05
# Without a header: KV bytes per token per parameter. Llama 3 8B has 1.6e-5, Qwen2.5 7B 7.5e-6, Llama 2 13B
# 6.3e-5; 2e-5 sits near the common grouped-query models and errs on the high side for them.
KV_BYTES_PER_TOKEN_PER_PARAM = 2e-5
# Bits per weight of the common quantizations, to turn a file size into a parameter count.
BITS_PER_WEIGHT = {
    "Q2_K": 2.6, "Q3_K_S": 3.5, "Q3_K_M": 3.9, "Q3_K_L": 4.3, "IQ2_XXS": 2.1, "IQ2_XS": 2.3, "IQ2_S": 2.5,
    "IQ2_M": 2.7, "IQ3_XXS": 3.1, "IQ3_XS": 3.3, "IQ3_S": 3.4, "IQ3_M": 3.7, "IQ4_XS": 4.3, "IQ4_NL": 4.5,
    "Q4_0": 4.5, "Q4_1": 5.0, "Q4_K_S": 4.6, "Q4_K_M": 4.9, "Q5_0": 5.5, "Q5_1": 6.0, "Q5_K_S": 5.5,
    "Q5_K_M": 5.7, "Q6_K": 6.6, "Q8_0": 8.5, "F16": 16.0, "BF16": 16.0, "F32": 32.0,
}


class Verdict(Enum):
    FITS = "fits"
    TIGHT = "tight"
    TOO_BIG = "too big"

    def label(self) -> str:
        return {Verdict.FITS: translate("MemoryFit", "fits"), Verdict.TIGHT: translate("MemoryFit", "tight"),
                Verdict.TOO_BIG: translate("MemoryFit", "too big")}[self]


@dataclass(frozen=True)
class MemoryNeed:
    weights: int
    kv_cache: int
    overhead: int
    context_length: int
    from_metadata: bool  # False: the KV cache was guessed from the file size

    @property
    def total(self) -> int:
        return self.weights + self.kv_cache + self.overhead


def need_from_header(info: GgufInfo, weights_size: int | None = None,
                     context_length: int = DEFAULT_CONTEXT) -> MemoryNeed:
    """From an installed file's header. ``weights_size`` is the sum of all parts for a split model."""
    weights = weights_size if weights_size is not None else info.file_size
    context = min(context_length, info.context_length or context_length)
    per_token = _kv_bytes_per_token(info)
    if per_token is None:
        return need_from_size(weights, info.quantization, context)
    return MemoryNeed(weights, per_token * context, _overhead(weights), context, True)


def need_from_size(size: int, quantization: str, context_length: int = DEFAULT_CONTEXT) -> MemoryNeed:
    """From a file size alone, as the Hub lists it."""
    bits = BITS_PER_WEIGHT.get(quantization.upper(), 5.0)
    parameters = size * 8 / bits
    kv = int(parameters * KV_BYTES_PER_TOKEN_PER_PARAM) * context_length
    return MemoryNeed(size, kv, _overhead(size), context_length, False)


def verdict(need: MemoryNeed, memory: SystemMemory) -> Verdict:
    """Fits with room to spare, tight (only if other programs give memory back), or too big for this computer."""
    if need.total <= memory.available * 0.85:
        return Verdict.FITS
    if need.total <= max(memory.available, memory.total * 0.75):
        return Verdict.TIGHT
    return Verdict.TOO_BIG


def explain(need: MemoryNeed, memory: SystemMemory) -> str:
    """One plain sentence for the user."""
    values = {"amount": human_size(need.total), "how": _how(need), "tokens": f"{need.context_length:,}",
              "free": human_size(memory.available), "total": human_size(memory.total)}
    result = verdict(need, memory)
    if result is Verdict.FITS:
        text = translate("MemoryFit", "Fits: needs about {amount} with a {tokens}-token conversation{how}; {free} is "
                                      "free.")
    elif result is Verdict.TIGHT:
        text = translate("MemoryFit", "Tight: needs about {amount} with a {tokens}-token conversation{how}, and "
                                      "{free} is free. Close other programs first, or pick a smaller quantization.")
    else:
        text = translate("MemoryFit", "Too big: needs about {amount} with a {tokens}-token conversation{how}; this "
                                      "computer has {total} in all. Pick a smaller model or quantization.")
    return text.format(**values)


def _how(need: MemoryNeed) -> str:
    return "" if need.from_metadata else translate("MemoryFit", " (estimated from the file size)")


def _overhead(weights: int) -> int:
    return max(MIN_OVERHEAD, int(weights * OVERHEAD_SHARE))


def _kv_bytes_per_token(info: GgufInfo) -> int | None:
    try:
        shape = ModelShape.from_header(info)
    except ValueError:
        return None  # the header lacks the attention metadata: fall back to the size-based guess
    return shape.kv_bytes(shape.n_layers, 1, "f16")


def on_machine(need: MemoryNeed, memory: SystemMemory, report=None) -> tuple[Verdict, str]:
    """The verdict and sentence for a file on the Hub, with the GPU counted when the build can use one."""
    gpu = report.usable_gpu() if report is not None else None
    if gpu is not None and need.total <= gpu[1] * 0.9:
        return Verdict.FITS, translate(
            "MemoryFit", "Fits on {gpu}: needs about {amount} with a {tokens}-token conversation{how}; {free} is free "
                         "there.").format(gpu=gpu[0], amount=human_size(need.total), tokens=f"{need.context_length:,}",
                                          how=_how(need), free=human_size(gpu[1]))
    result, text = verdict(need, memory), explain(need, memory)
    if gpu is not None and result is not Verdict.TOO_BIG:
        text += translate("MemoryFit", " Part of it can run on {gpu}.").format(gpu=gpu[0])
    return result, text
