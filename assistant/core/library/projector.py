"""Vision projectors ("mmproj"): telling one from a model, the width it feeds, and finding the one for a model.

A model reads images only with a second GGUF file beside it, the projector, which turns an image into vectors the
text model takes in place of words. libmtmd refuses a projector whose output width differs from the model's
embedding width ("mismatch between text model ... and mmproj", tools/mtmd/mtmd.cpp), so the library checks it
before the engine tries. The width is not a header key: clip.cpp's ``clip_n_mmproj_embd`` reads it from the shape
of the projector's last tensor, which depends on the projector type; :data:`_OUTPUT` copies that table.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from assistant.core.hub.files import is_projector_name, projector_order, split_part_names
from assistant.core.i18n import translate
from assistant.core.library.gguf_file import BadModelFile, GgufInfo, read_gguf_cached

# Projector type (clip.projector_type) -> (the tensor whose shape says the output width, which dimension in GGML
# order: 0 for a bias or a weight stored transposed, 1 for a weight's output rows). From clip_n_mmproj_embd and the
# tensor names its loader uses (tools/mtmd/clip.cpp, clip-impl.h); audio-only types are left out.
_MM2_OUT = ("mm.2.weight", 1)
_MERGER_OUT = ("mm.2.bias", 0)
_FC_OUT = ("mm.model.fc.weight", 1)
_DOWN_OUT = ("mm.down.weight", 1)
_OUTPUT: dict[str, tuple[str, int]] = {
    "mlp": _MM2_OUT, "mlp_norm": ("mm.3.bias", 0),
    "ldp": ("mm.model.mb_block.1.block.2.1.bias", 0), "ldpv2": ("mm.model.peg.0.bias", 0),
    "resampler": ("resampler.proj.weight", 0), "minicpmv4_6": _DOWN_OUT,
    "adapter": ("adapter.linear.dense_4h_to_h.weight", 1),
    "qwen2vl_merger": _MERGER_OUT, "qwen2.5vl_merger": _MERGER_OUT, "qwen2.5o": _MERGER_OUT,
    "qwen3vl_merger": _MERGER_OUT, "exaone4_5": _MERGER_OUT, "youtuvl": _MERGER_OUT, "ling3vl": _MERGER_OUT,
    "janus_pro": ("mm.1.bias", 0), "mimovl": _MM2_OUT, "step3vl": _FC_OUT,
    "gemma3": ("mm.input_projection.weight", 0), "gemma3nv": ("mm.input_projection.weight", 0),
    "gemma4v": ("mm.input_projection.weight", 1), "gemma4uv": ("mm.input_projection.weight", 1),
    "idefics3": _FC_OUT, "llama4": _FC_OUT, "hunyuanvl": _FC_OUT, "deepseekocr": _FC_OUT, "deepseekocr2": _FC_OUT,
    "phi4": _MM2_OUT, "pixtral": _MM2_OUT, "lightonocr": _MM2_OUT, "dots_ocr": _MM2_OUT, "dots3note_v": _MM2_OUT,
    "lfm2": _MM2_OUT, "kimivl": _MM2_OUT, "kimik25": _MM2_OUT, "paddleocr": _MM2_OUT, "deepseek4v": _MM2_OUT,
    "muse-glimmer": _MM2_OUT, "minimax_m3": ("mm.merger.fc2.bias", 0),
    "internvl": ("mm.model.mlp.3.weight", 1), "nemotron_v2_vl": ("mm.model.mlp.3.weight", 1),
    "glm4v": _DOWN_OUT, "glm5v": _DOWN_OUT, "cogvlm": _DOWN_OUT,
}
_DEEPSTACK = re.compile(r"^v\.deepstack\.\d+\.fc1\.weight$")


def _info(path_or_info: GgufInfo | str | os.PathLike[str]) -> GgufInfo:
    return path_or_info if isinstance(path_or_info, GgufInfo) else read_gguf_cached(path_or_info)


def is_projector(path_or_info: GgufInfo | str | os.PathLike[str]) -> bool:
    """Whether the GGUF file is a projector (vision or audio) rather than a model, by its header: general.type
    "mmproj", or the clip.* keys llama.cpp's converter writes. A file whose header cannot be read is not one."""
    try:
        info = _info(path_or_info)
    except BadModelFile:
        return False
    if info.metadata.get("general.type") == "mmproj":
        return True
    return any(key.startswith("clip.") for key in info.metadata)


def reads_images(info: GgufInfo) -> bool:
    """A projector with a vision encoder (others hear audio)."""
    value = info.metadata.get("clip.has_vision_encoder")
    return bool(value) if value is not None else is_projector(info) and "clip.has_audio_encoder" not in info.metadata


def projector_type(info: GgufInfo) -> str:
    kind = info.metadata.get("clip.projector_type") or info.metadata.get("clip.vision.projector_type")
    if kind == "mlp" and any(t.name == "mm.3.weight" for t in info.tensors):
        return "mlp_norm"  # Yi-type LLaVA, as clip.cpp renames it on load
    return str(kind or "")


def projector_size(path_or_info: GgufInfo | str | os.PathLike[str]) -> int:
    """The width of the vectors the projector gives the text model (libmtmd's ``clip_n_mmproj_embd``); 0 when it
    cannot be known: an unreadable header, a projector type this table lacks, or its tensor missing."""
    try:
        info = _info(path_or_info)
    except BadModelFile:
        return 0
    where = _OUTPUT.get(projector_type(info))
    if where is None:
        return 0
    name, axis = where
    tensor = next((t for t in info.tensors if t.name == name), None)
    if tensor is None or len(tensor.shape) <= axis:
        return 0
    size = tensor.shape[axis]
    if projector_type(info) == "qwen3vl_merger":  # the deepstack layers' outputs go along with the main one
        size *= 1 + sum(1 for t in info.tensors if _DEEPSTACK.match(t.name))
    return int(size)


@dataclass
class ProjectorChoice:
    """The projector to load with a model: ``path`` None when there is none to use; ``problem`` one line for the
    user when projectors are there but none can serve this model ("" otherwise)."""

    path: Path | None
    problem: str = ""

    @property
    def sees(self) -> bool:
        return self.path is not None


def find_projector(model_path: str | os.PathLike[str]) -> ProjectorChoice:
    """The vision projector beside the model whose output width fits the model's embedding width. Among those that
    fit: the one whose name shares the model's, then F16, then by name. A projector whose width cannot be read
    (a type newer than this table) is taken only when none is known to fit; libmtmd still checks it on load."""
    model_path = Path(model_path)
    try:
        model = read_gguf_cached(model_path)
    except BadModelFile:
        return ProjectorChoice(None)  # the model's own problem is said where it is listed or loaded
    if is_projector(model):
        return ProjectorChoice(None, translate(
            "Projector", "{file} is an image projector (mmproj), not a model: open the model file beside it, and "
                         "the projector is loaded with it.").format(file=model_path.name))
    wanted = model.embedding_length
    fitting: list[Path] = []
    unknown: list[Path] = []
    unfit: list[tuple[Path, int]] = []
    for path in _projectors_beside(model_path):
        size = projector_size(path)
        if size == 0 or wanted is None:
            unknown.append(path)
        elif size == wanted:
            fitting.append(path)
        else:
            unfit.append((path, size))
    order = lambda path: projector_order(model_path.name, path.name)  # noqa: E731
    for found in (fitting, unknown):
        if found:
            return ProjectorChoice(min(found, key=order))
    if not unfit:
        return ProjectorChoice(None)
    path, size = min(unfit, key=lambda pair: order(pair[0]))
    text = translate("Projector", "{file} feeds {size}-wide embeddings; this model takes {wanted}, so it cannot read "
                                  "images with it.").format(file=path.name, size=size, wanted=wanted)
    if len(unfit) > 1:
        text += " " + translate("Projector", "The other projectors beside it do not fit either.")
    return ProjectorChoice(None, text)


def _projectors_beside(model_path: Path) -> list[Path]:
    """The vision projectors in the model's folder, by header (a name says "mmproj" in most but not all)."""
    own = {model_path.name, *(split_part_names(model_path.name) or [])}
    try:
        candidates = sorted(p for p in model_path.parent.iterdir()
                            if p.suffix.lower() == ".gguf" and p.name not in own and p.is_file())
    except OSError:
        return []
    found = []
    for path in candidates:
        try:
            info = read_gguf_cached(path)
        except BadModelFile:
            continue  # a damaged or half-written file is no projector; the library lists it with its problem
        if is_projector(info) and reads_images(info):
            found.append(path)
    return found


def looks_like_projector(path: str | os.PathLike[str]) -> bool:
    """By name or by header: what the library leaves out of its list of models."""
    return is_projector_name(Path(path).name) or is_projector(path)
