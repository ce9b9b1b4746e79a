"""``assistant models ...`` in a real child process against the Hub look-alike, including kill -9 mid-download and a
disk that fills up."""

from __future__ import annotations

import hashlib
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import HUB_FILE, HUB_REPO

from assistant.cli import arguments as cli
from assistant.cli.exits import FAILED, NOT_FOUND, USAGE
from assistant.core.hub import hub_client as hub_module
from assistant.core.hub.downloads import Control, DownloadFailed, Plan, RetryPolicy, download, part_path
from assistant.core.hub.hub_client import HubClient
from assistant.core.library.models import installed_models


def run_cli(hub, *args, timeout=120, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "HF_ENDPOINT": hub.endpoint}
    return subprocess.run([sys.executable, "-m", "assistant", "models", *args], env=env, capture_output=True,
                          text=True, timeout=timeout, **kwargs)


def models_dir(data_home: Path) -> Path:
    return data_home / "hearth-assistant" / "models"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_pull_list_and_rm(hub, isolated_data_home, model_path):
    pulled = run_cli(hub, "pull", HUB_REPO)
    assert pulled.returncode == 0, pulled.stderr
    target = models_dir(isolated_data_home) / HUB_REPO / HUB_FILE
    assert sha256(target) == sha256(model_path)
    assert "Installed and verified (sha256)" in pulled.stdout
    assert "Fits:" in pulled.stdout or "Tight:" in pulled.stdout  # the memory verdict comes first
    assert "checking sha256" in pulled.stderr  # the progress bar

    listed = run_cli(hub, "list")
    assert listed.returncode == 0
    header, row = listed.stdout.splitlines()[:2]
    assert header.split() == ["NAME", "ARCHITECTURE", "PARAMETERS", "QUANT", "CONTEXT", "SIZE", "IMAGES"]
    assert row.split() == [f"{HUB_REPO}/{HUB_FILE}", "llama", "135M", "Q4_1", "8,192", "98.4", "MB"]

    as_json = run_cli(hub, "list", "--json")
    assert as_json.returncode == 0 and as_json.stderr == ""
    [entry] = json.loads(as_json.stdout)
    assert entry["name"] == f"{HUB_REPO}/{HUB_FILE}" and entry["size_bytes"] == target.stat().st_size
    assert entry["context_length"] == 8192 and entry["parameters"] > 100_000_000 and entry["reads_images"] is False

    # A model a running Hearth has loaded is not deleted under it; once that process has ended, it is.
    holder = subprocess.Popen([sys.executable, "-c", HOLD_MODEL, str(target)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "loaded"
        held = run_cli(hub, "remove", HUB_FILE)
        assert held.returncode == FAILED and f"loaded by a running Hearth (process {holder.pid})" in held.stderr
        assert target.exists()
    finally:
        holder.kill()
        holder.wait()
    missing = run_cli(hub, "rm", "no-such.gguf")
    assert missing.returncode == NOT_FOUND and "No installed model is called" in missing.stderr
    removed = run_cli(hub, "rm", HUB_FILE)
    assert removed.returncode == 0 and "Deleted" in removed.stdout
    assert not target.exists() and not (models_dir(isolated_data_home) / HUB_REPO).exists()
    empty = run_cli(hub, "list")
    assert empty.stdout == "" and "No models installed" in empty.stderr  # a script reads an empty list


HOLD_MODEL = """
import sys
from assistant.core.engines.hosted import HostedEngine
engine = HostedEngine()
engine.load(sys.argv[1], {"context_length": 512})
print("loaded", flush=True)
import time
time.sleep(600)
"""


def test_pull_from_a_mirror_that_answers_metadata_only_by_revision(hub, isolated_data_home, model_path):
    hub.revision_only = True  # /api/models/{repo} answers 401, as on some self-hosted mirrors
    pulled = run_cli(hub, "pull", HUB_REPO)
    assert pulled.returncode == 0, pulled.stderr
    assert sha256(models_dir(isolated_data_home) / HUB_REPO / HUB_FILE) == sha256(model_path)
    asked = [r.path for r in hub.requests if r.path.startswith("/api/models/")]
    assert asked and all(path == f"/api/models/{HUB_REPO}/revision/main" for path in asked), asked


def test_pull_chooses_by_quant_or_file_and_lists_choices_otherwise(hub, isolated_data_home):
    ambiguous = run_cli(hub, "pull", "HearthTest/Tiny-Split-GGUF")
    assert ambiguous.returncode == USAGE
    assert "Q2_K" in ambiguous.stderr and "Q8_0" in ambiguous.stderr and "--quant" in ambiguous.stderr
    by_quant = run_cli(hub, "pull", "HearthTest/Tiny-Split-GGUF", "--quant", "q8_0")
    assert by_quant.returncode == 0, by_quant.stderr
    folder = models_dir(isolated_data_home) / "HearthTest/Tiny-Split-GGUF"
    assert sorted(p.name for p in folder.iterdir()) == ["mmproj-tiny-f16.gguf", "tiny-q8_0-00001-of-00002.gguf",
                                                        "tiny-q8_0-00002-of-00002.gguf"]
    assert "Fetched the image projector" in by_quant.stdout
    by_file = run_cli(hub, "pull", "HearthTest/Tiny-Split-GGUF", "--file", "tiny-q2_k.gguf")
    assert by_file.returncode == 0 and (folder / "tiny-q2_k.gguf").is_file()


def test_pull_fetches_the_projector_and_list_says_the_model_reads_images(hub, isolated_data_home):
    from hub_server import VISION_FILE, VISION_PROJECTOR, VISION_REPO

    pulled = run_cli(hub, "pull", VISION_REPO)
    assert pulled.returncode == 0, pulled.stderr
    folder = models_dir(isolated_data_home) / VISION_REPO
    assert sorted(p.name for p in folder.iterdir()) == [VISION_PROJECTOR, VISION_FILE]  # F16 of the two
    assert f"Image projector: {VISION_PROJECTOR}" in pulled.stdout
    assert f"Fetched the image projector and verified it (sha256): {folder / VISION_PROJECTOR}" in pulled.stdout
    assert f"Reads images with {VISION_PROJECTOR}." in pulled.stdout
    rows = run_cli(hub, "list").stdout.splitlines()
    assert len(rows) == 2 and rows[1].startswith(f"{VISION_REPO}/{VISION_FILE}") and rows[1].endswith(" reads")

    hub.requests.clear()
    again = run_cli(hub, "pull", VISION_REPO)  # both are here: nothing is fetched again
    assert again.returncode == 0 and "Image projector" not in again.stdout
    assert not [r for r in hub.content_requests() if r.path.startswith("/cdn/")]

    removed = run_cli(hub, "rm", VISION_FILE)
    assert removed.returncode == 0 and not folder.exists()  # its projector went with it


def test_a_projector_that_fails_to_download_leaves_the_model_installed(hub, isolated_data_home):
    from hub_server import VISION_FILE, VISION_PROJECTOR, VISION_REPO, Blob

    files = hub.repos[VISION_REPO].files
    good = files[VISION_PROJECTOR]
    files[VISION_PROJECTOR] = Blob(b"\0" * good.size)  # the listed size, not the listed sha256
    try:
        pulled = run_cli(hub, "pull", VISION_REPO)
    finally:
        files[VISION_PROJECTOR] = good
    assert pulled.returncode == 1 and "Traceback" not in pulled.stderr
    assert "does not match the checksum" in pulled.stderr
    assert "The model itself is installed. Run the same command again to fetch the image projector." in pulled.stderr
    folder = models_dir(isolated_data_home) / VISION_REPO
    assert sorted(p.name for p in folder.iterdir() if p.suffix == ".gguf") == [VISION_FILE]
    again = run_cli(hub, "pull", VISION_REPO)
    assert again.returncode == 0 and f"Reads images with {VISION_PROJECTOR}." in again.stdout


def test_hub_errors_are_one_plain_line(hub):
    for args, words, code in [(("pull", "HearthTest/Gated-GGUF"), "gated", FAILED),
                              (("pull", "HearthTest/Nope"), "not found", FAILED),  # 401: missing or private
                              (("pull", "../evil"), "not a Hugging Face repository name", USAGE)]:
        result = run_cli(hub, *args)
        assert result.returncode == code, result.stderr
        assert code == USAGE or "set HF_TOKEN" in result.stderr  # the command line's way, beside the app's
        assert result.stderr.startswith("error: ") and words in result.stderr and "Traceback" not in result.stderr


def test_search(hub):
    result = run_cli(hub, "search", "hearthtest", "--sort", "likes")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[1].split()[0] == HUB_REPO and any("gated" in line for line in lines)


def test_sort_choices_match_the_client():
    assert tuple(hub_module.SORTS) == cli.SORTS


def test_kill_9_mid_download_then_resume_fetches_only_the_missing_bytes(hub, isolated_data_home, model_path):
    hub.faults.rate = 6_000_000
    env = {**os.environ, "HF_ENDPOINT": hub.endpoint}
    child = subprocess.Popen([sys.executable, "-m", "assistant", "models", "pull", HUB_REPO], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    partial = part_path(models_dir(isolated_data_home) / HUB_REPO / HUB_FILE)
    deadline = time.monotonic() + 60
    while not (partial.exists() and partial.stat().st_size > 5_000_000):
        assert time.monotonic() < deadline and child.poll() is None
        time.sleep(0.05)
    child.send_signal(signal.SIGKILL)
    child.wait()
    kept = partial.stat().st_size
    assert 5_000_000 < kept < model_path.stat().st_size
    assert installed_models(models_dir(isolated_data_home)) == []  # a half file is never listed as a model

    hub.faults.rate = None
    hub.requests.clear()
    resumed = run_cli(hub, "pull", HUB_REPO)
    assert resumed.returncode == 0, resumed.stderr
    assert f"Resuming: {kept / 1e6:.1f} MB" in resumed.stdout
    [request] = [r for r in hub.content_requests() if r.path.startswith("/cdn/")]
    assert request.range == f"bytes={kept}-"
    assert request.sent == model_path.stat().st_size - kept
    assert sha256(models_dir(isolated_data_home) / HUB_REPO / HUB_FILE) == sha256(model_path)


def test_a_file_size_limit_mid_download_keeps_the_partial_and_names_the_space_needed(hub, isolated_data_home,
                                                                                      model_path):
    limit = 20_000_000

    def limit_file_size():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG from write() instead of being killed
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = run_cli(hub, "pull", HUB_REPO, preexec_fn=limit_file_size)
    assert result.returncode == 1
    assert "more is needed" in result.stderr and "bytes so far are kept" in result.stderr
    assert "Traceback" not in result.stderr
    partial = part_path(models_dir(isolated_data_home) / HUB_REPO / HUB_FILE)
    assert partial.stat().st_size <= limit
    resumed = run_cli(hub, "pull", HUB_REPO)
    assert resumed.returncode == 0, resumed.stderr
    assert sha256(models_dir(isolated_data_home) / HUB_REPO / HUB_FILE) == sha256(model_path)


@pytest.fixture
def small_disk(tmp_path):
    """A real 200 MB tmpfs. Mounting needs root; the file-size-limit test above covers the same path without."""
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root; the RLIMIT_FSIZE test covers a full disk without it")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=200m", "tmpfs", str(mount_point)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    yield mount_point
    subprocess.run(["umount", str(mount_point)], check=False)


def test_disk_full_mid_download(hub, small_disk, model_path):
    client = HubClient(hub.endpoint)
    files = client.repo_files(HUB_REPO)
    plan = Plan.for_model(files.models[0], files.commit)
    filler = small_disk / "another-program.bin"

    def fill_the_disk(done, total, state):
        if done > 10_000_000 and not filler.exists():
            with open(filler, "wb") as out:  # another program takes the rest of the space
                try:
                    while True:
                        out.write(b"\0" * 1_000_000)
                except OSError:
                    pass

    with pytest.raises(DownloadFailed) as failure:
        download(plan, small_disk, client, Control(), fill_the_disk, RetryPolicy(base_delay=0.05))
    assert failure.value.kind == "disk"
    assert "The disk is full" in str(failure.value) and "MB more is needed" in str(failure.value)
    partial = part_path(small_disk / HUB_REPO / HUB_FILE)
    assert partial.stat().st_size > 10_000_000
    filler.unlink()
    path = download(plan, small_disk, client, Control(), lambda *a: None, RetryPolicy(base_delay=0.05))
    assert sha256(path) == sha256(model_path)
