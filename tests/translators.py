"""Stand-ins for a model's translation in the format tests, which are about the files, not the model's words: each
keeps the tags as a good model does (or breaks them as a small one may), so invariants can be checked exactly."""

from __future__ import annotations

import re

_TAG = re.compile(r"(</?t\d+/?>)")


def shout(text: str) -> str:
    """The text in capitals, its tags as they were: a "translation" that changes every word and nothing else."""
    return "".join(part if _TAG.fullmatch(part) else part.upper() for part in _TAG.split(text))


def tagless(text: str) -> str:
    """A model that dropped every tag."""
    return _TAG.sub("", text).upper()


def into_chinese(text: str) -> str:
    """Every word replaced by a Chinese one, tags kept: a translation that changes length and script."""
    return "".join(part if _TAG.fullmatch(part) else re.sub(r"[A-Za-z]+", "译文", part) for part in _TAG.split(text))
