"""How a subtitle's words are laid into lines: the lines of a cue joined into one sentence for the model (with a
space, or nothing between Chinese or Japanese characters), and a translation broken again into lines a viewer reads
comfortably. The limits are the common broadcasters' ones: 42 characters a line for Latin scripts, 16 for Chinese,
Japanese and Korean; a longer translation is broken into two balanced lines (more only when two cannot hold it), at
spaces, or between Chinese or Japanese characters, never before a closing mark such as 。 or after an opening one.

Text here is a list of spans, (words, tag) as in inline_tags.py: breaks go into the words, never into a tag."""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Sequence

from assistant.core.formats.inline_tags import Span

LATIN_LINE = 42
CJK_LINE = 16
_CJK_LANGUAGES = ("zh", "ja", "ko")

_SPACES = re.compile(r"[ \t\r\n\f\v]+")
# Japanese and Chinese line-breaking rules (kinsoku), the marks that most need them.
_NO_START = set("、。，．・：；？！ー）」』】〕〉》’”〜…‥,.!?:;)]}%"
                "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ")
_NO_END = set("（「『【〔〈《‘“([{")


_WIDE_RANGES = "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\u31f0-\u31ff\U00020000-\U0003ffff"
_WIDE = re.compile(f"[{_WIDE_RANGES}]")
_WIDE_LETTERS = re.compile(f"[{_WIDE_RANGES}\uac00-\ud7af\u1100-\u11ff]")  # and Korean's Hangul


def is_wide(char: str) -> bool:
    """A Chinese or Japanese character or mark: text in which a line may end between any two of them."""
    return _WIDE.match(char) is not None


def line_limit(text: str, language: str | None = None) -> int:
    """The longest line for ``text``: its script decides (16 characters where Chinese, Japanese or Korean letters
    make up a third of its letters or more, else 42); the language only where the text has no letters."""
    letters = sum(map(str.isalpha, text))
    if letters:
        wide = sum(1 for char in _WIDE_LETTERS.findall(text) if char.isalpha())
        return CJK_LINE if wide * 3 >= letters else LATIN_LINE
    base = (language or "").split("-")[0].lower()
    return CJK_LINE if base in _CJK_LANGUAGES else LATIN_LINE


def _plain(spans: Sequence[Span]) -> str:
    return "".join(text for text, _tag in spans)


def _edit(spans: Sequence[Span], replace: dict[int, str], after: dict[int, str],
          between: set[int] = frozenset()) -> list[Span]:
    """``spans`` with the character at each position in ``replace`` replaced, each text in ``after`` put after the
    character at its position, in whichever span holds it (positions count the spans' words together), and a line
    break of its own after each span whose index is in ``between``."""
    edited = sorted({*replace, *after})
    out: list[Span] = []
    position = 0
    for index, (text, tag) in enumerate(spans):
        first = bisect.bisect_left(edited, position)
        if text and first < len(edited) and edited[first] < position + len(text):
            chars = []
            for offset, char in enumerate(text):
                chars.append(replace.get(position + offset, char))
                chars.append(after.get(position + offset, ""))
            text = "".join(chars)
        position += len(spans[index][0])
        out.append((text, tag))
        if index in between:
            out.append(("\n", 0))
    return [(text, tag) for text, tag in out if text or tag]


def tidy(spans: Sequence[Span]) -> list[Span]:
    """Each run of spaces and line breaks made one space (or nothing, for a line break between Chinese or Japanese
    characters), none at either end: a cue's lines as one sentence, or a translation cleared of the model's breaks."""
    plain = _plain(spans)
    replace: dict[int, str] = {}
    for match in _SPACES.finditer(plain):
        start, end = match.span()
        if start == 0 or end == len(plain) or (
                ("\n" in match.group() or "\r" in match.group()) and is_wide(plain[start - 1]) and is_wide(plain[end])):
            first = ""
        else:
            first = " "
        if match.group() != first:
            replace[start] = first
            for position in range(start + 1, end):
                replace[position] = ""
    return _edit(spans, replace, {})


def _candidates(plain: str, keep: int) -> list[tuple[int, int]]:
    """Where a line may end: (position, 1) at a space, which the break replaces; (position, 0) between two
    characters of which one is Chinese or Japanese. Not within the first ``keep`` characters (a speaker's dash)."""
    out = []
    for index in range(keep + 1, len(plain)):
        char, before = plain[index], plain[index - 1]
        if char == " ":
            if before != " " and plain[index + 1:index + 2] not in _NO_START:
                out.append((index, 1))
        elif before != " " and (is_wide(before) or is_wide(char)) and char not in _NO_START \
                and before not in _NO_END:
            out.append((index, 0))
    return out


def _greedy(plain: str, candidates: Sequence[tuple[int, int]], width: int) -> list[tuple[int, int]]:
    """Each line filled up to ``width`` (a word longer than that overflows its line: there is no other place)."""
    breaks: list[tuple[int, int]] = []
    start = 0
    while len(plain) - start > width:
        usable = [candidate for candidate in candidates if candidate[0] > start]
        if not usable:
            break
        fitting = [candidate for candidate in usable if candidate[0] - start <= width]
        chosen = fitting[-1] if fitting else usable[0]
        breaks.append(chosen)
        start = chosen[0] + chosen[1]
    return breaks


def line_breaks(plain: str, limit: int, keep: int = 0) -> list[tuple[int, int]]:
    """Where ``plain`` is broken so that no line is over ``limit``: nowhere when it fits, one balanced break when
    two lines hold it (the top line the shorter on a tie, as broadcasters prefer), else as few lines as can, of
    widths as even as can be."""
    if len(plain) <= limit:
        return []
    candidates = _candidates(plain, keep)
    if not candidates:
        return []
    lines = len(_greedy(plain, candidates, limit)) + 1
    if lines == 2:
        return [min(candidates, key=lambda c: (max(c[0], len(plain) - c[0] - c[1]), c[0]))]
    for width in range(math.ceil(len(plain) / lines), limit + 1):
        breaks = _greedy(plain, candidates, width)
        if len(breaks) + 1 <= lines:
            return breaks
    return _greedy(plain, candidates, limit)


def wrap(spans: Sequence[Span], limit: int, keep: int = 0) -> list[Span]:
    """``spans`` (tidied) with line breaks ("\\n") where their words are best broken to fit ``limit``. A break where
    one span's words end and the next one's begin is a span of its own, outside both, so that a line does not end
    inside a pair of tags (``<i>words\\n</i>``) or start with a closing one."""
    breaks = line_breaks(_plain(spans), limit, keep)
    if not breaks:
        return list(spans)
    ends: dict[int, int] = {}  # where a span's words end -> that span
    position = 0
    for index, (text, _tag) in enumerate(spans):
        position += len(text)
        if text:
            ends[position] = index
    replace: dict[int, str] = {}
    after: dict[int, str] = {}
    between: set[int] = set()
    for position, removed in breaks:
        if removed and position + 1 in ends:  # a space ending a span
            replace[position] = ""
            between.add(ends[position + 1])
        elif position in ends:  # a space starting a span, or two characters in two spans
            if removed:
                replace[position] = ""
            between.add(ends[position])
        elif removed:
            replace[position] = "\n"
        else:
            after[position - 1] = "\n"
    return _edit(spans, replace, after, between)
