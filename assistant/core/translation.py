"""Translating documents: paragraphs, pieces that fit the context, the prompt for each piece, and the checks on
what comes back (glossary terms, and Markdown, code, URLs, numbers and placeholders that must survive)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.core.languages import language
from assistant.core.prompts import fill, prompts
from assistant.core.settings import Settings

CONTEXT_CHARS = 400  # how much of the previous paragraph goes with a piece, to keep terms and tone consistent


# Paragraphs and pieces -------------------------------------------------------------------------------------


def paragraphs(text: str) -> list[str]:
    """Blocks separated by blank lines; a fenced code block is one paragraph even with blank lines inside."""
    blocks: list[str] = []
    current: list[str] = []
    in_fence = False
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
        if not line.strip() and not in_fence:
            if current:
                blocks.append("\n".join(current))
                current = []
            continue
        current.append(line)
    if current:
        blocks.append("\n".join(current))
    return blocks


def split_paragraph(text: str, budget: int, count: Callable[[str], int]) -> list[str]:
    """One paragraph in pieces of at most ``budget`` tokens: whole sentences where possible."""
    if count(text) <= budget:
        return [text]
    sentences = re.findall(r".+?(?:[.!?。！？]+[\"'”’)]*\s*|$)", text, re.DOTALL)
    pieces: list[str] = []
    current = ""
    for sentence in sentences:
        if current and count(current + sentence) > budget:
            pieces.append(current)
            current = ""
        while count(sentence) > budget:  # one sentence longer than the budget: cut it by characters
            cut = max(1, len(sentence) * budget // max(1, count(sentence)))
            pieces.append(sentence[:cut])
            sentence = sentence[cut:]
        current += sentence
    if current:
        pieces.append(current)
    return pieces


def is_code(paragraph: str) -> bool:
    return paragraph.lstrip().startswith("```")


# Prompts ---------------------------------------------------------------------------------------------------


@dataclass
class Glossary:
    """Forced term pairs and do-not-translate terms for one language pair."""

    pairs: list[tuple[str, str]] = field(default_factory=list)
    keep: list[str] = field(default_factory=list)

    @staticmethod
    def key(source: str, target: str) -> str:
        return f"glossary:{source}>{target}"

    @classmethod
    def load(cls, settings: Settings, source: str, target: str) -> "Glossary":
        data = settings.get(cls.key(source, target), {}) or {}
        return cls([tuple(p) for p in data.get("pairs", []) if len(p) == 2 and p[0].strip() and p[1].strip()],
                   [t for t in data.get("keep", []) if t.strip()])

    def save(self, settings: Settings, source: str, target: str) -> None:
        settings.set(self.key(source, target), {"pairs": [list(p) for p in self.pairs], "keep": list(self.keep)})

    def relevant(self, text: str) -> "Glossary":
        """Only the terms that occur in ``text``, so a long glossary does not fill the context."""
        return Glossary([p for p in self.pairs if _contains(text, p[0])], [t for t in self.keep if _contains(text, t)])

    def problems(self, source: str, translation: str) -> list[str]:
        found = []
        for term, wanted in self.pairs:
            if _contains(source, term) and not _contains(translation, wanted):
                found.append(f"Glossary: “{term}” should be translated as “{wanted}”.")
        for term in self.keep:
            if _contains(source, term) and not _contains(translation, term):
                found.append(f"Glossary: “{term}” should stay untranslated.")
        return found


def piece_messages(text: str, source: str, target: str, glossary: Glossary, previous: str = "",
                   formality: str = "default") -> list[dict]:
    wording = prompts()["translation"]
    relevant = glossary.relevant(text)
    glossary_text = ""
    if relevant.pairs:
        glossary_text += fill(wording["glossary"], pairs="; ".join(f"{s} → {t}" for s, t in relevant.pairs))
    if relevant.keep:
        glossary_text += fill(wording["keep"], terms=", ".join(relevant.keep))
    context = fill(wording["context"], previous=previous[-CONTEXT_CHARS:]) if previous.strip() else ""
    user = fill(wording["piece"], source=language(source).name, target=language(target).name,
                formality=wording["formality"].get(formality, ""), glossary=glossary_text, context=context, text=text)
    return [{"role": "system", "content": wording["system"]}, {"role": "user", "content": user}]


def alternatives_messages(sentence: str, source: str, target: str) -> list[dict]:
    wording = prompts()["translation"]
    user = fill(wording["alternatives"], source=language(source).name, target=language(target).name, text=sentence)
    return [{"role": "system", "content": wording["system"]}, {"role": "user", "content": user}]


def parse_alternatives(answer: str) -> list[str]:
    lines = [re.sub(r"^\s*(?:\d+[.)]|[-*])\s*", "", line).strip() for line in answer.splitlines()]
    return [line for line in lines if line][:3]


# Checks ----------------------------------------------------------------------------------------------------

_URL = re.compile(r"https?://[^\s)>\]]+")
_PLACEHOLDER = re.compile(r"\{\{?\s*[\w.]*\s*\}?\}|%\(\w+\)[sdif]|%[sdif]|\$\{\w+\}")
_INLINE_CODE = re.compile(r"`[^`\n]+`")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,\u00a0 ]\d+)*")


def preserved_problems(source: str, translation: str) -> list[str]:
    """What should have come through a translation unchanged and did not."""
    problems = []
    for what, pattern in (("URL", _URL), ("placeholder", _PLACEHOLDER), ("code", _INLINE_CODE)):
        missing = Counter(pattern.findall(source)) - Counter(pattern.findall(translation))
        for item in missing:
            problems.append(f"The {what} {item} is missing or changed.")
    numbers = Counter(re.sub(r"\D", "", n) for n in _NUMBER.findall(_strip(source)))
    found = Counter(re.sub(r"\D", "", n) for n in _NUMBER.findall(_strip(translation)))
    for number in numbers - found:
        problems.append(f"The number {number} is missing or changed.")
    if is_code(source) and source.strip() != translation.strip():
        problems.append("A code block was changed; code is kept as it is.")
    source_mark, translated_mark = _block_mark(source), _block_mark(translation)
    if source_mark != translated_mark:
        problems.append(f"The Markdown structure changed (“{source_mark or 'plain text'}” became "
                        f"“{translated_mark or 'plain text'}”).")
    return problems


def _strip(text: str) -> str:
    """Text without URLs, placeholders and code, whose digits are checked on their own."""
    for pattern in (_URL, _PLACEHOLDER, _INLINE_CODE):
        text = pattern.sub(" ", text)
    return text


def _block_mark(text: str) -> str:
    match = re.match(r"\s*(#{1,6} |[-*+] |\d+[.)] |> |```)", text)
    if not match:
        return ""
    mark = match.group(1)
    return "1. " if mark[0].isdigit() else mark


def _contains(text: str, term: str) -> bool:
    if term.isascii():
        return re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text, re.IGNORECASE) is not None
    return term in text
