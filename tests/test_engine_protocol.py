"""The engine host's wire format, and what the parent does when the host speaks it badly: a clear error, never a
hang or a traceback. The hosts here are real child processes that send what a broken host would."""

from __future__ import annotations

import io
import struct
import sys
import textwrap

import pytest

from assistant.core.engines import protocol
from assistant.core.engines.errors import EngineCrashed, ProtocolFailure
from assistant.core.engines.hosted import HostedEngine
from assistant.core.engines.process import EngineProcess, exit_reason


def test_a_message_goes_through_unchanged_text_included():
    message = {"type": "text", "id": 7, "text": "你好 \x00 \ud800 end"}  # NUL and a lone surrogate survive
    stream = io.BytesIO(protocol.encode(message) + protocol.encode({"type": "done", "id": 7}))
    assert protocol.read(stream) == message
    assert protocol.read(stream) == {"type": "done", "id": 7}
    with pytest.raises(protocol.Closed):
        protocol.read(stream)


@pytest.mark.parametrize("data, says", [
    (struct.pack(">I", 10) + b'{"type"', "ended in the middle of a frame's body (7 of 10 bytes)"),
    (b"\x00\x00", "ended in the middle of a frame's header (2 of 4 bytes)"),
    (struct.pack(">I", protocol.MAX_FRAME + 1), "more than the protocol allows"),
    (struct.pack(">I", 5) + b"hello", "not valid JSON"),
    (struct.pack(">I", 2) + b"[]", "not a message"),
    (struct.pack(">I", 4) + b"\xff\xfe{}", "not valid JSON"),
])
def test_a_truncated_or_malformed_frame_is_a_protocol_error(data, says):
    with pytest.raises(protocol.ProtocolError) as raised:
        protocol.read(io.BytesIO(data))
    assert not isinstance(raised.value, protocol.Closed)
    assert says in str(raised.value)


def fake_host(body: str) -> list[str]:
    """A child process that talks like an engine host, as ``body`` says (``send(dict)`` and ``raw(bytes)``)."""
    prelude = textwrap.dedent("""
        import json, struct, sys, time
        out = sys.stdout.buffer
        def raw(data):
            out.write(data); out.flush()
        def send(message):
            body = json.dumps(message).encode()
            raw(struct.pack(">I", len(body)) + body)
    """)
    return [sys.executable, "-c", prelude + textwrap.dedent(body)]


def test_a_host_of_another_protocol_version_is_refused_with_a_reason():
    engine = HostedEngine(command=fake_host('send({"type": "hello", "version": 99, "pid": 1}); time.sleep(30)'))
    with pytest.raises(ProtocolFailure, match="protocol version 99, this app 1: the installation is mixed up"):
        engine.start()
    engine.close()


def test_a_host_that_never_says_hello_is_refused(monkeypatch):
    from assistant.core.engines import process

    monkeypatch.setattr(process, "START_TIMEOUT", 1.0)
    engine = HostedEngine(command=fake_host("time.sleep(30)"))
    with pytest.raises(ProtocolFailure, match="did not start .no answer in 1 s"):
        engine.start()


def test_a_broken_frame_mid_reply_ends_the_request_with_a_clear_error(model_path):
    """The host sends a reply's first text, then garbage: the parent kills it and the reply ends as a crash with
    what had arrived, instead of hanging or raising from the reader thread."""
    engine = HostedEngine(command=fake_host("""
        send({"type": "hello", "version": 1, "pid": 1})
        def frames():
            header = sys.stdin.buffer.read(4)
            size, = struct.unpack(">I", header)
            return json.loads(sys.stdin.buffer.read(size))
        load = frames()
        send({"type": "loaded", "id": load["id"], "model": {"context_length": 512, "n_threads": 1,
              "n_gpu_layers": 0, "load_seconds": 0.1}})
        request = frames()
        send({"type": "text", "id": request["id"], "text": "Hello"})
        raw(struct.pack(">I", 9) + b"not json!")
        time.sleep(30)
    """))
    engine.load(str(model_path), options=None)
    from assistant.core.engines.types import GenerationParams

    with pytest.raises(EngineCrashed) as crashed:
        engine.generate([{"role": "user", "content": "Hi"}], GenerationParams(max_tokens=4))
    assert crashed.value.during == "reply" and crashed.value.partial == "Hello"
    assert "it sent a broken message (a frame is not valid JSON" in str(crashed.value)
    engine.close()


def test_exit_statuses_read_as_what_happened():
    import signal

    assert exit_reason(-signal.SIGSEGV) == "SIGSEGV: a segmentation fault in native code"
    assert exit_reason(-signal.SIGKILL).startswith("SIGKILL: it was killed")
    assert exit_reason(3) == "exit status 3"


def test_a_host_dies_when_the_app_goes_away():
    """The app killed with SIGKILL cannot stop its host: the host sees its stdin close and exits by itself."""
    ended = []
    process = EngineProcess(lambda message: None, ended.append)
    process.start()
    process.proc.stdin.close()  # what the kernel does when the app dies
    assert process.proc.wait(timeout=30) == 0


def test_every_count_is_answered_even_when_newer_text_overtakes_it():
    """The host counts only the newest text, but answers every request, so no caller waits out its timeout."""
    import os
    import threading

    from assistant.core.engines.host import Host

    to_host_r, to_host_w = os.pipe()
    from_host_r, from_host_w = os.pipe()
    host = Host(os.fdopen(to_host_r, "rb", buffering=0), os.fdopen(from_host_w, "wb", buffering=0))
    thread = threading.Thread(target=host.run, daemon=True)
    thread.start()
    replies = os.fdopen(from_host_r, "rb", buffering=0)
    assert protocol.read(replies)["type"] == "hello"
    requests = os.fdopen(to_host_w, "wb", buffering=0)
    for number in range(1, 6):
        protocol.write(requests, {"type": "count", "id": number, "text": "hello " * number})
    answers = [protocol.read(replies) for _ in range(5)]
    assert sorted(a["id"] for a in answers) == [1, 2, 3, 4, 5]
    assert all(a["type"] == "counted" and a["tokens"] is None for a in answers)  # no model loaded: no count
    protocol.write(requests, {"type": "shutdown"})
    thread.join(10)
    assert not thread.is_alive()
