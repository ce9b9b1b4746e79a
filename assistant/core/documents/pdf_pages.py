"""A PDF's pages as text, with pdfium (pypdfium2: Apache-2.0/BSD, the engine Chrome uses; PyMuPDF would be AGPL).
A page whose text layer is empty or garbled is rendered and read by OCR, and marked as such."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from assistant.core.documents.text_repair import looks_garbled, repair
from assistant.core.i18n import translate

OCR_SCALE = 2.5  # about 180 dpi: small print still reads, a page still renders in a fraction of a second


class UnreadableDocument(Exception):
    """The file cannot be read; the message says why, for the user."""


@dataclass
class PageText:
    number: int  # from 1, as a reader counts
    text: str
    ocr: bool = False  # read from the page's image
    unreadable: bool = False  # neither its text layer nor OCR gave text


def read_pdf(path: Path, ocr=None) -> Iterator[PageText]:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        reason = str(exc)
        if "password" in reason.lower():
            raise UnreadableDocument(translate("Documents", "The PDF is protected by a password.")) from None
        raise UnreadableDocument(translate("Documents", "The PDF cannot be opened ({reason}).").format(
            reason=reason)) from None
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                text = repair(page.get_textpage().get_text_bounded())
                if not text.strip() and not _has_images(page):
                    yield PageText(index + 1, "")  # a blank page: nothing to read, nothing to OCR
                elif not text.strip() or looks_garbled(text):
                    if ocr is None:
                        yield PageText(index + 1, "", unreadable=True)
                        continue
                    image = page.render(scale=OCR_SCALE).to_numpy()
                    read = repair(ocr.read(image))
                    yield PageText(index + 1, read, ocr=True, unreadable=not read.strip())
                else:
                    yield PageText(index + 1, text)
            finally:
                page.close()
    finally:
        document.close()


def _has_images(page) -> bool:
    import pypdfium2.raw as pdfium_c

    return next(iter(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])), None) is not None
