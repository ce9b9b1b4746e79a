"""HTML and XHTML pages, and the chapters of an EPUB: the text of each block element (a paragraph, a heading, a list
item, a table cell, a caption, a button) is a segment, with its inline elements (links, emphasis, spans) as numbered
tags and what is not words (code, a line break, a picture) as marks kept as they are; the alt, title, placeholder
and aria-label attributes are segments of their own. Scripts, styles, preformatted text, code, SVG and MathML,
comments and whatever says translate="no" are left as they are, and so is the markup: the elements and their
attributes are written back in the same order (an inline element moves only where the translation puts it)."""

from __future__ import annotations

import codecs
import copy
import itertools
import re
from collections import namedtuple
from collections.abc import Sequence
from dataclasses import dataclass, field
from html.entities import name2codepoint
from pathlib import Path

import lxml.html
from lxml import etree

from assistant.core.formats.inline_tags import Span, encode, spans_of, strip_tags, tag_count
from assistant.core.formats.text_file import MAX_TEXT_BYTES
from assistant.core.formats.translatable import FormatProblem, Segment, TranslatableFile, check_size, \
    translated_or_source, write_atomically
from assistant.core.i18n import translate

INLINE = frozenset("a abbr b bdi bdo big cite data del dfn em font i ins mark q s small span strike strong sub sup "
                   "time tt u".split())
# Inline or not, left exactly as written: marks in the text around them (code is code in any language).
KEPT = frozenset("br img wbr input code kbd samp var script style noscript pre textarea template svg math object "
                 "iframe video audio canvas".split())
ATTRIBUTES = ("alt", "title", "placeholder", "aria-label")
# In a bilingual page these are followed by a copy holding the translation; the others (a list item, a table cell,
# a title) hold it themselves, after a line break, so lists keep their numbers and tables their shape.
DUPLICATED = frozenset("p h1 h2 h3 h4 h5 h6 dt dd blockquote div address".split())
TEXT_ONLY = frozenset({"title", "option"})
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SPACE = " \t\n\r\f"  # HTML's; a no-break space is text
_DECLARED = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)|<meta[^>]*charset\s*=\s*["']?([\w.:-]+)""",
                       re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
XML_HEAD = re.compile(r"\s*(<\?xml[^>]*\?>\s*)?")


def decode_page(raw: bytes) -> tuple[str, str]:
    """The page's text and the codec to write it back in: by its byte order mark, else its XML declaration or meta
    charset, else UTF-8; a page that is none of these, or not text at all, is refused rather than guessed."""
    codec = next((name for bom, name in _BOMS if raw.startswith(bom)), None)
    if codec is None:
        declared = _DECLARED.search(raw[:4096])
        codec = (declared.group(1) or declared.group(2)).decode("ascii") if declared else "utf-8"
    try:
        codecs.lookup(codec)
        text = raw.decode(codec)
    except (LookupError, UnicodeDecodeError):
        raise FormatProblem(translate("Formats", "The page is not in the text encoding it declares ({encoding}), or "
                                                 "is not text at all.").format(encoding=codec)) from None
    if "\x00" in text or not re.search(r"<[A-Za-z!?/]", text):
        raise FormatProblem(translate("Formats", "The file is not an HTML page."))
    return text.lstrip("\ufeff"), codec


def _local(node) -> str:
    return node.tag.rsplit("}", 1)[-1].lower() if isinstance(node.tag, str) else ""


def _kept(node) -> bool:
    return (not isinstance(node.tag, str) or _local(node) in KEPT or node.get("translate") == "no"
            or "notranslate" in (node.get("class") or "").split())


def _inline(node) -> bool:
    return _kept(node) or (_local(node) in INLINE and all(_inline(child) for child in node))


def _squash(text: str | None) -> str:
    return re.sub(f"[{SPACE}]+", " ", text or "")


def _slots(node):
    """The places inside an inline element that hold text, in reading order (none inside what is kept)."""
    yield node, "text"
    for child in node:
        if not _kept(child):
            yield from _slots(child)
        yield child, "tail"


@dataclass
class _Run:
    """The inline content of a block between its block children: the text after ``anchor`` (or at the block's
    start) and the inline ``units`` that follow it."""
    block: object
    anchor: object
    units: list
    spans: list[Span]
    slots: dict[int, tuple[int, tuple | None]] = field(default_factory=dict)  # tag -> (unit, (node, "text"/"tail"))
    lead_space: str = ""
    trail_space: str = ""

    @property
    def whole(self) -> bool:
        return self.anchor is None and len(self.units) == len(self.block)


_Attribute = namedtuple("_Attribute", "element name")


def _run(block, anchor, units) -> _Run | None:
    lead = (block.text if anchor is None else anchor.tail) or ""
    if not units and not lead.strip():
        return None  # the space between blocks
    run = _Run(block, anchor, units, [(_squash(lead), 0)])
    tags = itertools.count(1)
    for index, unit in enumerate(units):
        if _kept(unit) or not "".join(unit.itertext()).strip():
            pieces = [("", next(tags), None)]
        else:
            holder = unit  # <a><strong>Download</strong></a> is one pair around the innermost text
            while (not (holder.text or "").strip() and len(holder) == 1 and not (holder[0].tail or "").strip()
                   and not _kept(holder[0])):
                holder = holder[0]
            slots = [(holder, "text")] if len(holder) == 0 else [
                slot for slot in _slots(unit) if (getattr(*slot) or "").strip()]
            pieces = [(_squash(getattr(*slot)), next(tags), slot) for slot in slots]
        for text, tag, slot in pieces:
            run.spans.append((text, tag))
            run.slots[tag] = (index, slot)
        run.spans.append((_squash(unit.tail), 0))
    trail = (units[-1].tail if units else lead) or ""
    run.lead_space, run.trail_space = lead[:len(lead) - len(lead.lstrip(SPACE))], trail[len(trail.rstrip(SPACE)):]
    run.spans[0] = (run.spans[0][0].lstrip(SPACE), 0)
    run.spans[-1] = (run.spans[-1][0].rstrip(SPACE), 0)
    run.spans = [span for span in run.spans if span[0] or span[1]]
    return run if any(char.isalpha() for text, _tag in run.spans for char in text) else None


def _targets(root) -> list[_Run | _Attribute]:
    """What is translated, in reading order: each block's attributes, then its runs, each followed by the
    attributes inside it, and its block children in between."""
    targets: list[_Run | _Attribute] = []

    def attributes(element, deep: bool) -> None:
        if isinstance(element.tag, str):
            targets.extend(_Attribute(element, name) for name in ATTRIBUTES
                           if any(char.isalpha() for char in element.get(name) or ""))
            for child in element if deep and not _kept(element) else ():
                attributes(child, True)

    def run(block, anchor, units) -> None:
        targets.extend(found for found in [_run(block, anchor, units)] if found is not None)
        for unit in units:
            attributes(unit, True)

    def visit(block) -> None:
        attributes(block, False)
        anchor, units = None, []
        for child in block:
            if _inline(child):
                units.append(child)
            else:
                run(block, anchor, units)
                visit(child)
                anchor, units = child, []
        run(block, anchor, units)

    if not _kept(root):
        visit(root)
    return targets


def _fill(run: _Run, translation: str) -> None:
    """The run's text replaced by the translation, its inline elements in the translation's order."""
    spans, _tags_kept = spans_of(translation, run.spans)
    lead, tails, order, current = "", {}, [], None
    for text, tag in spans:
        if not tag:
            if current is None:
                lead += text
            else:
                tails[current] = tails.get(current, "") + text
            continue
        current, slot = run.slots[tag]
        if current not in order:
            order.append(current)
        if slot is not None:
            setattr(slot[0], slot[1], text)
    order += [index for index in range(len(run.units)) if index not in order]
    lead = run.lead_space + lead + ("" if run.units else run.trail_space)
    if run.anchor is None:
        run.block.text = lead
    else:
        run.anchor.tail = lead
    if order != sorted(order):
        start = run.block.index(run.units[0])
        for unit in run.units:
            run.block.remove(unit)
        for offset, index in enumerate(order):
            run.block.insert(start + offset, run.units[index])
    for index in order:
        run.units[index].tail = tails.get(index, "")
    if run.units:
        run.units[order[-1]].tail += run.trail_space


def _numeric_entities(text: str) -> str:
    """HTML's named characters (&nbsp;, &eacute;) as numbers, which XML knows without the XHTML DTD."""
    return re.sub(r"&([A-Za-z][A-Za-z0-9]*);", lambda match: match.group(0) if match.group(1) in (
        "amp", "lt", "gt", "quot", "apos") or match.group(1) not in name2codepoint else
        f"&#{name2codepoint[match.group(1)]};", text)


def parse_xml(text: str):
    """An XML document's root (its declaration, which names the encoding of bytes no longer there, left out),
    parsed without fetching, loading a DTD or expanding entities."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, strip_cdata=False)
    return etree.fromstring(_numeric_entities(text[XML_HEAD.match(text).end():]), parser)


class HtmlDocument:
    """A page's segments, and the page written back with them translated; ``xml``: an XHTML page."""

    def __init__(self, text: str, xml: bool):
        self.head = XML_HEAD.match(text).group(0)  # an XML declaration is written back as it was
        self.body, self.xml = text[len(self.head):], xml
        self.lines = self.head.count("\n")
        self.doctype = re.search(r"<!doctype", self.body[:4096], re.IGNORECASE) is not None
        self.whole = re.search(r"<(html|head|body)[\s>]", self.body, re.IGNORECASE) is not None
        root, targets = self._parse()
        named = {}  # a chapter's name: its first heading, else its title (often the book's, in every chapter)
        for element in root.iter("{*}h1", "{*}h2", "{*}h3", "{*}title", "h1", "h2", "h3", "title"):
            named.setdefault(_local(element), " ".join("".join(element.itertext()).split()) or None)
        self.title = next((named[tag] for tag in ("h1", "h2", "h3", "title") if named.get(tag)), "")
        self.segments = [self._segment(target) for target in targets]

    def _parse(self):
        try:
            root = parse_xml(self.body) if self.xml else lxml.html.document_fromstring(self.body)
        except (etree.XMLSyntaxError, etree.ParserError, ValueError) as exc:
            raise FormatProblem(translate("Formats", "The page is damaged ({reason}).").format(reason=exc)) from None
        return root, _targets(root)

    def _segment(self, target: _Run | _Attribute) -> Segment:
        element = target.block if isinstance(target, _Run) else target.element
        where = translate("Formats", "Line {number}").format(number=(element.sourceline or 1) + self.lines)
        if isinstance(target, _Attribute):
            return Segment(target.element.get(target.name), where)
        return Segment(encode(target.spans), where, tag_count(target.spans))

    def render(self, translations: Sequence[str | None], bilingual: bool = False, language: str | None = None) -> str:
        texts = translated_or_source(self.segments, translations)
        root, targets = self._parse()
        for target, text, given in zip(targets, texts, translations):
            if given is None:
                continue
            if isinstance(target, _Attribute):
                target.element.set(target.name, strip_tags(text))
            else:
                _fill(target, text)
        if bilingual:
            root = self._interleave(targets, translations)
        elif language:
            root.set("lang", language)
            if self.xml:
                root.set(XML_LANG, language)
        return self._serialize(root)

    def _interleave(self, translated_targets, translations):
        """The source page with each block followed by (or holding) its translation from the translated page."""
        root, targets = self._parse()
        copied = {t.block for t, given in zip(targets, translations) if given is not None and isinstance(t, _Run)
                  and t.whole and _local(t.block) in DUPLICATED}
        twins = {}
        for source, target, given in zip(targets, translated_targets, translations):
            if given is None:
                continue
            if isinstance(source, _Attribute):
                if not copied & {source.element, *source.element.iterancestors()}:
                    pair = source.element.get(source.name), target.element.get(source.name)
                    source.element.set(source.name, " / ".join(pair))
            elif source.block in copied:
                twin = copy.deepcopy(target.block)
                for element in twin.iter():
                    if isinstance(element.tag, str):
                        element.attrib.pop("id", None)
                twin.tail, source.block.tail = source.block.tail, re.match(r"\s*", source.block.tail or "").group(0)
                source.block.addnext(twin)
                twins[source.block] = twin
            elif _local(source.block) in TEXT_ONLY:
                text = source.block.text or ""
                source.block.text = f"{text.rstrip()} / {(target.block.text or '').strip()}{text[len(text.rstrip()):]}"
            else:
                self._append(source, target, twins.get(source.anchor, source.anchor))
        return root

    @staticmethod
    def _append(source: _Run, target: _Run, anchor) -> None:
        tag = source.block.tag
        line_break = source.block.makeelement(tag[:tag.index("}") + 1] + "br" if tag.startswith("{") else "br")
        slot = source.slots[1][1] if len(source.spans) == 1 and source.spans[0][1] else None
        if slot and slot[1] == "text" and len(slot[0]) == 0:
            # One link (a table of contents' entry, which may hold only one): the translation inside it.
            line_break.tail = target.slots[1][1][0].text
            return slot[0].append(line_break)
        line_break.tail = ((target.block.text if target.anchor is None else target.anchor.tail) or "").lstrip()
        units = sorted(target.units, key=target.block.index)
        at = source.block.index(source.units[-1]) + 1 if source.units else (
            0 if anchor is None else source.block.index(anchor) + 1)
        for offset, unit in enumerate([line_break] + [copy.deepcopy(unit) for unit in units]):
            source.block.insert(at + offset, unit)

    def _serialize(self, root) -> str:
        if self.xml:
            return self.head + etree.tostring(root.getroottree(), encoding="unicode")
        if not self.whole:  # a fragment: without the html and body lxml put around it
            return self.head + "".join((holder.text or "") + "".join(
                lxml.html.tostring(child, encoding="unicode") for child in holder) for holder in root
                if _local(holder) in ("head", "body"))
        page = lxml.html.tostring(root.getroottree(), encoding="unicode")
        return self.head + (page if self.doctype else re.sub(r"^<!DOCTYPE[^>]*>\s*", "", page))


class HtmlFile(TranslatableFile):
    kind = "html"
    output_kinds = ("html",)

    def __init__(self, path: Path):
        super().__init__(path)
        check_size(self.path, MAX_TEXT_BYTES)
        text, self.codec = decode_page(self.path.read_bytes())
        xml = self.path.suffix.lower() == ".xhtml"
        try:
            self.page = HtmlDocument(text, xml or text.lstrip().startswith("<?xml"))
        except FormatProblem:
            if xml:
                raise
            self.page = HtmlDocument(text, False)  # an HTML page that begins like XML but is not well-formed
        self.segments = self.page.segments

    def write(self, path: Path, translations: Sequence[str | None], bilingual: bool = False,
              kind: str | None = None, language: str | None = None) -> None:
        data = self.page.render(translations, bilingual, language).encode(self.codec, "xmlcharrefreplace")
        write_atomically(path, lambda temporary: temporary.write_bytes(data), self.path)
