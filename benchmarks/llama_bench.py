"""Build and run llama.cpp's own ``llama-bench``, the reference every engine figure is compared with.

It is built from the llama.cpp sources vendored in the pinned llama-cpp-python source distribution, so the
reference and the app run the same llama.cpp. The build (a few minutes on 2 cores) is cached under
``~/.cache/hearth-assistant/`` and reused, one build per ``CMAKE_ARGS`` (set it as for the GPU build of
llama-cpp-python, README "GPU builds", to measure on a GPU).

    .venv/bin/python benchmarks/llama_bench.py          # build if needed, print the binary's path
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from pinned_llama import ensure_program, llama_cpp_version  # noqa: E402

__all__ = ["ensure_llama_bench", "llama_cpp_version", "run_llama_bench"]


def ensure_llama_bench(log=lambda message: print(message, file=sys.stderr)) -> Path:
    """The path of a llama-bench built from the installed llama-cpp-python's own llama.cpp (tests/pinned_llama)."""
    return ensure_program("llama-bench", log)


def run_llama_bench(model: Path, *, threads: int, repetitions: int, n_gpu_layers: int = 0,
                    flash_attention: bool = False, prompt: int = 512, gen: int = 128) -> dict[str, dict]:
    """pp512 and tg128 for ``model``: {"pp512": {"mean": t/s, "stddev": t/s, "samples": [...]}, "tg128": ...}.
    ``prompt=0`` or ``gen=0`` leaves that test out."""
    binary = ensure_llama_bench()
    out = subprocess.run([str(binary), "-m", str(model), "-t", str(threads), "-p", str(prompt), "-n", str(gen),
                          "-r", str(repetitions), "-ngl", str(n_gpu_layers), "-fa", "1" if flash_attention else "0",
                          "-o", "json"], check=True, capture_output=True, text=True).stdout
    results = {}
    for row in json.loads(out):
        name = f"pp{row['n_prompt']}" if row["n_prompt"] else f"tg{row['n_gen']}"
        results[name] = {"mean": row["avg_ts"], "stddev": row["stddev_ts"], "samples": row.get("samples_ts", [])}
    return results


if __name__ == "__main__":
    print(ensure_llama_bench())
