"""The curated list of models shown first in the Models pane, read from resources/recommended_models.json."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources

from assistant.core.hub.files import check_file_name, check_repo_id
from assistant.core.i18n import language, translate


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
    # The same three texts in Simplified Chinese ("zh" in the file); English is used where one is missing.
    chinese: dict = field(default_factory=dict, hash=False, compare=False)
    thinking: str = ""  # "switchable", "always", or "" (it does not think)
    vision: bool = False  # the repository ships the image projector too
    source: str = ""  # where the repository and file were checked
    modelscope_repo: str = ""  # its name on ModelScope where that differs from the Hub's ("": the same)
    licence: str = ""  # the weights' licence, as its authors name it

    def licence_text(self) -> str:
        return translate("Recommendation", "Licence: {licence}").format(licence=self.licence) if self.licence else ""

    @property
    def chats(self) -> bool:
        """A chat model: one a conversation can be had with. An embedding model (its only use "documents") finds
        passages for Documents and is never offered as something to chat with."""
        return "chat" in self.uses

    def badges(self) -> list[str]:
        marks = []
        if self.thinking == "switchable":
            marks.append(translate("Recommendation", "thinks (can be turned off)"))
        elif self.thinking:
            marks.append(translate("Recommendation", "always thinks"))
        if self.vision:
            marks.append(translate("Recommendation", "reads images"))
        return marks

    def _text(self, name: str) -> str:
        return (self.chinese.get(name) if language() == "zh_CN" else None) or getattr(self, name)

    def tier_text(self) -> str:
        return self._text("tier_label")

    def languages_text(self) -> str:
        return self._text("languages")

    def note_text(self) -> str:
        return self._text("note")

    def use_labels(self) -> list[str]:
        return [use_label(use) for use in self.uses]


def use_label(use: str) -> str:
    return {"chat": translate("Recommendation", "chat"), "drafting": translate("Recommendation", "drafting"),
            "translation": translate("Recommendation", "translation"),
            "documents": translate("Recommendation", "finding passages in your documents")}.get(use, use)


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
                {"tier_label": tier.get("label_zh", ""), **entry.get("zh", {})},
                thinking=entry.get("thinking") or "", vision=bool(entry.get("vision")),
                source=entry.get("source", ""),
                modelscope_repo=check_repo_id(entry["modelscope"]) if entry.get("modelscope") else "",
                licence=entry.get("licence", ""),
            ))
    return found


def chat_models(entries: list[Recommendation] | None = None) -> list[Recommendation]:
    """The entries one can chat with (of ``entries``, or of the whole list): what a first start offers. An
    embedding model only finds passages in documents; it is offered where documents are set up."""
    return [entry for entry in (recommendations() if entries is None else entries) if entry.chats]


def translation_model(installed: list, entries: list[Recommendation] | None = None):
    """An installed model made for translation, with its catalogue entry: one whose entry is used for translation
    and not for chat (Tencent's Hy-MT2), which translates better than a chat model of its size. None if none is
    installed. ``installed``: the library's models (core/library/models.InstalledModel)."""
    entries = recommendations() if entries is None else entries
    made_for = [e for e in entries if "translation" in e.uses and "chat" not in e.uses]
    for model in installed:
        for entry in made_for:
            # From the Hub or from ModelScope (another owner there), or imported as a file: by its name then.
            from_it = model.repo_id in (entry.repo_id, entry.modelscope_repo) or not model.repo_id
            if from_it and model.path.name == entry.file and model.problem is None:
                return model, entry
    return None

