"""PowerPoint presentations: each slide's text in reading order (its shapes from the top left, groups opened, tables
cell by cell), then its speaker notes; a paragraph whose runs differ (a bold word, a link) carries them as inline
tags, and each run is written back with its own formatting. Charts, SmartArt and embedded objects keep their text
and are listed as skipped.

python-pptx reads the presentation (after the package passed ``check_package``); the translation is written by
copying every part of the package as it was, but the slides and notes whose text changed, so what Hearth does not
translate (pictures, charts, layouts, media) is kept byte for byte."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from copy import deepcopy
from dataclasses import dataclass, field
from pathlib import Path

from assistant.core.formats.inline_tags import Span, encode, spans_of, tag_count
from assistant.core.formats.safe_zip import SafeZip, check_package
from assistant.core.formats.translatable import FormatProblem, Segment, Skipped, TranslatableFile, \
    translated_or_source, write_atomically
from assistant.core.i18n import translate

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_DIAGRAM = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
_ALTERNATE = "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"
# A run's attributes that say nothing of how it looks: runs that differ only in these are one span.
_NOT_FORMATTING = ("lang", "altLang", "dirty", "err", "noProof", "smtClean", "smtId", "bmk")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_LANGUAGES = {"zh-Hans": "zh-CN", "zh-Hant": "zh-TW"}


@dataclass
class _Paragraph:
    """A paragraph (``a:p``) read into spans: each text span written back with ``formats[tag]`` (a run's ``a:rPr``
    or None), each mark (a line break, a field, an equation) copied from ``marks[tag]`` as it was."""

    element: object
    part: object
    where: str
    spans: list[Span]
    formats: dict[int, object] = field(default_factory=dict)
    marks: dict[int, object] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return encode(self.spans)


class PptxFile(TranslatableFile):
    kind = "pptx"
    output_kinds = ("pptx",)

    def __init__(self, path: Path):
        super().__init__(path)
        paragraphs = self._read()[1]
        self.segments = [Segment(p.text, p.where, tag_count(p.spans)) for p in paragraphs]

    def _read(self):
        """The presentation, opened afresh, and its paragraphs that have words to translate, in reading order (the
        skipped parts listed again)."""
        from lxml import etree
        from pptx import Presentation
        from pptx.exc import PythonPptxError

        check_package(self.path)
        self.skipped = []
        try:
            presentation = Presentation(str(self.path))
            paragraphs: list[_Paragraph] = []
            for number, slide in enumerate(presentation.slides, 1):
                where = translate("Formats", "Slide {number}").format(number=number)
                for _newer in slide.shapes._spTree.iterchildren(_ALTERNATE):
                    self.skipped.append(Skipped(where, translate("Formats", "Content made for newer versions of "
                                                                            "PowerPoint, left as it is")))
                for shape in _in_reading_order(slide.shapes):
                    self._shape(shape, slide.part, number, paragraphs)
                if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None:
                    notes = translate("Formats", "Slide {number} notes").format(number=number)
                    self._text_frame(slide.notes_slide.notes_text_frame, slide.notes_slide.part, notes, paragraphs)
        except (etree.LxmlError, PythonPptxError, ValueError, KeyError, TypeError, AttributeError, IndexError,
                zipfile.BadZipFile) as exc:  # python-pptx's own complaints about a damaged presentation
            raise FormatProblem(translate("Formats", "The file is damaged or is not what its name says ({reason})."
                                          ).format(reason=exc)) from None
        return presentation, paragraphs

    def _shape(self, shape, part, number: int, paragraphs: list[_Paragraph]) -> None:
        from pptx.shapes.graphfrm import GraphicFrame
        from pptx.shapes.group import GroupShape
        from pptx.spec import GRAPHIC_DATA_URI_CHART, GRAPHIC_DATA_URI_OLEOBJ

        where = translate("Formats", "Slide {number}").format(number=number)
        if isinstance(shape, GroupShape):
            for child in _in_reading_order(shape.shapes):
                self._shape(child, part, number, paragraphs)
        elif isinstance(shape, GraphicFrame):
            kind = shape._element.graphicData_uri
            if shape.has_table:
                cells = translate("Formats", "Slide {number}, table").format(number=number)
                for row in shape.table.rows:
                    for cell in row.cells:
                        if not cell.is_spanned:
                            self._text_frame(cell.text_frame, part, cells, paragraphs)
            elif kind == GRAPHIC_DATA_URI_CHART:
                self.skipped.append(Skipped(where, translate("Formats", "A chart, left as it is")))
            elif kind == GRAPHIC_DATA_URI_OLEOBJ:
                self.skipped.append(Skipped(where, translate("Formats", "An embedded object, left as it is")))
            elif kind == _DIAGRAM:
                self.skipped.append(Skipped(where, translate("Formats", "SmartArt, left as it is")))
            else:
                self.skipped.append(Skipped(where, translate("Formats", "A graphic of a kind Hearth does not "
                                                                        "know, left as it is")))
        elif shape.has_text_frame:
            self._text_frame(shape.text_frame, part, where, paragraphs)

    def _text_frame(self, frame, part, where: str, paragraphs: list[_Paragraph]) -> None:
        for element in frame._txBody.iterchildren(f"{_A}p"):
            paragraph = _read_paragraph(element, part, where)
            if any(tag in paragraph.marks and _is_equation(paragraph.marks[tag]) for _text, tag in paragraph.spans):
                self.skipped.append(Skipped(where, translate("Formats", "An equation, left as it is")))
            if any(ch.isalpha() for text, _tag in paragraph.spans for ch in text):
                paragraphs.append(paragraph)

    def write(self, path: Path, translations: Sequence[str | None], bilingual: bool = False,
              kind: str | None = None, language: str | None = None) -> None:
        if kind not in (None, "pptx"):
            raise ValueError(f"a presentation is written as PPTX, not {kind}")
        texts = translated_or_source(self.segments, translations)
        _presentation, paragraphs = self._read()
        if [p.text for p in paragraphs] != [s.text for s in self.segments]:
            raise FormatProblem(translate("Formats", "The file changed after it was opened; open it again."))
        language = None if bilingual else _LANGUAGES.get(language or "", language)
        changed = {}
        for paragraph, text, given in zip(paragraphs, texts, translations):
            if given is None and not bilingual:
                continue
            target = paragraph.element
            if bilingual:
                target = deepcopy(paragraph.element)
                paragraph.element.addnext(target)
            spans, _tags_kept = spans_of(text, paragraph.spans)
            _rebuild(target, paragraph, spans, None if given is None else language)
            changed[str(paragraph.part.partname).lstrip("/")] = paragraph.part
        blobs = {name: part.blob for name, part in changed.items()}
        write_atomically(path, lambda temporary: _repack(self.path, temporary, blobs), self.path)


def _in_reading_order(shapes) -> list:
    """Top to bottom, then left to right (a placeholder's place is its layout's when the slide does not say)."""
    return sorted(shapes, key=lambda shape: (shape.top or 0, shape.left or 0))


def _format_key(properties) -> bytes:
    if properties is None:
        return b""
    properties = deepcopy(properties)
    for name in _NOT_FORMATTING:
        properties.attrib.pop(name, None)
    if not len(properties) and not properties.attrib:
        return b""
    from lxml import etree

    return etree.tostring(properties, method="c14n", exclusive=True)


def _read_paragraph(element, part, where: str) -> _Paragraph:
    """Runs that look alike, next to each other, are one span; the look with the most text is the plain text (tag
    0), every other run a tag pair, and what is not a run with text a mark."""
    pieces: list[list] = []  # [key, formatting, text] for text, [None, element, ""] for a mark
    for child in element:
        if not isinstance(child.tag, str) or child.tag in (f"{_A}pPr", f"{_A}endParaRPr"):
            continue
        text = child.findtext(f"{_A}t") if child.tag == f"{_A}r" else None
        if text:
            properties = child.find(f"{_A}rPr")
            key = _format_key(properties)
            if pieces and pieces[-1][0] == key:
                pieces[-1][2] += text
            else:
                pieces.append([key, properties, text])
        else:
            pieces.append([None, child, ""])
    lengths: dict[bytes, int] = {}
    for key, _properties, text in pieces:
        if key is not None:
            lengths[key] = lengths.get(key, 0) + len(text)
    plain = max(lengths, key=lengths.__getitem__) if lengths else None
    paragraph = _Paragraph(element, part, where, [])
    tags = 0
    for key, properties, text in pieces:
        if key is not None and key == plain:
            paragraph.formats.setdefault(0, properties)
            paragraph.spans.append((text, 0))
            continue
        tags += 1
        (paragraph.marks if key is None else paragraph.formats)[tags] = properties
        paragraph.spans.append((text, tags))
    return paragraph


def _is_equation(element) -> bool:
    return element.tag == _ALTERNATE or element.tag.endswith("}m")


def _rebuild(target, paragraph: _Paragraph, spans: Sequence[Span], language: str | None) -> None:
    """``target`` (the paragraph, or its copy in a bilingual file) given ``spans``: every run and mark taken out,
    then one run per text span with its source run's formatting, and each mark as it was."""
    from lxml import etree

    for child in list(target):
        if isinstance(child.tag, str) and child.tag not in (f"{_A}pPr", f"{_A}endParaRPr"):
            target.remove(child)
    end = target.find(f"{_A}endParaRPr")
    if language and end is not None:
        end.set("lang", language)
    for text, tag in spans:
        if tag in paragraph.marks:
            piece = deepcopy(paragraph.marks[tag])
        else:
            piece = etree.Element(f"{_A}r")
            properties = paragraph.formats.get(tag)
            if properties is not None:
                piece.append(deepcopy(properties))
            if language:
                if properties is None:
                    etree.SubElement(piece, f"{_A}rPr")
                piece[0].set("lang", language)
            etree.SubElement(piece, f"{_A}t").text = _NOT_XML.sub("", re.sub(r"\s*[\r\n]+\s*", " ", text))
        if end is not None:
            end.addprevious(piece)
        else:
            target.append(piece)


def _repack(source: Path, out: Path, blobs: dict[str, bytes]) -> None:
    """The source package with ``blobs`` in place of those members; every other member copied as it was, in the
    same order."""
    with SafeZip(source) as package, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as written:
        by_name = {name.lower(): name for name in package.names}
        replaced = {by_name.get(name.lower(), name): blob for name, blob in blobs.items()}
        if set(replaced) - set(package.names):
            raise FormatProblem(translate("Formats", "The file changed after it was opened; open it again."))
        for info in package.zip.infolist():
            member = zipfile.ZipInfo(info.filename, info.date_time)
            member.compress_type = info.compress_type
            member.external_attr = info.external_attr
            written.writestr(member, replaced.get(info.filename) or package.read(info.filename))
