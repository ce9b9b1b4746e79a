"""Subtitles translated in their own format (core/formats/subtitle_file.py): SRT, WebVTT and ASS made here with
their libraries, translated by the stand-ins of tests/translators.py, and read back with the same libraries: every
cue keeps its number, times, position and styling tags in order, only its words change, and what is not a cue's
words (WebVTT's NOTE and STYLE blocks, ASS's script info, styles, comments and drawings) stays byte for byte."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pysubs2
import pytest
import srt
import webvtt
from translators import into_chinese, shout, tagless

from assistant.core.formats.opening import open_file
from assistant.core.formats.subtitle_file import AssFile, SrtFile, VttFile
from assistant.core.formats.subtitle_lines import CJK_LINE, LATIN_LINE, line_breaks, line_limit, wrap
from assistant.core.formats.translatable import FormatProblem

HTML_TAGS = re.compile(r"</?[A-Za-z][^<>]*>|\{\\[^{}]*\}")
ASS_BLOCKS = re.compile(r"\{[^{}]*\}")
LONG = "This sentence is a good deal longer than any subtitle line should ever be on the screen."


def seconds(value: float) -> timedelta:
    return timedelta(seconds=value)


def make_srt(tmp_path, name="film.srt"):
    subtitles = [
        srt.Subtitle(3, seconds(1), seconds(3.5), "<i>Hello there,</i> my friend.\nHow are <b>you</b> today?"),
        srt.Subtitle(7, seconds(4), seconds(6), "- Where are you going?\n- <i>Home.</i>", "X1:100 X2:600 Y1:10 Y2:50"),
        srt.Subtitle(8, seconds(6.5), seconds(8), "{\\an8}♪ ♪"),
        srt.Subtitle(12, seconds(9), seconds(12), f'<font color="#ffff00">{LONG}</font>'),
        srt.Subtitle(13, seconds(12.5), seconds(14), "Two short lines\nof text."),
    ]
    path = tmp_path / name
    path.write_text(srt.compose(subtitles, reindex=False), encoding="utf-8")
    return path, subtitles


def translated(source, translate):
    return [translate(segment.text) for segment in source.segments]


def test_srt_cues_keep_numbers_times_and_tags_and_only_the_words_change(tmp_path):
    path, subtitles = make_srt(tmp_path)
    source = open_file(path)
    assert isinstance(source, SrtFile) and source.kind == "srt" and source.output_kinds == ("srt",)
    # Cue 3 is one sentence over two lines; cue 7 a dialogue, one segment per speaker; cue 8 has no words.
    assert [segment.where for segment in source.segments] == ["Cue 3", "Cue 7", "Cue 7", "Cue 12", "Cue 13"]
    assert source.segments[0].text == "<t1>Hello there,</t1> my friend. How are <t2>you</t2> today?"
    assert source.segments[0].tags == 2 and source.segments[0].max_line == LATIN_LINE
    assert source.segments[3].text == LONG  # a style around all of a cue's words is no tag for the model
    out = tmp_path / "out.srt"
    source.write(out, translated(source, shout))
    written = list(srt.parse(out.read_text(encoding="utf-8")))
    assert [(s.index, s.start, s.end, s.proprietary) for s in written] == \
           [(s.index, s.start, s.end, s.proprietary) for s in subtitles]
    for before, after in zip(subtitles, written):
        assert HTML_TAGS.findall(after.content) == HTML_TAGS.findall(before.content)
        assert HTML_TAGS.sub("", after.content).split() == HTML_TAGS.sub("", before.content).upper().split()
    assert written[1].content == "- WHERE ARE YOU GOING?\n- <i>HOME.</i>"  # each speaker on a line, dash kept
    assert written[2].content == "{\\an8}♪ ♪"
    again = open_file(out)
    assert [segment.text for segment in again.segments] == translated(source, shout)


def test_untranslated_cues_stay_as_they_were(tmp_path):
    path, subtitles = make_srt(tmp_path)
    source = open_file(path)
    out = tmp_path / "out.srt"
    source.write(out, [None] * len(source.segments))
    assert [(s.index, s.start, s.end, s.content) for s in srt.parse(out.read_text(encoding="utf-8"))] == \
           [(s.index, s.start, s.end, s.content) for s in subtitles]
    translations = translated(source, shout)
    translations[1] = None  # one speaker of the dialogue left as it was
    source.write(out, translations)
    assert list(srt.parse(out.read_text(encoding="utf-8")))[1].content == "- Where are you going?\n- <i>HOME.</i>"


def test_bilingual_cues_have_the_source_lines_then_the_translation(tmp_path):
    path, subtitles = make_srt(tmp_path)
    source = open_file(path)
    out = tmp_path / "both.srt"
    source.write(out, translated(source, into_chinese), bilingual=True, language="zh-Hans")
    written = list(srt.parse(out.read_text(encoding="utf-8")))
    assert [(s.index, s.start, s.end) for s in written] == [(s.index, s.start, s.end) for s in subtitles]
    for before, after in zip(subtitles, written):
        lines = after.content.split("\n")
        own = before.content.split("\n")
        assert lines[:len(own)] == own
        if before.index != 8:  # the cue without words is not doubled
            assert all("译文" in line for line in lines[len(own):]) and len(lines) > len(own)
            assert all(len(HTML_TAGS.sub("", line)) <= CJK_LINE for line in lines[len(own):])
        else:
            assert lines == own
    assert written[1].content.split("\n")[2:] == ["- 译文 译文 译文 译文?", "- <i>译文.</i>"]


@pytest.mark.parametrize("translate, language, limit", [(shout, "en", LATIN_LINE), (into_chinese, "zh-Hans", CJK_LINE)])
def test_long_lines_are_wrapped_to_the_limit_of_the_script(tmp_path, translate, language, limit):
    path, subtitles = make_srt(tmp_path)
    source = open_file(path)
    out = tmp_path / "out.srt"
    source.write(out, translated(source, translate), language=language)
    written = list(srt.parse(out.read_text(encoding="utf-8")))
    for after in written:
        assert all(len(HTML_TAGS.sub("", line)) <= limit for line in after.content.split("\n")), after.content
    long = written[3].content.split("\n")
    assert long[0].startswith('<font color="#ffff00">') and long[-1].endswith("</font>")
    words = [len(HTML_TAGS.sub("", line)) for line in long]
    assert len(long) == -(-sum(words) // limit) or len(long) == 2  # no more lines than the words need
    assert max(words) - min(words) <= limit // 2  # balanced, not a full line and a scrap
    assert "\n" not in written[4].content  # two short lines joined when they fit on one


def test_chinese_wraps_between_characters_never_before_a_closing_mark():
    text = "我们明天早上八点在火车站门口见面，然后一起去博物馆参观新的展览。"
    lines = wrap([(text, 0)], CJK_LINE)[0][0].split("\n")
    assert "".join(lines) == text and len(lines) == 3
    assert all(len(line) <= CJK_LINE for line in lines) and not any(line[0] in "，。" for line in lines)
    assert line_limit(text) == CJK_LINE and line_limit(LONG) == LATIN_LINE
    assert line_limit("…", "ja") == CJK_LINE and line_limit("…", "fr") == LATIN_LINE
    # A break is never inside a tag: it lands in the words, before or after the tagged ones.
    spans = wrap([("A rather long sentence with ", 0), ("some bold words", 1), (" at the very end of it.", 0)], 42)
    assert [tag for _text, tag in spans] == [0, 1, 0] and "".join(t for t, _ in spans).count("\n") == 1
    assert line_breaks("short", 42) == []
    # Where the tagged words end, the break is outside the tags: no line ends inside a pair or starts closing one.
    assert wrap([("一二三四五六七八九十", 1), ("一二三四五六七八九十", 0)], CJK_LINE) == \
        [("一二三四五六七八九十", 1), ("\n", 0), ("一二三四五六七八九十", 0)]
    assert wrap([("Twenty-five letters long ", 1), ("and twenty-three more.", 0)], 42) == \
        [("Twenty-five letters long", 1), ("\n", 0), ("and twenty-three more.", 0)]


def test_broken_tags_still_keep_every_style_in_order(tmp_path):
    path, subtitles = make_srt(tmp_path)
    source = open_file(path)
    out = tmp_path / "out.srt"
    source.write(out, translated(source, tagless))
    for before, after in zip(subtitles, srt.parse(out.read_text(encoding="utf-8"))):
        assert HTML_TAGS.findall(after.content) == HTML_TAGS.findall(before.content)


def test_overlapping_cues_are_told_and_kept(tmp_path):
    path = tmp_path / "overlap.srt"
    subtitles = [srt.Subtitle(1, seconds(1), seconds(5), "One."), srt.Subtitle(2, seconds(4), seconds(6), "Two."),
                 srt.Subtitle(3, seconds(7), seconds(8), "Three.")]
    path.write_text(srt.compose(subtitles, reindex=False), encoding="utf-8")
    source = open_file(path)
    assert len(source.notes) == 1 and "1, 2 overlap" in source.notes[0] and "3" not in source.notes[0]
    source.write(tmp_path / "out.srt", translated(source, shout))
    assert [(s.start, s.end) for s in srt.parse((tmp_path / "out.srt").read_text(encoding="utf-8"))] == \
           [(s.start, s.end) for s in subtitles]


def test_bom_line_ends_and_utf16_are_kept_or_read(tmp_path):
    path, subtitles = make_srt(tmp_path)
    windows = tmp_path / "windows.srt"
    windows.write_bytes(b"\xef\xbb\xbf" + path.read_text(encoding="utf-8").replace("\n", "\r\n").encode())
    source = open_file(windows)
    source.write(tmp_path / "out.srt", translated(source, shout))
    data = (tmp_path / "out.srt").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\n") == data.count(b"\r\n")
    wide = tmp_path / "wide.srt"
    wide.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    assert [s.text for s in open_file(wide).segments] == [s.text for s in open_file(path).segments]


VTT_STYLE = "::cue(.yellow) {\n  color: yellow;\n}"


def make_vtt(tmp_path):
    captions = [
        webvtt.Caption("00:00:01.000", "00:00:04.000", ["<v Bob>Hello &amp; welcome to <c.yellow>the show</c>!",
                                                         "Take a seat."], identifier="intro",
                       settings="align:start line:0"),
        webvtt.Caption("00:00:05.000", "00:00:07.000", ["- <i>Really?</i>", "- Yes."]),
        webvtt.Caption("00:00:08.000", "00:00:12.000", [LONG]),
    ]
    captions[1].comments = ["the second speaker answers"]
    document = webvtt.WebVTT(captions=captions, styles=[webvtt.Style(VTT_STYLE)], header_comments=["made here"],
                             footer_comments=["the end"])
    path = tmp_path / "film.vtt"
    document.save(str(path))
    return path, webvtt.read(str(path))


def test_vtt_keeps_identifiers_settings_styles_and_notes(tmp_path):
    path, before = make_vtt(tmp_path)
    source = open_file(path)
    assert isinstance(source, VttFile)
    assert [s.text for s in source.segments] == ["Hello & welcome to <t1>the show</t1>! Take a seat.",
                                                 "Really?", "Yes.", LONG]
    out = tmp_path / "out.vtt"
    source.write(out, translated(source, shout))
    after = webvtt.read(str(out))
    assert [(c.identifier, c.start, c.end, str(c.settings)) for c in after.captions] == \
           [(c.identifier, c.start, c.end, str(c.settings)) for c in before.captions]
    assert [s.text for s in after.styles] == [VTT_STYLE]
    assert (after.header_comments, after.footer_comments, after.captions[1].comments) == \
           (["made here"], ["the end"], ["the second speaker answers"])
    for old, new in zip(before.captions, after.captions):
        assert HTML_TAGS.findall(new.raw_text) == HTML_TAGS.findall(old.raw_text)
    assert after.captions[0].raw_text == "<v Bob>HELLO &amp; WELCOME TO <c.yellow>THE SHOW</c>! TAKE A SEAT."
    assert after.captions[1].raw_text == "- <i>REALLY?</i>\n- YES."
    # Everything but the cues' text is the file's own, line for line.
    cue_text = {line for c in before.captions for line in c.lines} | {line for c in after.captions for line in c.lines}
    assert [line for line in path.read_text().split("\n") if line not in cue_text] == \
           [line for line in out.read_text().split("\n") if line not in cue_text]
    assert [s.text for s in open_file(out).segments] == translated(source, shout)


def test_vtt_bilingual_and_wrapped_chinese(tmp_path):
    path, before = make_vtt(tmp_path)
    source = open_file(path)
    out = tmp_path / "both.vtt"
    source.write(out, translated(source, into_chinese), bilingual=True, language="zh-Hans")
    after = webvtt.read(str(out))
    for old, new in zip(before.captions, after.captions):
        assert new.lines[:len(old.lines)] == old.lines
        assert all(len(html.unescape(HTML_TAGS.sub("", line))) <= CJK_LINE for line in new.lines[len(old.lines):])
        assert (new.start, new.end) == (old.start, old.end)


ASS_HEADER = "; Script made for the test, a comment pysubs2 would drop\n"


def make_ass(tmp_path):
    subs = pysubs2.SSAFile()
    subs.info["Title"] = "Test"
    subs.styles["Sign"] = pysubs2.SSAStyle(fontname="Georgia", fontsize=30, italic=True)
    events = [
        pysubs2.SSAEvent(start=1000, end=4000, text="{\\an8}Hello, {\\i1}dear{\\i0} friend,\\Nhow are you?"),
        pysubs2.SSAEvent(start=1000, end=4000, text="a note for the typesetter", type="Comment"),
        pysubs2.SSAEvent(start=5000, end=6000, style="Sign", text="{\\p1}m 0 0 l 100 0 100 100{\\p0}"),
        pysubs2.SSAEvent(start=7000, end=9000, text="{\\k20}Ka{\\k30}ra{\\k25}o{\\k40}ke"),
        pysubs2.SSAEvent(start=10000, end=12000, text="- Where?\\N- {\\b1}There{\\b0}, by the door."),
        pysubs2.SSAEvent(start=12500, end=16000, text="{\\fad(200,200)\\pos(640,50)}" + LONG),
    ]
    subs.events.extend(events)
    path = tmp_path / "film.ass"
    subs.save(str(path))
    path.write_text(path.read_text(encoding="utf-8").replace("[Script Info]\n", "[Script Info]\n" + ASS_HEADER),
                    encoding="utf-8")
    return path, pysubs2.load(str(path))


def test_ass_changes_only_dialogue_text_and_keeps_override_blocks(tmp_path):
    path, before = make_ass(tmp_path)
    source = open_file(path)
    assert isinstance(source, AssFile)
    assert [s.text for s in source.segments] == ["<t1/>Hello, <t2>dear</t2> friend, how are you?", "Where?",
                                                 "<t1>There</t1>, by the door.", "<t1/>" + LONG]
    assert [(s.where, s.what) for s in source.skipped] == [("Cue 4", "Karaoke (timed syllable by syllable)")]
    out = tmp_path / "out.ass"
    source.write(out, translated(source, shout))
    after = pysubs2.load(str(out))
    assert [(e.type, e.start, e.end, e.style, e.layer) for e in after.events] == \
           [(e.type, e.start, e.end, e.style, e.layer) for e in before.events]
    for old, new in zip(before.events, after.events):
        assert ASS_BLOCKS.findall(new.text) == ASS_BLOCKS.findall(old.text)
    assert after.events[0].text == "{\\an8}HELLO, {\\i1}DEAR{\\i0} FRIEND, HOW ARE YOU?"
    assert after.events[4].text == "- WHERE?\\N- {\\b1}THERE{\\b0}, BY THE DOOR."
    assert [e.text for e in after.events[1:4]] == [e.text for e in before.events[1:4]]  # comment, drawing, karaoke
    assert all(len(ASS_BLOCKS.sub("", line)) <= LATIN_LINE for line in after.events[5].text.split("\\N"))
    old_lines, new_lines = path.read_text().split("\n"), out.read_text().split("\n")
    assert [o for o, n in zip(old_lines, new_lines) if not o.startswith("Dialogue:") or o == n] == \
           [n for o, n in zip(old_lines, new_lines) if not o.startswith("Dialogue:") or o == n]
    assert ASS_HEADER.strip() in new_lines and len(old_lines) == len(new_lines)
    assert [s.text for s in open_file(out).segments] == translated(source, shout)


def test_ass_bilingual_puts_the_translation_under_the_source(tmp_path):
    path, before = make_ass(tmp_path)
    source = open_file(path)
    out = tmp_path / "both.ass"
    source.write(out, translated(source, into_chinese), bilingual=True, language="zh-Hans")
    after = pysubs2.load(str(out))
    assert after.events[0].text.startswith(before.events[0].text + "\\N{\\an8}译文")
    assert after.events[4].text == before.events[4].text + "\\N- 译文?\\N- {\\b1}译文{\\b0}, 译文 译文 译文."
    assert [(e.start, e.end) for e in after.events] == [(e.start, e.end) for e in before.events]


@pytest.mark.parametrize("name, content, reason", [
    ("broken.srt", "1\n00:00:01,000 --> 00:00:02,000\nHello\n\n2\n00:00:02,000 -> 00:00:03,000\nWorld\n",
     "line 6: 00:00:02,000 -> 00:00:03,000"),
    ("words.srt", "Just some words, no subtitles at all.\n", "line 1"),
    ("empty.srt", "", "no subtitles"),
    ("blank.vtt", "\n\n", "no subtitles"),
    ("headless.vtt", "00:00:01.000 --> 00:00:02.000\nHi\n", "WEBVTT"),
    ("badtime.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi\n\n00:00:03.000 --> 00:0x:04.000\nBad\n", "line 6"),
    ("notes.vtt", "WEBVTT\n\nNOTE nothing but a note\n", "no subtitles"),
    ("eventless.ass", "[Script Info]\nTitle: x\n\n[V4+ Styles]\n", "Events"),
    ("badtime.ass", "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
                    "Dialogue: 0,0:00:01.00,soon,Default,,0,0,0,,Hi\n", "line 3"),
    ("short.ass", "[Events]\nDialogue: 0,0:00:01.00\n", "line 2"),
    ("comments.ass", "[Events]\nComment: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,note\n", "no subtitles"),
])
def test_damaged_files_are_refused_with_the_place_and_nothing_is_written(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FormatProblem, match=reason):
        open_file(path)
    assert [p.name for p in tmp_path.iterdir()] == [name]


@pytest.mark.parametrize("name, data", [("latin1.srt", "1\n00:00:01,000 --> 00:00:02,000\nCafé\n".encode("latin-1")),
                                        ("picture.vtt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xd8")])
def test_text_that_is_not_utf8_is_refused(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(FormatProblem, match="UTF-8"):
        open_file(path)


def test_the_translation_never_replaces_its_source(tmp_path):
    path, _subtitles = make_srt(tmp_path)
    source = open_file(path)
    before = path.read_bytes()
    with pytest.raises(FormatProblem, match="cannot replace"):
        source.write(path, translated(source, shout))
    with pytest.raises(ValueError):
        source.write(tmp_path / "out.vtt", translated(source, shout), kind="vtt")
    assert path.read_bytes() == before


def test_utf16_without_its_mark_is_refused(tmp_path):
    path, _subtitles = make_srt(tmp_path)
    bare = tmp_path / "bare.srt"
    bare.write_bytes(path.read_text(encoding="utf-8").encode("utf-16-le"))
    with pytest.raises(FormatProblem, match="UTF-8"):
        open_file(bare)
