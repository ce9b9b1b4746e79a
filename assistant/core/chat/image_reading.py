"""Images for a model that cannot see: their text read offline with Hearth's OCR (core/images), given to the model
in place of the pictures (prompt.with_image_text), and a note with the reply that says so.

Reading takes a second or more per picture, so it runs where the session runs its slow steps (``read`` on a worker,
the result kept with ``keep`` on the caller's thread); each picture is read once per run of the app, whatever the
number of turns, edits and regenerations that send it again."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from assistant.core.chat.prompt import with_image_text
from assistant.core.i18n import translate
from assistant.core.images.image_store import ImageStore
from assistant.core.images.ocr import Ocr
from assistant.core.storage.history import Message

log = logging.getLogger(__name__)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name Qt's lupdate looks for
    """``text`` as it is, marked for translation: a note is kept in the history in English and translated where it
    is shown (``shown_note``), so it follows the app's language, switched later too."""
    return text


READ_NOTE = QT_TRANSLATE_NOOP("ChatSession", "Read the text in the image; this model cannot see pictures.")
READ_SEVERAL_NOTE = QT_TRANSLATE_NOOP("ChatSession", "Read the text in the pictures; this model cannot see pictures.")
NO_TEXT_NOTE = QT_TRANSLATE_NOOP("ChatSession", "The image has no text Hearth could read, and this model cannot see "
                                                "pictures.")
SOME_NO_TEXT_NOTE = QT_TRANSLATE_NOOP("ChatSession", "Some of the pictures have no text Hearth could read, and this "
                                                     "model cannot see pictures.")
MISSING_NOTE = QT_TRANSLATE_NOOP("ChatSession", "An image of this question is no longer in Hearth's data folder, so "
                                                "it was not sent.")


def shown_note(note: str) -> str:
    """A reply's note in the language the app is shown in now; one kept translated already (before notes were kept
    in English) comes back as it is."""
    return translate("ChatSession", note)


def read_note() -> str:
    return READ_NOTE


def no_text_note() -> str:
    return NO_TEXT_NOTE


def missing_note() -> str:
    return MISSING_NOTE


def read_notes(texts: Sequence[str | None]) -> list[str]:
    """The notes, in English as they are kept, for pictures a model cannot see: the text read from each ("" for
    none, None for a picture that is gone)."""
    notes = [MISSING_NOTE] if None in texts else []
    found = sum(1 for text in texts if text and text.strip())
    if found:
        notes.append(READ_SEVERAL_NOTE if found > 1 else READ_NOTE)
    empty = sum(1 for text in texts if text is not None and not text.strip())
    if empty:
        # Which one is not said: a note is kept as a fixed text, translated when shown.
        notes.append(SOME_NO_TEXT_NOTE if empty < len(texts) or empty > 1 else NO_TEXT_NOTE)
    return notes


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

    def question(self, content: str, names: Sequence[str]) -> str:
        """A question with these images as a model that cannot see is given it (prompt.with_image_text), as far as
        they have been read: one not read yet, or gone, is left out, as the prompt leaves it out. For the count
        under the message box, on a pool thread (``texts`` is only ever added to)."""
        texts = [self.texts.get(name) for name in names]
        return with_image_text(content, [text for text in texts if text is not None]) if names else content

    def notes(self, question: Message, sees: bool) -> list[str]:
        """What the reply to ``question`` is shown with about its images, in English as the history keeps it."""
        if not question.images:
            return []
        if sees:
            present = [name for name in question.images if self.store is not None and self.store.get(name)]
            return [MISSING_NOTE] if len(present) < len(question.images) else []
        return read_notes([self.texts.get(name) for name in question.images])
