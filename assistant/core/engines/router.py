"""The scheduler's one engine: the engine host for a model file, a ``RemoteEngine`` for a server's model (a target
``URL#model-id``, core/engines/remote/server_list). Whichever was loaded last writes the replies; the other is let
go, so a local model's memory is freed when a server's model is chosen."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar

from assistant.core.engines.chat_engine import QUIET, ReplyListeners
from assistant.core.engines.errors import EngineCrashed
from assistant.core.engines.hosted import HostedEngine
from assistant.core.engines.remote.server_list import is_remote, split_target
from assistant.core.engines.types import Embeddings, GenerationParams, GenerationResult, LoadedModel, LoadOptions

if TYPE_CHECKING:
    from assistant.core.engines.remote.remote_engine import RemoteEngine

T = TypeVar("T")


class _FromEngineHost(Generic[T]):
    """An attribute that is always the engine host's, whichever engine writes the replies: its process (its id, its
    restarts after a crash) and its llama.cpp build."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, router: "EngineRouter | None", owner: type | None = None) -> T:
        if router is None:
            return self  # looked up on the class, as inspect and the architecture test do
        return getattr(router.local, self.name)


class EngineRouter:
    system_info = _FromEngineHost[str]()
    llama_version = _FromEngineHost[str]()
    pid = _FromEngineHost["int | None"]()
    restarts = _FromEngineHost[int]()

    def __init__(self, local: HostedEngine, connect: Callable[[str], "RemoteEngine"]):
        self.local = local
        self._connect = connect  # a RemoteEngine for a server's address, with its key and CA
        self._remotes: dict[str, "RemoteEngine"] = {}
        self.current: "HostedEngine | RemoteEngine" = local

    @property
    def model(self) -> LoadedModel | None:
        return self.current.model

    def remote(self, url: str) -> "RemoteEngine":
        """The engine for the server at ``url``, connected on first use: what is loaded from it, and what it offers
        (``RemoteEngine.models``)."""
        engine = self._remotes.get(url)
        if engine is None:
            engine = self._remotes[url] = self._connect(url)
        return engine

    def forget(self, url: str) -> None:
        """A server's key or CA changed: connect afresh next time."""
        engine = self._remotes.pop(url, None)
        if engine is not None and engine is not self.current:
            engine.close()

    def load(self, target: str, settings: dict | None = None, options: LoadOptions | None = None,
             on_progress: Callable[[float], None] | None = None,
             on_planned: Callable[[object, LoadOptions], None] | None = None) -> LoadedModel:
        if not is_remote(target):
            model = self.local.load(target, settings, options, on_progress, on_planned)
            self.current = self.local
            return model
        url, model_id = split_target(target)
        engine = self.remote(url)
        model = engine.load(model_id, settings, options, on_progress, on_planned)  # raises: the old model stays
        if self.current is self.local:
            self.local.close()  # the engine host ends and frees the model; the next local load starts it again
        self.current = engine
        return model

    def generate(self, messages: list[dict], params: GenerationParams, listeners: ReplyListeners = QUIET,
                 conversation: bool = False) -> GenerationResult:
        return self.current.generate(messages, params, listeners, conversation)

    def embed(self, model_path: str, texts: list[str]) -> Embeddings:
        return self.local.embed(model_path, texts)  # embedding models are local files, whatever writes the replies

    def count_tokens(self, text: str, images: tuple[str, ...] = ()) -> int | None:
        return self.current.count_tokens(text, images)

    def recover(self, crash: EngineCrashed, on_progress: Callable[[float], None] | None = None) -> LoadedModel:
        return self.local.recover(crash, on_progress)  # only the engine host crashes; a server's failure is an error

    def watch(self, on_lost: Callable[[EngineCrashed], None]) -> None:
        self.local.watch(on_lost)  # only the engine host dies idle; a server's model is the server's to keep

    def close(self) -> None:
        self.local.close()
        for engine in self._remotes.values():
            engine.close()
