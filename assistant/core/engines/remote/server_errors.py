"""Servers' errors in words. Servers put the reason for an error in a JSON body: FastAPI ones (llama-cpp-python's
server) as ``{"detail": "Invalid API key"}`` or a list of ``{"msg": …}``, OpenAI-style ones as
``{"error": {"message": …}}``. The user reads that message, short, never the JSON around it."""

from __future__ import annotations

import json

LONGEST = 200  # characters of a server's own words: enough for a reason, not a dump


def _words(data) -> str:
    if isinstance(data, str):
        return data
    if isinstance(data, dict):
        for key in ("error", "detail", "message", "msg"):
            found = _words(data.get(key))
            if found:
                return found
        return ""
    if isinstance(data, list):
        return "; ".join(filter(None, (_words(item) for item in data[:3])))
    return ""


def short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LONGEST else text[:LONGEST - 1].rstrip() + "…"


def readable(message: str) -> str:
    """``message`` (an error as the engine words it, which may quote the server's body) with each JSON body in it
    replaced by the message the body carries."""
    decoder, out, at = json.JSONDecoder(), [], 0
    while True:
        start = min((i for i in (message.find("{", at), message.find("[", at)) if i >= 0), default=-1)
        if start < 0:
            return "".join(out) + message[at:]
        try:
            data, end = decoder.raw_decode(message, start)
        except json.JSONDecodeError:
            out.append(message[at:start + 1])
            at = start + 1
            continue
        said = _words(data) if isinstance(data, (dict, list)) else ""
        out.append(message[at:start] + (short(said) if said else message[start:end]))
        at = end
