"""The wording sent to the model, read from resources/prompts.json so it can be tuned without touching code."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def prompts() -> dict:
    return json.loads(resources.files("assistant.resources").joinpath("prompts.json").read_text("utf-8"))


def fill(template: str, **values: str) -> str:
    """``template`` with its {placeholders} filled. Values are inserted as they are: braces in the user's text are
    never read as placeholders, because only the template is parsed."""
    return template.format_map(values)
