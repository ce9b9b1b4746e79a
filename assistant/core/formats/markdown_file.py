"""Markdown: markdown-it finds the blocks (paragraphs, headings, table rows) and the lines they take in the source,
and only the text of those lines is replaced, so front matter, code (fenced and indented), HTML blocks, link
reference definitions and every line that is not text stay byte for byte. A block keeps its markers (a list item's,
a quotation's, a heading's) and indentation; inline code, pictures, autolinks and inline HTML are marks (``<t1/>``)
kept as written, and a link is a tag pair around its text (``<t2>the manual</t2>``), its address kept.

A bilingual file has each paragraph followed by its translation as another paragraph of the same list item or
quotation (so ordered lists keep their numbers), a heading by its translation as a heading of the same level, and
a table cell holds both, ``source<br>translation``."""

from __future__ import annotations

import codecs
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it import MarkdownIt

from assistant.core.formats.inline_tags import Span, encode, spans_of, tag_count
from assistant.core.formats.text_file import MAX_TEXT_BYTES, decode_text
from assistant.core.formats.translatable import Segment, Skipped, TranslatableFile, check_size, \
    translated_or_source, write_atomically
from assistant.core.i18n import translate

# The inline rules whose source is kept (a link: all but its text), and the token each leaves its place on.
_KEPT_RULES = {"backticks": "code_inline", "link": "link_open", "image": "image", "autolink": "link_open",
               "html_inline": "html_inline"}
# What would begin another block if a translated line began with it: escaped with a backslash.
_BLOCK_START = re.compile(r"#{1,6}(\s|$)|>|[-+*](\s|$)|\d{1,9}[.)](\s|$)|[=-]+\s*$|([*_])\s*(\2\s*){2,}$|```|~~~|<")
_MARKERS = re.compile(r"[\s>*+\-#\d.)]*")


def _recording(rule, kind: str):
    """``rule`` noting where in the paragraph's source the token it made came from (start, end, end of a link's
    text), which markdown-it does not keep for inline tokens."""
    def recorded(state, silent: bool) -> bool:
        start, count = state.pos, len(state.tokens)
        if not rule(state, silent):
            return False
        if not silent:
            token = next((token for token in state.tokens[count:] if token.type == kind), None)
            if token is not None:
                label = state.md.helpers.parseLinkLabel(state, start, True) if state.src[start] == "[" else -1
                token.meta["source"] = (start, state.pos, label)
        return True
    return recorded


def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    for rule in parser.inline.ruler.__rules__:
        if rule.name in _KEPT_RULES:
            parser.inline.ruler.at(rule.name, _recording(rule.fn, _KEPT_RULES[rule.name]))
    return parser


def _spans(content: str, children) -> tuple[list[Span], dict[int, object]]:
    """The inline source as spans, and each tag's source: a string kept as it is, or a link's (opener, closer)."""
    records = sorted(token.meta["source"] for token in children or () if "source" in token.meta)
    spans: list[Span] = []
    marks: dict[int, object] = {}
    position = 0
    for index, (start, end, label) in enumerate(records):
        if start < position:
            continue  # inside a link
        if start > position:
            spans.append((content[position:start], 0))
        tag = len(marks) + 1
        nested = index + 1 < len(records) and records[index + 1][0] < end
        if label > start + 1 and not nested and content[start + 1:label].strip():
            rest = content[label + 1:end]  # a shortcut reference's text is its label: the label is kept
            marks[tag] = ("[", f"][{content[start + 1:label]}]" if rest in ("", "[]") else content[label:end])
            spans.append((content[start + 1:label], tag))
        else:
            marks[tag] = content[start:end]
            spans.append(("", tag))
        position = end
    if position < len(content):
        spans.append((content[position:], 0))
    return spans, marks


def _guard(text: str, line_start: bool) -> str:
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if index or line_start:
            line = line.lstrip(" \t")
            if _BLOCK_START.match(line):
                at = len(re.match(r"\d*", line).group(0))
                line = line[:at] + "\\" + line[at:]
            lines[index] = line
    return "\n".join(lines)


@dataclass
class _Text:
    """A segment's source: its spans, the sources of its tags, and whether it is a table cell."""
    spans: list[Span]
    marks: dict[int, object]
    cell: bool = False
    index: int = -1  # its segment's

    def markdown(self, translation: str) -> str:
        out: list[str] = []
        for text, tag in spans_of(translation, self.spans)[0]:
            mark = self.marks.get(tag)
            if not tag:
                out.append(text.replace("\n", " ") if self.cell else _guard(text, not out or out[-1].endswith("\n")))
            else:
                out.append(mark[0] + text + mark[1] if isinstance(mark, tuple) else mark)
        text = "".join(out).strip()
        return text.replace("|", "\\|") if self.cell else re.sub(r"\n\s*\n", "\n", text)


@dataclass
class _Block:
    """A paragraph or heading: lines ``first`` to ``end``; the text between ``prefix`` (markers, indentation) and
    ``suffix`` (a closing #) of its lines, and ``kept`` lines after it (a setext heading's underline)."""
    first: int
    end: int
    text: _Text
    prefix: str
    suffix: str
    kept: list[str]
    heading: bool


@dataclass
class _Row:
    line: int
    cells: list[tuple[int, int, _Text]] = field(default_factory=list)  # (start, end) in the line


class MarkdownFile(TranslatableFile):
    kind = "md"
    output_kinds = ("md",)

    def __init__(self, path: Path):
        super().__init__(path)
        check_size(self.path, MAX_TEXT_BYTES)
        raw = self.path.read_bytes()
        text = decode_text(raw)
        self.codec = "utf-16" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else (
            "utf-8-sig" if raw.startswith(codecs.BOM_UTF8) else "utf-8")
        pieces = re.split(r"(\r\n|\r|\n)", text)
        self.lines, self.ends = pieces[0::2], pieces[1::2] + [""]
        self.newline = self.ends[0] or "\n"
        parsed = list(self.lines)
        if parsed[0].rstrip() == "---":
            close = next((i for i in range(1, len(parsed)) if parsed[i].rstrip() in ("---", "...")), None)
            if close is not None:
                parsed[:close + 1] = [""] * (close + 1)  # left to itself, and out of markdown-it's sight
                self.skipped.append(Skipped(self._where(0), translate("Formats", "The front matter, kept as it is")))
        self.blocks: list[_Block | _Row] = []
        self._read(_parser().parse("\n".join(parsed)))

    def _where(self, line: int) -> str:
        return translate("Formats", "Line {number}").format(number=line + 1)

    def _add(self, text: _Text, line: int) -> bool:
        if not any(char.isalpha() for piece, _tag in text.spans for char in piece):
            return False
        text.index = len(self.segments)
        self.segments.append(Segment(encode(text.spans), self._where(line), tag_count(text.spans)))
        return True

    def _read(self, tokens) -> None:
        row = None
        for index, token in enumerate(tokens):
            if token.type == "html_block" and re.sub(r"<[^>]*>", "", token.content).strip():
                self.skipped.append(Skipped(self._where(token.map[0]), translate("Formats", "An HTML block, kept as it is")))
            elif token.type == "tr_open":
                row = _Row(token.map[0])
                self.blocks.append(row)
            elif token.type == "inline" and row is not None and tokens[index - 1].type in ("th_open", "td_open"):
                self._cell(row, token)
            elif token.type == "inline" and tokens[index - 1].map:
                self._block(tokens[index - 1], token)

    def _cell(self, row: _Row, token) -> None:
        line = self.lines[row.line]
        start = max([end for _start, end, _text in row.cells] + [0])
        needle = token.content.replace("|", "\\|")  # markdown-it drops the backslash of an escaped pipe
        at = line.find(needle, start) if needle else -1
        text = _Text(*_spans(token.content, token.children), cell=True)
        if at >= 0 and self._add(text, row.line):
            row.cells.append((at, at + len(needle), text))

    def _block(self, opener, token) -> None:
        first, end = opener.map
        content = token.content.split("\n")
        count = len(content)
        head, last = self.lines[first], self.lines[first + count - 1]
        at = head.rfind(content[0]) if count == 1 else len(head) - len(content[0])
        tail = last.rfind(content[-1]) + len(content[-1])
        prefix, suffix = head[:max(at, 0)], last[tail:]
        text = _Text(*_spans(token.content, token.children))
        if at < 0 or tail < len(content[-1]) or not head.endswith(content[0]) and count > 1 or \
                not _MARKERS.fullmatch(prefix) or suffix.strip(" \t#"):
            if any(char.isalpha() for char in token.content):
                self.skipped.append(Skipped(self._where(first), translate(
                    "Formats", "Text whose place in its lines is unclear, kept as it is")))
            return
        if self._add(text, first):
            self.blocks.append(_Block(first, end, text, prefix, suffix, self.lines[first + count:end],
                                      opener.type == "heading_open"))

    def _render(self, block: _Block | _Row, texts: Sequence[str | None], bilingual: bool) -> list[str] | None:
        if isinstance(block, _Row):
            line = self.lines[block.line]
            for start, end, text in reversed(block.cells):
                translation = texts[text.index]
                if translation is not None:
                    new = text.markdown(translation)
                    line = line[:start] + (f"{line[start:end]}<br>{new}" if bilingual else new) + line[end:]
            return [line]
        translation = texts[block.text.index]
        if translation is None:
            return None
        body = block.text.markdown(translation).split("\n")
        inner = re.sub(r"[^>\s]", " ", block.prefix)
        first = re.sub(r"[^>#\s]", " ", block.prefix) if bilingual and block.heading else (
            inner if bilingual else block.prefix)
        new = [first + body[0]] + [inner + line for line in body[1:]]
        new[-1] += block.suffix if block.heading else ""
        new += block.kept
        return self.lines[block.first:block.end] + [inner.rstrip()] + new if bilingual else new

    def write(self, path: Path, translations: Sequence[str | None], bilingual: bool = False,
              kind: str | None = None, language: str | None = None) -> None:
        translated_or_source(self.segments, translations)  # the count checked before anything is written
        starts = {block.first if isinstance(block, _Block) else block.line: block for block in self.blocks}
        out, line = [], 0
        while line < len(self.lines):
            block = starts.get(line)
            new = None if block is None else self._render(block, translations, bilingual)
            end = line + 1 if block is None or isinstance(block, _Row) else block.end
            if new is None:
                out.extend(self.lines[index] + self.ends[index] for index in range(line, end))
            else:
                out.append((self.ends[line] or self.newline).join(new) + self.ends[end - 1])
            line = end
        data = "".join(out).encode(self.codec)
        write_atomically(path, lambda temporary: temporary.write_bytes(data), self.path)
