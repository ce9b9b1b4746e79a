"""What can go wrong with an engine request, as types a caller can tell apart without reading the message.

Every failure is an ``EngineError`` (core/engines/llama/engine.py), so code that only shows the message keeps working. ``kind``
is the same word on both sides of the engine host's pipe.
"""

from __future__ import annotations

from assistant.core.engines.types import EngineError


class EngineFailure(EngineError):
    kind = "engine"
    partial = ""  # the reply text that had reached the caller before it failed (a crash, a server gone mid-reply)

    def __init__(self, message: str):
        super().__init__(message)


class NoModel(EngineFailure):
    kind = "no_model"


class BadModel(EngineFailure):
    """The file is not a usable GGUF model (checked before llama.cpp sees it)."""

    kind = "bad_model"


class LoadFailed(EngineFailure):
    kind = "load_failed"


class PromptTooLong(EngineFailure):
    kind = "prompt_too_long"


class OutOfMemory(EngineFailure):
    kind = "out_of_memory"


class EngineCrashed(EngineFailure):
    """The engine host process died: a native fault in llama.cpp, an out-of-memory kill, a GPU driver fault.

    ``during`` is "load", "prompt" or "reply"; ``partial`` is the reply text that had reached the app."""

    kind = "crashed"

    def __init__(self, message: str, reason: str = "", during: str = "", partial: str = ""):
        super().__init__(message)
        self.reason, self.during, self.partial = reason, during, partial


class ProtocolFailure(EngineFailure):
    """The engine host sent something that is not a frame of the protocol; it is restarted."""

    kind = "protocol"


KINDS = {cls.kind: cls for cls in (EngineFailure, NoModel, BadModel, LoadFailed, PromptTooLong, OutOfMemory,
                                   EngineCrashed, ProtocolFailure)}


def failure_from(kind: str, message: str) -> EngineFailure:
    return KINDS.get(kind, EngineFailure)(message)
