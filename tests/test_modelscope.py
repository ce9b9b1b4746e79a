"""ModelScope as a model source (issue 36): the real client and the real download code against a ModelScope
look-alike on 127.0.0.1 (tests/modelscope_server.py): search, files with sizes and sha256, the card, a resumable
download through ModelScope's redirect to its storage (which never sees the token or the session cookie), and the
faults: private, missing, rate-limited, a refusal inside HTTP 200, a web page instead of data, a listing that lies
about a size (nothing of it kept), a download cut half-way."""

from __future__ import annotations

import hashlib

import pytest
from conftest import MODELSCOPE_FILE as FILE
from conftest import MODELSCOPE_REPO as REPO
from conftest import MODELSCOPE_TOKEN as TOKEN
from modelscope_server import COMMIT

from assistant.core.hub.downloads import Control, DownloadFailed, Plan, RetryPolicy, download, part_path
from assistant.core.hub.hub_client import HubError
from assistant.core.hub.modelscope_client import ModelScopeClient
from assistant.core.library.models import installed_models

FAST = RetryPolicy(stall_timeout=1.0, max_attempts=4, base_delay=0.05, max_delay=0.2)


def fetch(client, repo_id, models, policy=FAST):
    files = client.repo_files(repo_id)
    plan = Plan.for_model(files.models[0], files.commit)
    return download(plan, models, client, Control(), lambda *_: None, policy)


def test_search_offers_gguf_repositories_only_sorted_as_asked(modelscope):
    client = ModelScopeClient(modelscope.endpoint)
    found = client.search("", sort="downloads")
    # Not the untagged repository the server let through; most downloads first.
    assert [r.repo_id for r in found] == ["unsloth/Small-GGUF", REPO, "Liar/Wrong-Size-GGUF"]
    assert found[1].downloads == 900 and found[1].likes == 12 and found[1].last_modified.year == 2025
    method, path, body = modelscope.calls[-1]
    assert (method, path, body["SortBy"], body["Criterion"][0]["values"]) == (
        "PUT", "/api/v1/dolphin/models", "DownloadsCount", ["gguf"])
    assert [r.repo_id for r in client.search("tiny", sort="likes")] == [REPO]
    assert modelscope.calls[-1][2]["SortBy"] == "StarsCount" and modelscope.calls[-1][2]["Name"] == "tiny"


def test_a_repositorys_files_sizes_checksums_commit_and_card(modelscope, model_path):
    client = ModelScopeClient(modelscope.endpoint)
    files = client.repo_files(REPO)
    assert files.commit == COMMIT
    by_name = {f.name: f for f in files.files}
    assert "docs" not in by_name  # a folder is not a file
    assert by_name[FILE].size == model_path.stat().st_size
    assert by_name[FILE].sha256 == hashlib.sha256(model_path.read_bytes()).hexdigest()
    assert [m.name for m in files.models] == [FILE]
    assert client.card(REPO) == "# Tiny Instruct\n\n魔搭上的模型。"
    assert client.repo_page(REPO) == f"{modelscope.endpoint}/models/{REPO}"


def test_a_download_follows_the_redirect_resumes_after_a_cut_and_never_sends_the_token_to_the_storage(
        modelscope, model_path, tmp_path):
    client = ModelScopeClient(modelscope.endpoint, token=TOKEN)
    modelscope.storage.faults.drop_after = 40_000  # the connection cut after 40 kB
    path = fetch(client, REPO, tmp_path)
    assert path == tmp_path / REPO / FILE
    assert hashlib.sha256(path.read_bytes()).digest() == hashlib.sha256(model_path.read_bytes()).digest()
    served = modelscope.storage.content_requests()
    assert len(served) == 2 and served[1].range == "bytes=40000-"  # resumed where it stopped, nothing twice
    assert all(r.status in (200, 206) for r in served)  # the storage refuses (400) a request with the token
    assert not part_path(path).exists()
    [model] = installed_models(tmp_path)
    assert model.repo_id == REPO and model.architecture == "llama"


def test_a_private_repository_needs_the_modelscope_token(modelscope, tmp_path):
    with pytest.raises(HubError) as refused:
        ModelScopeClient(modelscope.endpoint).repo_files("Private/Secret-GGUF")
    assert refused.value.kind == "token" and "private" in str(refused.value) and "ModelScope token" in str(
        refused.value) and "没有权限" in str(refused.value)
    with pytest.raises(HubError) as wrong:
        ModelScopeClient(modelscope.endpoint, token="ms-wrong").repo_files("Private/Secret-GGUF")
    assert "refused the token" in str(wrong.value)
    path = fetch(ModelScopeClient(modelscope.endpoint, token=TOKEN), "Private/Secret-GGUF", tmp_path)
    assert path.read_bytes() == b"P" * 20_000


def test_missing_rate_limited_refused_and_web_page_answers_are_said_plainly(modelscope):
    client = ModelScopeClient(modelscope.endpoint)
    with pytest.raises(HubError) as missing:
        client.repo_files("Qwen/No-Such-GGUF")
    assert missing.value.kind == "not_found" and "Qwen/No-Such-GGUF was not found on ModelScope" in str(missing.value)
    modelscope.faults.statuses = [429]
    with pytest.raises(HubError) as busy:
        client.search("tiny")
    assert "too many requests" in str(busy.value) and "wait 30 seconds" in str(busy.value)
    modelscope.faults.refuse_in_envelope = True  # HTTP 200, but the envelope says no
    with pytest.raises(HubError) as refused:
        client.search("tiny")
    assert "服务繁忙" in str(refused.value)
    modelscope.faults.refuse_in_envelope = False
    modelscope.faults.html = True
    with pytest.raises(HubError) as page:
        client.repo_files(REPO)
    assert page.value.kind == "bad_reply" and "does not answer as ModelScope" in str(page.value)
    assert "text/html" in str(page.value) and "ModelScope address in Settings" in str(page.value)
    with pytest.raises(HubError) as offline:
        ModelScopeClient(modelscope.endpoint, offline=True).search("")
    assert offline.value.kind == "offline"


def test_a_listing_that_lies_about_a_size_leaves_nothing_in_the_library(modelscope, tmp_path):
    client = ModelScopeClient(modelscope.endpoint)
    with pytest.raises(DownloadFailed) as lied:
        fetch(client, "Liar/Wrong-Size-GGUF", tmp_path)
    assert lied.value.kind == "size" and "30,000 bytes, but the listing said 31,000" in str(lied.value)
    folder = tmp_path / "Liar" / "Wrong-Size-GGUF"
    assert not [p for p in folder.iterdir() if p.name.endswith((".gguf", ".part"))]
    assert installed_models(tmp_path) == []


def test_a_download_from_modelscope_is_queued_and_resumed_from_modelscope(modelscope, tmp_path):
    """The plan keeps its source on disk: the queue asks for that source's client (the setting may have changed to
    the Hub since), as the app and 'models pull' do when they resume an unfinished download."""
    import time

    from assistant.core.hub.download_queue import DownloadQueue, State
    from assistant.core.hub.downloads import download_plans, plan_path, unfinished_plans

    client = ModelScopeClient(modelscope.endpoint)
    files = client.repo_files("unsloth/Small-GGUF")
    [plan] = download_plans(files, files.models[0], tmp_path)
    assert plan.source == "modelscope" and Plan.from_json(plan.to_json()).source == "modelscope"
    plan_path(tmp_path, plan).parent.mkdir(parents=True)
    plan_path(tmp_path, plan).write_text(plan.to_json(), encoding="utf-8")  # as a download stopped by a quit
    [unfinished] = unfinished_plans(tmp_path)
    asked = []
    queue = DownloadQueue(tmp_path, lambda source: asked.append(source) or client, lambda: None, FAST)
    try:
        key = queue.add(unfinished)
        deadline = time.monotonic() + 30
        while queue.status(key).state is not State.DONE and time.monotonic() < deadline:
            time.sleep(0.02)
        assert queue.status(key).state is State.DONE
    finally:
        queue.close()
    assert asked == ["modelscope"]
    assert [m.repo_id for m in installed_models(tmp_path)] == ["unsloth/Small-GGUF"]


def test_the_command_line_searches_and_pulls_from_modelscope(modelscope, isolated_data_home, model_path):
    """``assistant models search/pull --source modelscope``, in a child process, with ModelScope's address from the
    app's settings (as Settings would keep it) and its token from MODELSCOPE_API_TOKEN."""
    import os
    import subprocess
    import sys

    from assistant.core.storage.database import connect
    from assistant.core.storage.paths import database_path
    from assistant.core.storage.settings import HubChoices, Settings

    Settings(connect(database_path())).update(HubChoices, modelscope_endpoint=modelscope.endpoint)

    def run(*args):
        env = {**os.environ, "MODELSCOPE_API_TOKEN": TOKEN}
        return subprocess.run([sys.executable, "-m", "assistant", "models", *args], env=env, capture_output=True,
                              text=True, timeout=120)

    found = run("search", "small", "--source", "modelscope")
    assert found.returncode == 0, found.stderr
    assert "unsloth/Small-GGUF" in found.stdout and "5,000" in found.stdout
    pulled = run("pull", "Private/Secret-GGUF", "--source", "modelscope")
    assert pulled.returncode == 0, pulled.stderr
    target = isolated_data_home / "hearth-assistant" / "models" / "Private" / "Secret-GGUF" / "secret-q4_0.gguf"
    assert target.read_bytes() == b"P" * 20_000
    missing = run("pull", "Qwen/No-Such-GGUF", "--source", "modelscope")
    assert missing.returncode == 3 and "was not found on ModelScope" in missing.stderr  # exits.NOT_FOUND


def test_the_command_line_needs_no_app_for_modelscopes_address_and_names_it_when_the_hub_is_blocked(modelscope):
    """MODELSCOPE_DOMAIN (the modelscope SDK's variable) gives the address where Settings gives none; a Hub out of
    reach is answered with the ways around it that need no window."""
    import os
    import subprocess
    import sys

    def run(*args, **env):
        return subprocess.run([sys.executable, "-m", "assistant", "models", *args], env={**os.environ, **env},
                              capture_output=True, text=True, timeout=120)

    found = run("search", "small", "--source", "modelscope", MODELSCOPE_DOMAIN=modelscope.endpoint)
    assert found.returncode == 0 and "unsloth/Small-GGUF" in found.stdout, found.stderr
    blocked = run("search", "small", "--source", "hub", HF_ENDPOINT="http://127.0.0.1:9")
    assert blocked.returncode == 1
    assert "HF_ENDPOINT is http://127.0.0.1:9: check it, or add --source modelscope" in blocked.stderr
    # The Hub's own address out of reach (the app's setting here, as a blocked huggingface.co would be).
    from assistant.core.storage.database import connect
    from assistant.core.storage.paths import database_path
    from assistant.core.storage.settings import HubChoices, Settings

    Settings(connect(database_path())).update(HubChoices, endpoint="http://127.0.0.1:9")
    plain = subprocess.run([sys.executable, "-m", "assistant", "models", "search", "small"], capture_output=True,
                           text=True, timeout=120, env={k: v for k, v in os.environ.items() if k != "HF_ENDPOINT"})
    assert "add --source modelscope" in plain.stderr and "HF_ENDPOINT=https://hf-mirror.com" in plain.stderr
    refused = run("pull", "Qwen/No-Such-GGUF", "--source", "modelscope", MODELSCOPE_DOMAIN=modelscope.endpoint)
    assert "--source modelscope" not in refused.stderr  # not a network failure: no detour to suggest


def test_the_hub_out_of_reach_is_answered_by_modelscope_under_the_name_it_has_there(modelscope, tmp_path):
    """The welcome's question: the Hub cannot be reached; ModelScope has the repository (under the name the
    catalogue records for it there). Asked, not switched; once switched, that name is what is listed."""
    from assistant.core.hub.access import HubAccess
    from assistant.core.hub.source_fallback import OtherSourceAnswers, repo_files_or_other_source
    from assistant.core.storage.database import connect
    from assistant.core.storage.settings import HubChoices, Settings

    settings = Settings(connect(tmp_path / "hearth.sqlite3"))
    settings.update(HubChoices, endpoint="http://127.0.0.1:9", modelscope_endpoint=modelscope.endpoint)
    access = HubAccess(settings)
    asked = repo_files_or_other_source(access, "tencent/Some-MT-GGUF", REPO)
    assert isinstance(asked, OtherSourceAnswers) and asked.source == "modelscope" and "127.0.0.1:9" in asked.why
    assert access.source == "hub"
    with pytest.raises(HubError) as neither:
        repo_files_or_other_source(access, "tencent/Some-MT-GGUF", "Nobody/Has-It-GGUF")
    assert neither.value.kind == "network"  # the Hub's own failure, said as before
    access.set_source("modelscope")
    files = repo_files_or_other_source(access, "tencent/Some-MT-GGUF", REPO)
    assert files.repo_id == REPO and files.source == "modelscope"


def test_the_catalogue_records_a_modelscope_name_where_it_differs():
    import json

    from assistant.core.library.recommended import recommendations

    entry = {"title": "Some MT", "repo": "tencent/Some-MT-GGUF", "file": "some-mt-q4_k_m.gguf", "size_gb": 4.6,
             "uses": ["translation"], "modelscope": "Tencent-Hunyuan/Some-MT-GGUF"}
    plain = {**entry, "repo": "Qwen/Plain-GGUF"}
    del plain["modelscope"]
    text = json.dumps({"tiers": [{"id": "small", "label": "Small", "models": [entry, plain]}]})
    found = recommendations(text)
    assert [e.modelscope_repo for e in found] == ["Tencent-Hunyuan/Some-MT-GGUF", ""]
