"""What saving and restoring a context costs against evaluating it again: the numbers behind the snapshot policy.

    .venv/bin/python benchmarks/engine_bench.py [--model PATH] [--threads 2] [--json FILE]

For contexts of several lengths: the time to evaluate them from nothing, to save them as a snapshot, and to
restore one, with the snapshot's size. Then the case the policy is for: conversation A, then conversation B,
then A again, with snapshots and without (a budget of zero).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import emit, smollm2_path, summary  # noqa: E402

from assistant.core.engines.llama.engine import Engine, LoadOptions  # noqa: E402
from assistant.core.engines.types import GenerationParams  # noqa: E402

LENGTHS = (256, 1024, 2048, 4000)
FILLER = "The harbour lights came on one by one while the tide turned. "


def snapshot_costs(engine: Engine, repeats: int = 3) -> list[dict]:
    kv = engine._kv  # the engine's own context bookkeeping: measured directly, as the engine uses it
    llama = engine._llama
    rows = []
    for length in LENGTHS:
        tokens = llama.tokenize((FILLER * (length // 10 + 10)).encode())[:length]
        evaluate, save, restore, size = [], [], [], 0
        for _ in range(repeats):
            kv.clear()
            engine._snapshots.clear()
            started = time.perf_counter()
            kv.prefill(tokens)
            evaluate.append(time.perf_counter() - started)
            started = time.perf_counter()
            snapshot = kv.save()
            save.append(time.perf_counter() - started)
            size = snapshot.size
            kv.clear()
            started = time.perf_counter()
            assert kv.restore(snapshot)
            restore.append(time.perf_counter() - started)
        rows.append({"tokens": length, "evaluate_s": summary(evaluate), "save_s": summary(save),
                     "restore_s": summary(restore), "snapshot_mb": round(size / 2**20, 2)})
        print(f"{length} tokens: evaluate {summary(evaluate)['median']:.3f} s, save "
              f"{summary(save)['median'] * 1000:.1f} ms, restore {summary(restore)['median'] * 1000:.1f} ms, "
              f"{size / 2**20:.1f} MB", file=sys.stderr)
    return rows


def conversation(topic: str, turns: int) -> list[dict]:
    messages = []
    for i in range(turns):
        messages.append({"role": "user", "content": f"{topic}, question {i}: " + FILLER * 6})
        messages.append({"role": "assistant", "content": f"About {topic}, answer {i}: " + FILLER * 8})
    messages.append({"role": "user", "content": f"{topic}: and one more thing?"})
    return messages


def switching(model: Path, threads: int, budget: int, repeats: int = 3) -> dict:
    """Time to first token when going back to conversation A after B (both about 1,500 tokens)."""
    engine = Engine(snapshot_budget=budget)
    engine.load(model, LoadOptions(context_length=4096, n_threads=threads))
    params = GenerationParams(temperature=0.0, max_tokens=8)
    a, b = conversation("Lighthouses", 8), conversation("Gardens", 8)
    back = []
    evaluated = []
    for _ in range(repeats):
        engine.generate(a, params)
        engine.generate(b, params)
        result = engine.generate(a, params)
        back.append(result.time_to_first_token)
        evaluated.append(result.prompt_evaluated)
    prompt_tokens = result.prompt_tokens
    engine.unload()
    return {"snapshot_budget_mb": budget // 2**20, "prompt_tokens": prompt_tokens,
            "back_to_a_ttft_s": summary(back), "evaluated": summary(evaluated)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--json", default="-")
    args = parser.parse_args()
    model = args.model or smollm2_path()
    engine = Engine()
    engine.load(model, LoadOptions(context_length=4096, n_threads=args.threads))
    engine.generate([{"role": "user", "content": "Hello"}], GenerationParams(max_tokens=4))  # warm-up
    result = {"model": model.name, "threads": args.threads, "snapshots": snapshot_costs(engine)}
    engine.unload()
    result["switching"] = {"with_snapshots": switching(model, args.threads, budget=1 << 30),
                           "without_snapshots": switching(model, args.threads, budget=0)}
    emit(result, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
