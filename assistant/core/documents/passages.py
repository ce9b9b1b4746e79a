"""A document cut into passages of about 200 tokens, each of which remembers where it came from (the page of a PDF,
the paragraph of anything else), so that a source can be opened at the exact place.

Passages are made of whole paragraphs where they fit; a paragraph too long for one is cut at sentence ends, and a
sentence too long at the size limit. Length is counted in estimated tokens, so a Chinese passage holds fewer
characters than an English one."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from assistant.core.documents.readers import Section
from assistant.core.engines.context_window import estimate_tokens

TARGET_TOKENS = 200
MAX_TOKENS = 320

_PARAGRAPHS = re.compile(r"\n\s*\n|\r\n\s*\r\n")
_SENTENCES = re.compile(r"(?<=[.!?。！？；;])\s+|(?<=[。！？；])")


@dataclass
class Passage:
    text: str
    ordinal: int  # its place among the document's passages, from 0
    page: int | None  # a PDF's page
    paragraph: int  # the first paragraph it holds, from 1, counted through the whole document (or the page)
    section: int = 0  # the section it came from: an EPUB chapter, a PDF page's index


def _pieces(paragraph: str) -> Iterator[str]:
    """A paragraph in pieces no longer than MAX_TOKENS."""
    if estimate_tokens(paragraph) <= MAX_TOKENS:
        yield paragraph
        return
    sentence_parts = [s for s in _SENTENCES.split(paragraph) if s.strip()]
    current = ""
    for sentence in sentence_parts:
        while estimate_tokens(sentence) > MAX_TOKENS:  # one endless sentence (a table, a log line): cut it
            cut = _cut_at(sentence, MAX_TOKENS)
            if current:
                yield current
                current = ""
            yield sentence[:cut]
            sentence = sentence[cut:]
        candidate = f"{current} {sentence}".strip() if current and not _cjk_end(current) else current + sentence
        if current and estimate_tokens(candidate) > TARGET_TOKENS:
            yield current
            current = sentence
        else:
            current = candidate
    if current.strip():
        yield current


def _cjk_end(text: str) -> bool:
    return bool(text) and ord(text[-1]) >= 0x2E80


def _cut_at(text: str, tokens: int) -> int:
    low, high = 1, len(text)
    while low < high:  # the longest prefix within ``tokens``
        middle = (low + high + 1) // 2
        if estimate_tokens(text[:middle]) <= tokens:
            low = middle
        else:
            high = middle - 1
    return max(low, 1)


def make_passages(sections: Iterable[Section]) -> Iterator[Passage]:
    ordinal = 0
    paragraph_number = 0
    for section_index, section in enumerate(sections):
        if section.page is not None:
            paragraph_number = 0  # a PDF's paragraphs are counted on their page
        held: list[str] = []
        held_from = 0
        for raw in _PARAGRAPHS.split(section.text):
            paragraph = raw.strip()
            if not paragraph:
                continue
            paragraph_number += 1
            for piece in _pieces(paragraph):
                if held and estimate_tokens("\n\n".join(held + [piece])) > TARGET_TOKENS:
                    yield Passage("\n\n".join(held), ordinal, section.page, held_from, section_index)
                    ordinal += 1
                    held = []
                if not held:
                    held_from = paragraph_number
                held.append(piece)
        if held:
            yield Passage("\n\n".join(held), ordinal, section.page, held_from, section_index)
            ordinal += 1
