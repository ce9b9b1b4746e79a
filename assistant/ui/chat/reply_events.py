"""The engine as the chat session takes it (core/chat/chat_session.py): a reply started through the engine client,
its signals (on the GUI thread) handed back as the core scheduler's events."""

from __future__ import annotations

from collections.abc import Callable

from assistant.core.engines.scheduler import Failed, Finished, Prompt, Text, Thinking
from assistant.core.engines.types import GenerationParams
from assistant.ui.common.engine_client import EngineClient, Reply


def chat_engine(client: EngineClient) -> Callable[[list, GenerationParams, Callable[[object], None]], Reply]:
    def generate(messages: list[dict], params: GenerationParams, on_event: Callable[[object], None]) -> Reply:
        reply = client.generate(messages, params, conversation=True)  # a chat turn: the engine may prepare the next
        reply.prompt_ready.connect(lambda tokens, dropped: on_event(Prompt(tokens, dropped)))
        reply.text.connect(lambda text: on_event(Text(text)))
        reply.thinking.connect(lambda text: on_event(Thinking(text)))
        reply.finished.connect(lambda result: on_event(Finished(result)))
        reply.failed.connect(lambda _message, error: on_event(Failed(error)))
        return reply

    return generate
