"""American and British spellings of one word (color/colour, organize/organise, center/centre, traveled/travelled,
catalog/catalogue, defense/defence), so a correction that only turns one into the other can be told apart from a
real one: a writer whose profile chose British spelling is not told that "colour" is wrong.

Rules of the regular patterns, not a dictionary: a pair is recognised when one word is the other with a pattern
swapped, so "doctor" and "doctour" would count, but a model does not propose that."""

from __future__ import annotations

import re

WORD = re.compile(r"[A-Za-z]+")
# American ending → British ending; each keeps what follows it (colors → colours, organized → organised).
_PATTERNS = (
    (re.compile(r"or(s|ed|ing|ful|ite|ites|able|ably)?$"), r"our\1"),
    (re.compile(r"iz(e|es|ed|ing|ation|ations|er|ers)$"), r"is\1"),
    (re.compile(r"yz(e|es|ed|ing)$"), r"ys\1"),
    (re.compile(r"er(s)?$"), r"re\1"),
    (re.compile(r"el(ed|ing|er|ers)$"), r"ell\1"),
    (re.compile(r"og(s)?$"), r"ogue\1"),
    (re.compile(r"ense(s)?$"), r"ence\1"),
)


def british_forms(word: str) -> set[str]:
    lower = word.lower()
    return {pattern.sub(replacement, lower) for pattern, replacement in _PATTERNS if pattern.search(lower)} - {lower}


def variant_direction(original: str, corrected: str) -> str | None:
    """"us" when ``corrected`` differs from ``original`` only by American forms of its British words, "uk" the other
    way round; None when the change is anything more (or nothing)."""
    before, after = WORD.findall(original), WORD.findall(corrected)
    if len(before) != len(after) or WORD.sub("", original) != WORD.sub("", corrected):
        return None
    directions = set()
    for old, new in zip(before, after):
        if old.lower() == new.lower():
            continue
        if new.lower() in british_forms(old):
            directions.add("uk")
        elif old.lower() in british_forms(new):
            directions.add("us")
        else:
            return None
    return directions.pop() if len(directions) == 1 else None
