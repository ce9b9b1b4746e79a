"""Planning a load: how many layers go to the GPU, how long a context, which KV cache type, so that it fits.

Sizes come from the GGUF header: each layer's tensors, the embeddings and output layer, the KV heads and their
dimensions. llama.cpp offloads the *last* layers first, keeps the input embeddings on the CPU, and puts the output
layer on the GPU only when every layer is there. The compute buffer is a fit to what llama.cpp reports (see
``compute_bytes``). Every number is kept in the plan, so the user can see what was chosen and why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.core.engines.types import LoadOptions
from assistant.core.library.gguf_file import GgufInfo
from assistant.core.i18n import translate
from assistant.core.units import human_size

KV_TYPES = {"f16": 2.0, "q8_0": 34 / 32, "q4_0": 18 / 32}  # bytes per element, with the quantization scales
UBATCH = 512  # llama.cpp's default micro-batch, which sizes the compute buffer
MARGIN = 0.90  # use at most this share of the free memory of a device
MAX_AUTO_CONTEXT = 32768  # a longer context is possible, but only when asked for
MIN_USEFUL_CONTEXT = 4096  # a full offload is not worth a context shorter than this; the CPU may go lower
CONTEXT_STEPS = (32768, 16384, 8192, 4096, 2048, 1024)
_LAYER = re.compile(r"^blk\.(\d+)\.")


@dataclass(frozen=True)
class ModelShape:
    n_layers: int
    layer_bytes: tuple[int, ...]
    input_bytes: int  # token embeddings: always on the CPU
    output_bytes: int  # output norm and output matrix
    tied: bool  # no output matrix: the output layer reads the embeddings, copied to the GPU on a full offload
    n_vocab: int
    n_head: int
    kv_heads: int
    key_length: int
    value_length: int
    trained_context: int
    # The projector that reads images (mmproj), loaded with the model: on the GPU when any layer is, else the CPU.
    projector_bytes: int = 0

    @classmethod
    def from_header(cls, info: GgufInfo, more_parts: list[GgufInfo] = ()) -> "ModelShape":
        arch = info.architecture
        meta = info.metadata
        n_layers = _int(meta, f"{arch}.block_count")
        n_head = _int(meta, f"{arch}.attention.head_count")
        embedding = _int(meta, f"{arch}.embedding_length")
        kv_heads = meta.get(f"{arch}.attention.head_count_kv", n_head)
        kv_heads = kv_heads if isinstance(kv_heads, int) and kv_heads > 0 else n_head
        layers = [0] * n_layers
        input_bytes = output_bytes = 0
        has_output = False
        for tensor in [t for part in (info, *more_parts) for t in part.tensors]:
            match = _LAYER.match(tensor.name)
            if match and int(match[1]) < n_layers:
                layers[int(match[1])] += tensor.n_bytes
            elif tensor.name.startswith("token_embd"):
                input_bytes += tensor.n_bytes
            else:
                output_bytes += tensor.n_bytes
                has_output = has_output or tensor.name.startswith("output.")
        vocab = meta.get(f"{arch}.vocab_size", meta.get("tokenizer.ggml.tokens", 32000))
        return cls(
            n_layers=n_layers, layer_bytes=tuple(layers), input_bytes=input_bytes, output_bytes=output_bytes,
            tied=not has_output,
            n_vocab=int(vocab) if isinstance(vocab, int) else 32000, n_head=n_head, kv_heads=kv_heads,
            key_length=_int(meta, f"{arch}.attention.key_length", embedding // n_head),
            value_length=_int(meta, f"{arch}.attention.value_length", embedding // n_head),
            trained_context=_int(meta, f"{arch}.context_length", 4096),
        )

    def kv_bytes(self, layers: int, context: int, kv_type: str) -> int:
        return int(layers * context * self.kv_heads * (self.key_length + self.value_length) * KV_TYPES[kv_type])


def compute_bytes(shape: ModelShape, context: int, flash_attention: bool = False) -> int:
    """llama.cpp's compute buffer for one micro-batch: the logits, and without flash attention the attention scores.

    Flash attention never builds the micro-batch's attention-score matrix, so its buffer barely depends on the context
    (SmolLM2-135M: 102.5 MiB at 2,048 tokens, 98.3 MiB at 8,192; this formula gives 99.8 for both). Without it the
    scores grow with the context: 99.4 and 166.4 MiB, against 98.4 and 163 here. Fitted to llama.cpp's own reports;
    see docs/performance.md.
    """
    if flash_attention:
        return int(UBATCH * 4 * 1.04 * shape.n_vocab)
    return int(UBATCH * 4 * (0.8 * shape.n_vocab + 0.6 * context * shape.n_head))


@dataclass(frozen=True)
class Device:
    name: str
    free: int


@dataclass(frozen=True)
class OffloadPlan:
    gpu_layers: int
    n_layers: int
    context_length: int
    kv_type: str
    gpu_bytes: int
    cpu_bytes: int
    device: str | None
    fits: bool
    notes: tuple[str, ...] = field(default=())

    @property
    def full_offload(self) -> bool:
        return self.gpu_layers >= self.n_layers

    @property
    def n_gpu_layers(self) -> int:
        """The value for llama.cpp: -1 (everything, output layer included) for a full offload."""
        return -1 if self.full_offload and self.n_layers else self.gpu_layers

    flash_attention: bool = False  # as chosen, or on regardless: llama.cpp quantizes the V cache only with it

    def summary(self) -> str:
        """One sentence for the model library's "will it fit"."""
        values = {"tokens": f"{self.context_length:,}", "device": self.device, "gpu": human_size(self.gpu_bytes),
                  "cpu": human_size(self.cpu_bytes), "layers": self.gpu_layers, "all": self.n_layers}
        if not self.fits:
            text = translate("OffloadPlan", "Too big for this computer: even on the CPU with a {tokens}-token context "
                                            "it needs about {cpu} of memory.")
        elif self.full_offload and self.device:
            text = translate("OffloadPlan", "Fits on {device}: all layers, {tokens}-token context, about {gpu} of GPU "
                                            "memory.")
        elif self.gpu_layers:
            text = translate("OffloadPlan", "Partly on {device}: {layers} of {all} layers with a {tokens}-token "
                                            "context; the rest takes about {cpu} of system memory.")
        else:
            text = translate("OffloadPlan", "Fits on the CPU: {tokens}-token context, about {cpu} of memory.")
        return text.format(**values)

    def lines(self) -> list[str]:
        if self.full_offload and self.device:
            where = translate("OffloadPlan", "all layers on {device}")
        elif self.gpu_layers:
            where = translate("OffloadPlan", "{layers} of {all} layers on {device}")
        else:
            where = translate("OffloadPlan", "CPU only")
        where = where.format(device=self.device, layers=self.gpu_layers, all=self.n_layers)
        rows = [translate("OffloadPlan", "Layers: {where}").format(where=where),
                translate("OffloadPlan", "Context: {tokens} tokens, KV cache {kv}").format(
                    tokens=f"{self.context_length:,}", kv=self.kv_type)]
        if self.device:
            rows.append(translate("OffloadPlan", "GPU memory: {size}").format(size=human_size(self.gpu_bytes)))
        rows.append(translate("OffloadPlan", "System memory: {size}").format(size=human_size(self.cpu_bytes)))
        rows.append(translate("OffloadPlan", "Fits.") if self.fits else translate(
            "OffloadPlan", "Does not fit this computer, even on the CPU at the smallest context."))
        return rows + list(self.notes)


def memory_for(shape: ModelShape, gpu_layers: int, context: int, kv_type: str,
               flash_attention: bool = False) -> tuple[int, int]:
    """(GPU bytes, CPU bytes) for a load with ``gpu_layers`` of the model's layers offloaded."""
    gpu_layers = max(0, min(gpu_layers, shape.n_layers))
    cpu_layers = shape.n_layers - gpu_layers
    full = gpu_layers == shape.n_layers
    compute = compute_bytes(shape, context, flash_attention or kv_type != "f16")
    gpu = 0
    if gpu_layers:
        output = shape.output_bytes + (shape.input_bytes if shape.tied else 0)
        gpu = (sum(shape.layer_bytes[cpu_layers:]) + shape.kv_bytes(gpu_layers, context, kv_type)
               + (output if full else 0) + compute)
    cpu = (shape.input_bytes + sum(shape.layer_bytes[:cpu_layers]) + shape.kv_bytes(cpu_layers, context, kv_type)
           + (0 if full else shape.output_bytes) + (compute if not gpu_layers else compute // 4))
    if gpu_layers:
        gpu += shape.projector_bytes
    else:
        cpu += shape.projector_bytes
    return gpu, cpu


def with_projector(shape: ModelShape, model_path) -> ModelShape:
    """``shape`` with the weights of the projector the engine will load beside the model (llama/vision)."""
    from dataclasses import replace

    from assistant.core.library.projector import find_projector

    choice = find_projector(model_path)
    if choice.path is None:
        return shape
    try:
        return replace(shape, projector_bytes=choice.path.stat().st_size)
    except OSError:
        return shape


def plan_offload(shape: ModelShape, ram_free: int, gpu: Device | None = None, context: int | None = None,
                 kv_type: str | None = None, gpu_layers: int | None = None,
                 flash_attention: bool = False) -> OffloadPlan:
    """The best load that fits: all layers on the GPU if possible (the longest context that allows it, at least
    4,096 tokens), else as many layers as fit at a 4,096-token context, else the CPU. ``context``, ``kv_type`` and
    ``gpu_layers`` fix a choice instead of "Auto"; ``flash_attention`` is the user's (a quantized KV cache turns it
    on regardless)."""
    ram = int(ram_free * MARGIN)
    vram = int(gpu.free * MARGIN) if gpu else 0
    contexts = [context] if context else _auto_contexts(shape.trained_context)
    kv_types = [kv_type] if kv_type else ["f16", "q8_0"]
    notes: list[str] = []

    def make(layers: int, ctx: int, kv: str, fits: bool) -> OffloadPlan:
        gpu_bytes, cpu_bytes = memory_for(shape, layers, ctx, kv, flash_attention)
        return OffloadPlan(min(layers, shape.n_layers), shape.n_layers, ctx, kv, gpu_bytes, cpu_bytes,
                           gpu.name if gpu and layers else None, fits, tuple(notes),
                           flash_attention or kv != "f16")

    def fits(layers: int, ctx: int, kv: str) -> bool:
        gpu_bytes, cpu_bytes = memory_for(shape, layers, ctx, kv, flash_attention)
        return gpu_bytes <= vram and cpu_bytes <= ram

    if gpu_layers is not None:  # the user chose the layers: find the longest context that fits with them
        layers = gpu_layers if gpu else 0
        for ctx in contexts:
            for kv in kv_types:
                if fits(layers, ctx, kv):
                    return make(layers, ctx, kv, True)
        return make(layers, contexts[-1], kv_types[-1], False)

    if gpu is not None:
        useful = [ctx for ctx in contexts if ctx >= min(MIN_USEFUL_CONTEXT, shape.trained_context)] or contexts
        for ctx in useful:
            for kv in kv_types:
                if fits(shape.n_layers, ctx, kv):
                    return make(shape.n_layers, ctx, kv, True)
        partial_context = context or min(4096, shape.trained_context)
        for kv in kv_types:
            layers = max((n for n in range(shape.n_layers) if fits(n, partial_context, kv)), default=0)
            if layers:
                left = shape.n_layers - layers
                notes.append(translate("OffloadPlan", "The whole model does not fit in {gpu}'s free memory; layers "
                                                      "on the CPU: {count}.").format(gpu=gpu.name, count=left))
                return make(layers, partial_context, kv, True)
        notes.append(translate("OffloadPlan", "Not even one layer fits in {gpu}'s free memory; the model runs on the "
                                              "CPU.").format(gpu=gpu.name))
    for ctx in contexts:
        for kv in kv_types:
            if fits(0, ctx, kv):
                return make(0, ctx, kv, True)
    return make(0, contexts[-1], kv_types[-1], False)


def _auto_contexts(trained: int) -> list[int]:
    top = min(trained, MAX_AUTO_CONTEXT)
    return [top] + [step for step in CONTEXT_STEPS if step < top]


def _int(meta: dict, key: str, default: int | None = None) -> int:
    value = meta.get(key, default)
    if not isinstance(value, int) or value <= 0:
        raise ValueError(f"the GGUF header has no usable {key}")
    return value


def plan_for_machine(shape: ModelShape, report, context: int | None = None, kv_type: str | None = None,
                     gpu_layers: int | None = None, flash_attention: str = "auto") -> OffloadPlan:
    """Plan on this computer: its first GPU when the llama.cpp build can use it, else the CPU.

    Flash attention ("auto", "on", "off"): "auto" is on for a load that puts layers on the GPU, where it is faster and
    needs less memory, and off on the CPU alone, where llama.cpp's kernel makes a long conversation slower
    (docs/performance.md). Its memory differs, so the plan is made for the setting the load will use."""
    usable = report.usable_gpu()
    gpu = Device(*usable) if usable else None

    def plan(on: bool) -> OffloadPlan:
        return plan_offload(shape, report.memory.available, gpu, context, kv_type, gpu_layers, on)

    if flash_attention != "auto":
        return plan(flash_attention == "on")
    planned = plan(gpu is not None)
    if gpu is not None and planned.gpu_layers == 0 and planned.kv_type == "f16":
        return plan(False)  # the model ended up on the CPU alone
    return planned


def plan_load(info: GgufInfo, settings, report) -> tuple[OffloadPlan | None, LoadOptions]:
    """The plan for loading ``info`` on this computer with the user's choices (``ModelSettings``), and the
    options for the engine. Without the metadata a plan needs, the engine's defaults on the CPU."""
    from assistant.core.library.gguf_file import read_gguf
    from assistant.core.hub.files import split_part_names

    threads = report.physical_cores  # llama.cpp runs best with one thread per physical core
    try:
        names = split_part_names(info.path.name) or []
        more = [read_gguf(info.path.with_name(name)) for name in names[1:]]
        shape = with_projector(ModelShape.from_header(info, more), info.path)
    except (ValueError, OSError):
        return None, LoadOptions(context_length=settings.context_length or 4096, n_threads=settings.threads or threads,
                                 batch_size=settings.batch_size or 512)
    layers = settings.gpu_layers
    if layers is not None and layers < 0:
        layers = shape.n_layers
    plan = plan_for_machine(shape, report, context=settings.context_length or None,
                            kv_type=None if settings.kv_type == "auto" else settings.kv_type, gpu_layers=layers,
                            flash_attention=settings.flash_attention)
    on_gpu = report.backend.gpu_offload and plan.gpu_layers > 0
    options = LoadOptions(
        context_length=plan.context_length,
        n_threads=settings.threads or threads,
        n_gpu_layers=plan.n_gpu_layers if report.backend.gpu_offload else 0,
        kv_type=plan.kv_type,
        flash_attention=plan.flash_attention,
        # A GPU evaluates long prompts fastest in big batches; on the CPU larger batches gain nothing.
        batch_size=settings.batch_size or (2048 if on_gpu else 512),
    )
    return plan, options
