"""Translating a picture (Translation's *Translate an image…*): the picture made safe and, by one of two ways, turned
into something to translate. READ: its text is read offline by OCR, in reading order, and becomes the text to
translate. ASK: a model that sees gets the picture itself with the translation instruction.

``take_image`` does the slow part (decoding, OCR, keeping the file) and is called on a worker thread; it never
raises: whatever goes wrong comes back as one line for the user in ``ImageTaken.problem``."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from assistant.core.i18n import translate
from assistant.core.images.image_file import ImageProblem, PreparedImage, prepare_image, prepare_image_file
from assistant.core.images.image_store import ImageStore, StoredImage
from assistant.core.images.ocr import Ocr
from assistant.core.writing.languages import is_chinese, language
from assistant.core.writing.prompts import fill, prompts

log = logging.getLogger(__name__)

READ, ASK = "read", "ask"  # the OCR reads the picture's text / the model that sees reads the picture


@dataclass
class ImageTaken:
    """A picture taken for translation: shown beside the text, and read (READ) or kept to be sent (ASK)."""

    name: str
    way: str
    image: PreparedImage | None = None  # None when it was refused
    text: str = ""  # READ: the text found, in reading order ("" for none)
    stored: StoredImage | None = None  # ASK: the file the model is sent
    problem: str = ""  # one line for the user when the picture could not be used
    notes: list[str] = field(default_factory=list)

    @property
    def found_text(self) -> bool:
        return bool(self.text.strip())


def choose_way(chosen: str, sees: bool) -> str:
    """The way a picture is translated: the model reads it only when it can see and the user chose so."""
    return ASK if sees and chosen == ASK else READ


def take_image(picture: str | Path | bytes | Callable[[], bytes], name: str, way: str, ocr: Ocr | None,
               store: ImageStore | None) -> ImageTaken:
    """``picture`` (a file, the bytes of one, or what makes them: a pasted picture or a part of the screen encoded
    on this thread) prepared, then read by ``ocr`` (READ) or kept in ``store`` (ASK). On a worker thread: this
    decodes and may read for seconds."""
    taken = ImageTaken(name, way)
    try:
        if callable(picture):
            picture = picture()
        prepared = (prepare_image(picture, name) if isinstance(picture, bytes) else prepare_image_file(picture))
    except ImageProblem as problem:
        taken.problem = str(problem)
        return taken
    except Exception as exc:  # noqa: BLE001 - a decoder's own failure: the picture is refused, with a line
        log.warning("%s could not be prepared: %s", name or "a picture", exc)
        taken.problem = translate("ImageTranslation", "This picture could not be opened: {reason}").format(reason=exc)
        return taken
    taken.image, taken.notes = prepared, list(prepared.notes)
    if way == ASK:
        try:
            taken.stored = store.add(prepared) if store is not None else None
        except OSError as error:
            log.warning("the picture could not be kept: %s", error)
        if taken.stored is None:
            taken.problem = translate("ImageTranslation", "The picture could not be kept in Hearth's data folder "
                                                          "to send it to the model.")
        return taken
    if ocr is None or not Ocr.available():
        taken.problem = no_ocr()
        return taken
    try:
        from PIL import Image

        from assistant.core.images.image_text import read_image_text

        with Image.open(io.BytesIO(prepared.data)) as opened:
            taken.text = read_image_text(opened.convert("RGB"), ocr)
    except Exception as exc:  # noqa: BLE001 - the OCR's own failures (ONNX Runtime): a line, not a traceback
        log.warning("the text of %s could not be read: %s", name or "a picture", exc)
        taken.problem = translate("ImageTranslation", "The text in the picture could not be read: {reason}").format(
            reason=exc)
    return taken


def no_ocr() -> str:
    return translate("ImageTranslation", "This copy of Hearth has no OCR, so it cannot read the text in a picture "
                                         "(Hearth installed with pip reads it). A model that sees can read it instead.")


def no_text() -> str:
    return translate("ImageTranslation", "No text was found in the picture. A sharper or larger picture of the text "
                                         "may be read.")


def image_messages(stored: StoredImage, source: str | None, target: str, formality: str = "default") -> list[dict]:
    """The request to a model that sees: the translation's system wording, then the picture with the instruction
    to translate its text into ``target`` (from ``source`` when it is known, not detected)."""
    name = "zh" if is_chinese(target) else "en"
    wording = prompts(name)["translation"]
    target_name = language(target).prompt_name(name)
    formality_text = wording["formality"].get(formality, "")
    if source is None or source == target:
        user = fill(wording["image"], target=target_name, formality=formality_text)
    else:
        user = fill(wording["image_from"], source=language(source).prompt_name(name), target=target_name,
                    formality=formality_text)
    return [{"role": "system", "content": wording["system"]},
            {"role": "user", "content": user, "images": [str(stored.path)]}]
