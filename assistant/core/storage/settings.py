"""Small JSON values kept in the database: window choices, per-model generation settings, crash guards."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass, fields


@dataclass
class ModelSettings:
    """Per-model choices. Defaults follow what GPT4All and LM Studio ship."""

    temperature: float = 0.7
    top_p: float = 0.9
    top_k: int = 40
    min_p: float = 0.05
    repeat_penalty: float = 1.1
    seed: int = -1  # -1: a new random seed for every reply
    max_tokens: int = 1024
    # Load settings: 0, None and "auto" leave the choice to the planner (core/engines/offload_plan.py).
    context_length: int = 0
    gpu_layers: int | None = None  # -1 means every layer
    kv_type: str = "auto"
    # Advanced: 0 and "auto" mean the tuned defaults (one thread per physical core; batch by device).
    threads: int = 0
    batch_size: int = 0
    flash_attention: str = "auto"  # "on", "off"
    # Thinking models: "auto" leaves it to the chat template, "on" and "off" set its switch (core/engines/
    # reasoning). The budget caps the tokens spent thinking; the reply's own length is max_tokens.
    thinking: str = "auto"
    thinking_budget: int = 4096

    @classmethod
    def from_dict(cls, data: dict) -> "ModelSettings":
        known = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in known})


class Settings:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def get(self, key: str, default=None):
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        if row is None:
            return default
        try:
            return json.loads(row[0])
        except json.JSONDecodeError:
            return default

    def set(self, key: str, value) -> None:
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, json.dumps(value)),
        )

    def delete(self, key: str) -> None:
        self.conn.execute("DELETE FROM settings WHERE key = ?", (key,))

    def model_settings(self, model_path: str) -> ModelSettings:
        return ModelSettings.from_dict(self.get(f"model:{model_path}", {}) or {})

    def set_model_settings(self, model_path: str, value: ModelSettings) -> None:
        self.set(f"model:{model_path}", asdict(value))
