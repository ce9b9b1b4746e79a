"""The learner's recurring mistakes: the corrections they accepted from Drafting's Feedback, kept on this computer
only when they switch it on (WritingChoices.remember_mistakes), per language; what comes back across drafts, with
the sentences it came from; cleared at once; written out with everything else the user exports.

Nothing here is filled by the model on its own: a mistake is noted when the user accepts its correction."""

from __future__ import annotations

import sqlite3
import time
from collections import defaultdict
from dataclasses import asdict, dataclass

EXPORT_FORMAT = "hearth-writing-mistakes"


@dataclass(frozen=True)
class Mistake:
    language: str  # "en" or "zh": the text's
    category: str  # core/writing/feedback.py's CATEGORIES
    original: str
    corrected: str
    explanation: str = ""
    example: str = ""
    context: str = ""  # the sentence it was found in
    draft_id: int | None = None
    noted_at: float = 0.0


@dataclass(frozen=True)
class Repeated:
    """The same correction made more than once: "recieve" → "receive", in these sentences."""
    original: str
    corrected: str
    times: int
    contexts: tuple[str, ...]  # the newest first, at most three


@dataclass(frozen=True)
class Recurring:
    """A category's mistakes in one language: how many, in how many drafts, and the corrections that came back."""
    category: str
    count: int
    drafts: int
    repeated: tuple[Repeated, ...]
    latest: Mistake


class Mistakes:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def note(self, mistakes: list[Mistake]) -> None:
        now = time.time()
        with self.conn:
            self.conn.executemany(
                "INSERT INTO writing_mistakes (language, category, original, corrected, explanation, example, "
                "context, draft_id, noted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(m.language, m.category, m.original, m.corrected, m.explanation, m.example, m.context, m.draft_id,
                  m.noted_at or now) for m in mistakes])

    def all(self, language: str | None = None) -> list[Mistake]:
        """Newest first; of one language, or of all."""
        where, values = ("WHERE language = ?", (language,)) if language else ("", ())
        rows = self.conn.execute(
            "SELECT language, category, original, corrected, explanation, example, context, draft_id, noted_at "
            f"FROM writing_mistakes {where} ORDER BY noted_at DESC, id DESC", values).fetchall()
        return [Mistake(*row) for row in rows]

    def languages(self) -> list[str]:
        return [row[0] for row in self.conn.execute(
            "SELECT language FROM writing_mistakes GROUP BY language ORDER BY COUNT(*) DESC, language")]

    def recurring(self, language: str) -> list[Recurring]:
        """The categories of ``language``, the most frequent first; in each, the corrections made more than once
        (compared without regard to case), the most frequent first."""
        by_category: dict[str, list[Mistake]] = defaultdict(list)
        for mistake in self.all(language):
            by_category[mistake.category].append(mistake)
        found = []
        for category, mistakes in by_category.items():
            pairs: dict[tuple[str, str], list[Mistake]] = defaultdict(list)
            for mistake in mistakes:
                pairs[(mistake.original.strip().lower(), mistake.corrected.strip().lower())].append(mistake)
            repeated = [Repeated(same[0].original.strip(), same[0].corrected.strip(), len(same),
                                 tuple(dict.fromkeys(m.context for m in same if m.context))[:3])
                        for same in pairs.values() if len(same) > 1]
            repeated.sort(key=lambda r: -r.times)
            drafts = len({m.draft_id for m in mistakes if m.draft_id is not None}) or 1
            found.append(Recurring(category, len(mistakes), drafts, tuple(repeated), mistakes[0]))
        found.sort(key=lambda r: (-r.count, r.category))
        return found

    def count(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM writing_mistakes").fetchone()[0]

    def clear(self) -> int:
        """Every mistake of every language; how many there were."""
        with self.conn:
            return self.conn.execute("DELETE FROM writing_mistakes").rowcount

    def export(self) -> dict:
        """Everything kept, as JSON-ready data (what ``File › Export my data`` writes)."""
        return {"format": EXPORT_FORMAT, "version": 1, "mistakes": [asdict(m) for m in reversed(self.all())]}
