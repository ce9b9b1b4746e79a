"""Words the core shows to people (errors, verdicts, states), in the language the app is shown in.

The core never imports Qt, so it cannot translate by itself: it calls ``translate(context, text)``, and the app
installs Qt's translator here at start-up (``assistant.ui.common.ui_language``). Without one (the command line, the core's
tests) the English source text comes back unchanged.

Qt's ``lupdate`` finds the calls by their name: write ``translate("Context", "Literal text")`` with both
arguments literal, and format after translating (``translate(...).format(name=...)``), never inside. lupdate
does not see plural forms in these calls, so core texts are worded to need none ("layers on the CPU: {count}").
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from functools import lru_cache
from importlib import resources
from typing import Callable

Translator = Callable[[str, str, "str | None", int], str]
_translator: Translator | None = None
_language = "en"


def install(translator: Translator | None, language: str = "en") -> None:
    global _translator, _language
    _translator, _language = translator, language


def language() -> str:
    """The language the app is shown in ("en" or "zh_CN"), for texts that live in data files, not in code."""
    return _language


def translate(context: str, text: str) -> str:
    """``text`` in the language the app is shown in."""
    return text if _translator is None else _translator(context, text, None, -1)


def use_catalogue(language: str) -> None:
    """Translate with the app's own catalogue for ``language``, read without Qt: for a process that shows no window
    but whose words reach one (the engine host's warnings and errors). English needs no catalogue."""
    if language != _language:
        install(None if language == "en" else _catalogue_translator(language), language)


@lru_cache(maxsize=2)
def _catalogue_translator(language: str) -> Translator | None:
    """The compiled catalogue where there is one (an installer ships only the .qm), else the Linguist source."""
    folder = resources.files("assistant.resources.i18n")
    table = None
    for name, read in ((f"hearth_{language}.qm", qm_table), (f"hearth_{language}.ts", ts_table)):
        try:
            table = read(folder.joinpath(name).read_bytes())
            break
        except (OSError, ValueError, ElementTree.ParseError):
            continue  # not there, or damaged: the next, and English without either
    if table is None:
        return None

    def translator(context: str, text: str, _disambiguation: str | None = None, _n: int = -1) -> str:
        return table.get((context, text), text)

    return translator


def ts_table(source: bytes) -> dict[tuple[str, str], str]:
    """(context, source text) -> translation, from a Qt Linguist .ts file."""
    table: dict[tuple[str, str], str] = {}
    for context in ElementTree.fromstring(source).iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            # Unfinished and obsolete entries are not used, as Qt's lrelease leaves them out; plural forms are
            # the UI's alone (the core words its texts to need none).
            if translation is None or translation.get("type") or message.get("numerus") == "yes":
                continue
            if translation.text:
                table[(name, message.findtext("source", ""))] = translation.text
    return table


_QM_MAGIC = bytes.fromhex("3cb86418caef9c95cd211cbf60a1bddd")
_MESSAGES, _END, _TRANSLATION, _OBSOLETE1, _SOURCE, _CONTEXT, _COMMENT = 0x69, 1, 3, 5, 6, 7, 8


def qm_table(data: bytes) -> dict[tuple[str, str], str]:
    """(context, source text) -> translation, from a .qm file as Qt's lrelease writes it: after the magic number,
    tagged sections; in the messages section each message is tagged fields (the translation in UTF-16, the source
    text and context in UTF-8) up to an end tag. A plural message keeps its first form. ValueError: not a .qm."""
    if not data.startswith(_QM_MAGIC):
        raise ValueError("not a Qt .qm file")
    messages, position = b"", len(_QM_MAGIC)
    while position + 5 <= len(data):
        tag, length = data[position], int.from_bytes(data[position + 1:position + 5], "big")
        if tag == _MESSAGES:
            messages = data[position + 5:position + 5 + length]
        position += 5 + length
    table: dict[tuple[str, str], str] = {}
    fields: dict[int, bytes] = {}
    position = 0
    while position < len(messages):
        tag = messages[position]
        position += 1
        if tag == _END:
            if _TRANSLATION in fields:
                table[(fields.get(_CONTEXT, b"").decode("utf-8"), fields.get(_SOURCE, b"").decode("utf-8"))] = \
                    fields[_TRANSLATION].decode("utf-16-be")
            fields = {}
            continue
        if tag == _OBSOLETE1:
            position += 4
            continue
        if tag not in (_TRANSLATION, _SOURCE, _CONTEXT, _COMMENT) and tag not in (2, 4):
            raise ValueError(f"unknown tag {tag} in a .qm file")
        length = int.from_bytes(messages[position:position + 4], "big")
        position += 4
        if length == 0xFFFFFFFF:  # a null string
            length = 0
        fields.setdefault(tag, messages[position:position + length])  # a plural's first form
        position += length
    return table
