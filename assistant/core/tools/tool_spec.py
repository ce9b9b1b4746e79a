"""What crosses between a toolbox and the Chat loop: a tool as the model is told of it (``ToolSpec``), what one call
gave back (``ToolResult``), and the ``Toolbox`` every source of tools answers to."""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass, field
from typing import Protocol

# What the model gets back from one call, at most: a tool that floods (an MCP server printing a log, a huge file)
# must not fill the context or the history. About 8,000 tokens.
MAX_RESULT_CHARS = 32_000
HEARTH = "hearth"  # the source and identity of the built-in tools
DEFAULT_TIMEOUT = 60.0  # seconds a call may take, unless the caller says otherwise


@dataclass(frozen=True)
class ToolSpec:
    name: str
    description: str
    parameters: dict  # a JSON schema of an object
    source: str = HEARTH  # "hearth", or the MCP server's name (shown with each call)
    identity: str = HEARTH  # "hearth", or the MCP server's command, arguments and folder, hashed

    def openai(self) -> dict:
        """The tool as GenerationParams.tools and OpenAI's API carry it."""
        return {"type": "function", "function": {"name": self.name, "description": self.description,
                                                 "parameters": self.parameters}}

    def fingerprint(self) -> str:
        """What an "Always allow" is bound to: the server, the tool, and what it says of itself. A server that
        changes a tool's description or schema (to slip in instructions, or widen what it takes) is asked again."""
        canonical = json.dumps([self.identity, self.name, self.description, self.parameters], sort_keys=True,
                               ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass
class ToolResult:
    text: str  # what the model reads (untrusted: it may say anything)
    ok: bool = True  # False: the call failed, and ``text`` says why in one line
    sources: list[dict] = field(default_factory=list)  # documents search: the records Chat cites, as today
    truncated: bool = False  # ``text`` was cut to MAX_RESULT_CHARS


def capped(text: str, ok: bool = True, sources: list[dict] | None = None, limit: int = MAX_RESULT_CHARS) -> ToolResult:
    """A result whose text is cut to ``limit`` characters, saying so in the text the model reads."""
    from assistant.core.i18n import translate

    if len(text) <= limit:
        return ToolResult(text, ok, list(sources or []))
    note = translate("Tools", "[The result was cut here: it was {total} characters long, over the limit of "
                              "{limit}.]").format(total=len(text), limit=limit)
    return ToolResult(f"{text[:limit]}\n{note}", ok, list(sources or []), truncated=True)


class ToolboxProblem(Exception):
    """A toolbox cannot start or serve (an MCP server that is not found, not approved, or ended): one line for
    the user, never a traceback."""


class Toolbox(Protocol):
    def specs(self) -> list[ToolSpec]:
        ...

    def call(self, name: str, arguments: dict, cancel: threading.Event, timeout: float = DEFAULT_TIMEOUT) -> ToolResult:
        """Blocking (run it on a worker thread); never raises: a failure is a ToolResult with ok=False."""
        ...

    def close(self) -> None:
        ...
