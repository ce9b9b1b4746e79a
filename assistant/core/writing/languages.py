"""The languages the Translation pane offers, and offline detection of a text's language.

Detection is py3langid (a maintained langid.py: a 4 MB model, no network), limited to the languages offered,
then hanzidentifier to tell Simplified from Traditional Chinese, which langid reports as one "zh".
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache

from assistant.core.i18n import language as ui_language


@dataclass(frozen=True)
class Language:
    code: str  # BCP 47
    name: str  # in English, as the model is prompted
    native: str  # as its readers write it, for the menus
    langid: str  # py3langid's label
    chinese: str  # its name in Chinese, as the Chinese wording of a prompt names it

    def prompt_name(self, wording: str) -> str:
        return self.chinese if wording == "zh" else self.name

    def ui_name(self) -> str:
        """Its name in the language the app is shown in."""
        return self.chinese if ui_language() == "zh_CN" else self.name

    def menu_label(self) -> str:
        """As the language menus show it: in its own script, and in the app's language where that differs."""
        return self.native if self.native == self.ui_name() else f"{self.native} · {self.ui_name()}"


LANGUAGES = [Language(*row) for row in [
    ("en", "English", "English", "en", "英语"),
    ("zh-Hans", "Simplified Chinese", "简体中文", "zh", "简体中文"),
    ("zh-Hant", "Traditional Chinese", "繁體中文", "zh", "繁体中文"),
    ("ja", "Japanese", "日本語", "ja", "日语"),
    ("ko", "Korean", "한국어", "ko", "韩语"),
    ("fr", "French", "Français", "fr", "法语"),
    ("de", "German", "Deutsch", "de", "德语"),
    ("es", "Spanish", "Español", "es", "西班牙语"),
    ("pt", "Portuguese", "Português", "pt", "葡萄牙语"),
    ("ru", "Russian", "Русский", "ru", "俄语"),
    ("ar", "Arabic", "العربية", "ar", "阿拉伯语"),
    ("hi", "Hindi", "हिन्दी", "hi", "印地语"),
    ("it", "Italian", "Italiano", "it", "意大利语"),
    ("nl", "Dutch", "Nederlands", "nl", "荷兰语"),
    ("pl", "Polish", "Polski", "pl", "波兰语"),
    ("tr", "Turkish", "Türkçe", "tr", "土耳其语"),
    ("vi", "Vietnamese", "Tiếng Việt", "vi", "越南语"),
    ("th", "Thai", "ไทย", "th", "泰语"),
    ("id", "Indonesian", "Bahasa Indonesia", "id", "印度尼西亚语"),
    ("ms", "Malay", "Bahasa Melayu", "ms", "马来语"),
    ("uk", "Ukrainian", "Українська", "uk", "乌克兰语"),
    ("cs", "Czech", "Čeština", "cs", "捷克语"),
    ("sv", "Swedish", "Svenska", "sv", "瑞典语"),
    ("da", "Danish", "Dansk", "da", "丹麦语"),
    ("fi", "Finnish", "Suomi", "fi", "芬兰语"),
    ("no", "Norwegian", "Norsk", "no", "挪威语"),
    ("el", "Greek", "Ελληνικά", "el", "希腊语"),
    ("he", "Hebrew", "עברית", "he", "希伯来语"),
    ("hu", "Hungarian", "Magyar", "hu", "匈牙利语"),
    ("ro", "Romanian", "Română", "ro", "罗马尼亚语"),
    ("fa", "Persian", "فارسی", "fa", "波斯语"),
    ("bn", "Bengali", "বাংলা", "bn", "孟加拉语"),
    ("ur", "Urdu", "اردو", "ur", "乌尔都语"),
    ("ta", "Tamil", "தமிழ்", "ta", "泰米尔语"),
    ("sw", "Swahili", "Kiswahili", "sw", "斯瓦希里语"),
    ("tl", "Filipino", "Filipino", "tl", "菲律宾语"),
]]
BY_CODE = {language.code: language for language in LANGUAGES}


def language(code: str) -> Language:
    return BY_CODE[code]


def is_chinese(code: str | None) -> bool:
    return code in ("zh-Hans", "zh-Hant")


def mostly_chinese(text: str) -> bool:
    """Whether ``text`` is mostly Chinese: more Chinese characters than words in other scripts (a character is
    about a word), and not Japanese, which has kana. Quick enough for the GUI thread, unlike ``detect``, whose
    model takes most of a second to load."""
    sample = text[:2000]
    han = sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf")
    kana = sum(1 for ch in sample if "\u3040" <= ch <= "\u30ff")
    other_words = len(re.findall(r"[^\W\d_\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]+", sample))
    return han > other_words and kana < max(1, han // 10)


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


# A text says which language it is in only when there is enough of it: shorter ones (a heading, a name, a number)
# are guessed wildly by any detector.
MIN_LETTERS = 20
MIN_WORDS = 4
MIN_CJK = 6  # Chinese, Japanese and Korean characters carry about a word each
SURE = 0.9  # the detector's confidence in another language before a text is said to be in it
POSSIBLE = 0.02  # the target's own probability below which it is ruled out (close languages share much)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_WORD = re.compile(r"[^\W\d_]{2,}")


def enough_to_tell(text: str) -> bool:
    """Whether ``text`` is long enough, and ordinary enough prose, for its language to be detected reliably: not
    a short line, and not a line of names (most of its words capitalised)."""
    if len(_CJK.findall(text)) >= MIN_CJK:
        return True
    words = _WORD.findall(text)
    if len(words) < MIN_WORDS or sum(len(word) for word in words) < MIN_LETTERS:
        return False
    capitalised = sum(1 for word in words if word[0].isupper())
    return capitalised * 2 <= len(words)


def other_language(text: str, expected: str) -> str | None:
    """The code of the language ``text`` is surely written in when that is not ``expected``; None when it is in
    ``expected``, may be, or is too short or unusual to tell. Meant for prose: leave out code, URLs and names."""
    if not enough_to_tell(text):
        return None
    sample = text[:4000]
    ranked = {label: float(probability) for label, probability in _identifier().rank(sample)}
    label = max(ranked, key=ranked.get)
    wanted = language(expected).langid
    if label == wanted:
        if is_chinese(expected):  # one langid label for both scripts: only a text in the other script is wrong
            found = _chinese_script(sample)
            return found if found not in (None, expected) else None
        return None
    if ranked[label] < SURE or ranked.get(wanted, 0.0) >= POSSIBLE:
        return None
    if label == "zh":
        return _chinese_script(sample) or "zh-Hans"
    return next(lang.code for lang in LANGUAGES if lang.langid == label)


def _chinese_script(text: str) -> str | None:
    """zh-Hant or zh-Hans when the characters are only one script's; None when they could be either."""
    import hanzidentifier

    kind = hanzidentifier.identify(text)
    return {hanzidentifier.TRADITIONAL: "zh-Hant", hanzidentifier.SIMPLIFIED: "zh-Hans"}.get(kind)


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
