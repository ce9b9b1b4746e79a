"""olah, a self-hosted Hub mirror, in offline mode over a local git mirror (issue 36): the real server, started with
olah-cli from its own venv (scripts/test.sh makes .venv-olah), serving the real SmolLM2 GGUF as an LFS object.
Its listing names the files without sizes or checksums; Hearth completes it and downloads the model verified."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import HUB_FILE, HUB_REPO

from assistant.core.hub.downloads import Control, Plan, RetryPolicy, download
from assistant.core.hub.hub_client import HubClient, HubError

ROOT = Path(__file__).resolve().parent.parent
OLAH_CLI = Path(os.environ.get("HEARTH_OLAH_CLI") or ROOT / ".venv-olah" / "bin" / "olah-cli")
START_LIMIT = 60.0  # seconds for olah to import FastAPI and open its port, under a loaded CI machine
FAST = RetryPolicy(stall_timeout=30.0, max_attempts=2, base_delay=0.05, max_delay=0.2)


@dataclass(frozen=True)
class Olah:
    endpoint: str
    commit: str
    size: int
    sha256: str


def _git(repo: Path, *args: str) -> str:
    # Fixed names and dates: the mirror's commit id is the same on every run.
    env = {**os.environ, "GIT_AUTHOR_NAME": "Hearth Test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
           "GIT_COMMITTER_NAME": "Hearth Test", "GIT_COMMITTER_EMAIL": "test@example.invalid",
           "GIT_AUTHOR_DATE": "2025-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2025-01-01T00:00:00Z",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", "-C", str(repo), *args], env=env, check=True, capture_output=True,
                          text=True).stdout.strip()


def build_mirror(mirrors: Path, model: Path) -> tuple[str, int, str]:
    """A non-bare git clone at <mirrors>/models/<org>/<repo>, as `git lfs fetch` leaves it: the GGUF committed as an
    LFS pointer, its bytes in .git/lfs/objects. No git-lfs program is needed for that."""
    repo = mirrors / "models" / HUB_REPO
    repo.mkdir(parents=True)
    data = model.read_bytes()
    size, sha256 = len(data), hashlib.sha256(data).hexdigest()
    del data
    _git(repo, "init", "-q", "-b", "main")
    (repo / "README.md").write_text("---\nlicense: apache-2.0\n---\n# SmolLM2 for Hearth's tests\n", encoding="utf-8")
    (repo / HUB_FILE).write_text(f"version https://git-lfs.github.com/spec/v1\noid sha256:{sha256}\nsize {size}\n",
                                 encoding="utf-8")
    _git(repo, "add", "README.md", HUB_FILE)
    _git(repo, "commit", "-q", "-m", "SmolLM2 GGUF")
    lfs = repo / ".git" / "lfs" / "objects" / sha256[:2] / sha256[2:4] / sha256
    lfs.parent.mkdir(parents=True)
    try:
        os.link(model, lfs)  # the same disk: no 100 MB copy
    except OSError:
        shutil.copyfile(model, lfs)
    return _git(repo, "rev-parse", "HEAD"), size, sha256


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as data:
        while block := data.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_port(process: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + START_LIMIT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"olah-cli exited with {process.returncode} before it listened:\n{log.read_text()[-3000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"olah-cli did not listen on port {port} within {START_LIMIT:.0f} s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def olah(model_path, tmp_path_factory):
    if not os.access(OLAH_CLI, os.X_OK):
        pytest.fail(f"{OLAH_CLI} is missing: run scripts/test.sh (the README's test command), which creates the "
                    f".venv-olah venv with olah, or set HEARTH_OLAH_CLI to an olah-cli executable.")
    base = tmp_path_factory.mktemp("olah")
    commit, size, sha256 = build_mirror(base / "mirrors", model_path)
    (base / "repos").mkdir()
    port = _free_port()
    config = base / "olah.toml"
    config.write_text(f"""[basic]
host = "127.0.0.1"
port = {port}
repos-path = {json.dumps(str(base / "repos"))}
mirrors-path = [{json.dumps(str(base / "mirrors"))}]
mirror-netloc = "127.0.0.1:{port}"
mirror-lfs-netloc = "127.0.0.1:{port}"

[accessibility]
offline = true
""", encoding="utf-8")
    log = base / "olah.out"
    with open(log, "wb") as out:
        process = subprocess.Popen([str(OLAH_CLI), "-c", str(config), "--log-path", str(base / "logs")], cwd=base,
                                   stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        _wait_for_port(process, port, log)
        yield Olah(f"http://127.0.0.1:{port}", commit, size, sha256)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_olah_lists_file_names_only_so_the_listing_needs_completing(olah):
    with urllib.request.urlopen(f"{olah.endpoint}/api/models/{HUB_REPO}/revision/main", timeout=30) as response:
        info = json.load(response)
    assert info["sha"] == olah.commit
    assert sorted(info["siblings"], key=str) == sorted([{"rfilename": "README.md"}, {"rfilename": HUB_FILE}], key=str)


def test_repo_files_of_the_mirror_give_the_gguf_with_its_size_and_sha256(olah):
    files = HubClient(olah.endpoint).repo_files(HUB_REPO)
    assert files.commit == olah.commit
    model = next(file for file in files.files if file.name == HUB_FILE)
    assert (model.size, model.sha256) == (olah.size, olah.sha256) and model.verified
    assert [m.name for m in files.models] == [HUB_FILE]


def test_download_from_the_mirror_installs_the_model_verified(olah, tmp_path):
    client = HubClient(olah.endpoint)
    files = client.repo_files(HUB_REPO)
    states = []
    path = download(Plan.for_model(files.models[0], files.commit), tmp_path, client, Control(),
                    lambda done, total, state: states.append((done, total, state)), FAST)
    assert path == tmp_path / HUB_REPO / HUB_FILE
    assert _sha256(path) == olah.sha256
    assert states[-1] == (olah.size, olah.size, "done")
    assert not list(path.parent.glob("*.part")) and not list(path.parent.glob("*.download.json"))


def test_a_resume_is_answered_with_the_whole_file_which_is_written_afresh_and_verified(olah, model_path, tmp_path):
    client = HubClient(olah.endpoint)
    files = client.repo_files(HUB_REPO)
    partial = tmp_path / HUB_REPO / (HUB_FILE + ".part")
    partial.parent.mkdir(parents=True)
    with open(model_path, "rb") as model:
        partial.write_bytes(model.read(5_000_000))
    done = []
    path = download(Plan.for_model(files.models[0], files.commit), tmp_path, client, Control(),
                    lambda n, total, state: done.append(n), FAST)
    assert done[0] == 5_000_000 and min(done[1:]) < 5_000_000  # asked from byte 5,000,000; olah sent it all again
    assert _sha256(path) == olah.sha256


def test_without_paths_info_the_mirror_heads_give_size_and_sha256(olah, monkeypatch):
    client = HubClient(olah.endpoint)

    def refused(*args, **kwargs):
        raise OSError("no paths-info here")

    monkeypatch.setattr(client._api, "get_paths_info", refused)
    model = next(file for file in client.repo_files(HUB_REPO).files if file.name == HUB_FILE)
    assert (model.size, model.sha256) == (olah.size, olah.sha256)  # Content-Length and an unquoted ETag


def test_a_search_on_the_mirror_says_it_has_none(olah):
    """olah answers a search offline with an empty 200: said as a mirror without search, not as nonsense."""
    with pytest.raises(HubError) as refused:
        HubClient(olah.endpoint).search("SmolLM2")
    assert "offers no search" in str(refused.value) and "owner/name" in str(refused.value)
