"""The order a person reads the pieces of text that OCR found: rows top to bottom, each left to right; or, when the
text is set in vertical columns (Chinese and Japanese), columns right to left, each top to bottom."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

# A box this many times taller than wide is a vertical line of text (and wider than tall, a horizontal one).
ELONGATED = 1.5


@dataclass(frozen=True)
class TextBox:
    """One piece of text OCR found, in the axis-aligned rectangle around its box (pixels, y downwards)."""

    text: str
    left: float
    top: float
    right: float
    bottom: float

    @classmethod
    def around(cls, points: Iterable[Sequence[float]], text: str) -> "TextBox":
        xs, ys = zip(*((float(x), float(y)) for x, y in points))
        return cls(text, min(xs), min(ys), max(xs), max(ys))

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top


def is_vertical(boxes: Sequence[TextBox]) -> bool:
    """Whether most of the text is in tall, narrow boxes. Boxes of one character, square in either writing, do not
    vote; each other box votes with its length."""
    tall = wide = 0
    for box in boxes:
        if len(box.text.strip()) < 2:
            continue
        if box.height >= ELONGATED * box.width:
            tall += len(box.text)
        elif box.width >= ELONGATED * box.height:
            wide += len(box.text)
    return tall > wide


def reading_order(boxes: Sequence[TextBox]) -> list[str]:
    """The text as lines in reading order: one line per row (its pieces joined by a space), or, for vertical text,
    one line per column (its pieces joined as they are)."""
    boxes = [box for box in boxes if box.text.strip()]
    if is_vertical(boxes):
        columns = _bands(boxes, vertical=True)
        columns.sort(key=lambda column: -_centre(column[0], vertical=True))
        return ["".join(box.text for box in sorted(column, key=lambda box: box.top)) for column in columns]
    rows = _bands(boxes, vertical=False)
    rows.sort(key=lambda row: _centre(row[0], vertical=False))
    return [" ".join(box.text for box in sorted(row, key=lambda box: box.left)) for row in rows]


def _centre(box: TextBox, vertical: bool) -> float:
    return (box.left + box.right) / 2 if vertical else (box.top + box.bottom) / 2


def _bands(boxes: list[TextBox], vertical: bool) -> list[list[TextBox]]:
    """Boxes grouped into rows (or columns) by overlap across the reading direction: a box joins the band whose
    nearest box along the reading direction it overlaps by at least half of the shorter of the two; else it starts a
    band. The nearest box, not the whole band, so that the lines of a slightly tilted page stay apart."""
    def across(box: TextBox) -> tuple[float, float]:
        return (box.left, box.right) if vertical else (box.top, box.bottom)

    def along(box: TextBox) -> tuple[float, float]:
        return (box.top, box.bottom) if vertical else (box.left, box.right)

    def gap(one: TextBox, other: TextBox) -> float:
        (start, end), (other_start, other_end) = along(one), along(other)
        return max(other_start - end, start - other_end, 0.0)

    bands: list[list[TextBox]] = []
    for box in sorted(boxes, key=lambda box: sum(across(box)) / 2):
        start, end = across(box)
        best, most = None, 0.0
        for band in bands:
            neighbour = min(band, key=lambda other: gap(box, other))
            neighbour_start, neighbour_end = across(neighbour)
            overlap = min(end, neighbour_end) - max(start, neighbour_start)
            shorter = min(end - start, neighbour_end - neighbour_start)
            if overlap > most and overlap >= 0.5 * max(shorter, 1e-6):
                best, most = band, overlap
        if best is None:
            bands.append([box])
        else:
            best.append(box)
    return bands
