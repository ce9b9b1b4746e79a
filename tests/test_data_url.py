"""Data URLs: stored pictures out as data URLs and back; every other URL refused with one clear line and never
fetched (a real HTTP server on this machine sees no request); wrong types, damaged base64 and oversized pictures
refused before they are decoded where that is possible."""

from __future__ import annotations

import base64
import http.server
import io
import threading

import pytest
from PIL import Image

from assistant.core.images.data_url import image_from_data_url, to_data_url
from assistant.core.images.image_file import ImageProblem, prepare_image
from assistant.core.images.image_store import ImageStore


def png_bytes(size=(24, 16)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (0, 128, 255)).save(out, "PNG")
    return out.getvalue()


def refusal(url: str, **options) -> ImageProblem:
    with pytest.raises(ImageProblem) as refused:
        image_from_data_url(url, **options)
    assert "\n" not in str(refused.value)
    return refused.value


def test_a_stored_picture_goes_out_and_comes_back_the_same(tmp_path):
    store = ImageStore(tmp_path / "images")
    kept = store.add_bytes(png_bytes())
    url = to_data_url(kept)
    assert url.startswith("data:image/png;base64,")
    assert image_from_data_url(url) == kept.path.read_bytes()
    assert to_data_url(kept.path) == url and to_data_url(str(kept.path)) == url
    photo = store.add_bytes(prepare_image(png_bytes()).data)
    assert to_data_url(photo) == url


def test_a_jpeg_and_a_webp_file_are_named_by_their_content(tmp_path):
    for form, mime in (("JPEG", "image/jpeg"), ("WEBP", "image/webp"), ("GIF", "image/gif")):
        path = tmp_path / "picture.bin"
        Image.new("RGB", (8, 8)).save(path, form)
        assert to_data_url(path).startswith(f"data:{mime};base64,")
    (tmp_path / "notes.png").write_text("words")
    with pytest.raises(ImageProblem):
        to_data_url(tmp_path / "notes.png")


def test_clients_variants_of_a_data_url_are_read():
    data = png_bytes()
    encoded = base64.b64encode(data).decode()
    for url in (f"data:image/png;base64,{encoded}", f"DATA:Image/PNG;base64,{encoded}",
                f"data:image/jpeg;name=x.png;base64,{encoded}",  # the type is checked later, by the content
                f"data:image/png;base64,{encoded.rstrip('=')}",
                "data:image/png;base64," + "\n".join(encoded[i:i + 76] for i in range(0, len(encoded), 76))):
        assert image_from_data_url(url) == data


def test_web_and_file_urls_are_refused_and_never_fetched(tmp_path):
    asked = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            asked.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(png_bytes())

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        port = server.server_address[1]
        for url in (f"http://127.0.0.1:{port}/cat.png", f"HTTPS://127.0.0.1:{port}/cat.png"):
            problem = refusal(url)
            assert problem.kind == "refused_url" and "does not fetch pictures from web addresses" in str(problem)
    finally:
        server.shutdown()
        server.server_close()
    assert asked == []
    secret = tmp_path / "secret.png"
    secret.write_bytes(png_bytes())
    problem = refusal(secret.as_uri())
    assert problem.kind == "refused_url" and "(file:)" in str(problem)
    problem = refusal("ftp://example.org/a.png")
    assert str(problem) == "Only data: URLs of pictures are accepted, not ftp: URLs."
    assert refusal("/etc/passwd").kind == "bad_data_url" and refusal("").kind == "bad_data_url"


def test_what_is_not_a_readable_picture_type_is_refused():
    encoded = base64.b64encode(b"<html>hi</html>").decode()
    problem = refusal(f"data:text/html;base64,{encoded}")
    assert problem.kind == "not_a_picture" and str(problem) == "This data: URL holds text/html, not a picture."
    assert refusal(f"data:,{encoded}").kind == "not_a_picture"  # no type is text/plain
    problem = refusal(f"data:image/svg+xml;base64,{encoded}")
    assert "PNG, JPEG, WebP, GIF, BMP, TIFF" in str(problem)


def test_damaged_or_unencoded_data_is_refused():
    assert refusal("data:image/png;base64,iVBORw0KGgo!!!!").kind == "bad_data_url"
    assert str(refusal("data:image/png;base64,iVBORw0KGgo!!!!")) == "The picture's base64 data is damaged."
    assert refusal("data:image/png,%89PNG").kind == "bad_data_url"
    assert refusal("data:image/png;base64").kind == "bad_data_url"
    assert refusal("data:image/png;base64,").kind == "empty"


def test_a_picture_over_the_cap_is_refused_and_a_huge_one_before_decoding():
    data = png_bytes()
    encoded = base64.b64encode(data).decode()
    assert image_from_data_url(f"data:image/png;base64,{encoded}", max_bytes=len(data)) == data
    problem = refusal(f"data:image/png;base64,{encoded}", max_bytes=len(data) - 1)
    assert problem.kind == "too_large" and "the most Hearth accepts" in str(problem)
    # 50 MB of text that is not even base64: had it been decoded, it would have been called damaged.
    problem = refusal("data:image/png;base64," + "!" * (50 * 2 ** 20))
    assert problem.kind == "too_large" and str(problem) == "This picture is larger than 30 MB, the most Hearth accepts."
