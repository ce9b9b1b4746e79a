"""``assistant run --image``: real processes, SmolLM2 with the tiny random-weight projector beside it (it sees noise,
through every step a real vision model takes), the same model without one (it gets the text the real OCR reads, as in
Chat), and pictures Hearth must refuse."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PIL import Image

from conftest import projected_model_dir
from test_image_translation import text_picture
from test_run_cli import ROOT, assistant

from assistant.cli.exits import CANNOT_SEE, NOT_FOUND, REFUSED

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


def test_a_model_that_cannot_see_gets_the_text_read_in_the_picture(model_path, tmp_path):
    """As Chat does: the OCR reads the picture, its text goes before the prompt, and the note is said."""
    sign = tmp_path / "sign.png"
    text_picture().save(sign)
    common = ("run", "--model", str(model_path), "--temperature", "0", "--max-tokens", "4", "--stats")
    plain = assistant(*common, "What does it say?")
    read = assistant(*common, "--image", str(sign), "What does it say?")
    blank = assistant(*common, "--image", picture(tmp_path / "red.png"), "--image", str(sign), "What does it say?")
    for run in (plain, read, blank):
        assert run.returncode == 0, run.stderr
        assert run.stdout.strip() and "Traceback" not in run.stderr and "error:" not in run.stderr
    assert "note: Read the text in the image; this model cannot see pictures." in read.stderr.splitlines()
    assert "note: Some of the pictures have no text Hearth could read, and this model cannot see pictures." \
        in blank.stderr.splitlines()  # one of the two: not "the image"

    def prompt_tokens(run) -> int:
        return int(next(line for line in run.stderr.splitlines() if "prompt +" in line).split()[0])

    assert prompt_tokens(read) >= prompt_tokens(plain) + 8  # "[Text read from the image by OCR: HARBOR 52]"


def test_without_ocr_a_model_that_cannot_see_is_refused_in_one_line(model_path, tmp_path):
    """A copy without RapidOCR (sys.modules marks it absent, as find_spec then reports) cannot read the picture."""
    hide = tmp_path / "no-ocr"
    hide.mkdir()
    (hide / "sitecustomize.py").write_text('import sys\nsys.modules["rapidocr_onnxruntime"] = None\n')
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(hide), os.environ.get("PYTHONPATH")]))}
    run = subprocess.run([sys.executable, "-m", "assistant", "run", "--model", str(model_path), "--image",
                          picture(tmp_path / "red.png"), "Describe it."], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == CANNOT_SEE
    errors = [line for line in run.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "cannot see pictures" in errors[0] and "no OCR" in errors[0]
    assert "projector" in errors[0]
    assert not run.stdout.strip() and "Traceback" not in run.stderr


def test_a_picture_hearth_cannot_read_is_refused_before_the_model_loads(model_path, tmp_path):
    fake = tmp_path / "photo.jpg"
    fake.write_text("not a picture at all")
    run = assistant("run", "--model", str(model_path), "--image", str(fake), "Describe it.")
    assert run.returncode == REFUSED
    assert run.stderr.strip().splitlines() == ["error: photo.jpg: This is not a picture Hearth can read (PNG, JPEG, "
                                               "WebP, GIF, BMP, TIFF)."]
    gone = tmp_path / "gone.png"
    missing = assistant("run", "--model", str(model_path), "--image", str(gone), "Describe it.")
    assert missing.returncode == NOT_FOUND  # as a model file that is not there
    assert missing.stderr.strip().splitlines() == [f"error: no such file: {gone}"]
