"""Names from the Hub and from users: validation, paths inside the models folder, quantization and split models."""

from __future__ import annotations

import pytest

from assistant.core.hub.files import (
    BadName,
    HubFile,
    check_file_name,
    check_repo_id,
    group_models,
    local_path,
    quantization_of,
    repo_named,
    split_part_names,
)


@pytest.mark.parametrize("repo_id", ["../etc", "a/b/c", "/abs/path", "owner/..", "owner/na\x00me", "owner",
                                     "owner/ name", "owner/-x", "C:/x", "owner/a..b/"])
def test_bad_repo_ids_are_refused(repo_id):
    with pytest.raises(BadName):
        check_repo_id(repo_id)


@pytest.mark.parametrize("filename", ["../model.gguf", "a/../../model.gguf", "/etc/passwd", "C:\\x.gguf",
                                      "dir\\model.gguf", "model\x00.gguf", "a//b.gguf", "./a.gguf", "",
                                      "line\nbreak.gguf", "c:model.gguf"])
def test_bad_file_names_are_refused(filename):
    with pytest.raises(BadName):
        check_file_name(filename)


def test_good_names_pass_and_stay_inside_the_models_folder(tmp_path):
    assert check_repo_id("Qwen/Qwen2.5-1.5B-Instruct-GGUF") == "Qwen/Qwen2.5-1.5B-Instruct-GGUF"
    path = local_path(tmp_path, "bartowski/Llama-3.2-3B-Instruct-GGUF", "Q4_K_M/model-Q4_K_M.gguf")
    assert path == tmp_path.resolve() / "bartowski/Llama-3.2-3B-Instruct-GGUF/Q4_K_M/model-Q4_K_M.gguf"


def test_a_symlinked_folder_cannot_lead_outside(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    models = tmp_path / "models"
    (models / "owner").mkdir(parents=True)
    (models / "owner" / "repo").symlink_to(outside)
    with pytest.raises(BadName):
        local_path(models, "owner/repo", "model.gguf")


@pytest.mark.parametrize("name, quant", [
    ("qwen2.5-1.5b-instruct-q4_k_m.gguf", "Q4_K_M"),
    ("Llama-3.2-3B-Instruct-IQ4_XS.gguf", "IQ4_XS"),
    ("model.Q8_0.gguf", "Q8_0"),
    ("Q5_K_M/model-Q5_K_M-00001-of-00002.gguf", "Q5_K_M"),
    ("gemma-2-27b-it-f16.gguf", "F16"),
    ("SmolLM2-135M-Instruct.Q4_1.gguf", "Q4_1"),
    ("model.gguf", "other"),
])
def test_quantization_comes_from_the_file_name(name, quant):
    assert quantization_of(name) == quant


def test_split_models_are_one_model_and_incomplete_or_vision_files_are_left_out():
    files = [
        HubFile("m-q8_0-00002-of-00002.gguf", 50), HubFile("m-q8_0-00001-of-00002.gguf", 60),
        HubFile("m-q4_k_m.gguf", 70),
        HubFile("m-f16-00001-of-00003.gguf", 10), HubFile("m-f16-00003-of-00003.gguf", 10),  # part 2 missing
        HubFile("mmproj-m-f16.gguf", 5), HubFile("README.md", 1),
    ]
    models = group_models("o/r", files)
    assert [(m.quantization, m.size, len(m.parts)) for m in models] == [("Q4_K_M", 70, 1), ("Q8_0", 110, 2)]
    split = models[1]
    assert split.name == "m-q8_0-00001-of-00002.gguf"
    assert [p.name for p in split.parts] == ["m-q8_0-00001-of-00002.gguf", "m-q8_0-00002-of-00002.gguf"]
    assert split.display_name == "m-q8_0.gguf (2 parts)"


def test_part_names_of_a_split_model():
    assert split_part_names("x/m-00001-of-00003.gguf") == [
        "x/m-00001-of-00003.gguf", "x/m-00002-of-00003.gguf", "x/m-00003-of-00003.gguf"]
    assert split_part_names("m-00002-of-00003.gguf") is None
    assert split_part_names("m.gguf") is None


@pytest.mark.parametrize("typed, repo", [
    ("Qwen/Qwen3-8B-GGUF", "Qwen/Qwen3-8B-GGUF"),
    ("  unsloth/Qwen3.5-4B-GGUF ", "unsloth/Qwen3.5-4B-GGUF"),
    ("https://huggingface.co/tencent/Hy-MT2-7B-GGUF", "tencent/Hy-MT2-7B-GGUF"),
    ("https://hf-mirror.com/tencent/Hy-MT2-7B-GGUF/tree/main", "tencent/Hy-MT2-7B-GGUF"),
    ("https://www.modelscope.cn/models/Tencent-Hunyuan/Hy-MT2-7B-GGUF/files", "Tencent-Hunyuan/Hy-MT2-7B-GGUF"),
    ("http://127.0.0.1:8090/owner/private-model/", "owner/private-model"),
    ("qwen 7b", None),  # words to search for
    ("qwen", None),
    ("a/b/c", None),
    ("https://huggingface.co/Qwen", None),  # an owner's page, not a repository
    ("../etc", None),
])
def test_a_repository_is_recognised_by_its_name_or_its_pages_address(typed, repo):
    assert repo_named(typed) == repo
