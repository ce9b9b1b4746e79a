"""Prepared pictures kept by their content: one file per distinct picture, named by the sha256 of its bytes, under
``root/<first two hex digits>/``, so a picture attached twice, or to two messages, is kept once and the history
refers to it by its hash. Files are written whole or not at all (a temporary file, then a rename)."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from assistant.core.images.image_file import PreparedImage, prepare_image, prepare_image_file

_SUFFIXES = {".png": "image/png", ".jpg": "image/jpeg"}
_HASH = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class StoredImage:
    sha256: str
    path: Path
    width: int
    height: int
    mime: str


class ImageStore:
    def __init__(self, root: Path):
        """``root`` need not exist: it is made with the first picture."""
        self.root = Path(root)

    def add(self, prepared: PreparedImage) -> StoredImage:
        """The prepared picture kept (once, whatever the number of calls). A full disk or a folder that cannot be
        written raises OSError for the caller to say; no partial file is left behind."""
        digest = hashlib.sha256(prepared.data).hexdigest()
        path = self._path(digest, prepared.suffix)
        if path.is_file() and path.stat().st_size == len(prepared.data):
            os.utime(path)  # kept again now: remove_unused's grace counts from here
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            _write_whole(path, prepared.data)
        return StoredImage(digest, path, prepared.width, prepared.height, prepared.mime)

    def add_file(self, path: str | Path) -> StoredImage:
        """A file prepared (ImageProblem when it is refused) and kept."""
        return self.add(prepare_image_file(path))

    def add_bytes(self, data: bytes, name: str = "") -> StoredImage:
        return self.add(prepare_image(data, name))

    def get(self, sha256: str) -> StoredImage | None:
        """The picture kept under this hash, or None (never kept, removed, or not a hash at all)."""
        if not _HASH.fullmatch(sha256 or ""):
            return None
        for suffix, mime in _SUFFIXES.items():
            path = self._path(sha256, suffix)
            if path.is_file():
                width, height = _size(path)
                return StoredImage(sha256, path, width, height, mime)
        return None

    def remove_unused(self, referenced: set[str], grace_s: float = 0.0) -> int:
        """Every kept picture whose hash is not in ``referenced`` removed, unless it was added in the last
        ``grace_s`` seconds (a picture in the composer, not yet in the history, is kept by either); temporary files
        a crash left an hour ago go too. Returns how many pictures went. A file that cannot be removed now stays for
        the next time."""
        if not self.root.is_dir():
            return 0
        removed, now = 0, time.time()
        for folder in self.root.iterdir():
            if not (folder.is_dir() and len(folder.name) == 2):
                continue
            for path in folder.iterdir():
                leftover = path.name.startswith(".") and path.name.endswith(".part")
                if not leftover and (path.suffix not in _SUFFIXES or path.stem in referenced):
                    continue
                try:
                    if now - path.stat().st_mtime < (3600 if leftover else grace_s):
                        continue
                    path.unlink()
                except OSError:
                    continue
                removed += not leftover
            try:
                folder.rmdir()  # only when it is now empty
            except OSError:
                pass
        return removed

    def _path(self, sha256: str, suffix: str) -> Path:
        return self.root / sha256[:2] / f"{sha256}{suffix}"


def _write_whole(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(prefix=".", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def _size(path: Path) -> tuple[int, int]:
    """Width and height from the header of a file this store wrote (PNG's IHDR, JPEG's frame), without decoding."""
    try:
        from PIL import Image  # loaded with the first picture, not at start-up

        with Image.open(path, formats=("PNG", "JPEG")) as picture:
            return picture.size
    except (OSError, SyntaxError, ValueError):
        return 0, 0
