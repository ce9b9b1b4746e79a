"""Vision projectors (mmproj) in the library: told from models by their header, their output width read as
llama.cpp reads it, and the one that fits found beside a model, or one clear line saying why none does."""

from __future__ import annotations

import pytest
from gguf_headers import write_projector, write_text_model

from assistant.core.hub.files import HubFile, HubModel, matching_projector, name_stem
from assistant.core.library.gguf_file import read_gguf
from assistant.core.library.models import delete_model, import_model, installed_models, ImportFailed
from assistant.core.library.projector import (
    ProjectorChoice,
    find_projector,
    is_projector,
    projector_size,
)

MODEL = "gemma-3-4b-it-Q4_K_M.gguf"


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "ggml-org" / "gemma-3-4b-it-GGUF"
    path.mkdir(parents=True)
    write_text_model(path / MODEL, 2560, arch="gemma3")
    return path


def test_a_projector_is_told_from_a_model_by_its_header(tmp_path, model_path):
    projector = write_projector(tmp_path / "vision.gguf", 576)  # no "mmproj" in the name
    assert is_projector(projector) and is_projector(read_gguf(projector))
    assert is_projector(write_projector(tmp_path / "old.gguf", 576, general_type=False))  # clip.* keys alone
    assert not is_projector(model_path)
    (tmp_path / "broken.gguf").write_bytes(b"GGUF\x03\x00")
    assert not is_projector(tmp_path / "broken.gguf")


@pytest.mark.parametrize("kind", ["mlp", "gemma3", "qwen2.5vl_merger"])
def test_the_output_width_is_read_from_the_tensor_llama_cpp_reads(tmp_path, kind):
    assert projector_size(write_projector(tmp_path / "p.gguf", 2560, kind)) == 2560


def test_an_unknown_projector_type_has_no_known_width(tmp_path, model_path):
    assert projector_size(write_projector(tmp_path / "p.gguf", 2560, "from-the-future")) == 0
    assert projector_size(model_path) == 0


def test_the_fitting_projector_is_found_beside_the_model(folder):
    write_projector(folder / "mmproj-gemma-3-4b-it-f16.gguf", 2560, "gemma3")
    assert find_projector(folder / MODEL) == ProjectorChoice(folder / "mmproj-gemma-3-4b-it-f16.gguf")
    assert find_projector(folder / MODEL).sees


def test_none_beside_the_model_is_no_problem(folder, model_path):
    assert find_projector(folder / MODEL) == ProjectorChoice(None, "")
    assert find_projector(model_path) == ProjectorChoice(None, "")


def test_a_projector_that_does_not_fit_gives_one_line_with_both_sizes(folder):
    write_projector(folder / "mmproj-x.gguf", 1152)
    choice = find_projector(folder / MODEL)
    assert choice.path is None and not choice.sees
    assert choice.problem == ("mmproj-x.gguf feeds 1152-wide embeddings; this model takes 2560, so it cannot read "
                              "images with it.")
    assert "\n" not in choice.problem
    write_projector(folder / "mmproj-y.gguf", 4096)
    assert find_projector(folder / MODEL).problem.endswith("The other projectors beside it do not fit either.")


def test_among_several_the_fitting_one_sharing_the_name_in_f16_is_chosen(folder):
    write_projector(folder / "mmproj-other-model-f16.gguf", 1152)  # does not fit
    write_projector(folder / "mmproj-model-f16.gguf", 2560, "gemma3")  # fits, another name
    write_projector(folder / "mmproj-gemma-3-4b-it-Q8_0.gguf", 2560, "gemma3")
    write_projector(folder / "mmproj-gemma-3-4b-it-f32.gguf", 2560, "gemma3")
    write_projector(folder / "mmproj-gemma-3-4b-it-f16.gguf", 2560, "gemma3")
    write_projector(folder / "mmproj-gemma-3-4b-it-audio-f16.gguf", 2560, vision=False)  # hears, cannot see
    assert find_projector(folder / MODEL).path.name == "mmproj-gemma-3-4b-it-f16.gguf"
    (folder / "mmproj-gemma-3-4b-it-f16.gguf").unlink()
    assert find_projector(folder / MODEL).path.name == "mmproj-gemma-3-4b-it-f32.gguf"


def test_a_projector_of_unknown_width_is_taken_only_when_none_is_known_to_fit(folder):
    write_projector(folder / "mmproj-gemma-3-4b-it-new.gguf", 2560, "from-the-future")
    assert find_projector(folder / MODEL).path.name == "mmproj-gemma-3-4b-it-new.gguf"
    write_projector(folder / "mmproj-model-f16.gguf", 2560, "gemma3")
    assert find_projector(folder / MODEL).path.name == "mmproj-model-f16.gguf"


def test_a_projector_opened_as_a_model_says_what_it_is(folder):
    path = write_projector(folder / "mmproj-gemma-3-4b-it-f16.gguf", 2560, "gemma3")
    choice = find_projector(path)
    assert choice.path is None and "is an image projector (mmproj), not a model" in choice.problem


def test_the_library_lists_no_projector_and_says_which_models_see(tmp_path, folder):
    write_projector(folder / "mmproj-gemma-3-4b-it-f16.gguf", 2560, "gemma3")
    write_projector(folder / "vision-encoder.gguf", 2560, "gemma3")  # a projector without "mmproj" in its name
    other = tmp_path / "ggml-org" / "other-GGUF"
    other.mkdir()
    write_text_model(other / "other-Q4_0.gguf", 576)
    write_projector(other / "mmproj-other-f16.gguf", 1152)
    models = installed_models(tmp_path)
    assert [m.path.name for m in models] == [MODEL, "other-Q4_0.gguf"]
    gemma, blind = models
    assert gemma.sees and gemma.projector == folder / "mmproj-gemma-3-4b-it-f16.gguf" and not gemma.projector_problem
    assert not blind.sees and "feeds 1152-wide embeddings; this model takes 576" in blind.projector_problem


def test_deleting_the_last_model_in_a_folder_takes_its_projectors(tmp_path, folder):
    write_text_model(folder / "gemma-3-4b-it-Q8_0.gguf", 2560, arch="gemma3")
    write_projector(folder / "mmproj-gemma-3-4b-it-f16.gguf", 2560, "gemma3")
    first, second = installed_models(tmp_path)
    delete_model(tmp_path, first)
    assert (folder / "mmproj-gemma-3-4b-it-f16.gguf").exists()  # the other model still reads images with it
    delete_model(tmp_path, second)
    assert not folder.exists()


def test_an_import_brings_the_projector_along_and_refuses_a_projector_alone(tmp_path, folder):
    projector = write_projector(folder / "mmproj-gemma-3-4b-it-f16.gguf", 2560, "gemma3")
    library = tmp_path / "models"
    with pytest.raises(ImportFailed, match="is an image projector"):
        import_model(library, projector)
    path = import_model(library, folder / MODEL)
    assert (library / "local" / projector.name).read_bytes() == projector.read_bytes()
    [model] = installed_models(library)
    assert model.path == path and model.projector == library / "local" / projector.name


def test_names_on_the_hub_pick_the_projector_for_a_model():
    files = [HubFile("gemma-3-4b-it-Q4_K_M.gguf", 10), HubFile("mmproj-model-f16.gguf", 2),
             HubFile("mmproj-gemma-3-4b-it-Q8_0.gguf", 1), HubFile("mmproj-gemma-3-4b-it-f16.gguf", 2),
             HubFile("sub/mmproj-gemma-3-4b-it-bf16.gguf", 2)]
    model = HubModel("o/r", (files[0],), "Q4_K_M")
    assert matching_projector(model, files).name == "mmproj-gemma-3-4b-it-f16.gguf"
    assert matching_projector(model, files[:3]).name == "mmproj-gemma-3-4b-it-Q8_0.gguf"  # the name wins
    assert matching_projector(model, files[:2]).name == "mmproj-model-f16.gguf"
    assert matching_projector(model, files[:1]) is None
    assert name_stem("gemma-3-4b-it-Q4_K_M-00001-of-00002.gguf") == name_stem("mmproj-gemma-3-4b-it-f16.gguf")
