"""The text in a picture, read offline by OCR in reading order: for a model that cannot see, and for Translation's
*Translate an image…*. Slow (a second or more) and memory-hungry the first time: call it from a background job."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from assistant.core.images.image_file import prepare_image_file
from assistant.core.images.image_store import StoredImage
from assistant.core.images.ocr import Ocr
from assistant.core.images.reading_order import reading_order


def read_image_text(image: str | Path | StoredImage | Image.Image, ocr: Ocr) -> str:
    """The picture's text, one line per row top to bottom (per column right to left for vertical Chinese or
    Japanese); "" when it has none. A file goes through prepare_image first, so a hostile one raises ImageProblem
    here as anywhere else, and a photo is read upright. A numpy RGB array is read as it is."""
    return "\n".join(reading_order(ocr.find(_pixels(image))))


def _pixels(image):
    import numpy

    if isinstance(image, numpy.ndarray):
        return image
    if not isinstance(image, Image.Image):
        path = image.path if isinstance(image, StoredImage) else Path(image)
        with Image.open(io.BytesIO(prepare_image_file(path).data)) as prepared:
            return numpy.asarray(prepared.convert("RGB"))
    return numpy.asarray(image.convert("RGB"))
