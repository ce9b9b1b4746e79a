"""Counting tokens with a model's vocabulary alone, for the live count under the message box.

A vocabulary-only llama.cpp model loads in about 0.1 s and holds no weights, so it can live beside the engine's
model without a second copy of it, on a thread of its own, and never waits behind a generation.
"""

from __future__ import annotations

import os

from assistant.core.engine import model_safe_text
from assistant.core.native import LLAMA_LOCK


class VocabTokenizer:
    def __init__(self, path: str | os.PathLike[str]):
        import llama_cpp

        with LLAMA_LOCK:
            self._llama = llama_cpp.Llama(model_path=str(path), vocab_only=True, verbose=False)

    def count(self, text: str) -> int:
        return len(self._llama.tokenize(model_safe_text(text).encode("utf-8"), add_bos=False, special=False))

    def close(self) -> None:
        with LLAMA_LOCK:
            self._llama.close()
