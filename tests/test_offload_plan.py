"""The load planner against the real SmolLM2 header, against llama.cpp's own report of what it allocates, and
against synthetic devices."""

from __future__ import annotations

import logging
import re

import llama_cpp
import pytest

from assistant.core.library.gguf_file import read_gguf
from assistant.core.engines.offload_plan import Device, ModelShape, memory_for, plan_offload

GB = 1024**3


@pytest.fixture(scope="module")
def smollm2(model_path) -> ModelShape:
    return ModelShape.from_header(read_gguf(model_path))


def llama_8b_like() -> ModelShape:
    """Llama 3 8B at Q4_K_M: 32 layers of about 218 MB, a 128k vocabulary, 8 KV heads of 128."""
    return ModelShape(n_layers=32, layer_bytes=(218_000_000,) * 32, input_bytes=282_000_000,
                      output_bytes=430_000_000, tied=False, n_vocab=128256, n_head=32, kv_heads=8, key_length=128,
                      value_length=128, trained_context=8192)


def test_shape_read_from_the_real_header(smollm2, model_path):
    info = read_gguf(model_path)
    assert (smollm2.n_layers, smollm2.n_head, smollm2.kv_heads, smollm2.key_length) == (30, 9, 3, 64)
    assert smollm2.n_vocab == 49152 and smollm2.trained_context == 8192 and smollm2.tied
    assert sum(smollm2.layer_bytes) + smollm2.input_bytes + smollm2.output_bytes == sum(
        t.n_bytes for t in info.tensors)
    assert smollm2.kv_bytes(30, 2048, "f16") == 45 * 1024 * 1024  # llama.cpp reports 45.00 MiB


@pytest.mark.parametrize("flash_attention", [True, False], ids=["flash-attention", "no-flash-attention"])
@pytest.mark.parametrize("context", [2048, 8192])
def test_cpu_estimate_is_within_15_percent_of_what_llama_cpp_allocates(smollm2, model_path, caplog, context,
                                                                       flash_attention):
    from assistant.core.engines.llama.engine import _route_native_logs

    _route_native_logs(llama_cpp)  # llama.cpp reports each buffer it allocates; the app sends that to logging
    caplog.set_level(logging.DEBUG, logger="assistant.llama_cpp")
    llama = llama_cpp.Llama(str(model_path), n_ctx=context, n_gpu_layers=0, flash_attn=flash_attention, verbose=True)
    llama.close()
    sizes = [float(m) for m in re.findall(r"(?:model|KV|compute|output) buffer size =\s*([\d.]+) MiB", caplog.text)]
    assert len(sizes) >= 4, caplog.text[-2000:]  # model, KV, output and compute buffers
    measured = sum(sizes[:4]) * 1024 * 1024
    _gpu, planned = memory_for(smollm2, 0, context, "f16", flash_attention)
    assert abs(planned - measured) / measured < 0.15, (planned, measured)


def test_no_gpu_plans_the_cpu_with_the_trained_context(smollm2):
    plan = plan_offload(smollm2, ram_free=16 * GB)
    assert (plan.gpu_layers, plan.context_length, plan.kv_type, plan.fits) == (0, 8192, "f16", True)
    assert plan.device is None and "CPU only" in plan.lines()[0]


def test_a_small_model_goes_entirely_to_any_gpu(smollm2):
    plan = plan_offload(smollm2, ram_free=16 * GB, gpu=Device("Test GPU", 2 * GB))
    assert plan.full_offload and plan.n_gpu_layers == -1 and plan.context_length == 8192


@pytest.mark.parametrize("vram_gb, layers, context", [(24, 32, 8192), (8, None, 4096), (4, None, 4096),
                                                     (2, None, 4096)])
def test_an_8b_model_on_gpus_of_several_sizes(vram_gb, layers, context):
    shape = llama_8b_like()
    plan = plan_offload(shape, ram_free=32 * GB, gpu=Device("Test GPU", vram_gb * GB))
    assert plan.fits and plan.context_length == context
    if layers is not None:
        assert plan.gpu_layers == layers and plan.kv_type == "f16"
    else:  # partial: as many layers as fit, and the plan stays inside the card's memory
        assert 0 < plan.gpu_layers < 32 and plan.gpu_bytes <= vram_gb * GB * 0.9
        one_more = memory_for(shape, plan.gpu_layers + 1, context, plan.kv_type)[0]
        assert one_more > vram_gb * GB * 0.9
        assert plan.lines()[-1].endswith(f"layers on the CPU: {32 - plan.gpu_layers}.")
    by_size = [plan_offload(shape, 32 * GB, Device("g", g * GB)).gpu_layers for g in (2, 4, 8, 24)]
    assert by_size == sorted(by_size) and by_size[0] < by_size[-1]


def test_full_offload_beats_a_longer_context():
    shape = llama_8b_like()
    full = memory_for(shape, 32, 4096, "f16")[0]
    # With the KV type fixed: an 8-bit cache (and the flash attention it needs) would fit 8,192 tokens in full.
    plan = plan_offload(shape, ram_free=32 * GB, gpu=Device("g", int((full + 10_000_000) / 0.9)), kv_type="f16")
    assert plan.full_offload and plan.context_length == 4096  # not 8,192 with some layers left on the CPU


def test_too_big_for_the_machine_says_so():
    plan = plan_offload(llama_8b_like(), ram_free=2 * GB)
    assert not plan.fits and plan.gpu_layers == 0 and "Does not fit" in plan.lines()[-1]


def test_user_choices_are_kept(smollm2):
    plan = plan_offload(smollm2, ram_free=16 * GB, gpu=Device("g", 8 * GB), context=2048, kv_type="q8_0",
                        gpu_layers=10)
    assert (plan.gpu_layers, plan.context_length, plan.kv_type) == (10, 2048, "q8_0") and plan.flash_attention


def test_summaries_for_the_library(smollm2):
    assert plan_offload(smollm2, 16 * GB).summary().startswith("Fits on the CPU: 8,192-token context, about")
    assert plan_offload(smollm2, 16 * GB, Device("RTX", 8 * GB)).summary().startswith("Fits on RTX: all layers")
    partial = plan_offload(llama_8b_like(), 32 * GB, Device("RTX", 4 * GB)).summary()
    assert partial.startswith("Partly on RTX: ") and "of 32 layers" in partial
    assert plan_offload(llama_8b_like(), 2 * GB).summary().startswith("Too big for this computer")


def test_the_projector_beside_a_model_is_counted_where_it_will_load(smollm2, model_path, tiny_projector, tmp_path):
    from conftest import projected_model_dir
    from assistant.core.engines.offload_plan import with_projector

    beside = projected_model_dir(tmp_path / "vision", model_path, tiny_projector)
    shape = with_projector(smollm2, beside)
    assert shape.projector_bytes == tiny_projector.stat().st_size
    assert with_projector(smollm2, model_path).projector_bytes == 0  # no projector beside the installed package
    gpu, cpu = memory_for(shape, 0, 2048, "f16")
    assert (gpu, cpu - shape.projector_bytes) == memory_for(smollm2, 0, 2048, "f16")
    gpu, cpu = memory_for(shape, shape.n_layers, 2048, "f16")
    assert (gpu - shape.projector_bytes, cpu) == memory_for(smollm2, shape.n_layers, 2048, "f16")
