"""Models made only for translation, asked the way their authors trained them. Tencent's Hy-MT family (Hunyuan-MT,
HY-MT1.5, Hy-MT2) has no system prompt ("our models do not have a default system_prompt", its README) and was
trained on a few fixed user prompts: a plain one, one with reference translations for terms, one with background
text. Hearth's own instructions (a system message, a "Text:" label, formality) would sit in slots it never saw, so
Translation sends it its own prompt instead, worded in Chinese when Chinese is on either side, as the README asks.

Every other model gets Hearth's instructions (core/writing/translation.piece_messages)."""

from __future__ import annotations

import re

from assistant.core.engines.types import short_model_name
from assistant.core.writing.languages import is_chinese, language
from assistant.core.writing.prompts import fill, prompts

GENERAL, HY_MT = "", "hy-mt"  # the prompt forms: Hearth's own, and Tencent's Hy-MT

# "Hy-MT2-7B", "HY-MT1.5-1.8B", "Hunyuan-MT-7B", "hunyuan_mt_7b-q4_k_m": the family's names, not "Hunyuan-7B".
_HY_MT_NAME = re.compile(r"(?i)(?<![a-z])(hy|hunyuan)[-_ ]?mt(?![a-z])")


def prompt_form(model) -> str:
    """The form a loaded model (core/engines/types.LoadedModel, or None) is asked to translate in: HY_MT when its
    name or its file's says it is one of Tencent's translation models, else GENERAL."""
    info = getattr(model, "info", None)
    if info is None:
        return GENERAL
    names = (str(info.name), short_model_name(str(info.path)))
    return HY_MT if any(_HY_MT_NAME.search(name) for name in names) else GENERAL


def hy_mt_messages(text: str, source: str, target: str, pairs: list[tuple[str, str]], keep: list[str],
                   previous: str = "") -> list[dict]:
    """One user message, no system message: the plain prompt, or the one with reference translations when the
    glossary has terms in ``text`` (a word to keep "translates to" itself), or the one with background text when
    there is ``previous`` text (with the reference translations first, when there are both). ``previous``: the
    text just before, already cut to what is sent."""
    wording_name = "zh" if is_chinese(source) or is_chinese(target) else "en"
    wording = prompts(wording_name)["translation"]
    target_name = language(target).prompt_name(wording_name)
    terms = [fill(wording["hy_mt_term"], source=a, target=b) for a, b in pairs]
    terms += [fill(wording["hy_mt_term"], source=word, target=word) for word in keep]
    reference = fill(wording["hy_mt_reference"], terms="\n".join(terms)) if terms else ""
    if previous.strip():
        body = fill(wording["hy_mt_context"], previous=previous, target=target_name, text=text)
    else:  # the README words the request a little more firmly after reference translations
        body = fill(wording["hy_mt_after_reference" if terms else "hy_mt_plain"], target=target_name, text=text)
    return [{"role": "user", "content": reference + body}]
