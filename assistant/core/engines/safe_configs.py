"""What loading configuration survived, per llama.cpp build, CPU and model, so that a crash is not met twice.

After the engine host crashes, the model is loaded again one step safer (``safer``): weight repacking off first
(the AMX kernels' segfault, ggml-org/llama.cpp#20824), then half the GPU layers, then the CPU alone. The step that
worked is kept in the settings under a key made of the llama.cpp build, the CPU and the model file, and applied at
every later load of that model with that build on that CPU, before it can crash. A new llama.cpp build or another
machine starts afresh: the fault may be fixed there.
"""

from __future__ import annotations

import hashlib
import platform
import sys
from pathlib import Path

from assistant.core.i18n import translate
from assistant.core.storage.settings import EngineRecord, Settings



def llama_build() -> str:
    from importlib.metadata import PackageNotFoundError, version

    from assistant.core.engines.hardware import installed_backend

    try:
        number = version("llama-cpp-python")
    except PackageNotFoundError:  # a frozen app may not carry the package's metadata
        number = "?"
    return f"{number}/{installed_backend().name}"


def cpu_identity() -> str:
    """The CPU's model and feature flags (what picks llama.cpp's kernels), hashed into a short string."""
    text = f"{platform.machine()} {platform.processor()}"
    if sys.platform.startswith("linux"):
        try:
            with open("/proc/cpuinfo", encoding="ascii", errors="replace") as cpuinfo:
                wanted = [line for line in cpuinfo if line.startswith(("model name", "flags", "Features"))]
            text += "".join(sorted(set(wanted)))
        except OSError:
            pass
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def model_identity(path: str) -> str:
    file = Path(path)
    try:
        size = file.stat().st_size
    except OSError:
        size = 0
    return f"{file.name}:{size}"


def safer(restrictions: dict, gpu_layers: int, n_layers: int) -> dict | None:
    """The next, safer step after a crash with ``restrictions`` and ``gpu_layers`` on the GPU (-1: all of
    ``n_layers``); None when there is nothing left to give up."""
    if restrictions.get("repack", True):
        return {**restrictions, "repack": False}
    layers = n_layers if gpu_layers < 0 else gpu_layers
    if layers > 1:
        return {**restrictions, "max_gpu_layers": layers // 2}
    if layers == 1:
        return {**restrictions, "max_gpu_layers": 0}
    return None


def describe(restrictions: dict) -> str:
    parts = []
    if restrictions.get("repack") is False:
        parts.append(translate("SafeConfigs", "weight repacking off"))
    layers = restrictions.get("max_gpu_layers")
    if layers == 0:
        parts.append(translate("SafeConfigs", "on the CPU alone"))
    elif layers is not None:
        parts.append(translate("SafeConfigs", "at most {layers} layers on the GPU").format(layers=layers))
    return translate("SafeConfigs", ", ").join(parts)


class SafeConfigs:
    """The remembered steps, in the settings or only in memory."""

    def __init__(self, store: Settings | None = None):
        self._store = store
        self._memory: dict = {}
        self._build_cpu: str | None = None

    def _key(self, path: str) -> str:
        if self._build_cpu is None:
            self._build_cpu = f"{llama_build()}|{cpu_identity()}"
        return f"{self._build_cpu}|{model_identity(path)}"

    def _all(self) -> dict:
        if self._store is None:
            return self._memory
        return self._store.read(EngineRecord).safe_configs

    def get(self, path: str) -> dict:
        value = self._all().get(self._key(path))
        return dict(value) if isinstance(value, dict) else {}

    def remember(self, path: str, restrictions: dict) -> None:
        known = self._all()
        known[self._key(path)] = restrictions
        if self._store is None:
            self._memory = known
        else:
            self._store.update(EngineRecord, safe_configs=known)
