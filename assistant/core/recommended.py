"""The curated list of models shown first in the Models pane, read from resources/recommended_models.json."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources

from assistant.core.hub_files import check_file_name, check_repo_id


@dataclass(frozen=True)
class Recommendation:
    tier: str
    tier_label: str
    title: str
    repo_id: str
    file: str
    size_gb: float
    uses: tuple[str, ...]
    languages: str
    note: str


def recommendations(text: str | None = None) -> list[Recommendation]:
    """Every entry, smallest tier first. ``text`` replaces the packaged file (for tests and for editing)."""
    if text is None:
        text = resources.files("assistant.resources").joinpath("recommended_models.json").read_text("utf-8")
    data = json.loads(text)
    found = []
    for tier in data["tiers"]:
        for entry in tier["models"]:
            found.append(Recommendation(
                tier["id"], tier["label"], entry["title"], check_repo_id(entry["repo"]), check_file_name(entry["file"]),
                float(entry["size_gb"]), tuple(entry["uses"]), entry.get("languages", ""), entry.get("note", ""),
            ))
    return found
