"""What the scheduler asks of an engine, named once: the engine host (``HostedEngine``), a server
(``RemoteEngine``) and the router between them (``EngineRouter``) each answer to ``ChatEngine``, and
tests/test_architecture.py fails when one of them drifts from it.

A reply's callbacks are one value, ``ReplyListeners``, rather than four keyword arguments written out in every
engine: an engine calls them as the reply is written, on the caller's thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from assistant.core.engines.errors import EngineCrashed
from assistant.core.engines.types import Embeddings, GenerationParams, GenerationResult, LoadedModel, LoadOptions


def _never() -> bool:
    return False


def _ignore(*_args) -> None:
    return None


@dataclass(frozen=True)
class ReplyListeners:
    """Who hears a reply while it is written, and whether to stop it."""

    should_stop: Callable[[], bool] = _never  # asked between tokens and during prompt evaluation
    on_text: Callable[[str], None] = _ignore  # more of the answer
    on_prompt: Callable[[int, int], None] = _ignore  # the prompt's tokens, the messages left out to fit
    on_thinking: Callable[[str], None] = _ignore  # more of the reasoning, apart from the answer
    on_tool_call: Callable[[object], None] = _ignore  # a types.ToolCall, once the model has written all of it


QUIET = ReplyListeners()


class ChatEngine(Protocol):
    """An engine the scheduler queues requests for. ``load``, ``generate``, ``embed`` and ``recover`` block and are
    called from the scheduler's thread only; ``count_tokens`` may be called from any thread."""

    @property
    def model(self) -> LoadedModel | None:
        """What writes the replies; None before a load, after a crash, or after ``close``."""

    @property
    def pid(self) -> int | None:
        """The engine host's process while it runs; None for a server, or with no host."""

    @property
    def restarts(self) -> int:
        """Hosts started again after a crash."""

    @property
    def system_info(self) -> str:
        """llama.cpp's description of its build (its backends, the CPU features it uses); "" until known."""

    @property
    def llama_version(self) -> str:
        """llama-cpp-python's version in the engine host; "?" until known."""

    def load(self, target: str, /, settings: dict | None = None, options: LoadOptions | None = None,
             on_progress: Callable[[float], None] | None = None,
             on_planned: Callable[[object, LoadOptions], None] | None = None) -> LoadedModel:
        """Load ``target`` (a model file, a server's model id, or a router's target): with ``options`` as given, or
        as the engine plans for ``settings`` (ModelSettings as a dict)."""

    def generate(self, messages: list[dict], params: GenerationParams, listeners: ReplyListeners = QUIET,
                 conversation: bool = False) -> GenerationResult:
        """Write a reply to ``messages``. ``conversation``: a chat turn, whose conversation will likely go on."""

    def embed(self, model_path: str, texts: list[str]) -> Embeddings:
        """Normalized vectors of ``texts`` from the embedding model file at ``model_path``."""

    def count_tokens(self, text: str, images: tuple[str, ...] = ()) -> int | None:
        """The tokens of ``text`` and of the image files ``images`` for the model loaded; None when it cannot
        say."""

    def recover(self, crash: EngineCrashed, on_progress: Callable[[float], None] | None = None) -> LoadedModel:
        """After ``crash``: load the model again, one step safer. Raises EngineFailure when nothing is left."""

    def watch(self, on_lost: Callable[[EngineCrashed], None]) -> None:
        """``on_lost`` hears when the engine dies between requests with a model loaded."""

    def close(self) -> None:
        """Let the model go and end what runs it."""
