"""Subtitles (SRT, WebVTT, ASS/SSA): each cue's words translated, its number, times, position and styling kept.

SRT is read with ``srt`` and written cue by cue (number, times and position data as read). WebVTT and ASS are read
with their libraries (webvtt-py, pysubs2's timestamps) but written by changing only the text of the translated cues
in the file's own lines, since their writers would rewrite the rest: WebVTT's header, NOTE, STYLE and REGION blocks,
ASS's [Script Info], styles, fonts, comments, drawings and karaoke stay byte for byte. How a cue's words become
segments and lines is cue_markup.py's and subtitle_lines.py's."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from assistant.core.formats.cue_markup import AssOverrides, Group, HtmlTags, Piece, VttTags, cue_groups, has_words, \
    render
from assistant.core.formats.inline_tags import tag_count
from assistant.core.formats.subtitle_lines import line_limit
from assistant.core.formats.text_file import decode_text
from assistant.core.formats.translatable import FormatProblem, Segment, Skipped, TranslatableFile, check_size, \
    write_atomically
from assistant.core.i18n import translate

MAX_SUBTITLE_BYTES = 32 << 20  # hours of subtitles are a few hundred KB
_LINE_END = re.compile(r"(\r\n|\r|\n)")
_SHOWN_OVERLAPS = 12


@dataclass
class Cue:
    number: str  # as the user finds it: the SRT number, else its place among the cues
    start: int  # milliseconds
    end: int
    groups: list[Group] = field(default_factory=list)
    separators: list[Piece] = field(default_factory=list)
    where: object = None  # the format's own handle: an srt.Subtitle, a line range, an ASS line


def _damaged_line(line: int, text: str) -> FormatProblem:
    return FormatProblem(translate("Formats", "The subtitles are damaged at line {line}: {text}").format(
        line=line, text=text.strip()[:60]))


class _Subtitles(TranslatableFile):
    markup = HtmlTags()

    def __init__(self, path: Path):
        super().__init__(path)
        check_size(self.path, MAX_SUBTITLE_BYTES)
        raw = self.path.read_bytes()
        self.bom = raw.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"))
        text = decode_text(raw)
        if "\x00" in text:  # UTF-16 without its mark reads as UTF-8 full of NULs
            raise FormatProblem(translate("Formats", "The file is not UTF-8 text; save it as UTF-8 and open it again."))
        match = _LINE_END.search(text)
        self.eol = match.group() if match else "\n"
        self.cues: list[Cue] = []
        if text.strip():
            self._read(text)
        if not self.cues:
            raise FormatProblem(translate("Formats", "The file holds no subtitles."))
        self._find_segments()
        self._tell_overlaps()

    def _read(self, text: str) -> None:
        raise NotImplementedError

    def _cue(self, number: str, start: int, end: int, pieces: list[Piece], where: object) -> Cue:
        groups, separators = cue_groups(pieces)
        cue = Cue(number, start, end, groups, separators, where)
        self.cues.append(cue)
        return cue

    def _find_segments(self) -> None:
        where = translate("Formats", "Cue {number}")
        for cue in self.cues:
            for group in cue.groups:
                if has_words(group.plain):
                    group.segment = len(self.segments)
                    self.segments.append(Segment(group.text, where.format(number=cue.number),
                                                 tag_count(group.spans),
                                                 line_limit(group.plain)))

    def _tell_overlaps(self) -> None:
        """Cues shown at the same time are told (they may be meant: two speakers, a sign), never moved."""
        timed = [cue for cue in self.cues if any(group.segment is not None for group in cue.groups)]
        order = sorted(range(len(timed)), key=lambda index: (timed[index].start, timed[index].end))
        overlapping: set[int] = set()
        latest = None
        for index in order:
            if latest is not None and timed[index].start < timed[latest].end:
                overlapping.update((latest, index))
            if latest is None or timed[index].end > timed[latest].end:
                latest = index
        if overlapping:
            numbers = [timed[index].number for index in sorted(overlapping)]
            shown = ", ".join(numbers[:_SHOWN_OVERLAPS]) + (", …" if len(numbers) > _SHOWN_OVERLAPS else "")
            self.notes.append(translate("Formats", "Cues {cues} overlap in time; their times are kept as they were."
                                        ).format(cues=shown))

    def _translated(self, cue: Cue, translations: Sequence[str | None], language: str | None) -> str | None:
        """The cue's text with its translated groups (lines between "\\n"), or None when none is translated."""
        pieces: list[Piece] = []
        changed = False
        for index, group in enumerate(cue.groups):
            if index:
                pieces.append(cue.separators[index - 1])
            translation = None if group.segment is None else translations[group.segment]
            if translation is None:
                pieces.extend(group.source)
            else:
                pieces.extend(group.translated(translation, self.markup, language))
                changed = True
        if not changed:
            return None
        return render(pieces, self.markup.words)

    def write(self, path: Path, translations: Sequence[str | None], bilingual: bool = False,
              kind: str | None = None, language: str | None = None) -> None:
        if kind is not None and kind not in self.output_kinds:
            raise ValueError(f"{type(self).__name__} cannot be written as {kind}")
        if len(translations) != len(self.segments):
            raise ValueError(f"{len(translations)} translations for {len(self.segments)} segments")
        data = self._compose(translations, bilingual, language).encode("utf-8-sig" if self.bom else "utf-8")
        write_atomically(path, lambda temporary: temporary.write_bytes(data), self.path)

    def _compose(self, translations: Sequence[str | None], bilingual: bool, language: str | None) -> str:
        raise NotImplementedError


def _split_lines(text: str) -> tuple[list[str], list[str]]:
    """The lines and what ends each ("" for the last one), as the file has them."""
    parts = _LINE_END.split(text)
    return parts[0::2], parts[1::2] + [""]


class _LineFile(_Subtitles):
    """A format written back by replacing the lines of the translated cues' text, all the rest as it was."""

    def _compose(self, translations: Sequence[str | None], bilingual: bool, language: str | None) -> str:
        replaced: dict[int, tuple[int, str]] = {}
        for cue in self.cues:
            text = self._translated(cue, translations, language)
            if text is not None:
                first, last = cue.where[0], cue.where[1]
                replaced[first] = (last, self._cue_lines(cue, text, bilingual))
        out: list[str] = []
        index = 0
        while index < len(self.lines):
            if index in replaced:
                last, text = replaced[index]
                out.append(text + self.line_ends[last])
                index = last + 1
            else:
                out.append(self.lines[index] + self.line_ends[index])
                index += 1
        return "".join(out)

    def _cue_lines(self, cue: Cue, text: str, bilingual: bool) -> str:
        raise NotImplementedError


class SrtFile(_Subtitles):
    kind = "srt"
    output_kinds = ("srt",)

    def _read(self, text: str) -> None:
        import srt

        try:
            subtitles = list(srt.parse(text))
        except srt.SRTParseError as exc:
            unmatched = exc.unmatched_content
            at = exc.expected_start + len(unmatched) - len(unmatched.lstrip())
            first = text.count("\n", 0, at) + 1
            lines = unmatched.strip().split("\n")
            # The fault is most often the timing line: name it, not the cue's number line before it.
            timing = next((n for n, line in enumerate(lines) if "-->" in line or _TIMING_LIKE.search(line)), 0)
            raise _damaged_line(first + timing, lines[timing]) from None
        for place, subtitle in enumerate(subtitles, 1):
            number = str(place if subtitle.index is None else subtitle.index)
            # srt takes a cue whose timing line is broken as more lines of the cue before it: refused, not hidden.
            broken = next((line for line in subtitle.content.split("\n") if _TIMING_LIKE.search(line)), None)
            if broken is not None:
                raise FormatProblem(translate("Formats", "Cue {number} is damaged: {text}").format(
                    number=number, text=broken.strip()[:60]))
            self._cue(number, _milliseconds(subtitle.start), _milliseconds(subtitle.end),
                      self.markup.pieces(subtitle.content), subtitle)

    def _compose(self, translations: Sequence[str | None], bilingual: bool, language: str | None) -> str:
        import srt

        eol = self.eol
        blocks = []
        for cue in self.cues:
            subtitle = cue.where
            content = subtitle.content
            text = self._translated(cue, translations, language)
            if text is not None:
                content = f"{content}\n{text}" if bilingual else text
            lines = [line for line in content.split("\n") if line.strip()]
            timing = f"{srt.timedelta_to_srt_timestamp(subtitle.start)} --> " \
                     f"{srt.timedelta_to_srt_timestamp(subtitle.end)}"
            if subtitle.proprietary:
                timing += " " + subtitle.proprietary
            number = [] if subtitle.index is None else [str(subtitle.index)]
            blocks.append(eol.join([*number, timing, *lines]) + eol + eol)
        return "".join(blocks)


_TIMING_LIKE = re.compile(r"-->|\d+:\d+:\d+\S*\s*-+\s*>")


def _milliseconds(delta: timedelta) -> int:
    return delta // timedelta(milliseconds=1)


class VttFile(_LineFile):
    kind = "vtt"
    output_kinds = ("vtt",)
    markup = VttTags()

    def _read(self, text: str) -> None:
        from webvtt import vtt
        from webvtt.models import Caption

        self.lines, self.line_ends = _split_lines(text)
        if not self.lines[0].startswith("WEBVTT"):
            raise FormatProblem(translate("Formats", "This is not a WebVTT file: its first line is not WEBVTT."))
        seen_cue = False
        for block in _vtt_blocks(self.lines)[1:]:
            lines = [line for _index, line in block]
            item = vtt.parse_item(lines, False, seen_cue)
            has_arrow = any("-->" in line for line in lines)
            seen_cue = seen_cue or has_arrow
            if isinstance(item, Caption):
                timing = 0 if "-->" in lines[0] else 1
                payload = block[timing + 1:]
                if not payload:
                    continue
                self._cue(str(len(self.cues) + 1), item.start_time.in_milliseconds(),
                          item.end_time.in_milliseconds(), self.markup.pieces("\n".join(lines[timing + 1:])),
                          (payload[0][0], payload[-1][0]))
            elif item is None and has_arrow and not lines[0].startswith("NOTE"):
                at = next(index for index, line in block if "-->" in line)
                raise _damaged_line(at + 1, self.lines[at])

    def _cue_lines(self, cue: Cue, text: str, bilingual: bool) -> str:
        lines = [line for line in text.split("\n") if line.strip()]
        if bilingual:
            lines = self.lines[cue.where[0]:cue.where[1] + 1] + lines
        return self.eol.join(lines)


def _vtt_blocks(lines: list[str]) -> list[list[tuple[int, str]]]:
    """The file's blocks as webvtt-py reads them, with their line numbers: a block ends at an empty line, and a
    line with "-->" that cannot be the block's timing line starts another one."""
    blocks: list[list[tuple[int, str]]] = []
    block: list[tuple[int, str]] = []
    in_header = True
    for index, line in enumerate(lines):
        if not line or (block and "-->" in line and (in_header or len(block) > 1 or "-->" in block[0][1])):
            if block:
                blocks.append(block)
                block = []
                in_header = False
        if line:
            block.append((index, line))
    if block:
        blocks.append(block)
    return blocks


_ASS_FIELDS = ["layer", "start", "end", "style", "name", "marginl", "marginr", "marginv", "effect", "text"]
_SECTION = re.compile(r"\[[^\]]*[A-Za-z][^\]]*\]")
_DRAWING = re.compile(r"\{[^{}]*\\p[1-9][^{}]*\}")
_KARAOKE = re.compile(r"\{[^{}]*\\(?:k|K|kf|ko)\d[^{}]*\}")


class AssFile(_LineFile):
    """ASS and SSA: the Text of each Dialogue line translated; Comment lines, drawings ({\\p1}) and karaoke lines
    left as they are (a karaoke line's timing is per syllable: listed as skipped)."""

    kind = "ass"
    output_kinds = ("ass",)
    markup = AssOverrides()

    def _read(self, text: str) -> None:
        from pysubs2.time import TIMESTAMP, TIMESTAMP_SHORT, timestamp_to_ms

        def time(value: str, line: int) -> int:
            value = value.strip()
            sign = -1 if value.startswith("-") else 1
            match = TIMESTAMP.fullmatch(value.lstrip("-")) or TIMESTAMP_SHORT.fullmatch(value.lstrip("-"))
            if match is None:
                raise _damaged_line(line + 1, self.lines[line])
            return sign * timestamp_to_ms(match.groups())

        self.lines, self.line_ends = _split_lines(text)
        section = ""
        has_events = False
        fields = _ASS_FIELDS
        events = 0
        for index, line in enumerate(self.lines):
            stripped = line.strip()
            if _SECTION.fullmatch(stripped):
                section = stripped[1:-1].strip().lower()
                has_events = has_events or section == "events"
                continue
            if section != "events":
                continue
            if stripped.lower().startswith("format:"):
                fields = [name.strip().lower() for name in stripped.split(":", 1)[1].split(",")]
                if fields[-1] != "text" or "start" not in fields or "end" not in fields:
                    raise _damaged_line(index + 1, line)
                continue
            kind = stripped.split(":", 1)[0]
            if kind not in ("Dialogue", "Comment") or ":" not in stripped:
                continue
            events += 1
            colon = line.index(":")
            values = line[colon + 1:].split(",", len(fields) - 1)
            if len(values) < len(fields):
                raise _damaged_line(index + 1, line)
            start = time(values[fields.index("start")], index)
            end = time(values[fields.index("end")], index)
            words = values[-1]
            if kind == "Comment" or _DRAWING.search(words):
                continue
            text_start = colon + 1 + sum(len(value) + 1 for value in values[:-1])
            if _KARAOKE.search(words):
                if has_words(self.markup.read_words(re.sub(r"\{[^{}]*\}", "", words))):
                    self.skipped.append(Skipped(translate("Formats", "Cue {number}").format(number=events),
                                                translate("Formats", "Karaoke (timed syllable by syllable)")))
                continue
            self._cue(str(events), start, end, self.markup.pieces(words), (index, index, text_start))
        if not has_events:
            raise FormatProblem(translate("Formats", "The subtitle file has no [Events] section."))

    def _cue_lines(self, cue: Cue, text: str, bilingual: bool) -> str:
        line = self.lines[cue.where[0]]
        start = cue.where[2]
        return line[:start] + (f"{line[start:]}\\N{text}" if bilingual else text)
