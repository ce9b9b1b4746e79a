"""The MCP servers the user added by hand: a name, the command that starts the server, its arguments and folder.

A server's command runs programs on the user's computer, so it runs only as the user last saw and accepted it:
``approved_command`` keeps the exact command line shown before its first start (``command_line()``), and a server
whose command, arguments or folder changed since ``needs_approval`` again. Kept as a typed setting
(``McpServerList``), a list of plain dicts."""

from __future__ import annotations

import hashlib
import json
import shlex
import subprocess
import sys
from dataclasses import asdict, dataclass, replace

from assistant.core.i18n import translate
from assistant.core.storage.settings import McpServerList, Settings


@dataclass(frozen=True)
class McpServerConfig:
    name: str
    command: str
    args: tuple[str, ...] = ()
    cwd: str = ""  # the folder it starts in ("": Hearth's own)
    approved_command: str = ""  # the command line the user accepted ("": never)

    def command_line(self) -> str:
        """The command as the user is shown it, and approves it: quoted as their system's shell would read it,
        with the folder it starts in."""
        parts = [self.command, *self.args]
        line = subprocess.list2cmdline(parts) if sys.platform == "win32" else shlex.join(parts)
        return f"{line}\n(in {self.cwd})" if self.cwd else line

    @property
    def needs_approval(self) -> bool:
        return self.approved_command != self.command_line()

    def approved(self) -> "McpServerConfig":
        """This server as approved by the user who was just shown ``command_line()``."""
        return replace(self, approved_command=self.command_line())

    def identity(self) -> str:
        """What "Always allow" grants are bound to, with a tool's own description and schema: the same server is
        the same command, arguments and folder."""
        text = json.dumps([self.command, list(self.args), self.cwd], ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def to_dict(self) -> dict:
        data = asdict(self)
        data["args"] = list(self.args)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "McpServerConfig | None":
        """None for an entry that is not a server (a hand-edited or damaged setting)."""
        if not isinstance(data, dict):
            return None
        name, command, args = data.get("name"), data.get("command"), data.get("args", [])
        cwd, approved = data.get("cwd") or "", data.get("approved_command") or ""
        if not (isinstance(name, str) and name.strip() and isinstance(command, str) and command.strip()):
            return None
        if not isinstance(args, list) or not all(isinstance(a, str) for a in args):
            return None
        if not isinstance(cwd, str) or not isinstance(approved, str):
            return None
        return cls(name, command, tuple(args), cwd, approved)


class McpServers:
    """The list as the settings keep it: read whole, changed one server at a time."""

    def __init__(self, settings: Settings):
        self.settings = settings

    def all(self) -> list[McpServerConfig]:
        found = (McpServerConfig.from_dict(d) for d in self.settings.read(McpServerList).servers)
        return [config for config in found if config is not None]

    def get(self, name: str) -> McpServerConfig | None:
        return next((c for c in self.all() if c.name == name), None)

    def put(self, config: McpServerConfig, replacing: str | None = None) -> None:
        """Adds ``config``, or puts it in the place of the server named ``replacing``. Raises ValueError with a
        message for the user when the name or the command is missing, or the name is another server's."""
        if not config.name.strip():
            raise ValueError(translate("Tools", "Give the server a name."))
        if not config.command.strip():
            raise ValueError(translate("Tools", "Give the command that starts the server."))
        servers = self.all()
        if any(c.name == config.name and c.name != replacing for c in servers):
            raise ValueError(translate("Tools", "There is already a server named “{name}”.").format(
                name=config.name))
        if replacing is not None and any(c.name == replacing for c in servers):
            servers = [config if c.name == replacing else c for c in servers]
        else:
            servers.append(config)
        self._save(servers)

    def approve(self, name: str) -> McpServerConfig | None:
        """The user accepted the command line they were shown: the server may start as it is now."""
        config = self.get(name)
        if config is None:
            return None
        approved = config.approved()
        self.put(approved, replacing=name)
        return approved

    def remove(self, name: str) -> bool:
        servers = self.all()
        kept = [c for c in servers if c.name != name]
        self._save(kept)
        return len(kept) < len(servers)

    def _save(self, servers: list[McpServerConfig]) -> None:
        self.settings.update(McpServerList, servers=[c.to_dict() for c in servers])
