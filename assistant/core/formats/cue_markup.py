"""A subtitle cue's text as the segments a model translates, and back. Its styling becomes numbered inline tags
(inline_tags.py): SRT and WebVTT tags (``<i>``, ``<b>``, ``<u>``, ``<font ...>``, ``<c.class>``, ``<v Speaker>``) and
ASS override blocks (``{\\i1}``) a pair around the words they style, ending where the file closes them (``</i>``,
``{\\i0}``); a tag that styles no words (``{\\an8}``, a karaoke time, a comment in braces) an empty tag kept at its
place. A cue's lines are joined into one sentence, so the model sees it whole; a dialogue cue, whose lines start
with "- ", is one segment per speaker, each written back on its own line(s) after its dash.

Written back, each piece of words is put inside the tags that were open around it in the file, opening and closing
only what changes from one piece to the next: a translation that keeps the tags where they were gives back the
file's own markup, and one that moves them still gives well-nested markup."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from assistant.core.formats.inline_tags import Span, encode, spans_of
from assistant.core.formats.subtitle_lines import line_limit, tidy, wrap


@dataclass(eq=False)  # told apart by identity: two <i> in a cue are two styles
class Style:
    """An opening tag and the tag that closes it in the file ("" when the file never closes it)."""

    open: str
    name: str = ""
    close: str = ""
    used: bool = False


Stack = tuple[Style, ...]


@dataclass
class Piece:
    """Words (with "\\n" between a cue's lines) inside the styles open around them, or a tag styling no words."""

    text: str
    stack: Stack = ()
    mark: str | None = None


class _Builder:
    def __init__(self) -> None:
        self.pieces: list[Piece] = []
        self.stack: list[Style] = []

    def text(self, text: str) -> None:
        if not text:
            return
        for style in self.stack:
            style.used = True
        stack = tuple(self.stack)
        last = self.pieces[-1] if self.pieces else None
        if last is not None and last.mark is None and last.stack == stack:
            last.text += text
        else:
            self.pieces.append(Piece(text, stack))

    def mark(self, raw: str) -> None:
        for style in self.stack:
            style.used = True
        self.pieces.append(Piece("", tuple(self.stack), raw))

    def open(self, raw: str, name: str = "") -> None:
        self.stack.append(Style(raw, name))

    def close(self, raw: str, name: str | None = None) -> None:
        """The innermost style closed (``name``: only if it is that tag); a closing tag with nothing to close
        is kept as a mark."""
        if not self.stack or (name is not None and self.stack[-1].name != name):
            self.mark(raw)
            return
        style = self.stack.pop()
        style.close = raw
        if not style.used:  # a pair around no words: kept as it is, where it is
            self.mark(style.open + raw)

    def finish(self) -> list[Piece]:
        while self.stack:
            style = self.stack.pop()
            if not style.used:
                self.mark(style.open)
        return self.pieces


def render(pieces: list[Piece], words) -> str:
    """The cue's text: each piece inside its styles, ``words`` turning its words into the file's text."""
    out: list[str] = []
    current: Stack = ()
    for piece in pieces:
        common = 0
        while common < min(len(current), len(piece.stack)) and current[common] is piece.stack[common]:
            common += 1
        out.extend(style.close for style in reversed(current[common:]))
        out.extend(style.open for style in piece.stack[common:])
        current = piece.stack
        out.append(piece.mark if piece.mark is not None else words(piece.text))
    out.extend(style.close for style in reversed(current))
    return "".join(out)


class HtmlTags:
    """SRT's tags (and the ASS positions some SRT files carry, ``{\\an8}``), words as they are."""

    _TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)(?:[.\s][^<>]*)?/?>|<\d[\d:.]*>|\{\\[^{}\n]*\}")
    _VOID = {"br"}

    def pieces(self, text: str) -> list[Piece]:
        builder = _Builder()
        position = 0
        for match in self._TAG.finditer(text):
            builder.text(self.read_words(text[position:match.start()]))
            position = match.end()
            raw, name = match.group(0), (match.group(2) or "").lower()
            if not name or raw.endswith("/>") or name in self._VOID:
                builder.mark(raw)
            elif match.group(1):
                builder.close(raw, name)
            else:
                builder.open(raw, name)
        builder.text(self.read_words(text[position:]))
        return builder.finish()

    def read_words(self, text: str) -> str:
        return text

    def words(self, text: str) -> str:
        return text

    def clean(self, text: str) -> str:
        """A translation's words made safe to write (nothing to do in SRT)."""
        return text


class VttTags(HtmlTags):
    """WebVTT: SRT's tags and its own (classes, voices, languages, ruby, karaoke times); words escaped."""

    def read_words(self, text: str) -> str:
        return html.unescape(text)

    def words(self, text: str) -> str:
        # Escaping also keeps "-->" out of a cue's text, where it would start another cue.
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_STYLING = {"i", "b", "u", "s", "c", "1c", "2c", "3c", "4c", "alpha", "1a", "2a", "3a", "4a", "fn", "fs", "fscx",
            "fscy", "fsp", "bord", "xbord", "ybord", "shad", "xshad", "yshad", "be", "blur", "fe", "frx", "fry",
            "frz", "fr", "fax", "fay"}
_OTHER = {"r", "an", "a", "pos", "move", "org", "clip", "iclip", "fad", "fade", "k", "K", "kf", "ko", "q", "p", "t"}
_NAMES = sorted(_STYLING | _OTHER, key=len, reverse=True)
_RESETS = {"i", "b", "u", "s"}


def _override(text: str) -> tuple[str, str]:
    for name in _NAMES:
        if text.startswith(name):
            return name, text[len(name):]
    return "", text


def block_kind(block: str) -> str:
    """An ASS override block's part: "open" styles the words after it ({\\i1}, {\\c&H00FFFF&}), "close" ends that
    ({\\i0}, {\\r}, {\\c}), "mark" anything else (a position, a move, a karaoke time, an animation, a comment)."""
    inner = block[1:-1]
    if "\\" not in inner or "(" in inner:
        return "mark"
    overrides = [_override(part.strip()) for part in inner.split("\\")[1:] if part.strip()]
    if not overrides:
        return "mark"
    if all(name == "r" or (name in _RESETS and value in ("0", "")) or (name in _STYLING and not value)
           for name, value in overrides):
        return "close"
    if all(name in _STYLING and value and not (name in _RESETS and value == "0") for name, value in overrides):
        return "open"
    return "mark"


class AssOverrides:
    """ASS/SSA event text: override blocks, ``\\N`` (and the soft ``\\n``) between lines, ``\\h`` a fixed space."""

    _BLOCK = re.compile(r"\{[^{}]*\}")

    def pieces(self, text: str) -> list[Piece]:
        builder = _Builder()
        position = 0
        for match in self._BLOCK.finditer(text):
            builder.text(self.read_words(text[position:match.start()]))
            position = match.end()
            kind = block_kind(match.group(0))
            if kind == "open":
                builder.open(match.group(0))
            elif kind == "close":
                builder.close(match.group(0))
            else:
                builder.mark(match.group(0))
        builder.text(self.read_words(text[position:]))
        return builder.finish()

    def read_words(self, text: str) -> str:
        return text.replace("\\N", "\n").replace("\\n", "\n").replace("\\h", "\u00a0")

    def words(self, text: str) -> str:
        return text.replace("\u00a0", "\\h").replace("\n", "\\N")

    def clean(self, text: str) -> str:
        # A brace in the words would open an override block and hide what follows.
        return text.replace("{", "(").replace("}", ")")


_DASH = re.compile(r"\s*(-(?![-\d])\s*)")
_DASH_TAG = -1  # the dash's place among a translation's spans while its lines are broken


@dataclass
class Group:
    """A cue's sentence, or one speaker's line of a dialogue cue: what one segment is made of."""

    source: list[Piece]  # as in the file, dash and line breaks included
    dash: str = ""  # "- " when a speaker's line: kept out of the segment, written before the translation
    dash_stack: Stack = ()  # the styles the dash was in
    common: Stack = ()  # the styles around all its words, outside the segment's tags
    spans: list[Span] = field(default_factory=list)  # the joined sentence, its tags numbered for the model
    tags: dict[int, Piece] = field(default_factory=dict)  # each tag: the styles (or the mark) it stands for
    segment: int | None = None  # its segment's index, None when it has no words to translate

    @property
    def text(self) -> str:
        return encode(self.spans)

    @property
    def plain(self) -> str:
        return "".join(text for text, _tag in self.spans)

    def translated(self, translation: str, markup, language: str | None) -> list[Piece]:
        """The translation as pieces in the source's styles, broken into lines that fit."""
        spans, _tags_ok = spans_of(translation, self.spans)
        spans = tidy([(markup.clean(text), tag) for text, tag in spans])
        if not any(text.strip() for text, _tag in spans):
            return list(self.source)  # an empty translation would leave an empty cue, which breaks the file
        plain = "".join(text for text, _tag in spans)
        limit = line_limit(plain, language)
        if self.dash:  # before the first words, in the styles it had (outside <i> in "- <i>Home.</i>")
            first = next(index for index, (text, _tag) in enumerate(spans) if text)
            spans.insert(first, (self.dash, _DASH_TAG))
        spans = wrap(spans, limit, keep=len(self.dash))
        pieces = []
        for text, tag in spans:
            if tag == _DASH_TAG:
                pieces.append(Piece(text, self.dash_stack))
            elif tag == 0:
                pieces.append(Piece(text, self.common))
            else:
                model = self.tags[tag]
                pieces.append(Piece("" if model.mark is not None else text, model.stack, model.mark))
        return pieces


def _lines(pieces: list[Piece]) -> tuple[list[list[Piece]], list[Piece]]:
    """The cue's lines, and the line breaks between them (each inside the styles open across it)."""
    lines: list[list[Piece]] = [[]]
    breaks: list[Piece] = []
    for piece in pieces:
        if piece.mark is not None:
            lines[-1].append(piece)
            continue
        for index, part in enumerate(piece.text.split("\n")):
            if index:
                breaks.append(Piece("\n", piece.stack))
                lines.append([])
            if part:
                lines[-1].append(Piece(part, piece.stack))
    return lines, breaks


def _line_text(line: list[Piece]) -> str:
    return "".join(piece.text for piece in line if piece.mark is None)


def _group(source: list[Piece], dialogue: bool) -> Group:
    pieces = [Piece(piece.text, piece.stack, piece.mark) for piece in source]
    dash = ""
    dash_stack: Stack = ()
    if dialogue:
        for index, piece in enumerate(pieces):
            if piece.mark is None and piece.text.strip():
                match = _DASH.match(piece.text)
                dash, dash_stack = match.group(1), piece.stack
                piece.text = piece.text[match.end():]
                if not piece.text:
                    del pieces[index]
                break
    merged: list[Piece] = []
    for piece in pieces:
        if merged and piece.mark is None and merged[-1].mark is None and merged[-1].stack == piece.stack:
            merged[-1] = Piece(merged[-1].text + piece.text, piece.stack)
        else:
            merged.append(piece)
    # Styles around all of it (<i> on the whole line, a cue's <v Speaker>) stay out of the segment: the model
    # sees tags only where the styling changes within the sentence.
    common = merged[0].stack if merged else ()
    for piece in merged[1:]:
        length = 0
        while length < min(len(common), len(piece.stack)) and common[length] is piece.stack[length]:
            length += 1
        common = common[:length]
    spans: list[Span] = []
    tags: dict[int, Piece] = {}
    for piece in merged:
        if piece.mark is None and len(piece.stack) == len(common):
            spans.append((piece.text, 0))
        else:
            tag = len(tags) + 1
            tags[tag] = piece
            spans.append(("" if piece.mark is not None else piece.text, tag))
    return Group(source, dash, dash_stack, common, tidy(spans), tags)


def cue_groups(pieces: list[Piece]) -> tuple[list[Group], list[Piece]]:
    """A cue's groups (one, or one per speaker of a dialogue), and the line breaks between them."""
    lines, breaks = _lines(pieces)
    starts = [0] + [index for index in range(1, len(lines)) if _DASH.match(_line_text(lines[index]))]
    groups: list[Group] = []
    separators: list[Piece] = []
    for start, end in zip(starts, starts[1:] + [len(lines)]):
        if start:
            separators.append(breaks[start - 1])
        source: list[Piece] = []
        for index in range(start, end):
            if index > start:
                source.append(breaks[index - 1])
            source.extend(lines[index])
        groups.append(_group(source, bool(_DASH.match(_line_text(lines[start])))))
    return groups, separators


def has_words(text: str) -> bool:
    return any(char.isalpha() for char in text)
