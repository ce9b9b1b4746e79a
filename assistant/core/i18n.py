"""Words the core shows to people (errors, verdicts, states), in the language the app is shown in.

The core never imports Qt, so it cannot translate by itself: it calls ``translate(context, text)``, and the app
installs Qt's translator here at start-up (``assistant.ui.common.ui_language``). Without one (the command line, the core's
tests) the English source text comes back unchanged.

Qt's ``lupdate`` finds the calls by their name: write ``translate("Context", "Literal text")`` with both
arguments literal, and format after translating (``translate(...).format(name=...)``), never inside. lupdate
does not see plural forms in these calls, so core texts are worded to need none ("layers on the CPU: {count}").
"""

from __future__ import annotations

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
