"""Bad model files are refused before llama.cpp sees them, with a reason, in bounded time and memory."""

from __future__ import annotations

import struct
import time
import tracemalloc

import pytest
from conftest import gguf_header, gguf_string

from assistant.core.library.gguf_file import BadModelFile, read_gguf


def test_reads_the_real_smollm2_header(model_path):
    started = time.perf_counter()
    info = read_gguf(model_path)
    elapsed = time.perf_counter() - started
    assert info.architecture == "llama"
    assert info.quantization == "Q4_1"
    assert info.context_length == 8192
    assert info.block_count == 30
    assert len(info.tensors) == 272
    assert 130_000_000 < info.parameter_count < 140_000_000
    assert "<|im_start|>" in info.chat_template
    assert info.metadata["tokenizer.ggml.tokens"] == 49152  # arrays are summarised by length
    assert elapsed < 5, f"reading the header took {elapsed:.1f} s"


def _refusal(path) -> str:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(BadModelFile) as caught:
            read_gguf(path)
    finally:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert time.perf_counter() - started < 2
    assert peak < 16 * 1024 * 1024
    message = str(caught.value)
    assert message.startswith(f"{path.name} cannot be used: ")
    return message


def test_empty_file(tmp_path):
    path = tmp_path / "empty.gguf"
    path.write_bytes(b"")
    assert "empty (0 bytes)" in _refusal(path)


def test_missing_file(tmp_path):
    assert "cannot be read" in _refusal(tmp_path / "nowhere.gguf")


def test_html_page_saved_as_gguf(tmp_path):
    path = tmp_path / "model.gguf"
    path.write_text("<!DOCTYPE html>\n<html><head><title>404</title></head><body>Not found</body></html>")
    assert "web page (HTML)" in _refusal(path)


def test_git_lfs_pointer(tmp_path):
    path = tmp_path / "model.gguf"
    path.write_text("version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 98362432\n")
    assert "Git LFS pointer" in _refusal(path)


@pytest.mark.parametrize("fraction", [0.5, 0.999])
def test_truncated_real_model(tmp_path, model_path, fraction):
    data = model_path.read_bytes()
    path = tmp_path / "truncated.gguf"
    path.write_bytes(data[: int(len(data) * fraction)])
    assert "truncated" in _refusal(path)


def test_truncated_inside_the_header(tmp_path, model_path):
    path = tmp_path / "cut.gguf"
    with open(model_path, "rb") as source:
        path.write_bytes(source.read(100_000))
    message = _refusal(path)
    assert "'tokenizer.ggml.tokens'" in message and "truncated or damaged" in message


def test_absurd_tensor_count(tmp_path):
    path = tmp_path / "absurd.gguf"
    path.write_bytes(gguf_header(tensor_count=2**64 - 1, kv_count=0) + b"\0" * 4096)
    assert "18,446,744,073,709,551,615 tensors" in _refusal(path)


def test_absurd_metadata_count(tmp_path):
    path = tmp_path / "absurd.gguf"
    path.write_bytes(gguf_header(tensor_count=0, kv_count=2**63) + b"\0" * 4096)
    assert "metadata entries" in _refusal(path)


def test_absurd_string_length(tmp_path):
    path = tmp_path / "absurd.gguf"
    body = struct.pack("<Q", 2**63) + b"general.name"
    path.write_bytes(gguf_header(tensor_count=0, kv_count=1) + body + b"\0" * 4096)
    assert "string of 9,223,372,036,854,775,808 bytes" in _refusal(path)


def test_absurd_array_length(tmp_path):
    path = tmp_path / "absurd.gguf"
    body = gguf_string("tokenizer.ggml.tokens") + struct.pack("<IIQ", 9, 8, 2**62)
    path.write_bytes(gguf_header(tensor_count=0, kv_count=1) + body + b"\0" * 4096)
    assert "array of" in _refusal(path)


def test_tensor_offset_past_end_of_file(tmp_path):
    path = tmp_path / "offset.gguf"
    tensor = gguf_string("token_embd.weight") + struct.pack("<I", 2) + struct.pack("<QQ", 64, 64)
    tensor += struct.pack("<I", 0) + struct.pack("<Q", 2**40)  # F32 at 1 TiB
    path.write_bytes(gguf_header(tensor_count=1, kv_count=0) + tensor + b"\0" * 1024)
    assert "lies past the end of the file" in _refusal(path)


def test_too_many_dimensions(tmp_path):
    path = tmp_path / "dims.gguf"
    tensor = gguf_string("x") + struct.pack("<I", 2**31) + b"\0" * 64
    path.write_bytes(gguf_header(tensor_count=1, kv_count=0) + tensor)
    assert "dimensions" in _refusal(path)


def test_unsupported_version(tmp_path):
    path = tmp_path / "v9.gguf"
    path.write_bytes(gguf_header(tensor_count=0, kv_count=0, version=9) + b"\0" * 64)
    assert "version 9" in _refusal(path)


def test_unknown_value_type(tmp_path):
    path = tmp_path / "type.gguf"
    body = gguf_string("general.name") + struct.pack("<I", 77) + b"\0" * 64
    path.write_bytes(gguf_header(tensor_count=0, kv_count=1) + body)
    assert "unknown value type 77" in _refusal(path)
