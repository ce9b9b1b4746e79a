"""The document index at scale (issue 21): indexing throughput and memory, and keyword retrieval latency.

    .venv/bin/python benchmarks/documents_bench.py [--files 10000] [--megabytes 1024] [--queries 300] [--json FILE]

A corpus of plain-text files is written first (a fixed seed; a third Chinese; words drawn from a 40,000-word
Zipfian vocabulary per language, as real text has them: a few everywhere, most rare), then indexed from nothing with
``index_now`` as the app and ``assistant docs add`` do (one thread, no OCR: these are text files), then asked
``--queries`` questions of two to four words or character pairs, each timed from the call to the ranked list.
Reported: files/s and MB/s, the process's peak resident memory before and after indexing (bounded memory means the
second does not grow with the corpus), the index's size on disk, and retrieval p50/p95/max (goal: p95 < 100 ms).
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.core.documents.index import DocumentIndex  # noqa: E402
from assistant.core.documents.indexer import index_now  # noqa: E402

# A Zipfian vocabulary, as real text has: a few words everywhere (the top ranks: the, of, 的), most words rare.
VOCABULARY_SIZE = 40_000
_SYLLABLES = [c + v for c in "bcdfghjklmnprstvwz" for v in "aeiou"]
_HANZI = [chr(0x4E00 + i * 7) for i in range(3000)]  # 3,000 ideographs spread over the block


def _vocabulary(rng: random.Random, chinese: bool) -> list[str]:
    words, seen = [], set()
    while len(words) < VOCABULARY_SIZE:
        if chinese:
            word = "".join(rng.choices(_HANZI[:600] if rng.random() < 0.5 else _HANZI, k=rng.choice((1, 2, 2, 3))))
        else:
            word = "".join(rng.choices(_SYLLABLES, k=rng.choice((1, 2, 2, 3, 3, 4))))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


_WORDS = {lang: _vocabulary(random.Random(3 + lang), bool(lang)) for lang in (0, 1)}
_WEIGHTS = list(__import__("itertools").accumulate(1 / (rank + 1) for rank in range(VOCABULARY_SIZE)))
ENGLISH, CHINESE = _WORDS[0], _WORDS[1]


def sentence(rng: random.Random, chinese: bool) -> str:
    words = rng.choices(_WORDS[int(chinese)], cum_weights=_WEIGHTS, k=rng.randint(8, 22))
    return ("".join(words) + "。") if chinese else (" ".join(words).capitalize() + ".")


def question(rng: random.Random, chinese: bool) -> str:
    """Two to four content words (ranks 100 to 5,000: neither everywhere nor unheard of), with the filler a question
    has around them."""
    words = [_WORDS[int(chinese)][rng.randint(100, 5000)] for _ in range(rng.randint(2, 4))]
    filler = _WORDS[int(chinese)][:3]
    return ("".join(words) + filler[0] + "？") if chinese else (" ".join(filler + words) + "?")


def make_corpus(folder: Path, files: int, total_bytes: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    per_file = max(total_bytes // files, 200)
    written = 0
    for number in range(files):
        sub = folder / f"{number // 500:03}"
        sub.mkdir(parents=True, exist_ok=True)
        paragraphs, size = [], 0
        chinese = number % 3 == 0  # a third of the files are Chinese
        while size < per_file:
            paragraph = " ".join(sentence(rng, chinese) for _ in range(rng.randint(3, 7)))
            paragraphs.append(paragraph)
            size += len(paragraph.encode("utf-8")) + 2
        data = "\n\n".join(paragraphs).encode("utf-8")
        (sub / f"doc-{number:05}.txt").write_bytes(data)
        written += len(data)
    return written


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--megabytes", type=int, default=1024)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--json")
    parser.add_argument("--keep", help="a folder to keep the corpus and index in (made again if empty)")
    parser.add_argument("--search-only", action="store_true", help="with --keep: ask the index kept there")
    args = parser.parse_args()
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="hearth-docs-bench-"))
    corpus, index_path = work / "corpus", work / "documents.sqlite3"
    try:
        if not corpus.exists():
            started = time.perf_counter()
            written = make_corpus(corpus, args.files, args.megabytes << 20)
            print(f"corpus: {args.files} files, {written / 2**20:.0f} MB in {time.perf_counter() - started:.0f} s",
                  file=sys.stderr)
        else:
            written = sum(p.stat().st_size for p in corpus.rglob("*.txt"))
        if not (args.search_only and index_path.exists()):
            index_path.unlink(missing_ok=True)
        before = peak_mb()
        index = DocumentIndex(index_path)
        started = time.perf_counter()
        progress = index_now(index, [str(corpus)])  # nothing to do when searching a kept index
        seconds = time.perf_counter() - started
        after = peak_mb()
        if args.search_only:
            progress.done = len(index.files())
        passages = index.vector_counts()[1]
        rng = random.Random(11)
        latencies, empty = [], 0
        for number in range(args.queries):
            asked = question(rng, bool(number % 2))
            started_query = time.perf_counter()
            hits = index.search(asked, 8)
            latencies.append((time.perf_counter() - started_query) * 1000)
            empty += not hits
        index.close()
        latencies.sort()
        result = {
            "files": progress.done, "megabytes": round(written / 2**20, 1), "passages": passages,
            "index_seconds": round(seconds, 1), "files_per_second": round(progress.done / max(seconds, 1e-9), 1),
            "megabytes_per_second": round(written / 2**20 / max(seconds, 1e-9), 2),
            "peak_rss_mb_before": round(before, 1), "peak_rss_mb_after": round(after, 1),
            "index_mb": round(sum(p.stat().st_size for p in work.glob("documents.sqlite3*")) / 2**20, 1),
            "query_ms_p50": round(statistics.median(latencies), 2),
            "query_ms_p95": round(latencies[int(0.95 * (len(latencies) - 1))], 2),
            "query_ms_max": round(latencies[-1], 2), "queries": len(latencies), "queries_without_hits": empty,
        }
        print(result)
        if args.json:
            import json

            Path(args.json).write_text(json.dumps(result, indent=2))
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
