"""PowerPoint presentations translated in place, on decks the tests make with python-pptx: placeholders, text boxes
out of order, a group, a table, a chart, an embedded object, SmartArt, speaker notes, a paragraph of bold and linked
runs, line breaks and fields. The translation is read back by python-pptx and by open_file, and compared part by
part with the source."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from assistant.core.formats.inline_tags import strip_tags
from assistant.core.formats.opening import open_file
from assistant.core.formats.pptx_file import PptxFile
from assistant.core.formats.translatable import FormatProblem

from translators import into_chinese, shout, tagless

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
SMARTART = ('<p:graphicFrame xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:a="http://'
            'schemas.openxmlformats.org/drawingml/2006/main"><p:nvGraphicFramePr><p:cNvPr id="90" name="Diagram"/>'
            '<p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x="0" y="6000000"/><a:ext cx="100" '
            'cy="100"/></p:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/'
            'diagram"/></a:graphic></p:graphicFrame>')
FIELD = ('<a:fld xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" id="{B6F15528-21DE-4FAA-801E-'
         '634DDDAF4B2B}" type="slidenum"><a:rPr lang="en-US"/><a:t>2</a:t></a:fld>')

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
EQUATION = (f'<mc:AlternateContent xmlns:mc="{MC}" xmlns:a14="http://schemas.microsoft.com/office/drawing/2010/main">'
            '<mc:Choice Requires="a14"><a14:m><m:oMathPara xmlns:m="http://schemas.openxmlformats.org/officeDocument/'
            '2006/math"><m:oMath><m:r><m:t>E=mc^2</m:t></m:r></m:oMath></m:oMathPara></a14:m></mc:Choice>'
            '<mc:Fallback/></mc:AlternateContent>')


def make_deck(path: Path) -> Path:
    from pptx import Presentation
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE
    from pptx.enum.shapes import PROG_ID
    from pptx.util import Inches

    deck = Presentation()
    first = deck.slides.add_slide(deck.slide_layouts[1])
    bottom = first.shapes.add_textbox(Inches(1), Inches(6.5), Inches(4), Inches(0.5))  # added first, read last
    bottom.text_frame.text = "A box at the bottom"
    first.shapes.title.text = "Rivers of Europe"
    body = first.placeholders[1].text_frame
    body.text = "The Danube flows east."
    mixed = body.add_paragraph()
    for text, bold, link in (("Read ", False, None), ("the manual", True, None), (" and ", False, None),
                             ("the site", False, "https://example.com"), (" first.", False, None)):
        run = mixed.add_run()
        run.text = text
        run.font.bold = bold or None
        if link:
            run.hyperlink.address = link
    broken = body.add_paragraph()
    broken.text = "Line one\vLine two, slide "  # \v: a line break inside the paragraph
    broken._p.append(etree.fromstring(FIELD))
    body.add_paragraph().text = "2024"  # no words: not translated
    first.notes_slide.notes_text_frame.text = "Say hello.\nThen the map."

    second = deck.slides.add_slide(deck.slide_layouts[5])
    second.shapes.title.text = "Numbers"
    table = second.shapes.add_table(2, 3, Inches(0.5), Inches(2), Inches(4), Inches(1.5)).table
    for (row, column), text in {(0, 0): "River", (0, 1): "Length", (0, 2): "Sea",
                                (1, 0): "Danube", (1, 1): "2850", (1, 2): "Black Sea"}.items():
        table.cell(row, column).text = text
    chart_data = CategoryChartData()
    chart_data.categories = ["Danube", "Rhine"]
    chart_data.add_series("Length", (2850, 1233))
    second.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(5), Inches(2), Inches(4), Inches(3), chart_data)
    group = second.shapes.add_group_shape()
    right = group.shapes.add_textbox(Inches(5), Inches(5.5), Inches(2), Inches(0.5))
    right.text_frame.text = "Group right"
    left = group.shapes.add_textbox(Inches(1), Inches(5.5), Inches(2), Inches(0.5))
    left.text_frame.text = "Group left"
    second.shapes.add_ole_object(io.BytesIO(b"not really a workbook"), PROG_ID.XLSX, Inches(8), Inches(6))
    second.shapes._spTree.append(etree.fromstring(SMARTART))

    third = deck.slides.add_slide(deck.slide_layouts[6])  # blank, with nothing to translate
    third.shapes.add_textbox(Inches(1), Inches(1), Inches(2), Inches(1)).text_frame.text = "3.14"
    energy = third.shapes.add_textbox(Inches(1), Inches(2), Inches(4), Inches(1)).text_frame.paragraphs[0]
    energy.text = "Energy: "
    energy._p.append(etree.fromstring(EQUATION))
    third.shapes._spTree.append(etree.fromstring(f'<mc:AlternateContent xmlns:mc="{MC}"><mc:Fallback/>'
                                                 '</mc:AlternateContent>'))  # ink, say, for newer PowerPoints
    deck.save(str(path))
    return path


@pytest.fixture
def deck(tmp_path) -> Path:
    return make_deck(tmp_path / "rivers.pptx")


def test_every_text_is_a_segment_in_reading_order_and_the_rest_is_listed(deck):
    opened = open_file(deck)
    assert isinstance(opened, PptxFile) and opened.output_kinds == ("pptx",)
    assert [(s.text, s.where, s.tags) for s in opened.segments] == [
        ("Rivers of Europe", "Slide 1", 0),
        ("The Danube flows east.", "Slide 1", 0),
        ("Read <t1>the manual</t1> and <t2>the site</t2> first.", "Slide 1", 2),
        ("Line one<t1/>Line two, slide <t2/>", "Slide 1", 2),
        ("A box at the bottom", "Slide 1", 0),
        ("Say hello.", "Slide 1 notes", 0),
        ("Then the map.", "Slide 1 notes", 0),
        ("Numbers", "Slide 2", 0),
        ("River", "Slide 2, table", 0), ("Length", "Slide 2, table", 0), ("Sea", "Slide 2, table", 0),
        ("Danube", "Slide 2, table", 0), ("Black Sea", "Slide 2, table", 0),
        ("Group left", "Slide 2", 0), ("Group right", "Slide 2", 0),
        ("Energy: <t1/>", "Slide 3", 1),
    ]
    assert sorted((s.where, s.what) for s in opened.skipped) == [
        ("Slide 2", "A chart, left as it is"), ("Slide 2", "An embedded object, left as it is"),
        ("Slide 2", "SmartArt, left as it is"), ("Slide 3", "An equation, left as it is"),
        ("Slide 3", "Content made for newer versions of PowerPoint, left as it is")]


def _runs(paragraph) -> list[tuple[str, bytes]]:
    """Each run's text and formatting (its language aside)."""
    out = []
    for run in paragraph.iterchildren(f"{A}r", f"{A}br", f"{A}fld"):
        properties = run.find(f"{A}rPr")
        look = b""
        if properties is not None:
            properties = etree.fromstring(etree.tostring(properties))
            properties.attrib.pop("lang", None)
            look = etree.tostring(properties, method="c14n") if len(properties) or properties.attrib else b""
        out.append((run.findtext(f"{A}t") or "", look if run.tag == f"{A}r" else etree.tostring(run, method="c14n")))
    return out


def _paragraphs(path: Path) -> list[list]:
    """Every paragraph of every slide and notes page, shape by shape as the file has them."""
    from pptx import Presentation

    deck = Presentation(str(path))
    parts = [slide.part for slide in deck.slides] + [s.notes_slide.part for s in deck.slides if s.has_notes_slide]
    return [p for part in parts for p in part._element.iter(f"{A}p")]


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name) for name in package.namelist()}


def _shapes(path: Path) -> list:
    from pptx import Presentation

    deck = Presentation(str(path))
    return [[(s.shape_id, s.name, s.shape_type, s.left, s.top, s.width, s.height,
              (len(s.table.rows), len(s.table.columns)) if getattr(s, "has_table", False) else None)
             for s in slide.shapes] for slide in deck.slides]


def test_a_translation_changes_the_text_and_nothing_else(deck, tmp_path):
    opened = PptxFile(deck)
    out = tmp_path / "translated.pptx"
    opened.write(out, [shout(s.text) for s in opened.segments], language="fr")

    assert _shapes(out) == _shapes(deck)  # same slides, same shapes in the same places, tables of the same shape
    before, after = _paragraphs(deck), _paragraphs(out)
    assert len(before) == len(after)
    for source, translated in zip(before, after):
        assert [look for _text, look in _runs(source)] == [look for _text, look in _runs(translated)]
        text = "".join(t for t, _look in _runs(source))
        if any(ch.isalpha() for ch in text):  # translated: each run its own words in capitals, in French
            assert [t for t, _look in _runs(translated)] == [t.upper() for t, _look in _runs(source)]
            assert {r.find(f"{A}rPr").get("lang") for r in translated.iterchildren(f"{A}r")} <= {"fr"}
        else:
            assert etree.tostring(source) == etree.tostring(translated)
    assert [shout(s.text) for s in opened.segments] == [s.text for s in open_file(out).segments]

    source_parts, translated_parts = _members(deck), _members(out)
    assert list(source_parts) == list(translated_parts)
    changed = {name for name in source_parts if source_parts[name] != translated_parts[name]}
    assert changed == {"ppt/slides/slide1.xml", "ppt/slides/slide2.xml", "ppt/slides/slide3.xml",
                       "ppt/notesSlides/notesSlide1.xml"}
    assert any(name.startswith("ppt/charts/") for name in source_parts)  # kept byte for byte, as layouts and media


def test_nothing_translated_writes_the_same_package(deck, tmp_path):
    opened = PptxFile(deck)
    out = tmp_path / "same.pptx"
    opened.write(out, [None] * len(opened.segments), language="fr")
    assert _members(out) == _members(deck)


def test_bilingual_follows_each_paragraph_with_its_translation(deck, tmp_path):
    opened = PptxFile(deck)
    out = tmp_path / "both.pptx"
    translations = [into_chinese(s.text) for s in opened.segments]
    translations[0] = None  # not translated yet: the title twice
    opened.write(out, translations, bilingual=True, language="zh-Hans")
    texts = [s.text for s in open_file(out).segments]
    expected = []
    for segment, translation in zip(opened.segments, translations):
        expected += [segment.text, translation or segment.text]
    assert texts == expected
    assert len(_paragraphs(out)) == len(_paragraphs(deck)) + len(opened.segments)
    assert b'lang="zh-CN"' not in b"".join(_members(out).values())  # two languages: none named
    assert _shapes(out) == _shapes(deck)


def test_broken_or_moved_tags_keep_every_run_and_its_look(deck, tmp_path):
    opened = PptxFile(deck)
    mixed = 2
    source = _paragraphs(deck)
    index = next(i for i, p in enumerate(source) if "the manual" in "".join(t for t, _ in _runs(p)))
    out = tmp_path / "tagless.pptx"
    opened.write(out, [tagless(s.text) if i == mixed else None for i, s in enumerate(opened.segments)])
    runs = _runs(_paragraphs(out)[index])
    assert [look for _t, look in runs] == [look for _t, look in _runs(source[index])]  # spread in source order
    assert "".join(t for t, _look in runs) == "READ THE MANUAL AND THE SITE FIRST."

    moved = "<t2>THE SITE</t2> FIRST, THEN <t1>THE MANUAL</t1>."
    opened.write(out, [moved if i == mixed else None for i, s in enumerate(opened.segments)])
    runs = _runs(_paragraphs(out)[index])
    looks = dict((t, look) for t, look in _runs(source[index]))
    assert [t for t, _look in runs] == ["THE SITE", " FIRST, THEN ", "THE MANUAL", "."]
    assert [look for _t, look in runs] == [looks["the site"], looks["Read "], looks["the manual"], looks["Read "]]
    assert open_file(out).segments[mixed].text == "<t1>THE SITE</t1> FIRST, THEN <t2>THE MANUAL</t2>."


def test_line_breaks_and_fields_stay_where_they_were(deck, tmp_path):
    opened = PptxFile(deck)
    out = tmp_path / "marks.pptx"
    opened.write(out, [shout(s.text) for s in opened.segments])
    source = next(p for p in _paragraphs(deck) if p.find(f"{A}fld") is not None)
    written = next(p for p in _paragraphs(out) if p.find(f"{A}fld") is not None)
    assert [etree.QName(c).localname for c in written] == [etree.QName(c).localname for c in source]
    assert etree.tostring(written.find(f"{A}fld")) == etree.tostring(source.find(f"{A}fld"))
    assert [text for text, _look in _runs(written)] == ["LINE ONE", "", "LINE TWO, SLIDE ", "2"]


@pytest.mark.parametrize("fault, message", [
    ("zip bomb", "zip bomb"),
    ("broken xml", "damaged"),
    ("a word document", "not what its name says"),
    ("empty", "damaged"),
])
def test_a_hostile_or_damaged_presentation_is_refused(deck, tmp_path, fault, message):
    path = tmp_path / "bad.pptx"
    if fault == "zip bomb":
        path.write_bytes(deck.read_bytes())
        with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as package, \
                package.open("ppt/media/zeros.bin", "w", force_zip64=True) as member:
            for _ in range(20):
                member.write(bytes(16 << 20))  # 320 MB of zeros in about 1.5 MB
    elif fault == "broken xml":
        with zipfile.ZipFile(deck) as source, zipfile.ZipFile(path, "w") as package:
            for name in source.namelist():
                data = source.read(name)
                package.writestr(name, data[:len(data) // 2] if name == "ppt/slides/slide1.xml" else data)
    elif fault == "a word document":
        from conftest import make_docx

        make_docx(path, ["A letter, not slides."])
    else:
        path.write_bytes(b"")
    before = sorted(tmp_path.iterdir())
    with pytest.raises(FormatProblem, match=message):
        open_file(path)
    assert sorted(tmp_path.iterdir()) == before


def test_written_again_but_never_over_its_source_or_after_it_changed(deck, tmp_path):
    opened = PptxFile(deck)
    out = tmp_path / "again.pptx"
    opened.write(out, [shout(s.text) for s in opened.segments])
    opened.write(out, [into_chinese(s.text) for s in opened.segments])  # the preview, then the whole
    assert [s.text for s in open_file(out).segments] == [into_chinese(s.text) for s in opened.segments]
    with pytest.raises(FormatProblem, match="cannot replace the file"):
        opened.write(deck, [None] * len(opened.segments))
    make_deck(deck)  # the same deck, written again: the same text, so still fine
    opened.write(out, [None] * len(opened.segments))
    from pptx import Presentation

    changed = Presentation(str(deck))
    changed.slides[0].shapes.title.text = "Another title"
    changed.save(str(deck))
    with pytest.raises(FormatProblem, match="changed after it was opened"):
        opened.write(out, [None] * len(opened.segments))
    assert [strip_tags(s.text) for s in open_file(out).segments][0] == "Rivers of Europe"
