"""A picture from the user, a server or the API made safe to keep and to send: refused with one clear line when it is
not a picture, is damaged, or is a decompression bomb; otherwise one upright, 8-bit RGB frame no larger than
MAX_SIDE, re-encoded from its pixels so that nothing of the original file (EXIF, GPS position, XMP, ICC, text
chunks) survives. Decoding takes memory and time: call it from a background job, never from the GUI thread.

The types, limits and refusals are here; the work on pixels is in ``pixels``, which loads Pillow, so that what
only names a picture (the window's start, the engines) does not pay for it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from assistant.core.i18n import translate

MAX_FILE_BYTES = 30 * 1024 * 1024
# Checked on the header before any pixel is decoded (after a JPEG's own downscaling, see _draft): 64 MP of RGBA is
# 256 MB, the most one picture may take while it is read.
MAX_PIXELS = 64_000_000
MAX_SIDE = 2048
JPEG_QUALITY = 90
# Pictures that arrive as JPEG stay JPEG; others become PNG unless their PNG is this large and a JPEG less than half.
PNG_BUDGET = 1_500_000

# Only these decoders are ever tried, whatever the file is called: Pillow's others include formats (EPS through
# Ghostscript, for one) that have no place in a chat. JPEG's opener also reads MPO, the JPEG that some cameras write.
FORMATS = ("PNG", "JPEG", "WEBP", "GIF", "BMP", "TIFF")


class ImageProblem(Exception):
    """A picture refused. ``str()`` is one line for the user; ``kind`` is for code: "missing", "empty", "too_large",
    "too_many_pixels", "not_a_picture", "damaged", "refused_url", "bad_data_url"."""

    def __init__(self, kind: str, message: str, name: str = ""):
        super().__init__(f"{name}: {message}" if name else message)
        self.kind, self.name = kind, name


@dataclass
class PreparedImage:
    data: bytes  # PNG, or JPEG for photos; no metadata of any kind
    mime: str  # "image/png" or "image/jpeg"
    width: int
    height: int
    notes: list[str] = field(default_factory=list)  # what was changed that the user may want to know

    @property
    def suffix(self) -> str:
        return ".jpg" if self.mime == "image/jpeg" else ".png"


def not_a_picture(name: str = "") -> ImageProblem:
    return ImageProblem("not_a_picture", translate(
        "Images", "This is not a picture Hearth can read (PNG, JPEG, WebP, GIF, BMP, TIFF)."), name)


def too_large(name: str = "") -> ImageProblem:
    return ImageProblem("too_large", translate("Images", "This picture is larger than {size} MB, the most Hearth "
                                                         "reads.").format(size=MAX_FILE_BYTES // (1024 * 1024)), name)


def prepare_image_file(path: str | Path) -> PreparedImage:
    """``prepare_image`` on a file, whose size is checked before it is read."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise too_large(path.name)
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImageProblem("missing", translate("Images", "The file is not there any more."), path.name) from None
    except IsADirectoryError:
        raise not_a_picture(path.name) from None
    except OSError as error:
        raise ImageProblem("missing", translate("Images", "The file cannot be read: {reason}").format(
            reason=error.strerror or error), path.name) from None
    return prepare_image(data, path.name)


def prepare_image(data: bytes, name: str = "") -> PreparedImage:
    """The picture in ``data`` made safe (see the module), or ImageProblem. ``name`` only labels the messages: the
    content decides the format, so a PNG called .jpg is read as the PNG it is."""
    if not data:
        raise ImageProblem("empty", translate("Images", "The file is empty."), name)
    if len(data) > MAX_FILE_BYTES:
        raise too_large(name)
    from assistant.core.images.pixels import prepared_from  # Pillow: loaded with the first picture, not at start-up

    return prepared_from(data, name)


def too_many_pixels(name: str = "") -> ImageProblem:
    return ImageProblem("too_many_pixels", translate(
        "Images", "This picture has too many pixels to open safely (more than {count} million).").format(
        count=MAX_PIXELS // 1_000_000), name)
