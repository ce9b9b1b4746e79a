"""Checks a GGUF file and reads its metadata before llama.cpp ever sees it.

llama.cpp's own parser aborts the whole process on some malformed files, so every model is walked here first,
in bounded time and memory. The walk uses mmap + struct rather than ``gguf.GGUFReader``: the reader builds a numpy
view per tokenizer string and took 9.3 s on the 98 MB SmolLM2 file; this walk takes tens of milliseconds. The
``gguf`` package still supplies the tables that are risky to copy (value types, quant block sizes, file types).
"""

from __future__ import annotations

import importlib.util
import mmap
import os
import struct
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from assistant.core.i18n import translate


def _gguf_constants():
    """The ``gguf`` package's constants module on its own. Importing the package runs its ``__init__``, which
    loads numpy for the reader and writer this module does not use: 0.15 s and 20 MB at start-up, for tables."""
    if "gguf.constants" in sys.modules:
        return sys.modules["gguf.constants"]
    package = importlib.util.find_spec("gguf")  # finds the package without running it
    spec = importlib.util.spec_from_file_location(
        "assistant._gguf_constants", Path(package.submodule_search_locations[0]) / "constants.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_constants = _gguf_constants()
GGML_QUANT_SIZES, GGMLQuantizationType = _constants.GGML_QUANT_SIZES, _constants.GGMLQuantizationType
GGUFValueType, LlamaFileType = _constants.GGUFValueType, _constants.LlamaFileType

GGUF_MAGIC = b"GGUF"
SUPPORTED_VERSIONS = (2, 3)
MAX_DIMS = 4  # GGML_MAX_DIMS
# Real files stay far below these; they only stop a crafted header from making us walk for minutes.
MAX_STRING_BYTES = 64 * 1024 * 1024
MAX_ARRAY_ITEMS = 16 * 1024 * 1024
MIN_TENSOR_INFO_BYTES = 8 + 4 + 4 + 8  # empty name, zero dims, type, offset
MIN_KV_BYTES = 8 + 4 + 1  # empty key, type, a one-byte value

_SCALAR_FORMATS = {
    GGUFValueType.UINT8: "<B", GGUFValueType.INT8: "<b", GGUFValueType.UINT16: "<H", GGUFValueType.INT16: "<h",
    GGUFValueType.UINT32: "<I", GGUFValueType.INT32: "<i", GGUFValueType.FLOAT32: "<f", GGUFValueType.BOOL: "<?",
    GGUFValueType.UINT64: "<Q", GGUFValueType.INT64: "<q", GGUFValueType.FLOAT64: "<d",
}


class BadModelFile(Exception):
    """The file is not a usable GGUF model. The message names the file and says why, in words a user can act on."""

    def __init__(self, path: str | os.PathLike[str], reason: str):
        self.path = Path(path)
        self.reason = reason
        super().__init__(translate("GgufFile", "{file} cannot be used: {reason}").format(file=self.path.name,
                                                                                         reason=reason))


@dataclass(frozen=True)
class TensorInfo:
    name: str
    shape: tuple[int, ...]
    type_name: str
    offset: int
    n_bytes: int


@dataclass
class GgufInfo:
    """What the header says about a model. ``metadata`` holds scalar values; arrays are kept as their length."""

    path: Path
    file_size: int
    version: int
    metadata: dict[str, object] = field(default_factory=dict)
    tensors: list[TensorInfo] = field(default_factory=list)

    @property
    def architecture(self) -> str:
        return str(self.metadata.get("general.architecture", "unknown"))

    @property
    def name(self) -> str:
        name = self.metadata.get("general.name")
        return str(name) if name else self.path.stem

    @property
    def context_length(self) -> int | None:
        value = self.metadata.get(f"{self.architecture}.context_length")
        return int(value) if isinstance(value, int) else None

    @property
    def embedding_length(self) -> int | None:
        """The width of the vectors the model's first layer takes (llama.cpp's ``n_embd_inp``): what an image
        projector's output must match. Qwen3-VL's deepstack layers widen it."""
        value = self.metadata.get(f"{self.architecture}.embedding_length")
        if not isinstance(value, int):
            return None
        deepstack = self.metadata.get(f"{self.architecture}.n_deepstack_layers")
        return value * (1 + deepstack) if isinstance(deepstack, int) and deepstack > 0 else value

    @property
    def block_count(self) -> int | None:
        value = self.metadata.get(f"{self.architecture}.block_count")
        return int(value) if isinstance(value, int) else None

    @property
    def chat_template(self) -> str | None:
        value = self.metadata.get("tokenizer.chat_template")
        return value if isinstance(value, str) else None

    @property
    def parameter_count(self) -> int:
        total = 0
        for tensor in self.tensors:
            count = 1
            for dim in tensor.shape:
                count *= dim
            total += count
        return total

    @property
    def quantization(self) -> str:
        file_type = self.metadata.get("general.file_type")
        if isinstance(file_type, int):
            try:
                return LlamaFileType(file_type).name.removeprefix("MOSTLY_").removeprefix("ALL_")
            except ValueError:
                pass
        # Older files lack general.file_type: name the type that holds most of the weights.
        by_type: dict[str, int] = {}
        for tensor in self.tensors:
            by_type[tensor.type_name] = by_type.get(tensor.type_name, 0) + tensor.n_bytes
        return max(by_type, key=by_type.__getitem__) if by_type else "unknown"


class _Cursor:
    """Reads little-endian values from the mapped file, refusing to step past its end."""

    def __init__(self, buf: mmap.mmap, path: Path):
        self.buf = buf
        self.pos = 0
        self.size = len(buf)
        self.path = path

    def fail(self, reason: str) -> BadModelFile:
        return BadModelFile(self.path, reason)

    def need(self, n: int, what: str) -> None:
        if n < 0 or self.pos + n > self.size:
            raise self.fail(
                translate("GgufFile", "the header says {what} needs {n} bytes at byte {pos}, but the file is only "
                                      "{size} bytes long (truncated or damaged)")
                    .format(what=what, n=f"{n:,}", pos=f"{self.pos:,}", size=f"{self.size:,}")
            )

    def scalar(self, fmt: str, what: str):
        n = struct.calcsize(fmt)
        self.need(n, what)
        (value,) = struct.unpack_from(fmt, self.buf, self.pos)
        self.pos += n
        return value

    def string(self, what: str, keep: bool = True) -> str | None:
        length = self.scalar("<Q", what)
        if length > MAX_STRING_BYTES:
            raise self.fail(translate("GgufFile", "{what} claims a string of {length} bytes, far beyond any real model")
                .format(what=what, length=f"{length:,}"))
        self.need(length, what)
        raw = self.buf[self.pos : self.pos + length] if keep else None
        self.pos += length
        if raw is None:
            return None
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            raise self.fail(translate("GgufFile", "{what} is not valid UTF-8 text").format(what=what)) from None

    def value(self, value_type: int, what: str, keep: bool = True):
        if value_type == GGUFValueType.STRING:
            return self.string(what, keep)
        if value_type == GGUFValueType.ARRAY:
            item_type = self.scalar("<I", what)
            count = self.scalar("<Q", what)
            if count > MAX_ARRAY_ITEMS:
                raise self.fail(translate("GgufFile", "{what} claims an array of {count} items, far beyond any real "
                                                      "model").format(what=what, count=f"{count:,}"))
            if item_type in _SCALAR_FORMATS:
                item_size = struct.calcsize(_SCALAR_FORMATS[GGUFValueType(item_type)])
                self.need(item_size * count, what)
                self.pos += item_size * count
            elif item_type in (GGUFValueType.STRING, GGUFValueType.ARRAY):
                for _ in range(count):
                    self.value(item_type, what, keep=False)
            else:
                raise self.fail(translate("GgufFile", "{what} has an unknown array item type {item_type}")
                    .format(what=what, item_type=item_type))
            return count  # arrays are summarised by their length; nothing we show needs their contents
        if value_type in _SCALAR_FORMATS:
            return self.scalar(_SCALAR_FORMATS[GGUFValueType(value_type)], what)
        raise self.fail(translate("GgufFile", "{what} has an unknown value type {value_type}")
            .format(what=what, value_type=value_type))


def _describe_wrong_magic(head: bytes) -> str:
    text = head.lstrip().lower()
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<?xml")):
        return translate("GgufFile", "it is a web page (HTML), not a GGUF model; the download probably saved an error "
                                     "page")
    if text.startswith((b"{", b"[")):
        return translate("GgufFile", "it is a JSON text, not a GGUF model")
    if head.startswith(b"version https://git-lfs"):
        return translate("GgufFile", "it is a Git LFS pointer, not the model itself; download the real file")
    return translate("GgufFile", "it does not start with the GGUF signature, so it is not a GGUF model")


def read_gguf(path: str | os.PathLike[str]) -> GgufInfo:
    """Validate ``path`` as a GGUF model and return its metadata, or raise :class:`BadModelFile`."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise BadModelFile(path, translate("GgufFile", "it is not a regular file"))
    except OSError as exc:
        raise BadModelFile(path, translate("GgufFile", "it cannot be read ({exc})")
            .format(exc=exc.strerror or exc)) from None
    if size == 0:
        raise BadModelFile(path, translate("GgufFile", "the file is empty (0 bytes)"))
    try:
        with open(path, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as buf:
            return _walk(path, buf)
    except OSError as exc:
        raise BadModelFile(path, translate("GgufFile", "it cannot be read ({exc})")
            .format(exc=exc.strerror or exc)) from None


def _walk(path: Path, buf: mmap.mmap) -> GgufInfo:
    cur = _Cursor(buf, path)
    if buf[:4] != GGUF_MAGIC:
        raise BadModelFile(path, _describe_wrong_magic(buf[:64]))
    if cur.size < 24:
        raise BadModelFile(path, translate("GgufFile", "the file is only {size} bytes, shorter than a GGUF header "
                                                       "(truncated)").format(size=cur.size))
    cur.pos = 4
    version = cur.scalar("<I", "the version")
    if version not in SUPPORTED_VERSIONS:
        raise BadModelFile(path, translate("GgufFile", "it is GGUF version {version}; only versions 2 and 3 are "
                                                       "supported").format(version=version))
    tensor_count = cur.scalar("<Q", "the tensor count")
    kv_count = cur.scalar("<Q", "the metadata count")
    if tensor_count > cur.size // MIN_TENSOR_INFO_BYTES:
        raise BadModelFile(path, translate("GgufFile", "the header claims {tensor_count} tensors, more than a file of "
                                                       "{size} bytes can hold (damaged header)")
            .format(tensor_count=f"{tensor_count:,}", size=f"{cur.size:,}"))
    if kv_count > cur.size // MIN_KV_BYTES:
        raise BadModelFile(path, translate("GgufFile", "the header claims {kv_count} metadata entries, more than a "
                                                       "file of {size} bytes can hold (damaged header)")
            .format(kv_count=f"{kv_count:,}", size=f"{cur.size:,}"))

    info = GgufInfo(path=path, file_size=cur.size, version=version)
    for index in range(kv_count):
        key = cur.string(f"metadata key #{index}")
        value_type = cur.scalar("<I", f"the type of {key!r}")
        info.metadata[key] = cur.value(value_type, f"the value of {key!r}")

    raw_tensors = []
    for index in range(tensor_count):
        name = cur.string(f"tensor name #{index}")
        n_dims = cur.scalar("<I", f"the dimensions of tensor {name!r}")
        if n_dims > MAX_DIMS:
            raise BadModelFile(path, translate("GgufFile", "tensor {name} claims {n_dims} dimensions; GGUF allows at "
                                                           "most {max_dims}")
                .format(name=repr(name), n_dims=n_dims, max_dims=MAX_DIMS))
        shape = tuple(cur.scalar("<Q", f"the shape of tensor {name!r}") for _ in range(n_dims))
        type_id = cur.scalar("<I", f"the type of tensor {name!r}")
        offset = cur.scalar("<Q", f"the offset of tensor {name!r}")
        raw_tensors.append((name, shape, type_id, offset))

    alignment = info.metadata.get("general.alignment", 32)
    if not isinstance(alignment, int) or alignment <= 0 or alignment & (alignment - 1):
        raise BadModelFile(path, translate("GgufFile", "general.alignment is {alignment}, not a power of two")
            .format(alignment=repr(alignment)))
    data_start = -(-cur.pos // alignment) * alignment

    for name, shape, type_id, offset in raw_tensors:
        try:
            qtype = GGMLQuantizationType(type_id)
            block_items, block_bytes = GGML_QUANT_SIZES[qtype]
        except (ValueError, KeyError):
            raise BadModelFile(path, translate("GgufFile", "tensor {name} has an unknown data type {type_id}; the "
                                                           "app's llama.cpp may be older than this model")
                .format(name=repr(name), type_id=type_id)) from None
        items = 1
        for dim in shape:
            items *= dim
        if items % block_items:
            raise BadModelFile(path, translate("GgufFile", "tensor {name} has a shape that does not fit its {qtype} "
                                                           "blocks").format(name=repr(name), qtype=qtype.name))
        n_bytes = items // block_items * block_bytes
        end = data_start + offset + n_bytes
        if offset % alignment or end > cur.size:
            raise BadModelFile(
                path,
                translate("GgufFile", "tensor {name} lies past the end of the file (needs {end} bytes, the file has "
                                      "{size}); the file is truncated, perhaps an unfinished download").format(
                    name=repr(name), end=f"{end:,}", size=f"{cur.size:,}"),
            )
        info.tensors.append(TensorInfo(name, shape, qtype.name, offset, n_bytes))
    return info


def read_gguf_cached(path: str | os.PathLike[str]) -> GgufInfo:
    """:func:`read_gguf`, remembered while the file's size and modification time stay the same: the library and
    the projector search read every header in a folder each time they look."""
    try:
        stat = os.stat(path)
    except OSError:
        return read_gguf(path)  # says why, in the usual words
    return _cached(str(path), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=256)
def _cached(path: str, _size: int, _mtime_ns: int) -> GgufInfo:
    return read_gguf(path)
