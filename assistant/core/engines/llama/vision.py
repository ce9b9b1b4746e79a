"""A model's projector (mmproj) through llama.cpp's libmtmd: images turned into tokens the text model reads.

An image becomes a run of positions in the prompt, as many as the projector makes of it (256 for Gemma 3). The
prompt stays a list of token ids so that ``kv_context`` can keep, compare and snapshot it as it does text: each
image's positions hold one negative id, the image's own (a real token id is never negative). Two prompts with the
same picture at the same place therefore share that prefix, and a regenerate, an edit or a later turn evaluates
nothing of it again.

Encoding an image is the expensive part (seconds for a real vision tower on a CPU), so its embeddings are kept by
the image's sha256 in a bounded cache: a conversation whose context was thrown away (another conversation in
between, a shorter prompt) decodes the image's embeddings again without encoding it.

Projectors that place positions in two dimensions (M-RoPE: Qwen2-VL and its family) advance the position by less
than the number of tokens; ``kv_context`` counts one position per token, so they are refused with a clear line.
"""

from __future__ import annotations

import ctypes
import hashlib
import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from assistant.core.engines.llama.kv_context import DecodeError
from assistant.core.engines.types import EngineError
from assistant.core.i18n import translate

log = logging.getLogger(__name__)

EMBEDDING_BUDGET = 256 << 20  # bytes of image embeddings kept (a Gemma 3 image is 2.6 MB of them)
LAYOUTS_KEPT = 64  # images whose chunks stay tokenized (their bitmaps preprocessed for the projector)
FILES_KNOWN = 1024  # image files whose sha256 is remembered by path, size and time
# Where an image goes in the rendered prompt: a private-use character, which model_safe_text keeps out of what
# people type (see ``strip_marker``), so a message cannot forge an image.
MARKER = "\U000f0000"


def strip_marker(text: str) -> str:
    return text.replace(MARKER, "")


@dataclass
class _Layout:
    """One image as the projector tokenizes it: text tokens around it (Gemma 3's <start_of_image>) and the image."""

    chunks: object  # mtmd_input_chunks, kept alive: ``image_chunk`` points into it
    tokens: list[int]  # the ids for the prompt, the image's positions all ``media_id``
    image_chunk: object
    n_tokens: int
    media_id: int
    sha256: str


class Vision:
    """An mtmd context for a loaded llama.cpp model. Used from the engine's thread, and for counting from the host's
    counting thread, hence the lock."""

    def __init__(self, llama_cpp, mtmd, model, projector: Path, n_threads: int, use_gpu: bool):
        self._lib, self._mtmd = llama_cpp, mtmd
        self.projector = Path(projector)
        self._lock = threading.RLock()
        self._layouts: OrderedDict[str, _Layout] = OrderedDict()
        self._ids: dict[str, int] = {}  # sha256 -> media id, for the model's whole life: snapshots hold them
        self._by_id: dict[int, str] = {}
        self._file_sha: dict[tuple[str, int, int], str] = {}
        self._embeddings: OrderedDict[str, ctypes.Array] = OrderedDict()
        self._embedding_bytes = 0
        self.encoded = 0  # images encoded by the projector, for tests and benchmarks
        self.encode_seconds = 0.0
        params = mtmd.mtmd_context_params_default()
        params.use_gpu = use_gpu
        params.n_threads = n_threads
        params.print_timings = False
        # Warm-up stays on: it is where libmtmd finds out whether flash attention works on this backend (without
        # it, "auto" means off, and encoding is slower) and reserves the encoder's memory, at load, not mid-reply.
        params.warmup = True
        self._ctx = mtmd.mtmd_init_from_file(str(projector).encode(), model, params)
        if not self._ctx:
            raise EngineError(translate(
                "Engine", "The projector {file} could not be used with this model (llama.cpp refused it: it may "
                          "be for another model). The model was loaded without reading images.").format(
                file=self.projector.name), "projector")
        if not mtmd.mtmd_support_vision(self._ctx):
            self.close()
            raise EngineError(translate(
                "Engine", "The projector {file} is for sound, not images; the model was loaded without reading "
                          "images.").format(file=self.projector.name), "projector")
        if mtmd.mtmd_decode_use_mrope(self._ctx):
            self.close()
            raise EngineError(translate(
                "Engine", "The projector {file} places image positions in two dimensions (M-RoPE, as Qwen2-VL "
                          "does), which Hearth cannot use yet; the model was loaded without reading "
                          "images.").format(file=self.projector.name), "projector")
        self._n_embd = llama_cpp.llama_model_n_embd_inp(model)
        self._marker = mtmd.mtmd_default_marker()
        self._no_callback = mtmd.mtmd_helper_post_decode_callback()  # a NULL function pointer

    def close(self) -> None:
        with self._lock:
            for layout in self._layouts.values():
                self._mtmd.mtmd_input_chunks_free(layout.chunks)
            self._layouts = OrderedDict()
            self._embeddings = OrderedDict()
            if self._ctx:
                self._mtmd.mtmd_free(self._ctx)
                self._ctx = None

    # Tokens --------------------------------------------------------------------------------------------------

    def image_tokens(self, path: str | Path) -> list[int]:
        """The ids an image takes in a prompt (see the module's docstring). Raises EngineError for a file the
        projector cannot read."""
        return self._layout(Path(path)).tokens

    def _layout(self, path: Path) -> _Layout:
        """The image's layout, prepared once. A prompt is tokenized several times while the turns that fit are
        searched for, so a file seen before (same path, size and time) is not read and hashed again."""
        try:
            stat = path.stat()
            key = (str(path), stat.st_size, stat.st_mtime_ns)
            with self._lock:
                layout = self._layouts.get(self._file_sha.get(key, ""))
                if layout is not None:
                    self._layouts.move_to_end(layout.sha256)
                    return layout
            data = path.read_bytes()
        except OSError as exc:
            raise EngineError(translate("Engine", "The image {file} could not be read: {error}").format(
                file=path.name, error=exc.strerror or exc), "image") from exc
        sha = hashlib.sha256(data).hexdigest()
        with self._lock:
            if len(self._file_sha) > FILES_KNOWN:
                self._file_sha.clear()
            self._file_sha[key] = sha
            layout = self._layouts.get(sha)
            if layout is not None:
                self._layouts.move_to_end(sha)
                return layout
            layout = self._tokenize(data, sha, path.name)
            self._layouts[sha] = layout
            while len(self._layouts) > LAYOUTS_KEPT:
                _old, dropped = self._layouts.popitem(last=False)
                self._mtmd.mtmd_input_chunks_free(dropped.chunks)
            return layout

    def _tokenize(self, data: bytes, sha: str, name: str) -> _Layout:
        mtmd = self._mtmd
        buffer = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
        bitmap = mtmd.mtmd_helper_bitmap_init_from_buf(self._ctx, buffer, len(data), False)
        if not bitmap:
            raise EngineError(translate("Engine", "The image {file} is not one llama.cpp can read.").format(
                file=name), "image")
        chunks = mtmd.mtmd_input_chunks_init()
        try:
            text = mtmd.mtmd_input_text()
            text.text = self._marker
            text.text_len = len(self._marker)
            text.add_special = False
            text.parse_special = True
            bitmaps = (mtmd.mtmd_bitmap_p_ctypes * 1)(bitmap)
            code = mtmd.mtmd_tokenize(self._ctx, chunks, ctypes.byref(text), bitmaps, 1)
        finally:
            mtmd.mtmd_bitmap_free(bitmap)
        if code != 0:
            mtmd.mtmd_input_chunks_free(chunks)
            raise EngineError(translate("Engine", "The projector could not prepare the image {file} (libmtmd "
                                                  "error {code}).").format(file=name, code=code), "image")
        media_id = self._ids.get(sha)
        if media_id is None:
            media_id = self._ids[sha] = -(len(self._ids) + 1)
            self._by_id[media_id] = sha
        tokens: list[int] = []
        image_chunk, n_image = None, 0
        for index in range(mtmd.mtmd_input_chunks_size(chunks)):
            chunk = mtmd.mtmd_input_chunks_get(chunks, index)
            if mtmd.mtmd_input_chunk_get_type(chunk) == mtmd.MTMD_INPUT_CHUNK_TYPE_TEXT:
                count = ctypes.c_size_t(0)
                ids = mtmd.mtmd_input_chunk_get_tokens_text(chunk, ctypes.byref(count))
                tokens.extend(ids[i] for i in range(count.value))
            elif image_chunk is None:
                image_chunk = chunk
                n_image = mtmd.mtmd_input_chunk_get_n_tokens(chunk)
                tokens.extend([media_id] * n_image)
        if image_chunk is None or n_image == 0:
            mtmd.mtmd_input_chunks_free(chunks)
            raise EngineError(translate("Engine", "The projector made nothing of the image {file}.").format(
                file=name), "image")
        return _Layout(chunks, tokens, image_chunk, n_image, media_id, sha)

    # Evaluating ----------------------------------------------------------------------------------------------

    def evaluate(self, media_id: int, ctx, n_past: int, n_batch: int, seq: int = 0) -> int:
        """Decode the image ``media_id`` into ``ctx`` at ``n_past``; returns the positions it took. Its embeddings
        come from the cache, or from the projector when the image is new to it."""
        mtmd = self._mtmd
        with self._lock:
            sha = self._by_id.get(media_id)
            layout = self._layouts.get(sha) if sha else None
            if layout is None:
                raise EngineError(translate("Engine", "An image of the prompt is no longer prepared; send the "
                                                      "message again."), "image")
            embeddings = self._embeddings.get(sha)
            if embeddings is None:
                started = time.perf_counter()
                code = mtmd.mtmd_encode_chunk(self._ctx, layout.image_chunk)
                if code != 0:
                    raise EngineError(translate("Engine", "The projector failed to encode an image (libmtmd error "
                                                          "{code}).").format(code=code), "image")
                size = layout.n_tokens * self._n_embd
                embeddings = (ctypes.c_float * size)()
                ctypes.memmove(embeddings, mtmd.mtmd_get_output_embd(self._ctx), size * 4)
                self.encoded += 1
                self.encode_seconds += time.perf_counter() - started
                self._keep(sha, embeddings)
            else:
                self._embeddings.move_to_end(sha)
            new_past = self._lib.llama_pos(0)
            code = mtmd.mtmd_helper_decode_image_chunk(self._ctx, ctx, layout.image_chunk, embeddings, n_past, seq,
                                                       n_batch, ctypes.byref(new_past), self._no_callback, None)
        if code != 0:
            raise DecodeError(code)
        return new_past.value - n_past

    def _keep(self, sha: str, embeddings: ctypes.Array) -> None:
        self._embeddings[sha] = embeddings
        self._embedding_bytes += ctypes.sizeof(embeddings)
        while self._embedding_bytes > EMBEDDING_BUDGET and len(self._embeddings) > 1:
            _old, dropped = self._embeddings.popitem(last=False)
            self._embedding_bytes -= ctypes.sizeof(dropped)

    def forget_embeddings(self) -> None:
        """For benchmarks: encode every image again, as on a first sight."""
        with self._lock:
            self._embeddings.clear()
            self._embedding_bytes = 0
