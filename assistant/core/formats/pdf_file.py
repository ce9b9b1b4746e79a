"""A PDF translated into a document that can be edited: its pages read in reading order (the text layer with pdfium,
scanned pages with OCR when there is one), their lines put back into paragraphs, and the translation written as
DOCX, Markdown or HTML. A PDF is never written back as a PDF: its text is placed glyph by glyph, and a translation
of another length does not fit in the same places.

Lines become paragraphs by what a page shows of them: a paragraph's lines run to about the full width, and its last
line is short or ends a sentence; a short line alone between paragraphs, not ending a sentence, is a heading. A
word hyphenated at a line's end is joined again. A line that opens or closes every page the same way (a running
header, a footer, a page number) is left out and listed in ``skipped``, once."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.core.formats.inline_tags import strip_tags
from assistant.core.formats.translatable import FormatProblem, Segment, Skipped, TranslatableFile, \
    translated_or_source, write_atomically
from assistant.core.i18n import translate

_SENTENCE_END = tuple(".!?…:;。！？；：\"”’»)）」』")
_NOT_A_HEADING_END = tuple(".,;:!?。，；：！？、-–—")
FULL_LINE = 0.85  # a line this much of the page's full width, ending a sentence, may still go on
SHORT_LINE = 0.6  # a line under this much of the full width ends its paragraph, or is a heading
MAX_HEADING = 90  # characters
FEW_LINES = 12
_PAGE_NUMBER = re.compile(r"[-–—(\[ ]*\d{1,4}(\s*/\s*\d{1,4})?[-–—)\] ]*")  # "3", "- 3 -", "3 / 10"
USUAL_FULL_LINE = 60  # characters (a Chinese one counts two)


@dataclass
class Block:
    """A paragraph of one page: text to translate (``segment`` its index) or text with no words, kept as it is."""

    page: int
    text: str
    heading: bool = False
    segment: int | None = None


class PdfFile(TranslatableFile):
    kind = "pdf"
    output_kinds = ("docx", "md", "html")

    def __init__(self, path: Path, ocr=None):
        super().__init__(path)
        import pypdfium2 as pdfium

        from assistant.core.documents.pdf_pages import UnreadableDocument, read_pdf

        pages: list[tuple[int, list[str]]] = []
        ocr_pages = []
        try:
            for page in read_pdf(self.path, ocr):
                if page.unreadable:
                    self.skipped.append(Skipped(
                        translate("Formats", "Page {number}").format(number=page.number),
                        translate("Formats", "A scanned page or one whose text is garbled: text recognition could "
                                             "not read it.") if ocr is not None else
                        translate("Formats", "A scanned page or one whose text is garbled: it is not read without "
                                             "text recognition.")))
                    continue
                if page.ocr:
                    ocr_pages.append(page.number)
                pages.append((page.number, _lines(page.text)))
        except UnreadableDocument as exc:
            raise FormatProblem(str(exc)) from None
        except pdfium.PdfiumError as exc:  # a page damaged past what opening the document found
            raise FormatProblem(translate("Formats", "The file is damaged ({reason}).").format(reason=exc)) from None
        if ocr_pages:
            self.notes.append(translate("Formats", "Read by text recognition, so check their text: pages {pages}."
                                        ).format(pages=", ".join(map(str, ocr_pages))))
        self._drop_running_lines(pages)
        full = _full_width([line for _number, lines in pages for line in lines])
        self.blocks: list[Block] = []
        for number, lines in pages:
            for text, heading in _paragraphs(lines, full):
                block = Block(number, text, heading)
                if _has_words(text):
                    block.segment = len(self.segments)
                    self.segments.append(Segment(text, translate("Formats", "Page {number}").format(number=number)))
                self.blocks.append(block)

    def _drop_running_lines(self, pages: list[tuple[int, list[str]]]) -> None:
        """Page numbers at a page's top or bottom, and a short first or last line that every page (three or more)
        has, its numbers aside: they belong to the printed page, not to the text."""
        numbers_found = False
        for _number, lines in pages:
            for end in (0, -1):
                while lines and not lines[end]:
                    lines.pop(end)
                if lines and _PAGE_NUMBER.fullmatch(lines[end]):
                    numbers_found = True
                    lines.pop(end)
                    while lines and not lines[end]:
                        lines.pop(end)
        if numbers_found:
            self.skipped.append(Skipped(translate("Formats", "Every page"), translate("Formats", "Page numbers, left "
                                                                                               "out")))
        with_text = [lines for _number, lines in pages if lines]
        if len(with_text) < 3:
            return
        for end in (0, -1):
            shapes = {re.sub(r"\d+", "#", lines[end]) for lines in with_text if lines}
            if len(shapes) != 1 or any(not lines for lines in with_text) or len(with_text[0][end]) > MAX_HEADING:
                continue
            line = with_text[0][end]
            for lines in with_text:
                lines.pop(end)
            self.skipped.append(Skipped(translate("Formats", "Every page"),
                                        translate("Formats", "The running header or footer “{text}”, left out"
                                                  ).format(text=line)))

    def write(self, path: Path, translations: Sequence[str | None], bilingual: bool = False,
              kind: str | None = None, language: str | None = None) -> None:
        kind = kind or self.output_kinds[0]
        if kind not in self.output_kinds:
            raise ValueError(f"a PDF is written as {', '.join(self.output_kinds)}, not {kind}")
        texts = [strip_tags(text) if given is not None else text
                 for text, given in zip(translated_or_source(self.segments, translations), translations)]
        language = None if bilingual else language
        # Each page's paragraphs as (text, heading, is a translation), a translation after its source when the
        # file is bilingual.
        pages: list[list[tuple[str, bool, bool]]] = []
        for index, block in enumerate(self.blocks):
            if not index or self.blocks[index - 1].page != block.page:
                pages.append([])
            if block.segment is None or bilingual:
                pages[-1].append((block.text, block.heading, False))
            if block.segment is not None:
                pages[-1].append((texts[block.segment], block.heading, bilingual))
        writer = {"docx": _write_docx, "md": _write_markdown, "html": _write_html}[kind]
        write_atomically(path, lambda temporary: writer(temporary, pages, language, self.path.stem), self.path)


def _lines(text: str) -> list[str]:
    """The page's lines, stripped, blank ones as ""; pdfium marks a word it found hyphenated across a line with
    U+0002 and already joins the line, so the mark just goes."""
    text = re.sub(r"\x02\s*", "", text.replace("\r\n", "\n").replace("\r", "\n"))
    return [line.strip() for line in text.split("\n")]


def _has_words(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _full_width(lines: list[str]) -> int:
    """About the width of a full line of body text: the longest lines, a few very long ones (a URL, a table row)
    aside. A handful of lines tells nothing of the page's width: a line is taken as full from a usual page's."""
    widths = sorted(_width(line) for line in lines if line)
    full = widths[int(len(widths) * 0.9)] if widths else 0
    return max(full, USUAL_FULL_LINE) if len(widths) < FEW_LINES else full


def _paragraphs(lines: list[str], full: int) -> list[tuple[str, bool]]:
    """The page's lines as paragraphs, (text, heading)."""
    out: list[tuple[str, bool]] = []
    current: list[str] = []

    def close(heading: bool = False) -> None:
        if current:
            out.append((_join(current), heading))
            current.clear()

    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if not line:
            close()
            continue
        if not current and _is_heading(line, following, full):
            current.append(line)
            close(heading=True)
            continue
        current.append(line)
        width = _width(line)
        continues = following[:1].islower() or line.endswith(("-", ",", "，", "、"))
        if not following or (not continues and (
                width < full * SHORT_LINE or (line.endswith(_SENTENCE_END) and width < full * FULL_LINE))):
            close()
    close()
    return out


def _is_heading(line: str, following: str, full: int) -> bool:
    return (_has_words(line) and len(line) <= MAX_HEADING and _width(line) < full * SHORT_LINE
            and not line.endswith(_NOT_A_HEADING_END) and not line[:1].islower() and not following[:1].islower())


def _join(lines: list[str]) -> str:
    text = lines[0]
    for line in lines[1:]:
        if text.endswith("-") and text[-2:-1].isalpha() and line[:1].islower():
            text = text[:-1] + line  # "trans-" / "lation"
        elif _width(text[-1]) == 2 or _width(line[0]) == 2:
            text += line  # Chinese and Japanese lines join without a space
        else:
            text += " " + line
    return text


# Writers: ``pages`` is each page's paragraphs as (text, heading, is a translation) ---------------------------------

Pages = list[list[tuple[str, bool, bool]]]

_WORD_LANGUAGES = {"zh-Hans": "zh-CN", "zh-Hant": "zh-TW"}


def _write_docx(path: Path, pages: Pages, language: str | None, title: str) -> None:
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    document.core_properties.title = title
    if language:
        _set_docx_language(document, _WORD_LANGUAGES.get(language, language), OxmlElement, qn)
    for page_index, page in enumerate(pages):
        for paragraph_index, (text, heading, _translated) in enumerate(page):
            paragraph = document.add_paragraph(text, style="Heading 1" if heading else None)
            if page_index and not paragraph_index:
                paragraph.paragraph_format.page_break_before = True
    document.save(str(path))


def _set_docx_language(document, code: str, make, qn) -> None:
    """The proofing language of the whole document, in its default run properties (East Asian text has its own)."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = make("w:docDefaults")
        document.styles.element.insert(0, defaults)
    run_default = defaults.find(qn("w:rPrDefault"))
    if run_default is None:
        run_default = make("w:rPrDefault")
        defaults.insert(0, run_default)
    properties = run_default.find(qn("w:rPr"))
    if properties is None:
        properties = make("w:rPr")
        run_default.append(properties)
    lang = properties.find(qn("w:lang"))
    if lang is None:
        lang = make("w:lang")
        properties.append(lang)
    lang.set(qn("w:eastAsia" if code.split("-")[0] in ("zh", "ja", "ko") else "w:val"), code)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_MARKDOWN_LINE_START = re.compile(r"^(\s*)([#>+\-=]|\d+[.)])")


def _markdown_text(text: str) -> str:
    """Text that Markdown shows as it is, one paragraph: its marks escaped, and a start that would make a list or a
    heading."""
    text = re.sub(r"\s*\n\s*", " ", text.strip())
    return _MARKDOWN_LINE_START.sub(lambda m: m.group(1) + re.sub(r"([#>+\-=.)])", r"\\\1", m.group(2)),
                                    _MARKDOWN_SPECIAL.sub(r"\\\1", text))


def _write_markdown(path: Path, pages: Pages, _language: str | None, _title: str) -> None:
    paragraphs = [("# " if heading else "") + _markdown_text(text)
                  for page in pages for text, heading, _translated in page]
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")


def _write_html(path: Path, pages: Pages, language: str | None, title: str) -> None:
    lang = f' lang="{html.escape(language)}"' if language else ""
    body = []
    for page in pages:
        for text, heading, translated in page:
            name = "h1" if heading else "p"
            mark = ' class="translation"' if translated else ""
            body.append(f"<{name}{mark}>{html.escape(text, quote=False)}</{name}>")
    path.write_text(f'<!DOCTYPE html>\n<html{lang}>\n<head>\n<meta charset="utf-8">\n<title>'
                    f"{html.escape(title, quote=False)}</title>\n</head>\n<body>\n" + "\n".join(body)
                    + "\n</body>\n</html>\n", encoding="utf-8")
