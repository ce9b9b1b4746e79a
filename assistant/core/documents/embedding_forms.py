"""How an embedding model wants its texts. Some are trained to see a question and a passage differently: Qwen3-Embedding
with an instruction before each question (its card reports 1-5% better retrieval with one), the E5 family and
nomic-embed with a prefix on each side. A model not listed here (bge-m3 among them) takes both as they are.

The model is known by its file name, as downloaded from the Hub; a renamed file is embedded without the forms, which
still works, a little less well."""

from __future__ import annotations

from pathlib import Path

QWEN3_TASK = "Given a question, retrieve passages from the user's documents that answer it"

# (a piece of the file name, the question's form, the passage's form)
_FORMS: list[tuple[str, str, str]] = [
    ("qwen3-embedding", f"Instruct: {QWEN3_TASK}\nQuery:{{text}}", "{text}"),
    ("e5-", "query: {text}", "passage: {text}"),
    ("nomic-embed", "search_query: {text}", "search_document: {text}"),
]


def _forms(model: str) -> tuple[str, str]:
    name = Path(model).name.lower()
    for piece, query, passage in _FORMS:
        if piece in name:
            return query, passage
    return "{text}", "{text}"


def query_form(model: str, question: str) -> str:
    return _forms(model)[0].replace("{text}", question)


def passage_form(model: str, text: str) -> str:
    return _forms(model)[1].replace("{text}", text)
