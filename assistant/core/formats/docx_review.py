"""A review as a Word document: each proposed change a real tracked change (``w:del`` and ``w:ins`` by "Hearth",
dated) and each explanation a comment on its change, so Accept All in Word or LibreOffice gives the corrected text
and Reject All the original, exactly.

The text is the document's body paragraphs joined by line breaks, as Drafting shows a .docx it opens
(``body_text``). Written on the document it came from, a change keeps the formatting of the run it is in: its
deleted words stay in their runs (bold stays bold), and the inserted words take the properties of the run they
replace or follow. Written from a draft, each line is a paragraph. A change that joins or splits paragraphs is
not written (Word marks those on the paragraph itself); it is counted in ``left_out``, and applied in Hearth.
"""

from __future__ import annotations

import copy
import datetime
from dataclasses import dataclass
from pathlib import Path

from assistant.core.i18n import translate

AUTHOR = "Hearth"


@dataclass(frozen=True)
class Edit:
    """``text[start:end]`` becomes ``new``; ``note`` is its comment ("" for none)."""
    start: int
    end: int
    new: str
    note: str = ""


@dataclass(frozen=True)
class WrittenReview:
    path: Path
    written: int  # changes written as tracked changes
    left_out: int  # changes that join or split paragraphs: not in the document


class NotTheSameText(ValueError):
    """The document's text is not the text the review was made on."""


def body_text(path: Path) -> str:
    """The text of a .docx's body paragraphs, one line each (tables, headers and notes are not part of it)."""
    import docx

    return "\n".join(paragraph.text for paragraph in docx.Document(str(path)).paragraphs)


def write_review(target: Path, text: str, edits: list[Edit], source: Path | None = None,
                 when: datetime.datetime | None = None) -> WrittenReview:
    """``edits`` on ``text`` as tracked changes in a new document at ``target``: a copy of ``source`` (a .docx whose
    ``body_text`` is ``text``) or, without one, a plain document of ``text``'s lines."""
    import docx

    document = docx.Document(str(source)) if source is not None else docx.Document()
    if source is None:
        for line in text.split("\n"):
            document.add_paragraph(line)
    elif body_text(source) != text:
        raise NotTheSameText(translate("WordReview", "The document has changed since the review was made: its text "
                                                     "is not the text that was reviewed."))
    stamp = (when or datetime.datetime.now(datetime.timezone.utc)).strftime("%Y-%m-%dT%H:%M:%SZ")
    marks = _Marks(document, stamp)
    written = left_out = 0
    starts, lengths, position = [], [], 0
    for paragraph in document.paragraphs:  # before any change: a change's words are no longer the paragraph's text
        starts.append(position)
        lengths.append(len(paragraph.text))
        position += len(paragraph.text) + 1
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):  # from the end: earlier places stay put
        index = max(i for i, start in enumerate(starts) if start <= edit.start)
        paragraph = document.paragraphs[index]
        begin = edit.start - starts[index]
        if "\n" in text[edit.start:edit.end] or "\n" in edit.new or begin + edit.end - edit.start > lengths[index]:
            left_out += 1
            continue
        if _track(paragraph, begin, begin + edit.end - edit.start, edit.new, edit.note, marks):
            written += 1
        else:
            left_out += 1
    target = Path(target)
    document.save(str(target))
    return WrittenReview(target, written, left_out)


def review_text(path: Path, accept: bool) -> str:
    """The body text with every tracked change accepted, or rejected: what Word's Accept All or Reject All gives."""
    import docx
    from docx.oxml.ns import qn

    dropped, kept_deleted = (qn("w:del"), False) if accept else (qn("w:ins"), True)
    lines = []
    for paragraph in docx.Document(str(path)).paragraphs:
        out = []
        for element in paragraph._p.iter(qn("w:t"), qn("w:delText"), qn("w:tab"), qn("w:br")):
            if any(ancestor.tag == dropped for ancestor in element.iterancestors()):
                continue
            if element.tag == qn("w:delText") and not kept_deleted:
                continue
            out.append({qn("w:tab"): "\t", qn("w:br"): "\n"}.get(element.tag, element.text or ""))
        lines.append("".join(out))
    return "\n".join(lines)


class _Marks:
    """The change marks' ids and date, and the comments, of one document."""

    def __init__(self, document, stamp: str):
        # Changes and comments share Word's annotation ids; python-docx numbers comments from 0, so changes start
        # far above them.
        self.document, self.stamp, self.next_id = document, stamp, 100_000

    def element(self, tag: str):
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        element = OxmlElement(tag)
        element.set(qn("w:id"), str(self.next_id))
        element.set(qn("w:author"), AUTHOR)
        element.set(qn("w:date"), self.stamp)
        self.next_id += 1
        return element

    def comment(self, first, last, note: str) -> None:
        """``note`` on the change from ``first`` to ``last`` (its w:del or w:ins), its range around both."""
        from docx.oxml.ns import qn
        from docx.text.run import Run

        inner = first.find(qn("w:r"))
        self.document.add_comment(Run(inner, None), text=note, author=AUTHOR, initials="H")
        # python-docx puts the range inside the change; in the paragraph, it stays when the change is rejected.
        start = inner.getprevious()
        end = inner.getnext()
        reference = end.getnext()
        first.addprevious(start)
        last.addnext(end)
        end.addnext(reference)


def _track(paragraph, start: int, end: int, new: str, note: str, marks: _Marks) -> bool:
    """``paragraph``'s text from ``start`` to ``end`` deleted and ``new`` inserted, as tracked changes; False where
    the change crosses a link's edge (it is then left out)."""
    from docx.oxml.ns import qn

    _split(_runs(paragraph), end)
    _split(_runs(paragraph), start)
    runs = _runs(paragraph)
    covered = [run for run, (run_start, run_end) in zip(runs, _spans(runs)) if start <= run_start and run_end <= end
               and run_end > run_start]
    if covered and any(run.getparent() is not covered[0].getparent() for run in covered):
        return False
    deleted = None
    if covered:
        deleted = marks.element("w:del")
        covered[0].addprevious(deleted)
        for run in covered:
            deleted.append(run)
            for text in run.iter(qn("w:t")):
                text.tag = qn("w:delText")
    inserted = None
    if new:
        model = covered[0] if covered else _run_at(runs, start)
        inserted = marks.element("w:ins")
        run = copy.deepcopy(model) if model is not None else _plain_run()
        _set_text(run, new)
        inserted.append(run)
        if deleted is not None:
            deleted.addnext(inserted)
        else:
            _place(paragraph, start, inserted)
    if note and (deleted is not None or inserted is not None):
        marks.comment(deleted if deleted is not None else inserted, inserted if inserted is not None else deleted,
                      note)
    return True


def _runs(paragraph) -> list:
    """The paragraph's runs in order, those in links too (not those already in a change)."""
    return paragraph._p.xpath("./w:r | ./w:hyperlink/w:r")


def _text(run) -> str:
    from docx.text.run import Run

    return Run(run, None).text


def _spans(runs: list) -> list[tuple[int, int]]:
    spans, position = [], 0
    for run in runs:
        length = len(_text(run))
        spans.append((position, position + length))
        position += length
    return spans


def _split(runs: list, at: int) -> None:
    """The run holding ``at`` cut in two there (each keeps the run's properties)."""
    for run, (start, end) in zip(runs, _spans(runs)):
        if start < at < end:
            text = _text(run)
            second = copy.deepcopy(run)
            _set_text(run, text[:at - start])
            _set_text(second, text[at - start:])
            run.addnext(second)
            return


def _set_text(run, text: str) -> None:
    from docx.text.run import Run

    Run(run, None).text = text


def _run_at(runs: list, position: int):
    """The run whose properties an insertion at ``position`` takes: the one before it, else the one after it."""
    before = [run for run, (_start, end) in zip(runs, _spans(runs)) if end <= position and end > _start]
    if before:
        return before[-1]
    return runs[0] if runs else None


def _place(paragraph, position: int, element) -> None:
    """``element`` where the paragraph's text reaches ``position``: before a run or a change made there already
    (changes are made from the end of the text, so one made before stands after this place)."""
    from docx.oxml.ns import qn

    reached = 0
    for child in paragraph._p:
        if child.tag == qn("w:pPr"):
            continue
        if reached >= position:
            child.addprevious(element)
            return
        if child.tag in (qn("w:r"), qn("w:hyperlink")):
            reached += sum(len(_text(run)) for run in ([child] if child.tag == qn("w:r") else
                                                       child.findall(qn("w:r"))))
    paragraph._p.append(element)


def _plain_run():
    from docx.oxml import OxmlElement

    return OxmlElement("w:r")
