"""Lead-ins: what a model writes before the text it was asked for ("Sure! Here's the corrected version:",
"以下是修改后的文本：", "Translation:"). They are not part of that text, so Drafting and Translation drop them
before a result is compared, inserted or kept.

A lead-in is recognised by its shape, not by a list of whole sentences: a line that ends in a colon and either
announces a text ("here is" … "version", "以下是" … "文本") or is only a label ("Corrected text:", "译文："),
optionally after a short "Sure!" or "好的。" line. Anything the user's own text already says is never a lead-in.
"""

from __future__ import annotations

import re

LIMIT = 300  # a lead-in ends within this many characters; past them, the text has begun

# English: the words that announce a text, at the start of a sentence, and the text they announce (after them).
_HERALD_EN = (r"(?:here(?:'s|’s|\s+is|\s+are)|below\s+(?:is|are)|the\s+following|"
              r"i(?:'ve|’ve|\s+have)\s+(?:corrected|revised|rewritten|edited|proofread|translated|made|fixed))")
_NOUN_EN = (r"(?:versions?|texts?|translations?|rewrites?|rewritten|revised|revisions?|corrected|corrections?|"
            r"edited|edits|proofread|summary|key\s+points|continuation|draft|result|paragraphs?|passage|"
            r"sentences?|email|letter|message|answer|output)")
# At most three words between them ("Here's a more formal version"), so "Here are three ways to improve your
# email:" stays: it is a text's own first line.
_ANNOUNCES_EN = re.compile(rf"(?:^|[.!?…]\s+){_HERALD_EN}(?:\s+[\w'’-]+){{0,3}}?\s+{_NOUN_EN}\b", re.IGNORECASE)
_DONE_EN = (r"(?:corrected|revised|rewritten|edited|proofread|improved|polished|final|shortened|expanded|"
            r"translated|new|updated|formal|casual|continued)")
_LABEL_EN = re.compile(
    rf"(?:the\s+)?(?:{_DONE_EN}\s+)?(?:text|version|translation|draft|summary|key\s+points|"
    rf"continuation|result|output)(?:\s+in\s+[\w ]+)?(?:\s+(?:is|reads|would\s+read|should\s+read|becomes))?"
    rf"(?:\s+as\s+follows)?|{_DONE_EN}", re.IGNORECASE)  # "The text is:", "… reads as follows:", "Corrected:"

# Chinese: the words that announce (以下是…, …如下) and what they announce, in either order.
_HERALD_ZH = re.compile(r"以下|如下|下面|这是|这里是|给出")
_NOUN_ZH = re.compile(r"文本|版本|译文|翻译|修改|改写|润色|校对|纠正|更正|摘要|总结|要点|续写|草稿|结果|内容|邮件|段落|句子")
_LABEL_ZH = re.compile(r"(?:修改后|改写后|润色后|校对后|更正后|扩写后|缩写后|翻译后|最终)?的?(?:文本|版本|译文|翻译|摘要|总结|要点|续写|草稿|结果)")

# "Sure!", "Of course.", "好的。": a line that only agrees, before the line that announces.
_FILLER = re.compile(r"(?:sure|certainly|of\s+course|okay|ok|absolutely|great|no\s+problem)\b[^\n]{0,40}|"
                     r"(?:好的|当然|没问题|可以)[^\n]{0,20}", re.IGNORECASE)

_COLON = re.compile(r"[:：]")


def lead_in_length(text: str, original: str = "", complete: bool = True) -> int:
    """How many characters at the start of ``text`` are a lead-in, with the space after it; 0 when there is none.
    ``original``: the user's text the result was made from; a line it contains is the user's, not a lead-in.
    ``complete=False``: more text is coming, so a colon with nothing after it yet is not decided on ("Summary:"
    alone on its line is a label; "Summary: the plan" is the text)."""
    offset = len(text) - len(text.lstrip())
    colon = _COLON.search(text, offset, offset + LIMIT)
    if colon is None:
        return 0
    lines = text[offset:colon.start()].split("\n")
    line, earlier = lines[-1].strip(), [part.strip() for part in lines[:-1] if part.strip()]
    if not all(_FILLER.fullmatch(part) for part in earlier):
        return 0
    rest = text[colon.end():]
    if not complete and not rest:
        return 0
    own_line = not rest.strip(" \t") or rest.lstrip(" \t").startswith("\n")
    if not _announces(line) and not (own_line and _is_label(line)):
        return 0
    if _in_original(line, original):
        return 0
    end = colon.end()
    return end + len(rest) - len(rest.lstrip())


def strip_lead_in(text: str, original: str = "") -> str:
    """``text`` without its lead-ins (a model sometimes writes two: "Sure!\\n\\nRevised text:\\n"); empty when it
    was only a lead-in."""
    while length := lead_in_length(text, original):
        text = text[length:]
    return text


def _announces(line: str) -> bool:
    if _ANNOUNCES_EN.search(line):
        return True
    # The Chinese announcement is the last sentence before the colon ("文本有误。以下是修改后的文本：").
    sentence = re.split(r"[。！？!?]", line)[-1]
    return bool(_HERALD_ZH.search(sentence) and _NOUN_ZH.search(sentence))


def _is_label(line: str) -> bool:
    return bool(_LABEL_EN.fullmatch(line) or _LABEL_ZH.fullmatch(line))


def _in_original(line: str, original: str) -> bool:
    return bool(original) and " ".join(line.split()).casefold() in " ".join(original.split()).casefold()


class LeadInWatch:
    """A text shown as it streams in: says how much of its start to take back once that start turns out to be a
    lead-in, with the space after it."""

    def __init__(self, original: str = ""):
        self.original = original
        self.text = ""  # what was streamed, less what was taken back
        self._after_cut = False  # a lead-in was taken back and the text after it has not begun yet
        self._begun = False  # the text itself has begun: the rest of the stream is not looked at

    def feed(self, chunk: str) -> int:
        """``chunk`` was shown after the rest: the number of characters to take back from the start."""
        if self._begun:
            return 0  # on the token stream: a long text costs nothing here once its start is settled
        self.text += chunk
        return self._check(complete=False)

    def finish(self) -> int:
        """The stream ended: what to take back from the start, now that nothing more comes."""
        return 0 if self._begun else self._check(complete=True)

    def _check(self, complete: bool) -> int:
        if not self._after_cut and len(self.text.lstrip()) > LIMIT:
            self._begun = True
            return 0  # the text has begun: nothing later makes its start a lead-in
        length = lead_in_length(self.text, self.original, complete)
        if not length and self._after_cut:
            length = len(self.text) - len(self.text.lstrip())  # the blank line after a lead-in taken back
        if length:
            self.text = self.text[length:]
            self._after_cut = True
        if self.text.strip():
            self._after_cut = False
        return length
