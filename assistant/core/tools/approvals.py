"""Whether a tool call must be put to the user, and the user's "Always allow this tool" grants.

A call runs only after the user said so: *Allow once* (the default), *Always allow this tool*, or *Deny*. Nothing
else approves one: not the model, not a document, not a tool's output (core/chat/tool_round asks; only the user's
decision, through ``ChatSession.decide``, answers). An "always" grant is bound to the tool's fingerprint
(``ToolSpec.fingerprint()``: the server's identity, the tool's name, description and schema), so a server that is
started differently, or a tool whose description or schema changed, is asked about again: the grant was given to
what the user saw, not to a name. Grants are kept in the history's file (``tool_grants``) and listed where the user
can take them back."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Protocol

from assistant.core.storage.history import History

ONCE, ALWAYS, DENY = "once", "always", "deny"
DECISIONS = (ONCE, ALWAYS, DENY)


class Granted(Protocol):
    """What a grant is given to: core/tools' ``ToolSpec``."""

    name: str
    source: str

    def fingerprint(self) -> str: ...


@dataclass(frozen=True)
class Grant:
    fingerprint: str
    name: str
    source: str  # "hearth" for a built-in tool, else the MCP server's name
    granted_at: float


class ApprovalPolicy:
    def __init__(self, history: History):
        self.conn = history.conn

    def needs_asking(self, spec: Granted) -> bool:
        """True unless an "always" grant holds for this very tool, as it is now."""
        row = self.conn.execute("SELECT 1 FROM tool_grants WHERE fingerprint = ?", (spec.fingerprint(),)).fetchone()
        return row is None

    def changed_since_granted(self, spec: Granted) -> bool:
        """A tool of this name and source was always allowed, but as it was then: it has changed since."""
        row = self.conn.execute("SELECT 1 FROM tool_grants WHERE name = ? AND source = ? AND fingerprint != ?",
                                (spec.name, spec.source, spec.fingerprint())).fetchone()
        return row is not None

    def grant_always(self, spec: Granted) -> None:
        """Always allow this tool as it is now; an earlier grant to the same tool, as it was then, is replaced."""
        with self.conn:
            self.conn.execute("BEGIN")
            self.conn.execute("DELETE FROM tool_grants WHERE name = ? AND source = ?", (spec.name, spec.source))
            self.conn.execute("INSERT OR REPLACE INTO tool_grants (fingerprint, name, source, granted_at) "
                              "VALUES (?, ?, ?, ?)", (spec.fingerprint(), spec.name, spec.source, time.time()))

    def revoke(self, fingerprint: str) -> bool:
        """Take one grant back; False when there was none."""
        return self.conn.execute("DELETE FROM tool_grants WHERE fingerprint = ?", (fingerprint,)).rowcount > 0

    def revoke_source(self, source: str) -> int:
        """Take back every grant to one server's tools (a server removed); how many there were."""
        return self.conn.execute("DELETE FROM tool_grants WHERE source = ?", (source,)).rowcount

    def grants(self) -> list[Grant]:
        """Every grant, newest first."""
        rows = self.conn.execute("SELECT fingerprint, name, source, granted_at FROM tool_grants "
                                 "ORDER BY granted_at DESC, name")
        return [Grant(*row) for row in rows]
