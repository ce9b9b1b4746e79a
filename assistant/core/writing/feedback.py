"""Feedback that teaches: the corrections of a text, each with a category from a fixed set, a short explanation in the
window's language and an example; a summary of the text (counts by category, the three patterns to work on); and a
level that sets how much is flagged.

The model answers in JSON (its reply is held to ``schema`` where the engine can do that), and nothing it says is
trusted: a correction whose original words are not in the text, that changes nothing, overlaps another or has no
category of the set is dropped and counted, never applied (``Feedback.dropped``). The categories (docs/feedback.md):

- English text: spelling, grammar, word choice, punctuation, style, clarity;
- Chinese text: 错别字, 用词, 语法/搭配, 语序, 标点, 表达.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field

from assistant.core.i18n import translate
from assistant.core.writing.languages import mostly_chinese
from assistant.core.writing.profile import Profile, refusal, with_profile
from assistant.core.writing.prompts import fill, prompts
from assistant.core.writing.revision import Change, Revision, token_offsets

CATEGORIES = {
    "en": ("spelling", "grammar", "word_choice", "punctuation", "style", "clarity"),
    "zh": ("typo", "wording", "collocation", "word_order", "punctuation", "expression"),
}
BEGINNER, INTERMEDIATE, ADVANCED = "beginner", "intermediate", "advanced"
LEVELS = (BEGINNER, INTERMEDIATE, ADVANCED)
# What each level flags: a beginner is shown the errors, not yet the finer points of style.
FLAGGED = {
    BEGINNER: {"spelling", "grammar", "word_choice", "punctuation", "typo", "wording", "collocation"},
    INTERMEDIATE: {"spelling", "grammar", "word_choice", "punctuation", "clarity",
                   "typo", "wording", "collocation", "word_order", "punctuation"},
    ADVANCED: set(CATEGORIES["en"]) | set(CATEGORIES["zh"]),
}
# The Chinese names, which a model may write for a category instead of its id.
_CHINESE_NAMES = {"错别字": "typo", "用词": "wording", "语法/搭配": "collocation", "语法": "collocation",
                  "搭配": "collocation", "语序": "word_order", "标点": "punctuation", "表达": "expression"}

# Why a correction the model proposed was not used.
NOT_IN_TEXT, NO_CHANGE, UNKNOWN_CATEGORY, OVERLAPS, MALFORMED, KEPT_WORD, CHOSEN_SPELLING = (
    "not in the text", "no change", "unknown category", "overlaps another", "malformed", "a word to keep",
    "the chosen spelling")


def category_name(category: str) -> str:
    """A category as the window shows it."""
    names = {
        "spelling": translate("Feedback", "Spelling"), "grammar": translate("Feedback", "Grammar"),
        "word_choice": translate("Feedback", "Word choice"), "punctuation": translate("Feedback", "Punctuation"),
        "style": translate("Feedback", "Style"), "clarity": translate("Feedback", "Clarity"),
        "typo": translate("Feedback", "Wrong character (错别字)"),
        "wording": translate("Feedback", "Word use (用词)"),
        "collocation": translate("Feedback", "Grammar and collocation (语法/搭配)"),
        "word_order": translate("Feedback", "Word order (语序)"),
        "expression": translate("Feedback", "Expression (表达)"),
    }
    return names.get(category, category)


def level_name(level: str) -> str:
    return {BEGINNER: translate("Feedback", "Beginner"), INTERMEDIATE: translate("Feedback", "Intermediate"),
            ADVANCED: translate("Feedback", "Advanced")}.get(level, level)


def text_language(text: str) -> str:
    """Which set of categories fits ``text``: "zh" for Chinese, "en" for the rest."""
    return "zh" if mostly_chinese(text) else "en"


@dataclass(frozen=True)
class Correction:
    start: int  # where ``original`` stands in the text
    end: int
    original: str
    corrected: str
    category: str
    explanation: str
    example: str


@dataclass(frozen=True)
class Pattern:
    """A category to work on: how often it came up in the text, and one of its corrections."""
    category: str
    count: int
    instance: Correction


@dataclass(frozen=True)
class Feedback:
    text: str
    language: str  # "en" or "zh": the text's, which chooses the categories
    level: str
    corrections: tuple[Correction, ...]
    dropped: dict[str, int] = field(default_factory=dict)  # why -> how many the model proposed in vain
    held_back: int = 0  # sound corrections of categories this level does not flag
    readable: bool = True  # False: the answer was not the JSON asked for at all

    def counts(self) -> list[tuple[str, int]]:
        """Corrections by category, in the set's order (the text's language's set first), those with none left
        out."""
        counted = Counter(correction.category for correction in self.corrections)
        other = "zh" if self.language == "en" else "en"
        return [(category, counted[category])
                for category in dict.fromkeys(CATEGORIES[self.language] + CATEGORIES[other]) if counted[category]]

    def patterns(self, most: int = 3) -> list[Pattern]:
        """The categories with the most corrections (the set's order breaks ties), each with its first one."""
        ranked = sorted(self.counts(), key=lambda pair: -pair[1])[:most]
        return [Pattern(category, count, next(c for c in self.corrections if c.category == category))
                for category, count in ranked]

    def corrected_text(self) -> str:
        """The text with every correction made."""
        return self.revision().revised

    def revision(self) -> Revision:
        """The corrections as tracked changes, one each, carrying its category, explanation and example. A change
        covers whole words: a correction of part of one ("cieve") changes the word it is in."""
        offsets = token_offsets(self.text)
        changes: list[Change] = []
        for correction in self.corrections:
            first = bisect_right(offsets, correction.start) - 1
            last = bisect_left(offsets, correction.end)
            if correction.end == correction.start:  # never: an insertion quotes the words it follows
                continue
            if changes and first < changes[-1].end:  # two corrections inside one word: the first one stands
                continue
            old = self.text[offsets[first]:offsets[last]]
            new = (self.text[offsets[first]:correction.start] + correction.corrected
                   + self.text[correction.end:offsets[last]])
            changes.append(Change(len(changes), first, last, old, new, correction.explanation, correction.category,
                                  correction.example))
        revision = Revision(self.text, "", tuple(changes))
        return Revision(self.text, revision.apply({change.index for change in changes}), revision.changes)

    def dropped_count(self) -> int:
        return sum(self.dropped.values())


def reason_name(reason: str) -> str:
    return {NOT_IN_TEXT: translate("Feedback", "their words are not in the text"),
            NO_CHANGE: translate("Feedback", "they change nothing"),
            UNKNOWN_CATEGORY: translate("Feedback", "they have no category of the set"),
            OVERLAPS: translate("Feedback", "they overlap another correction"),
            MALFORMED: translate("Feedback", "they are not corrections"),
            KEPT_WORD: translate("Feedback", "they change words your profile keeps"),
            CHOSEN_SPELLING: translate("Feedback", "they change the spelling your profile chose")}.get(reason, reason)


def summary_lines(result: Feedback) -> list[str]:
    """The summary of a text's feedback, line by line, as the review and the command line show it."""
    lines = [translate("Feedback", "Corrections: {count} · level: {level}").format(
        count=len(result.corrections), level=level_name(result.level))]
    if result.corrections:
        lines.append(translate("Feedback", "By category: {counts}").format(counts=" · ".join(
            f"{category_name(category)} {count}" for category, count in result.counts())))
        lines.append(translate("Feedback", "To work on:"))
        for number, pattern in enumerate(result.patterns(), 1):
            lines.append(f"{number}. " + translate("Feedback", "{category} ({count}), e.g. “{original}” → "
                                                               "“{corrected}”").format(
                category=category_name(pattern.category), count=pattern.count,
                original=pattern.instance.original, corrected=pattern.instance.corrected))
    for reason, count in result.dropped.items():
        lines.append(translate("Feedback", "Not used: {count} of the model's corrections, because {reason}.").format(
            count=count, reason=reason_name(reason)))
    if result.held_back:
        lines.append(translate("Feedback", "Not shown at this level: finer points ({count}); choose a higher level "
                                           "to see them.").format(count=result.held_back))
    return lines


def token_budget(text: str) -> int:
    """How long the answer may be: room for a correction of some 60 tokens of JSON every few words, and no more,
    so a small model that repeats itself stops within seconds (at most 2,048 tokens, some 30 corrections)."""
    return min(2048, 256 + 6 * len(text))


def schema(language: str) -> dict:
    """The JSON the model is asked for; the engine holds its reply to it where it can (llama.cpp's grammar)."""
    item = {"type": "object", "properties": {
        "original": {"type": "string"}, "corrected": {"type": "string"},
        "category": {"type": "string", "enum": list(CATEGORIES[language])},
        "explanation": {"type": "string"}, "example": {"type": "string"}},
        "required": ["original", "corrected", "category", "explanation", "example"]}
    return {"type": "object", "properties": {"corrections": {"type": "array", "items": item}},
            "required": ["corrections"]}


def messages(text: str, level: str, explain_in: str, profile: Profile | None = None) -> list[dict]:
    """The request for feedback on ``text`` at ``level``, worded in the text's language, the explanations asked
    for in ``explain_in`` ("en" or "zh", the window's language). ``profile``: the user's spelling, script and words
    to keep (a UK writer is not told that "colour" is wrong)."""
    language = text_language(text)
    wording = prompts(language)["drafting"]
    asked = wording["feedback"]
    categories = ", ".join(f"{name} ({asked['categories'][name]})" for name in CATEGORIES[language]
                           if name in FLAGGED[level])
    return with_profile([{"role": "system", "content": wording["system"]},
                         {"role": "user", "content": fill(asked["request"], level=asked["levels"][level],
                                                          categories=categories,
                                                          explain_in=asked["explain_in"][explain_in], text=text)}],
                        profile, "feedback", language)


def parse(answer: str, text: str, level: str = INTERMEDIATE, profile: Profile | None = None) -> Feedback:
    """The model's ``answer`` checked against ``text``: what can be applied, and how many were dropped and why. A
    correction that would change one of the ``profile``'s words to keep is dropped, whatever the model was told."""
    language = text_language(text)
    items, readable = _items(answer)
    dropped: Counter = Counter()
    held_back = 0
    kept: list[Correction] = []
    for item in items:
        proposed = _proposal(item, language)
        if isinstance(proposed, str):
            dropped[proposed] += 1
            continue
        original, corrected, category, explanation, example = proposed
        place = _locate(text, original, kept)
        if place is None:
            dropped[OVERLAPS if text.find(original) >= 0 else NOT_IN_TEXT] += 1
            continue
        refused = refusal(profile, text, place, place + len(original), corrected)
        if refused is not None:  # whatever the model was told
            dropped[KEPT_WORD if refused == "keep" else CHOSEN_SPELLING] += 1
            continue
        if category not in FLAGGED[level]:
            held_back += 1
            continue
        kept.append(Correction(place, place + len(original), original, corrected, category, explanation, example))
        kept.sort(key=lambda correction: correction.start)
    return Feedback(text, language, level, tuple(kept), dict(dropped), held_back, readable)


def _proposal(item, language: str) -> tuple[str, str, str, str, str] | str:
    """An item's fields, or why it cannot be used."""
    if not isinstance(item, dict) or not isinstance(item.get("original"), str) \
            or not isinstance(item.get("corrected", ""), str):
        return MALFORMED
    original, corrected = item["original"], item.get("corrected", "")
    if not original.strip():
        return NOT_IN_TEXT  # an insertion has to say where: by the words it follows, as the request asks
    if original == corrected:
        return NO_CHANGE
    category = _category(item.get("category"), language)
    if category is None:
        return UNKNOWN_CATEGORY
    explanation, example = (str(item.get(key) or "").strip() for key in ("explanation", "example"))
    return original, corrected, category, explanation, example


def _category(value, language: str) -> str | None:
    """A category of either set: a Chinese document may hold an English sentence, and the other way round."""
    if not isinstance(value, str):
        return None
    name = value.strip()
    key = _CHINESE_NAMES.get(name, name.lower().replace(" ", "_").replace("-", "_"))
    return key if key in CATEGORIES["en"] or key in CATEGORIES["zh"] else None


def _locate(text: str, original: str, kept: list[Correction]) -> int | None:
    """Where ``original`` stands in ``text`` without overlapping a correction kept: the first such place after the
    last one kept (models list them in order), else the first anywhere."""
    after = kept[-1].end if kept else 0
    for start_from in (after, 0):
        position = text.find(original, start_from)
        while position >= 0:
            end = position + len(original)
            if all(end <= c.start or c.end <= position for c in kept):
                return position
            position = text.find(original, position + 1)
    return None


def _items(answer: str) -> tuple[list, bool]:
    """The proposed corrections in the answer: the JSON asked for, one wrapped in a code fence or in words, a bare
    list, or as many whole objects as a cut-off answer holds. The second value is False when none of these is there."""
    body = re.sub(r"^```[\w-]*\s*|\s*```\s*$", "", answer.strip())
    for candidate in (body, body[body.find("{"):body.rfind("}") + 1] if "{" in body else ""):
        try:
            data = json.loads(candidate)
        except ValueError:
            continue
        if isinstance(data, dict) and isinstance(data.get("corrections"), list):
            return data["corrections"], True
        if isinstance(data, list):
            return data, True
        if isinstance(data, dict):
            return [], False
    return _whole_objects(body)


def _whole_objects(body: str) -> tuple[list, bool]:
    """The complete objects of a list cut off before its end (the reply reached its length limit)."""
    start = body.find("[")
    if start < 0:
        return [], False
    decoder, found, position = json.JSONDecoder(), [], start + 1
    while True:
        position = body.find("{", position)
        if position < 0:
            break
        try:
            item, end = decoder.raw_decode(body, position)
        except ValueError:
            break
        found.append(item)
        position = end
    return found, bool(found)
