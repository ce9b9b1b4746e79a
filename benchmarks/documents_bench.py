"""The document index at scale (issue 21): indexing throughput and memory, and keyword retrieval latency.

    .venv/bin/python benchmarks/documents_bench.py [--files 10000] [--megabytes 1024] [--queries 300] [--json FILE]

A corpus of plain-text files is written first (a fixed seed: English sentences and Chinese sentences in turn, from
word lists, so that every query has answers and some words are everywhere), then indexed from nothing with
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

ENGLISH = ("river delta harbour bridge valley mountain glacier forest desert coast island lake canal dam flood "
           "drought harvest market railway station factory school hospital library museum theatre parliament "
           "treaty border census budget tariff export import inflation currency pension vaccine climate "
           "satellite telescope reactor turbine battery silicon protein enzyme genome fossil volcano earthquake "
           "monsoon typhoon erosion sediment irrigation fishery shipping aviation tourism festival ceremony "
           "dynasty emperor archive manuscript poem novel theory experiment measurement").split()
FILLER = "the a of and in to is was for on with as by at from that which this it its".split()
CHINESE = ("长江 黄河 珠江 三角洲 港口 桥梁 山谷 冰川 森林 沙漠 海岸 岛屿 湖泊 运河 水坝 洪水 干旱 收成 市场 铁路 车站 工厂 "
           "学校 医院 图书馆 博物馆 剧院 议会 条约 边境 人口 预算 关税 出口 进口 通胀 货币 养老金 疫苗 气候 卫星 望远镜 "
           "反应堆 涡轮 电池 芯片 蛋白质 基因组 化石 火山 地震 季风 台风 侵蚀 泥沙 灌溉 渔业 航运 航空 旅游 节日 典礼 "
           "王朝 皇帝 档案 手稿 诗歌 小说 理论 实验 测量").split()
CHINESE_FILLER = "的 了 在 是 和 与 对 从 把 被 这 那 一个 我们 他们 因为 所以 但是 而且".split()


def sentence(rng: random.Random, chinese: bool) -> str:
    if chinese:
        words = [rng.choice(CHINESE) if rng.random() < 0.45 else rng.choice(CHINESE_FILLER)
                 for _ in range(rng.randint(8, 20))]
        return "".join(words) + "。"
    words = [rng.choice(ENGLISH) if rng.random() < 0.4 else rng.choice(FILLER) for _ in range(rng.randint(10, 24))]
    return " ".join(words).capitalize() + "."


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
        index_path.unlink(missing_ok=True)
        before = peak_mb()
        index = DocumentIndex(index_path)
        started = time.perf_counter()
        progress = index_now(index, [str(corpus)])
        seconds = time.perf_counter() - started
        after = peak_mb()
        passages = index.vector_counts()[1]
        rng = random.Random(11)
        latencies, empty = [], 0
        for number in range(args.queries):
            if number % 2:
                question = "".join(rng.sample(CHINESE, rng.randint(1, 3))) + "在哪里？"
            else:
                question = "Where is the " + " ".join(rng.sample(ENGLISH, rng.randint(2, 4))) + "?"
            started_query = time.perf_counter()
            hits = index.search(question, 8)
            latencies.append((time.perf_counter() - started_query) * 1000)
            empty += not hits
        index.close()
        latencies.sort()
        result = {
            "files": progress.done, "megabytes": round(written / 2**20, 1), "passages": passages,
            "index_seconds": round(seconds, 1), "files_per_second": round(progress.done / seconds, 1),
            "megabytes_per_second": round(written / 2**20 / seconds, 2),
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
