"""Embedding throughput for the document index (issue 21): Hearth's path against llama.cpp's own embedding example.

    .venv/bin/python benchmarks/embedding_bench.py [--model PATH] [--passages 256] [--runs 3] [--json FILE]

The same passages (about 200 tokens each, from the documents benchmark's corpus) are embedded by
- Hearth: the engine host through the scheduler, in requests of 8 passages at background priority, as the app sends
  them (and in one request, to see what the request size costs);
- llama.cpp's ``llama-embedding`` (built from the pinned sources, as llama-bench is), given all passages at once with
  the same pooling and threads. Its own model load is measured with one passage and taken off.
Runs alternate; the figure is passages per second, and the ratio Hearth / llama.cpp per run (median reported).
SmolLM2 (a chat model, mean-pooled) stands in when no embedding model is given.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from common import emit, smollm2_path  # noqa: E402
from documents_bench import sentence  # noqa: E402
from pinned_llama import ensure_program  # noqa: E402

from assistant.core.engines.hardware import cpu_cores  # noqa: E402
from assistant.core.engines.hosted import HostedEngine  # noqa: E402
from assistant.core.engines.scheduler import Scheduler  # noqa: E402

THREADS = cpu_cores()[0]  # as the engine host's embedder uses: one per physical core


def passages(count: int) -> list[str]:
    rng = random.Random(5)
    return [" ".join(sentence(rng, i % 3 == 0) for _ in range(6)) for i in range(count)]


def hearth(scheduler: Scheduler, model: str, texts: list[str], batch: int) -> float:
    started = time.perf_counter()
    handles = [scheduler.embed(model, texts[i:i + batch]) for i in range(0, len(texts), batch)]
    for handle in handles:
        final = handle.wait(600)
        assert hasattr(final, "embeddings"), final
    return len(texts) / (time.perf_counter() - started)


def llama_embedding(program: Path, model: str, texts: list[str]) -> float:
    def run(prompts: list[str]) -> float:
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as file:
            file.write("\n".join(p.replace("\n", " ") for p in prompts))
        started = time.perf_counter()
        subprocess.run([str(program), "-m", model, "-f", file.name, "--pooling", "mean", "-t", str(THREADS),
                        "-c", "2048", "-b", "2048", "-ub", "2048", "--embd-normalize", "2", "--embd-output-format",
                        "array"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.unlink(file.name)
        return time.perf_counter() - started

    load = run(texts[:1])
    return len(texts) / max(run(texts) - load, 1e-6)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=str(smollm2_path()))
    parser.add_argument("--passages", type=int, default=256)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json")
    args = parser.parse_args()
    texts = passages(args.passages)
    program = ensure_program("llama-embedding")
    scheduler = Scheduler(HostedEngine())
    try:
        hearth(scheduler, args.model, texts[:8], 8)  # load the embedder once
        rows = []
        for run in range(args.runs):
            if run % 2 == 0:
                reference = llama_embedding(program, args.model, texts)
                app, whole = hearth(scheduler, args.model, texts, 8), hearth(scheduler, args.model, texts, 64)
            else:
                app, whole = hearth(scheduler, args.model, texts, 8), hearth(scheduler, args.model, texts, 64)
                reference = llama_embedding(program, args.model, texts)
            rows.append({"llama_embedding": reference, "hearth_batches_of_8": app, "hearth_batches_of_64": whole})
    finally:
        scheduler.shutdown()
    result = {
        "model": Path(args.model).name, "passages": len(texts), "threads": THREADS,
        "llama_embedding_per_s": statistics.median(r["llama_embedding"] for r in rows),
        "hearth_8_per_s": statistics.median(r["hearth_batches_of_8"] for r in rows),
        "hearth_64_per_s": statistics.median(r["hearth_batches_of_64"] for r in rows),
        "ratio_8": statistics.median(r["hearth_batches_of_8"] / r["llama_embedding"] for r in rows),
        "ratio_64": statistics.median(r["hearth_batches_of_64"] / r["llama_embedding"] for r in rows),
        "runs": rows,
    }
    print(f"passages/s: llama-embedding {result['llama_embedding_per_s']:.1f}, Hearth (8 per request) "
          f"{result['hearth_8_per_s']:.1f} ({result['ratio_8']:.2f}x), (64 per request) "
          f"{result['hearth_64_per_s']:.1f} ({result['ratio_64']:.2f}x)", file=sys.stderr)
    emit(result, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
