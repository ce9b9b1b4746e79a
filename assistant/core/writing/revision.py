"""Tracked changes: what a model's revision changes in a text, change by change, to accept or reject each.

Words are compared, not characters, so a change reads like an editor's mark-up; Chinese, Japanese and Korean are
compared character by character, since they do not put spaces between words. The diff itself is difflib's.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+|\s+|[^\w\s]", re.UNICODE)


def tokens(text: str) -> list[str]:
    """Words, single CJK characters, runs of space and single punctuation marks; joined, they give ``text``."""
    return _TOKEN.findall(text)


def token_offsets(text: str, start: int = 0) -> list[int]:
    """Where each token of ``text`` begins, and where the last one ends, in characters from ``start``: a change's
    token span ``start:end`` is ``offsets[start]:offsets[end]`` in the text."""
    offsets = [start]
    for token in tokens(text):
        offsets.append(offsets[-1] + len(token))
    return offsets


@dataclass(frozen=True)
class Change:
    """``old`` (at ``start:end`` in the original's tokens) becomes ``new``. An insertion has ``old == ""``."""

    index: int
    start: int
    end: int
    old: str
    new: str
    reason: str = ""
    category: str = ""  # feedback's (core/writing/feedback.py): what kind of mistake it corrects
    example: str = ""  # feedback's: a sentence that uses the corrected form

    @property
    def kind(self) -> str:
        return "insert" if not self.old else "delete" if not self.new else "replace"

    def explained(self, reason: str, category: str, example: str) -> "Change":
        return replace(self, reason=reason, category=category, example=example)


@dataclass(frozen=True)
class Revision:
    original: str
    revised: str
    changes: tuple[Change, ...]

    def apply(self, accepted: set[int]) -> str:
        """The original with the accepted changes made and the others left as they were."""
        words = tokens(self.original)
        out: list[str] = []
        position = 0
        for change in self.changes:
            out.extend(words[position:change.start])
            out.append(change.new if change.index in accepted else change.old)
            position = change.end
        out.extend(words[position:])
        return "".join(out)

    def segments(self) -> list[tuple[str, Change | None]]:
        """The text in order, as (unchanged text, None) and (old → new, change) pieces, for display."""
        words = tokens(self.original)
        pieces: list[tuple[str, Change | None]] = []
        position = 0
        for change in self.changes:
            if change.start > position:
                pieces.append(("".join(words[position:change.start]), None))
            pieces.append(("", change))
            position = change.end
        if position < len(words):
            pieces.append(("".join(words[position:]), None))
        return pieces


def compare(original: str, revised: str, reasons: dict[tuple[str, str], str] | None = None) -> Revision:
    """The changes that turn ``original`` into ``revised``. Changes separated only by a single space are joined
    into one, so "the quick brown" → "a slow brown" is one change, not two."""
    old, new = tokens(original), tokens(revised)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    spans: list[list[int]] = []  # [old_start, old_end, new_start, new_end]
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if spans and _only_space(old[spans[-1][1]:i1]) and _only_space(new[spans[-1][3]:j1]):
            spans[-1][1], spans[-1][3] = i2, j2
        else:
            spans.append([i1, i2, j1, j2])
    reasons = reasons or {}
    changes = []
    for index, (i1, i2, j1, j2) in enumerate(spans):
        before, after = "".join(old[i1:i2]), "".join(new[j1:j2])
        changes.append(Change(index, i1, i2, before, after, _reason_for(before, after, reasons)))
    return Revision(original, revised, tuple(changes))


def _only_space(words: list[str]) -> bool:
    return len(words) == 1 and words[0] == " "


def _reason_for(before: str, after: str, reasons: dict[tuple[str, str], str]) -> str:
    """The reason the model gave for this change. Its quote may be wider than the change ("a apple" -> "an apple"
    for the change "a" -> "an") or narrower (a word inside a larger change)."""
    before, after = before.strip(), after.strip()
    if (before, after) in reasons:
        return reasons[(before, after)]
    for (wrong, right), reason in reasons.items():
        wider = (before in wrong) and (after in right) and (before or after)
        narrower = wrong and wrong in before and right in after
        if wider or narrower:
            return reason
    return ""


def count_words(text: str) -> int:
    """Words in alphabetic scripts, characters in Chinese, Japanese and Korean, as word processors count."""
    return sum(1 for token in tokens(text) if token[0].isalnum() or token[0] == "_")
