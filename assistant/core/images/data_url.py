"""Pictures as ``data:`` URLs, the only form in which they travel to a server or arrive through Hearth's API. Any
other URL is refused, never fetched: a local server that fetched the addresses its callers give it (llama-cpp-python's
own handler does) would let any web page that reaches it make requests from inside the user's network."""

from __future__ import annotations

import base64
import binascii
import re
from pathlib import Path

from assistant.core.i18n import translate
from assistant.core.images.image_file import MAX_FILE_BYTES, ImageProblem, not_a_picture
from assistant.core.images.image_store import StoredImage

# The mime types of the formats prepare_image reads, as clients write them.
READABLE_MIMES = {"image/png", "image/jpeg", "image/jpg", "image/pjpeg", "image/webp", "image/gif", "image/bmp",
                  "image/x-ms-bmp", "image/tiff"}
_MAGIC = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"), (b"GIF8", "image/gif"),
          (b"BM", "image/bmp"), (b"II*\x00", "image/tiff"), (b"MM\x00*", "image/tiff"))
_SPACE = re.compile(r"\s+")


def to_data_url(image: str | Path | StoredImage) -> str:
    """``data:<mime>;base64,...`` of a stored picture, or of a picture file (its mime read from its first bytes).
    Send only pictures that went through prepare_image: the URL carries the file's bytes as they are."""
    path = image.path if isinstance(image, StoredImage) else Path(image)
    data = path.read_bytes()
    mime = image.mime if isinstance(image, StoredImage) else _sniffed(data)
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _sniffed(data: bytes) -> str:
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    for magic, mime in _MAGIC:
        if data.startswith(magic):
            return mime
    raise not_a_picture()


def image_from_data_url(url: str, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a ``data:image/...;base64,`` URL, at most ``max_bytes`` of them (checked before decoding), or
    ImageProblem with one line saying what was wrong. The bytes are still untrusted: give them to prepare_image."""
    url = (url or "").strip()
    scheme, colon, rest = url.partition(":")
    scheme = scheme.lower()
    if not colon or not re.fullmatch(r"[a-z][a-z0-9+.-]*", scheme):
        raise ImageProblem("bad_data_url", translate(
            "Images", "This is not a data: URL of a picture (data:image/png;base64,...)."))
    if scheme in ("http", "https"):
        raise ImageProblem("refused_url", translate(
            "Images", "Hearth does not fetch pictures from web addresses (http:, https:): send the picture itself as "
                      "a data: URL."))
    if scheme == "file":
        raise ImageProblem("refused_url", translate(
            "Images", "Hearth does not open files named by a URL (file:): send the picture itself as a data: URL."))
    if scheme != "data":
        raise ImageProblem("refused_url", translate(
            "Images", "Only data: URLs of pictures are accepted, not {scheme}: URLs.").format(scheme=scheme))
    header, comma, payload = rest.partition(",")
    parts = [part.strip().lower() for part in header.split(";")]
    mime = parts[0] or "text/plain"
    if mime not in READABLE_MIMES:
        if mime.startswith("image/"):
            raise not_a_picture()
        raise ImageProblem("not_a_picture", translate(
            "Images", "This data: URL holds {mime}, not a picture.").format(mime=mime[:60]))
    if not comma or parts[-1] != "base64":
        raise ImageProblem("bad_data_url", translate("Images", "This data: URL is not base64-encoded."))
    # Refused before decoding when even its text is too long: base64 is 4/3 of its bytes, plus the line breaks
    # some writers put in it.
    if len(payload) > max_bytes * 4 // 3 * 1.05 + 1024:
        raise _over(max_bytes)
    payload = _SPACE.sub("", payload)
    try:
        data = base64.b64decode(payload + "=" * (-len(payload) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise ImageProblem("bad_data_url", translate(
            "Images", "The picture's base64 data is damaged.")) from None
    if len(data) > max_bytes:
        raise _over(max_bytes)
    if not data:
        raise ImageProblem("empty", translate("Images", "The file is empty."))
    return data


def _over(max_bytes: int) -> ImageProblem:
    return ImageProblem("too_large", translate("Images", "This picture is larger than {size} MB, the most Hearth "
                                                         "accepts.").format(size=f"{max_bytes / 2 ** 20:.3g}"))
