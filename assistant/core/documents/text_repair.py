"""Text as PDFs hand it out, made readable and searchable.

PDF text layers often carry CJK ideographs under the code points of look-alike radicals (长 as U+2ED3 from the
CJK Radicals Supplement, 一 as U+2F00 from the Kangxi Radicals): search for 长江 then finds nothing, and the
passage shown as a source reads wrongly. The Kangxi block folds with NFKC; the Supplement has no decomposition, so
its equivalents come from Unicode's EquivalentUnifiedIdeograph.txt (U+2E81 to U+2EF3). Justified lines also come out
with a space between every two ideographs, and soft hyphens and zero-width characters are noise.
"""

from __future__ import annotations

import re
import unicodedata

# Unicode's EquivalentUnifiedIdeograph.txt for the CJK Radicals Supplement: radical, then its unified ideograph.
_SUPPLEMENT = (
    "⺁厂⺂乛⺃乚⺄乙⺅亻⺆冂⺇𠘨⺈刀⺉刂⺊卜⺋㔾⺌小⺍小⺎兀⺏尣⺐尢⺑𡯂⺒巳⺓幺⺔彑⺕𫜹⺖忄⺗心⺘扌⺙攵⺛旡⺜日⺝月⺞歺⺟母"
    "⺠民⺡氵⺢氺⺣灬⺤爫⺥爫⺦丬⺧牛⺨犭⺩王⺪𤴔⺫目⺬示⺭礻⺮𥫗⺯糹⺰纟⺱罓⺲罒⺳㓁⺴冗⺵𦉫⺶羊⺷𦍌⺸𦍋⺹耂⺺肀⺻聿⺼肉"
    "⺽𦥑⺾艹⺿艹⻀艹⻁虎⻂衤⻃覀⻄西⻅见⻆角⻇𧢲⻈讠⻉贝⻊𧾷⻋车⻌辶⻍辶⻎辶⻏邑⻐钅⻑長⻒镸⻓长⻔门⻕𨸏⻖阝⻗雨⻘青"
    "⻙韦⻚页⻛风⻜飞⻝食⻞𩙿⻟飠⻠饣⻡𩠐⻢马⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄⻪黾⻫斉⻬齐⻭歯⻮齿⻯竜⻰龙⻱龜⻲亀⻳龟"
)
RADICAL_SUPPLEMENT = {_SUPPLEMENT[i]: _SUPPLEMENT[i + 1] for i in range(0, len(_SUPPLEMENT), 2)}

_RADICALS = re.compile("[\u2e80-\u2fd5]")
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\ufeff]")
_CJK = "[\u2e80-\u2fff\u3001-\u9fff\uf900-\ufaff\uff00-\uffef]"
_SPACED_CJK = re.compile(f"(?:{_CJK} ){{2,}}{_CJK}")  # three or more ideographs, each followed by one space


def repair(text: str) -> str:
    text = _RADICALS.sub(lambda m: RADICAL_SUPPLEMENT.get(m.group(), unicodedata.normalize("NFKC", m.group())),
                         text)
    text = _INVISIBLE.sub("", text)
    return _SPACED_CJK.sub(lambda m: m.group().replace(" ", ""), text)


_CID = re.compile(r"\(cid:\d+\)")


def looks_garbled(text: str) -> bool:
    """Text that is not text: a font without a usable ToUnicode map gives private-use characters, replacement
    characters, control codes or pdfminer-style ``(cid:12)`` placeholders instead of letters."""
    letters = [ch for ch in text if not ch.isspace()]
    if len(letters) < 20:
        return False  # too little to judge; an almost empty page is handled as empty
    bad = sum(1 for ch in letters if ch == "\ufffd" or "\ue000" <= ch <= "\uf8ff" or unicodedata.category(ch) == "Cc")
    bad += 6 * len(_CID.findall(text))
    return bad / len(letters) > 0.3
