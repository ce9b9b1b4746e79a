"""Inline formatting carried through a translation as numbered tags: a paragraph whose runs differ (a bold word, a
link, an italic title) is sent as ``Read <t1>the manual</t1> first.``, and the model is asked to keep each tag pair
around the words that mean the same in its translation. A run that is not text (a footnote mark, a tab, an image)
is an empty tag, ``<t2/>``, kept at its place.

A spans list is the segment as the format has it: (text, tag) in order, tag 0 for the paragraph's plain text.
``decode`` reads a translation back into spans, in the translation's order (a language may put the bold words
elsewhere in the sentence); when the model broke the tags, ``spread`` lays the translated text over the source's
spans in their order instead, so the formatting is all still there, if not on exactly the right words, and the
checks say so."""

from __future__ import annotations

import re
from collections.abc import Sequence

Span = tuple[str, int]  # (text, tag); tag 0 is plain text, an empty text with a tag is a mark such as a footnote's

_TAG = re.compile(r"<(/?)t(\d+)(/?)>")


def encode(spans: Sequence[Span]) -> str:
    out = []
    for text, tag in spans:
        if tag == 0:
            out.append(text)
        elif text:
            out.append(f"<t{tag}>{text}</t{tag}>")
        else:
            out.append(f"<t{tag}/>")
    return "".join(out)


def tag_count(spans: Sequence[Span]) -> int:
    return len({tag for _text, tag in spans if tag})


def strip_tags(text: str) -> str:
    return _TAG.sub("", text)


def decode(translation: str, spans: Sequence[Span]) -> list[Span] | None:
    """The translation as spans, or None when its tags are not exactly the source's (one missing, doubled, nested,
    unclosed, or an empty mark turned into a pair)."""
    wanted = {tag: bool(text) for text, tag in spans if tag}
    found: list[Span] = []
    seen: set[int] = set()
    open_tag = None
    position = 0
    for match in _TAG.finditer(translation):
        closing, number, empty = match.group(1) == "/", int(match.group(2)), match.group(3) == "/"
        text = translation[position:match.start()]
        position = match.end()
        if number not in wanted or (empty and wanted[number]) or (not empty and not wanted[number]):
            return None
        if empty:
            if open_tag is not None or number in seen:
                return None
            _add(found, text, 0)
            found.append(("", number))
            seen.add(number)
        elif not closing:
            if open_tag is not None or number in seen:
                return None
            _add(found, text, 0)
            open_tag = number
        else:
            if open_tag != number:
                return None
            found.append((text, number))
            seen.add(number)
            open_tag = None
    if open_tag is not None or seen != set(wanted):
        return None
    _add(found, translation[position:], 0)
    return found


def _add(spans: list[Span], text: str, tag: int) -> None:
    if text:
        spans.append((text, tag))


def spread(translation: str, spans: Sequence[Span]) -> list[Span]:
    """The translation (its tags dropped) laid over the source's spans in their order, each span getting a share
    in proportion to its length, cut where a word ends (anywhere in Chinese or Japanese text)."""
    text = strip_tags(translation)
    weights = [len(span_text) for span_text, _tag in spans]
    total = sum(weights) or 1
    out: list[Span] = []
    start = 0
    carried = 0
    for index, (span_text, tag) in enumerate(spans):
        if not span_text and tag:
            out.append(("", tag))
            continue
        carried += weights[index]
        if index == len(spans) - 1 or all(not t for t, _ in spans[index + 1:]):
            end = len(text)
        else:
            end = _cut(text, max(start, round(len(text) * carried / total)))
        out.append((text[start:end], tag))
        start = end
    return out


def _cut(text: str, near: int) -> int:
    """A place at or after ``near`` where a word ends: the next space, or ``near`` itself in text without spaces."""
    if near >= len(text):
        return len(text)
    if text[near - 1:near].isspace() or not text[near - 1:near + 1].isascii():
        return near
    space = text.find(" ", near)
    return len(text) if space < 0 else space + 1


def spans_of(translation: str, spans: Sequence[Span]) -> tuple[list[Span], bool]:
    """The translation as spans, and whether its tags came back as they should (False: ``spread`` placed them)."""
    if not any(tag for _text, tag in spans):
        return [(strip_tags(translation), 0)], True
    decoded = decode(translation, spans)
    if decoded is not None:
        return decoded, True
    return spread(translation, spans), False


def spans_in(text: str) -> list[Span]:
    """The spans of a segment's own text (well formed, as ``encode`` wrote it)."""
    spans: list[Span] = []
    position, open_tag = 0, None
    for match in _TAG.finditer(text):
        closing, number, empty = match.group(1) == "/", int(match.group(2)), match.group(3) == "/"
        between = text[position:match.start()]
        position = match.end()
        if empty:
            _add(spans, between, 0)
            spans.append(("", number))
        elif not closing:
            _add(spans, between, 0)
            open_tag = number
        else:
            spans.append((between, open_tag or number))
            open_tag = None
    _add(spans, text[position:], 0)
    return spans


def tags_intact(source: str, translation: str) -> bool:
    """The translation has exactly the source's tags, each pair whole and in one piece."""
    spans = spans_in(source)
    return not any(tag for _text, tag in spans) or decode(translation, spans) is not None
