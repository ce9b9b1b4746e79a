"""Translating documents: paragraphs, pieces that fit the context, the prompt for each piece, and the checks on
what comes back (glossary terms, and Markdown, code, URLs, numbers and placeholders that must survive).

A translation into Chinese is asked for with the Chinese wording of prompts.json: the model writes the language it
is spoken to in more reliably."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.core.writing.drafting import clean_output
from assistant.core.i18n import translate
from assistant.core.writing.languages import is_chinese, language, other_language
from assistant.core.writing.lead_ins import strip_lead_in
from assistant.core.writing.profile import Profile, translation_glossary, with_profile
from assistant.core.writing.prompts import fill, prompts
from assistant.core.writing.translation_models import GENERAL, HY_MT, hy_mt_messages
from assistant.core.storage.settings import Settings

CONTEXT_CHARS = 400  # how much of the previous paragraph goes with a piece, to keep terms and tone consistent


# Paragraphs and pieces -------------------------------------------------------------------------------------


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each block separated by blank lines; a fenced code block is one block even with blank lines
    inside. Positions index ``text``, so the panes can highlight a paragraph."""
    spans: list[tuple[int, int]] = []
    start = None
    end = 0
    in_fence = False
    position = 0
    for line in text.split("\n"):
        line_end = position + len(line)
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
        if not line.strip() and not in_fence:
            if start is not None:
                spans.append((start, end))
                start = None
        else:
            if start is None:
                start = position
            end = line_end
        position = line_end + 1
    if start is not None:
        spans.append((start, end))
    return spans


def paragraphs(text: str) -> list[str]:
    return [text[start:end] for start, end in paragraph_spans(text)]


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
    notes: dict[str, str] = field(default_factory=dict)  # a term's note for the people who keep the glossary

    @classmethod
    def load(cls, settings: Settings, source: str, target: str) -> "Glossary":
        data = settings.glossary(source, target)
        notes = data.get("notes", {})
        return cls([tuple(p) for p in data.get("pairs", []) if len(p) == 2 and p[0].strip() and p[1].strip()],
                   [t for t in data.get("keep", []) if t.strip()],
                   {str(k): str(v) for k, v in notes.items()} if isinstance(notes, dict) else {})

    def save(self, settings: Settings, source: str, target: str) -> None:
        settings.set_glossary(source, target, {"pairs": [list(p) for p in self.pairs], "keep": list(self.keep),
                                               "notes": dict(self.notes)})

    def merged(self, other: "Glossary") -> "Glossary":
        """This glossary with ``other``'s entries, which win for a term both have."""
        terms = {term for term, _wanted in other.pairs} | set(other.keep)
        return Glossary([p for p in self.pairs if p[0] not in terms] + list(other.pairs),
                        [t for t in self.keep if t not in terms] + list(other.keep), {**self.notes, **other.notes})

    def relevant(self, text: str) -> "Glossary":
        """Only the terms that occur in ``text``, so a long glossary does not fill the context."""
        return Glossary([p for p in self.pairs if _contains(text, p[0])], [t for t in self.keep if _contains(text, t)])

    def problems(self, source: str, translation: str) -> list[str]:
        found = []
        for term, wanted in self.pairs:
            if _contains(source, term) and not _contains(translation, wanted):
                found.append(translate(
                    "Translation", "Glossary: “{term}” should be translated as “{wanted}”.").format(term=term,
                                                                                                     wanted=wanted))
        for term in self.keep:
            if _contains(source, term) and not _contains(translation, term):
                found.append(translate("Translation", "Glossary: “{term}” should stay untranslated.").format(
                    term=term))
        return found


def run_glossary(glossary: Glossary, profile: Profile | None) -> Glossary:
    """The glossary a translation runs with: the pair's own over the profile's words to keep and terms, so the
    checks hold the translation to both."""
    pairs, keep = translation_glossary(profile)
    return Glossary(list(pairs), list(keep)).merged(glossary)


def profile_for(target: str, profile: Profile | None) -> Profile | None:
    """What of a profile reaches a translation's instructions is its spelling: for an English target alone."""
    return profile if target.split("-")[0] == "en" else None


def piece_messages(text: str, source: str, target: str, glossary: Glossary, previous: str = "",
                   formality: str = "default", profile: Profile | None = None, form: str = GENERAL) -> list[dict]:
    """The request for one piece, in Hearth's words, or in the model's own ``form`` (core/writing/
    translation_models: no formality or profile there, since the model was trained on no such words)."""
    relevant = glossary.relevant(text)
    if form == HY_MT:
        return hy_mt_messages(text, source, target, relevant.pairs, relevant.keep, previous[-CONTEXT_CHARS:])
    name = "zh" if is_chinese(target) else "en"
    wording = prompts(name)["translation"]
    glossary_text = ""
    if relevant.pairs:
        glossary_text += fill(wording["glossary"], pairs="; ".join(f"{s} → {t}" for s, t in relevant.pairs))
    if relevant.keep:
        glossary_text += fill(wording["keep"], terms=", ".join(relevant.keep))
    context = fill(wording["context"], previous=previous[-CONTEXT_CHARS:]) if previous.strip() else ""
    user = fill(wording["piece"], source=language(source).prompt_name(name), target=language(target).prompt_name(name),
                formality=wording["formality"].get(formality, ""), glossary=glossary_text, context=context, text=text)
    return with_profile([{"role": "system", "content": wording["system"]}, {"role": "user", "content": user}],
                        profile_for(target, profile), "translation", name)


def alternatives_messages(sentence: str, source: str, target: str) -> list[dict]:
    name = "zh" if is_chinese(target) else "en"
    wording = prompts(name)["translation"]
    user = fill(wording["alternatives"], source=language(source).prompt_name(name),
                target=language(target).prompt_name(name), text=sentence)
    return [{"role": "system", "content": wording["system"]}, {"role": "user", "content": user}]


def clean_translation(answer: str) -> str:
    """The translation without the lead-in or label lines small models put first ("Translation:", "译文：")."""
    return clean_output(strip_lead_in(answer.strip()))


def parse_alternatives(answer: str) -> list[str]:
    lines = [re.sub(r"^\s*(?:\d+[.)]|[-*])\s*", "", line).strip() for line in answer.splitlines()]
    return [line for line in lines if line][:3]


# Checks ----------------------------------------------------------------------------------------------------

_URL = re.compile(r"https?://[^\s)>\]]*[^\s)>\].,;:!?'\"”’]")  # a sentence's full stop is not part of it
_PLACEHOLDER = re.compile(r"\{\{?\s*[\w.]*\s*\}?\}|%\(\w+\)[sdif]|%[sdif]|\$\{\w+\}")
_INLINE_CODE = re.compile(r"`[^`\n]+`")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,\u00a0 ]\d+)*")


def preserved_problems(source: str, translation: str) -> list[str]:
    """What should have come through a translation unchanged and did not."""
    problems = []
    for message, pattern in ((translate("Translation", "The URL {item} is missing or changed."), _URL),
                             (translate("Translation", "The placeholder {item} is missing or changed."), _PLACEHOLDER),
                             (translate("Translation", "The code {item} is missing or changed."), _INLINE_CODE)):
        missing = Counter(pattern.findall(source)) - Counter(pattern.findall(translation))
        for item in missing:
            problems.append(message.format(item=item))
    numbers = Counter(re.sub(r"\D", "", n) for n in _NUMBER.findall(_strip(source)))
    found = Counter(re.sub(r"\D", "", n) for n in _NUMBER.findall(_strip(translation)))
    for number in numbers - found:
        problems.append(translate("Translation", "The number {number} is missing or changed.").format(number=number))
    if is_code(source) and source.strip() != translation.strip():
        problems.append(translate("Translation", "A code block was changed; code is kept as it is."))
    source_mark, translated_mark = _block_mark(source), _block_mark(translation)
    if source_mark != translated_mark:
        plain = translate("Translation", "plain text")
        problems.append(translate(
            "Translation", "The Markdown structure changed (“{before}” became “{after}”).").format(
            before=source_mark or plain, after=translated_mark or plain))
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


def language_problems(translation: str, target: str, glossary: Glossary) -> list[str]:
    """A paragraph that came back in another language (often the source's, copied): the detector looks at its
    prose only, without URLs, code, placeholders and the glossary's terms, which may rightly stay as they are."""
    prose = _strip(translation)
    for term in [*glossary.keep, *(wanted for _term, wanted in glossary.pairs)]:
        prose = prose.replace(term, " ")
    found = other_language(prose, target)
    if found is None:
        return []
    return [translate("Translation", "This paragraph is in {found}, not in {target}.").format(
        found=language(found).ui_name(), target=language(target).ui_name())]


# A document's translation, piece by piece --------------------------------------------------------------------


def estimate_tokens(text: str) -> int:
    """A deliberately high token estimate (half the UTF-8 bytes): no tokenizer is needed to plan the pieces, and
    a piece planned this way fits the context with room to spare."""
    return len(text.encode("utf-8", "surrogatepass")) // 2 + 1  # a lone surrogate (pasted) counts, not fails


@dataclass(frozen=True)
class Piece:
    paragraph: int
    text: str
    copy: bool = False  # code blocks are kept as they are, not sent to the model


@dataclass
class TranslationJob:
    """Everything needed to translate a document in order, stop, and go on later from the next piece."""

    source: str
    target: str
    glossary: Glossary
    formality: str
    paragraphs: list[str]
    pieces: list[Piece]
    next_piece: int = 0
    outputs: dict[int, list[str]] = field(default_factory=dict)
    profile: Profile | None = None  # the user's, whose spelling an English translation follows
    # The prompt the model is asked in (core/writing/translation_models): the loaded model's, set before each piece.
    form: str = GENERAL

    @classmethod
    def plan(cls, text: str, source: str, target: str, glossary: Glossary, formality: str = "default",
             budget: int = 700, count: Callable[[str], int] = estimate_tokens,
             profile: Profile | None = None) -> "TranslationJob":
        blocks = paragraphs(text)
        pieces = []
        for index, block in enumerate(blocks):
            if is_code(block):
                pieces.append(Piece(index, block, copy=True))
            else:
                pieces.extend(Piece(index, part) for part in split_paragraph(block, budget, count))
        return cls(source, target, glossary, formality, blocks, pieces, profile=profile)

    @property
    def done(self) -> bool:
        return self.next_piece >= len(self.pieces)

    @property
    def progress(self) -> float:
        return self.next_piece / len(self.pieces) if self.pieces else 1.0

    @property
    def current(self) -> Piece:
        return self.pieces[self.next_piece]

    def messages(self) -> list[dict]:
        piece = self.current
        previous = self.paragraphs[piece.paragraph - 1] if piece.paragraph > 0 else ""
        same = self.outputs.get(piece.paragraph)
        if same:  # a later piece of a long paragraph: what came just before is the earlier piece
            previous = self.pieces[self.next_piece - 1].text
        return piece_messages(piece.text, self.source, self.target, self.glossary, previous, self.formality,
                              self.profile, self.form)

    def record(self, translation: str) -> int | None:
        """Keep the current piece's translation and move on; the paragraph's index once it is complete."""
        piece = self.current
        # A blank line inside one paragraph's translation would split it in two and break the alignment.
        text = piece.text if piece.copy else re.sub(r"\n\s*\n", "\n", translation.strip())
        self.outputs.setdefault(piece.paragraph, []).append(text)
        self.next_piece += 1
        if self.done or self.current.paragraph != piece.paragraph:
            return piece.paragraph
        return None

    def translation(self, paragraph: int) -> str | None:
        last = max((p.paragraph for p in self.pieces[:self.next_piece]), default=-1)
        if paragraph > last or (paragraph == last and not self._complete(paragraph)):
            return None
        return self.joiner.join(self.outputs.get(paragraph, []))

    @property
    def joiner(self) -> str:
        """What goes between the pieces of one paragraph: Chinese and Japanese put no space between sentences."""
        return "" if self.target.startswith("zh") or self.target == "ja" else " "

    def partial(self) -> str:
        """The pieces of the paragraph in progress that are already translated."""
        if self.done:
            return ""
        return self.joiner.join(self.outputs.get(self.current.paragraph, []))

    def _complete(self, paragraph: int) -> bool:
        return self.done or self.current.paragraph != paragraph

    def finished_paragraphs(self) -> list[str]:
        found = []
        for index in range(len(self.paragraphs)):
            text = self.translation(index)
            if text is None:
                break
            found.append(text)
        return found

    def problems(self, paragraph: int) -> list[str]:
        text = self.translation(paragraph)
        if text is None:
            return []
        source = self.paragraphs[paragraph]
        problems = self.glossary.problems(source, text) + preserved_problems(source, text)
        if not is_code(source):
            problems += self.language_problems(text)
        return problems

    def language_problems(self, translation: str) -> list[str]:
        return language_problems(translation, self.target, self.glossary)

    # Kept in the database between starts (core/writing/translation_store.py), so Resume goes on after a restart.

    def to_dict(self) -> dict:
        return {"source": self.source, "target": self.target, "formality": self.formality,
                "glossary": {"pairs": [list(pair) for pair in self.glossary.pairs], "keep": list(self.glossary.keep)},
                "paragraphs": list(self.paragraphs),
                "pieces": [[piece.paragraph, piece.text, piece.copy] for piece in self.pieces],
                "next_piece": self.next_piece,
                "outputs": {str(index): list(texts) for index, texts in self.outputs.items()}}

    @classmethod
    def from_dict(cls, data: dict) -> "TranslationJob":
        """The job as ``to_dict`` kept it; ValueError for anything else, so a damaged record is never half used."""
        try:
            glossary = Glossary([(str(a), str(b)) for a, b in data["glossary"]["pairs"]],
                                [str(term) for term in data["glossary"]["keep"]])
            paragraphs = [str(text) for text in data["paragraphs"]]
            pieces = [Piece(int(index), str(text), bool(copy)) for index, text, copy in data["pieces"]]
            outputs = {int(index): [str(text) for text in texts] for index, texts in data["outputs"].items()}
            job = cls(str(data["source"]), str(data["target"]), glossary, str(data["formality"]), paragraphs, pieces,
                      int(data["next_piece"]), outputs)
            language(job.source), language(job.target)  # KeyError for a language this version does not offer
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ValueError(f"not a translation job: {exc}") from exc
        if not 0 <= job.next_piece <= len(pieces) or any(not 0 <= p.paragraph < len(paragraphs) for p in pieces):
            raise ValueError("not a translation job: its place is outside its pieces")
        return job
