"""Hearth's own API, served on 127.0.0.1 by the real server over the real scheduler and engine host with SmolLM2,
driven by the official ``openai`` package (and by raw sockets and httpx where a client must misbehave): streaming
and not, thinking, a client that goes away in the middle, bad JSON, a 20 MB body, a wrong token, 100 idle
connections, a full queue, a foreign Host header, CORS."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import replace

import httpx2 as httpx
import openai
import pytest

from assistant.cli.exits import CANNOT_LISTEN

from assistant.core.api.endpoints import ApiLimits, ChatApi, ServedModel, build_app
from assistant.core.api.openai_format import StopStrings
from assistant.core.api.http_server import ApiServer
from assistant.core.engines.hosted import HostedEngine
from assistant.core.engines.scheduler import TERMINAL, Finished, Scheduler, Text
from assistant.core.engines.types import END_STOPPED, GenerationParams, LoadOptions

pytestmark = pytest.mark.model
TOKEN = "hearth-test-token-0123456789"
QUESTION = [{"role": "user", "content": "What is the capital of France?"}]
GREEDY = GenerationParams(temperature=0.0, max_tokens=24, seed=1)


class RecordingScheduler(Scheduler):
    """The real scheduler, noting how each generation ended and when, so a test can see what the API asked of it."""

    def __init__(self, engine):
        super().__init__(engine)
        self.records: list[dict] = []

    def generate(self, messages, params, conversation=False, priority=0, listener=None):
        record: dict = {}
        self.records.append(record)

        def spy(event):
            if isinstance(event, Text):
                record.setdefault("first_text", time.monotonic())
            if isinstance(event, TERMINAL):
                record.update(final=event, ended=time.monotonic())
            if listener is not None:
                listener(event)

        return super().generate(messages, params, conversation, priority, spy)

    def wait_for_end(self, index: int = -1, timeout: float = 30.0) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.records and "final" in self.records[index]:
                return self.records[index]
            time.sleep(0.02)
        raise AssertionError("the generation did not end")


def load(model, context_length: int = 1024):
    scheduler = RecordingScheduler(HostedEngine())
    loaded = scheduler.load(str(model), options=LoadOptions(context_length=context_length)).wait()
    assert not hasattr(loaded, "error"), loaded
    return scheduler, loaded.model


@pytest.fixture(scope="module")
def smollm(model_path):
    scheduler, model = load(model_path)
    yield scheduler, ServedModel("smollm2", model.context_length, GREEDY)
    scheduler.shutdown()


@contextmanager
def serving(scheduler, served, limits=ApiLimits(), idle_seconds=30.0, cors=None, on_activity=lambda n: None):
    api = ChatApi(scheduler, lambda: served, limits, on_activity)
    server = ApiServer(build_app(api, TOKEN, cors_origins=cors), "127.0.0.1", 0, idle_seconds=idle_seconds)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def client(server, token=TOKEN, **options) -> openai.OpenAI:
    return openai.OpenAI(base_url=server.url, api_key=token, max_retries=0, **options)


def test_a_reply_through_the_api_is_the_reply_the_app_writes(smollm):
    scheduler, served = smollm
    in_app = scheduler.generate(QUESTION, replace(GREEDY), listener=None)
    expected = scheduler.wait_for_end()["final"].result
    assert in_app.wait(30)
    with serving(scheduler, served) as server:
        api = client(server)
        assert [model.id for model in api.models.list()] == ["smollm2"]
        whole = api.chat.completions.create(model="smollm2", messages=QUESTION, max_tokens=24, temperature=0,
                                            seed=1)
        streamed = api.chat.completions.create(model="smollm2", messages=QUESTION, max_tokens=24, temperature=0,
                                               seed=1, stream=True, stream_options={"include_usage": True})
        chunks = list(streamed)
    assert whole.choices[0].message.content == expected.text
    assert whole.choices[0].finish_reason == ("length" if expected.generated_tokens == 24 else "stop")
    assert whole.usage.prompt_tokens == expected.prompt_tokens
    assert whole.usage.completion_tokens == expected.generated_tokens
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == expected.text
    assert chunks[-1].usage.completion_tokens == expected.generated_tokens  # the usage chunk comes last
    assert [c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason] == \
        [whole.choices[0].finish_reason]


def test_thinking_arrives_as_reasoning_content_and_the_switch_turns_it_off(model_with_template):
    """SmolLM2 with Qwen3.5's template: the prompt opens <think>, and a budget of 8 closes it."""
    scheduler, model = load(model_with_template("Qwen3.5-4B"))
    served = ServedModel("qwen-like", model.context_length, replace(GREEDY, thinking_budget=8, max_tokens=12,
                                                                         ignore_eos=True))
    try:
        with serving(scheduler, served) as server:
            api = client(server)
            whole = api.chat.completions.create(model="qwen-like", messages=QUESTION)
            chunks = list(api.chat.completions.create(model="qwen-like", messages=QUESTION, stream=True))
            off = api.chat.completions.create(model="qwen-like", messages=QUESTION,
                                              extra_body={"chat_template_kwargs": {"enable_thinking": False}})
    finally:
        scheduler.shutdown()
    message = whole.model_dump()["choices"][0]["message"]
    assert message["reasoning_content"] and message["content"]
    assert whole.usage.completion_tokens_details.reasoning_tokens == 8
    streamed_thinking = "".join(c.model_dump()["choices"][0]["delta"].get("reasoning_content") or ""
                                for c in chunks if c.choices)
    assert streamed_thinking == message["reasoning_content"]
    assert "reasoning_content" not in off.model_dump()["choices"][0]["message"]
    assert off.usage.completion_tokens_details.reasoning_tokens == 0


def test_a_client_that_goes_away_mid_stream_stops_its_reply(smollm):
    scheduler, served = smollm
    long = replace(served, defaults=replace(GREEDY, ignore_eos=True, max_tokens=900))
    with serving(scheduler, long) as server:
        stream = client(server).chat.completions.create(model="smollm2", messages=QUESTION, stream=True)
        for count, _chunk in enumerate(stream):
            if count == 3:
                break
        stream.close()
        record = scheduler.wait_for_end()
    result = record["final"].result
    assert result.end == END_STOPPED
    assert result.generated_tokens < 900


def test_a_client_that_goes_away_before_a_whole_reply_stops_it(smollm):
    scheduler, served = smollm
    long = replace(served, defaults=replace(GREEDY, ignore_eos=True, max_tokens=900))
    with serving(scheduler, long) as server:
        with pytest.raises(openai.APITimeoutError):
            client(server, timeout=1.0).chat.completions.create(model="smollm2", messages=QUESTION)
        record = scheduler.wait_for_end()
    assert record["final"].result.end == END_STOPPED
    assert record["final"].result.generated_tokens < 900


def test_stop_strings_end_the_reply_and_are_left_out(smollm):
    scheduler, served = smollm
    with serving(scheduler, served) as server:
        api = client(server)
        full = api.chat.completions.create(model="smollm2", messages=QUESTION).choices[0].message.content
        stop = full.split()[2]  # a word from the middle of the greedy reply
        cut = api.chat.completions.create(model="smollm2", messages=QUESTION, stop=[stop])
        streamed = "".join(c.choices[0].delta.content or "" for c in api.chat.completions.create(
            model="smollm2", messages=QUESTION, stop=[stop], stream=True) if c.choices)
    assert cut.choices[0].message.content == full[:full.index(stop)]
    assert cut.choices[0].finish_reason == "stop"
    assert streamed == cut.choices[0].message.content


@pytest.mark.parametrize("pieces", [["ab", "cSTO", "P", "de"], ["abcS", "TOP"], ["abc", "ST", "OPde"]])
def test_stop_strings_found_across_pieces(pieces):
    stops = StopStrings(["STOP"])
    assert "".join(stops.feed(piece) for piece in pieces) + stops.flush() == "abc"
    assert stops.hit


def test_text_that_only_looks_like_a_stop_string_is_passed_on():
    stops = StopStrings(["STOP"])
    assert stops.feed("ST") == ""  # held: it may be the start of one
    assert stops.feed("ORM") == "STORM"
    assert stops.feed("!ST") == "!"
    assert stops.flush() == "ST"
    assert not stops.hit


def test_bad_requests_get_clear_errors_and_the_server_keeps_answering(smollm):
    scheduler, served = smollm
    with serving(scheduler, served) as server:
        api = client(server)
        headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
        bad_json = httpx.post(f"{server.url}/chat/completions", content=b'{"model": "smollm2", "messages": [',
                              headers=headers)
        with pytest.raises(openai.BadRequestError, match="images|text only"):
            api.chat.completions.create(model="smollm2", messages=[{"role": "user", "content": [
                {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}}]}])
        with pytest.raises(openai.BadRequestError, match="logprobs"):  # tools: tests/test_api_tools.py
            api.chat.completions.create(model="smollm2", messages=QUESTION, logprobs=True)
        with pytest.raises(openai.BadRequestError, match="temperature"):
            api.chat.completions.create(model="smollm2", messages=QUESTION, temperature=7)
        with pytest.raises(openai.NotFoundError, match="smollm2"):
            api.chat.completions.create(model="gpt-4o", messages=QUESTION)
        after = api.chat.completions.create(model="smollm2", messages=QUESTION, max_tokens=4)
    assert bad_json.status_code == 400
    assert bad_json.json()["error"]["code"] == "invalid_json"
    assert after.choices[0].message.content


def test_a_20_mb_body_is_refused_with_413_and_never_held_whole(smollm):
    scheduler, served = smollm
    huge = [{"role": "user", "content": "x" * (20 << 20)}]
    with serving(scheduler, served) as server:
        with pytest.raises(openai.APIStatusError) as refused:
            client(server).chat.completions.create(model="smollm2", messages=huge)

        def chunked():  # no Content-Length: the size is counted as it arrives
            for _ in range(20):
                yield b"x" * (1 << 20)

        streamed = httpx.post(f"{server.url}/chat/completions", content=chunked(),
                              headers={"Authorization": f"Bearer {TOKEN}"})
        after = client(server).chat.completions.create(model="smollm2", messages=QUESTION, max_tokens=4)
    assert refused.value.status_code == 413
    assert "16 MB" in str(refused.value)
    assert streamed.status_code == 413
    assert after.choices[0].message.content


def test_a_wrong_or_missing_token_is_refused(smollm):
    scheduler, served = smollm
    with serving(scheduler, served) as server:
        with pytest.raises(openai.AuthenticationError):
            client(server, token="hearth-not-the-token").models.list()
        with pytest.raises(openai.AuthenticationError):
            client(server, token=TOKEN + "x").chat.completions.create(model="smollm2", messages=QUESTION)
        bare = httpx.get(f"{server.url}/models")
        health = httpx.get(server.url.removesuffix("/v1") + "/health")
    assert bare.status_code == 401
    assert bare.json()["error"]["code"] == "invalid_api_key"
    assert TOKEN not in bare.text
    assert health.status_code == 200
    assert len(scheduler.records) == 0 or "final" in scheduler.records[-1]


def test_a_hundred_idle_connections_neither_block_a_request_nor_stay_open(smollm):
    scheduler, served = smollm
    with serving(scheduler, served, idle_seconds=2.0) as server:
        idle = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(100)]
        try:
            reply = client(server).chat.completions.create(model="smollm2", messages=QUESTION, max_tokens=4)
            assert reply.choices[0].message.content
            for connection in idle:
                connection.settimeout(10)
                assert connection.recv(1) == b""  # closed by the server
        finally:
            for connection in idle:
                connection.close()


def test_requests_beyond_the_cap_are_told_to_retry(smollm):
    scheduler, served = smollm
    long = replace(served, defaults=replace(GREEDY, ignore_eos=True, max_tokens=400))
    with serving(scheduler, long, limits=ApiLimits(max_requests=1)) as server:
        first = client(server).chat.completions.create(model="smollm2", messages=QUESTION, stream=True)
        next(iter(first))
        with pytest.raises(openai.RateLimitError, match="already waiting"):
            client(server).chat.completions.create(model="smollm2", messages=QUESTION)
        first.close()
        scheduler.wait_for_end()


def test_api_requests_wait_in_the_panes_queue(smollm):
    """A pane's reply asked for while the API writes one starts only when the API's has ended."""
    scheduler, served = smollm
    long = replace(served, defaults=replace(GREEDY, ignore_eos=True, max_tokens=120))
    active: list[int] = []
    with serving(scheduler, long, on_activity=active.append) as server:
        stream = client(server).chat.completions.create(model="smollm2", messages=QUESTION, stream=True)
        chunks = iter(stream)
        next(chunks)
        pane = scheduler.generate(QUESTION, replace(GREEDY, max_tokens=8), listener=lambda event: None)
        rest = list(chunks)
        pane.wait(60)
        api_record, pane_record = scheduler.records[-2], scheduler.records[-1]
    assert rest[-1].choices[0].finish_reason == "length"
    assert isinstance(pane_record["final"], Finished)
    assert pane_record["first_text"] >= api_record["ended"]
    assert active == [1, 0]  # what the window shows: answering, then idle


def test_a_conversation_too_long_for_the_context_is_refused_not_cut(smollm):
    scheduler, served = smollm
    history = []
    for turn in range(40):
        history += [{"role": "user", "content": f"Tell me fact number {turn} about Paris, in detail."},
                    {"role": "assistant", "content": "Paris is the capital of France. " * 6}]
    with serving(scheduler, served) as server:
        with pytest.raises(openai.BadRequestError) as refused:
            client(server).chat.completions.create(model="smollm2", messages=history + QUESTION)
    assert refused.value.code == "context_length_exceeded"
    assert "1,024" in str(refused.value)


def test_only_this_computers_names_and_allowed_origins_get_in(smollm):
    scheduler, served = smollm
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with serving(scheduler, served) as server:
        rebound = httpx.get(f"{server.url}/models", headers={**auth, "Host": "attacker.example:8765"})
        by_name = httpx.get(f"http://localhost:{server.port}/v1/models", headers=auth)
        preflight = httpx.options(f"{server.url}/chat/completions", headers={
            "Origin": "https://site.example", "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type"})
    with serving(scheduler, served, cors=["https://site.example"]) as server:
        allowed = httpx.options(f"{server.url}/chat/completions", headers={
            "Origin": "https://site.example", "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type"})
    assert rebound.status_code == 400
    assert by_name.status_code == 200
    assert "access-control-allow-origin" not in preflight.headers
    assert allowed.headers["access-control-allow-origin"] == "https://site.example"


def _start_serve(model_path, port: int, env: dict) -> tuple[subprocess.Popen, list[str]]:
    process = subprocess.Popen([sys.executable, "-m", "assistant", "serve", "--model", str(model_path),
                                "--port", str(port)], stderr=subprocess.PIPE, text=True, env=env)
    lines: list[str] = []
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line:
            break
        lines.append(line)
        if "answering on" in line:
            return process, lines
    process.kill()
    raise AssertionError("".join(lines))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_assistant_serve_answers_with_a_token_it_shows_once_and_stops_on_sigterm(model_path):
    env = {k: v for k, v in os.environ.items() if k != "HEARTH_API_TOKEN"}
    port = free_port()
    process, lines = _start_serve(model_path, port, env)
    try:
        shown = re.search(r"API token \(shown once\): (\S+)", "".join(lines)).group(1)
        url = f"http://127.0.0.1:{port}/v1"
        assert url in lines[-1]
        api = openai.OpenAI(base_url=url, api_key=shown, max_retries=0)
        model_id = api.models.list().data[0].id
        assert model_id == model_path.stem
        reply = api.chat.completions.create(model=model_id, messages=QUESTION, max_tokens=6)
        assert reply.choices[0].message.content
        with pytest.raises(openai.AuthenticationError):
            openai.OpenAI(base_url=url, api_key="wrong", max_retries=0).models.list()
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(30) == 0

    # The second start uses the token kept in the (test's file) keyring and does not show it again.
    process, lines = _start_serve(model_path, port, env)
    try:
        assert not any("shown once" in line for line in lines)
        assert openai.OpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key=shown, max_retries=0).models.list()
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(30)


def test_assistant_serve_takes_the_token_from_the_environment_and_says_when_the_port_is_taken(model_path):
    env = {**os.environ, "HEARTH_API_TOKEN": "hearth-from-the-environment"}
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = subprocess.run([sys.executable, "-m", "assistant", "serve", "--model", str(model_path), "--port",
                               str(taken.getsockname()[1])], capture_output=True, text=True, env=env, timeout=90)
    assert busy.returncode == CANNOT_LISTEN
    assert "Another program may be using the port" in busy.stderr
    assert "Traceback" not in busy.stderr
    assert "hearth-from-the-environment" not in busy.stderr

    port = free_port()
    process, lines = _start_serve(model_path, port, env)
    try:
        assert not any("shown once" in line for line in lines)
        api = openai.OpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key="hearth-from-the-environment",
                            max_retries=0)
        assert api.models.list().data
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(30)


def test_a_busy_stream_sends_an_error_event_when_the_engine_fails(smollm):
    """A failure after the answer began cannot change the status any more; the stream carries OpenAI's error
    object, which the client raises."""
    scheduler, served = smollm
    with serving(scheduler, served) as server:
        stream = client(server).chat.completions.create(
            model="smollm2", stream=True, max_tokens=4,
            messages=[{"role": "user", "content": "word " * 3000}])  # longer than the context by itself
        with pytest.raises(openai.APIError) as failed:
            list(stream)
    assert "context" in str(failed.value).lower()
    assert not isinstance(failed.value, openai.APIConnectionError)  # an error event, not a broken connection


def test_another_hearth_uses_this_one_as_a_server(smollm):
    """The remote engine (core/engines/remote/remote_engine.py) against Hearth's API: the context from /v1/models, the counts from
    usage, the same greedy text as in the app."""
    from assistant.core.engines.remote.remote_engine import RemoteEngine

    scheduler, served = smollm
    handle = scheduler.generate(QUESTION, replace(GREEDY), listener=lambda event: None)
    handle.wait(60)
    expected = scheduler.records[-1]["final"].result
    with serving(scheduler, served) as server:
        engine = RemoteEngine(server.url, TOKEN)
        try:
            model = engine.load("smollm2")
            result = engine.generate(QUESTION, GREEDY)
        finally:
            engine.close()
    assert model.context_length == served.context_length == 1024
    assert result.text == expected.text
    assert (result.prompt_tokens, result.generated_tokens) == (expected.prompt_tokens, expected.generated_tokens)
    assert not result.counts_estimated


def test_a_reply_the_app_stops_is_an_error_not_a_finished_reply(smollm):
    """Loading another model in the window stops every reply (Scheduler.cancel_all): the client must not take the
    cut text for a whole answer."""
    scheduler, served = smollm
    long = replace(served, defaults=replace(GREEDY, ignore_eos=True, max_tokens=900))
    with serving(scheduler, long) as server:
        api = client(server)
        stream = api.chat.completions.create(model="smollm2", messages=QUESTION, stream=True)
        chunks = iter(stream)
        next(chunks)
        scheduler.cancel_all()
        with pytest.raises(openai.APIError, match="stopped in Hearth"):
            list(chunks)
        done = threading.Timer(0.5, scheduler.cancel_all)
        done.start()
        with pytest.raises(openai.InternalServerError, match="stopped in Hearth"):
            api.chat.completions.create(model="smollm2", messages=QUESTION)
        done.join()
