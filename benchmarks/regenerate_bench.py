"""Regenerating a reply and editing the newest message late in a long conversation, on recurrent and hybrid models
against a transformer of the same size.

    .venv/bin/python benchmarks/regenerate_bench.py [--tokens 4000] [--runs 3] [--threads 2] [--json FILE]

A recurrent state cannot drop its last tokens, so before the turn-boundary snapshots (core/engines/llama/
kv_context.py) every regenerate and every edit evaluated the whole conversation again. The models are llama.cpp's
tiny random fixtures (tests/pinned_llama.py), all about 5 MB: the figures compare the work done, not a real
model's speed. Each run, on each model: the conversation's prompt (``--tokens``) is read, a 40-token reply is
appended, then the reply is regenerated and the newest message edited; and the same regenerate with the snapshots
removed first, which is what it cost before (the reference, in the same run).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from common import emit, summary  # noqa: E402
from pinned_llama import arch_fixtures  # noqa: E402

from assistant.core.engines.llama.engine import Engine  # noqa: E402
from assistant.core.engines.types import LoadOptions  # noqa: E402

MODELS = {"transformer (llama)": "llama-dense.gguf", "hybrid (LFM2)": "lfm2-dense.gguf",
          "hybrid (Qwen3.5 DeltaNet)": "qwen35-dense.gguf", "recurrent (Mamba 2)": "mamba2-dense.gguf"}


def timed(action) -> tuple[float, object]:
    started = time.perf_counter()
    value = action()
    return time.perf_counter() - started, value


def one_run(engine: Engine, n_tokens: int, seed: int) -> dict:
    kv = engine._kv
    kv.clear()
    kv.snapshots.clear()
    rng = random.Random(seed)
    draw = lambda n: [rng.randrange(3, engine._llama.n_vocab()) for _ in range(n)]  # noqa: E731
    history, question = draw(n_tokens - 30), draw(30)
    prompt = history + question
    kv.prefill(history)  # the opening of this turn, evaluated ahead while the user typed (warm_next_turn)
    first, _ = timed(lambda: kv.prefill(prompt))
    for token in draw(40):
        kv.append(token)
    regenerate, evaluated = timed(lambda: kv.prefill(prompt))
    edit, edit_evaluated = timed(lambda: kv.prefill(history + draw(30)))
    for token in draw(40):
        kv.append(token)
    kv.snapshots.clear()  # as before the boundaries were kept: everything is evaluated again
    before, before_evaluated = timed(lambda: kv.prefill(prompt))
    return {"first": first, "regenerate": regenerate, "regenerate_evaluated": evaluated, "edit": edit,
            "edit_evaluated": edit_evaluated, "without_snapshots": before, "without_evaluated": before_evaluated}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=4000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--json")
    args = parser.parse_args()
    folder = arch_fixtures(list(MODELS.values()), context_length=max(4096, args.tokens + 256))
    result = {"tokens": args.tokens}
    for name, file in MODELS.items():
        engine = Engine()
        engine.load(folder / file, LoadOptions(context_length=args.tokens + 256, n_threads=args.threads))
        runs = [one_run(engine, args.tokens, seed) for seed in range(args.runs)]
        engine.unload()
        figures = {key: summary([run[key] for run in runs]) for key in runs[0]}
        ratio = summary([run["without_snapshots"] / run["regenerate"] for run in runs])
        figures["speed_up"] = ratio
        result[name] = figures
        print(f"{name}: first {figures['first']['median'] * 1000:.0f} ms; regenerate "
              f"{figures['regenerate']['median'] * 1000:.1f} ms ({figures['regenerate_evaluated']['median']:.0f} "
              f"tokens), edit {figures['edit']['median'] * 1000:.1f} ms ({figures['edit_evaluated']['median']:.0f} "
              f"tokens); without snapshots {figures['without_snapshots']['median'] * 1000:.0f} ms "
              f"({figures['without_evaluated']['median']:.0f} tokens), {ratio['median']:.0f}x", file=sys.stderr)
    emit(result, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
