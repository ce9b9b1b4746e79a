"""The real download code against the Hub look-alike, with real faults: dropped connections, Range answered with
200, a wrong byte, stalls, error statuses, pause, cancel, restarts and hostile names."""

from __future__ import annotations

import hashlib
import threading
import time

import pytest
from conftest import HUB_FILE, HUB_REPO

from assistant.core.hub.download_queue import DownloadQueue, State
from assistant.core.hub.downloads import (
    Control,
    DownloadFailed,
    Plan,
    RetryPolicy,
    Stopped,
    download,
    part_path,
    plan_path,
    unfinished_plans,
)
from assistant.core.library.gguf_file import read_gguf
from assistant.core.hub.hub_client import HubClient
from assistant.core.hub.files import HubFile
from assistant.core.library.models import installed_models

FAST = RetryPolicy(stall_timeout=1.0, max_attempts=4, base_delay=0.05, max_delay=0.2)


def smollm2_plan(hub, token=None) -> tuple[Plan, HubClient]:
    client = HubClient(hub.endpoint, token=token)
    files = client.repo_files(HUB_REPO)
    return Plan.for_model(files.models[0], files.commit), client


def fetch(plan, client, models, policy=FAST, control=None):
    states = []
    path = download(plan, models, client, control or Control(), lambda done, total, state: states.append(state),
                    policy)
    return path, states


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_download_verifies_and_installs_the_real_model(hub, tmp_path, model_path):
    plan, client = smollm2_plan(hub)
    path, states = fetch(plan, client, tmp_path)
    assert path == tmp_path / HUB_REPO / HUB_FILE
    assert sha256(path) == sha256(model_path)
    assert states[-2:] == ["verifying", "done"]
    assert not part_path(path).exists() and not plan_path(tmp_path, plan).exists()
    [model] = installed_models(tmp_path)
    assert (model.repo_id, model.architecture, model.quantization) == (HUB_REPO, "llama", "Q4_1")
    assert model.context_length == 8192 and 130e6 < model.parameter_count < 140e6
    assert read_gguf(path).name == read_gguf(model_path).name


def test_dropped_connection_resumes_without_sending_a_byte_twice(hub, tmp_path, model_path):
    hub.faults.drop_after = 10_000_000
    hub.faults.drop_times = 2
    plan, client = smollm2_plan(hub)
    path, _ = fetch(plan, client, tmp_path)
    assert sha256(path) == sha256(model_path)
    content = [r for r in hub.content_requests() if r.path.startswith("/cdn/")]
    assert [r.range for r in content] == [None, "bytes=10000000-", "bytes=20000000-"]
    assert hub.bytes_sent() == model_path.stat().st_size


def test_server_ignoring_range_is_not_appended_twice(hub, tmp_path, model_path):
    hub.faults.drop_after = 5_000_000
    plan, client = smollm2_plan(hub)
    control = Control()

    def ignore_range_after_the_drop(done, total, state):
        if done >= 5_000_000:
            hub.faults.ignore_range = True

    download(plan, tmp_path, client, control, ignore_range_after_the_drop, FAST)
    path = tmp_path / HUB_REPO / HUB_FILE
    assert path.stat().st_size == model_path.stat().st_size
    assert sha256(path) == sha256(model_path)
    statuses = [r.status for r in hub.content_requests() if r.path.startswith("/cdn/")]
    assert statuses == [200, 200]  # the second answer ignored "Range: bytes=5000000-"


def test_wrong_bytes_with_the_right_size_are_never_installed(hub, tmp_path, model_path):
    hub.faults.corrupt = True
    plan, client = smollm2_plan(hub)
    with pytest.raises(DownloadFailed) as failure:
        fetch(plan, client, tmp_path)
    assert failure.value.kind == "checksum"
    assert "does not match the checksum" in str(failure.value) and "Retry" in str(failure.value)
    final = tmp_path / HUB_REPO / HUB_FILE
    assert not final.exists() and installed_models(tmp_path) == []
    [remembered] = unfinished_plans(tmp_path)
    assert remembered.checksum_failed  # after a restart the list still says so

    hub.faults.corrupt = False
    hub.requests.clear()
    path, _ = fetch(remembered, client, tmp_path)
    assert sha256(path) == sha256(model_path)
    first = [r for r in hub.content_requests() if r.path.startswith("/cdn/")][0]
    assert first.range is None  # the retry started from zero: the bad byte could have been anywhere


def test_stalled_transfer_is_retried(hub, tmp_path, model_path):
    hub.faults.stall_after = 3_000_000
    hub.faults.stall_seconds = 3.0
    plan, client = smollm2_plan(hub)
    started = time.monotonic()
    path, _ = fetch(plan, client, tmp_path)
    assert sha256(path) == sha256(model_path)
    ranges = [r.range for r in hub.content_requests() if r.path.startswith("/cdn/")]
    assert ranges[0] is None and ranges[1].startswith("bytes=") and len(ranges) == 2
    assert time.monotonic() - started < 3.0  # gave up on the stalled read after stall_timeout, not the stall


def test_server_errors_are_retried_with_back_off(hub, tmp_path, model_path):
    hub.faults.statuses = [503, 500, 429]
    plan, client = smollm2_plan(hub)
    path, _ = fetch(plan, client, tmp_path)
    assert sha256(path) == sha256(model_path)


def test_a_server_that_keeps_failing_on_a_file_is_said_to_be_the_servers_problem(hub, tmp_path):
    """As olah does for a file its mirror lacks (500): not "check the internet connection"."""
    hub.faults.statuses = [500] * 10
    plan, client = smollm2_plan(hub)
    with pytest.raises(DownloadFailed) as failed:
        fetch(plan, client, tmp_path)
    assert "kept answering HTTP 500" in str(failed.value) and "not the connection" in str(failed.value)


def test_giving_up_keeps_the_bytes_and_says_what_to_do(hub, tmp_path):
    hub.faults.drop_after = 2_000_000
    plan, client = smollm2_plan(hub)

    def fail_from_now_on(done, total, state):
        if done >= 2_000_000:
            hub.faults.statuses = [503] * 10

    with pytest.raises(DownloadFailed) as failure:
        download(plan, tmp_path, client, Control(), fail_from_now_on, FAST)
    assert failure.value.kind == "network" and "Resume" in str(failure.value)
    assert part_path(tmp_path / HUB_REPO / HUB_FILE).stat().st_size == 2_000_000
    assert [r.status for r in hub.content_requests() if r.path.startswith("/cdn/")] == [200] + [503] * 4


def test_gated_repository_needs_a_token_and_the_token_never_reaches_the_cdn(hub, tmp_path):
    client = HubClient(hub.endpoint, token="hf_valid_test_token")
    files = client.repo_files("HearthTest/Gated-GGUF")
    plan = Plan.for_model(files.models[0], files.commit)
    with pytest.raises(DownloadFailed) as failure:
        fetch(plan, HubClient(hub.endpoint), tmp_path)
    assert failure.value.kind == "http" and "gated" in str(failure.value)
    path, _ = fetch(plan, client, tmp_path)
    assert path.read_bytes() == b"G" * 400_000
    cdn = [r for r in hub.requests if r.path.startswith("/cdn/")]
    assert cdn and all(r.authorization is None for r in cdn)


def test_missing_file_is_a_clear_404(hub, tmp_path):
    plan = Plan("HearthTest/Tiny-Split-GGUF", "0" * 40, (HubFile("gone-q4_0.gguf", 10),), "Q4_0")
    with pytest.raises(DownloadFailed) as failure:
        fetch(plan, HubClient(hub.endpoint), tmp_path)
    assert "not found" in str(failure.value)


def test_split_model_downloads_every_part(hub, tmp_path):
    client = HubClient(hub.endpoint)
    files = client.repo_files("HearthTest/Tiny-Split-GGUF")
    split = next(m for m in files.models if len(m.parts) == 2)
    path, _ = fetch(Plan.for_model(split, files.commit), client, tmp_path)
    assert path.name == "tiny-q8_0-00001-of-00002.gguf"
    assert path.read_bytes() == b"A" * 300_000
    assert path.with_name("tiny-q8_0-00002-of-00002.gguf").read_bytes() == b"B" * 200_000


@pytest.mark.parametrize("repo_id, name", [
    ("HearthTest/Tiny-Split-GGUF", "../../../escape.gguf"),
    ("HearthTest/Tiny-Split-GGUF", "/tmp/escape.gguf"),
    ("HearthTest/Tiny-Split-GGUF", "a\x00b.gguf"),
    ("../..", "escape.gguf"),
])
def test_hostile_names_write_nothing_anywhere(hub, tmp_path, repo_id, name):
    models = tmp_path / "models"
    models.mkdir()
    plan = Plan(repo_id, "0" * 40, (HubFile(name, 10),), "Q4_0")
    with pytest.raises(DownloadFailed) as failure:
        fetch(plan, HubClient(hub.endpoint), models)
    assert failure.value.kind == "bad_name"
    assert [p for p in tmp_path.rglob("*") if p != models] == []
    assert hub.requests == []


def test_not_enough_disk_space_is_refused_before_a_byte_is_sent(hub, tmp_path):
    import shutil

    free = shutil.disk_usage(tmp_path).free
    plan = Plan("HearthTest/Huge-GGUF", "0" * 40, (HubFile("huge-q4_k_m.gguf", free * 2, "0" * 64),), "Q4_K_M")
    with pytest.raises(DownloadFailed) as failure:
        fetch(plan, HubClient(hub.endpoint), tmp_path)
    assert failure.value.kind == "disk" and "needs" in str(failure.value) and "is free" in str(failure.value)
    assert hub.content_requests() == []


def test_pause_resume_and_restart_continue_from_the_partial_file(hub, tmp_path, model_path):
    hub.faults.rate = 8_000_000
    plan, client = smollm2_plan(hub)
    changed = threading.Event()
    queue = DownloadQueue(tmp_path, lambda _source: client, changed.set, FAST)
    try:
        key = queue.add(plan)
        assert queue.add(plan) == key  # a second request for the same file joins the first
        _wait(lambda: queue.status(key).done > 2_000_000)
        queue.pause(key)
        _wait(lambda: queue.status(key).state is State.PAUSED)
        kept = part_path(tmp_path / HUB_REPO / HUB_FILE).stat().st_size
        assert kept >= 2_000_000 and queue.status(key).done == kept
        time.sleep(0.3)
        assert part_path(tmp_path / HUB_REPO / HUB_FILE).stat().st_size == kept  # really stopped
    finally:
        queue.close()

    # A new queue, as after restarting the app: the download is back, paused, with its bytes.
    hub.faults.rate = None
    hub.requests.clear()
    queue = DownloadQueue(tmp_path, lambda _source: client, lambda: None, FAST)
    try:
        queue.restore()
        [status] = queue.snapshot()
        assert (status.key, status.state, status.done) == (key, State.PAUSED, kept)
        queue.resume(key)
        _wait(lambda: queue.status(key).state is State.DONE)
        assert queue.status(key).path == tmp_path / HUB_REPO / HUB_FILE
    finally:
        queue.close()
    [request] = [r for r in hub.content_requests() if r.path.startswith("/cdn/")]
    assert request.range == f"bytes={kept}-" and request.sent == model_path.stat().st_size - kept
    assert sha256(tmp_path / HUB_REPO / HUB_FILE) == sha256(model_path)
    assert changed.is_set()


def test_cancel_removes_the_partial_file(hub, tmp_path):
    hub.faults.rate = 4_000_000
    plan, client = smollm2_plan(hub)
    queue = DownloadQueue(tmp_path, lambda _source: client, lambda: None, FAST)
    try:
        key = queue.add(plan)
        _wait(lambda: queue.status(key).done > 500_000)
        queue.cancel(key)
        _wait(lambda: queue.status(key).state is State.CANCELLED)
    finally:
        queue.close()
    assert not part_path(tmp_path / HUB_REPO / HUB_FILE).exists()
    assert unfinished_plans(tmp_path) == [] and installed_models(tmp_path) == []


def test_queue_runs_one_at_a_time_in_order(hub, tmp_path):
    client = HubClient(hub.endpoint)
    files = client.repo_files("HearthTest/Tiny-Split-GGUF")
    plans = [Plan.for_model(m, files.commit) for m in files.models]
    queue = DownloadQueue(tmp_path, lambda _source: client, lambda: None, FAST)
    try:
        keys = [queue.add(p) for p in plans]
        assert queue.add(plans[1]) == keys[1]  # asked twice while queued
        _wait(lambda: all(queue.status(k).state is State.DONE for k in keys))
    finally:
        queue.close()
    cdn = [r.path for r in hub.content_requests() if r.path.startswith("/cdn/")]
    assert len(cdn) == len(set(cdn)) == 3  # one transfer per file: the Q2_K file and the two Q8_0 parts
    assert cdn[0].endswith("tiny-q2_k.gguf")  # in the order asked
    assert [m.path.name for m in installed_models(tmp_path)] == ["tiny-q2_k.gguf", "tiny-q8_0-00001-of-00002.gguf"]


def test_a_second_process_cannot_write_the_same_file(hub, tmp_path):
    from filelock import FileLock

    plan, client = smollm2_plan(hub)
    target = tmp_path / HUB_REPO / HUB_FILE
    target.parent.mkdir(parents=True)
    with FileLock(str(target.with_name(target.name + ".download.lock"))):
        with pytest.raises(DownloadFailed) as failure:
            fetch(plan, client, tmp_path)
    assert failure.value.kind == "busy"


def test_offline_mode_refuses_to_download(hub, tmp_path):
    plan, _ = smollm2_plan(hub)
    hub.requests.clear()
    with pytest.raises(DownloadFailed) as failure:
        fetch(plan, HubClient(hub.endpoint, offline=True), tmp_path)
    assert failure.value.kind == "offline" and hub.requests == []


def test_stop_during_back_off_is_immediate(hub, tmp_path):
    hub.faults.statuses = [503] * 3
    plan, client = smollm2_plan(hub)
    control = Control()
    slow = RetryPolicy(stall_timeout=1.0, max_attempts=5, base_delay=30.0, max_delay=30.0)
    threading.Timer(0.3, control.request, args=("pause",)).start()
    started = time.monotonic()
    with pytest.raises(Stopped):
        fetch(plan, client, tmp_path, slow, control)
    assert time.monotonic() - started < 5


def _wait(condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.02)


def test_retry_after_a_bad_checksum_restarts_once_and_then_resumes_normally(hub, tmp_path):
    hub.faults.corrupt = True
    plan, client = smollm2_plan(hub)
    queue = DownloadQueue(tmp_path, lambda _source: client, lambda: None, FAST)
    try:
        key = queue.add(plan)
        _wait(lambda: queue.status(key).state is State.FAILED)
        assert queue.status(key).failure == "checksum"
        hub.faults.corrupt = False
        hub.faults.rate = 8_000_000
        hub.requests.clear()
        queue.resume(key)  # Retry: starts from zero
        _wait(lambda: queue.status(key).done > 2_000_000)
        queue.pause(key)
        _wait(lambda: queue.status(key).state is State.PAUSED)
        kept = part_path(tmp_path / HUB_REPO / HUB_FILE).stat().st_size
        hub.faults.rate = None
        queue.resume(key)  # a plain resume now: the bytes of the retry are kept
        _wait(lambda: queue.status(key).state is State.DONE)
    finally:
        queue.close()
    ranges = [r.range for r in hub.content_requests() if r.path.startswith("/cdn/")]
    assert ranges == [None, f"bytes={kept}-"]


def test_a_models_folder_that_cannot_be_written_is_a_clear_error(hub, tmp_path):
    import os

    if os.geteuid() == 0:
        blocker = tmp_path / "models"
        blocker.write_text("a file where the folder should be")  # root ignores permissions; this it cannot
        models = blocker
    else:
        models = tmp_path / "models"
        models.mkdir(mode=0o500)
    plan, client = smollm2_plan(hub)
    with pytest.raises(DownloadFailed) as failure:
        fetch(plan, client, models)
    assert failure.value.kind == "disk" and "Could not write" in str(failure.value)
