"""What this computer has: memory, processor cores, graphics cards, and what the llama.cpp build can use."""

from __future__ import annotations

import importlib.util
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from assistant.core.i18n import translate
from assistant.core.units import human_size


@dataclass(frozen=True)
class SystemMemory:
    total: int
    available: int  # what a new process can use without pushing others into swap


def system_memory() -> SystemMemory:
    if sys.platform.startswith("linux"):
        return _linux_memory()
    if sys.platform == "win32":
        return _windows_memory()
    return _posix_memory()


def _linux_memory() -> SystemMemory:
    values: dict[str, int] = {}
    with open("/proc/meminfo", encoding="ascii") as meminfo:
        for line in meminfo:
            key, _, rest = line.partition(":")
            values[key] = int(rest.split()[0]) * 1024
    # MemAvailable counts reclaimable page cache, which is what "free" should mean for loading a model.
    available = values.get("MemAvailable", values.get("MemFree", 0) + values.get("Cached", 0))
    return SystemMemory(values["MemTotal"], available)


def _windows_memory() -> SystemMemory:
    import ctypes

    class MemoryStatus(ctypes.Structure):
        _fields_ = [("dwLength", ctypes.c_ulong), ("dwMemoryLoad", ctypes.c_ulong),
                    ("ullTotalPhys", ctypes.c_ulonglong), ("ullAvailPhys", ctypes.c_ulonglong),
                    ("ullTotalPageFile", ctypes.c_ulonglong), ("ullAvailPageFile", ctypes.c_ulonglong),
                    ("ullTotalVirtual", ctypes.c_ulonglong), ("ullAvailVirtual", ctypes.c_ulonglong),
                    ("ullAvailExtendedVirtual", ctypes.c_ulonglong)]

    status = MemoryStatus()
    status.dwLength = ctypes.sizeof(MemoryStatus)
    ctypes.windll.kernel32.GlobalMemoryStatusEx(ctypes.byref(status))
    return SystemMemory(status.ullTotalPhys, status.ullAvailPhys)


def _posix_memory() -> SystemMemory:
    page = os.sysconf("SC_PAGE_SIZE")
    total = os.sysconf("SC_PHYS_PAGES") * page
    try:
        available = os.sysconf("SC_AVPHYS_PAGES") * page
    except (ValueError, OSError):
        available = total // 2
    # macOS counts only truly free pages here and keeps most memory as reclaimable cache, so half the total is
    # a fairer floor than the raw number.
    return SystemMemory(total, max(available, total // 2))


# Processors, graphics cards and the llama.cpp build -----------------------------------------------------------

GPU_BACKENDS = ("CUDA", "Metal", "Vulkan", "ROCm", "HIP", "SYCL", "CANN", "MUSA")
GPU_BUILD_HELP = "README.md#gpu-builds"


@dataclass(frozen=True)
class Gpu:
    index: int
    name: str
    vendor: str
    total: int
    free: int | None  # None where the platform does not say


@dataclass(frozen=True)
class Backend:
    name: str  # "CPU", or the GPU backend this llama-cpp-python build was compiled with
    gpu_offload: bool
    system_info: str


@dataclass(frozen=True)
class HardwareReport:
    backend: Backend
    gpus: tuple[Gpu, ...]
    memory: SystemMemory
    physical_cores: int
    logical_cores: int

    def usable_gpu(self) -> tuple[str, int] | None:
        """(name, free bytes) of the first GPU this llama.cpp build can use; None on a CPU-only build or machine.
        A platform that does not say what is free gets its total."""
        if not self.backend.gpu_offload or not self.gpus:
            return None
        gpu = self.gpus[0]
        return gpu.name, gpu.free if gpu.free is not None else gpu.total

    def warnings(self) -> list[str]:
        """What the user should know: above all, a GPU this build cannot use."""
        if self.gpus and not self.backend.gpu_offload:
            names = ", ".join(gpu.name for gpu in self.gpus)
            return [translate("Hardware", "This computer has a graphics card ({names}), but this build of llama.cpp "
                                          "runs on the CPU only, so models run slower than they could. See “GPU "
                                          "builds” in the README ({help}) for the one command that installs a GPU "
                                          "build.").format(names=names, help=GPU_BUILD_HELP)]
        return []

    def lines(self) -> list[str]:
        """Sizes in decimal units, as the picture above them, the model sizes and the Hub show them."""
        backend = (translate("Hardware", "llama.cpp backend: {backend}") if self.backend.gpu_offload else
                   translate("Hardware", "llama.cpp backend: {backend} (no GPU offload in this build)"))
        rows = [backend.format(backend=self.backend.name),
                translate("Hardware", "CPU: {cores} physical cores, {threads} threads").format(
                    cores=self.physical_cores, threads=self.logical_cores),
                translate("Hardware", "Memory: {total}, {available} available").format(
                    total=human_size(self.memory.total), available=human_size(self.memory.available))]
        for gpu in self.gpus:
            free = (translate("Hardware", ", {free} free").format(free=human_size(gpu.free))
                    if gpu.free is not None else "")
            rows.append(f"GPU {gpu.index}: {gpu.name} ({gpu.vendor}), {human_size(gpu.total)}{free}")
        if not self.gpus:
            rows.append(translate("Hardware", "GPU: none found"))
        return rows + [translate("Hardware", "Note: {warning}").format(warning=warning) for warning in self.warnings()]


# The library each GPU backend of a llama-cpp-python build ships (libggml-cuda.so, ggml-cuda.dll, ...).
_BACKEND_LIBRARIES = (("cuda", "CUDA"), ("metal", "Metal"), ("vulkan", "Vulkan"), ("hip", "ROCm"), ("sycl", "SYCL"),
                      ("cann", "CANN"), ("musa", "MUSA"))


def installed_backend(lib_dir: Path | None = None) -> Backend:
    """The backend of the installed build, from the names of the libraries it ships, without loading llama.cpp:
    the start-up check then costs neither the import (0.3 s) nor its memory (90 MB). ``llama_backend`` asks
    llama.cpp itself, once a model is loaded anyway."""
    if lib_dir is None:
        spec = importlib.util.find_spec("llama_cpp")  # finds the package without importing it
        if spec is None or not spec.submodule_search_locations:
            return Backend("CPU", False, "")
        lib_dir = Path(spec.submodule_search_locations[0]) / "lib"
    names = [p.name.lower() for p in lib_dir.iterdir()] if lib_dir.is_dir() else []
    for key, label in _BACKEND_LIBRARIES:
        if any(re.match(rf"(lib)?ggml-{key}[.-]", name) for name in names):
            return Backend(label, True, "")
    return Backend("CPU", False, "")


def llama_backend() -> Backend:
    import llama_cpp

    from assistant.core.engines.llama.native import LLAMA_LOCK, ensure_backends

    ensure_backends(llama_cpp)
    with LLAMA_LOCK:
        info = llama_cpp.llama_print_system_info().decode("utf-8", "replace")
        offload = bool(llama_cpp.llama_supports_gpu_offload())
    found = next((name for name in GPU_BACKENDS if f"{name} :" in info or f"{name}:" in info), None)
    return Backend(found or ("GPU" if offload else "CPU"), offload, info.strip())


def nvidia_gpus() -> list[Gpu]:
    """NVIDIA cards through NVML (nvidia-ml-py); none where the driver or the library is missing."""
    try:
        import pynvml
    except ImportError:
        return []
    try:
        pynvml.nvmlInit()
    except pynvml.NVMLError:
        return []
    try:
        found = []
        for index in range(pynvml.nvmlDeviceGetCount()):
            handle = pynvml.nvmlDeviceGetHandleByIndex(index)
            name = pynvml.nvmlDeviceGetName(handle)
            memory = pynvml.nvmlDeviceGetMemoryInfo(handle)
            found.append(Gpu(index, name.decode() if isinstance(name, bytes) else name, "NVIDIA", int(memory.total),
                             int(memory.free)))
        return found
    except pynvml.NVMLError:
        return []
    finally:
        pynvml.nvmlShutdown()


def amd_gpus_linux(root: str = "/sys/class/drm") -> list[Gpu]:
    """AMD cards on Linux, from the amdgpu driver's files in sysfs."""
    import glob

    found = []
    for card in sorted(glob.glob(f"{root}/card[0-9]*/device")):
        try:
            with open(f"{card}/vendor") as vendor:
                if vendor.read().strip() != "0x1002":
                    continue
            with open(f"{card}/mem_info_vram_total") as total_file, open(f"{card}/mem_info_vram_used") as used_file:
                total, used = int(total_file.read()), int(used_file.read())
        except (OSError, ValueError):
            continue
        found.append(Gpu(len(found), "AMD Radeon", "AMD", total, total - used))
    return found


def apple_gpu() -> list[Gpu]:
    """Apple silicon shares memory between CPU and GPU; Metal may use about three quarters of it."""
    import platform

    if sys.platform != "darwin" or platform.machine() != "arm64":
        return []
    memory = system_memory()
    return [Gpu(0, "Apple silicon GPU", "Apple", int(memory.total * 0.75), int(memory.available * 0.75))]


def cpu_cores() -> tuple[int, int]:
    """(physical cores, logical threads). llama.cpp runs best with one thread per physical core."""
    logical = os.cpu_count() or 1
    if sys.platform.startswith("linux"):
        try:
            with open("/proc/cpuinfo", encoding="ascii", errors="replace") as cpuinfo:
                cores, physical = set(), None
                for line in cpuinfo:
                    key, _, value = line.partition(":")
                    key = key.strip()
                    if key == "physical id":
                        physical = value.strip()
                    elif key == "core id":
                        cores.add((physical, value.strip()))
            if cores:
                return len(cores), logical
        except OSError:
            pass
    return logical, logical


def hardware_report(ask_llama: bool = True) -> HardwareReport:
    """What this computer has. ``ask_llama=False`` reads the backend from the build's files instead of loading
    llama.cpp: for the check at start-up."""
    gpus = nvidia_gpus() or amd_gpus_linux() or apple_gpu()
    physical, logical = cpu_cores()
    backend = llama_backend() if ask_llama else installed_backend()
    return HardwareReport(backend, tuple(gpus), system_memory(), physical, logical)
