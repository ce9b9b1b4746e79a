"""Reading the text in a picture or a scanned page: RapidOCR (Apache-2.0) on ONNX Runtime, with its Chinese and
English models shipped inside its package, so it works offline from the first use. Loaded when the first picture
needs it (half a second, about 100 MB); one call at a time, from background threads only."""

from __future__ import annotations

import importlib.util
import threading

from assistant.core.images.reading_order import TextBox, reading_order


class Ocr:
    def __init__(self, threads: int | None = None):
        """``threads``: ONNX Runtime's threads per model (None: all cores). The app asks for one, so that reading
        scanned pages in the background leaves the other cores to the model writing a reply."""
        self.threads = threads
        self._engine = None
        self._lock = threading.Lock()

    @staticmethod
    def available() -> bool:
        return importlib.util.find_spec("rapidocr_onnxruntime") is not None

    def read(self, image) -> str:
        """The text of an RGB image (a numpy array), one line per row from the top (per column from the right,
        for vertical Chinese or Japanese)."""
        return "\n".join(reading_order(self.find(image)))

    def find(self, image) -> list[TextBox]:
        """The pieces of text in an RGB image (a numpy array), each with its box, in no particular order."""
        with self._lock:
            if self._engine is None:
                from rapidocr_onnxruntime import RapidOCR

                limits = {} if self.threads is None else {
                    f"{part}_intra_op_num_threads": self.threads for part in ("det", "cls", "rec")}
                self._engine = RapidOCR(**limits)
            found, _elapsed = self._engine(image)
        return [TextBox.around(points, text) for points, text, _score in found or ()]
