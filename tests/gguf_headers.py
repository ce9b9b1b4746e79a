"""Small GGUF files whose headers are real, for tests of what the library reads from them: a text model of a given
embedding width, and vision projectors (mmproj) feeding a given width. Written with the ``gguf`` package; the
tensors are tiny and hold zeros, so nothing here can be loaded and run (tests/vision_fixture.py writes those)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from gguf import GGUFWriter

HIDDEN = 4  # the projector's inner width: only its output width matters here


def write_text_model(path: str | Path, n_embd: int, arch: str = "llama", name: str = "Tiny Test Model") -> Path:
    path = Path(path)
    writer = GGUFWriter(str(path), arch=arch)
    writer.add_name(name)
    writer.add_embedding_length(n_embd)
    writer.add_context_length(2048)
    writer.add_block_count(1)
    writer.add_tensor("token_embd.weight", np.zeros((8, n_embd), dtype=np.float16))
    _finish(writer)
    return path


def write_projector(path: str | Path, size: int, kind: str = "mlp", vision: bool = True,
                    general_type: bool = True) -> Path:
    """A projector of ``kind`` (clip.projector_type) whose output is ``size`` wide, in the tensor clip.cpp reads
    it from. ``general_type=False`` leaves out general.type, as older converters did."""
    path = Path(path)
    writer = GGUFWriter(str(path), arch="clip")
    if general_type:
        writer.add_type("mmproj")
    writer.add_name("tiny test projector")
    writer.add_file_type(1)
    writer.add_clip_has_vision_encoder(vision)
    if not vision:
        writer.add_bool("clip.has_audio_encoder", True)
    writer.add_clip_projector_type(kind)
    writer.add_vision_projection_dim(size)
    # numpy's shape is GGML's reversed: (rows, columns) is ne = (columns, rows).
    if kind == "mlp":
        writer.add_tensor("mm.0.weight", np.zeros((HIDDEN, HIDDEN), dtype=np.float16))
        writer.add_tensor("mm.2.weight", np.zeros((size, HIDDEN), dtype=np.float16))  # ne[1] = size
    elif kind == "gemma3":
        writer.add_tensor("mm.input_projection.weight", np.zeros((HIDDEN, size), dtype=np.float16))  # ne[0] = size
    elif kind in ("qwen2.5vl_merger", "qwen3vl_merger"):
        writer.add_tensor("mm.2.bias", np.zeros((size,), dtype=np.float32))
    else:
        writer.add_tensor("mm.unknown.weight", np.zeros((HIDDEN, HIDDEN), dtype=np.float16))
    _finish(writer)
    return path


def projector_bytes(tmp_folder: Path, size: int, kind: str = "mlp") -> bytes:
    return write_projector(tmp_folder / f"projector-{kind}-{size}.gguf", size, kind).read_bytes()


def _finish(writer: GGUFWriter) -> None:
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
