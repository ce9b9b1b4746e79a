"""Hearth as an engine for other programs: an OpenAI-compatible API (``/v1/models``, ``/v1/chat/completions``) in
front of the same scheduler as the panes, safe by default (loopback only, a token, capped requests).

``openai_format`` reads requests and writes answers in OpenAI's shapes, ``api_images`` makes the pictures clients
send safe (``data:`` URLs only, never fetched), ``api_token`` keeps the token, ``endpoints`` is the web application
(Starlette) and ``http_server`` runs it (uvicorn) on a thread of its own.
"""

from assistant.core.storage.settings import ApiChoices

DEFAULT_PORT: int = ApiChoices.port  # the setting's default, declared with its key
