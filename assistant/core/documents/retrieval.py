"""Finding the passages for a question: by its words (the full-text index) and, once an embedding model is chosen,
by its meaning (the passages' vectors), the two lists fused by reciprocal rank (RRF, k = 60), which needs no
calibration between bm25 scores and cosines.

What counts as relevant: a keyword hit must share a word that is not everywhere (index.search); a vector hit must
stand out from the whole collection, its cosine at least Z_RELEVANT standard deviations above the mean cosine of every
passage to the question. A fixed cosine threshold would mean something different for every embedding model."""

from __future__ import annotations

import heapq
from collections.abc import Callable

from assistant.core.documents.index import DocumentIndex, Hit

RRF_K = 60
CANDIDATES = 30  # from each list, before fusing
Z_RELEVANT = 2.0
Z_RELEVANT_SMALL = 1.0  # under SMALL_COLLECTION passages the spread is too rough to ask for more
SMALL_COLLECTION = 50


def nearest(index: DocumentIndex, query: bytes, limit: int = CANDIDATES,
            sources: list[str] | None = None) -> list[tuple[int, float, float]]:
    """(passage id, cosine, z-score) of the passages closest to ``query`` (a normalized float32 vector), scanning the
    vectors a batch at a time."""
    return _scan(index, query, limit, sources)[0]


def _scan(index: DocumentIndex, query: bytes, limit: int,
          sources: list[str] | None) -> tuple[list[tuple[int, float, float]], int]:
    """``nearest``, and how many vectors were compared (the collection the z-scores stand on)."""
    import numpy as np

    q = np.frombuffer(query, dtype="<f4")
    best: list[tuple[float, int]] = []
    total = total_squares = 0.0
    count = 0
    for ids, packed in index.vector_batches(sources):
        matrix = np.frombuffer(packed, dtype="<f4").reshape(len(ids), -1)
        if matrix.shape[1] != q.shape[0]:
            continue  # vectors of another model, left from before a change: ignored until recomputed
        scores = matrix @ q
        total += float(scores.sum())
        total_squares += float((scores.astype(np.float64) ** 2).sum())
        count += len(ids)
        top = np.argpartition(-scores, min(limit, len(ids) - 1))[:limit]
        for i in top:
            item = (float(scores[i]), ids[i])
            if len(best) < limit:
                heapq.heappush(best, item)
            else:
                heapq.heappushpop(best, item)
    if not count:
        return [], 0
    mean = total / count
    spread = max((total_squares / count - mean * mean) ** 0.5, 1e-6)
    return [(pid, score, (score - mean) / spread) for score, pid in sorted(best, reverse=True)], count


def retrieve(index: DocumentIndex, question: str, embed_query: Callable[[str], bytes] | None = None,
             limit: int = 8, sources: list[str] | None = None) -> list[Hit]:
    """The passages for ``question``, best first; empty when nothing relevant is found (or no source is asked)."""
    if sources is not None and not sources:
        return []
    words = index.search(question, CANDIDATES, sources)
    if embed_query is None or index.embedding_model() is None or not index.has_vectors():
        return words[:limit]
    # The scan counts the vectors it compares: no separate count of the passages on every question.
    close, compared = _scan(index, embed_query(question), CANDIDATES, sources)
    if not compared:
        return words[:limit]
    threshold = Z_RELEVANT if compared >= SMALL_COLLECTION else Z_RELEVANT_SMALL
    meaning = [pid for pid, _cosine, z in close if z >= threshold]
    fused: dict[int, float] = {}
    for ranked in ([hit.passage_id for hit in words], meaning):
        for rank, pid in enumerate(ranked):
            fused[pid] = fused.get(pid, 0.0) + 1.0 / (RRF_K + rank + 1)
    order = sorted(fused, key=fused.get, reverse=True)[:limit]
    by_id = {hit.passage_id: hit for hit in words}
    missing = [pid for pid in order if pid not in by_id]
    by_id.update({hit.passage_id: hit for hit in index.hits(missing)})
    return [by_id[pid] for pid in order if pid in by_id]
