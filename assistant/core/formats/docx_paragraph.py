"""One Word paragraph's inline content, read into the spans a segment is made of and rebuilt from a translation's.

Reading flattens the paragraph into text and marks. Text is a run's ``w:t``; adjacent text with the same formatting
(the run's properties less its proofing language, and the same containers around it) is one span, a span of
spaces only joins its neighbour. A container is an inline element that wraps runs and must wrap the translated
words too: a hyperlink, a tracked insertion, a smart tag, custom XML, a content control. A mark is whatever is not
text and keeps its place as an empty tag: a run's tab, break, footnote reference, drawing; an equation, a simple
field, tracked-deleted text; and a complex field from its ``begin`` to its ``end`` (its code and result kept as they
are, however many runs and paragraphs it takes). Bookmarks, comment ranges and the like are zero-width: in a
rebuilt paragraph one at the paragraph's start or end stays there, one beside a tagged span (a caption's bookmark
ending after its number field) stays beside that span wherever the translation puts it, and any other start goes
first and end last, so that what it marks is still inside it. Proofing marks (w:proofErr) are dropped.

Rebuilding empties the paragraph (its ``w:pPr`` stays) and writes the translation's spans in their order: a text
span is a run with a copy of its source span's run properties (and attributes), inside copies of its containers;
a mark is its own elements, moved. ``copy=True`` builds the bilingual copy instead: the original stays as it was,
and a new paragraph with the same properties follows it, holding deep copies of the marks that can be repeated
(tabs, breaks, equations, whole fields) and none of those that cannot (footnote references, drawings, deleted
text, bookmarks).
"""

from __future__ import annotations

import copy as copying
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from lxml import etree

from assistant.core.formats.inline_tags import Span, encode, tag_count

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"


def w(name: str) -> str:
    return f"{{{W}}}{name}"


P, PPR, R, RPR, T = w("p"), w("pPr"), w("r"), w("rPr"), w("t")
FLD_CHAR, INSTR_TEXT, FLD_SIMPLE = w("fldChar"), w("instrText"), w("fldSimple")
SDT, SDT_PR, SDT_CONTENT, SDT_END_PR = w("sdt"), w("sdtPr"), w("sdtContent"), w("sdtEndPr")
DEL, MOVE_FROM = w("del"), w("moveFrom")
TXBX_CONTENT = w("txbxContent")
MC_ALTERNATE, MC_CHOICE, MC_FALLBACK = f"{{{MC}}}AlternateContent", f"{{{MC}}}Choice", f"{{{MC}}}Fallback"
CONTAINERS = {w("hyperlink"), w("ins"), w("moveTo"), w("smartTag"), w("customXml"), SDT}
CONTAINER_PROPERTIES = {w("smartTagPr"), w("customXmlPr"), SDT_PR, SDT_END_PR}
EQUATIONS = {f"{{{M}}}oMath", f"{{{M}}}oMathPara"}
ZERO_WIDTH = {w("bookmarkStart"), w("bookmarkEnd"), w("commentRangeStart"), w("commentRangeEnd"), w("permStart"),
              w("permEnd"), w("proofErr")}
REPEATABLE = {w(name) for name in ("tab", "cr", "sym", "noBreakHyphen", "softHyphen", "ptab", "dayShort",
                                   "monthShort", "yearShort", "dayLong", "monthLong", "yearLong")}
DROPPED = {w("lastRenderedPageBreak")}  # where Word last broke the page: meaningless once the words change
UNSEEN_FORMAT = {w("lang"), w("noProof"), w("rPrChange")}  # run properties that do not show
REVISIONS = {w(name) for name in ("ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange", "sectPrChange",
                                  "numberingChange")}
AFTER_LANG = {w("eastAsianLayout"), w("specVanish"), w("oMath"), w("rPrChange")}
GRAPHIC_DATA = f"{{{A}}}graphicData"
LETTER = re.compile(r"[^\W\d_]")


@dataclass
class Piece:
    """Something kept as it is: ``element`` itself, or (``children`` not None) those children of the run
    ``element``, which go back into a run with the same properties."""

    element: etree._Element
    children: list[etree._Element] | None
    chain: tuple[etree._Element, ...]
    repeatable: bool


@dataclass
class Group:
    """A span of the segment: text (``run`` gives its formatting) or a mark (``pieces``)."""

    text: str
    run: etree._Element | None
    chain: tuple[etree._Element, ...]
    key: tuple = ()
    pieces: list[Piece] = field(default_factory=list)
    tag: int = 0

    @property
    def mark(self) -> bool:
        return self.run is None


@dataclass
class Fields:
    """A story's complex fields, which run across runs and paragraphs: how deep inside one the reading is, and the
    pieces of the current one read so far in this paragraph."""

    depth: int = 0
    pieces: list[Piece] = field(default_factory=list)
    code: list[str] = field(default_factory=list)
    started_here: bool = False
    reported: bool = False


class Inline:
    """A paragraph read: ``groups`` (its spans, in order), ``spans``/``text`` for the segment, ``found`` (what it
    keeps untranslated: ("field", code), ("equation", ""), ("deleted", ""), ("chart", ""), ("diagram", ""),
    ("object", ""), ("bound", ""), and ("inserted", "") for a tracked insertion translated), ``boxes`` (the run
    contents holding text boxes)."""

    def __init__(self, paragraph: etree._Element, fields: Fields):
        self.paragraph = paragraph
        self._zero: list[tuple[etree._Element, int]] = []  # (element, how many items come before it)
        self.found: list[tuple[str, str]] = []
        self.boxes: list[etree._Element] = []
        self._fields = fields
        self._items: list[tuple] = []
        fields.pieces, fields.started_here = [], False
        for child in paragraph:
            if child.tag != PPR:
                self._content(child, ())
        if fields.depth:  # the field goes on in the next paragraphs; its part here is kept as one mark
            self._close_field()
        self.groups, group_of = _groups(self._items)
        self.zero = [_place(element, before, group_of, self.groups) for element, before in self._zero]
        del self._items, self._zero
        self.spans: list[Span] = [(group.text, group.tag) for group in self.groups]
        self.text = encode(self.spans)
        self.tags = tag_count(self.spans)
        self.translatable = any(LETTER.search(group.text) for group in self.groups if not group.mark)

    # Reading

    def _content(self, element: etree._Element, chain: tuple) -> None:
        tag = element.tag
        if tag == R:
            self._run(element, chain)
        elif self._fields.depth:
            if tag in CONTAINERS:
                self._container(element, chain)
            else:
                self._fields.pieces.append(Piece(element, None, chain, True))
        elif tag == SDT and element.find(f"{SDT_PR}/{w('dataBinding')}") is not None:
            # Word refills a bound content control from the document's data when it opens: kept, not translated
            self.found.append(("bound", ""))
            self._items.append(("mark", [Piece(element, None, chain, False)]))
        elif tag in CONTAINERS:
            if tag in (w("ins"), w("moveTo")):
                self.found.append(("inserted", ""))
            self._container(element, chain)
        elif tag in ZERO_WIDTH or not isinstance(tag, str) or tag.endswith("RangeStart") or tag.endswith("RangeEnd"):
            if tag != w("proofErr"):
                self._zero.append((element, len(self._items)))
        else:
            if tag == FLD_SIMPLE:
                self.found.append(("field", _field_name(element.get(w("instr"), ""))))
            elif tag in EQUATIONS:
                self.found.append(("equation", ""))
            elif tag in (DEL, MOVE_FROM) and "".join(element.itertext()).strip():
                self.found.append(("deleted", ""))
            self._items.append(("mark", [Piece(element, None, chain, tag == FLD_SIMPLE or tag in EQUATIONS)]))

    def _container(self, element: etree._Element, chain: tuple) -> None:
        content = element.find(SDT_CONTENT) if element.tag == SDT else element
        for child in (content if content is not None else ()):
            if child.tag not in CONTAINER_PROPERTIES:
                self._content(child, chain + (element,))

    def _run(self, run: etree._Element, chain: tuple) -> None:
        fields = self._fields
        if fields.depth or run.find(FLD_CHAR) is not None or run.find(INSTR_TEXT) is not None:
            if not fields.depth:
                fields.pieces, fields.code, fields.started_here, fields.reported = [], [], True, False
            for child in run:
                if child.tag == FLD_CHAR:
                    kind = child.get(w("fldCharType"))
                    fields.depth = fields.depth + 1 if kind == "begin" else max(0, fields.depth - (kind == "end"))
                elif child.tag == INSTR_TEXT:
                    fields.code.append(child.text or "")
            fields.pieces.append(Piece(run, None, chain, True))
            if not fields.depth:
                self._close_field()
            return
        marks: list[etree._Element] = []
        for child in run:
            if child.tag == RPR or child.tag in DROPPED:
                continue
            if child.tag == T:
                self._flush(run, marks, chain)
                marks = []
                if child.text:
                    self._items.append(("text", child.text, run, chain))
            else:
                marks.append(child)
                self._look_inside(child)
        self._flush(run, marks, chain)

    def _flush(self, run: etree._Element, marks: list, chain: tuple) -> None:
        if marks:
            repeatable = all(_repeatable(mark) for mark in marks)
            self._items.append(("mark", [Piece(run, marks, chain, repeatable)]))

    def _close_field(self) -> None:
        fields = self._fields
        complete = fields.started_here and not fields.depth
        for piece in fields.pieces:
            piece.repeatable = complete
        if fields.pieces:
            self._items.append(("mark", fields.pieces))
        if not fields.reported:
            self.found.append(("field", _field_name("".join(fields.code))))
            fields.reported = True
        fields.pieces = []

    def _look_inside(self, mark: etree._Element) -> None:
        if mark.tag == w("object"):
            self.found.append(("object", ""))
        for data in mark.iter(GRAPHIC_DATA):
            uri = data.get("uri", "")
            if uri.endswith("/chart") or uri.endswith("/chartex"):
                self.found.append(("chart", ""))
            elif uri.endswith("/diagram"):
                self.found.append(("diagram", ""))
        if next(mark.iter(TXBX_CONTENT), None) is not None:
            self.boxes.append(mark)

    # Writing

    def rebuild(self, spans: Sequence[Span], ids: "Ids", language: tuple[str, str] | None = None) -> None:
        """The paragraph rewritten in place with ``spans`` (decoded from the translation)."""
        paragraph = self.paragraph
        for child in list(paragraph):
            if child.tag != PPR:
                paragraph.remove(child)
        items = self._items_for(spans)
        first: dict[int, int] = {}
        last: dict[int, int] = {}
        for index, (tag, _item) in enumerate(items):
            first.setdefault(tag, index)
            last[tag] = index
        head, tail = [], []
        before: dict[int, list] = {}
        after: dict[int, list] = {}
        for element, place, tag in self.zero:
            if place == "before" and tag in first:
                before.setdefault(first[tag], []).append(("zero", element))
            elif place == "after" and tag in last:
                after.setdefault(last[tag], []).append(("zero", element))
            else:
                (head if place in ("begin", "before") else tail).append(("zero", element))
        sequence = head
        for index, (_tag, item) in enumerate(items):
            sequence += before.get(index, []) + [item] + after.get(index, [])
        _Writer(paragraph, ids, copy=False, language=language).write(sequence + tail)

    def add_copy(self, spans: Sequence[Span], ids: "Ids", indent_of=None) -> None:
        """A new paragraph after this one, with its properties, holding ``spans``."""
        source = self.paragraph
        attributes = {key: value for key, value in source.attrib.items() if not key.startswith(f"{{{W14}}}")}
        paragraph = etree.SubElement(source.getparent(), P, attributes)
        source.addnext(paragraph)
        properties = source.find(PPR)
        if properties is not None:
            properties_copy = copying.deepcopy(properties)
            for change in [element for element in properties_copy.iter() if element.tag in REVISIONS]:
                change.getparent().remove(change)
            _unnumbered(properties_copy, indent_of)
            paragraph.append(properties_copy)
            # A section ends at its last paragraph: with the copy after it, the copy ends it
            section = properties.find(w("sectPr"))
            if section is not None:
                properties.remove(section)
        _Writer(paragraph, ids, copy=True, language=None).write([item for _tag, item in self._items_for(spans)])

    def _items_for(self, spans: Sequence[Span]) -> list[tuple]:
        by_tag = {group.tag: group for group in self.groups if group.tag}
        base = next((group for group in self.groups if not group.tag and not group.mark), None)
        if base is None:
            first = next((group for group in self.groups if not group.mark), None)
            base = Group("", first.run if first is not None else None, ())
        items: list[tuple[int, tuple]] = []  # (the span's tag, what to write)
        for text, tag in spans:
            group = by_tag.get(tag, base) if tag else base
            if group.mark:
                items.extend((tag, ("piece", piece)) for piece in group.pieces)
            elif text:
                items.append((tag, ("text", text, group.run, group.chain)))
        return items


def _groups(items: list[tuple]) -> tuple[list[Group], list[int]]:
    """The spans, and for each item the index of the span it went into."""
    groups: list[Group] = []
    group_of: list[int] = []
    for item in items:
        group_of.append(len(groups) - 1)
        if item[0] == "mark":
            if groups and groups[-1].mark:
                groups[-1].pieces.extend(item[1])
            else:
                groups.append(Group("", None, (), pieces=list(item[1])))
                group_of[-1] += 1
            continue
        _kind, text, run, chain = item
        key = (_format(run), chain)
        last = groups[-1] if groups else None
        if last is not None and not last.mark:
            if last.key == key or not text.strip():
                last.text += text
                continue
            if not last.text.strip():  # spaces alone before differently formatted words join them
                groups[-1] = Group(last.text + text, run, chain, key)
                continue
        groups.append(Group(text, run, chain, key))
        group_of[-1] += 1
    _number(groups)
    return groups, group_of


def _place(element: etree._Element, before: int, group_of: list[int], groups: list[Group]) -> tuple:
    """Where a zero-width element goes back: ("begin"|"end", 0), or ("before"|"after", tag) of a tagged span."""
    start = isinstance(element.tag, str) and element.tag.endswith("Start")
    if before == 0 or before == len(group_of):
        return element, "begin" if before == 0 else "end", 0
    neighbour = groups[group_of[before] if start else group_of[before - 1]]
    if neighbour.tag:
        return element, "before" if start else "after", neighbour.tag
    return element, "begin" if start else "end", 0


def _number(groups: list[Group]) -> None:
    """Tag 0 for the paragraph's most common plain formatting (outside any container), a tag for each other span."""
    texts = [group for group in groups if not group.mark]
    plain = [group for group in texts if not group.chain] or (texts if len(texts) == 1 else [])
    weight: dict[tuple, int] = {}
    for group in plain:
        weight[group.key] = weight.get(group.key, 0) + len(group.text)
    base = max(weight, key=weight.get) if weight else None
    tag = 0
    for group in groups:
        if group.mark or group.key != base:
            tag += 1
            group.tag = tag


def _format(run: etree._Element) -> bytes:
    properties = run.find(RPR)
    if properties is None:
        return b""
    return b"".join(etree.tostring(child) for child in properties
                    if isinstance(child.tag, str) and child.tag not in UNSEEN_FORMAT)


def _repeatable(mark: etree._Element) -> bool:
    if mark.tag == w("br"):
        return mark.get(w("type")) not in ("page", "column")
    return mark.tag in REPEATABLE


def _field_name(code: str) -> str:
    words = code.split()
    return words[0].upper() if words else "?"


def _unnumbered(properties: etree._Element, indent_of) -> None:
    """The bilingual copy of a list item is not another item: its numbering goes, its indentation stays."""
    numbering = properties.find(w("numPr"))
    if numbering is None:
        return
    indent = indent_of(numbering) if indent_of is not None else None
    properties.remove(numbering)
    if indent is not None and properties.find(w("ind")) is None:
        later = {w(name) for name in ("contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
                                      "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
                                      "sectPr", "pPrChange")}
        _insert_before(properties, copying.deepcopy(indent), later)


def _insert_before(parent: etree._Element, element: etree._Element, later: set[str]) -> None:
    """``element`` where the schema orders it: before the first child that must come after it."""
    for index, child in enumerate(parent):
        if child.tag in later:
            parent.insert(index, element)
            return
    parent.append(element)


class Ids:
    """Fresh ``w:id`` values for the revisions and content controls a translation repeats: a part's ids are unique."""

    def __init__(self, root: etree._Element):
        self._root = root
        self._next: int | None = None
        self.used: set = set()

    def fresh(self) -> str:
        if self._next is None:
            values = (element.get(w("id")) or element.get(w("val")) for element in self._root.iter()
                      if element.get(w("id")) is not None or element.tag == w("id"))
            self._next = 1 + max((int(value) for value in values if value and value.lstrip("-").isdigit()),
                                 default=0)
        self._next += 1
        return str(self._next - 1)

    def renumber(self, element: etree._Element) -> None:
        for inner in element.iter():
            if inner.tag in REVISIONS and inner.get(w("id")) is not None:
                inner.set(w("id"), self.fresh())
            elif inner.tag == w("id") and inner.getparent() is not None and inner.getparent().tag == SDT_PR:
                inner.set(w("val"), self.fresh())

    def first_use(self, element: etree._Element) -> bool:
        if element in self.used:
            return False
        self.used.add(element)
        return True


class _Writer:
    """Appends runs and marks to a paragraph, opening copies of their containers as needed (spans in one container
    side by side share one copy)."""

    def __init__(self, paragraph: etree._Element, ids: Ids, copy: bool, language: tuple[str, str] | None):
        self.paragraph = paragraph
        self.ids = ids
        self.copy = copy
        self.language = language
        self.open: list[tuple[etree._Element, etree._Element]] = []  # (source container, where its content goes)

    def write(self, items: list[tuple]) -> None:
        for item in items:
            if item[0] == "zero":
                self._parent(()).append(item[1])
            elif item[0] == "text":
                _kind, text, run, chain = item
                self._fill(self._run(run, chain), text)
            else:
                piece = item[1]
                if self.copy and not piece.repeatable:
                    continue
                self._piece(piece)

    def _parent(self, chain: tuple) -> etree._Element:
        shared = 0
        while shared < len(self.open) and shared < len(chain) and self.open[shared][0] is chain[shared]:
            shared += 1
        del self.open[shared:]
        for container in chain[shared:]:
            parent = self.open[-1][1] if self.open else self.paragraph
            shell = etree.SubElement(parent, container.tag, dict(container.attrib))
            slot = shell
            for child in container:
                if child.tag in CONTAINER_PROPERTIES:
                    shell.append(copying.deepcopy(child))
            if container.tag == SDT:
                slot = etree.SubElement(shell, SDT_CONTENT)
            if self.copy or not self.ids.first_use(container):
                self.ids.renumber(shell)
            self.open.append((container, slot))
        return self.open[-1][1] if self.open else self.paragraph

    def _run(self, source: etree._Element | None, chain: tuple) -> etree._Element:
        run = etree.SubElement(self._parent(chain), R, dict(source.attrib) if source is not None else {})
        properties = source.find(RPR) if source is not None else None
        if properties is not None:
            properties = copying.deepcopy(properties)
            run.append(properties)
            if self.copy or not self.ids.first_use(source):
                self.ids.renumber(properties)
        if self.language is not None:
            if properties is None:
                properties = etree.SubElement(run, RPR)
            _set_language(properties, *self.language)
        return run

    def _fill(self, run: etree._Element, text: str) -> None:
        for index, part in enumerate(re.split(r"(\n|\t)", text)):
            if index % 2:
                etree.SubElement(run, w("br") if part == "\n" else w("tab"))
            elif part:
                element = etree.SubElement(run, T)
                element.text = part
                element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")

    def _piece(self, piece: Piece) -> None:
        parent = self._parent(piece.chain)
        if piece.children is None:
            element = copying.deepcopy(piece.element) if self.copy else piece.element
            parent.append(element)
            if self.copy:
                _tidy_copy(element, self.ids)
            return
        run = etree.SubElement(parent, R, dict(piece.element.attrib))
        properties = piece.element.find(RPR)
        if properties is not None:
            run.append(copying.deepcopy(properties))
            if self.copy or not self.ids.first_use(piece.element):
                self.ids.renumber(run[0])
        for child in piece.children:
            run.append(copying.deepcopy(child) if self.copy else child)
        if self.copy:
            _tidy_copy(run, self.ids)


def _tidy_copy(element: etree._Element, ids: Ids) -> None:
    """A repeated field or equation keeps no bookmark or comment range of its own (their names are unique)."""
    for inner in [inner for inner in element.iter() if inner.tag in ZERO_WIDTH]:
        inner.getparent().remove(inner)
    ids.renumber(element)


def _set_language(properties: etree._Element, attribute: str, code: str) -> None:
    language = properties.find(w("lang"))
    if language is None:
        language = etree.SubElement(properties, w("lang"))
        _insert_before(properties, language, AFTER_LANG)
    language.set(w(attribute), code)
