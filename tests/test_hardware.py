"""What the hardware report finds on this machine, what it says about a GPU the build cannot use, and the
`assistant hardware` command."""

from __future__ import annotations

import os
import subprocess
import sys

from assistant.cli.exits import REFUSED
from assistant.core.engines.hardware import (
    Backend,
    Gpu,
    HardwareReport,
    SystemMemory,
    amd_gpus_linux,
    cpu_cores,
    hardware_report,
    llama_backend,
)

GB = 1024**3


def test_this_build_and_machine():
    backend = llama_backend()
    import llama_cpp

    assert backend.gpu_offload == bool(llama_cpp.llama_supports_gpu_offload())
    assert (backend.name == "CPU") == (not backend.gpu_offload) and "CPU" in backend.system_info
    physical, logical = cpu_cores()
    assert logical == os.cpu_count() and 1 <= physical <= logical
    report = hardware_report()
    assert report.lines()[0].startswith("llama.cpp backend: ")


def test_a_gpu_the_build_cannot_use_is_reported_with_the_way_out():
    report = HardwareReport(Backend("CPU", False, "CPU : AVX2 = 1"), (Gpu(0, "NVIDIA GeForce RTX 4070", "NVIDIA",
                                                                         12 * GB, 11 * GB),),
                            SystemMemory(32 * GB, 20 * GB), 8, 16)
    [warning] = report.warnings()
    assert "RTX 4070" in warning and "CPU only" in warning and "README.md#gpu-builds" in warning
    assert any(line.startswith("GPU 0: NVIDIA GeForce RTX 4070 (NVIDIA), 12.9 GB, 11.8 GB free")
               for line in report.lines())
    usable = HardwareReport(Backend("CUDA", True, "CUDA : ARCHS = 890"), report.gpus, report.memory, 8, 16)
    assert usable.warnings() == []


def test_amd_cards_are_read_from_sysfs(tmp_path):
    card = tmp_path / "card0" / "device"
    card.mkdir(parents=True)
    (card / "vendor").write_text("0x1002\n")
    (card / "mem_info_vram_total").write_text(str(16 * GB))
    (card / "mem_info_vram_used").write_text(str(2 * GB))
    other = tmp_path / "card1" / "device"
    other.mkdir(parents=True)
    (other / "vendor").write_text("0x8086\n")  # an Intel card: not counted here
    assert amd_gpus_linux(str(tmp_path)) == [Gpu(0, "AMD Radeon", "AMD", 16 * GB, 14 * GB)]


def test_the_hardware_command_prints_the_report_and_a_plan(model_path):
    done = subprocess.run([sys.executable, "-m", "assistant", "hardware", "--plan", str(model_path), "--context",
                           "2048"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "llama.cpp backend:" in done.stdout and "Memory:" in done.stdout
    assert "Context: 2,048 tokens, KV cache f16" in done.stdout and "Fits." in done.stdout


def test_the_hardware_command_refuses_a_bad_file(tmp_path):
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(b"not a model")
    done = subprocess.run([sys.executable, "-m", "assistant", "hardware", "--plan", str(bad)], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == REFUSED and done.stderr.startswith("error: bad.gguf cannot be used")


def test_the_start_up_check_reads_the_backend_from_the_builds_files(tmp_path):
    from assistant.core.engines.hardware import installed_backend, llama_backend

    # On this machine the file check and llama.cpp itself agree.
    here = installed_backend()
    assert (here.name, here.gpu_offload) == (llama_backend().name, llama_backend().gpu_offload)
    for files, expected in ((["libggml-base.so", "libggml-cpu.so", "libllama.so"], ("CPU", False)),
                            (["libggml-cpu.so", "libggml-cuda.so", "libllama.so"], ("CUDA", True)),
                            (["ggml-cpu.dll", "ggml-vulkan.dll", "llama.dll"], ("Vulkan", True)),
                            (["libggml-metal.dylib", "libllama.dylib"], ("Metal", True)),
                            (["libggml-hip.so.0"], ("ROCm", True))):
        folder = tmp_path / expected[0] / str(len(files))
        folder.mkdir(parents=True)
        for name in files:
            (folder / name).touch()
        found = installed_backend(folder)
        assert (found.name, found.gpu_offload) == expected, files
