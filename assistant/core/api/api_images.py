"""Pictures sent to Hearth's API: only ``data:`` URLs, whose bytes are capped, decoded and made safe by
``prepare_image`` (bombs, damaged files and impostors refused; EXIF and every other metadata dropped) before the
engine sees a file. A web address is never fetched: llama-cpp-python's own chat handler would fetch any URL a caller
names, which on a server meant for this computer lets any web page or program that reaches it make requests from
inside the user's network (request forgery), or read ``file:`` paths.

The pictures are kept in a folder of the API's own (a temporary one unless another store is given) only while a
request needs them: a client's pictures are no part of the user's history.
"""

from __future__ import annotations

import asyncio
import hashlib
import tempfile
from pathlib import Path

from assistant.core.api.openai_format import ApiError
from assistant.core.images.data_url import image_from_data_url
from assistant.core.images.image_file import ImageProblem, PreparedImage, prepare_image
from assistant.core.images.image_store import ImageStore

# A phone's photo is 3 to 6 MB; a larger picture is made smaller by prepare_image anyway.
MAX_IMAGE_BYTES = 12 << 20


class ApiImages:
    """Decodes a request's image URLs into stored files and removes each file when no request uses it any more.
    Called on the server's event loop only; the decoding runs on worker threads."""

    def __init__(self, store: ImageStore | None = None, max_bytes: int = MAX_IMAGE_BYTES):
        if store is None:
            self._folder = tempfile.TemporaryDirectory(prefix="hearth-api-images-")  # removed with this object
            store = ImageStore(Path(self._folder.name))
        self.store, self.max_bytes = store, max_bytes
        self._users: dict[str, int] = {}  # a picture's requests, by its sha256 (two may send the same one)
        self._paths: dict[str, Path] = {}

    async def take(self, messages: list[dict]) -> tuple[list[dict], list[str]]:
        """``messages`` with each ``images`` list of URLs turned into the stored files' paths, and the pictures to
        ``release`` when the request has ended. ApiError (400) names the message and what is wrong."""
        taken: list[str] = []
        try:
            turns = []
            for index, message in enumerate(messages):
                urls = message.get("images")
                if urls:
                    paths = []
                    for url in urls:
                        paths.append(await self._keep(url, index, taken))
                    message = {**message, "images": paths}
                turns.append(message)
            return turns, taken
        except BaseException:
            self.release(taken)
            raise

    async def _keep(self, url: str, index: int, taken: list[str]) -> str:
        try:
            prepared, digest = await asyncio.to_thread(self._prepare, url)
        except ImageProblem as problem:
            raise _refused(problem, index) from None
        # Counted before the file is written, so that a request ending meanwhile cannot remove it.
        self._users[digest] = self._users.get(digest, 0) + 1
        taken.append(digest)
        try:
            stored = await asyncio.to_thread(self.store.add, prepared)
        except OSError as exc:
            raise ApiError(500, f"Hearth could not keep the picture to read it ({exc.strerror or exc}).",
                           "image_not_kept", kind="server_error") from None
        self._paths[digest] = stored.path
        return str(stored.path)

    def _prepare(self, url: str) -> tuple[PreparedImage, str]:
        prepared = prepare_image(image_from_data_url(url, self.max_bytes))
        return prepared, hashlib.sha256(prepared.data).hexdigest()

    def release(self, taken: list[str]) -> None:
        for digest in taken:
            left = self._users.get(digest, 0) - 1
            if left > 0:
                self._users[digest] = left
                continue
            self._users.pop(digest, None)
            path = self._paths.pop(digest, None)
            try:
                if path is not None:
                    path.unlink()
            except OSError:
                pass  # gone already; a temporary folder goes at the end anyway

    @property
    def kept(self) -> int:
        """How many pictures requests are using now."""
        return len(self._users)


def _refused(problem: ImageProblem, index: int) -> ApiError:
    where = f"messages[{index}].content"
    if problem.kind == "refused_url":
        return ApiError(400, f"{where}: {problem} Hearth never fetches a URL it is given: a server that did would let "
                             f"anyone who can reach it make requests from this computer (request forgery).",
                        "image_url_refused", where)
    return ApiError(400, f"{where}: {problem}", "invalid_image", where)
