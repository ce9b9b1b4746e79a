"""The models the Chat pane's model picker offers: the installed models that can chat (an embedding model only
finds passages for Documents, and a diffusion model cannot chat here), then the files opened recently that are not
among them. Qt-free; the picker shows these."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assistant.core.engines.model_kinds import cannot_chat
from assistant.core.library.gguf_file import GgufInfo
from assistant.core.library.models import InstalledModel, KnownModel
from assistant.core.units import human_size

RECENT_SHOWN = 5


@dataclass(frozen=True)
class ModelChoice:
    name: str
    path: str
    detail: str  # quantization and size: "Q4_K_M · 1.1 GB"
    current: bool  # the model loaded (or loading)


def can_chat(info: GgufInfo | None) -> bool:
    """An embedding model says how to pool its tokens into one vector (``<arch>.pooling_type``); a chat model
    does not."""
    if info is None:
        return False
    return f"{info.architecture}.pooling_type" not in info.metadata and cannot_chat(info) is None


def chat_models(installed: Sequence[InstalledModel]) -> list[InstalledModel]:
    return [model for model in installed if model.problem is None and can_chat(model.info)]


def model_choices(installed: Sequence[InstalledModel], recent: Sequence[KnownModel],
                  current: str | None) -> tuple[list[ModelChoice], list[ModelChoice]]:
    """The installed chat models, and the recent files that are there and not installed (newest first, a few)."""
    def choice(model) -> ModelChoice:
        return ModelChoice(model.name, str(model.path), f"{model.quantization} · {human_size(model.size_bytes)}",
                           str(model.path) == current)

    shown = chat_models(installed)
    paths = {str(model.path) for model in installed}
    others = [model for model in recent if model.available and str(model.path) not in paths][:RECENT_SHOWN]
    return [choice(model) for model in shown], [choice(model) for model in others]
