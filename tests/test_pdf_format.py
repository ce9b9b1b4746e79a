"""PDFs translated into DOCX, Markdown and HTML, on real PDFs the tests make: pages of text written with pdfium's
standard font (pypdfium2), Qt's PDFs with Chinese text and a scanned page (conftest), a password-protected one
(pypdf) and damaged ones. The outputs are read back by python-docx, markdown-it and an HTML parser."""

from __future__ import annotations

import ctypes
from html.parser import HTMLParser
from pathlib import Path

import pytest

from assistant.core.formats.opening import open_file
from assistant.core.formats.pdf_file import PdfFile
from assistant.core.formats.translatable import FormatProblem

from translators import shout

DANUBE = ["The Danube is the second-longest river in Europe, after the Volga in Russia. It",
          "flows through much of Central and Southeastern Europe, from the Black Forest into",
          "the Black Sea."]
RIVERS = ["A river is a natural flowing watercourse, usually freshwater, flowing towards an",
          "ocean, sea, lake or another river. In some cases a river flows into the ground and",
          "becomes dry at the end of its course without reaching another body of water. Its trans-",
          "lation is hard."]
RHINE = ["The Rhine rises in the Swiss Alps and flows north through Germany into the North Sea.",
         "It carries more traffic than any other river in Europe, barges above all."]


def make_text_pdf(path: Path, pages: list[list[str]]) -> Path:
    """A PDF with a text layer in Helvetica, one text object per line; "# " starts a larger line (a heading), ""
    leaves a line's space."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    document = pdfium.PdfDocument.new()
    for lines in pages:
        page = document.new_page(595, 842)
        y = 780.0
        for line in lines:
            size = 18.0 if line.startswith("# ") else 10.0
            if line:
                text = raw.FPDFPageObj_NewTextObj(document, b"Helvetica", ctypes.c_float(size))
                data = (line.removeprefix("# ") + "\0").encode("utf-16-le")
                buffer = (ctypes.c_ubyte * len(data)).from_buffer_copy(data)
                raw.FPDFText_SetText(text, ctypes.cast(buffer, ctypes.POINTER(raw.FPDF_WCHAR)))
                raw.FPDFPageObj_Transform(text, 1, 0, 0, 1, 50, y)
                raw.FPDFPage_InsertObject(page, text)
            y -= size * 1.5
        page.gen_content()
    document.save(str(path))
    return path


@pytest.fixture
def report(tmp_path) -> Path:
    """Three pages under a running header, each numbered at its foot."""
    return make_text_pdf(tmp_path / "report.pdf", [
        ["Annual Report", "# Rivers of Europe", *DANUBE, "Rivers", *RIVERS, "1"],
        ["Annual Report", *RHINE, "2"],
        ["Annual Report", "Page 3 is short.", "", "Numbers:", "1,234 567", "3"],
    ])


def test_lines_become_paragraphs_and_what_every_page_repeats_is_left_out(report):
    opened = open_file(report)
    assert isinstance(opened, PdfFile) and opened.kind == "pdf" and opened.output_kinds[0] == "docx"
    assert [(s.text, s.where, s.tags) for s in opened.segments] == [
        ("Rivers of Europe", "Page 1", 0),
        (" ".join(DANUBE), "Page 1", 0),
        ("Rivers", "Page 1", 0),
        (" ".join(RIVERS).replace("trans- lation", "translation"), "Page 1", 0),  # pdfium joins "trans-" itself
        (" ".join(RHINE), "Page 2", 0),
        ("Page 3 is short.", "Page 3", 0),
        ("Numbers:", "Page 3", 0),
    ]
    assert [(b.text, b.heading) for b in opened.blocks if b.heading] == [("Rivers of Europe", True), ("Rivers", True)]
    assert [b.text for b in opened.blocks if b.segment is None] == ["1,234 567"]  # no words: kept, not translated
    assert [(s.where, s.what) for s in opened.skipped] == [
        ("Every page", "Page numbers, left out"),
        ("Every page", "The running header or footer “Annual Report”, left out")]
    assert opened.notes == []


def test_docx_has_the_paragraphs_headings_and_pages_of_the_pdf(report, tmp_path):
    import docx

    opened = PdfFile(report)
    out = tmp_path / "report.docx"
    opened.write(out, [shout(s.text) for s in opened.segments], language="fr")
    written = docx.Document(str(out))
    paragraphs = written.paragraphs
    assert [p.text for p in paragraphs] == [shout(b.text) for b in opened.blocks]
    assert [p.style.name for p in paragraphs] == ["Heading 1" if b.heading else "Normal" for b in opened.blocks]
    starts = [i for i, b in enumerate(opened.blocks) if i and opened.blocks[i - 1].page != b.page]
    assert [i for i, p in enumerate(paragraphs) if p.paragraph_format.page_break_before] == starts == [4, 5]
    assert _lang(written)["{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val"] == "fr"

    opened.write(out, [shout(s.text) for s in opened.segments], language="zh-Hans")  # written again, over it
    assert _lang(docx.Document(str(out)))[
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"] == "zh-CN"


def test_bilingual_docx_follows_each_paragraph_with_its_translation(report, tmp_path):
    import docx

    opened = PdfFile(report)
    out = tmp_path / "both.docx"
    translations = [shout(s.text) for s in opened.segments]
    translations[1] = None  # not translated yet: the source twice
    opened.write(out, translations, bilingual=True, language="fr")
    expected = []
    for block in opened.blocks:
        expected.append(block.text)
        if block.segment is not None:
            expected.append(translations[block.segment] or block.text)
    written = docx.Document(str(out))
    assert [p.text for p in written.paragraphs] == expected
    assert [p.style.name for p in written.paragraphs][:2] == ["Heading 1", "Heading 1"]
    assert _lang(written) == _lang(docx.Document())  # two languages: python-docx's own left as it is


def _lang(document) -> dict:
    from docx.oxml.ns import qn

    return dict(document.styles.element.find(f"{qn('w:docDefaults')}//{qn('w:lang')}").attrib)


def test_markdown_is_paragraphs_between_blank_lines_shown_as_written(report, tmp_path):
    from markdown_it import MarkdownIt

    opened = PdfFile(report)
    out = tmp_path / "report.md"
    marks = "1. *not* a list, <b>not</b> [a link](x) # _"
    opened.write(out, [marks if i == 5 else shout(s.text) for i, s in enumerate(opened.segments)], kind="md")
    text = out.read_text("utf-8")
    assert "Page 1" not in text and text.startswith("# RIVERS OF EUROPE\n\n" + shout(" ".join(DANUBE)) + "\n\n")
    tokens = MarkdownIt().parse(text)
    shown = [t for t in tokens if t.type == "inline"]
    assert [t.content for t in shown] != [] and len(shown) == len(opened.blocks)
    assert [tokens[i - 1].type for i, t in enumerate(tokens) if t.type == "inline"] == [
        "heading_open" if b.heading else "paragraph_open" for b in opened.blocks]
    rendered = MarkdownIt().render(text)
    assert "<p>1. *not* a list, &lt;b&gt;not&lt;/b&gt; [a link](x) # _</p>" in rendered


class _Html(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []
        self.texts: list[str] = []
        self.open = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self.texts.append("")

        self.open = True

    def handle_endtag(self, tag):
        self.open = False

    def handle_data(self, data):
        if self.texts and self.open:
            self.texts[-1] += data


def test_html_is_a_small_valid_document_in_the_translation_language(report, tmp_path):
    opened = PdfFile(report)
    out = tmp_path / "report.html"
    translations = [shout(s.text) for s in opened.segments]
    translations[0] = "<script>alert('x')</script> & Rivers"
    opened.write(out, translations, kind="html", language="zh-Hans")
    raw = out.read_bytes()
    assert raw.startswith(b"<!DOCTYPE html>") and b"<script>" not in raw
    parsed = _Html()
    parsed.feed(raw.decode("utf-8"))
    assert parsed.elements[0] == ("html", {"lang": "zh-Hans"}) and ("meta", {"charset": "utf-8"}) in parsed.elements
    body = [(tag, text) for (tag, _attrs), text in zip(parsed.elements, parsed.texts) if tag in ("h1", "p")]
    assert body[0] == ("h1", "<script>alert('x')</script> & Rivers")
    assert body[1:] == [("h1" if b.heading else "p", shout(b.text)) for b in opened.blocks[1:]]

    opened.write(out, translations, kind="html", bilingual=True, language="fr")
    parsed = _Html()
    parsed.feed(out.read_text("utf-8"))
    assert parsed.elements[0] == ("html", {})  # two languages: the page names none
    classes = [attrs.get("class") for tag, attrs in parsed.elements if tag in ("h1", "p")]
    assert classes[:4] == [None, "translation", None, "translation"]
    assert len(classes) == len(opened.blocks) + len(opened.segments)


def test_chinese_lines_join_without_spaces_and_a_scanned_page_needs_ocr(tmp_path, qapp):
    from assistant.core.images.ocr import Ocr
    from conftest import SCANNED, make_pdf

    long_chinese = ("长江是中国最长的河流，全长约六千三百公里，流经青海、西藏、四川、云南、重庆、湖北、湖南、"
                    "江西、安徽、江苏和上海，") * 2
    pdf = make_pdf(tmp_path / "rivers.pdf", long_chinese, SCANNED)
    import pypdfium2 as pdfium

    assert pdfium.PdfDocument(str(pdf))[0].get_textpage().get_text_bounded().count("\n") >= 2  # wrapped
    without = PdfFile(pdf)
    assert [s.text for s in without.segments] == [long_chinese]
    assert [(s.where, s.what) for s in without.skipped] == [
        ("Page 2", "A scanned page or one whose text is garbled: it is not read without text recognition.")]
    with_ocr = open_file(pdf, ocr=Ocr())
    assert [s.where for s in with_ocr.segments] == ["Page 1", "Page 2"] and with_ocr.skipped == []
    assert with_ocr.segments[1].text.replace(" ", "") == SCANNED
    assert with_ocr.notes == ["Read by text recognition, so check their text: pages 2."]
    out = tmp_path / "rivers.md"
    with_ocr.write(out, [None, None], kind="md")
    assert out.read_text("utf-8") == f"{long_chinese}\n\n{with_ocr.segments[1].text}\n"


@pytest.mark.parametrize("fault, message", [
    ("locked", "protected by a password"),
    ("truncated", "cannot be opened"),
    ("not a pdf", "cannot be opened"),
    ("empty", "cannot be opened"),
])
def test_a_pdf_that_cannot_be_read_is_refused_with_its_reason(tmp_path, report, fault, message):
    path = tmp_path / "bad.pdf"
    if fault == "locked":
        from pypdf import PdfWriter

        writer = PdfWriter(clone_from=str(report))
        writer.encrypt("secret")
        writer.write(str(path))
    elif fault == "truncated":
        path.write_bytes(report.read_bytes()[:300])
    elif fault == "not a pdf":
        path.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 4)
    else:
        path.write_bytes(b"")
    before = sorted(tmp_path.iterdir())
    with pytest.raises(FormatProblem, match=message):
        open_file(path)
    assert sorted(tmp_path.iterdir()) == before


def test_the_pdf_is_never_written_and_kinds_are_its_outputs(report):
    opened = PdfFile(report)
    with pytest.raises(FormatProblem, match="cannot replace the file"):
        opened.write(report, [None] * len(opened.segments), kind="md")
    with pytest.raises(ValueError):
        opened.write(report.with_suffix(".pdf2"), [None] * len(opened.segments), kind="pdf")
    with pytest.raises(ValueError):
        opened.write(report.with_suffix(".md"), [None], kind="md")
    assert not report.with_suffix(".md").exists()


@pytest.mark.parametrize("kind", ["docx", "md", "html"])
def test_each_output_opens_for_translation_with_the_translated_paragraphs(report, tmp_path, kind):
    opened = PdfFile(report)
    out = tmp_path / f"translated.{kind}"
    opened.write(out, [shout(s.text) for s in opened.segments], kind=kind)
    reopened = [s.text for s in open_file(out).segments if s.text != "report"]  # the HTML's title: the file's name
    assert reopened == [shout(s.text) for s in opened.segments]
