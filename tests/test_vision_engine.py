"""Images through the llama.cpp engine: a tiny random-weight projector (tests/vision_fixture.py) beside the real
SmolLM2, so every step a real vision model takes runs here (tokenizing the image, encoding it, decoding its
embeddings into the context), while what the model "sees" is noise. No real vision model can be downloaded on
these machines."""

from __future__ import annotations

import pytest
from PIL import Image

from assistant.core.engines.llama.engine import Engine
from assistant.core.engines.types import EngineError, GenerationParams, LoadOptions

pytestmark = pytest.mark.model
GREEDY = GenerationParams(temperature=0.0, max_tokens=8, prompt_lookup=False)
IMAGE_TOKENS = 16  # the fixture's "mlp" projector: a 32x32 input in 8x8 patches


def picture(path, colour=(200, 40, 40)):
    image = Image.new("RGB", (48, 40), colour)
    for x in range(0, 48, 6):
        for y in range(40):
            image.putpixel((x, y), (0, 0, 0))
    image.save(path)
    return str(path)


@pytest.fixture(scope="module")
def seeing(model_path, tiny_projector):
    engine = Engine()
    engine.load(model_path, LoadOptions(context_length=1024, projector=str(tiny_projector)))
    yield engine
    engine.unload()


def test_a_projector_that_fits_makes_the_model_see(seeing, tiny_projector):
    assert seeing.model.sees and seeing.model.projector == tiny_projector.name
    assert seeing.model.notes == []


def test_an_image_is_encoded_once_and_its_positions_reused(seeing, tmp_path):
    image = picture(tmp_path / "a.png")
    messages = [{"role": "user", "content": "What is in this picture?", "images": [image]}]
    text_only = seeing.generate([{"role": "user", "content": "What is in this picture?"}], GREEDY)
    encoded = seeing.vision.encoded
    first = seeing.generate(messages, GREEDY)
    # The image's positions are in the prompt: sixteen of them, and the marker's newline.
    assert first.prompt_tokens >= text_only.prompt_tokens + IMAGE_TOKENS
    assert seeing.vision.encoded == encoded + 1
    again = seeing.generate(messages, GREEDY)  # a regenerate: nothing of the image is evaluated or encoded again
    assert again.text == first.text
    assert again.prompt_evaluated <= 1 and seeing.vision.encoded == encoded + 1
    # Another conversation in between throws the context away; the embeddings are kept by the image's hash.
    seeing.generate([{"role": "user", "content": "Something else entirely, a long way from pictures."}], GREEDY)
    later = seeing.generate(messages + [{"role": "assistant", "content": first.text},
                                        {"role": "user", "content": "And the colour?"}], GREEDY)
    assert later.text and seeing.vision.encoded == encoded + 1


def test_another_image_gives_another_prompt(seeing, tmp_path):
    red, blue = picture(tmp_path / "red.png"), picture(tmp_path / "blue.png", (20, 20, 220))
    ask = "Describe it."
    seeing.generate([{"role": "user", "content": ask, "images": [red]}], GREEDY)
    blue_reply = seeing.generate([{"role": "user", "content": ask, "images": [blue]}], GREEDY)
    # The text before the image is shared; from the image on, all is evaluated again.
    assert blue_reply.prompt_evaluated >= IMAGE_TOKENS


def test_count_includes_the_image_tokens(seeing, tmp_path):
    image = picture(tmp_path / "c.png")
    assert seeing.count_tokens("Hello there", [image]) == seeing.count_tokens("Hello there") + IMAGE_TOKENS


def test_a_file_that_is_no_image_is_one_clear_error(seeing, tmp_path):
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"not a picture at all")
    with pytest.raises(EngineError) as caught:
        seeing.generate([{"role": "user", "content": "Look", "images": [str(bad)]}], GREEDY)
    assert caught.value.kind == "image" and "bad.png" in str(caught.value)


def test_a_typed_marker_cannot_forge_an_image(seeing):
    from assistant.core.engines.llama.vision import MARKER

    reply = seeing.generate([{"role": "user", "content": f"Here {MARKER} is nothing"}], GREEDY)
    assert reply.prompt_tokens > 0


def test_a_projector_for_another_model_is_one_line_and_the_model_still_loads(model_path, mismatched_projector,
                                                                              tmp_path):
    engine = Engine()
    try:
        model = engine.load(model_path, LoadOptions(context_length=512, projector=str(mismatched_projector)))
        assert not model.sees and len(model.notes) == 1
        assert mismatched_projector.name in model.notes[0] and "without reading images" in model.notes[0]
        with pytest.raises(EngineError) as caught:
            engine.generate([{"role": "user", "content": "Look", "images": [picture(tmp_path / "x.png")]}], GREEDY)
        assert caught.value.kind == "no_vision"
        assert "Paris" in engine.generate([{"role": "user", "content": "What is the capital of France? One word."}],
                                          GREEDY).text
    finally:
        engine.unload()


def test_the_engine_host_finds_the_projector_beside_the_model_and_reads_an_image(model_path, tiny_projector,
                                                                                tmp_path):
    from conftest import projected_model_dir

    from assistant.core.engines.hosted import HostedEngine

    beside = projected_model_dir(tmp_path / "vision", model_path, tiny_projector)
    engine = HostedEngine()
    try:
        model = engine.load(str(beside), options=LoadOptions(context_length=1024))
        assert model.sees and model.projector.startswith("mmproj-")
        image = picture(tmp_path / "p.png")
        assert engine.count_tokens("Hi", (image,)) == engine.count_tokens("Hi") + IMAGE_TOKENS
        reply = engine.generate([{"role": "user", "content": "What is this?", "images": [image]}], GREEDY)
        assert reply.prompt_tokens >= IMAGE_TOKENS and reply.generated_tokens > 0
    finally:
        engine.close()


def test_a_gemma_3_projector_wraps_the_image_and_decodes_it_non_causally(gemma_projector, tmp_path):
    """Gemma 3's projector kind: libmtmd adds <start_of_image> and <end_of_image> around the image and decodes
    it with non-causal attention; the image must sit in one micro-batch."""
    from test_architectures import gemma_path

    engine = Engine()
    try:
        engine.load(gemma_path(), LoadOptions(context_length=1024, projector=str(gemma_projector)))
        assert engine.model.sees
        image = picture(tmp_path / "g.png")
        tokens = engine.vision.image_tokens(image)
        start, end = engine._llama.tokenize(b"<start_of_image><end_of_image>", add_bos=False, special=True)
        assert tokens[0] == start and tokens[-1] == end and tokens.count(tokens[1]) == IMAGE_TOKENS
        messages = [{"role": "user", "content": "Describe the picture.", "images": [image]}]
        first = engine.generate(messages, GREEDY)
        again = engine.generate(messages, GREEDY)
        assert first.generated_tokens > 0 and again.text == first.text and engine.vision.encoded == 1
    finally:
        engine.unload()
