"""The wording sent to the model, read from resources/prompts.json so it can be tuned without touching code.

The file holds English wording and, under "zh", Chinese wording. ``prompts("zh")`` is the English wording with every
part the Chinese section has replaced by it, so a part not yet translated still works.
"""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from importlib import resources

WORDINGS = ("en", "zh")


@lru_cache(maxsize=1)
def _file() -> dict:
    return json.loads(resources.files("assistant.resources").joinpath("prompts.json").read_text("utf-8"))


@lru_cache(maxsize=len(WORDINGS))
def prompts(wording: str = "en") -> dict:
    data = _file()
    merged = {"drafting": data["drafting"], "translation": data["translation"], "profile": data["profile"]}
    if wording == "en" or wording not in data:
        return merged
    merged = copy.deepcopy(merged)
    for section, parts in data[wording].items():
        for key, value in parts.items():
            if key == "actions":  # matched by id: an action without its wording here keeps the English one
                by_id = {action["id"]: action for action in value}
                merged[section][key] = [{**action, **by_id.get(action["id"], {})} for action in merged[section][key]]
            else:
                merged[section][key] = value
    return merged


def ui_wording(ui_language: str) -> str:
    """The wording whose labels (actions, kinds of text, tones) the UI shows in ``ui_language`` ("en", "zh_CN")."""
    return "zh" if ui_language.startswith("zh") else "en"


def fill(template: str, **values: str) -> str:
    """``template`` with its {placeholders} filled. Values are inserted as they are: braces in the user's text are
    never read as placeholders, because only the template is parsed."""
    return template.format_map(values)
