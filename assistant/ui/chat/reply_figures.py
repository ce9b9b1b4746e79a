"""The status line's words about a reply: how fast it came, how many tokens it took, and how much of the model's
context they fill."""

from __future__ import annotations

from PySide6.QtCore import QObject

from assistant.core.chat.context_gauge import share_percent
from assistant.core.engines.types import GenerationResult, LoadedModel
from assistant.core.storage.history import STOPPED


class ReplyFigures(QObject):
    def context_use(self, model: LoadedModel | None, used: int) -> str:
        """The end of a status line, ' · context 900 / 2,048 (43%)'; nothing without a model."""
        if model is None:
            return ""
        total = model.context_length
        return " · " + self.tr("context {used} / {total} ({share}%)").format(
            used=f"{used:,}", total=f"{total:,}", share=share_percent(used, total))

    def line(self, model: LoadedModel | None, result: GenerationResult, status: str) -> str:
        """The figures of a reply that ended: its speed, first token, tokens, and the context they use."""
        parts = []
        if status == STOPPED:
            parts.append(self.tr("Stopped"))
        if result.tokens_per_second:
            parts.append(self.tr("{rate} tokens/s").format(rate=f"{result.tokens_per_second:.1f}"))
        if result.time_to_first_token is not None:
            parts.append(self.tr("first token {seconds} s").format(seconds=f"{result.time_to_first_token:.2f}"))
        if result.thinking_tokens:
            parts.append(self.tr("%n tokens of thinking", "", result.thinking_tokens))
        if result.counts_estimated:
            parts.append(self.tr("about {prompt} prompt + {generated} generated tokens (estimated: the server did "
                                 "not count)").format(prompt=f"{result.prompt_tokens:,}",
                                                      generated=f"{result.generated_tokens:,}"))
        else:
            parts.append(self.tr("{prompt} prompt + {generated} generated tokens").format(
                prompt=f"{result.prompt_tokens:,}", generated=f"{result.generated_tokens:,}"))
        line = " · ".join(parts) + self.context_use(model, result.prompt_tokens + result.generated_tokens)
        if result.dropped_messages:
            line += " · " + self.tr("%n earlier messages left out", "", result.dropped_messages)
        return line
