"""What the full-text index stores and is asked: words as SQLite's unicode61 tokenizer splits them, and Chinese,
Japanese and Korean runs as overlapping pairs of characters (长江流域 -> 长江 江流 流域), as Lucene's CJK analyzer
indexes them. Pairs need no dictionary, cost little to make at a gigabyte scale, and find any word of two or more
characters; a one-character question is asked as a prefix of the pairs."""

from __future__ import annotations

import re
import unicodedata

_CJK_RUN = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+")
_WORD = re.compile(r"\w+", re.UNICODE)


def _pairs(run: str) -> list[str]:
    return [run] if len(run) == 1 else [run[i:i + 2] for i in range(len(run) - 1)]


def index_form(text: str) -> str:
    """The text as the index stores it: CJK runs as pairs, everything else as it is."""
    return _CJK_RUN.sub(lambda m: " " + " ".join(_pairs(m.group())) + " ", text)


def query_terms(question: str) -> list[tuple[str, bool]]:
    """The question's words and character pairs, as the index holds them: (term, asked as a prefix)."""
    terms: list[tuple[str, bool]] = []
    for piece in _CJK_RUN.split(question):
        terms += [(w.lower().replace('"', ""), False) for w in _WORD.findall(piece) if len(w) > 1 or w.isdigit()]
    for run in _CJK_RUN.findall(question):
        terms += [(run, True)] if len(run) == 1 else [(pair, False) for pair in _pairs(run)]
    return list(dict.fromkeys(terms))


def literal_terms(question: str) -> list[str]:
    """What the question asks for that its words and pairs cannot say: emoji and other symbols ("C++", "$5"), and,
    in a question with no word at all, what was typed ("?", "e.g", a lone letter). Each such piece (split at spaces,
    without the punctuation around it) is looked for exactly as typed, ignoring the case of ASCII letters. Plain
    words stay with the index alone, so "hello," still finds "hello" and "a cat" is not a search for every "a"."""
    wordless = not query_terms(question)
    found = []
    for piece in question.split():
        core = piece.strip("".join(ch for ch in piece if unicodedata.category(ch).startswith("P"))) or piece
        core = core.rstrip("\ufe0e\ufe0f")  # an emoji's presentation selector, which the text may lack
        if core and (wordless or any(unicodedata.category(ch).startswith("S") for ch in core)):
            found.append(core)
    return list(dict.fromkeys(found))


def match_expression(terms: list[tuple[str, bool]]) -> str | None:
    """An FTS5 MATCH expression: any of the terms (ranked by bm25), each quoted so that nothing in a question is
    read as query syntax. None when there is nothing to search for."""
    return " OR ".join(f'"{term}"*' if prefix else f'"{term}"' for term, prefix in terms) or None


def match_query(question: str) -> str | None:
    return match_expression(query_terms(question))


def match_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Where the query's words appear in ``text``, ignoring case, as (start, end): what a search highlights. A
    Chinese run that is not there whole is looked for pair by pair, as the index found it."""
    spans: list[tuple[int, int]] = []
    words = ([w for piece in _CJK_RUN.split(query) for w in _WORD.findall(piece)] + _CJK_RUN.findall(query)
             + literal_terms(query))
    for word in words:
        pieces = [word]
        if _CJK_RUN.fullmatch(word) and len(word) > 2 and word not in text:
            pieces = _pairs(word)
        for piece in pieces:
            spans += [(m.start(), m.end()) for m in re.finditer(re.escape(piece), text, re.IGNORECASE)]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def snippet(text: str, query: str, width: int = 140) -> str:
    """A line of ``text`` around its first match, for a list of search results."""
    spans = match_spans(text, query)
    start = max(0, (spans[0][0] if spans else 0) - width // 3)
    piece = " ".join(text[start:start + width].split())
    return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")
