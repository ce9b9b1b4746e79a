"""What a llama.cpp build choice costs in size and speed: the same probe in several environments, in rotation.

    .venv/bin/python benchmarks/build_variants.py --env native=.venv/bin/python \\
        --env portable=/tmp/venv-portable/bin/python --env all-variants=/tmp/venv-alldl/bin/python [--model PATH]

Each environment has llama-cpp-python built another way (CMAKE_ARGS: the default native build, GGML_NATIVE=OFF as
the release workflow builds, GGML_BACKEND_DL=ON with GGML_CPU_ALL_VARIANTS=ON). The probe runs in a process of the
environment's own Python: prompt (512 tokens from an empty context) and generation (128 tokens, one at a time,
after the prompt),
each round visiting every environment in a rotated order. Sizes are of the installed llama_cpp/lib folder.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import emit, summary  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
from service_bench import gemma_path  # noqa: E402

PROBE = r"""
import json, os, sys, time
from pathlib import Path
import llama_cpp
sys.path.insert(0, sys.argv[2])
from assistant.core.engines.llama.native import ensure_backends
ensure_backends(llama_cpp)  # as the engine does: a GGML_BACKEND_DL build registers its best CPU variant here
lib = Path(llama_cpp.__file__).parent / "lib"
size = sum(p.stat().st_size for p in lib.rglob("*") if p.is_file() and not p.is_symlink())
llm = llama_cpp.Llama(model_path=sys.argv[1], n_ctx=2048, n_batch=512, n_threads=2, n_threads_batch=2, verbose=False)
prompt = llm.tokenize(b"The harbour lights came on one by one while the tide turned. " * 60)[:512]
started = time.perf_counter(); llm.eval(prompt); pp = 512 / (time.perf_counter() - started)
token = prompt[8]  # generation goes on after the prompt, positions 512-639: the same for every build
started = time.perf_counter()
for _ in range(128):
    llm.eval([token])
tg = 128 / (time.perf_counter() - started)
info = llama_cpp.llama_print_system_info().decode()
print(json.dumps({"pp": pp, "tg": tg, "lib_mb": size / 2**20, "system_info": info.strip()}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--env", action="append", required=True, metavar="NAME=PYTHON")
    parser.add_argument("--model", type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json")
    args = parser.parse_args()
    model = args.model or gemma_path()
    envs = dict(item.split("=", 1) for item in args.env)
    names = list(envs)
    runs: dict[str, list[dict]] = {name: [] for name in names}
    for round_ in range(args.rounds):
        order = names[round_ % len(names):] + names[:round_ % len(names)]
        for name in order:
            out = subprocess.run([envs[name], "-c", PROBE, str(model), str(ROOT)], capture_output=True, text=True,
                                 timeout=600)
            if out.returncode != 0:
                raise SystemExit(f"{name}: {out.stderr[-2000:]}")
            runs[name].append(json.loads(out.stdout.strip().splitlines()[-1]))
    result = {"model": model.name}
    for name in names:
        result[name] = {"pp": summary([r["pp"] for r in runs[name]]), "tg": summary([r["tg"] for r in runs[name]]),
                        "lib_mb": round(runs[name][0]["lib_mb"], 1), "system_info": runs[name][0]["system_info"]}
        print(f"{name}: pp {result[name]['pp']['median']:.0f} t/s, tg {result[name]['tg']['median']:.1f} t/s, "
              f"lib {result[name]['lib_mb']} MB", file=sys.stderr)
    emit(result, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
