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
    try:
        source = resources.files("assistant.resources.i18n").joinpath(f"hearth_{language}.ts").read_bytes()
        root = ElementTree.fromstring(source)
    except (OSError, ElementTree.ParseError):
        return None  # an unknown language or a damaged file: English, as without a translator
    table: dict[tuple[str, str], str] = {}
    for context in root.iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            # Unfinished and obsolete entries are not used, as Qt's lrelease leaves them out; plural forms are
            # the UI's alone (the core words its texts to need none).
            if translation is None or translation.get("type") or message.get("numerus") == "yes":
                continue
            if translation.text:
                table[(name, message.findtext("source", ""))] = translation.text

    def translator(context: str, text: str, _disambiguation: str | None = None, _n: int = -1) -> str:
        return table.get((context, text), text)

    return translator
