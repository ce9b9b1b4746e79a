"""Reading PDFs for the document index (issue 21): pages per second from the text layer and by OCR, each beside a
reference on the same pages in the same run.

    apt-get install debian-reference-en debian-reference-zh-cn poppler-utils tesseract-ocr tesseract-ocr-chi-sim
    .venv/bin/python benchmarks/pdf_bench.py [--ocr-pages 6] [--runs 3] [--json FILE]

The PDFs are the Debian Reference, English (261 pages) and Simplified Chinese (251 pages), as Debian ships them.
- Text layer: Hearth's read_pdf (pdfium, with its check for garbled text and the CJK repair) over every page,
  against poppler's pdftotext over the same file. Runs alternate; medians reported.
- OCR: pages spread through each book, drawn as read_pdf draws a scanned page (OCR_SCALE) and read by Hearth's OCR
  (RapidOCR: one thread, as the app's background indexing uses, and all cores, as ``assistant docs add`` does),
  against Tesseract 5 on the same images (eng, or chi_sim+eng), one thread and all. Accuracy: how much of the page's
  real text (its text layer) the OCR gives back, as difflib's similarity of the two with spaces removed.
"""

from __future__ import annotations

import argparse
import difflib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import emit  # noqa: E402

from assistant.core.images.ocr import Ocr  # noqa: E402
from assistant.core.documents.pdf_pages import OCR_SCALE, read_pdf  # noqa: E402

BOOKS = {"en": Path("/usr/share/debian-reference/debian-reference.en.pdf"),
         "zh": Path("/usr/share/debian-reference/debian-reference.zh-cn.pdf")}
TESSERACT_LANGUAGES = {"en": "eng", "zh": "chi_sim+eng"}


def hearth_text(path: Path) -> tuple[float, int]:
    started = time.perf_counter()
    pages = sum(1 for _page in read_pdf(path))
    return time.perf_counter() - started, pages


def poppler_text(path: Path) -> float:
    started = time.perf_counter()
    subprocess.run(["pdftotext", "-q", str(path), "-"], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def page_images(path: Path, count: int, folder: Path) -> list[tuple[Path, object, str]]:
    """``count`` pages spread through the book (past the contents), as (PNG file, RGB array, text layer)."""
    import pypdfium2 as pdfium
    from PIL import Image

    document = pdfium.PdfDocument(str(path))
    chosen = [int(len(document) * (i + 1) / (count + 1)) for i in range(count)]
    found = []
    for number in chosen:
        page = document[number]
        array = page.render(scale=OCR_SCALE).to_numpy()
        image = folder / f"{path.stem}-{number}.png"
        Image.fromarray(array).save(image)
        found.append((image, array, page.get_textpage().get_text_bounded()))
        page.close()
    document.close()
    return found


def similarity(read: str, truth: str) -> float:
    squeeze = "".join
    return difflib.SequenceMatcher(None, squeeze(read.split()), squeeze(truth.split()), autojunk=False).ratio()


def tesseract(image: Path, languages: str, threads: int | None) -> str:
    env = dict(os.environ)
    if threads:
        env["OMP_THREAD_LIMIT"] = str(threads)
    return subprocess.run(["tesseract", str(image), "-", "-l", languages], check=True, capture_output=True,
                          text=True, env=env).stdout


def ocr_rates(pages, read) -> dict:
    started = time.perf_counter()
    texts = [read(page) for page in pages]
    elapsed = time.perf_counter() - started
    return {"pages_per_s": round(len(pages) / elapsed, 3),
            "accuracy": round(statistics.mean(similarity(text, page[2]) for text, page in zip(texts, pages)), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ocr-pages", type=int, default=6)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    missing = [str(path) for path in BOOKS.values() if not path.exists()]
    if missing:
        raise SystemExit(f"Missing {missing}: apt-get install debian-reference-en debian-reference-zh-cn")

    result: dict = {"cores": os.cpu_count(), "text_layer": {}, "ocr": {}}
    for language, path in BOOKS.items():
        ours, theirs, pages = [], [], 0
        for _run in range(args.runs):
            elapsed, pages = hearth_text(path)
            ours.append(elapsed)
            theirs.append(poppler_text(path))
        result["text_layer"][language] = {
            "pages": pages, "hearth_pages_per_s": round(pages / statistics.median(ours), 1),
            "pdftotext_pages_per_s": round(pages / statistics.median(theirs), 1),
            "ratio": round(statistics.median(theirs) / statistics.median(ours), 2)}

    one, every = Ocr(threads=1), Ocr()
    with tempfile.TemporaryDirectory() as work:
        for language, path in BOOKS.items():
            pages = page_images(path, args.ocr_pages, Path(work))
            one.read(pages[0][1]), every.read(pages[0][1])  # models loaded before timing
            result["ocr"][language] = {
                "pages": len(pages), "scale": OCR_SCALE,
                "hearth_1_thread": ocr_rates(pages, lambda page: one.read(page[1])),
                "hearth_all_cores": ocr_rates(pages, lambda page: every.read(page[1])),
                "tesseract_1_thread": ocr_rates(pages, lambda page: tesseract(page[0], TESSERACT_LANGUAGES[language],
                                                                                 1)),
                "tesseract_all_cores": ocr_rates(pages, lambda page: tesseract(page[0],
                                                                                  TESSERACT_LANGUAGES[language], None)),
            }
    emit(result, args.json)


if __name__ == "__main__":
    main()
