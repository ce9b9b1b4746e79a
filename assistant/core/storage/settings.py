"""Settings: small JSON values kept in the database, read and written as typed groups, one dataclass per concern.

Every key the app keeps is declared here, once, as a field of its concern's group (``setting("api_port", 8765)``):
``settings.read(ApiChoices).port`` is an int whatever the row holds (a value of the wrong type reads as the
default), and ``settings.update(ApiChoices, port=8800)`` writes that one key. Families of keys (a model's settings
by its path, a glossary by its language pair) have their own typed accessors. What belongs to one conversation is
not a setting: it lives in the history's own tables.
"""

from __future__ import annotations

import json
import sqlite3
import typing
from dataclasses import MISSING, asdict, dataclass, field, fields
from typing import Any, TypeVar

G = TypeVar("G")


def setting(key: str, default: Any = None, *, factory: typing.Callable[[], Any] | None = None) -> Any:
    """A field of a settings group, kept under ``key``."""
    if factory is not None:
        return field(default_factory=factory, metadata={"key": key})
    return field(default=default, metadata={"key": key})


@dataclass
class Sampling:
    """How a reply is drawn: the choices a model's settings and a generation request share. Defaults follow what
    GPT4All and LM Studio ship."""

    temperature: float = 0.7
    top_p: float = 0.9
    top_k: int = 40
    min_p: float = 0.05
    repeat_penalty: float = 1.1
    max_tokens: int = 1024
    # Thinking models: "auto" leaves it to the chat template, "on" and "off" set its switch (core/engines/
    # reasoning). The budget caps the tokens spent thinking; the reply's own length is max_tokens.
    thinking: str = "auto"
    thinking_budget: int = 4096

    def sampling(self) -> dict:
        """The shared choices, for building the other kind."""
        return {f.name: getattr(self, f.name) for f in fields(Sampling)}


@dataclass
class ModelSettings(Sampling):
    """Per-model choices: how replies are drawn, and how the model is loaded."""

    seed: int = -1  # -1: a new random seed for every reply
    # Load settings: 0, None and "auto" leave the choice to the planner (core/engines/offload_plan.py).
    context_length: int = 0
    gpu_layers: int | None = None  # -1 means every layer
    kv_type: str = "auto"
    # Advanced: 0 and "auto" mean the tuned defaults (one thread per physical core; batch by device).
    threads: int = 0
    batch_size: int = 0
    flash_attention: str = "auto"  # "on", "off"

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

    # Typed groups ------------------------------------------------------------------------------------------

    def read(self, group: type[G]) -> G:
        """Every field of ``group`` from its key; a missing or mistyped value is the field's default."""
        hints = typing.get_type_hints(group)
        values = {}
        for item in fields(group):
            default = item.default_factory() if item.default is MISSING else item.default
            values[item.name] = _typed(self.get(item.metadata["key"], default), default, hints[item.name])
        return group(**values)

    def update(self, group: type, **values) -> None:
        """Write the named fields of ``group``; None deletes an optional one (it reads as its default again)."""
        keys = {item.name: item.metadata["key"] for item in fields(group)}
        for name, value in values.items():
            if value is None:
                self.delete(keys[name])
            else:
                self.set(keys[name], value)

    # Families of keys --------------------------------------------------------------------------------------

    def model_settings(self, model_path: str) -> ModelSettings:
        return ModelSettings.from_dict(self.get(f"model:{model_path}", {}) or {})

    def set_model_settings(self, model_path: str, value: ModelSettings) -> None:
        self.set(f"model:{model_path}", asdict(value))

    def glossary(self, source: str, target: str) -> dict:
        """Translation's glossary of one language pair, as JSON (core/writing/translation.Glossary reads it)."""
        value = self.get(f"glossary:{source}>{target}", {})
        return value if isinstance(value, dict) else {}

    def set_glossary(self, source: str, target: str, value: dict) -> None:
        self.set(f"glossary:{source}>{target}", value)


def _typed(value: Any, default: Any, hint: Any) -> Any:
    """``value`` if it is of the field's type (JSON keeps lists and dicts, ints may stand for floats)."""
    if value is None:
        return default
    origin = typing.get_origin(hint)
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        kinds = tuple(typing.get_origin(arg) or arg for arg in typing.get_args(hint) if arg is not type(None))
    else:
        kinds = (origin or hint,)
    if float in kinds:
        kinds += (int,)
    if isinstance(value, bool) and bool not in kinds:
        return default
    return value if isinstance(value, kinds) else default


# The groups: every key the app keeps, by concern ------------------------------------------------------------

@dataclass
class Appearance:
    theme: str = setting("theme", "system")  # "system", "light", "dark"
    language: str = setting("language", "system")  # "system", "en", "zh_CN"


@dataclass
class WindowRecord:
    state: dict = setting("window_state", factory=dict)  # size and place, splitters, the pane and chat in front
    welcome_done: bool = setting("welcome_done", False)  # the first-start welcome was finished or skipped


@dataclass
class ModelRecord:
    """The model session's memory: what to load at start, and the crash guard of loads."""

    last_model: str | None = setting("last_model")
    loading: str | None = setting("loading_model")  # set while a model loads: still set at start = that load crashed


@dataclass
class TaskModels:
    """The model each task loads when its pane is opened (None: whichever is loaded)."""

    chat: str | None = setting("task_model:chat")
    drafting: str | None = setting("task_model:drafting")
    translation: str | None = setting("task_model:translation")


@dataclass
class ApiChoices:
    enabled: bool = setting("api_enabled", False)
    port: int = setting("api_port", 8765)  # beside the field's own: llama-server 8080, LM Studio 1234, Ollama 11434
    network: bool = setting("api_network", False)  # other computers may connect, not only this one
    origins: list = setting("api_origins", factory=list)  # web pages allowed to call it from a browser


@dataclass
class HubChoices:
    endpoint: str | None = setting("hub_endpoint")  # a mirror (None: huggingface.co or HF_ENDPOINT)
    offline: bool = setting("offline", False)
    source: str = setting("model_source", "hub")  # where models are searched and downloaded: "hub", "modelscope"
    modelscope_endpoint: str | None = setting("modelscope_endpoint")  # None: www.modelscope.cn


@dataclass
class DocumentChoices:
    embedding_model: str | None = setting("embedding_model")  # the GGUF chosen to find passages by meaning


@dataclass
class McpServerList:
    servers: list = setting("mcp_servers", factory=list)  # MCP servers the user added (core/tools/mcp_servers.py)


@dataclass
class WritingChoices:
    translation_target: str = setting("translation_target", "zh-Hans")
    custom_actions: list = setting("drafting_custom_actions", factory=list)  # the user's own Drafting actions
    # The file open in Translation when the app closed: its path, content's sha256 and languages ({}: none).
    translation_open_file: dict = setting("translation_open_file", factory=dict)
    feedback_level: str = setting("feedback_level", "intermediate")  # core/writing/feedback.py's LEVELS
    # Keep the corrections accepted from Feedback, to show what comes back (core/storage/mistakes.py): off until
    # the user switches it on.
    remember_mistakes: bool = setting("remember_mistakes", False)


@dataclass
class ProfileChoices:
    """The user's profiles (core/writing/profile.py): written by the user alone, and applied only once one is chosen
    and filled in. Chat's switch is each conversation's; these are Drafting's and Translation's."""

    profiles: list = setting("profiles", factory=list)  # Profile.record() of each, in the user's order
    active: str | None = setting("profile_active")  # the label of the one in use (None: none)
    in_drafting: bool = setting("profile_in_drafting", True)
    in_translation: bool = setting("profile_in_translation", True)


@dataclass
class EngineRecord:
    servers: list = setting("servers", factory=list)  # OpenAI-compatible servers the user added
    safe_configs: dict = setting("engine_safe_configs", factory=dict)  # what survived, per build, CPU and model


@dataclass
class ToolChoices:
    """Tools in Chat (core/chat/tool_round): how many calls one reply may make, and how long one call may take."""

    calls_per_turn: int = setting("tool_calls_per_turn", 8)
    timeout_s: float = setting("tool_timeout_s", 60.0)
