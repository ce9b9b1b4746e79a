"""Images for a model that cannot see: their text read offline with Hearth's OCR (core/images), given to the model
in place of the pictures (prompt.with_image_text), and a note with the reply that says so.

Reading takes a second or more per picture, so it runs where the session runs its slow steps (``read`` on a worker,
the result kept with ``keep`` on the caller's thread); each picture is read once per run of the app, whatever the
number of turns, edits and regenerations that send it again."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from assistant.core.i18n import translate
from assistant.core.images.image_store import ImageStore
from assistant.core.images.ocr import Ocr
from assistant.core.storage.history import Message

log = logging.getLogger(__name__)


def read_note() -> str:
    return translate("ChatSession", "Read the text in the image; this model cannot see pictures.")


def no_text_note() -> str:
    return translate("ChatSession", "The image has no text Hearth could read, and this model cannot see pictures.")


def missing_note() -> str:
    return translate("ChatSession", "An image of this question is no longer in Hearth's data folder, so it was not "
                                    "sent.")


class ImageReading:
    def __init__(self, store: ImageStore | None, ocr: Ocr | None = None):
        self.store = store
        # One thread: the OCR runs while a model may be writing a reply on the other cores.
        self.ocr = ocr if ocr is not None else Ocr(threads=1)
        self.texts: dict[str, str | None] = {}  # by sha256: what was read ("" for none; None: the file is gone)

    def unread(self, thread: Iterable[Message]) -> list[str]:
        """The images of the thread's questions not read yet, in order, each once."""
        names = (name for message in thread if message.role == "user" for name in message.images)
        return [name for name in dict.fromkeys(names) if name not in self.texts]

    def read(self, names: Sequence[str]) -> dict[str, str | None]:
        """Each image's text, top to bottom (on a worker thread); None for one whose file is gone. One that cannot be
        read has none: the question still goes, and its note says what happened."""
        from assistant.core.images.image_text import read_image_text

        texts: dict[str, str | None] = {}
        for name in names:
            stored = self.store.get(name) if self.store is not None else None
            if stored is None:
                texts[name] = None
                continue
            try:
                texts[name] = read_image_text(stored.path, self.ocr)
            except Exception as exc:  # noqa: BLE001 - the OCR's own failures (ONNX Runtime, a damaged file)
                log.warning("the text of image %s could not be read: %s", name, exc)
                texts[name] = ""
        return texts

    def keep(self, texts: dict[str, str | None]) -> None:
        self.texts.update(texts)

    def notes(self, question: Message, sees: bool) -> list[str]:
        """What the reply to ``question`` is shown with about its images."""
        if not question.images:
            return []
        if sees:
            present = [name for name in question.images if self.store is not None and self.store.get(name)]
            return [missing_note()] if len(present) < len(question.images) else []
        texts = [self.texts.get(name) for name in question.images]
        notes = [missing_note()] if None in texts else []
        if any(text and text.strip() for text in texts):
            notes.append(read_note())
        if any(text is not None and not text.strip() for text in texts):
            notes.append(no_text_note())
        return notes
