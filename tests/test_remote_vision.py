"""Images to remote engines: llama-server built from the pinned sources with the tiny random-weight projector
(``--mmproj``, tests/vision_fixture.py) says it sees in /props and reads an image sent as a data: URL; without a
projector it says it does not, and Hearth says so in one line before sending anything. Ollama cannot run here: a real
loopback server answers as its documentation shows (``capabilities`` in /api/show) and keeps what it was sent, so the
test can read the very bytes that left the computer (no EXIF, no location)."""

from __future__ import annotations

import base64
import io
import os
import subprocess
import sys

import pytest
from PIL import Image

from assistant.core.engines.errors import NoVision
from assistant.core.engines.remote.remote_engine import RemoteEngine
from assistant.core.engines.types import GenerationParams
from assistant.core.images.image_store import ImageStore
from loopback import JsonHandler, Loopback
from test_remote import KEY, LlamaServer

pytestmark = pytest.mark.model
GREEDY = GenerationParams(temperature=0.0, max_tokens=8, seed=1)
IMAGE_TOKENS = 16  # the fixture's "mlp" projector: a 32x32 input in 8x8 patches


def stored_picture(folder, colour=(200, 40, 40)) -> str:
    """A striped picture, prepared and kept as Chat keeps one (core/images): the path the engine is given."""
    image = Image.new("RGB", (48, 40), colour)
    for x in range(0, 48, 6):
        for y in range(40):
            image.putpixel((x, y), (0, 0, 0))
    source = folder / "stripes.png"
    image.save(source)
    return str(ImageStore(folder / "images").add_file(source).path)


def asking(image: str, text: str = "What is in this picture?") -> list[dict]:
    return [{"role": "user", "content": text, "images": [image]}]


@pytest.fixture(scope="module")
def seeing_server(model_path, tiny_projector):
    running = LlamaServer(model_path, "-a", "smollm2", "--mmproj", str(tiny_projector))
    yield running
    running.stop()


def test_llama_server_with_a_projector_sees_and_reads_an_image(seeing_server, tmp_path):
    engine = RemoteEngine(seeing_server.url, KEY)
    try:
        model = engine.load("smollm2")
        assert model.info.server_kind == "llama-server" and model.info.vision is True and model.sees
        image = stored_picture(tmp_path)
        text_only = engine.generate([{"role": "user", "content": "What is in this picture?"}], GREEDY)
        seen = engine.generate(asking(image), GREEDY)
    finally:
        engine.close()
    assert seen.text and not seen.counts_estimated
    # The server's own count: the image's sixteen positions are in the prompt it read.
    assert seen.prompt_tokens >= text_only.prompt_tokens + IMAGE_TOKENS


def test_llama_server_without_a_projector_says_it_is_blind_and_hearth_says_so_in_one_line(model_path, tmp_path):
    server = LlamaServer(model_path, "-a", "smollm2")
    engine = RemoteEngine(server.url, KEY)
    try:
        model = engine.load("smollm2")
        assert model.info.vision is False and not model.sees
        with pytest.raises(NoVision) as caught:
            engine.generate(asking(stored_picture(tmp_path)), GREEDY)
        assert caught.value.kind == "no_vision" and "cannot see images" in str(caught.value)
        # Where the server had not said (as vLLM does not), the image is sent and its refusal is said as one.
        model.info.vision = None
        with pytest.raises(NoVision) as refused:
            engine.generate(asking(stored_picture(tmp_path)), GREEDY)
        assert "did not take the images" in str(refused.value)
        assert "image input is not supported" in str(refused.value)  # the server's own words
        assert engine.generate([{"role": "user", "content": "What is the capital of France?"}],
                               GREEDY).text  # and text still works
    finally:
        engine.close()
        server.stop()


def test_assistant_run_sends_an_image_to_a_server(seeing_server, tmp_path):
    picture = tmp_path / "photo.png"
    Image.new("RGB", (40, 30), (10, 120, 200)).save(picture)
    done = subprocess.run([sys.executable, "-m", "assistant", "run", "--server", seeing_server.url, "--image",
                           str(picture), "--max-tokens", "8", "--temperature", "0", "--stats", "Describe it."],
                          capture_output=True, text=True, env=dict(os.environ, HEARTH_SERVER_KEY=KEY), timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() and "Traceback" not in done.stderr


class OllamaLike:
    """Ollama's answers as its API documentation shows them: /api/show with ``capabilities``; the OpenAI endpoint
    takes image_url parts. Every request body is kept."""

    def __init__(self, capabilities: list[str]):
        self.bodies: list[dict] = []
        outer = self

        class Handler(JsonHandler):
            def do_GET(self):
                if self.path == "/v1/models":
                    return self.send_json(200, {"object": "list", "data": [{"id": "gemma3:4b", "object": "model"}]})
                self.send_json(404, {"error": "not found"})

            def do_POST(self):
                body = self.read_json()
                if self.path == "/api/show":
                    return self.send_json(200, {"model_info": {"gemma3.context_length": 131072},
                                                "capabilities": capabilities})
                outer.bodies.append(body)
                self.send_events([{"choices": [{"index": 0, "delta": {"content": "A photo."}}]},
                                  {"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}])

        self.server = Loopback(Handler)
        self.url = self.server.url

    def stop(self):
        self.server.stop()


def photo_with_location(path) -> None:
    """A JPEG as a phone writes one: EXIF with the camera, the time and a GPS position."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0132] = "2024:05:01 12:00:00"  # DateTime
    exif[0x8825] = {1: "N", 2: (59.0, 20.0, 0.0), 3: "E", 4: (18.0, 4.0, 0.0)}  # GPSInfo
    Image.new("RGB", (64, 48), (120, 160, 90)).save(path, "JPEG", exif=exif)


def test_ollama_says_its_model_sees_and_the_picture_leaves_without_its_location(tmp_path):
    source = tmp_path / "holiday.jpg"
    photo_with_location(source)
    assert Image.open(source).getexif().get_ifd(0x8825)  # the original does carry a position
    image = str(ImageStore(tmp_path / "images").add_file(source).path)
    server = OllamaLike(["completion", "vision"])
    engine = RemoteEngine(server.url)
    try:
        model = engine.load("gemma3:4b")
        assert model.info.server_kind == "ollama" and model.sees and model.context_length == 131072
        result = engine.generate(asking(image, "Where was this taken?"), GREEDY)
    finally:
        engine.close()
        server.stop()
    assert result.text == "A photo."
    content = server.bodies[-1]["messages"][0]["content"]
    assert [part["type"] for part in content] == ["image_url", "text"]  # the image first, as the engine shows it
    assert content[1]["text"] == "Where was this taken?"
    url = content[0]["image_url"]["url"]
    assert url.startswith("data:image/jpeg;base64,")
    sent = base64.b64decode(url.partition(",")[2])
    assert b"Exif" not in sent and b"PhoneMaker" not in sent
    with Image.open(io.BytesIO(sent)) as received:
        assert received.size == (64, 48) and not received.getexif()


def test_an_ollama_model_without_vision_gets_no_images(tmp_path):
    server = OllamaLike(["completion"])
    engine = RemoteEngine(server.url)
    try:
        assert not engine.load("gemma3:4b").sees
        with pytest.raises(NoVision):
            engine.generate(asking(stored_picture(tmp_path)), GREEDY)
    finally:
        engine.close()
        server.stop()
    assert server.bodies == []  # nothing was sent
