"""Mirrors that leave things out (issue 36): a listing of names only, as olah gives offline, is completed from the
Hub's paths-info, else from a HEAD on each file; a file whose checksum cannot be learned is offered marked "not
verified" and checked against its size, never refused or trusted silently. Against the Hub look-alike."""

from __future__ import annotations

import hashlib

from conftest import HUB_FILE, HUB_REPO

from assistant.core.hub.downloads import Control, Plan, RetryPolicy, download
from assistant.core.hub.hub_client import HubClient

FAST = RetryPolicy(stall_timeout=1.0, max_attempts=4, base_delay=0.05, max_delay=0.2)


def test_a_listing_of_names_only_is_completed_from_paths_info(hub, model_path):
    hub.names_only = hub.revision_only = True
    files = HubClient(hub.endpoint).repo_files(HUB_REPO)
    model = next(f for f in files.files if f.name == HUB_FILE)
    assert model.size == model_path.stat().st_size
    assert model.sha256 == hashlib.sha256(model_path.read_bytes()).hexdigest() and model.verified
    assert [m.name for m in files.models] == [HUB_FILE]
    asked = [r for r in hub.requests if r.method == "POST"]
    assert len(asked) == 1 and asked[0].path == f"/api/models/{HUB_REPO}/paths-info/{files.commit}"  # one request


def test_without_paths_info_each_file_is_asked_with_head_and_downloads_verified(hub, model_path, tmp_path):
    hub.names_only, hub.paths_info = True, False
    client = HubClient(hub.endpoint)
    files = client.repo_files(HUB_REPO)
    model = files.models[0]
    assert model.verified and model.parts[0].sha256 == hashlib.sha256(model_path.read_bytes()).hexdigest()
    assert any(r.method == "HEAD" and r.path.endswith(HUB_FILE) for r in hub.requests)
    path = download(Plan.for_model(model, files.commit), tmp_path, client, Control(), lambda *_: None, FAST)
    assert path.read_bytes() == model_path.read_bytes()


def test_a_file_without_a_checksum_is_offered_unverified_and_its_size_still_checked(hub, tmp_path):
    hub.names_only, hub.paths_info, hub.head_checksums = True, False, False
    client = HubClient(hub.endpoint)
    files = client.repo_files("HearthTest/Tiny-Split-GGUF")
    small = next(m for m in files.models if m.name == "tiny-q2_k.gguf")
    assert small.parts[0].size == 100_000 and not small.verified  # offered, and marked
    states = []
    path = download(Plan.for_model(small, files.commit), tmp_path, client, Control(),
                    lambda done, total, state: states.append(state), FAST)
    assert path.read_bytes() == b"C" * 100_000 and states[-1] == "done"
    hub.faults.corrupt = True  # the same size, one byte wrong: without a checksum this cannot be seen ...
    (path).unlink()
    path = download(Plan.for_model(small, files.commit), tmp_path, client, Control(), lambda *_: None, FAST)
    assert path.stat().st_size == 100_000  # ... which is why such a file is marked "not verified" where it is offered
