"""The bundle reads a scanned PDF page by OCR: a PDF with a text page and a page that is only an image of Chinese text
(tests/conftest.make_pdf) is added with the bundle's ``docs add``, and ``docs list`` must count the page as read by
OCR; ``ask --docs`` without a model is not needed, the index is searched directly for the scanned words.

    .venv/bin/python packaging/ocr_check.py APP --data DIR
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("app")
    parser.add_argument("--data", required=True)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    from conftest import SCANNED, make_pdf

    app = QGuiApplication([])  # Qt's PDF writer draws the test PDF
    folder = Path(tempfile.mkdtemp(prefix="hearth-ocr-"))
    make_pdf(folder / "rivers.pdf", "The Yangtze is the longest river in Asia.", SCANNED)
    env = {"HOME": str(Path(args.data) / "home"), "PATH": "/usr/bin:/bin", "XDG_DATA_HOME": args.data}
    added = subprocess.run([args.app, "docs", "add", str(folder)], env=env, capture_output=True, text=True,
                           timeout=600)
    listed = subprocess.run([args.app, "docs", "list"], env=env, capture_output=True, text=True, timeout=120)
    print(added.stdout + added.stderr + listed.stdout + listed.stderr)
    if added.returncode or listed.returncode or "1 page(s) read by OCR" not in listed.stdout:
        print("the bundle did not read the scanned page by OCR", file=sys.stderr)
        return 1
    print("the bundle read the scanned page by OCR")
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
