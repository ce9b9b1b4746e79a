"""Tiny random-weight vision projectors ("mmproj" GGUF files) that llama.cpp's libmtmd loads and runs as it would a
real one: no real projector can be downloaded in tests. Written with the ``gguf`` package under the key and tensor
names of the pinned llama.cpp (tools/mtmd/clip-impl.h), laid out as its converter writes them (conversion/base.py
MmprojModel, conversion/gemma.py Gemma3VisionModel). The weights are random, so what the model "sees" is noise; the
shapes, the token counts and the checks are real.

Two kinds:
- ``"mlp"``: a LLaVA-style CLIP encoder and two-layer MLP projector. Causal decode, no image markers: an image is
  ``(image_size / patch_size) ** 2`` embeddings in the prompt.
- ``"gemma3"``: a SigLIP encoder, average pooling by ``scale_factor`` per side and Gemma 3's soft-embedding norm
  and projection. libmtmd wraps each image in ``<start_of_image>`` ... ``<end_of_image>`` text and decodes the
  image with non-causal attention (``mtmd_decode_use_non_causal``): an image is
  ``(image_size / patch_size / scale_factor) ** 2`` embeddings.

libmtmd accepts a projector only when its output size equals the text model's embedding size
(``llama_model_n_embd_inp``); ``n_embd_text`` is that size (576 for SmolLM2-135M, 640 for Gemma 3 270M)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from gguf import GGMLQuantizationType, GGUFWriter

KINDS = ("mlp", "gemma3")


@dataclass(frozen=True)
class ProjectorShape:
    """What a written projector does with an image, for tests that count tokens."""

    kind: str
    n_embd_text: int
    image_size: int
    patch_size: int
    scale_factor: int  # pooling per side (gemma3); 1 for mlp

    @property
    def image_tokens(self) -> int:
        side = self.image_size // self.patch_size // self.scale_factor
        return side * side


def projector_shape(kind: str, n_embd_text: int, size: str = "tiny") -> ProjectorShape:
    if size == "bench":  # a real projector's input and token count: 224 px in 14 px patches, 256 tokens
        return ProjectorShape(kind, n_embd_text, image_size=224, patch_size=14, scale_factor=1)
    if kind == "mlp":
        return ProjectorShape(kind, n_embd_text, image_size=32, patch_size=8, scale_factor=1)  # 4x4 = 16 tokens
    if kind == "gemma3":
        return ProjectorShape(kind, n_embd_text, image_size=64, patch_size=8, scale_factor=2)  # 8x8 pooled to 4x4
    raise ValueError(f"unknown projector kind {kind!r}; one of {KINDS}")


# The vision tower: one small transformer, so an encode costs a few milliseconds on a CPU.
N_EMBD_VISION = 64
N_HEAD = 4
N_FF = 96  # unlike n_embd, or libmtmd would take ffn up/down for an old file's swapped pair
N_HIDDEN_MLP = 128
# CLIP's own normalisation constants, as real LLaVA projectors carry them.
IMAGE_MEAN = [0.48145466, 0.4578275, 0.40821073]
IMAGE_STD = [0.26862954, 0.26130258, 0.27577711]


@dataclass(frozen=True)
class Tower:
    width: int
    heads: int
    ff: int
    hidden_mlp: int
    layers: int  # run; an "mlp" projector is given one more (LLaVA reads the second-to-last layer)


TOWERS = {
    "tiny": Tower(N_EMBD_VISION, N_HEAD, N_FF, N_HIDDEN_MLP, 1),
    # For benchmarks: big enough that encoding takes a measurable time on a CPU (a real SigLIP has 27 layers of
    # 1152), small enough to write in a second.
    "bench": Tower(384, 6, 1536, 1024, 4),
}


def write_projector(path: str | Path, n_embd_text: int, kind: str = "mlp", seed: int = 0,
                    size: str = "tiny") -> Path:
    """Write a deterministic random-weight projector of ``kind`` whose output fits a text model of embedding size
    ``n_embd_text``; returns ``path``. Identical arguments give identical bytes. ``size``: "tiny" for tests,
    "bench" for a projector whose encoding takes real time (benchmarks/vision_bench.py)."""
    shape = projector_shape(kind, n_embd_text, size)
    tower = TOWERS[size]
    N_EMBD_VISION, N_HEAD, N_FF, N_HIDDEN_MLP = tower.width, tower.heads, tower.ff, tower.hidden_mlp  # noqa: N806
    path = Path(path)
    rng = np.random.default_rng(seed)
    n_patches = (shape.image_size // shape.patch_size) ** 2

    def matrix(rows: int, cols: int) -> np.ndarray:
        # numpy (rows, cols) is ggml ne [cols, rows]: a projection from cols to rows. Scaled so activations stay O(1).
        return (rng.standard_normal((rows, cols)) / np.sqrt(cols)).astype(np.float16)

    def vector(n: int, scale: float = 0.02, base: float = 0.0) -> np.ndarray:
        return (base + scale * rng.standard_normal(n)).astype(np.float32)

    writer = GGUFWriter(str(path), arch="clip")
    writer.add_type("mmproj")
    writer.add_name(f"hearth-test-{kind}-projector-{n_embd_text}")
    writer.add_description("random weights, for tests only")
    writer.add_file_type(1)  # mostly F16, like the mmproj-*-f16.gguf files of real repositories
    writer.add_clip_has_vision_encoder(True)
    writer.add_clip_projector_type(kind)
    writer.add_vision_projection_dim(n_embd_text)
    writer.add_vision_image_size(shape.image_size)
    writer.add_vision_patch_size(shape.patch_size)
    writer.add_vision_embedding_length(N_EMBD_VISION)
    writer.add_vision_feed_forward_length(N_FF)
    writer.add_vision_head_count(N_HEAD)
    writer.add_vision_image_mean(IMAGE_MEAN if kind == "mlp" else [0.5, 0.5, 0.5])
    writer.add_vision_image_std(IMAGE_STD if kind == "mlp" else [0.5, 0.5, 0.5])
    writer.add_vision_attention_layernorm_eps(1e-5 if kind == "mlp" else 1e-6)
    writer.add_vision_use_gelu(True)
    # LLaVA reads the second-to-last layer's output, so it is given two and runs one.
    n_layer = tower.layers + 1 if kind == "mlp" else tower.layers
    writer.add_vision_block_count(n_layer)
    if kind == "gemma3":
        writer.add_vision_projector_scale_factor(shape.scale_factor)

    tensors: list[tuple[str, np.ndarray]] = [
        # ggml ne [patch, patch, 3, n_embd]: the conv2d kernel that cuts the image into patch embeddings
        ("v.patch_embd.weight", (rng.standard_normal((N_EMBD_VISION, 3, shape.patch_size, shape.patch_size))
                                 / np.sqrt(3 * shape.patch_size ** 2)).astype(np.float32)),
        ("v.patch_embd.bias", vector(N_EMBD_VISION)),
        ("v.position_embd.weight", vector(n_patches * N_EMBD_VISION).reshape(n_patches, N_EMBD_VISION)),
    ]
    if kind == "mlp":
        tensors += [("v.pre_ln.weight", vector(N_EMBD_VISION, base=1.0)), ("v.pre_ln.bias", vector(N_EMBD_VISION))]
    for block in range(n_layer):
        prefix = f"v.blk.{block}"
        for name in ("attn_q", "attn_k", "attn_v", "attn_out"):
            tensors += [(f"{prefix}.{name}.weight", matrix(N_EMBD_VISION, N_EMBD_VISION)),
                        (f"{prefix}.{name}.bias", vector(N_EMBD_VISION))]
        tensors += [(f"{prefix}.ln1.weight", vector(N_EMBD_VISION, base=1.0)),
                    (f"{prefix}.ln1.bias", vector(N_EMBD_VISION)),
                    (f"{prefix}.ln2.weight", vector(N_EMBD_VISION, base=1.0)),
                    (f"{prefix}.ln2.bias", vector(N_EMBD_VISION)),
                    (f"{prefix}.ffn_up.weight", matrix(N_FF, N_EMBD_VISION)),
                    (f"{prefix}.ffn_up.bias", vector(N_FF)),
                    (f"{prefix}.ffn_down.weight", matrix(N_EMBD_VISION, N_FF)),
                    (f"{prefix}.ffn_down.bias", vector(N_EMBD_VISION))]
    if kind == "mlp":
        tensors += [("mm.0.weight", matrix(N_HIDDEN_MLP, N_EMBD_VISION)), ("mm.0.bias", vector(N_HIDDEN_MLP)),
                    ("mm.2.weight", matrix(n_embd_text, N_HIDDEN_MLP)), ("mm.2.bias", vector(n_embd_text))]
    else:
        tensors += [("v.post_ln.weight", vector(N_EMBD_VISION, base=1.0)), ("v.post_ln.bias", vector(N_EMBD_VISION)),
                    ("mm.soft_emb_norm.weight", vector(N_EMBD_VISION, base=1.0)),
                    # ggml ne [n_embd_text, n_embd_vision]: libmtmd reads the output size from its ne[0]
                    ("mm.input_projection.weight", matrix(N_EMBD_VISION, n_embd_text))]
    for name, data in tensors:
        writer.add_tensor(name, data, raw_dtype=GGMLQuantizationType.F16 if data.dtype == np.float16 else None)

    path.parent.mkdir(parents=True, exist_ok=True)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path
