"""The Hub could not be reached (the network failed, not offline mode): one state said in words, with the technical
reason kept aside for a tooltip. A call wrapped in ``or_unreachable`` returns an ``Unreachable`` instead of raising,
so the view that shows it decides nothing: it shows the state once, whichever request met it first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from assistant.core.hub.hub_client import HubError
from assistant.core.i18n import translate

T = TypeVar("T")


@dataclass(frozen=True)
class Unreachable:
    detail: str  # what the connection said (a ConnectError's words): for a tooltip, not the sentence

    @staticmethod
    def sentence(source: str = "hub") -> str:
        if source == "modelscope":
            return translate("Hub", "Hearth could not reach ModelScope (魔搭). Check the connection, or work offline "
                                    "with model files you already have.")
        return translate("Hub", "Hearth could not reach the Hugging Face Hub. Check the connection, or work offline "
                                "with model files you already have.")


def or_unreachable(call: Callable[[], T]) -> T | Unreachable:
    """``call()``'s value; an ``Unreachable`` where the network failed. Other Hub errors (a token, a missing
    repository, offline mode) are raised as before: they have their own words and their own fix."""
    try:
        return call()
    except HubError as exc:
        if exc.kind == "network":
            return Unreachable(str(exc))
        raise
