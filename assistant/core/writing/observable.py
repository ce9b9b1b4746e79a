"""Listeners of a core object: the panes subscribe and are told, by name, what changed (as napari's Qt views are told
by its models), so the decisions stay here and the widgets only show them."""

from __future__ import annotations

from collections.abc import Callable


class Observable:
    def __init__(self) -> None:
        self._listeners: list[Callable[[str], object]] = []

    def subscribe(self, listener: Callable[[str], object]) -> None:
        """``listener(what)`` after each change; ``what`` names it (the object's class says which names it uses)."""
        self._listeners.append(listener)

    def _changed(self, what: str) -> None:
        for listener in list(self._listeners):
            listener(what)
