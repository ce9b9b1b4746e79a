"""A whole file's translation: the file's segments (core/formats) in pieces that fit the context, the prompt for
each, their translations kept segment by segment, corrected by hand, checked, and the file written in its format.

Every piece of one file shares one system message: the instructions, the languages, the register and the glossary
terms the file uses. The engine keeps the longest prompt prefix it has already evaluated, so that message is
evaluated once per file, not once per piece, and a document's cost is its text (benchmarks/file_translation_bench.py
measures it against the pane's plain-text path)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from assistant.core.formats.inline_tags import strip_tags, tags_intact
from assistant.core.formats.translatable import TranslatableFile
from assistant.core.i18n import translate
from assistant.core.writing.languages import enough_to_tell, is_chinese, language
from assistant.core.writing.profile import Profile, with_profile
from assistant.core.writing.prompts import fill, prompts
from assistant.core.writing.translation_models import GENERAL, HY_MT, hy_mt_messages
from assistant.core.writing.translation import (CONTEXT_CHARS, Glossary, clean_translation, estimate_tokens,
                                                language_problems, preserved_problems, profile_for, split_paragraph)

MAX_GLOSSARY_TERMS = 80  # a longer list of a file's terms would crowd the context every piece shares


class FileJob:
    """One file into one language. ``translations[i]`` is segment i's translation, None until it has one; a
    segment translated is never sent again (resuming goes on at the first without one)."""

    def __init__(self, file: TranslatableFile, source: str, target: str, glossary: Glossary,
                 formality: str = "default", context_length: int = 2048,
                 count: Callable[[str], int] = estimate_tokens, profile: Profile | None = None):
        self.file, self.source, self.target, self.formality = file, source, target, formality
        self.segments = file.segments
        whole = "\n".join(strip_tags(segment.text) for segment in self.segments)
        relevant = glossary.relevant(whole)
        self.glossary = Glossary(relevant.pairs[:MAX_GLOSSARY_TERMS], relevant.keep[:MAX_GLOSSARY_TERMS])
        self.translations: list[str | None] = [None] * len(self.segments)
        self.edited: set[int] = set()
        self.budget = max(64, (context_length - 400) // 3)  # room for the instructions, context and the reply
        self.count = count
        self._wording = "zh" if is_chinese(target) else "en"
        self._profile = profile_for(target, profile)
        self._system = self._system_message()
        # The prompt the model is asked in (core/writing/translation_models): the caller sets the loaded model's.
        self.form = GENERAL

    # Progress ---------------------------------------------------------------------------------------------------

    @property
    def done_count(self) -> int:
        return sum(text is not None for text in self.translations)

    @property
    def done(self) -> bool:
        return self.next_segment() is None

    @property
    def progress(self) -> float:
        return self.done_count / len(self.segments) if self.segments else 1.0

    def next_segment(self, after: int = -1) -> int | None:
        """The first segment after ``after`` that has no translation yet."""
        for index in range(after + 1, len(self.segments)):
            if self.translations[index] is None:
                return index
        return None

    # Prompts ----------------------------------------------------------------------------------------------------

    def pieces(self, index: int) -> list[str]:
        """Segment ``index`` as it is sent: whole when it fits the budget, else in sentences (a long segment's
        tags may be cut apart; its formatting is then spread over the translation, and the checks say so)."""
        text = self.segments[index].text
        if self.count(text) <= self.budget:
            return [text]
        return split_paragraph(strip_tags(text) if self.segments[index].tags else text, self.budget, self.count)

    def messages(self, index: int, piece: str, before: str = "") -> list[dict]:
        """The request for ``piece`` of segment ``index``; ``before``: what came just before it, for context (the
        previous segment, or the segment's previous piece)."""
        wording = prompts(self._wording)["translation"]
        target = language(self.target).prompt_name(self._wording)
        if not before and index > 0:
            before = strip_tags(self.segments[index - 1].text)
        if self.form == HY_MT:
            relevant = self.glossary.relevant(piece)
            return hy_mt_messages(piece, self.source, self.target, relevant.pairs, relevant.keep,
                                  before[-CONTEXT_CHARS:])
        context = fill(wording["document_context"], previous=before[-CONTEXT_CHARS:]) if before.strip() else ""
        user = fill(wording["document_piece"], context=context, text=piece, target=target)
        return [self._system, {"role": "user", "content": user}]

    def _system_message(self) -> dict:
        wording = prompts(self._wording)["translation"]
        glossary = ""
        if self.glossary.pairs:
            glossary += fill(wording["glossary"], pairs="; ".join(f"{s} → {t}" for s, t in self.glossary.pairs))
        if self.glossary.keep:
            glossary += fill(wording["keep"], terms=", ".join(self.glossary.keep))
        tags = wording["document_tags"] if any(segment.tags for segment in self.segments) else ""
        content = fill(wording["document_system"], source=language(self.source).prompt_name(self._wording),
                       target=language(self.target).prompt_name(self._wording),
                       formality=wording["formality"].get(self.formality, ""), tags=tags, glossary=glossary)
        return with_profile([{"role": "system", "content": content}], self._profile, "translation", self._wording)[0]

    def max_tokens(self, piece: str) -> int:
        """Room for a translation twice the piece's (over-)estimated tokens: a one-word cell gets a few dozen
        tokens, not the hundred a small model would fill with notes."""
        return estimate_tokens(piece) * 2 + 24

    @property
    def joiner(self) -> str:
        """What goes between the pieces of one segment: Chinese and Japanese put no space between sentences."""
        return "" if self.target.startswith("zh") or self.target == "ja" else " "

    # Translations -----------------------------------------------------------------------------------------------

    def accept(self, index: int, pieces: list[str]) -> str:
        """The model's translations of segment ``index``'s pieces, cleaned of lead-ins and joined: its translation.
        A blank line inside it would make two paragraphs of one, so it becomes a line break."""
        source = strip_tags(self.segments[index].text)
        cleaned = [clean_translation(self._without_echo(piece, source)) for piece in pieces]
        if "\n" not in self.segments[index].text.strip():
            # A one-line segment (a cell, a cue, a heading) has a one-line translation: what a small model goes on
            # to write after it (its notes, the text again, another try) is not part of it.
            cleaned = [next((line.strip() for line in piece.splitlines() if line.strip()), "") for piece in cleaned]
        text = self.joiner.join(cleaned)
        text = re.sub(r"\n\s*\n", "\n", text.strip())
        self.translations[index] = text
        self.edited.discard(index)
        return text

    def _without_echo(self, piece: str, source: str) -> str:
        """The piece without the label lines small models put first: the request's own line repeated ("Translate
        into French:"), or one like it ("Translate into English:", "Traduction :"), a short line ending in a colon
        where the source has none."""
        wording = prompts(self._wording)["translation"]
        asked = fill(wording["document_piece"], context="", text="",
                     target=language(self.target).prompt_name(self._wording)).strip()
        text = piece.lstrip()
        if text[:len(asked)].casefold() == asked.casefold():
            text = text[len(asked):].lstrip()
        source_labelled = source.strip().split("\n", 1)[0].rstrip().endswith((":", "："))
        while not source_labelled:
            first, _newline, rest = text.partition("\n")
            if len(first.strip()) > 80 or not first.rstrip().endswith((":", "：")):
                break
            text = rest.lstrip()
        return text

    def correct(self, index: int, text: str) -> None:
        """The user's own translation of segment ``index``, kept as they wrote it."""
        self.translations[index] = text
        self.edited.add(index)

    def problems(self, index: int) -> list[str]:
        """What needs a look in segment ``index``'s translation, worded in the app's language now."""
        text = self.translations[index]
        if text is None:
            return []
        if not text.strip():
            return [translate("Translation", "The model wrote nothing for this segment, so it stays as it was; "
                                             "correct it by hand, or translate the file again.")]
        source = self.segments[index].text
        plain_source, plain_text = strip_tags(source), strip_tags(text)
        if plain_text.strip().casefold() == plain_source.strip().casefold() and enough_to_tell(plain_source):
            # Copied, not translated: the language check would miss it where the two languages look alike.
            return [translate("Translation", "This segment came back as it was, untranslated.")]
        found = self.glossary.problems(plain_source, plain_text) + preserved_problems(plain_source, plain_text)
        found += language_problems(plain_text, self.target, self.glossary)
        if self.segments[index].tags and not tags_intact(source, text):
            found.append(translate("Translation", "The formatting (bold, italics, links) could not be matched to "
                                                  "the translated words; it was spread over them in order."))
        return found

    def checks(self) -> list[tuple[int, str]]:
        return [(index, problem) for index in range(len(self.segments)) for problem in self.problems(index)]

    def write(self, path: Path, bilingual: bool = False, kind: str | None = None) -> None:
        """The file in its format (or ``kind``), with the segments translated so far; the others as they were."""
        # A segment the model wrote nothing for stays as it was, rather than vanish from the file.
        written = [text if text is None or text.strip() else None for text in self.translations]
        self.file.write(Path(path), written, bilingual=bilingual, kind=kind,
                        language=None if bilingual else self.target)
