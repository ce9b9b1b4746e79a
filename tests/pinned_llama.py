"""The llama.cpp sources vendored in the pinned llama-cpp-python source distribution, for tests and benchmarks
that need what only the sources hold (the chat templates llama.cpp tests itself with, its test programs,
llama-bench). Downloaded once from the package index, unpacked under ``~/.cache/hearth-assistant/``."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
from importlib import metadata
from pathlib import Path

CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "hearth-assistant"


def llama_cpp_version() -> str:
    return metadata.version("llama_cpp_python")


def source_tree(log=lambda message: print(message, file=sys.stderr)) -> Path:
    """The unpacked source distribution of the installed llama-cpp-python (llama.cpp is in vendor/llama.cpp)."""
    version = llama_cpp_version()
    root = CACHE / f"llama_cpp_python-{version}"
    if (root / "vendor" / "llama.cpp" / "CMakeLists.txt").exists():
        return root
    CACHE.mkdir(parents=True, exist_ok=True)
    archive = CACHE / f"llama_cpp_python-{version}.tar.gz"
    if not archive.exists():
        log(f"downloading the llama-cpp-python {version} source distribution from the package index")
        subprocess.run([sys.executable, "-m", "pip", "download", f"llama-cpp-python=={version}", "--no-deps",
                        "--no-binary", ":all:", "--quiet", "-d", str(CACHE)], check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(CACHE, filter="data")
    return root


def llama_cpp_source(log=lambda message: print(message, file=sys.stderr)) -> Path:
    return source_tree(log) / "vendor" / "llama.cpp"
