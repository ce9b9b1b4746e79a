"""A document's text, in sections that say where they are: a page of a PDF, a chapter of an EPUB, the whole of a
text file. Plain text, Markdown, HTML, DOCX (python-docx), PDF (pdf_pages) and EPUB (its XHTML, read here: the
one EPUB library on the index is AGPL)."""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote
from xml.etree import ElementTree

from assistant.core.documents.pdf_pages import UnreadableDocument, read_pdf
from assistant.core.i18n import translate

KINDS = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html",
         ".xhtml": "html", ".docx": "docx", ".pdf": "pdf", ".epub": "epub"}
# A text file larger than this is a log or a data dump, not a document to ask questions of.
MAX_TEXT_BYTES = 64 << 20
MAX_PACKED_BYTES = 512 << 20  # PDFs, DOCX and EPUB hold images; their text is a small part


@dataclass
class Section:
    text: str
    page: int | None = None  # a PDF's page, from 1
    title: str = ""  # a chapter's title (EPUB)
    ocr: bool = False
    unreadable: bool = False  # a page whose text could not be read at all


def kind_of(path: Path) -> str | None:
    return KINDS.get(path.suffix.lower())


def read_document(path: Path, ocr=None) -> Iterator[Section]:
    """Raises UnreadableDocument with a message for the user."""
    kind = kind_of(path)
    if kind is None:
        raise UnreadableDocument(translate("Documents", "Files of this kind ({suffix}) are not read.").format(
            suffix=path.suffix or path.name))
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnreadableDocument(translate("Documents", "The file cannot be read ({reason}).").format(
            reason=exc.strerror or exc)) from None
    limit = MAX_TEXT_BYTES if kind in ("text", "markdown", "html") else MAX_PACKED_BYTES
    if size > limit:
        raise UnreadableDocument(translate("Documents", "The file is too large to index ({size} MB; at most {limit} "
                                                        "MB for this kind).").format(size=size >> 20,
                                                                                     limit=limit >> 20))
    try:
        if kind in ("text", "markdown"):
            yield Section(_decode(path.read_bytes()))
        elif kind == "html":
            yield Section(html_text(_decode(path.read_bytes())))
        elif kind == "docx":
            yield from _docx(path)
        elif kind == "epub":
            yield from _epub(path)
        else:
            for page in read_pdf(path, ocr):
                yield Section(page.text, page=page.number, ocr=page.ocr, unreadable=page.unreadable)
    except OSError as exc:
        raise UnreadableDocument(translate("Documents", "The file cannot be read ({reason}).").format(
            reason=exc.strerror or exc)) from None


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16") if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableDocument(translate("Documents", "The text is neither UTF-8 nor GB18030, or is not text at all."))


class _TextOfHtml(HTMLParser):
    BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "blockquote",
              "pre", "table", "ul", "ol", "dt", "dd", "title", "header", "footer"}
    SKIP = {"script", "style", "noscript", "template", "svg", "head"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def html_text(html: str) -> str:
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    paragraphs = (" ".join(block.split()) for block in "".join(parser.parts).split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


def _docx(path: Path) -> Iterator[Section]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, ElementTree.ParseError) as exc:
        raise UnreadableDocument(translate("Documents", "The DOCX file is damaged or is not a Word document "
                                                        "({reason}).").format(reason=exc)) from None
    except Exception as exc:  # noqa: BLE001 - lxml's own errors, without importing lxml here
        raise UnreadableDocument(translate("Documents", "The DOCX file is damaged or is not a Word document "
                                                        "({reason}).").format(reason=exc)) from None
    blocks = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            blocks.append(" | ".join(cell.text for cell in row.cells))
    yield Section("\n\n".join(b.strip() for b in blocks if b.strip()))


def _epub(path: Path) -> Iterator[Section]:
    try:
        with zipfile.ZipFile(path) as book:
            container = ElementTree.fromstring(book.read("META-INF/container.xml"))
            rootfile = next(e.get("full-path") for e in container.iter() if e.tag.endswith("rootfile"))
            opf = ElementTree.fromstring(book.read(rootfile))
            base = posixpath.dirname(rootfile)
            items = {e.get("id"): e.get("href") for e in opf.iter() if e.tag.endswith("}item") or e.tag == "item"}
            spine = [e.get("idref") for e in opf.iter() if e.tag.endswith("itemref") or e.tag == "itemref"]
            for idref in spine:
                href = items.get(idref)
                if not href:
                    continue
                # A manifest's href is a URL: "chapter%201.xhtml" names "chapter 1.xhtml" in the package.
                member = posixpath.normpath(posixpath.join(base, unquote(href.split("#")[0])))
                text = html_text(_decode(book.read(member)))
                if text:
                    yield Section(text, title=text.split("\n", 1)[0][:120])
    except (zipfile.BadZipFile, KeyError, StopIteration, ElementTree.ParseError) as exc:
        raise UnreadableDocument(translate("Documents", "The EPUB file is damaged ({reason}).").format(
            reason=exc or "no content list")) from None
