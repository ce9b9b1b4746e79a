"""The models this user has opened, with what their GGUF headers say.

The Hub search and downloads (next issue) add installed models here; the chat pane's picker reads this list.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from assistant.core.gguf_file import GgufInfo


@dataclass
class KnownModel:
    path: Path
    name: str
    architecture: str
    quantization: str
    size_bytes: int
    context_length: int | None
    last_used: float

    @property
    def available(self) -> bool:
        return self.path.is_file()


class ModelLibrary:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def remember(self, info: GgufInfo) -> None:
        self.conn.execute(
            "INSERT INTO recent_models (path, name, architecture, quantization, size_bytes, context_length, "
            "last_used) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(path) DO UPDATE SET name = excluded.name, "
            "architecture = excluded.architecture, quantization = excluded.quantization, "
            "size_bytes = excluded.size_bytes, context_length = excluded.context_length, "
            "last_used = excluded.last_used",
            (str(info.path), info.name, info.architecture, info.quantization, info.file_size, info.context_length,
             time.time()),
        )

    def recent(self, limit: int = 20) -> list[KnownModel]:
        rows = self.conn.execute(
            "SELECT path, name, architecture, quantization, size_bytes, context_length, last_used "
            "FROM recent_models ORDER BY last_used DESC LIMIT ?", (limit,)
        )
        return [KnownModel(Path(row[0]), *row[1:]) for row in rows]


def human_size(n_bytes: int) -> str:
    """Decimal units, as file managers and the Hugging Face Hub show sizes."""
    if n_bytes < 1000:
        return f"{n_bytes} B"
    size = n_bytes / 1000
    for unit in ("KB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            break
        size /= 1000
    return f"{size:.1f} {unit}"
