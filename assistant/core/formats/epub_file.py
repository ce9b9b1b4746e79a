"""EPUB books, read without EbookLib (AGPL): META-INF/container.xml names the package (OPF), whose spine gives the
chapters' order. Each XHTML chapter is translated as an HTML page (html_file), and so are the book's title and its
table of contents (the EPUB 2 toc.ncx, the EPUB 3 navigation page). The book is written as a new package with the
mimetype first and stored, the members in the same order, every member not translated copied as it was."""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from assistant.core.formats.html_file import XML_HEAD, HtmlDocument, decode_page, parse_xml
from assistant.core.formats.inline_tags import strip_tags
from assistant.core.formats.safe_zip import SafeZip
from assistant.core.formats.translatable import FormatProblem, Segment, Skipped, TranslatableFile, \
    translated_or_source, write_atomically
from assistant.core.i18n import translate

CONTAINER = "META-INF/container.xml"
DC = "{http://purl.org/dc/elements/1.1/}"
XHTML_TYPES = ("application/xhtml+xml", "text/html")
NCX_TYPE = "application/x-dtbncx+xml"


def _local(element) -> str:
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""


def _xml(data: bytes, name: str):
    try:
        return parse_xml(decode_page(data)[0])
    except (FormatProblem, etree.XMLSyntaxError) as exc:
        raise FormatProblem(translate("Formats", "The book is damaged: {name} cannot be read ({reason}).").format(
            name=name, reason=exc)) from None


class _Page:
    """A chapter, or the navigation page, as an HTML page."""

    def __init__(self, name: str, data: bytes):
        self.name = name
        try:
            text, self.codec = decode_page(data)
            self.page = HtmlDocument(text, xml=True)
        except FormatProblem as problem:
            raise FormatProblem(translate("Formats", "The chapter {name} is damaged: {reason}").format(
                name=name, reason=problem)) from None
        where = self.page.title or posixpath.basename(name)
        self.segments = [replace(segment, where=where) for segment in self.page.segments]

    def render(self, translations, bilingual: bool, language: str | None) -> bytes:
        return self.page.render(translations, bilingual, language).encode(self.codec, "xmlcharrefreplace")


class _Texts:
    """An XML member whose elements' texts are segments: the package's titles (and language), the toc.ncx labels."""

    def __init__(self, name: str, data: bytes, where: str, wanted):
        self.name, self.data, self.wanted, self.where = name, data, wanted, where
        self.segments = [Segment(" ".join(e.text.split()), where) for e in self._elements(_xml(data, name))]

    def _elements(self, root):
        return [e for e in root.iter() if self.wanted(e) and any(char.isalpha() for char in e.text or "")]

    def render(self, translations, bilingual: bool, language: str | None) -> bytes:
        root = _xml(self.data, self.name)
        for element, segment, text in zip(self._elements(root), self.segments, translations):
            if text is not None:
                element.text = f"{segment.text} / {strip_tags(text)}" if bilingual else strip_tags(text)
        if language and _local(root) == "package":
            metadata = next((e for e in root if _local(e) == "metadata"), None)
            named = next((e for e in root.iter(DC + "language")), None)
            if named is None and metadata is not None:
                named = etree.SubElement(metadata, DC + "language")
            if named is not None:
                named.text = language
        text, codec = decode_page(self.data)
        return (XML_HEAD.match(text).group(0) + etree.tostring(root.getroottree(), encoding="unicode")).encode(codec, "xmlcharrefreplace")


class EpubFile(TranslatableFile):
    kind = "epub"
    output_kinds = ("epub",)

    def __init__(self, path: Path):
        super().__init__(path)
        with SafeZip(self.path) as book:
            self.parts = self._read(book)
        self.segments = [segment for part in self.parts for segment in part.segments]
        if not self.segments:
            raise FormatProblem(translate("Formats", "The book has no text to translate."))

    def _read(self, book: SafeZip) -> list:
        container = _xml(book.read(CONTAINER), CONTAINER)
        package = next((e.get("full-path") for e in container.iter() if _local(e) == "rootfile"
                        and e.get("full-path")), None)
        if package is None:
            raise FormatProblem(translate("Formats", "The book is damaged: its container names no package."))
        opf = _xml(book.read(package), package)
        base = posixpath.dirname(package)
        manifest = {e.get("id"): (posixpath.normpath(posixpath.join(base, unquote(e.get("href") or ""))),
                                  e.get("media-type") or "", (e.get("properties") or "").split())
                    for e in opf.iter() if _local(e) == "item"}
        spine = next((e for e in opf.iter() if _local(e) == "spine"), None)
        order = [e.get("idref") for e in (spine if spine is not None else []) if _local(e) == "itemref"]
        if not order or any(idref not in manifest for idref in order):
            raise FormatProblem(translate("Formats", "The book is damaged: its spine names chapters its manifest "
                                                     "lacks, or none."))
        protected = self._protected(book)
        parts: list = [_Texts(package, book.read(package), translate("Formats", "Book title"),
                              lambda e: e.tag == DC + "title")]
        pages = [manifest[idref] for idref in order]
        pages += [item for item in manifest.values() if "nav" in item[2] and item not in pages]
        for name, media_type, _properties in pages:
            if media_type not in XHTML_TYPES:
                self.skipped.append(Skipped(posixpath.basename(name), translate(
                    "Formats", "A page that is not XHTML ({type}), kept as it is").format(type=media_type)))
            elif name in protected:
                raise FormatProblem(translate("Formats", "The book is protected (DRM); it cannot be translated."))
            else:
                parts.append(_Page(name, book.read(name)))
        ncx = spine.get("toc") if spine is not None else None
        ncx = manifest.get(ncx) or next((item for item in manifest.values() if item[1] == NCX_TYPE), None)
        if ncx is not None:
            parts.append(_Texts(ncx[0], book.read(ncx[0]), translate("Formats", "Table of contents"),
                                lambda e: _local(e) == "text" and _local(e.getparent()) in ("navLabel", "docTitle")))
        return parts

    @staticmethod
    def _protected(book: SafeZip) -> set[str]:
        """Members the book encrypts (a publisher's DRM; fonts that are only obfuscated are not chapters)."""
        if "META-INF/encryption.xml" not in book.names:
            return set()
        root = _xml(book.read("META-INF/encryption.xml"), "META-INF/encryption.xml")
        return {unquote(e.get("URI") or "") for e in root.iter() if _local(e) == "CipherReference"}

    def write(self, path: Path, translations: Sequence[str | None], bilingual: bool = False,
              kind: str | None = None, language: str | None = None) -> None:
        translated_or_source(self.segments, translations)  # the count checked before anything is written
        language = None if bilingual else language
        changed: dict[str, bytes] = {}
        start = 0
        for part in self.parts:
            chunk = list(translations[start:start + len(part.segments)])
            start += len(part.segments)
            if any(text is not None for text in chunk) or (language and part is self.parts[0]):
                changed[part.name] = part.render(chunk, bilingual, language)
        write_atomically(path, lambda temporary: self._pack(temporary, changed), self.path)

    def _pack(self, temporary: Path, changed: dict[str, bytes]) -> None:
        with SafeZip(self.path) as book, zipfile.ZipFile(temporary, "w") as out:
            members = book.zip.infolist()
            first = next((info for info in members if info.filename == "mimetype"), None)
            out.writestr(zipfile.ZipInfo("mimetype", first.date_time if first else (1980, 1, 1, 0, 0, 0)),
                         book.read("mimetype") if first else b"application/epub+zip", zipfile.ZIP_STORED)
            for info in members:
                if info.filename == "mimetype":
                    continue
                member = zipfile.ZipInfo(info.filename, info.date_time)
                member.compress_type, member.external_attr = info.compress_type, info.external_attr
                out.writestr(member, changed[info.filename] if info.filename in changed else book.read(info.filename))
