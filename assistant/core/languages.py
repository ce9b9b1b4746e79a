"""The languages the Translation pane offers, and offline detection of a text's language.

Detection is py3langid (a maintained langid.py: a 4 MB model, no network), limited to the languages offered,
then hanzidentifier to tell Simplified from Traditional Chinese, which langid reports as one "zh".
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Language:
    code: str  # BCP 47
    name: str  # in English, as the model is prompted
    native: str  # as its readers write it, for the menus
    langid: str  # py3langid's label


LANGUAGES = [Language(*row) for row in [
    ("en", "English", "English", "en"),
    ("zh-Hans", "Simplified Chinese", "简体中文", "zh"),
    ("zh-Hant", "Traditional Chinese", "繁體中文", "zh"),
    ("ja", "Japanese", "日本語", "ja"),
    ("ko", "Korean", "한국어", "ko"),
    ("fr", "French", "Français", "fr"),
    ("de", "German", "Deutsch", "de"),
    ("es", "Spanish", "Español", "es"),
    ("pt", "Portuguese", "Português", "pt"),
    ("ru", "Russian", "Русский", "ru"),
    ("ar", "Arabic", "العربية", "ar"),
    ("hi", "Hindi", "हिन्दी", "hi"),
    ("it", "Italian", "Italiano", "it"),
    ("nl", "Dutch", "Nederlands", "nl"),
    ("pl", "Polish", "Polski", "pl"),
    ("tr", "Turkish", "Türkçe", "tr"),
    ("vi", "Vietnamese", "Tiếng Việt", "vi"),
    ("th", "Thai", "ไทย", "th"),
    ("id", "Indonesian", "Bahasa Indonesia", "id"),
    ("ms", "Malay", "Bahasa Melayu", "ms"),
    ("uk", "Ukrainian", "Українська", "uk"),
    ("cs", "Czech", "Čeština", "cs"),
    ("sv", "Swedish", "Svenska", "sv"),
    ("da", "Danish", "Dansk", "da"),
    ("fi", "Finnish", "Suomi", "fi"),
    ("no", "Norwegian", "Norsk", "no"),
    ("el", "Greek", "Ελληνικά", "el"),
    ("he", "Hebrew", "עברית", "he"),
    ("hu", "Hungarian", "Magyar", "hu"),
    ("ro", "Romanian", "Română", "ro"),
    ("fa", "Persian", "فارسی", "fa"),
    ("bn", "Bengali", "বাংলা", "bn"),
    ("ur", "Urdu", "اردو", "ur"),
    ("ta", "Tamil", "தமிழ்", "ta"),
    ("sw", "Swahili", "Kiswahili", "sw"),
    ("tl", "Filipino", "Filipino", "tl"),
]]
BY_CODE = {language.code: language for language in LANGUAGES}


def language(code: str) -> Language:
    return BY_CODE[code]


_lock = threading.Lock()


@lru_cache(maxsize=1)
def _load_identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(sorted({lang.langid for lang in LANGUAGES}))
    return identifier


def _identifier():
    with _lock:  # loading takes about 0.8 s; a second caller waits for the first instead of loading again
        return _load_identifier()


def warm_up() -> None:
    """Load the detection model ahead of time (call it on a background thread)."""
    _identifier()


def detect(text: str) -> tuple[str, float] | None:
    """The language code of ``text`` and a confidence from 0 to 1; None for text with no letters to go on."""
    sample = text[:4000]
    if not any(ch.isalpha() for ch in sample):
        return None
    label, confidence = _identifier().classify(sample)
    if label == "zh":
        import hanzidentifier

        kind = hanzidentifier.identify(sample)
        return ("zh-Hant" if kind == hanzidentifier.TRADITIONAL else "zh-Hans"), float(confidence)
    code = next(lang.code for lang in LANGUAGES if lang.langid == label)
    return code, float(confidence)
