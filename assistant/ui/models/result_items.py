"""The cards in Discover's list: the recommended models by tier (with what each needs on this computer), then what a
search found. Worded in Discover's context ("DiscoverView"), whose view shows them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QListWidgetItem

from assistant.core.engines.memory_fit import need_from_size, on_machine
from assistant.core.hub.hub_client import RepoSummary
from assistant.core.library.recommended import Recommendation
from assistant.ui.models.model_cards import card_item, header_item

REPO_ROLE = Qt.UserRole
FILE_ROLE = Qt.UserRole + 1
FOUND_ROLE = Qt.UserRole + 2  # the header above the search results, which a search scrolls to


def repo_here(entry: Recommendation, source: str) -> str:
    """A recommended model's repository on ``source``: the catalogue records ModelScope's name where it differs
    (Tencent publishes there as Tencent-Hunyuan)."""
    return entry.modelscope_repo or entry.repo_id if source == "modelscope" else entry.repo_id


def recommended_items(entries: list[Recommendation], source: str, memory, hardware) -> list[QListWidgetItem]:
    items, tier = [], None
    for entry in entries:
        if entry.tier != tier:
            tier = entry.tier
            items.append(header_item(QCoreApplication.translate("DiscoverView", "Recommended · {tier}").format(
                tier=entry.tier_text())))
        result, _sentence = on_machine(need_from_size(int(entry.size_gb * 1e9), "Q4_K_M"), memory, hardware)
        size = f"{entry.size_gb:.1f} GB"
        repo = repo_here(entry, source)
        item = card_item("  ·  ".join([entry.title, size, ", ".join(entry.use_labels()), *entry.badges(),
                                       result.label()]),
                         entry.title, f"{size} · {entry.languages_text()}", chips=[*entry.use_labels(), *entry.badges()],
                         verdict=result)
        item.setToolTip("\n".join(filter(None, [repo, entry.file, entry.languages_text(), entry.note_text(),
                                                 entry.licence_text()])))
        item.setData(REPO_ROLE, repo)
        item.setData(FILE_ROLE, entry.file)
        items.append(item)
    return items


def found_items(found: list[RepoSummary], counts: Callable[[RepoSummary], str], source: str) -> list[QListWidgetItem]:
    """``counts``: a result's downloads and likes in words (the view's, whose plural forms the catalogue holds).
    The header names where they were found: after a switch of source, what came from where is plain."""
    items = []
    if found:
        header = (QCoreApplication.translate("DiscoverView", "Found on ModelScope (魔搭) ({count})")
                  if source == "modelscope" else
                  QCoreApplication.translate("DiscoverView", "Found on the Hugging Face Hub ({count})"))
        item = header_item(header.format(count=len(found)))
        item.setData(FOUND_ROLE, True)
        items.append(item)
    for summary in found:
        gated = [QCoreApplication.translate("DiscoverView", "gated: needs a token")] if summary.gated else []
        said = counts(summary)
        item = card_item("  ·  ".join([summary.repo_id, said, *gated]), summary.repo_id, said, chips=gated)
        item.setToolTip(summary.repo_id)
        item.setData(REPO_ROLE, summary.repo_id)
        items.append(item)
    return items
