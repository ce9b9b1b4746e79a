"""Reading a scanned page: RapidOCR (Apache-2.0) on ONNX Runtime, with its Chinese and English models shipped inside
its package, so it works offline from the first use. Loaded when the first page needs it (half a second, about
100 MB), and used from the indexing thread only."""

from __future__ import annotations

import importlib.util
import threading


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
        """The text of an RGB image (a numpy array), line by line from the top."""
        with self._lock:
            if self._engine is None:
                from rapidocr_onnxruntime import RapidOCR

                limits = {} if self.threads is None else {
                    f"{part}_intra_op_num_threads": self.threads for part in ("det", "cls", "rec")}
                self._engine = RapidOCR(**limits)
            found, _elapsed = self._engine(image)
        if not found:
            return ""
        # Each line comes with its box; sort top to bottom, then left to right, as it is read.
        lines = sorted(found, key=lambda item: (round(item[0][0][1] / 12), item[0][0][0]))
        return "\n".join(text for _box, text, _score in lines)
