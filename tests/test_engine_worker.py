"""The engine worker thread: requests queue, results come back as signals, stop and shutdown are prompt."""

from __future__ import annotations

import pytest

from assistant.core.engine import GenerationParams, LoadOptions
from assistant.ui.engine_client import EngineClient

pytestmark = pytest.mark.model


@pytest.fixture
def client(qtbot, model_path):
    client = EngineClient()
    with qtbot.waitSignal(client.model_loaded, timeout=30_000):
        client.load_model(str(model_path), LoadOptions(context_length=1024))
    yield client
    client.shutdown()
    assert not client.thread.isRunning()


def record(client):
    events = []
    client.prompt_ready.connect(lambda rid, *_: events.append(("prompt", rid)))
    client.chunk.connect(lambda rid, _text: events.append(("chunk", rid)))
    client.finished.connect(lambda rid, _result: events.append(("finished", rid)))
    client.stopped.connect(lambda rid, _result: events.append(("stopped", rid)))
    client.failed.connect(lambda rid, _message: events.append(("failed", rid)))
    return events


def test_two_requests_at_once_run_one_after_the_other(qtbot, client):
    events = record(client)
    params = GenerationParams(temperature=0.0, max_tokens=12)
    first = client.generate([{"role": "user", "content": "Count to five."}], params)
    second = client.generate([{"role": "user", "content": "Name a fruit."}], params)
    qtbot.waitUntil(lambda: ("finished", second) in events, timeout=60_000)
    ends = [i for i, event in enumerate(events) if event[0] == "finished"]
    first_end = events.index(("finished", first))
    assert len(ends) == 2 and first_end < events.index(("prompt", second))
    assert all(rid == first for _kind, rid in events[: first_end + 1])
    assert all(rid == second for _kind, rid in events[first_end + 1:])


def test_a_queued_request_stopped_before_it_starts_never_runs(qtbot, client):
    events = record(client)
    params = GenerationParams(temperature=0.0, max_tokens=12)
    first = client.generate([{"role": "user", "content": "Count to five."}], params)
    second = client.generate([{"role": "user", "content": "Name a fruit."}], params)
    client.stop(second)
    qtbot.waitUntil(lambda: ("stopped", second) in events, timeout=60_000)
    assert ("finished", first) in events
    assert not [e for e in events if e[1] == second and e[0] in ("prompt", "chunk")]


def test_results_arrive_on_the_gui_thread(qtbot, client):
    from PySide6.QtCore import QThread

    threads = []
    client.chunk.connect(lambda *_: threads.append(QThread.currentThread()))
    with qtbot.waitSignal(client.finished, timeout=60_000):
        client.generate([{"role": "user", "content": "Hello"}], GenerationParams(max_tokens=6))
    assert threads and all(thread is client.thread.thread() for thread in threads)
    assert all(thread is not client.thread for thread in threads)


def test_a_bad_file_is_refused_and_the_loaded_model_keeps_working(qtbot, client, tmp_path):
    path = tmp_path / "zero.gguf"
    path.write_bytes(b"")
    with qtbot.waitSignal(client.model_load_failed, timeout=10_000) as failed:
        client.load_model(str(path), LoadOptions())
    assert failed.args == [str(path), "zero.gguf cannot be used: the file is empty (0 bytes)"]
    with qtbot.waitSignal(client.finished, timeout=30_000) as finished:
        client.generate([{"role": "user", "content": "Hello"}], GenerationParams(max_tokens=4))
    assert finished.args[1].generated_tokens >= 1


def test_without_a_model_a_request_fails_with_a_message(qtbot):
    client = EngineClient()
    try:
        with qtbot.waitSignal(client.failed, timeout=10_000) as failed:
            client.generate([{"role": "user", "content": "Hello"}], GenerationParams(max_tokens=4))
        assert "No model is loaded" in failed.args[1]
    finally:
        client.shutdown()


def test_an_unexpected_engine_error_still_ends_the_request(qtbot, client, monkeypatch):
    def broken_generate(*args, **kwargs):  # an engine bug, not a user error
        raise KeyError("surprise")

    monkeypatch.setattr(client.worker.engine, "generate", broken_generate)
    with qtbot.waitSignal(client.failed, timeout=10_000) as failed:
        client.generate([{"role": "user", "content": "Hello"}], GenerationParams(max_tokens=4))
    assert failed.args[1] == "Unexpected error while generating: 'surprise'"
