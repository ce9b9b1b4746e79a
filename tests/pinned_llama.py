"""The llama.cpp sources vendored in the pinned llama-cpp-python source distribution, for tests and benchmarks
that need what only the sources hold (the chat templates llama.cpp tests itself with, its test programs,
llama-bench). Downloaded once from the package index, unpacked under ``~/.cache/hearth-assistant/``; the programs
are built there once, in one CMake configure, and kept."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tarfile
from importlib import metadata
from pathlib import Path

from filelock import FileLock

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


def programs_build() -> Path:
    """The build folder of llama.cpp's extra programs (llama-bench, test-llama-archs, ...): one CMake configure per
    llama-cpp-python version and set of CMAKE_ARGS, kept in the cache, each program built into it when first asked
    for. The switches are those scikit-build-core uses for the Python package (a Release build of shared libraries
    for this CPU), so the programs and the app run the same llama.cpp, compiled alike."""
    switches = os.environ.get("CMAKE_ARGS", "").split()
    # One build per set of switches: a CUDA run must not reuse the CPU build cached before it.
    flavour = "-" + hashlib.sha256(" ".join(switches).encode()).hexdigest()[:8] if switches else ""
    return CACHE / f"llama-programs-{llama_cpp_version()}{flavour}"


def ensure_program(name: str, log=lambda message: print(message, file=sys.stderr)) -> Path:
    """The path of llama.cpp program ``name`` (a CMake target), built from the pinned sources if it is not yet."""
    build = programs_build()
    binary = build / "bin" / name
    if binary.exists():
        return binary
    with FileLock(str(build) + ".lock"):  # two test processes must not build into one folder at once
        if binary.exists():
            return binary
        source = llama_cpp_source(log)
        switches = ["-DCMAKE_BUILD_TYPE=Release", "-DBUILD_SHARED_LIBS=ON", "-DLLAMA_CURL=OFF",
                    "-DLLAMA_BUILD_TESTS=ON", "-DLLAMA_BUILD_TOOLS=ON", "-DLLAMA_BUILD_SERVER=ON",
                    "-DLLAMA_BUILD_EXAMPLES=ON", *os.environ.get("CMAKE_ARGS", "").split()]
        stamp = build / "hearth-configure.txt"  # what it was configured with; configured again when that changes
        if not stamp.exists() or stamp.read_text() != " ".join(switches):
            log(f"configuring llama.cpp's programs from {source} (once)")
            subprocess.run(["cmake", "-S", str(source), "-B", str(build), *switches], check=True,
                           stdout=subprocess.DEVNULL)
            stamp.write_text(" ".join(switches))
        log(f"building {name} (once; a few minutes)")
        built = subprocess.run(["cmake", "--build", str(build), "--target", name, "-j", str(os.cpu_count() or 2)],
                               capture_output=True, text=True)
        if built.returncode != 0:  # the compiler's warnings are many; its errors are at the end
            raise RuntimeError(f"building {name} failed:\n{built.stdout[-3000:]}\n{built.stderr[-3000:]}")
    return binary


def arch_fixtures(names: list[str], context_length: int = 4096) -> Path:
    """llama.cpp's tiny random models of each architecture (``test-llama-archs -o``), by file name (``llama-dense.gguf``,
    ``qwen3moe-moe.gguf``, ...), written once into the cache. Their header claims a 256-token training context,
    past which the engine would not plan; it is raised to ``context_length`` (the weights are random anyway)."""
    folder = CACHE / f"arch-fixtures-{llama_cpp_version()}"
    if not all((folder / name).exists() for name in names):
        folder.mkdir(parents=True, exist_ok=True)
        archs = sorted({name.rsplit("-", 1)[0] for name in names})
        subprocess.run([str(ensure_program("test-llama-archs")), "-a", f"^({'|'.join(archs)})$", "-s", "42", "-o", str(folder)],
                       check=True, capture_output=True)
        for name in names:
            arch = name.rsplit("-", 1)[0]
            subprocess.run([sys.executable, "-m", "gguf.scripts.gguf_set_metadata", "--force", str(folder / name),
                            f"{arch}.context_length", str(context_length)], check=True, capture_output=True)
    return folder


def mtmd_cli(log=lambda message: print(message, file=sys.stderr)) -> Path:
    """llama.cpp's own multimodal command line (``llama-mtmd-cli -m MODEL --mmproj PROJECTOR --image IMAGE -p
    PROMPT``), the reference an image's encoding through Hearth is measured against. Built when first asked for,
    into the same cached build as the other programs (a few seconds once libmtmd is there, minutes from nothing)."""
    return ensure_program("llama-mtmd-cli", log)
