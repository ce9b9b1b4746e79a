"""The engine host's wire format: length-prefixed JSON frames over the host's stdin and stdout.

A frame is a 4-byte big-endian length and that many bytes of UTF-8 JSON, one object with a ``type``. The host
speaks first, with ``hello`` and the protocol version; a parent that does not know the version refuses the host
instead of guessing. JSON rather than pickle: the parent never runs code the child sends, and a frame can be read
in a bug report. Text is a few frames a second (the host batches a reply's text at 20 Hz), so the cost of JSON is
far below that of one token.
"""

from __future__ import annotations

import json
import struct
from dataclasses import fields
from typing import BinaryIO

VERSION = 1
# A file the engine host's stderr goes to instead of the terminal (command lines keep llama.cpp's messages and a
# crash's stack there, and name it when the engine crashes).
LOG_SWITCH = "HEARTH_ENGINE_LOG"
MAX_FRAME = 256 << 20  # a 100 MB paste of Chinese text is 300 MB of UTF-8; above this a length is corrupt
_HEADER = struct.Struct(">I")


class ProtocolError(Exception):
    """The other side sent something that is not a frame of this protocol (corrupt, truncated or too large)."""


class Closed(ProtocolError):
    """The stream ended cleanly between two frames: the other side closed it or died."""


def from_dict(cls, data: dict):
    """A dataclass from a frame's dict, ignoring names this side does not know (a newer peer's additions)."""
    known = {f.name for f in fields(cls)}
    return cls(**{key: value for key, value in (data or {}).items() if key in known})


def encode(message: dict) -> bytes:
    body = json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
    if len(body) > MAX_FRAME:
        raise ProtocolError(f"a {message.get('type', '?')} message of {len(body):,} bytes is larger than the "
                            f"protocol allows ({MAX_FRAME:,})")
    return _HEADER.pack(len(body)) + body


def write(stream: BinaryIO, message: dict) -> None:
    stream.write(encode(message))
    stream.flush()


def _read_exactly(stream: BinaryIO, size: int, what: str) -> bytes:
    chunks, missing = [], size
    while missing:
        chunk = stream.read(missing)
        if not chunk:
            if missing == size and what == "header":
                raise Closed("the engine's pipe was closed")
            raise ProtocolError(f"the stream ended in the middle of a frame's {what} "
                                f"({size - missing} of {size} bytes)")
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)


def read(stream: BinaryIO) -> dict:
    """The next message. Raises Closed at a clean end of the stream, ProtocolError for anything malformed."""
    (size,) = _HEADER.unpack(_read_exactly(stream, _HEADER.size, "header"))
    if size > MAX_FRAME:
        raise ProtocolError(f"a frame claims {size:,} bytes, more than the protocol allows ({MAX_FRAME:,}); the "
                            f"stream is corrupt")
    body = _read_exactly(stream, size, "body")
    try:
        message = json.loads(body.decode("utf-8", "surrogatepass"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ProtocolError(f"a frame is not valid JSON: {exc}") from exc
    if not isinstance(message, dict) or not isinstance(message.get("type"), str):
        raise ProtocolError("a frame is not a message (a JSON object with a 'type')")
    return message
