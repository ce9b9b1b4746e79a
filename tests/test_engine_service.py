"""The engine as a service: the real engine host process behind the scheduler, with real crashes.

The crashes are real: the host is sent SIGKILL, or made to segfault through its test-only switch
(HEARTH_ENGINE_TEST_CRASH, core/engines/host.py), which crashes it the way llama.cpp's AMX kernels do on CPUs that
have them (issue 18), at the first prompt evaluation of a model loaded with weight repacking on."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from assistant.core.storage.database import connect
from assistant.core.engines.types import GenerationParams, LoadOptions
from assistant.core.engines.errors import EngineCrashed, NoModel
from assistant.core.engines.host import CRASH_SWITCH
from assistant.core.engines.hosted import HostedEngine
from assistant.core.engines.safe_configs import SafeConfigs, safer
from assistant.core.engines.scheduler import (
    BACKGROUND,
    USER,
    Failed,
    Finished,
    Loaded,
    Prompt,
    Recovered,
    Recovering,
    Scheduler,
    Text,
)
from assistant.core.storage.paths import database_path
from assistant.core.storage.settings import Settings

pytestmark = pytest.mark.model
GREEDY = GenerationParams(temperature=0.0, max_tokens=24)
QUESTION = [{"role": "user", "content": "What is the capital of France?"}]


def service(crash: str = "", store=None):
    env = dict(os.environ)
    env.pop(CRASH_SWITCH, None)
    if crash:
        env[CRASH_SWITCH] = crash
    news = []
    scheduler = Scheduler(HostedEngine(SafeConfigs(store), env=env), news.append)
    return scheduler, news


def load(scheduler, model_path, **options):
    final = scheduler.load(str(model_path), options=LoadOptions(context_length=1024, **options)).wait(60)
    assert isinstance(final, Loaded), final
    return final.model


def test_a_reply_streams_from_the_host_process(model_path):
    scheduler, _news = service()
    try:
        load(scheduler, model_path)
        assert scheduler.engine.pid not in (None, os.getpid())
        events = list(scheduler.generate(QUESTION, GREEDY).events())
        assert isinstance(events[0], Prompt) and isinstance(events[-1], Finished)
        text = "".join(event.text for event in events if isinstance(event, Text))
        assert text and text == events[-1].result.text
    finally:
        scheduler.shutdown()
    assert scheduler.engine.pid is None


def test_a_segfault_at_the_first_prompt_is_survived_and_the_reply_simply_arrives(model_path, isolated_data_home):
    """The AMX case: with repacking on, every prompt crashes the host. The user's request is answered anyway, with
    repacking off, and the choice is remembered for this llama.cpp build, CPU and model."""
    reference, _ = service()
    try:
        load(reference, model_path)
        expected = reference.generate(QUESTION, GREEDY).wait(60).result.text
    finally:
        reference.shutdown()

    store = Settings(connect(database_path()))
    scheduler, news = service("repack-prompt", store)
    try:
        model = load(scheduler, model_path)
        assert model.repack
        first_pid = scheduler.engine.pid
        final = scheduler.generate(QUESTION, GREEDY).wait(120)
        assert isinstance(final, Finished) and final.result.text == expected
        assert [type(event) for event in news] == [Recovering, Recovered]
        assert news[0].crash.reason.startswith("SIGSEGV") and news[0].crash.during == "prompt"
        assert not news[1].model.repack and "weight repacking off" in news[1].model.notes[-1]
        assert scheduler.engine.pid not in (None, first_pid)
    finally:
        scheduler.shutdown()
    assert SafeConfigs(store).get(str(model_path)) == {"repack": False}

    # The next start: loaded safely from the first, with a note; the crash is not met again.
    again, news = service("repack-prompt", Settings(connect(database_path())))
    try:
        model = again.load(str(model_path), options=LoadOptions(context_length=1024)).wait(60).model
        assert not model.repack and "crashed llama.cpp here before" in model.notes[-1]
        assert isinstance(again.generate(QUESTION, GREEDY).wait(60), Finished) and news == []
    finally:
        again.shutdown()


def test_a_kill_during_a_reply_keeps_the_partial_text_and_the_next_reply_is_answered(model_path):
    scheduler, news = service()
    try:
        load(scheduler, model_path)
        texts = []
        handle = scheduler.generate([{"role": "user", "content": "Write a very long story about the sea."}],
                                    GenerationParams(temperature=0.0, max_tokens=2000), listener=texts.append)
        deadline = time.monotonic() + 60
        while sum(isinstance(e, Text) for e in texts) < 3 and time.monotonic() < deadline:
            time.sleep(0.02)
        os.kill(scheduler.engine.pid, signal.SIGKILL)
        final = handle.wait(120)
        assert isinstance(final, Failed) and isinstance(final.error, EngineCrashed)
        written = "".join(e.text for e in texts if isinstance(e, Text))
        assert final.partial == final.error.partial and written.startswith(final.partial) and final.partial
        assert final.error.during == "reply" and "SIGKILL" in str(final.error)
        assert "was loaded again with weight repacking off" in str(final.error)
        assert isinstance(scheduler.generate(QUESTION, GREEDY).wait(60), Finished)
        assert [type(event) for event in news] == [Recovering, Recovered]
    finally:
        scheduler.shutdown()


def test_a_crash_mid_reply_is_not_run_again(model_path):
    """Text was already on screen: running it again would change what the user read. It fails, marked."""
    scheduler, _news = service("reply:4")
    try:
        load(scheduler, model_path)
        final = scheduler.generate(QUESTION, GREEDY).wait(120)
        assert isinstance(final, Failed) and final.error.during == "reply" and final.partial
        assert "SIGSEGV" in str(final.error)
    finally:
        scheduler.shutdown()


def test_when_every_step_crashes_the_model_is_given_up_with_a_message(model_path):
    scheduler, news = service("prompt")
    try:
        load(scheduler, model_path)
        final = scheduler.generate(QUESTION, GREEDY).wait(120)
        assert isinstance(final, Failed) and isinstance(final.error, EngineCrashed)
        assert "It crashed again with weight repacking off and on the CPU alone" in str(news[-1].error)
        again = scheduler.generate(QUESTION, GREEDY).wait(30)
        assert isinstance(again.error, NoModel)
    finally:
        scheduler.shutdown()


def test_a_crash_while_loading_goes_down_the_ladder_and_says_so(model_path):
    scheduler, _news = service("load")
    try:
        final = scheduler.load(str(model_path), options=LoadOptions(context_length=1024)).wait(120)
        assert isinstance(final, Failed) and isinstance(final.error, EngineCrashed)
        assert final.error.during == "load" and "while loading" in str(final.error)
    finally:
        scheduler.shutdown()


def test_the_safer_steps():
    assert safer({}, 0, 30) == {"repack": False}
    assert safer({"repack": False}, -1, 30) == {"repack": False, "max_gpu_layers": 15}
    assert safer({"repack": False, "max_gpu_layers": 15}, 15, 30) == {"repack": False, "max_gpu_layers": 7}
    assert safer({"repack": False, "max_gpu_layers": 1}, 1, 30) == {"repack": False, "max_gpu_layers": 0}
    assert safer({"repack": False}, 0, 30) is None


def test_stop_is_out_of_band_during_a_long_prompt(model_path):
    scheduler, _news = service()
    try:
        load(scheduler, model_path)
        events = []
        long_prompt = [{"role": "user", "content": "The tide came in. " * 180}]
        handle = scheduler.generate(long_prompt, GREEDY, listener=events.append)
        deadline = time.monotonic() + 30
        while not events and time.monotonic() < deadline:
            time.sleep(0.005)
        started = time.monotonic()
        scheduler.cancel(handle)
        final = handle.wait(30)
        assert isinstance(final, Finished) and final.result.stopped and not final.result.text
        assert time.monotonic() - started < 2.0
    finally:
        scheduler.shutdown()


def test_what_the_user_waits_for_runs_before_background_work(model_path):
    scheduler, _news = service()
    try:
        load(scheduler, model_path)
        order = []
        gate = threading.Event()
        first = scheduler.generate(QUESTION, GenerationParams(temperature=0.0, max_tokens=40),
                                   listener=lambda e: gate.set())
        gate.wait(30)  # the first one runs; the next two wait
        background = scheduler.generate(QUESTION, GREEDY, priority=BACKGROUND,
                                        listener=lambda e: isinstance(e, Prompt) and order.append("background"))
        user = scheduler.generate(QUESTION, GREEDY, priority=USER,
                                  listener=lambda e: isinstance(e, Prompt) and order.append("user"))
        for handle in (first, background, user):
            handle.wait(60)
        assert order == ["user", "background"]
    finally:
        scheduler.shutdown()


@pytest.mark.parametrize("wait_for_news", [True, False], ids=["asked-after-the-restart-began", "asked-at-once"])
def test_a_host_that_dies_while_idle_is_loaded_again_at_once_and_the_next_reply_is_answered(model_path,
                                                                                         wait_for_news):
    """The OOM killer or a GPU reset between two replies: the scheduler hears of it at once (nothing else would until
    the next request found no model), loads the model again, and a request that comes meanwhile waits for it."""
    restarting = threading.Event()
    news = []
    scheduler = Scheduler(HostedEngine(SafeConfigs(None)),
                          lambda event: (news.append(event), isinstance(event, Recovering) and restarting.set()))
    try:
        load(scheduler, model_path)
        assert isinstance(scheduler.generate(QUESTION, GREEDY).wait(60), Finished)
        first_host = scheduler.engine.pid
        os.kill(first_host, signal.SIGKILL)
        if wait_for_news:
            assert restarting.wait(30)
        final = scheduler.generate(QUESTION, GREEDY).wait(120)
        assert isinstance(final, Finished) and final.result.text, final
        assert [type(event) for event in news] == [Recovering, Recovered]
        # Asked at once, the request may reach the dead host before its end is noticed: then it meets the crash.
        assert news[0].crash.during == ("idle" if wait_for_news else news[0].crash.during) in ("idle", "prompt")
        assert "SIGKILL" in str(news[0].crash)
        assert scheduler.engine.pid not in (None, first_host)
        assert scheduler.engine.model is not None
        if wait_for_news:
            # Nothing of llama.cpp's ran when it died: loaded again as it was, nothing made "safer" for good, and
            # a second death while idle is survived the same way (a ladder would have run out by now).
            assert scheduler.engine.safe_configs.get(str(model_path)) == {}
            assert "idle" in news[1].model.notes[-1]
            restarting.clear()
            os.kill(scheduler.engine.pid, signal.SIGSEGV)
            assert restarting.wait(30)
            final = scheduler.generate(QUESTION, GREEDY).wait(120)
            assert isinstance(final, Finished) and final.result.text, final
            assert [type(event) for event in news] == [Recovering, Recovered, Recovering, Recovered]
            assert scheduler.engine.safe_configs.get(str(model_path)) == {}
    finally:
        scheduler.shutdown()


def test_a_host_ended_by_close_is_not_taken_for_a_crash(model_path):
    scheduler, news = service()
    try:
        load(scheduler, model_path)
        scheduler.engine.close()  # what the router does when a server's model is chosen
        deadline = time.monotonic() + 30  # until the host's reader thread has seen the end and is gone
        while any(t.name == "engine-host-reader" for t in threading.enumerate()) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert not any(t.name == "engine-host-reader" for t in threading.enumerate())
        final = scheduler.generate(QUESTION, GREEDY).wait(30)  # no reload was queued ahead of it
        assert isinstance(final, Failed) and isinstance(final.error, NoModel)
    finally:
        scheduler.shutdown()
    assert news == []
