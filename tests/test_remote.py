"""Remote engines, against a real llama-server built from the pinned llama.cpp sources (tests/pinned_llama.py) on
127.0.0.1 with an API key, and real faults: a wrong key, a model the server does not have, Stop in the middle, the
server killed in the middle of a reply. A stalled stream and a malformed event come from a small real HTTP server
on loopback that speaks the same protocol badly on purpose."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from assistant.core.engines.chat_engine import ReplyListeners
from assistant.core.engines.errors import BadServerReply, LoadFailed, ServerGone, ServerRefused, ServerUnreachable
from assistant.core.engines.remote.remote_engine import RemoteEngine
from assistant.core.engines.scheduler import Failed, Finished, Loaded, Scheduler, Text, Thinking
from assistant.core.engines.types import END_STOPPED, GenerationParams
from loopback import JsonHandler, Loopback
from pinned_llama import ensure_program

pytestmark = pytest.mark.model
KEY = "sk-hearth-test-0123456789"
QUESTION = [{"role": "user", "content": "What is the capital of France?"}]
GREEDY = GenerationParams(temperature=0.0, max_tokens=24, seed=1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LlamaServer:
    def __init__(self, model, *extra: str, threads: int = 2):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [str(ensure_program("llama-server")), "-m", str(model), "--host", "127.0.0.1", "--port", str(self.port),
             "--api-key", KEY, "-c", "2048", "-t", str(threads), "-tb", str(threads), "--jinja", "-np", "1",
             *extra],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=1) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("llama-server did not start")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(10)


@pytest.fixture(scope="module")
def server(model_path):
    running = LlamaServer(model_path, "-a", "smollm2")
    yield running
    running.stop()


def test_a_reply_streams_from_llama_server_with_its_counts(server, model_path):
    engine = RemoteEngine(server.url, KEY)
    try:
        assert engine.models() == ["smollm2"]
        model = engine.load("smollm2")
        assert model.info.server_kind == "llama-server" and model.context_length == 2048
        pieces = []
        result = engine.generate(QUESTION, GREEDY, ReplyListeners(on_text=pieces.append))
        assert "Paris" in result.text and "".join(pieces) == result.text and len(pieces) > 3
        assert result.prompt_tokens > 10 and 0 < result.generated_tokens <= 24
        assert result.tokens_per_second and result.time_to_first_token is not None
        # Exact counts: the server's tokenizer is the model's.
        from assistant.core.engines.llama.engine import Engine

        local = Engine()
        local.load(model_path)
        try:
            assert engine.count_tokens("Bonjour, 世界! How are you?") == local.count_tokens("Bonjour, 世界! How are you?")
        finally:
            local.unload()
    finally:
        engine.close()


def test_the_scheduler_runs_a_remote_engine_as_a_local_one(server):
    scheduler = Scheduler(RemoteEngine(server.url, KEY))
    try:
        assert isinstance(scheduler.load("smollm2").wait(30), Loaded)
        events = list(scheduler.generate(QUESTION, GREEDY).events())
        assert isinstance(events[-1], Finished)
        assert "".join(e.text for e in events if isinstance(e, Text)) == events[-1].result.text
    finally:
        scheduler.shutdown()


def test_a_wrong_key_is_refused_with_a_clear_message_that_does_not_repeat_it(server):
    engine = RemoteEngine(server.url, "sk-wrong-key-987")
    with pytest.raises(ServerRefused) as refused:
        engine.models()
    assert "refused the API key" in str(refused.value) and "sk-wrong-key-987" not in str(refused.value)
    engine.close()


def test_a_model_the_server_does_not_have_is_named_with_what_it_has(server):
    engine = RemoteEngine(server.url, KEY)
    with pytest.raises(LoadFailed, match="has no model llama-70b; it offers: smollm2"):
        engine.load("llama-70b")
    engine.close()


def test_stop_closes_the_stream_and_the_server_is_free_at_once(server):
    engine = RemoteEngine(server.url, KEY)
    engine.load("smollm2")
    pieces = []
    result = engine.generate([{"role": "user", "content": "Write a long story about the sea."}],
                             GenerationParams(temperature=0.0, max_tokens=4000, ignore_eos=True),
                             ReplyListeners(on_text=pieces.append, should_stop=lambda: len(pieces) >= 5))
    assert result.end == END_STOPPED and result.text and len(pieces) >= 5
    # With one slot, a server still writing the 4,000 tokens (half a minute here) would make this one wait.
    started = time.perf_counter()
    again = engine.generate(QUESTION, GREEDY)
    assert again.text and time.perf_counter() - started < 10
    engine.close()


def test_a_server_killed_in_the_middle_of_a_reply_keeps_what_arrived(model_path):
    doomed = LlamaServer(model_path, "-a", "smollm2")
    engine = RemoteEngine(doomed.url, KEY)
    engine.load("smollm2")
    pieces = []

    def on_text(text: str) -> None:
        pieces.append(text)
        if len(pieces) == 3:
            os.kill(doomed.process.pid, signal.SIGKILL)

    with pytest.raises(ServerGone) as gone:
        engine.generate([{"role": "user", "content": "Write a long story about the sea."}],
                        GenerationParams(temperature=0.0, max_tokens=2000), ReplyListeners(on_text=on_text))
    assert gone.value.partial == "".join(pieces) and gone.value.partial
    doomed.stop()
    with pytest.raises(ServerUnreachable, match="could not be reached"):
        engine.models()
    engine.close()


def test_thinking_arrives_apart_in_reasoning_content(model_with_template):
    thinking_server = LlamaServer(model_with_template("Qwen3.5-4B"), "-a", "thinker", "--reasoning-format", "deepseek")
    scheduler = Scheduler(RemoteEngine(thinking_server.url, KEY))
    try:
        assert isinstance(scheduler.load("thinker").wait(30), Loaded)
        events = list(scheduler.generate(QUESTION, GenerationParams(temperature=0.0, max_tokens=40)).events())
        final = events[-1]
        assert isinstance(final, Finished), final
        thought = "".join(e.text for e in events if isinstance(e, Thinking))
        assert thought and final.result.thinking == thought.strip()
        assert "<think>" not in final.result.text and thought.strip() not in final.result.text
    finally:
        scheduler.shutdown()
        thinking_server.stop()


class FaultyServer:
    """A real HTTP server on loopback that answers the API, then stalls or sends a broken event."""

    def __init__(self, fault: str):
        self.fault = fault
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                body = json.dumps({"object": "list", "data": [{"id": "flaky", "object": "model"}]}).encode()
                self.send_response(200 if self.path == "/v1/models" else 404)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if self.path != "/v1/chat/completions":
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                chunk = {"choices": [{"index": 0, "delta": {"content": "Paris "}}]}
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                self.wfile.flush()
                if outer.fault == "stall":
                    time.sleep(5)
                else:
                    self.wfile.write(b"data: {not json\n\n")
                    self.wfile.flush()

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self):
        self.httpd.shutdown()


@pytest.mark.parametrize("fault", ["stall", "malformed"])
def test_a_stalled_stream_or_a_malformed_event_gives_a_clear_error_and_keeps_the_text(fault):
    faulty = FaultyServer(fault)
    engine = RemoteEngine(faulty.url, stall_seconds=1.0)
    try:
        engine.load("flaky")
        scheduler = Scheduler(engine)
        events = list(scheduler.generate(QUESTION, GREEDY).events())
        final = events[-1]
        assert isinstance(final, Failed)
        if fault == "stall":
            assert isinstance(final.error, ServerGone) and "stopped sending" in str(final.error)
            assert final.partial == "Paris "
        else:
            assert isinstance(final.error, BadServerReply) and "not JSON" in str(final.error)
        assert "".join(e.text for e in events if isinstance(e, Text)) == "Paris "
        scheduler.shutdown()
    finally:
        faulty.stop()


def test_assistant_run_asks_a_server_from_the_command_line(server, isolated_data_home):
    env = dict(os.environ, HEARTH_SERVER_KEY=KEY)
    done = subprocess.run([sys.executable, "-m", "assistant", "run", "--server", server.url, "--temperature", "0",
                           "--max-tokens", "16", "What is the capital of France?"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Paris" in done.stdout and KEY not in done.stdout + done.stderr
    refused = subprocess.run([sys.executable, "-m", "assistant", "run", "--server", server.url, "hello"],
                             capture_output=True, text=True, env=dict(os.environ, HEARTH_SERVER_KEY="wrong"),
                             timeout=120)
    assert refused.returncode == 1 and "refused the API key" in refused.stderr  # exits.FAILED
    assert "HEARTH_SERVER_KEY gives the key" in refused.stderr  # the command line's way, beside the app's
    named = subprocess.run([sys.executable, "-m", "assistant", "run", "--server", "http://127.0.0.1:9", "-m", "x",
                            "hello"], capture_output=True, text=True, timeout=120)
    assert named.returncode == 1 and "could not be reached" in named.stderr  # with a model named or not


class DialectServer:
    """vLLM, Ollama and LM Studio cannot run here (no GPU, no package on the index), so their differences from
    llama-server are served by a real loopback server as their documentation and stored API pages show them: vLLM
    names the context ``max_model_len`` in /v1/models and the reasoning ``reasoning``; Ollama says the context in
    /api/show's ``model_info`` and needs ``options.num_ctx``; a bare server sends no usage at all."""

    def __init__(self, dialect: str):
        self.dialect, self.bodies = dialect, []
        outer = self

        class Handler(JsonHandler):
            def do_GET(self):
                entry = {"id": "m", "object": "model"}
                if outer.dialect == "vllm":
                    entry["max_model_len"] = 32768
                if self.path == "/v1/models":
                    self.send_json(200, {"object": "list", "data": [entry]})
                else:
                    self.send_json(404, {"error": "not found"})

            def do_POST(self):
                body = self.read_json()
                if self.path == "/api/show" and outer.dialect == "ollama":
                    return self.send_json(200, {"model_info": {"general.architecture": "qwen3",
                                                               "qwen3.context_length": 40960}})
                if self.path != "/v1/chat/completions":
                    return self.send_json(404, {"error": "not found"})
                outer.bodies.append(body)
                reasoning = "reasoning" if outer.dialect == "vllm" else "reasoning_content"
                chunks = [{"choices": [{"index": 0, "delta": {reasoning: "The user asks. "}}]},
                          {"choices": [{"index": 0, "delta": {"content": "Paris is the capital."}}]},
                          {"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}]
                if outer.dialect != "bare":
                    chunks.append({"choices": [], "usage": {"prompt_tokens": 17, "completion_tokens": 9}})
                self.send_events(chunks)

        self.server = Loopback(Handler)
        self.url, self.httpd = self.server.url, self.server.httpd  # a test wraps its socket in TLS

    def stop(self):
        self.server.stop()


@pytest.mark.parametrize("dialect, context", [("vllm", 32768), ("ollama", 40960), ("bare", 0)])
def test_each_servers_way_of_saying_context_reasoning_and_usage_is_understood(dialect, context):
    server = DialectServer(dialect)
    engine = RemoteEngine(server.url)
    try:
        model = engine.load("m")
        result = engine.generate(QUESTION, GREEDY)
    finally:
        engine.close()
        server.stop()
    assert model.context_length == context
    assert result.text == "Paris is the capital." and result.thinking == "The user asks."
    if dialect == "ollama":  # without it Ollama cuts the conversation to 4,096 tokens
        assert server.bodies[-1]["options"] == {"num_ctx": 40960}
    else:
        assert "options" not in server.bodies[-1]
    if dialect == "bare":
        assert result.counts_estimated and result.prompt_tokens > 0 and result.generated_tokens > 0
    else:
        assert not result.counts_estimated and (result.prompt_tokens, result.generated_tokens) == (17, 9)


def test_tls_is_verified_and_a_private_ca_can_be_trusted(certificate):
    """An HTTPS server with its own authority: refused with a clear message, then trusted through its CA file."""
    import ssl

    cert, key = certificate
    server = DialectServer("vllm")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.httpd.socket = context.wrap_socket(server.httpd.socket, server_side=True)
    url = server.url.replace("http://", "https://")
    try:
        untrusted = RemoteEngine(url)
        with pytest.raises(ServerUnreachable, match="TLS certificate could not be verified"):
            untrusted.models()
        untrusted.close()
        trusted = RemoteEngine(url, ca_file=cert)
        assert trusted.load("m").context_length == 32768
        assert trusted.generate(QUESTION, GREEDY).text == "Paris is the capital."
        trusted.close()
        with pytest.raises(ServerUnreachable, match="The CA certificate .* cannot be used"):
            RemoteEngine(url, ca_file=key.parent / "missing.pem")
        with pytest.raises(ServerUnreachable, match="The CA certificate .* cannot be used"):
            RemoteEngine(url, ca_file=key)  # a key, not a certificate
    finally:
        server.stop()


def test_the_system_proxy_is_used(monkeypatch):
    """The proxy the environment names (as the system's settings reach Python) carries the model list and the
    reply, as it carries the Hub's downloads (tests/test_http_body.py)."""
    from proxy_server import ProxyServer

    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    proxy = ProxyServer().start()
    server = DialectServer("vllm")
    monkeypatch.setenv("http_proxy", proxy.url)
    try:
        engine = RemoteEngine(server.url)
        engine.load("m")
        assert engine.generate(QUESTION, GREEDY).text == "Paris is the capital."
        engine.close()
    finally:
        server.stop()
        proxy.stop()
    assert [(r.method, r.target) for r in proxy.requests][:1] == [("GET", f"{server.url}/v1/models")]
    assert ("POST", f"{server.url}/v1/chat/completions") in [(r.method, r.target) for r in proxy.requests]


@pytest.mark.parametrize("body", ['{"detail": "Invalid API key"}',
                                  '{"error": {"code": 401, "message": "Invalid API key", "type": "authentication_error"}}'])
def test_a_servers_json_error_reads_as_its_message(body):
    from assistant.core.engines.remote.remote_engine import _reason

    assert _reason(401, body) == "HTTP 401: Invalid API key"
