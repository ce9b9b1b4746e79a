"""The memory estimate and the fits / tight / too big verdict."""

from __future__ import annotations

from assistant.core.library.gguf_file import read_gguf
from assistant.core.engines.hardware import SystemMemory, system_memory
from assistant.core.engines.memory_fit import MIN_OVERHEAD, Verdict, explain, need_from_header, need_from_size, verdict

GB = 1024**3


def test_kv_cache_from_the_header_of_the_real_model(model_path):
    # SmolLM2-135M: 30 layers, 3 KV heads of 64 dimensions, f16 keys and values: 23,040 bytes per token.
    need = need_from_header(read_gguf(model_path), context_length=4096)
    assert need.from_metadata
    assert need.kv_cache == 30 * 3 * (64 + 64) * 2 * 4096
    assert need.weights == model_path.stat().st_size
    assert need.overhead == MIN_OVERHEAD
    assert need.total == need.weights + need.kv_cache + need.overhead


def test_context_is_capped_at_what_the_model_was_trained_for(model_path):
    info = read_gguf(model_path)
    need = need_from_header(info, context_length=10**6)
    assert need.context_length == info.context_length == 8192


def test_size_based_estimate_grows_with_size_and_context():
    small = need_from_size(1 * GB, "Q4_K_M", 4096)
    assert not small.from_metadata
    assert need_from_size(2 * GB, "Q4_K_M", 4096).kv_cache > small.kv_cache
    assert need_from_size(1 * GB, "Q4_K_M", 8192).kv_cache == 2 * small.kv_cache
    # An 8B model at Q4_K_M (4.9 GB): the guess lands near Llama 3 8B's real 512 MB at 4k context.
    eight_b = need_from_size(int(4.9e9), "Q4_K_M", 4096)
    assert 300e6 < eight_b.kv_cache < 900e6


def test_verdicts():
    need = need_from_size(4 * GB, "Q4_K_M")
    assert verdict(need, SystemMemory(total=32 * GB, available=24 * GB)) is Verdict.FITS
    assert verdict(need, SystemMemory(total=16 * GB, available=need.total + 100)) is Verdict.TIGHT
    assert verdict(need, SystemMemory(total=8 * GB, available=3 * GB)) is Verdict.TIGHT  # close other programs
    assert verdict(need, SystemMemory(total=4 * GB, available=3 * GB)) is Verdict.TOO_BIG
    assert explain(need, SystemMemory(4 * GB, 3 * GB)).startswith("Too big")
    assert "estimated from the file size" in explain(need, SystemMemory(32 * GB, 24 * GB))


def test_this_machine_reports_its_memory():
    memory = system_memory()
    with open("/proc/meminfo") as f:
        total_kb = int(f.readline().split()[1])
    assert memory.total == total_kb * 1024
    assert 0 < memory.available <= memory.total


def test_on_a_machine_with_a_usable_gpu_the_hub_verdict_counts_it():
    from assistant.core.engines.hardware import Backend, Gpu, HardwareReport
    from assistant.core.engines.memory_fit import on_machine

    need = need_from_size(4 * GB, "Q4_K_M")
    memory = SystemMemory(total=16 * GB, available=10 * GB)
    gpu = (Gpu(0, "RTX 4070", "NVIDIA", 12 * GB, 11 * GB),)
    usable = HardwareReport(Backend("CUDA", True, ""), gpu, memory, 8, 16)
    result, text = on_machine(need, memory, usable)
    assert result is Verdict.FITS and text.startswith("Fits on RTX 4070")
    cpu_build = HardwareReport(Backend("CPU", False, ""), gpu, memory, 8, 16)
    assert on_machine(need, memory, cpu_build) == (verdict(need, memory), explain(need, memory))
    small_gpu = HardwareReport(Backend("CUDA", True, ""), (Gpu(0, "GT 1030", "NVIDIA", 2 * GB, 2 * GB),), memory, 8, 16)
    result, text = on_machine(need, memory, small_gpu)
    assert result is Verdict.FITS and text.endswith("Part of it can run on GT 1030.")
