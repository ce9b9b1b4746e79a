"""``assistant run --image``: real processes, SmolLM2 with the tiny random-weight projector beside it (it sees noise,
through every step a real vision model takes), the same model without one, and pictures Hearth must refuse."""

from __future__ import annotations

import pytest
from PIL import Image

from conftest import projected_model_dir
from test_run_cli import assistant

pytestmark = pytest.mark.model


def picture(path, colour=(200, 40, 40)) -> str:
    Image.new("RGB", (48, 40), colour).save(path)
    return str(path)


def test_an_image_goes_with_the_prompt_to_a_model_that_sees(model_path, tiny_projector, tmp_path, monkeypatch):
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setenv("TMPDIR", str(temporary))  # where the prepared pictures wait for the reply
    seeing = projected_model_dir(tmp_path / "vision-model", model_path, tiny_projector)
    red, blue = picture(tmp_path / "red.png"), picture(tmp_path / "blue.jpg", (20, 20, 220))
    common = ("run", "--model", str(seeing), "--temperature", "0", "--max-tokens", "8", "--stats")
    plain = assistant(*common, "Describe it.")
    one = assistant(*common, "--image", red, "Describe it.")
    two = assistant(*common, "--image", red, "--image", blue, "Describe it.")
    for run in (plain, one, two):
        assert run.returncode == 0, run.stderr
        assert run.stdout.strip() and "Traceback" not in run.stderr

    def prompt_tokens(run) -> int:
        return int(next(line for line in run.stderr.splitlines() if "prompt +" in line).split()[0])

    # Each picture's sixteen positions are in the prompt the model read.
    assert prompt_tokens(one) >= prompt_tokens(plain) + 16
    assert prompt_tokens(two) >= prompt_tokens(one) + 16
    assert not list(temporary.glob("hearth-run-images-*"))  # and are gone once it is written


def test_a_model_without_a_projector_says_so_in_one_line(model_path, tmp_path):
    run = assistant("run", "--model", str(model_path), "--image", picture(tmp_path / "red.png"), "Describe it.")
    assert run.returncode == 10
    errors = [line for line in run.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "cannot see images" in errors[0] and "projector" in errors[0]
    assert not run.stdout.strip() and "Traceback" not in run.stderr


def test_a_picture_hearth_cannot_read_is_refused_before_the_model_loads(model_path, tmp_path):
    fake = tmp_path / "photo.jpg"
    fake.write_text("not a picture at all")
    run = assistant("run", "--model", str(model_path), "--image", str(fake), "Describe it.")
    assert run.returncode == 9
    assert run.stderr.strip().splitlines() == ["error: photo.jpg: This is not a picture Hearth can read (PNG, JPEG, "
                                               "WebP, GIF, BMP, TIFF)."]
    missing = assistant("run", "--model", str(model_path), "--image", str(tmp_path / "gone.png"), "Describe it.")
    assert missing.returncode == 9 and "gone.png" in missing.stderr and "Traceback" not in missing.stderr
