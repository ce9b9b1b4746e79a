"""Which reader opens which file, by its name's ending; each reader is imported only when a file of its kind is
opened, so python-docx, lxml and pdfium stay out of start-up."""

from __future__ import annotations

import importlib
from pathlib import Path

from assistant.core.formats.translatable import FormatProblem, TranslatableFile, check_size
from assistant.core.i18n import translate

READERS = {
    ".txt": ("text_file", "TextFile"),
    ".text": ("text_file", "TextFile"),
    ".md": ("markdown_file", "MarkdownFile"),
    ".markdown": ("markdown_file", "MarkdownFile"),
    ".html": ("html_file", "HtmlFile"),
    ".htm": ("html_file", "HtmlFile"),
    ".xhtml": ("html_file", "HtmlFile"),
    ".docx": ("docx_file", "DocxFile"),
    ".pptx": ("pptx_file", "PptxFile"),
    ".srt": ("subtitle_file", "SrtFile"),
    ".vtt": ("subtitle_file", "VttFile"),
    ".ass": ("subtitle_file", "AssFile"),
    ".ssa": ("subtitle_file", "AssFile"),
    ".epub": ("epub_file", "EpubFile"),
    ".pdf": ("pdf_file", "PdfFile"),
}
SUFFIXES = tuple(READERS)


def translatable(path: str | Path) -> bool:
    return Path(path).suffix.lower() in READERS


def open_file(path: str | Path, ocr=None) -> TranslatableFile:
    """``path`` read for translation, or FormatProblem saying why it cannot be (its kind, its size, damage, a zip
    bomb). ``ocr`` reads the scanned pages of a PDF."""
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise FormatProblem(translate("Formats", "Files of this kind ({suffix}) cannot be translated as a whole; "
                                                 "open their text instead.").format(suffix=path.suffix or path.name))
    check_size(path)
    module, name = reader
    cls = getattr(importlib.import_module(f"assistant.core.formats.{module}"), name)
    if module == "pdf_file":
        return cls(path, ocr=ocr)
    try:
        return cls(path)
    except FormatProblem:
        raise
    except (OSError, UnicodeError, ValueError, KeyError) as exc:  # a library's own complaint about a damaged file
        raise FormatProblem(translate("Formats", "The file is damaged or is not what its name says ({reason}).").format(
            reason=exc)) from None
