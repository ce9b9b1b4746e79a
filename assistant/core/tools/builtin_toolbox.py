"""Hearth's own tools as one toolbox: the calculator and the date and time always; reading a picked file when the
conversation has picked files; searching the documents when the user has documents (a search is given)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

from assistant.core.i18n import translate
from assistant.core.tools import calculator, clock_tool, documents_tool, picked_files
from assistant.core.tools.documents_tool import DocumentsSearch, Search
from assistant.core.tools.picked_files import PickedFiles
from assistant.core.tools.tool_spec import DEFAULT_TIMEOUT, MAX_RESULT_CHARS, ToolResult, ToolSpec, capped

log = logging.getLogger(__name__)

ALL = (calculator.NAME, clock_tool.NAME, picked_files.NAME, documents_tool.NAME)


class BuiltinToolbox:
    def __init__(self, picked: list[str | Path] = (), search: Search | None = None,
                 enabled: set[str] | None = None, now: Callable[[], datetime] = lambda: datetime.now(timezone.utc)):
        """``enabled``: the tools switched on for the conversation (None: all of those available)."""
        self.picked = PickedFiles(list(picked))
        self.documents = DocumentsSearch(search) if search is not None else None
        self.enabled = set(ALL) if enabled is None else set(enabled)
        self.now = now

    def specs(self) -> list[ToolSpec]:
        specs = [calculator.SPEC, clock_tool.SPEC]
        if self.picked.paths:
            specs.append(ToolSpec(picked_files.NAME, self.picked.description(), self.picked.parameters()))
        if self.documents is not None:
            specs.append(documents_tool.SPEC)
        return [spec for spec in specs if spec.name in self.enabled]

    def new_turn(self) -> None:
        """A new reply: the documents' passages are numbered from [1] again."""
        if self.documents is not None:
            self.documents.new_turn()

    def call(self, name: str, arguments: dict, cancel: threading.Event | None = None,
             timeout: float = DEFAULT_TIMEOUT) -> ToolResult:
        """Quick and local, so ``cancel`` and ``timeout`` are not watched: a search ends when the index answers."""
        if name not in {spec.name for spec in self.specs()}:
            return ToolResult(translate("Tools", "There is no tool named “{name}”.").format(name=name[:100]),
                              ok=False)
        try:
            result = self._run(name, arguments)
        except (ValueError, TypeError, KeyError) as exc:  # the tools' own problems, said for the model
            return ToolResult(str(exc) if isinstance(exc, ValueError) else translate(
                "Tools", "The arguments do not fit the tool ({reason}).").format(reason=exc), ok=False)
        except Exception as exc:  # noqa: BLE001 - a fault of ours must not end the reply; logged whole
            log.warning("the tool %s failed", name, exc_info=True)
            return ToolResult(translate("Tools", "The tool failed ({reason}).").format(
                reason=" ".join(str(exc).split())[:300] or type(exc).__name__), ok=False)
        return result if len(result.text) <= MAX_RESULT_CHARS else capped(result.text, result.ok, result.sources)

    def close(self) -> None:
        pass

    def _run(self, name: str, arguments: dict) -> ToolResult:
        if name == calculator.NAME:
            expression = str(arguments["expression"])
            return ToolResult(f"{expression} = {calculator.formatted(calculator.evaluate(expression))}")
        if name == clock_tool.NAME:
            return ToolResult(clock_tool.now_text(arguments.get("time_zone") or None, self.now))
        if name == picked_files.NAME:
            return self.picked.read(str(arguments["name"]), int(arguments.get("offset") or 0))
        assert self.documents is not None
        return self.documents.run(str(arguments["query"]), int(arguments.get("top_k") or documents_tool.DEFAULT_TOP_K))
