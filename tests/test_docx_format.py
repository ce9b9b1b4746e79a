"""Word documents translated in place, on documents the tests make with python-docx (and raw WordprocessingML where
python-docx has no API: footnotes, fields, equations, tracked changes, text boxes). The checks do not depend on the
words: the same paragraphs, runs with the same formatting in the same order, tables of the same shape, the parts
that were not translated byte for byte, and the output read again by python-docx and by open_file."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_BREAK
from docx.opc.constants import CONTENT_TYPE as CT, RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from lxml import etree

from assistant.core.formats.docx_file import DocxFile
from assistant.core.formats.opening import open_file
from assistant.core.formats.translatable import FormatProblem

from translators import into_chinese, shout, tagless

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = {
    "w": W, "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
}
DECLARATIONS = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NAMESPACES.items())


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def raw_paragraph(document, inner: str, style: str | None = None):
    """A paragraph written as XML, at the end of the body."""
    paragraph = document.add_paragraph(style=style)
    element = parse_xml(f"<w:p {DECLARATIONS}>{inner}</w:p>")
    properties = paragraph._p.pPr
    if properties is not None:
        element.insert(0, properties)
    paragraph._p.getparent().replace(paragraph._p, element)
    return element


def add_part(document, name: str, content_type: str, relationship: str, xml: str) -> str:
    part = Part(PackURI(name), content_type, xml.encode(), document.part.package)
    return document.part.relate_to(part, relationship)


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name) for name in package.namelist()}


def shout_all(file) -> list[str]:
    return [shout(segment.text) for segment in file.segments]


def formats(paragraph) -> list[bytes]:
    """The formatting of a paragraph's text, run by run, with neighbours alike taken as one and the proofing
    language left out: what a reader sees."""
    seen: list[bytes] = []
    for run in paragraph.iter(w("r")):
        if not "".join(text.text or "" for text in run.iter(w("t"))).strip():
            continue
        properties = run.find(w("rPr"))
        key = b"" if properties is None else b"".join(
            etree.tostring(child) for child in properties if child.tag != w("lang"))
        inside = tuple(ancestor.tag for ancestor in run.iterancestors() if ancestor.tag in (w("hyperlink"), w("ins")))
        if not seen or seen[-1] != (key, inside):
            seen.append((key, inside))
    return seen


def table_shapes(document) -> list[list[int]]:
    """Cells per row of every table, nested ones too, in document order."""
    return [[len(row.findall(w("tc"))) for row in table.findall(w("tr"))]
            for table in document.element.body.iter(w("tbl"))]


def text_of(element) -> str:
    return "".join(text.text or "" for text in element.iter(w("t")))


def body_paragraphs(path: Path) -> list:
    return list(Document(str(path)).element.body.iter(w("p")))


@pytest.fixture
def styled(tmp_path) -> Path:
    """Paragraphs with inline formatting, a link, a tab and a break, a list, a right-to-left paragraph, tables (one
    nested), a numeric paragraph, two sections with headers and footers (the second linked to the first)."""
    document = Document()
    document.add_heading("A short guide", level=1)
    paragraph = document.add_paragraph("Read ")
    paragraph.add_run("the manual").bold = True
    paragraph.add_run(" before you ")
    paragraph.add_run("start").italic = True
    paragraph.add_run(".")
    split = document.add_paragraph()
    split.add_run("One sentence written ")
    split.add_run("in two runs alike.")  # one span
    tabbed = document.add_paragraph("Name:")
    tabbed.add_run().add_tab()
    tabbed.add_run("Value here")
    tabbed.add_run().add_break(WD_BREAK.LINE)
    tabbed.add_run("next line")
    relationship = document.part.relate_to("https://example.org/", RT.HYPERLINK, is_external=True)
    raw_paragraph(document, f'<w:r><w:t xml:space="preserve">Visit </w:t></w:r><w:hyperlink r:id="{relationship}">'
                            '<w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr><w:t>our site</w:t></w:r></w:hyperlink>'
                            '<w:r><w:t xml:space="preserve"> for news.</w:t></w:r>')
    document.add_paragraph("First point of the list", style="List Number")
    document.add_paragraph("Second point of the list", style="List Number")
    raw_paragraph(document, '<w:pPr><w:bidi/></w:pPr>'
                            '<w:r><w:rPr><w:rtl/></w:rPr><w:t>مرحبا بالعالم</w:t></w:r>')
    document.add_paragraph("2024 - 12.5")
    table = document.add_table(rows=2, cols=3)
    for row in range(2):
        for column in range(3):
            table.cell(row, column).text = f"Cell text {row} {column}"
    nested = table.cell(1, 2).add_table(rows=2, cols=2)
    nested.cell(0, 0).text = "Inner cell"
    nested.cell(1, 1).paragraphs[0].add_run("Bold inner").bold = True
    document.add_table(rows=1, cols=1).cell(0, 0).text = "Second table"
    section = document.sections[0]
    section.header.paragraphs[0].text = "Header words"
    section.footer.paragraphs[0].text = "Footer words"
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "Title page header"
    document.add_section()  # linked to the previous: no header part of its own
    document.add_paragraph("In the second section.")
    path = tmp_path / "styled.docx"
    document.save(str(path))
    return path


def test_segments_carry_formatting_links_and_marks_as_tags(styled):
    file = open_file(styled)
    assert isinstance(file, DocxFile) and file.kind == "docx" and file.output_kinds == ("docx",)
    texts = [segment.text for segment in file.segments]
    assert "Read <t1>the manual</t1> before you <t2>start</t2>." in texts
    assert "One sentence written in two runs alike." in texts
    assert "Name:<t1/>Value here<t2/>next line" in texts
    assert "Visit <t1>our site</t1> for news." in texts
    assert "مرحبا بالعالم" in texts
    assert "2024 - 12.5" not in texts  # nothing to translate
    where = {segment.text: segment.where for segment in file.segments}
    assert where["Cell text 0 0"] == "Table 1" and where["Inner cell"] == "Table 1"
    assert where["Second table"] == "Table 2"
    assert where["Header words"] == where["Title page header"] == "Header" and where["Footer words"] == "Footer"
    assert where["A short guide"] == "Paragraph 1"
    assert [segment.where for segment in file.segments].count("Header") == 2  # the linked section has none
    assert {segment.tags for segment in file.segments if segment.text.startswith("Read")} == {2}
    assert not file.skipped


def test_written_document_keeps_paragraphs_runs_tables_and_parts(styled, tmp_path):
    file = open_file(styled)
    out = tmp_path / "out.docx"
    file.write(out, shout_all(file))
    source, written = Document(str(styled)), Document(str(out))
    assert len(written.paragraphs) == len(source.paragraphs)
    for before, after in zip(body_paragraphs(styled), body_paragraphs(out)):
        assert formats(after) == formats(before)
        assert etree.tostring(after.find(w("pPr"))) == etree.tostring(before.find(w("pPr"))) \
            if before.find(w("pPr")) is not None else after.find(w("pPr")) is None
    assert table_shapes(written) == table_shapes(source) == [[3, 3], [2, 2], [1]]
    assert written.tables[0].cell(1, 2).tables[0].cell(0, 0).text == "INNER CELL"
    assert written.sections[0].header.paragraphs[0].text == "HEADER WORDS"
    assert written.sections[1].header.is_linked_to_previous
    assert written.paragraphs[-1].text == "IN THE SECOND SECTION."
    hyperlink = written.element.body.find(f".//{w('hyperlink')}")
    assert text_of(hyperlink) == "OUR SITE"
    assert hyperlink.get(f"{{{NAMESPACES['r']}}}id") == \
        source.element.body.find(f".//{w('hyperlink')}").get(f"{{{NAMESPACES['r']}}}id")
    numbered = [paragraph for paragraph in written.paragraphs if paragraph.style.name == "List Number"]
    assert [paragraph.text for paragraph in numbered] == ["FIRST POINT OF THE LIST", "SECOND POINT OF THE LIST"]
    rtl = next(paragraph for paragraph in body_paragraphs(out) if paragraph.find(f"{w('pPr')}/{w('bidi')}") is not None)
    assert rtl.find(f".//{w('rPr')}/{w('rtl')}") is not None
    assert [segment.text for segment in open_file(out).segments] == shout_all(file)
    before, after = members(styled), members(out)
    assert list(after) == list(before)
    changed = {name for name in before if before[name] != after[name]}
    headers = {name for name in before if name.startswith(("word/header", "word/footer"))}
    assert len(headers) == 3
    assert changed == {"word/document.xml"} | headers


def test_a_paragraph_of_one_span_becomes_one_run(styled, tmp_path):
    file = open_file(styled)
    out = tmp_path / "out.docx"
    file.write(out, shout_all(file))
    paragraph = next(p for p in Document(str(out)).paragraphs if p.text == "ONE SENTENCE WRITTEN IN TWO RUNS ALIKE.")
    assert len(paragraph.runs) == 1


def test_untranslated_segments_are_left_as_they_were(styled, tmp_path):
    file = open_file(styled)
    out = tmp_path / "none.docx"
    file.write(out, [None] * len(file.segments))
    assert members(out) == members(styled)
    translations = shout_all(file)
    kept = next(index for index, segment in enumerate(file.segments) if segment.text.startswith("Read"))
    translations[kept] = None
    file.write(out, translations)
    before = next(p for p in body_paragraphs(styled) if text_of(p).startswith("Read"))
    after = next(p for p in body_paragraphs(out) if text_of(p).startswith("Read"))
    assert etree.tostring(after) == etree.tostring(before)


def test_writing_twice_gives_the_same_file(styled, tmp_path):
    file = open_file(styled)
    file.write(tmp_path / "preview.docx", [into_chinese(segment.text) for segment in file.segments])
    file.write(tmp_path / "one.docx", shout_all(file))
    file.write(tmp_path / "two.docx", shout_all(file))
    assert members(tmp_path / "one.docx") == members(tmp_path / "two.docx")
    with pytest.raises(FormatProblem):
        file.write(styled, shout_all(file))  # never over the source
    with pytest.raises(FormatProblem):
        file.write(tmp_path / "other.pdf", shout_all(file), kind="pdf")
    assert not (tmp_path / "other.pdf").exists()
    assert members(styled)["word/document.xml"] != members(tmp_path / "one.docx")["word/document.xml"]


def test_broken_tags_keep_the_formatting_in_order(styled, tmp_path):
    file = open_file(styled)
    out = tmp_path / "tagless.docx"
    file.write(out, [tagless(segment.text) for segment in file.segments])
    for before, after in zip(body_paragraphs(styled), body_paragraphs(out)):
        remaining = iter(formats(before))
        assert all(format in remaining for format in formats(after))  # in order; a span may get no words
        assert [f for f in formats(before) if f[0]] == [f for f in formats(after) if f[0]]
    paragraph = next(p for p in Document(str(out)).paragraphs if p.text.startswith("READ"))
    assert paragraph.text == "READ THE MANUAL BEFORE YOU START."
    assert [(run.bold, run.italic) for run in paragraph.runs if run.text][:4] == [(None, None), (True, None),
                                                                                  (None, None), (None, True)]


def test_language_is_set_on_the_runs_written(styled, tmp_path):
    file = open_file(styled)
    file.write(tmp_path / "fr.docx", shout_all(file), language="fr")
    file.write(tmp_path / "zh.docx", [into_chinese(segment.text) for segment in file.segments], language="zh-Hans")
    file.write(tmp_path / "both.docx", shout_all(file), bilingual=True, language="fr")
    for name, attribute, value in (("fr.docx", "val", "fr-FR"), ("zh.docx", "eastAsia", "zh-CN")):
        runs = [run for run in Document(str(tmp_path / name)).element.body.iter(w("r"))
                if any(character.isalpha() for character in text_of(run))]
        assert runs and all(run.find(f"{w('rPr')}/{w('lang')}").get(w(attribute)) == value for run in runs)
        properties = runs[0].find(w("rPr"))
        assert properties.index(properties.find(w("lang"))) == len(properties) - 1
    assert b"w:lang" not in members(tmp_path / "both.docx")["word/document.xml"]


def test_bilingual_puts_each_translation_after_its_paragraph(styled, tmp_path):
    file = open_file(styled)
    translations = shout_all(file)
    skipped = next(index for index, segment in enumerate(file.segments) if segment.text == "Header words")
    translations[skipped] = None
    out = tmp_path / "both.docx"
    file.write(out, translations, bilingual=True)
    source, written = Document(str(styled)), Document(str(out))
    translated_body = sum(1 for segment in file.segments if segment.where.startswith("Paragraph"))
    assert len(written.paragraphs) == len(source.paragraphs) + translated_body
    texts = [paragraph.text for paragraph in written.paragraphs]
    for original in source.paragraphs:
        if original.text.startswith("Read"):
            index = texts.index(original.text)
            assert texts[index + 1] == original.text.upper()
            assert written.paragraphs[index + 1].style.name == original.style.name
            assert formats(written.paragraphs[index + 1]._p) == formats(original._p)
    first = texts.index("First point of the list")
    copy = written.paragraphs[first + 1]._p
    assert copy.find(f"{w('pPr')}/{w('numPr')}") is None  # the translation is not another item
    assert written.tables[0].cell(0, 0).paragraphs[1].text == "CELL TEXT 0 0"
    assert [p.text for p in written.tables[0].cell(1, 2).tables[0].cell(0, 0).paragraphs] == ["Inner cell",
                                                                                                 "INNER CELL"]
    assert len(written.sections) == len(source.sections) == 2
    assert written.sections[0].header.paragraphs[0].text == "Header words"  # None: no copy
    assert [p.text for p in written.sections[0].footer.paragraphs] == ["Footer words", "FOOTER WORDS"]


def test_a_numbered_paragraph_copy_keeps_its_indentation(tmp_path):
    document = Document()
    document.add_paragraph("An item of a list")
    raw_paragraph(document, '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr><w:jc w:val="left"/>'
                            '</w:pPr><w:r><w:t>Numbered directly</w:t></w:r>')
    path = tmp_path / "list.docx"
    document.save(str(path))
    numbering = etree.fromstring(members(path)["word/numbering.xml"])
    abstract = numbering.find(f"{w('num')}[@{w('numId')}='1']/{w('abstractNumId')}").get(w("val"))
    indent = numbering.find(f"{w('abstractNum')}[@{w('abstractNumId')}='{abstract}']/{w('lvl')}[@{w('ilvl')}='0']/"
                            f"{w('pPr')}/{w('ind')}")
    out = tmp_path / "out.docx"
    file = open_file(path)
    file.write(out, shout_all(file), bilingual=True)
    source, copy = body_paragraphs(out)[2:4]
    assert source.find(f"{w('pPr')}/{w('numPr')}") is not None and copy.find(f"{w('pPr')}/{w('numPr')}") is None
    properties = copy.find(w("pPr"))
    assert [child.tag for child in properties] == [w("ind"), w("jc")]
    if indent is not None:
        assert etree.tostring(properties.find(w("ind"))) == etree.tostring(indent)


FOOTNOTES = f"""<w:footnotes {DECLARATIONS}>
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
<w:footnote w:id="1"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>
<w:r><w:t xml:space="preserve"> Where the claim comes from.</w:t></w:r></w:p></w:footnote></w:footnotes>"""
ENDNOTES = f"""<w:endnotes {DECLARATIONS}>
<w:endnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:endnote>
<w:endnote w:id="1"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:endnoteRef/></w:r>
<w:r><w:t xml:space="preserve"> A closing remark.</w:t></w:r></w:p></w:endnote></w:endnotes>"""
FIELD_PARAGRAPH = ('<w:r><w:t xml:space="preserve">See page </w:t></w:r><w:bookmarkStart w:id="5" w:name="here"/>'
                   '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                   '<w:r><w:instrText xml:space="preserve"> PAGEREF _Ref1 \\h </w:instrText></w:r>'
                   '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>seven</w:t></w:r>'
                   '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:bookmarkEnd w:id="5"/>'
                   '<w:r><w:t xml:space="preserve"> for more, dated </w:t></w:r>'
                   '<w:fldSimple w:instr=" DATE "><w:r><w:t>today</w:t></w:r></w:fldSimple>')
EQUATION = '<m:oMath><m:r><m:t>x=y</m:t></m:r></m:oMath>'
TRACKED = ('<w:r><w:t xml:space="preserve">The </w:t></w:r>'
           '<w:del w:id="90" w:author="Ann" w:date="2024-01-01T00:00:00Z">'
           '<w:r><w:delText>old </w:delText></w:r></w:del>'
           '<w:ins w:id="91" w:author="Ann" w:date="2024-01-01T00:00:00Z"><w:r><w:t>new</w:t></w:r></w:ins>'
           '<w:r><w:t xml:space="preserve"> plan works.</w:t></w:r>')
TOC = [
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" </w:instrText>'
    '</w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Introduction 1</w:t></w:r>',
    '<w:r><w:t>Methods 2</w:t></w:r>',
    '<w:r><w:t>Results 3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>',
]


def text_box(choice: str, fallback: str) -> str:
    graphic = ('<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
               f'<wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>{choice}</w:t></w:r></w:p></w:txbxContent>'
               '</wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic>')
    return ('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:inline><wp:extent cx="9" cy="9"/>'
            f'<wp:docPr id="7" name="Box"/>{graphic}</wp:inline></w:drawing></mc:Choice><mc:Fallback><w:pict>'
            f'<v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>{fallback}</w:t></w:r></w:p></w:txbxContent>'
            '</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>')


@pytest.fixture
def kept(tmp_path) -> Path:
    """A document with what is translated around things kept as they are: notes, fields, an equation, tracked
    changes, a table of contents, text boxes, a comment."""
    document = Document()
    add_part(document, "/word/footnotes.xml", CT.WML_FOOTNOTES, RT.FOOTNOTES, FOOTNOTES)
    add_part(document, "/word/endnotes.xml", CT.WML_ENDNOTES, RT.ENDNOTES, ENDNOTES)
    raw_paragraph(document, '<w:r><w:t>A bold claim</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/>'
                            '</w:rPr><w:footnoteReference w:id="1"/></w:r><w:r><w:t xml:space="preserve"> stands here.'
                            '</w:t></w:r><w:r><w:endnoteReference w:id="1"/></w:r>')
    raw_paragraph(document, FIELD_PARAGRAPH)
    raw_paragraph(document, f'<w:r><w:t xml:space="preserve">Solve </w:t></w:r>{EQUATION}'
                            '<w:r><w:t xml:space="preserve"> for x.</w:t></w:r>')
    raw_paragraph(document, EQUATION)
    raw_paragraph(document, TRACKED)
    for inner in TOC:
        raw_paragraph(document, inner)
    raw_paragraph(document, '<w:r><w:t xml:space="preserve">The box: </w:t></w:r>' + text_box("Boxed words",
                                                                                            "Boxed words"))
    raw_paragraph(document, text_box("One version", "Another version"))
    commented = document.add_paragraph("A paragraph with a comment.")
    document.add_comment(commented.runs, text="Check this", author="Ann")
    path = tmp_path / "kept.docx"
    document.save(str(path))
    return path


def test_notes_fields_equations_and_changes_are_read_and_listed(kept):
    file = open_file(kept)
    texts = [(segment.text, segment.where) for segment in file.segments]
    assert texts == [
        ("A bold claim<t1/> stands here.<t2/>", "Paragraph 1"),
        ("See page <t1/> for more, dated <t2/>", "Paragraph 2"),
        ("Solve <t1/> for x.", "Paragraph 3"),
        ("The <t1/><t2>new</t2> plan works.", "Paragraph 5"),
        ("The box: <t1/>", "Paragraph 9"),
        ("Boxed words", "Text box"),
        ("A paragraph with a comment.<t1/>", "Paragraph 11"),  # the comment's mark
        ("<t1/> Where the claim comes from.", "Footnote 1"),
        ("<t1/> A closing remark.", "Endnote 1"),
    ]
    skipped = [(item.where, item.what) for item in file.skipped]
    assert ("Paragraph 2", "A field (PAGEREF), kept as it is") in skipped
    assert ("Paragraph 2", "A field (DATE), kept as it is") in skipped
    assert ("Paragraph 3", "An equation, kept as it is") in skipped
    assert ("Paragraph 4", "An equation, kept as it is") in skipped
    assert ("Paragraph 5", "Deleted text (a tracked change), kept as it is") in skipped
    assert [what for where, what in skipped if "TOC" in what] == ["A field (TOC), kept as it is"]
    assert ("Text box", "A text box whose two versions differ, kept as it is") in skipped
    assert ("Comment 1", "A comment, left untranslated") in skipped
    assert len(file.notes) == 2  # tracked changes stay tracked; fields are to be updated


def test_what_is_kept_stays_exactly_as_it_was(kept, tmp_path):
    file = open_file(kept)
    out = tmp_path / "out.docx"
    file.write(out, shout_all(file))
    Document(str(out))  # opens
    before, after = members(kept), members(out)
    assert {name for name in before if before[name] != after[name]} == {"word/document.xml", "word/footnotes.xml",
                                                                        "word/endnotes.xml"}
    source, written = etree.fromstring(before["word/document.xml"]), etree.fromstring(after["word/document.xml"])
    for path in (".//w:instrText", ".//w:fldSimple", ".//m:oMath", ".//w:del", ".//w:footnoteReference",
                 ".//w:endnoteReference", ".//w:bookmarkStart", ".//w:bookmarkEnd", ".//w:commentReference"):
        assert [etree.tostring(e) for e in written.findall(path, NAMESPACES)] == \
            [etree.tostring(e) for e in source.findall(path, NAMESPACES)], path
    paragraphs = source.findall(".//w:body/w:p", NAMESPACES)
    out_paragraphs = written.findall(".//w:body/w:p", NAMESPACES)
    assert len(out_paragraphs) == len(paragraphs)
    for index in (3, 5, 6, 7, 9):  # an equation alone, the table of contents, the text box in two versions
        assert etree.tostring(out_paragraphs[index]) == etree.tostring(paragraphs[index])
    children = list(out_paragraphs[1])
    start = children.index(out_paragraphs[1].find("w:bookmarkStart", NAMESPACES))
    end = children.index(out_paragraphs[1].find("w:bookmarkEnd", NAMESPACES))
    assert children[start + 1].find("w:fldChar", NAMESPACES).get(w("fldCharType")) == "begin"  # still around the field
    assert children[end - 1].find("w:fldChar", NAMESPACES).get(w("fldCharType")) == "end"
    field = "".join(out_paragraphs[1].itertext())
    assert field == "SEE PAGE  PAGEREF _Ref1 \\h seven FOR MORE, DATED today"
    inserted = written.find(".//w:ins", NAMESPACES)
    assert "".join(inserted.itertext()) == "NEW" and inserted.get(w("author")) == "Ann"
    assert "".join(out_paragraphs[4].itertext()) == "THE old NEW PLAN WORKS."
    boxes = written.findall(".//w:txbxContent", NAMESPACES)
    assert ["".join(box.itertext()) for box in boxes] == ["BOXED WORDS", "BOXED WORDS", "One version",
                                                          "Another version"]
    notes = etree.fromstring(after["word/footnotes.xml"])
    assert len(notes.findall("w:footnote", NAMESPACES)) == 3
    assert notes.find(".//w:footnoteRef", NAMESPACES) is not None
    assert [segment.text for segment in open_file(out).segments] == shout_all(file)


def test_bilingual_copies_leave_out_what_cannot_be_repeated(kept, tmp_path):
    file = open_file(kept)
    out = tmp_path / "both.docx"
    file.write(out, shout_all(file), bilingual=True)
    written = etree.fromstring(members(out)["word/document.xml"])
    paragraphs = written.findall(".//w:body/w:p", NAMESPACES)
    translated = sum(1 for segment in file.segments if segment.where.startswith("Paragraph"))
    assert len(paragraphs) == len(etree.fromstring(members(kept)["word/document.xml"]).findall(
        ".//w:body/w:p", NAMESPACES)) + translated
    for path, count in ((".//w:footnoteReference", 1), (".//w:del", 1), (".//w:bookmarkStart", 1),
                        (".//w:commentRangeStart", 1), (".//w:instrText", 3), (".//w:fldSimple", 2),
                        (".//m:oMath", 3)):
        assert len(written.findall(path, NAMESPACES)) == count, path
    ids = [element.get(w("id")) for element in written.iter(w("ins"), w("del"))]
    assert len(ids) == len(set(ids)) == 3
    assert "".join(paragraphs[3].itertext()) == "SEE PAGE  PAGEREF _Ref1 \\h seven FOR MORE, DATED today"
    boxes = written.findall(".//w:txbxContent", NAMESPACES)
    assert [["".join(p.itertext()) for p in box.findall("w:p", NAMESPACES)] for box in boxes][:2] == \
        [["Boxed words", "BOXED WORDS"]] * 2
    Document(str(out))


def test_a_section_break_paragraph_is_followed_by_its_translation_in_the_same_section(tmp_path):
    document = Document()
    raw_paragraph(document, '<w:pPr><w:sectPr><w:pgSz w:w="12240" w:h="15840"/></w:sectPr></w:pPr>'
                            '<w:r><w:t>End of the first section</w:t></w:r>')
    document.add_paragraph("The second section")
    path = tmp_path / "sections.docx"
    document.save(str(path))
    file = open_file(path)
    out = tmp_path / "out.docx"
    file.write(out, shout_all(file), bilingual=True)
    paragraphs = body_paragraphs(out)
    section_ends = [index for index, p in enumerate(paragraphs) if p.find(f"{w('pPr')}/{w('sectPr')}") is not None]
    assert len(Document(str(out)).sections) == len(Document(str(path)).sections)
    texts = [text_of(p) for p in paragraphs]
    assert texts[section_ends[0]] == "END OF THE FIRST SECTION"
    assert texts[section_ends[0] - 1] == "End of the first section"


def test_right_to_left_translation_language(styled, tmp_path):
    file = open_file(styled)
    file.write(tmp_path / "ar.docx", shout_all(file), language="ar")
    runs = [run for run in body_paragraphs(tmp_path / "ar.docx")[1].iter(w("r"))]
    assert all(run.find(f"{w('rPr')}/{w('lang')}").get(w("bidi")) == "ar-SA" for run in runs)


def zip_with(path: Path, source: Path, replace: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for name in old.namelist():
            new.writestr(name, replace.get(name, old.read(name)))
        for name, data in replace.items():
            if name not in old.namelist():
                new.writestr(name, data)
    return path


def refused(path: Path) -> None:
    before = sorted(path.parent.iterdir())
    with pytest.raises(FormatProblem) as problem:
        open_file(path)
    assert str(problem.value)
    assert sorted(path.parent.iterdir()) == before


def test_hostile_and_damaged_files_are_refused(styled, tmp_path):
    hostile = tmp_path / "hostile"
    hostile.mkdir()
    bomb = hostile / "bomb.docx"
    zip_with(bomb, styled, {})
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as package, package.open("word/media/zeros.bin", "w",
                                                                                    force_zip64=True) as member:
        block = bytes(1 << 20)
        for _ in range(300):
            member.write(block)
    assert bomb.stat().st_size < 2 << 20
    refused(bomb)
    document = members(styled)["word/document.xml"]
    refused(zip_with(hostile / "broken.docx", styled, {"word/document.xml": document[:len(document) // 2]}))
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
              b'<w:document xmlns:w="' + W.encode() + b'"><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p>'
              b'</w:body></w:document>')
    refused(zip_with(hostile / "entities.docx", styled, {"word/document.xml": laughs}))
    text = hostile / "text.docx"
    text.write_text("Just some text pretending to be a document.\n", "utf-8")
    refused(text)
    empty = hostile / "empty.docx"
    empty.write_bytes(b"")
    refused(empty)
    presentation = members(styled)["[Content_Types].xml"].replace(b"wordprocessingml.document.main",
                                                                   b"presentationml.presentation.main")
    refused(zip_with(hostile / "slides.docx", styled, {"[Content_Types].xml": presentation}))
    with zipfile.ZipFile(hostile / "plain.docx", "w") as package:
        package.writestr("readme.txt", "not a document")
    refused(hostile / "plain.docx")


def test_content_controls_links_and_charts(tmp_path):
    document = Document()
    relationship = document.part.relate_to("https://example.org/", RT.HYPERLINK, is_external=True)
    raw_paragraph(document, f'<w:r><w:t xml:space="preserve">Go to </w:t></w:r><w:hyperlink r:id="{relationship}">'
                            '<w:r><w:t xml:space="preserve">the plain </w:t></w:r>'
                            '<w:r><w:rPr><w:b/></w:rPr><w:t>and bold link</w:t></w:r></w:hyperlink>')
    raw_paragraph(document, '<w:r><w:t xml:space="preserve">Name: </w:t></w:r><w:sdt><w:sdtPr><w:id w:val="44"/>'
                            '</w:sdtPr><w:sdtContent><w:r><w:t>your name here</w:t></w:r></w:sdtContent></w:sdt>')
    bound = ('<w:sdt><w:sdtPr><w:id w:val="45"/><w:dataBinding w:xpath="/title"/></w:sdtPr>'
             '<w:sdtContent><w:r><w:t>Bound title</w:t></w:r></w:sdtContent></w:sdt>')
    raw_paragraph(document, f'<w:r><w:t xml:space="preserve">Title: </w:t></w:r>{bound}')
    raw_paragraph(document, '<w:r><w:t xml:space="preserve">Sales chart </w:t></w:r><w:r><w:drawing><wp:inline>'
                            '<wp:extent cx="9" cy="9"/><wp:docPr id="3" name="Chart"/><a:graphic><a:graphicData '
                            'uri="http://schemas.openxmlformats.org/drawingml/2006/chart"/></a:graphic></wp:inline>'
                            '</w:drawing></w:r>')
    path = tmp_path / "controls.docx"
    document.save(str(path))
    file = open_file(path)
    assert [segment.text for segment in file.segments] == [
        "Go to <t1>the plain </t1><t2>and bold link</t2>", "Name: <t1>your name here</t1>", "Title: <t1/>",
        "Sales chart <t1/>"]
    assert [(item.where, item.what) for item in file.skipped] == [
        ("Paragraph 3", "A content control filled from the document's properties, kept as it is"),
        ("Paragraph 4", "A chart, kept as it is")]
    out = tmp_path / "out.docx"
    file.write(out, shout_all(file))
    paragraphs = body_paragraphs(out)
    links = paragraphs[0].findall(w("hyperlink"))
    assert len(links) == 1 and text_of(links[0]) == "THE PLAIN AND BOLD LINK"  # the link's spans share one link
    control = paragraphs[1].find(w("sdt"))
    assert control.find(f"{w('sdtPr')}/{w('id')}").get(w("val")) == "44" and text_of(control) == "YOUR NAME HERE"
    assert [etree.tostring(e) for e in paragraphs[2].iter(w("sdt"))] == \
        [etree.tostring(e) for e in body_paragraphs(path)[2].iter(w("sdt"))]
    assert paragraphs[3].find(f".//{w('drawing')}") is not None
    file.write(tmp_path / "both.docx", shout_all(file), bilingual=True)
    written = body_paragraphs(tmp_path / "both.docx")
    assert len(written) == 8 and text_of(written[3]) == "NAME: YOUR NAME HERE"
    assert written[3].find(f"{w('sdt')}/{w('sdtPr')}/{w('id')}").get(w("val")) != "44"  # ids stay unique
    assert written[5].find(w("sdt")) is None and text_of(written[5]) == "TITLE: "  # the bound control is not repeated
    ids = [element.get(w("val")) for element in Document(str(tmp_path / "both.docx")).element.body.iter(w("id"))]
    assert len(ids) == len(set(ids))
    assert written[7].find(f".//{w('drawing')}") is None  # the chart is not repeated
