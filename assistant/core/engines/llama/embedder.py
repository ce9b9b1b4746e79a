"""Embeddings for the document index: one GGUF embedding model (bge-m3, Qwen3-Embedding, or any model whose
hidden states are pooled), kept loaded beside the chat model in the engine host, and run between its replies.

A model that says how to pool its tokens (``<arch>.pooling_type``: bge-m3 takes the first token, Qwen3-Embedding the
last) is used as it says; one that does not (a chat model standing in, as SmolLM2 does in the tests) is mean-pooled.
Vectors are normalized, so that a dot product is the cosine."""

from __future__ import annotations

import logging
from pathlib import Path

from assistant.core.engines.hardware import cpu_cores

log = logging.getLogger(__name__)

CONTEXT = 512  # tokens per passage at most: passages are about 200 (core/documents/passages.py)


class Embedder:
    def __init__(self):
        self.path: str | None = None
        self._llama = None

    def unload(self) -> None:
        self._llama = None
        self.path = None

    def _load(self, path: str) -> None:
        import llama_cpp

        from assistant.core.library.gguf_file import read_gguf

        info = read_gguf(path)
        pooling = info.metadata.get(f"{info.architecture}.pooling_type")
        self.unload()
        self._llama = llama_cpp.Llama(
            model_path=str(Path(path)), embedding=True, n_ctx=CONTEXT, n_batch=CONTEXT, n_ubatch=CONTEXT,
            n_threads=cpu_cores()[0], verbose=False,  # one per physical core, as replies: they never run together
            pooling_type=llama_cpp.LLAMA_POOLING_TYPE_MEAN if pooling in (None, 0) else int(pooling))
        self.path = path

    def embed(self, path: str, texts: list[str]) -> tuple[list[list[float]], int]:
        """Normalized vectors for ``texts`` (each cut to CONTEXT tokens), and the tokens read."""
        if self.path != path or self._llama is None:
            self._load(path)
        vectors, tokens = self._llama.embed(texts, normalize=True, truncate=True, return_count=True)
        return vectors, tokens
