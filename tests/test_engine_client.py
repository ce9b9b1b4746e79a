"""The GUI's adapter on the engine: requests queue in the core scheduler, each reply's events reach only the pane
that asked, on the GUI thread, and stop and shutdown are prompt. The engine is the real host process."""

from __future__ import annotations

import pytest

from assistant.core.engines.types import GenerationParams, LoadOptions
from assistant.core.composition import Core
from assistant.ui.common.engine_client import EngineClient

pytestmark = pytest.mark.model


@pytest.fixture
def client(qtbot, model_path):
    client = EngineClient(Core.create(None).scheduler)
    with qtbot.waitSignal(client.model_loaded, timeout=30_000):
        client.load_model(str(model_path), options=LoadOptions(context_length=1024))
    yield client
    client.shutdown()
    assert client.engine.pid is None


def record(client):
    events = []
    replies = client.replies
    replies.prompt_ready.connect(lambda rid, *_: events.append(("prompt", rid)))
    replies.chunk.connect(lambda rid, _text: events.append(("chunk", rid)))
    replies.finished.connect(lambda rid, _result: events.append(("finished", rid)))
    replies.stopped.connect(lambda rid, _result: events.append(("stopped", rid)))
    replies.failed.connect(lambda rid, _message: events.append(("failed", rid)))
    return events


def test_two_requests_at_once_run_one_after_the_other(qtbot, client):
    events = record(client)
    params = GenerationParams(temperature=0.0, max_tokens=12)
    first = client.generate([{"role": "user", "content": "Count to five."}], params).id
    second = client.generate([{"role": "user", "content": "Name a fruit."}], params).id
    qtbot.waitUntil(lambda: ("finished", second) in events, timeout=60_000)
    ends = [i for i, event in enumerate(events) if event[0] == "finished"]
    first_end = events.index(("finished", first))
    assert len(ends) == 2 and first_end < events.index(("prompt", second))
    assert all(rid == first for _kind, rid in events[: first_end + 1])
    assert all(rid == second for _kind, rid in events[first_end + 1:])


def test_each_reply_reaches_only_its_own_listener(qtbot, client):
    params = GenerationParams(temperature=0.0, max_tokens=8)
    one = client.generate([{"role": "user", "content": "Count to five."}], params)
    two = client.generate([{"role": "user", "content": "Name a fruit."}], params)
    heard = {"one": [], "two": []}
    one.text.connect(lambda text: heard["one"].append(text))
    two.text.connect(lambda text: heard["two"].append(text))
    results = {}
    one.finished.connect(lambda result: results.setdefault("one", result))
    two.finished.connect(lambda result: results.setdefault("two", result))
    qtbot.waitUntil(lambda: len(results) == 2, timeout=60_000)
    assert "".join(heard["one"]) == results["one"].text and "".join(heard["two"]) == results["two"].text
    assert results["one"].text != results["two"].text


def test_a_queued_request_stopped_before_it_starts_never_runs(qtbot, client):
    events = record(client)
    params = GenerationParams(temperature=0.0, max_tokens=12)
    first = client.generate([{"role": "user", "content": "Count to five."}], params).id
    queued = client.generate([{"role": "user", "content": "Name a fruit."}], params)
    queued.stop()
    qtbot.waitUntil(lambda: ("stopped", queued.id) in events, timeout=60_000)
    assert ("finished", first) in events
    assert not [e for e in events if e[1] == queued.id and e[0] in ("prompt", "chunk")]


def test_results_arrive_on_the_gui_thread(qtbot, client):
    from PySide6.QtCore import QThread

    threads = []
    client.replies.chunk.connect(lambda *_: threads.append(QThread.currentThread()))
    with qtbot.waitSignal(client.replies.finished, timeout=60_000):
        client.generate([{"role": "user", "content": "Hello"}], GenerationParams(max_tokens=6))
    assert threads and all(thread is client.thread() for thread in threads)


def test_a_bad_file_is_refused_and_the_loaded_model_keeps_working(qtbot, client, tmp_path):
    path = tmp_path / "zero.gguf"
    path.write_bytes(b"")
    with qtbot.waitSignal(client.model_load_failed, timeout=10_000) as failed:
        client.load_model(str(path), options=LoadOptions())
    assert failed.args[:2] == [str(path), "zero.gguf cannot be used: the file is empty (0 bytes)"]
    assert failed.args[2] is not None and failed.args[2].info.path == client.engine.model.info.path  # still loaded
    with qtbot.waitSignal(client.replies.finished, timeout=30_000) as finished:
        client.generate([{"role": "user", "content": "Hello"}], GenerationParams(max_tokens=4))
    assert finished.args[1].generated_tokens >= 1


def test_without_a_model_a_request_fails_with_a_message(qtbot):
    from assistant.core.engines.errors import NoModel

    client = EngineClient(Core.create(None).scheduler)
    try:
        reply = client.generate([{"role": "user", "content": "Hello"}], GenerationParams(max_tokens=4))
        with qtbot.waitSignal(reply.failed, timeout=10_000) as failed:
            pass
        assert "No model is loaded" in failed.args[0] and isinstance(failed.args[1], NoModel)
    finally:
        client.shutdown()


def test_an_unexpected_engine_error_still_ends_the_request(qtbot, client, monkeypatch):
    def broken_generate(*args, **kwargs):  # an engine bug, not a user error
        raise KeyError("surprise")

    monkeypatch.setattr(client.engine, "generate", broken_generate)
    with qtbot.waitSignal(client.replies.failed, timeout=10_000) as failed:
        client.generate([{"role": "user", "content": "Hello"}], GenerationParams(max_tokens=4))
    assert failed.args[1] == "Unexpected error: 'surprise'"


def test_the_token_count_comes_from_the_engine_host_while_it_writes(qtbot, client):
    """No second llama.cpp object beside the decode: the host counts with the loaded vocabulary, on its own thread,
    and the answer does not wait for the reply being written."""
    import threading

    reply = client.generate([{"role": "user", "content": "Write a long story."}],
                            GenerationParams(temperature=0.0, max_tokens=400))
    with qtbot.waitSignal(reply.text, timeout=30_000):
        pass
    counted = []
    thread = threading.Thread(target=lambda: counted.append(client.count_tokens("What is the capital of France?")))
    thread.start()
    qtbot.waitUntil(lambda: bool(counted), timeout=10_000)
    thread.join()
    assert 5 <= counted[0] <= 12
    ended = []
    reply.finished.connect(ended.append)
    assert not ended  # counted while the reply was still being written
    reply.stop()
    qtbot.waitUntil(lambda: bool(ended), timeout=30_000)
    assert ended[0].stopped
