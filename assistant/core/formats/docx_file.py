"""Word documents (.docx), read and written at the level of the package's XML, so that every part the translation
does not change is written back byte for byte (python-docx would reserialise them all, and it does not reach
footnotes, endnotes or text boxes).

What is translated, in this order: the body (paragraphs, and the paragraphs of every table cell, nested tables
too), the headers and footers of every section (each part once: a section linked to the previous one has no part
of its own), footnotes, endnotes. Text boxes are translated after the paragraph they are anchored in; a text box
Word keeps in two versions (DrawingML, and VML for older programs) is translated in both when they hold the same
paragraphs, and is listed in ``skipped`` and left as it is when they do not. Each paragraph is one segment; its
inline formatting, links and non-text marks travel as inline tags (docx_paragraph.py).

Kept exactly as they are, and listed in ``skipped``: fields (a complex field's code and result, from its begin to
its end even across paragraphs, such as a table of contents; a simple field), equations, charts, SmartArt,
embedded objects, content controls Word fills from the document's properties, imported parts (altChunk), and
comments (their part is not changed). Tracked changes stay tracked: deleted text is never translated nor removed
(it keeps its place among the translated words as a mark), and inserted text is translated and stays marked as
inserted by its author, so accepting or rejecting the changes in Word still works on the translation.

Writing: a translated paragraph is rebuilt from the translation's spans, each a run with a copy of its source
span's run properties (so bold stays on the words the model tagged, and right-to-left runs keep ``w:rtl``); its
paragraph properties (style, numbering, bidi, section) are untouched. ``language`` sets ``w:lang`` on the runs
written (``w:eastAsia`` for Chinese, Japanese and Korean, ``w:bidi`` for right-to-left languages). Bilingual: each
translated paragraph is followed by a copy of it holding the translation; the copy of a list item keeps the
item's indentation but not its number, and takes over the section break when the paragraph ended a section.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from assistant.core.formats.docx_paragraph import MC_ALTERNATE, MC_CHOICE, MC_FALLBACK, P, PPR, TXBX_CONTENT, \
    Fields, Ids, Inline, w
from assistant.core.formats.inline_tags import spans_of
from assistant.core.formats.safe_zip import SafeZip
from assistant.core.formats.translatable import FormatProblem, Segment, Skipped, TranslatableFile, write_atomically
from assistant.core.i18n import translate

PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
WORD_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
}
NOTE_TYPES = ("separator", "continuationSeparator", "continuationNotice")
# Hearth's language codes as Word names proofing languages; others go as they are (Word reads BCP 47 tags)
WORD_LANGUAGES = {"en": "en-US", "zh-Hans": "zh-CN", "zh-Hant": "zh-TW", "ja": "ja-JP", "ko": "ko-KR", "fr": "fr-FR",
                  "de": "de-DE", "es": "es-ES", "it": "it-IT", "pt": "pt-PT", "ru": "ru-RU", "nl": "nl-NL",
                  "pl": "pl-PL", "tr": "tr-TR", "ar": "ar-SA", "he": "he-IL", "fa": "fa-IR", "ur": "ur-PK",
                  "uk": "uk-UA", "sv": "sv-SE", "vi": "vi-VN", "th": "th-TH", "id": "id-ID", "hi": "hi-IN"}
RIGHT_TO_LEFT = ("ar", "he", "fa", "ur", "yi", "ps")
EAST_ASIAN = ("zh", "ja", "ko")


@dataclass
class Unit:
    """A paragraph that is a segment, the part it is in, and the copies of it that must read the same (a text
    box's VML version)."""

    inline: Inline
    where: str
    part: str
    mirrors: list[Inline] = field(default_factory=list)


class DocxFile(TranslatableFile):
    kind = "docx"
    output_kinds = ("docx",)

    def __init__(self, path: Path):
        super().__init__(path)
        with SafeZip(self.path) as package:  # the limits are checked before anything is unpacked
            names = set(package.names)
            if "[Content_Types].xml" not in names or "_rels/.rels" not in names:
                raise FormatProblem(translate("Formats", "The file is not a Word document."))
            main = _main_part(package, names)
            relationships = _relationships(package, names, main)
            self._sources: dict[str, bytes] = {main: package.read(main)}
            document = _parse(self._sources[main], main)
            if document.tag != w("document"):
                raise FormatProblem(translate("Formats", "This Word document is saved as Strict Open XML, which "
                                                         "cannot be translated; save it as a usual .docx."))
            self._stories = [(main, "document")] + _header_parts(document, relationships, names)
            for suffix in ("footnotes", "endnotes"):
                self._stories += [(name, suffix) for kind, name in relationships.values() if kind == suffix]
            for name, _role in self._stories:
                if name not in self._sources:
                    self._sources[name] = package.read(name)
            self._numbering = next((package.read(name) for kind, name in relationships.values()
                                    if kind == "numbering"), None)
            comments = [package.read(name) for kind, name in relationships.values() if kind == "comments"]
        reading = self._read()
        self.segments = [Segment(unit.inline.text, unit.where, unit.inline.tags) for unit in reading.units]
        self.skipped = reading.skipped
        for data in comments:
            for number, _comment in enumerate(_parse(data, "comments").iter(w("comment")), 1):
                self.skipped.append(Skipped(translate("Formats", "Comment {number}").format(number=number),
                                            translate("Formats", "A comment, left untranslated")))
        if reading.tracked:
            self.notes.append(translate("Formats", "Tracked changes stay tracked: inserted text is translated and "
                                                   "still marked as inserted, deleted text is kept as it was."))
        if reading.fields:
            self.notes.append(translate("Formats", "Fields keep the text they showed (a table of contents, "
                                                   "cross-references); update them in Word after translating."))

    def _read(self) -> "_Reading":
        """The parts parsed afresh and walked: the same units in the same order each time, so that writing (which
        changes the trees) can be done again."""
        reading = _Reading()
        for name, role in self._stories:
            root = _parse(self._sources[name], name)
            reading.roots[name] = root
            reading.part = name
            if role == "document":
                body = root.find(w("body"))
                if body is not None:
                    reading.story(body, None)
            elif role == "header":
                reading.story(root, translate("Formats", "Header"))
            elif role == "footer":
                reading.story(root, translate("Formats", "Footer"))
            else:
                number = 0
                for note in root.iter(w("footnote") if role == "footnotes" else w("endnote")):
                    if note.get(w("type")) in NOTE_TYPES:
                        continue
                    number += 1
                    where = (translate("Formats", "Footnote {number}") if role == "footnotes"
                             else translate("Formats", "Endnote {number}")).format(number=number)
                    reading.story(note, where)
        return reading

    def write(self, path: Path, translations: Sequence[str | None], bilingual: bool = False,
              kind: str | None = None, language: str | None = None) -> None:
        if kind not in (None, self.kind):
            raise FormatProblem(translate("Formats", "A Word document is written as a Word document (.docx) only."))
        if len(translations) != len(self.segments):
            raise ValueError(f"{len(translations)} translations for {len(self.segments)} segments")
        reading = self._read()
        ids = {name: Ids(root) for name, root in reading.roots.items()}
        proofing = None if bilingual or not language else _proofing_language(language)
        indent_of = _list_indents(self._numbering) if bilingual and self._numbering else None
        changed: set[str] = set()
        for unit, translation in zip(reading.units, translations):
            if translation is None:
                continue
            spans, _tags_kept = spans_of(translation, unit.inline.spans)
            for inline in (unit.inline, *unit.mirrors):
                if bilingual:
                    inline.add_copy(spans, ids[unit.part], indent_of)
                else:
                    inline.rebuild(spans, ids[unit.part], proofing)
            changed.add(unit.part)
        data = {name: etree.tostring(reading.roots[name].getroottree(), xml_declaration=True, encoding="UTF-8",
                                     standalone=True) for name in changed}
        write_atomically(path, lambda temporary: self._package(temporary, data), self.path)

    def _package(self, temporary: Path, changed: dict[str, bytes]) -> None:
        """The source package member by member, in its order, with the changed parts' new bytes."""
        with SafeZip(self.path) as source, zipfile.ZipFile(temporary, "w") as out:
            for info in source.zip.infolist():
                data = changed.get(info.filename)
                if data is None:
                    data = source.read(info.filename)
                member = zipfile.ZipInfo(info.filename, info.date_time)
                member.compress_type = info.compress_type
                member.external_attr = info.external_attr
                out.writestr(member, data)


class _Reading:
    """The walk of a document's parts: the units (paragraphs to translate), what is skipped, and what the notes
    tell."""

    def __init__(self):
        self.roots: dict[str, etree._Element] = {}
        self.part = ""
        self.units: list[Unit] = []
        self.skipped: list[Skipped] = []
        self.tracked = False
        self.fields = False
        self._listed: set[tuple[str, str]] = set()
        self._paragraph_number = 0
        self._table_number = 0

    def story(self, element: etree._Element, where: str | None) -> None:
        """A body, header, footer or note; ``where`` None for the body, whose paragraphs and tables are counted."""
        fields = Fields()
        for paragraph, label in self._paragraphs(element, where):
            self._accept(Inline(paragraph, fields), label, [])

    def _paragraphs(self, element: etree._Element, where: str | None):
        for child in element:
            tag = child.tag
            if tag == P:
                if where is None:
                    self._paragraph_number += 1
                    yield child, translate("Formats", "Paragraph {number}").format(number=self._paragraph_number)
                else:
                    yield child, where
            elif tag == w("tbl") and where is None:
                self._table_number += 1
                yield from self._paragraphs(child, translate("Formats", "Table {number}").format(
                    number=self._table_number))
            elif tag == w("altChunk"):
                self._skip(where or "", translate("Formats", "An imported part of the document, kept as it is"))
            elif isinstance(tag, str) and not tag.endswith("Pr") and tag not in (MC_ALTERNATE, w("tblGrid")):
                yield from self._paragraphs(child, where)  # rows, cells, nested tables, content controls

    def _accept(self, inline: Inline, where: str, mirrors: list[Inline]) -> None:
        for kind, detail in inline.found:
            self._found(kind, detail, where)
        if inline.translatable:
            self.units.append(Unit(inline, where, self.part, mirrors))
        for host in inline.boxes:
            for primary, mirror in _box_pairs(host):
                self._box(primary, mirror)

    def _box(self, primary: etree._Element, mirror: etree._Element | None | bool) -> None:
        where = translate("Formats", "Text box")
        fields = Fields()
        first = [Inline(paragraph, fields) for paragraph, _where in self._paragraphs(primary, where)]
        second: list[Inline | None] = [None] * len(first)
        if mirror is not None:
            if mirror is not False:
                fields = Fields()
                second = [Inline(paragraph, fields) for paragraph, _where in self._paragraphs(mirror, where)]
            if mirror is False or [inline.text for inline in first] != [inline.text for inline in second]:
                if any(inline.translatable for inline in first):
                    self._skip(where, translate("Formats", "A text box whose two versions differ, kept as it is"))
                return
        for inline, other in zip(first, second):
            self._accept(inline, where, [other] if other is not None else [])

    def _found(self, kind: str, detail: str, where: str) -> None:
        if kind == "inserted":
            self.tracked = True
        elif kind == "field":
            self.fields = True
            self._skip(where, translate("Formats", "A field ({code}), kept as it is").format(code=detail))
        elif kind == "deleted":
            self.tracked = True
            self._skip(where, translate("Formats", "Deleted text (a tracked change), kept as it is"))
        elif kind == "equation":
            self._skip(where, translate("Formats", "An equation, kept as it is"))
        elif kind == "chart":
            self._skip(where, translate("Formats", "A chart, kept as it is"))
        elif kind == "diagram":
            self._skip(where, translate("Formats", "A SmartArt diagram, kept as it is"))
        elif kind == "object":
            self._skip(where, translate("Formats", "An embedded object, kept as it is"))
        elif kind == "bound":
            self._skip(where, translate("Formats", "A content control filled from the document's properties, "
                                                   "kept as it is"))

    def _skip(self, where: str, what: str) -> None:
        if (where, what) not in self._listed:
            self._listed.add((where, what))
            self.skipped.append(Skipped(where, what))


def _box_pairs(node: etree._Element) -> list[tuple]:
    """The outermost text boxes in a run's drawing, each with its VML twin (None when it has none, False when the
    two versions do not pair up)."""
    if node.tag == TXBX_CONTENT:
        return [(node, None)]
    if node.tag == MC_ALTERNATE:
        choice, fallback = node.find(MC_CHOICE), node.find(MC_FALLBACK)
        primaries = [box for box, _twin in _box_pairs(choice)] if choice is not None else []
        twins = [box for box, _twin in _box_pairs(fallback)] if fallback is not None else []
        if not primaries or not twins:
            return [(box, None) for box in primaries or twins]
        if len(primaries) != len(twins):
            return [(box, False) for box in primaries]
        return list(zip(primaries, twins))
    pairs: list[tuple] = []
    for child in node:
        if isinstance(child.tag, str):
            pairs.extend(_box_pairs(child))
    return pairs


def _parse(data: bytes, name: str) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise FormatProblem(translate("Formats", "The document is damaged: {name} is not valid XML ({reason})."
                                      ).format(name=name, reason=exc)) from None
    if root.getroottree().docinfo.doctype:  # OOXML has none; one here is an entity attack, not a document
        raise FormatProblem(translate("Formats", "The document is damaged: {name} declares a document type."
                                      ).format(name=name))
    return root


def _main_part(package: SafeZip, names: set[str]) -> str:
    main = next((name for kind, name in _relationships(package, names, "").values() if kind == "officeDocument"),
                None)
    types = _parse(package.read("[Content_Types].xml"), "[Content_Types].xml")
    content_type = None
    if main is not None:
        for override in types.iter(f"{{{CONTENT_TYPES}}}Override"):
            if override.get("PartName", "").lstrip("/").lower() == main.lower():
                content_type = override.get("ContentType")
        if content_type is None:
            extension = posixpath.splitext(main)[1].lstrip(".").lower()
            content_type = next((default.get("ContentType") for default in types.iter(f"{{{CONTENT_TYPES}}}Default")
                                 if default.get("Extension", "").lower() == extension), None)
    if main is None or main not in names or content_type not in WORD_TYPES:
        raise FormatProblem(translate("Formats", "The file is not a Word document."))
    return main


def _relationships(package: SafeZip, names: set[str], part: str) -> dict[str, tuple[str, str]]:
    """A part's relationships inside the package: id -> (the type's last word, the target part's name)."""
    folder, base = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", base + ".rels")
    if rels not in names:
        return {}
    found = {}
    for relationship in _parse(package.read(rels), rels).iter(f"{{{PACKAGE_RELATIONSHIPS}}}Relationship"):
        target = unquote(relationship.get("Target", ""))
        if relationship.get("TargetMode") == "External" or not target:
            continue
        name = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        if not name.startswith("../"):
            found[relationship.get("Id", "")] = (relationship.get("Type", "").rsplit("/", 1)[-1], name)
    return found


def _header_parts(document: etree._Element, relationships: dict, names: set[str]) -> list[tuple[str, str]]:
    """The headers and footers the sections name, each once, in the order of the sections."""
    parts: list[tuple[str, str]] = []
    for section in document.iter(w("sectPr")):
        if section.getparent() is not None and section.getparent().tag == w("sectPrChange"):
            continue
        for reference in section:
            if reference.tag in (w("headerReference"), w("footerReference")):
                kind, name = relationships.get(reference.get(RELATIONSHIP_ID), ("", ""))
                if kind in ("header", "footer") and name in names and (name, kind) not in parts:
                    parts.append((name, kind))
    return parts


def _proofing_language(language: str) -> tuple[str, str]:
    """(the w:lang attribute, Word's language tag) for a Hearth language code."""
    code = WORD_LANGUAGES.get(language, language)
    primary = language.split("-")[0].lower()
    if primary in EAST_ASIAN:
        return "eastAsia", code
    if primary in RIGHT_TO_LEFT:
        return "bidi", code
    return "val", code


def _list_indents(numbering: bytes):
    """For a list item's ``w:numPr``: the indentation its list level gives (``w:ind``), or None."""
    root = _parse(numbering, "numbering")
    abstract = {element.get(w("abstractNumId")): element for element in root.iter(w("abstractNum"))}
    lists = {}
    for element in root.iter(w("num")):
        reference = element.find(w("abstractNumId"))
        if reference is not None:
            lists[element.get(w("numId"))] = reference.get(w("val"))

    def indent_of(properties: etree._Element) -> etree._Element | None:
        number, level = properties.find(w("numId")), properties.find(w("ilvl"))
        definition = abstract.get(lists.get(number.get(w("val")) if number is not None else None))
        wanted = level.get(w("val"), "0") if level is not None else "0"
        for element in definition.iter(w("lvl")) if definition is not None else ():
            if element.get(w("ilvl")) == wanted:
                return element.find(f"{PPR}/{w('ind')}")
        return None

    return indent_of
