"""Retrieval quality on a real corpus (issue 21): recall@5 of keyword search and of hybrid search, side by side,
for questions asked in English and in Chinese.

    apt-get install debian-reference-en debian-reference-zh-cn      # the corpus, from Debian's own packages
    .venv/bin/python benchmarks/retrieval_quality.py [--corpus DIR] [--embedder PATH ...] [--json FILE]

The corpus is the Debian Reference in English and in its Simplified Chinese translation (12 chapters' HTML per
language, 2.1 MB each), indexed as the app indexes a folder. The questions (benchmarks/data/
debian_reference_questions.json, 40 asked in each language) are what a Debian user asks; each names a key, the
command or file that answers it, and never contains it. A question is answered at 5 when one of the first five
passages retrieved names its key. Keyword search is the index alone; hybrid adds the vectors of each ``--embedder``
(fused by reciprocal rank, as the app does). Without ``--embedder``, SmolLM2 stands in: a chat model, not an
embedding model, so its hybrid figure says what the fusion costs or gains with a weak embedder, not what bge-m3 or
Qwen3-Embedding would reach (pass their GGUF files to measure those).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import emit, smollm2_path  # noqa: E402

from assistant.core.documents.index import DocumentIndex  # noqa: E402
from assistant.core.documents.indexer import embed_pending, index_now, scheduled_embedding  # noqa: E402
from assistant.core.documents.retrieval import retrieve  # noqa: E402
from assistant.core.engines.hosted import HostedEngine  # noqa: E402
from assistant.core.engines.scheduler import BACKGROUND, USER, Scheduler  # noqa: E402

QUESTIONS = Path(__file__).resolve().parent / "data" / "debian_reference_questions.json"
DEFAULT_CORPUS = Path("/usr/share/debian-reference")
AT = 5


def corpus_folder(source: Path, work: Path) -> Path:
    """The chapters in both languages (not the PDFs and plain-text copies of the same book, which would count every
    answer three times)."""
    chapters = sorted(source.glob("ch*.en.html")) + sorted(source.glob("ch*.zh-cn.html"))
    if not chapters:
        raise SystemExit(f"No Debian Reference chapters in {source}: apt-get install debian-reference-en "
                         f"debian-reference-zh-cn")
    folder = work / "corpus"
    folder.mkdir()
    for chapter in chapters:
        (folder / chapter.name).symlink_to(chapter)
    return folder


def recall(index: DocumentIndex, questions: list[dict], language: str, embed_query=None) -> dict:
    answered, missed, took = 0, [], []
    for question in questions:
        started = time.perf_counter()
        hits = retrieve(index, question[language], embed_query, AT)
        took.append(time.perf_counter() - started)
        if any(question["key"] in hit.text for hit in hits):
            answered += 1
        else:
            missed.append(question["key"])
    return {"recall_at_5": round(answered / len(questions), 3), "answered": answered, "asked": len(questions),
            "missed": missed, "mean_ms": round(1000 * sum(took) / len(took), 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--embedder", action="append", default=[], help="an embedding model's GGUF (repeatable)")
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    questions = json.loads(QUESTIONS.read_text("utf-8"))["questions"]
    embedders = args.embedder or [str(smollm2_path())]

    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        folder = corpus_folder(args.corpus, work)
        index = DocumentIndex(work / "index.sqlite3")
        started = time.perf_counter()
        progress = index_now(index, [str(folder)])
        indexed_s = time.perf_counter() - started
        passages = index.vector_counts()[1]
        result = {"corpus": "Debian Reference 2.100, English and Simplified Chinese (chapters' HTML)",
                  "files": progress.total, "passages": passages, "index_s": round(indexed_s, 1),
                  "questions_per_language": len(questions), "at": AT,
                  "keyword": {lang: recall(index, questions, lang) for lang in ("en", "zh")}, "hybrid": {}}
        scheduler = Scheduler(HostedEngine())
        try:
            for model in embedders:
                started = time.perf_counter()
                embed_pending(index, model, scheduled_embedding(scheduler, model, BACKGROUND), batch=16)
                embedded_s = time.perf_counter() - started
                embed = scheduled_embedding(scheduler, model, USER, questions=True)

                def embed_query(text: str) -> bytes:
                    return embed([text]).row(0)

                result["hybrid"][Path(model).name] = {
                    "embed_s": round(embedded_s, 1),
                    **{lang: recall(index, questions, lang, embed_query) for lang in ("en", "zh")}}
        finally:
            scheduler.shutdown()
            index.close()
    emit(result, args.json)


if __name__ == "__main__":
    main()
