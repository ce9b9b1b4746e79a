"""What can go wrong with an engine request, as types a caller can tell apart without reading the message: the
engine host's failures and a server's (core/engines/remote/remote_engine.py), in one set.

Every failure is an ``EngineError`` (core/engines/types.py), so code that only shows the message keeps working. ``kind``
is the same word on both sides of the engine host's pipe: a class names its word as it is declared
(``class NoModel(EngineFailure, kind="no_model")``), which files it in ``KINDS`` for ``failure_from``.
"""

from __future__ import annotations

from assistant.core.engines.types import EngineError

KINDS: dict[str, type[EngineFailure]] = {}


class EngineFailure(EngineError):
    kind = "engine"
    partial = ""  # the reply text that had reached the caller before it failed (a crash, a server gone mid-reply)

    def __init_subclass__(cls, kind: str, **rest) -> None:
        super().__init_subclass__(**rest)
        cls.kind = kind
        KINDS[kind] = cls

    def __init__(self, message: str):
        super().__init__(message, self.kind)  # the instance says its class's word, not EngineError's default


KINDS[EngineFailure.kind] = EngineFailure


# The engine host's failures -----------------------------------------------------------------------------------


class NoModel(EngineFailure, kind="no_model"):
    """Nothing is loaded to answer with."""


class BadModel(EngineFailure, kind="bad_model"):
    """The file is not a usable GGUF model (checked before llama.cpp sees it)."""


class LoadFailed(EngineFailure, kind="load_failed"):
    """llama.cpp could not load the model, or a server has no such model."""


class PromptTooLong(EngineFailure, kind="prompt_too_long"):
    """The conversation does not fit the model's context."""


class OutOfMemory(EngineFailure, kind="out_of_memory"):
    """The model, or its context, does not fit the memory left."""


class EngineCrashed(EngineFailure, kind="crashed"):
    """The engine host process died: a native fault in llama.cpp, an out-of-memory kill, a GPU driver fault.

    ``during`` is "load", "prompt" or "reply"; ``partial`` is the reply text that had reached the app."""

    def __init__(self, message: str, reason: str = "", during: str = "", partial: str = ""):
        super().__init__(message)
        self.reason, self.during, self.partial = reason, during, partial


class ProtocolFailure(EngineFailure, kind="protocol"):
    """The engine host sent something that is not a frame of the protocol; it is restarted."""


class NoVision(EngineFailure, kind="no_vision"):
    """A message has images and the model cannot read them: no projector, or a server's model without vision."""


class ImageFailure(EngineFailure, kind="image"):
    """An image of the conversation cannot be read or encoded."""


class BadSchema(EngineFailure, kind="bad_schema"):
    """A request's tool parameters or response format cannot constrain a reply (a JSON schema the grammar cannot
    take, a named tool that is not among the tools): the request is at fault, not the model."""


class CannotChat(EngineFailure, kind="cannot_chat"):
    """The model is of a kind llama.cpp cannot chat with through Hearth (a diffusion language model)."""


# A server's failures ------------------------------------------------------------------------------------------


class ServerRefused(EngineFailure, kind="server_refused"):
    """The server turned the key down (401/403)."""


class ServerUnreachable(EngineFailure, kind="server_unreachable"):
    """No answer: the address is wrong, the server is down, TLS failed, or it stopped answering."""


class ServerGone(EngineFailure, kind="server_gone"):
    """The connection broke in the middle of a reply; ``partial`` is what had arrived."""

    def __init__(self, message: str, partial: str = "", thinking: str = ""):
        super().__init__(message)
        self.partial, self.thinking = partial, thinking


class BadServerReply(EngineFailure, kind="bad_server_reply"):
    """The server sent something that is not an OpenAI-compatible answer."""


def failure_from(kind: str, message: str) -> EngineFailure:
    return KINDS.get(kind, EngineFailure)(message)
