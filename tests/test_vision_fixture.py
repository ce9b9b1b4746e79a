"""The tiny random-weight projectors of tests/vision_fixture.py are real to llama.cpp: libmtmd (through the
llama-cpp-python bindings, directly) loads the one that fits SmolLM2 and refuses the one that does not, turns an
image into image chunks, encodes them into embeddings of the model's size and evaluates them into the model's
context, after which the model generates; llama.cpp's own llama-mtmd-cli runs them too."""

from __future__ import annotations

import ctypes
import subprocess

import numpy as np
import pytest
from PIL import Image

import llama_cpp
from llama_cpp import mtmd_cpp as mtmd
from pinned_llama import mtmd_cli  # imported at collection, so its cache is the real one, not the test session's
from vision_fixture import projector_shape, write_projector

TEXT, IMAGE = mtmd.MTMD_INPUT_CHUNK_TYPE_TEXT, mtmd.MTMD_INPUT_CHUNK_TYPE_IMAGE


@pytest.fixture(scope="module")
def smollm2(model_path):
    llm = llama_cpp.Llama(str(model_path), n_ctx=512, n_threads=2, verbose=False)
    yield llm
    llm.close()


def open_projector(projector, llm) -> int | None:
    params = mtmd.mtmd_context_params_default()
    params.use_gpu = False
    params.n_threads = 2
    params.print_timings = False
    return mtmd.mtmd_init_from_file(str(projector).encode(), llm.model, params)


@pytest.fixture
def vision(tiny_projector, smollm2):
    context = open_projector(tiny_projector, smollm2)
    assert context, "libmtmd refused the tiny projector"
    yield context
    mtmd.mtmd_free(context)


def picture(width: int = 40, height: int = 30) -> Image.Image:
    """A small RGB picture that is not square (the projector resizes it to its own square size)."""
    rng = np.random.default_rng(7)
    return Image.fromarray(rng.integers(0, 256, (height, width, 3), dtype=np.uint8), "RGB")


def tokenize(context, prompt: str, image: Image.Image) -> int:
    """The chunks of ``prompt`` with ``image`` in place of libmtmd's media marker (caller frees them)."""
    pixels = np.ascontiguousarray(np.asarray(image.convert("RGB"), dtype=np.uint8))
    bitmap = mtmd.mtmd_bitmap_init(image.width, image.height,
                                   pixels.ctypes.data_as(ctypes.POINTER(ctypes.c_uint8)))
    assert bitmap
    try:
        chunks = mtmd.mtmd_input_chunks_init()
        text = prompt.encode()
        given = mtmd.mtmd_input_text(text=text, text_len=len(text), add_special=True, parse_special=True)
        bitmaps = (mtmd.mtmd_bitmap_p_ctypes * 1)(bitmap)
        assert mtmd.mtmd_tokenize(context, chunks, ctypes.byref(given), bitmaps, 1) == 0
        return chunks
    finally:
        mtmd.mtmd_bitmap_free(bitmap)


def chunk_list(chunks) -> list:
    return [mtmd.mtmd_input_chunks_get(chunks, i) for i in range(mtmd.mtmd_input_chunks_size(chunks))]


def text_tokens(chunk) -> list[int]:
    count = ctypes.c_size_t()
    tokens = mtmd.mtmd_input_chunk_get_tokens_text(chunk, ctypes.byref(count))
    return [tokens[i] for i in range(count.value)]


def evaluate_and_generate(context, llm, chunks, n_tokens: int = 4) -> tuple[int, list[int]]:
    """Evaluate ``chunks`` from position 0 into ``llm``'s context, then generate greedily; (positions used, tokens)."""
    lctx = llm.ctx
    llama_cpp.llama_memory_clear(llama_cpp.llama_get_memory(lctx), True)
    n_past = llama_cpp.llama_pos(0)
    assert mtmd.mtmd_helper_eval_chunks(context, lctx, chunks, 0, 0, 512, True, ctypes.byref(n_past)) == 0
    vocab = llama_cpp.llama_model_get_vocab(llm.model)
    n_vocab = llama_cpp.llama_vocab_n_tokens(vocab)
    generated: list[int] = []
    for _ in range(n_tokens):
        logits = np.ctypeslib.as_array(llama_cpp.llama_get_logits_ith(lctx, -1), shape=(n_vocab,))
        assert np.isfinite(logits).all()
        token = int(np.argmax(logits))
        generated.append(token)
        if llama_cpp.llama_vocab_is_eog(vocab, token):
            break
        one = (llama_cpp.llama_token * 1)(token)
        assert llama_cpp.llama_decode(lctx, llama_cpp.llama_batch_get_one(one, 1)) == 0
    return n_past.value, generated


def test_the_writer_is_deterministic_small_and_checks_its_kind(tmp_path):
    first = write_projector(tmp_path / "a.gguf", 576, "mlp", seed=3)
    again = write_projector(tmp_path / "b.gguf", 576, "mlp", seed=3)
    other = write_projector(tmp_path / "c.gguf", 576, "mlp", seed=4)
    assert first.read_bytes() == again.read_bytes() != other.read_bytes()
    assert first.stat().st_size < 1_000_000
    with pytest.raises(ValueError, match="unknown projector kind"):
        write_projector(tmp_path / "d.gguf", 576, "qwen2vl")


def test_libmtmd_loads_the_projector_that_fits_smollm2(vision, tiny_projector):
    assert mtmd.mtmd_support_vision(vision)
    assert not mtmd.mtmd_support_audio(vision)
    assert not mtmd.mtmd_decode_use_non_causal(vision, None)  # LLaVA-style: the image is decoded causally
    assert not mtmd.mtmd_decode_use_mrope(vision)
    caps = mtmd.mtmd_get_cap_from_file(str(tiny_projector).encode())
    assert caps.inp_vision and not caps.inp_audio


def test_libmtmd_refuses_a_projector_of_another_size(smollm2, mismatched_projector, capfd, caplog):
    caplog.set_level("DEBUG", logger="assistant.llama_cpp")
    assert open_projector(mismatched_projector, smollm2) is None
    # On stderr, or in Python's logging once an engine in this process has routed libmtmd's log there.
    said = capfd.readouterr().err + caplog.text
    assert "mismatch between text model (n_embd = 576) and mmproj (n_embd = 640)" in said


def test_an_image_becomes_chunks_embeddings_and_then_text(vision, smollm2):
    marker = mtmd.mtmd_default_marker().decode()
    assert mtmd.mtmd_get_marker(vision).decode() == marker == "<__media__>"
    chunks = tokenize(vision, f"<|im_start|>user\nWhat is this? {marker}<|im_end|>\n<|im_start|>assistant\n",
                      picture())
    try:
        parts = chunk_list(chunks)
        assert [mtmd.mtmd_input_chunk_get_type(part) for part in parts] == [TEXT, IMAGE, TEXT]
        before, image, after = parts
        expected = projector_shape("mlp", 576).image_tokens
        assert expected == 16
        assert mtmd.mtmd_input_chunk_get_n_tokens(image) == expected
        assert mtmd.mtmd_input_chunk_get_n_pos(image) == expected  # one position per embedding for this kind
        tokens = mtmd.mtmd_input_chunk_get_tokens_image(image)
        # libmtmd counts a fixed-size image as one row of embeddings (nx = n_tokens, ny = 1)
        assert mtmd.mtmd_image_tokens_get_nx(tokens) * mtmd.mtmd_image_tokens_get_ny(tokens) == expected
        assert text_tokens(before)[0] == smollm2.tokenize(b"<|im_start|>", add_bos=False, special=True)[0]
        assert smollm2.detokenize(text_tokens(after), special=True).startswith(b"<|im_end|>")
        total = len(text_tokens(before)) + expected + len(text_tokens(after))
        assert mtmd.mtmd_helper_get_n_tokens(chunks) == mtmd.mtmd_helper_get_n_pos(chunks) == total

        assert mtmd.mtmd_encode_chunk(vision, image) == 0
        embeddings = np.ctypeslib.as_array(mtmd.mtmd_get_output_embd(vision), shape=(expected * 576,)).copy()
        assert np.isfinite(embeddings).all() and embeddings.std() > 0
        assert mtmd.mtmd_encode_chunk(vision, image) == 0  # the same image again: the same embeddings
        assert np.array_equal(np.ctypeslib.as_array(mtmd.mtmd_get_output_embd(vision), shape=(expected * 576,)),
                              embeddings)

        n_past, generated = evaluate_and_generate(vision, smollm2, chunks)
        assert n_past == total
        assert generated and all(0 <= token < llama_cpp.llama_vocab_n_tokens(
            llama_cpp.llama_model_get_vocab(smollm2.model)) for token in generated)
    finally:
        mtmd.mtmd_input_chunks_free(chunks)


def test_llama_cpp_test_chunks_read_through_the_accessors():
    chunks = mtmd.mtmd_test_create_input_chunks()
    try:
        text, image = chunk_list(chunks)
        assert mtmd.mtmd_input_chunk_get_type(text) == TEXT
        assert text_tokens(text) == [1, 2, 3, 4, 5]
        assert mtmd.mtmd_input_chunk_get_n_tokens(text) == mtmd.mtmd_input_chunk_get_n_pos(text) == 5
        assert mtmd.mtmd_input_chunk_get_type(image) == IMAGE
        assert mtmd.mtmd_input_chunk_get_id(image) == b"image_1"
        tokens = mtmd.mtmd_input_chunk_get_tokens_image(image)
        assert (mtmd.mtmd_image_tokens_get_nx(tokens), mtmd.mtmd_image_tokens_get_ny(tokens)) == (4, 4)
        assert mtmd.mtmd_image_tokens_get_id(tokens) == b"image_1"
        n_tokens = mtmd.mtmd_input_chunk_get_n_tokens(image)
        assert n_tokens == mtmd.mtmd_image_tokens_get_n_tokens(tokens) == mtmd.mtmd_input_chunk_get_n_pos(image)
        assert mtmd.mtmd_helper_get_n_tokens(chunks) == 5 + n_tokens
    finally:
        mtmd.mtmd_input_chunks_free(chunks)


def test_a_gemma3_projector_wraps_the_image_in_its_markers_and_decodes_it_non_causally(gemma_projector):
    from test_architectures import gemma_path

    llm = llama_cpp.Llama(str(gemma_path()), n_ctx=512, n_threads=2, verbose=False)
    context = open_projector(gemma_projector, llm)
    assert context
    try:
        assert mtmd.mtmd_decode_use_non_causal(context, None)
        marker = mtmd.mtmd_default_marker().decode()
        chunks = tokenize(context, f"<start_of_turn>user\nLook: {marker}<end_of_turn>\n<start_of_turn>model\n",
                          picture())
        try:
            before, image, after = chunk_list(chunks)
            assert mtmd.mtmd_input_chunk_get_type(image) == IMAGE
            assert mtmd.mtmd_input_chunk_get_n_tokens(image) == projector_shape("gemma3", 640).image_tokens == 16
            start, end = (llm.tokenize(text.encode(), add_bos=False, special=True)
                          for text in ("<start_of_image>", "<end_of_image>"))
            assert len(start) == len(end) == 1  # Gemma's own special tokens
            assert text_tokens(before)[-1] == start[0] and text_tokens(after)[0] == end[0]
            n_past, generated = evaluate_and_generate(context, llm, chunks, n_tokens=2)
            assert n_past == mtmd.mtmd_helper_get_n_pos(chunks) and generated
        finally:
            mtmd.mtmd_input_chunks_free(chunks)
    finally:
        mtmd.mtmd_free(context)
        llm.close()


def test_llama_mtmd_cli_runs_the_tiny_projector(model_path, tiny_projector, tmp_path):
    image = tmp_path / "picture.png"
    picture().save(image)
    done = subprocess.run([str(mtmd_cli()), "-m", str(model_path), "--mmproj", str(tiny_projector),
                           "--image", str(image), "-p", "describe", "-n", "4", "--temp", "0", "-t", "2"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "mtmd batch encoding done" in done.stderr


def test_a_projected_model_folder_holds_the_model_and_its_projector_as_a_repository_does(
        tmp_path, model_path, tiny_projector):
    from conftest import projected_model_dir

    model = projected_model_dir(tmp_path / "repo", model_path, tiny_projector)
    assert model == tmp_path / "repo" / model_path.name and model.resolve() == model_path.resolve()
    assert sorted(path.name for path in model.parent.iterdir()) == [
        model_path.name, "mmproj-SmolLM2-135M-Instruct-f16.gguf"]
    assert (model.parent / "mmproj-SmolLM2-135M-Instruct-f16.gguf").read_bytes() == tiny_projector.read_bytes()
