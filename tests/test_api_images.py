"""Images through Hearth's own API: the official ``openai`` client sends a picture as a data: URL to the real server
over the real scheduler and engine host, with SmolLM2 and the tiny random-weight projector beside it (so it sees:
tests/vision_fixture.py). Web and file addresses are refused and never fetched (a listening socket proves no
connection came), a decompression bomb and a damaged picture are refused with their one line, and a model without a
projector says it cannot see."""

from __future__ import annotations

import base64
import io
import select
import socket
import zlib
from contextlib import contextmanager
from struct import pack

import openai
import pytest
from PIL import Image

from assistant.core.api.api_images import ApiImages
from assistant.core.api.endpoints import ApiLimits, ChatApi, build_app, served_model
from assistant.core.api.http_server import ApiServer
from assistant.core.engines.hosted import HostedEngine
from assistant.core.engines.remote.remote_engine import RemoteEngine
from assistant.core.engines.scheduler import Scheduler
from assistant.core.engines.types import GenerationParams, LoadOptions
from assistant.core.images.image_store import ImageStore
from assistant.core.storage.settings import ModelSettings
from conftest import projected_model_dir

pytestmark = pytest.mark.model
TOKEN = "hearth-test-token-0123456789"
IMAGE_TOKENS = 16  # the fixture's "mlp" projector: a 32x32 input in 8x8 patches
QUESTION = "What is in this picture?"


def png_url(colour=(200, 40, 40), size=(48, 40)) -> str:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def with_image(url: str, text: str = QUESTION) -> list[dict]:
    return [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": url}},
                                         {"type": "text", "text": text}]}]


def load(path, projector=None):
    scheduler = Scheduler(HostedEngine())
    loaded = scheduler.load(str(path), options=LoadOptions(context_length=1024, projector=projector)).wait()
    assert not hasattr(loaded, "error"), loaded
    chosen = ModelSettings(temperature=0.0, max_tokens=8)
    served = served_model(loaded.model, chosen)
    served.id = "smollm2"
    return scheduler, served


@pytest.fixture(scope="module")
def seeing(model_path, tiny_projector, tmp_path_factory):
    """SmolLM2 with the projector beside it, found there as a downloaded vision model's is."""
    path = projected_model_dir(tmp_path_factory.mktemp("vision-model"), model_path, tiny_projector)
    scheduler, served = load(path)
    assert served.sees
    yield scheduler, served
    scheduler.shutdown()


@contextmanager
def serving(scheduler, served, images: ApiImages | None = None):
    api = ChatApi(scheduler, lambda: served, ApiLimits(), images=images)
    server = ApiServer(build_app(api, TOKEN), "127.0.0.1", 0)
    server.start()
    try:
        yield server, api
    finally:
        server.stop()


def client(server) -> openai.OpenAI:
    return openai.OpenAI(base_url=server.url, api_key=TOKEN, max_retries=0)


def test_an_image_data_url_reaches_the_model_and_is_gone_afterwards(seeing, tmp_path):
    scheduler, served = seeing
    images = ApiImages(ImageStore(tmp_path / "api-images"))
    with serving(scheduler, served, images) as (server, api):
        hearth = client(server)
        listed = hearth.models.list().data[0].model_dump()
        assert listed["architecture"]["input_modalities"] == ["text", "image"]
        text_only = hearth.chat.completions.create(model="smollm2", messages=[{"role": "user", "content": QUESTION}],
                                                   max_tokens=8, temperature=0)
        seen = hearth.chat.completions.create(model="smollm2", messages=with_image(png_url()), max_tokens=8,
                                              temperature=0)
        streamed = list(hearth.chat.completions.create(model="smollm2", messages=with_image(png_url()),
                                                       max_tokens=8, temperature=0, stream=True))
    assert seen.choices[0].message.content
    # The engine host's own count: the picture's sixteen positions are in the prompt the model read.
    assert seen.usage.prompt_tokens >= text_only.usage.prompt_tokens + IMAGE_TOKENS
    assert "".join(c.choices[0].delta.content or "" for c in streamed if c.choices) == \
        seen.choices[0].message.content
    # The client's picture was kept only while its request needed it.
    assert images.kept == 0 and not list((tmp_path / "api-images").rglob("*.png"))


def test_another_hearth_as_a_remote_engine_sees_through_the_api(seeing, tmp_path):
    """RemoteEngine reads the model list's input_modalities and sends the stored file as a data: URL."""
    scheduler, served = seeing
    source = tmp_path / "stripes.png"
    Image.new("RGB", (40, 40), (20, 20, 220)).save(source)
    image = str(ImageStore(tmp_path / "images").add_file(source).path)
    with serving(scheduler, served) as (server, api):
        engine = RemoteEngine(server.url, TOKEN)
        try:
            model = engine.load("smollm2")
            plain = engine.generate([{"role": "user", "content": QUESTION}], GenerationParams(max_tokens=4))
            result = engine.generate([{"role": "user", "content": QUESTION, "images": [image]}],
                                     GenerationParams(max_tokens=4))
        finally:
            engine.close()
    assert model.info.server_kind == "openai" and model.info.vision is True and model.sees
    assert result.prompt_tokens >= plain.prompt_tokens + IMAGE_TOKENS


@contextmanager
def listening():
    """A socket that would accept a connection if anything tried one: ``connected()`` says whether it did."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)

        def connected() -> bool:
            return bool(select.select([listener], [], [], 0.5)[0])  # readable: a connection is waiting

        yield listener.getsockname()[1], connected


@pytest.mark.parametrize("scheme", ["http", "https", "file"])
def test_web_and_file_addresses_are_refused_and_never_fetched(seeing, tmp_path, scheme):
    scheduler, served = seeing
    secret = tmp_path / "secret.png"
    Image.new("RGB", (8, 8)).save(secret)
    with listening() as (port, connected), serving(scheduler, served) as (server, api):
        url = secret.as_uri() if scheme == "file" else f"{scheme}://127.0.0.1:{port}/internal/picture.png"
        with pytest.raises(openai.BadRequestError) as refused:
            client(server).chat.completions.create(model="smollm2", messages=with_image(url), max_tokens=4)
        assert not connected()
    error = refused.value.body
    assert refused.value.status_code == 400 and error["code"] == "image_url_refused"
    assert "request forgery" in error["message"] and "data: URL" in error["message"]
    assert (f"{scheme}:" in error["message"]) and error["param"] == "messages[0].content"
    assert scheduler.engine.model is not None  # nothing reached the engine, and it is still there


def bomb_url() -> str:
    """A 20,000 x 20,000 grey PNG of zeros: 400 million pixels (400 MB decoded) in a few hundred kilobytes."""
    width = height = 20_000
    squeeze = zlib.compressobj(9)
    row = b"\x00" * (width + 1)  # filter byte, then the row
    data = b"".join(squeeze.compress(row) for _ in range(height)) + squeeze.flush()

    def chunk(kind: bytes, body: bytes) -> bytes:
        return pack(">I", len(body)) + kind + body + pack(">I", zlib.crc32(kind + body))

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)) + \
        chunk(b"IDAT", data) + chunk(b"IEND", b"")
    assert len(png) < 1 << 20
    return "data:image/png;base64," + base64.b64encode(png).decode()


def damaged_url() -> str:
    whole = base64.b64decode(png_url(size=(300, 200)).partition(",")[2])
    return "data:image/png;base64," + base64.b64encode(whole[: len(whole) // 2]).decode()


@pytest.mark.parametrize("url, code, says", [
    (bomb_url(), "invalid_image", "too many pixels"),
    (damaged_url(), "invalid_image", "damaged or incomplete"),
    ("data:image/png;base64,SGVsbG8sIHdvcmxkIQ==", "invalid_image", "not a picture"),
    ("data:text/html;base64,PHNjcmlwdD4=", "invalid_image", "not a picture"),
    ("data:image/png;base64,@@@@", "invalid_image", "damaged"),
])
def test_hostile_pictures_are_refused_with_their_one_line(seeing, url, code, says):
    scheduler, served = seeing
    with serving(scheduler, served) as (server, api):
        with pytest.raises(openai.BadRequestError) as refused:
            client(server).chat.completions.create(model="smollm2", messages=with_image(url), max_tokens=4)
        assert api.images.kept == 0
    assert refused.value.status_code == 400 and refused.value.body["code"] == code
    assert says in refused.value.body["message"] and "\n" not in refused.value.body["message"]


def test_images_only_in_the_users_messages(seeing):
    scheduler, served = seeing
    messages = [{"role": "system", "content": [{"type": "image_url", "image_url": {"url": png_url()}}]},
                {"role": "user", "content": "Hello"}]
    with serving(scheduler, served) as (server, api):
        with pytest.raises(openai.BadRequestError) as refused:
            client(server).chat.completions.create(model="smollm2", messages=messages, max_tokens=4)
    assert "only the user's messages may carry images" in refused.value.body["message"]


def test_a_model_without_a_projector_says_it_cannot_see(model_path):
    scheduler, served = load(model_path, projector="")
    try:
        assert not served.sees
        with serving(scheduler, served) as (server, api):
            hearth = client(server)
            assert hearth.models.list().data[0].model_dump()["architecture"]["input_modalities"] == ["text"]
            with pytest.raises(openai.BadRequestError) as refused:
                hearth.chat.completions.create(model="smollm2", messages=with_image(png_url()), max_tokens=4)
            assert hearth.chat.completions.create(model="smollm2", messages=[{"role": "user", "content": "Hi"}],
                                                  max_tokens=4).choices[0].message.content is not None
    finally:
        scheduler.shutdown()
    assert refused.value.body["code"] == "model_cannot_see"
    assert "cannot see images" in refused.value.body["message"] and "projector" in refused.value.body["message"]
