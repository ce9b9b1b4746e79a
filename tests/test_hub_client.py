"""The Hub client against a Hub look-alike on 127.0.0.1: search, files with checksums, cards, and every error."""

from __future__ import annotations

import logging
import socket

import pytest
from conftest import HUB_FILE, HUB_REPO

from assistant.core.hub.hub_client import OFFICIAL_ENDPOINT, HubClient, HubError, client_from_settings, resolve_endpoint

TOKEN = "hf_valid_test_token"


def test_search_finds_gguf_repositories_sorted(hub):
    client = HubClient(hub.endpoint)
    found = client.search("hearthtest", sort="downloads")
    assert [r.repo_id for r in found][:2] == [HUB_REPO, "HearthTest/Gated-GGUF"]
    assert "HearthTest/Private-GGUF" not in [r.repo_id for r in found]
    assert found[0].downloads == 5000 and found[0].likes == 40
    assert next(r for r in found if r.repo_id == "HearthTest/Gated-GGUF").gated
    assert client.search("no such thing") == []
    query = hub.requests[0].path
    assert query == "/api/models"


def test_files_come_with_size_sha256_and_commit(hub, model_path):
    import hashlib

    files = HubClient(hub.endpoint).repo_files(HUB_REPO)
    assert len(files.commit) == 40
    gguf = next(f for f in files.files if f.name == HUB_FILE)
    assert gguf.size == model_path.stat().st_size
    assert gguf.sha256 == hashlib.sha256(model_path.read_bytes()).hexdigest()
    readme = next(f for f in files.files if f.name == "README.md")
    assert readme.sha256 is None and len(readme.git_sha1) == 40  # not in LFS: git's blob id is its checksum
    assert [(m.name, m.quantization) for m in files.models] == [(HUB_FILE, "Q4_1")]


def test_split_files_are_grouped(hub):
    models = HubClient(hub.endpoint).repo_files("HearthTest/Tiny-Split-GGUF").models
    assert [(m.quantization, len(m.parts), m.size) for m in models] == [("Q2_K", 1, 100_000), ("Q8_0", 2, 500_000)]


def test_a_repository_with_a_projector_reads_images_and_fetches_it_with_a_model(hub, tmp_path):
    from hub_server import VISION_FILE, VISION_PROJECTOR, VISION_REPO

    from assistant.core.hub.downloads import download_plans, final_path

    repo = HubClient(hub.endpoint).repo_files(VISION_REPO)
    assert repo.reads_images
    assert {f.name for f in repo.projectors} == {VISION_PROJECTOR, "mmproj-tiny-vision-Q8_0.gguf"}
    [model] = repo.models  # a projector is never offered as a model
    assert model.name == VISION_FILE
    model_plan, projector_plan = download_plans(repo, model, tmp_path)
    assert model_plan.name == VISION_FILE and not model_plan.is_projector
    assert projector_plan.name == VISION_PROJECTOR and projector_plan.is_projector  # F16 over Q8_0
    assert projector_plan.parts[0].sha256 and projector_plan.commit == repo.commit
    final_path(tmp_path, VISION_REPO, VISION_PROJECTOR).parent.mkdir(parents=True)
    final_path(tmp_path, VISION_REPO, VISION_PROJECTOR).write_bytes(b"here")
    assert download_plans(repo, model, tmp_path) == [model_plan]  # already installed beside it
    assert not HubClient(hub.endpoint).repo_files(HUB_REPO).reads_images


def test_card_without_its_yaml_header(hub):
    assert HubClient(hub.endpoint).card(HUB_REPO) == "# SmolLM2 135M\n\nA tiny model."
    assert HubClient(hub.endpoint).card("HearthTest/Tiny-Split-GGUF") == ""


def test_gated_repository_without_and_with_a_bad_token(hub):
    with pytest.raises(HubError) as error:
        HubClient(hub.endpoint).repo_files("HearthTest/Gated-GGUF")
    assert error.value.kind == "gated"
    assert "accept its terms" in str(error.value) and "token in Settings" in str(error.value)
    with pytest.raises(HubError) as error:
        HubClient(hub.endpoint, token="hf_wrong").repo_files("HearthTest/Gated-GGUF")
    assert error.value.kind == "gated" and "your token does not give access" in str(error.value)
    assert HubClient(hub.endpoint, token=TOKEN).repo_files("HearthTest/Gated-GGUF").gated


def test_private_and_missing_repositories(hub):
    with pytest.raises(HubError) as error:
        HubClient(hub.endpoint).repo_files("HearthTest/Private-GGUF")
    assert error.value.kind == "token" and "private" in str(error.value)
    with pytest.raises(HubError) as error:
        HubClient(hub.endpoint, token=TOKEN).repo_files("HearthTest/No-Such-Repo")
    assert error.value.kind == "not_found" and "HTTP 404" in str(error.value)
    assert HubClient(hub.endpoint, token=TOKEN).repo_files("HearthTest/Private-GGUF").files


def test_unreachable_server_says_so():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once the socket closes
    with pytest.raises(HubError) as error:
        HubClient(f"http://127.0.0.1:{port}").search("x")
    assert error.value.kind == "network" and "offline mode" in str(error.value)


def test_offline_mode_makes_no_request_at_all(hub, monkeypatch):
    client = HubClient(hub.endpoint, offline=True)
    for call in (lambda: client.search("smol"), lambda: client.repo_files(HUB_REPO), lambda: client.card(HUB_REPO)):
        with pytest.raises(HubError) as error:
            call()
        assert error.value.kind == "offline"
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(HubError):
        client_from_settings(_settings(), None).search("smol")
    assert hub.requests == []


def test_endpoint_setting_then_hf_endpoint_then_the_official_hub(hub, monkeypatch):
    assert resolve_endpoint(None) == OFFICIAL_ENDPOINT
    monkeypatch.setenv("HF_ENDPOINT", hub.endpoint + "/")
    assert resolve_endpoint(None) == hub.endpoint
    assert client_from_settings(_settings(), None).search("smol")[0].repo_id == HUB_REPO
    assert resolve_endpoint("https://hf-mirror.com") == "https://hf-mirror.com"
    with pytest.raises(HubError):
        resolve_endpoint("ftp://example.com")
    with pytest.raises(HubError):
        resolve_endpoint("not a url")


def test_bad_repository_names_never_reach_the_server(hub):
    with pytest.raises(HubError) as error:
        HubClient(hub.endpoint).repo_files("../../etc")
    assert error.value.kind == "bad_name"
    assert hub.requests == []


def test_a_listing_with_hostile_file_names_offers_none_of_them(hub):
    hub.add_repo("HearthTest/Hostile-GGUF", {"../../escape.gguf": b"x" * 10, "ok-q4_0.gguf": b"y" * 10})
    try:
        names = [f.name for f in HubClient(hub.endpoint).repo_files("HearthTest/Hostile-GGUF").files]
    finally:
        del hub.repos["HearthTest/Hostile-GGUF"]
    assert names == ["ok-q4_0.gguf"]


def test_the_token_is_sent_but_never_logged_or_shown(hub, caplog):
    caplog.set_level(logging.DEBUG)
    client = HubClient(hub.endpoint, token=TOKEN)
    client.repo_files("HearthTest/Gated-GGUF")
    with pytest.raises(HubError) as error:
        client.repo_files("HearthTest/No-Such-Repo")
    assert all(r.authorization == f"Bearer {TOKEN}" for r in hub.requests)
    assert TOKEN not in caplog.text and TOKEN not in str(error.value) and TOKEN not in repr(client)


def test_no_token_from_the_environment_or_disk_is_sent_implicitly(hub, monkeypatch, tmp_path):
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    monkeypatch.setenv("HF_HOME", str(tmp_path))
    (tmp_path / "token").write_text(TOKEN)
    with pytest.raises(HubError):
        HubClient(hub.endpoint).repo_files("HearthTest/Gated-GGUF")
    assert all(r.authorization is None for r in hub.requests)


def _settings():
    """The app's settings, with nothing chosen, on a database file of their own."""
    import tempfile
    from pathlib import Path

    from assistant.core.storage.database import connect
    from assistant.core.storage.settings import Settings

    return Settings(connect(Path(tempfile.mkdtemp()) / "history.db"))
