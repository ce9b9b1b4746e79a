"""What the count under the message box counts: the message as the loaded model will be given it. A model that sees
gets the pictures themselves (the engine counts their image tokens); one that cannot gets the text read from them,
written before the words as the chat session writes it (core/chat/image_reading.py), as far as it has been read."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.core.chat.chat_session import ChatSession
from assistant.core.engines.context_window import estimate_tokens
from assistant.core.engines.remote.server_list import is_remote
from assistant.core.images.image_store import StoredImage
from assistant.ui.common.engine_client import EngineClient


class MessageTokens:
    """``count`` and ``estimate`` run on a pool thread (ui/chat/token_counter.py)."""

    def __init__(self, session: ChatSession, client: EngineClient):
        self.session, self.client = session, client

    def count(self, text: str, images: Sequence[StoredImage]) -> int | None:
        model = self.session.model
        if model is not None and model.sees:
            return self.client.count_tokens(text, tuple(str(image.path) for image in images))
        return self.client.count_tokens(self._blind(text, images))

    def estimate(self, text: str, images: Sequence[StoredImage]) -> int | None:
        """A guess for a server that cannot count (only llama-server can); a picture's own tokens left out."""
        model = self.session.model
        if model is None or not is_remote(str(model.info.path)):
            return None
        return estimate_tokens(text if model.sees else self._blind(text, images))

    def _blind(self, text: str, images: Sequence[StoredImage]) -> str:
        return self.session.reading.question(text, [image.sha256 for image in images])
