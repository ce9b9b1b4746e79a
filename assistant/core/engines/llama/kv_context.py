"""What the llama.cpp context holds, so that a prompt costs only what is new in it.

A chat that only appends, the usual case, shares everything but its newest message with the previous prompt.
Those tokens stay in llama.cpp's KV cache and are not evaluated again: the tenth turn starts as fast as the first.

A prompt that shares less with the context than with an earlier one (another conversation, another pane) would
otherwise evaluate its whole history again. So before a sizeable context is thrown away, it is saved as a
snapshot, and a prompt that matches a snapshot better than the context restores it. Copying a snapshot costs
milliseconds; evaluating the history it holds costs seconds (docs/performance.md has the numbers behind this).

Recurrent and hybrid models (Mamba, LFM2, Jamba, Granite hybrid, Qwen3.5's DeltaNet layers) keep a state that
cannot drop its last tokens: going back even one token means starting over. For them the context saves a snapshot
at each turn boundary (the prompt without its last token, and the opening of the next turn), so that regenerating
a reply or editing the newest message restores the boundary instead of evaluating the whole conversation again.

On the CPU the context can also start small and grow as the conversation does. Without flash attention llama.cpp
keeps the V cache transposed, each row as long as the whole context, and a token decodes about 3% slower in a
4,096-cell context than in a 256-cell one holding the same tokens. So a growable context starts at 256 cells,
doubles when it is full (a new llama.cpp context, the sequence's state copied over: a few ms per MB of cache), and
shrinks back when a prompt keeps little of it. It never grows past ``capacity``, the context the load planned and
the memory estimate counted.
"""

from __future__ import annotations

import ctypes
import logging
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)

SEQ = 0  # the one sequence the app uses
SMALLEST = 256  # cells: llama.cpp rounds every context up to a multiple of 256
KV_PADDING = 256  # cells: each step's attention spans the cache up to its last token, rounded up to this
SAVE_WHEN_DROPPING = 64  # tokens: below this, evaluating them again is cheaper than keeping a snapshot around
RESTORE_WHEN_GAINING = 16  # tokens a snapshot must save over the live context to be worth restoring


class GrowthError(Exception):
    """No larger context could be made (out of memory). The context is as it was, and its size is now the limit."""


class ContextLost(GrowthError):
    """Not even a context of the old size could be made again: there is no usable context left."""


class DecodeError(Exception):
    """llama.cpp could not evaluate tokens (``code`` is llama_decode's return value)."""

    def __init__(self, code: int):
        super().__init__(f"llama_decode returned {code}"
                         + (" (the context is full)" if code == 1 else ""))
        self.code = code


def prompt_chunks(start: int, end: int, n_batch: int, n_ubatch: int) -> list[tuple[int, int]]:
    """The (start, end) pieces in which to evaluate prompt positions ``start`` to ``end``.

    Each llama.cpp step attends over the cache up to its last position rounded up to ``KV_PADDING``. A prompt that
    picks up after a reused start (24 tokens of template, say) and is cut every ``n_batch`` tokens from there ends
    its steps wherever that falls, and each pays for up to 255 cells more than it holds: 508 tokens at positions
    24 to 532 attend over 768 cells, and ran 4% slower here than 488 tokens to 512 and 20 more after it
    (docs/performance.md). So the first piece ends on a multiple of the padding, and every later one starts on one.
    """
    first = (start + n_ubatch) // KV_PADDING * KV_PADDING
    if first <= start or first >= end:
        first = min(end, start + n_batch)
    chunks = [(start, first)]
    for position in range(first, end, n_batch):
        chunks.append((position, min(end, position + n_batch)))
    return chunks


def common_prefix(a: list[int], b: list[int]) -> int:
    """Length of the shared start of two token lists. Slices compare in C, so this stays quick for long prompts."""
    n = min(len(a), len(b))
    if a[:n] == b[:n]:
        return n
    low, high = 0, n  # a[:low] == b[:low] and a[:high] != b[:high]
    while high - low > 1:
        mid = (low + high) // 2
        if a[:mid] == b[:mid]:
            low = mid
        else:
            high = mid
    return low


def whole_images(prompt: list[int], shared: int) -> int:
    """``shared`` moved back to the start of the image it falls inside (an image is evaluated whole or not at all:
    a run of one negative id, llama/vision)."""
    while 0 < shared < len(prompt) and prompt[shared] < 0 and prompt[shared - 1] == prompt[shared]:
        shared -= 1
    return shared


def spans(prompt: list[int], start: int, end: int) -> list[tuple[int, int, bool]]:
    """``prompt[start:end]`` cut into runs of text and whole images: (first, last, is_image)."""
    if not any(token < 0 for token in prompt[start:end]):
        return [(start, end, False)]
    runs, first = [], start
    for i in range(start + 1, end + 1):
        if i == end or (prompt[i] < 0) != (prompt[first] < 0) or (prompt[i] < 0 and prompt[i] != prompt[first]):
            runs.append((first, i, prompt[first] < 0))
            first = i
    return runs


@dataclass
class Snapshot:
    tokens: list[int]
    data: ctypes.Array

    @property
    def size(self) -> int:
        return len(self.data)


class SnapshotCache:
    """The most recently used snapshots, within a memory budget."""

    def __init__(self, budget_bytes: int, max_entries: int = 4):
        self.budget_bytes = budget_bytes
        self.max_entries = max_entries
        # A transformer's snapshot serves every prompt that a shorter one starting it did (its tail can be dropped);
        # a recurrent state's cannot, so for those models the boundaries along a conversation are all kept.
        self.keep_prefixes = False
        self._entries: list[Snapshot] = []  # least recently used first

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def bytes_used(self) -> int:
        return sum(s.size for s in self._entries)

    def prefixes_of(self, tokens: list[int]) -> list[Snapshot]:
        """The snapshots that hold a start of ``tokens`` and nothing else (all a recurrent state can restore)."""
        return [s for s in self._entries if len(s.tokens) <= len(tokens) and common_prefix(s.tokens, tokens)
                == len(s.tokens)]

    def covers(self, tokens: list[int]) -> bool:
        return any(common_prefix(s.tokens, tokens) == len(tokens) for s in self._entries)

    def best(self, prompt: list[int]) -> tuple[Snapshot | None, int]:
        best, shared = None, 0
        for snapshot in self._entries:
            n = common_prefix(snapshot.tokens, prompt)
            if n > shared:
                best, shared = snapshot, n
        return best, shared

    def touch(self, snapshot: Snapshot) -> None:
        """Make ``snapshot`` the most recently used, if the cache still holds it (a save larger than the whole budget
        empties the cache, and what is being restored still has its data)."""
        kept = [s for s in self._entries if s is not snapshot]
        if len(kept) < len(self._entries):
            self._entries = kept + [snapshot]

    def add(self, snapshot: Snapshot) -> None:
        # A snapshot whose tokens start the new one's is worth nothing more: the new one serves every prompt it did.
        self._entries = [s for s in self._entries
                         if common_prefix(s.tokens, snapshot.tokens) < len(s.tokens)
                         or (self.keep_prefixes and len(s.tokens) < len(snapshot.tokens))]
        self._entries.append(snapshot)
        while self._entries and (len(self._entries) > self.max_entries or self.bytes_used > self.budget_bytes):
            self._entries.pop(0)

    def clear(self) -> None:
        self._entries.clear()


GUESS_BATCH = 16  # the most tokens ``append_guesses`` evaluates at once: a generated one and its guessed sequel


class GuessBatch:
    """A llama_batch whose every position is in the one sequence and outputs its logits. Python owns the arrays (no
    llama_batch_init, so nothing to free); the structure points into them."""

    def __init__(self, llama_cpp, capacity: int):
        pointer = ctypes.POINTER
        self.token = (llama_cpp.llama_token * capacity)()
        self.pos = (llama_cpp.llama_pos * capacity)()
        self._n_seq_id = (ctypes.c_int32 * capacity)(*[1] * capacity)
        self._seq = (llama_cpp.llama_seq_id * 1)(SEQ)
        seq = ctypes.cast(self._seq, pointer(llama_cpp.llama_seq_id))
        self._seq_ids = (pointer(llama_cpp.llama_seq_id) * capacity)(*[seq] * capacity)
        self._logits = (ctypes.c_int8 * capacity)(*[1] * capacity)
        self.batch = llama_cpp.llama_batch()
        self.batch.token = ctypes.cast(self.token, pointer(llama_cpp.llama_token))
        self.batch.pos = ctypes.cast(self.pos, pointer(llama_cpp.llama_pos))
        self.batch.n_seq_id = ctypes.cast(self._n_seq_id, pointer(ctypes.c_int32))
        self.batch.seq_id = ctypes.cast(self._seq_ids, pointer(pointer(llama_cpp.llama_seq_id)))
        self.batch.logits = ctypes.cast(self._logits, pointer(ctypes.c_int8))


class KvContext:
    """The tokens in one llama.cpp context's sequence, kept in step with its KV cache.

    ``make_context(n_ctx)`` returns a new llama.cpp context of that size for the same model (None when it cannot),
    and ``free_context(ctx)`` frees one; without them the context keeps its size.
    """

    def __init__(self, llama_cpp, ctx, n_batch: int, snapshots: SnapshotCache, capacity: int | None = None,
                 make_context: Callable[[int], object] | None = None,
                 free_context: Callable[[object], None] | None = None, can_truncate: bool = True):
        self._lib = llama_cpp
        self.can_truncate = can_truncate  # False for recurrent and hybrid models: see the module's docstring
        self._batch_size = max(1, n_batch)
        self._make, self._free = make_context, free_context
        self.snapshots = snapshots
        self.tokens: list[int] = []
        self._batches: dict[int, int] = {}  # end -> start of each batch read into the cells the context still holds
        self.restored_tokens = 0  # of the last prefill: tokens that came back from a saved snapshot
        self.resizes = 0  # contexts made to grow or shrink, for tests and benchmarks
        self.short_of: int | None = None  # the size llama.cpp had no memory for, once capacity had to come down
        self._one = (llama_cpp.llama_token * 1)()
        self._one_batch = llama_cpp.llama_batch_get_one(self._one, 1)  # points at _one; reused for every token
        self._decode = llama_cpp.llama_decode
        self._guess = GuessBatch(llama_cpp, GUESS_BATCH)
        self._vocab_bytes: int | None = None
        # Evaluates an image's run of positions (llama/vision): an image is a run of one negative id in ``tokens``.
        self.media = None
        self._bind(ctx)
        self.capacity = capacity or self.size
        self.clear()

    def _bind(self, ctx) -> None:
        self.ctx = ctx
        self.size = self._lib.llama_n_ctx(ctx)
        # llama.cpp caps a context's batch at its size and aborts the process on a longer one.
        self._n_batch = min(self._batch_size, self._lib.llama_n_batch(ctx))
        self._n_ubatch = min(self._n_batch, self._lib.llama_n_ubatch(ctx))
        self._memory = self._lib.llama_get_memory(ctx)

    def clear(self) -> None:
        self._lib.llama_memory_clear(self._memory, True)
        self.tokens = []
        self._batches.clear()

    def close(self) -> None:
        """Free the context, when this object was given the means to (a growable one)."""
        if self._free is not None and self.ctx is not None:
            self._free(self.ctx)
        self.ctx = self._memory = None

    # Size --------------------------------------------------------------------------------------------------

    def reserve(self, n: int) -> None:
        """Make room for ``n`` tokens, doubling the context as often as needed. Raises GrowthError when there is no
        memory for that many (``capacity`` is then what there was memory for)."""
        if n <= self.size:
            return
        if self._make is None or n > self.capacity:
            raise GrowthError(f"{n:,} tokens do not fit in a {self.size:,}-token context")
        size = self.size
        while size < n:
            size *= 2
        self._resize(min(size, self.capacity))
        if self.size < n:
            raise GrowthError(f"there was not enough memory for a {self.short_of:,}-token context")

    def _shrink_for(self, n: int) -> None:
        """Before a prompt that keeps little of the context: make it the size that prompt needs, if half or less."""
        size = SMALLEST
        while size < n:
            size *= 2
        if self._make is not None and size * 2 <= self.size and len(self.tokens) <= size:
            self._resize(size)

    def _resize(self, size: int) -> None:
        """Make the context ``size`` cells, or when llama.cpp cannot (out of memory) the largest of half, a quarter,
        ... of it that it can, down to the size it had; ``capacity`` then becomes that."""
        state = self._state() if self.tokens else None
        old_size = self.size
        self._free(self.ctx)  # first, so that the cache is never in memory twice
        self.ctx = self._memory = None
        tries = [size]
        while tries[-1] // 2 > old_size:
            tries.append(tries[-1] // 2)
        tries.append(old_size)  # freeing the old one left room for it again
        for cells in tries:
            ctx = self._make(cells)
            if ctx is not None:
                break
        else:
            self.tokens = []
            self._batches.clear()
            raise ContextLost(f"llama.cpp could not make a {old_size:,}-token context again")
        self._bind(ctx)
        self.resizes += 1
        if cells < size and size > old_size:
            self.capacity, self.short_of = self.size, size
            log.warning("context limited to %d tokens: no memory for %d", self.size, size)
        if state is not None and self._lib.llama_state_seq_set_data(self.ctx, state, len(state), SEQ) == 0:
            held, self.tokens = len(self.tokens), []
            self._batches.clear()
            raise GrowthError(f"could not move {held:,} tokens into a {self.size:,}-token context")
        log.debug("context resized from %d to %d cells (%d tokens held)", old_size, self.size, len(self.tokens))

    def _state(self) -> ctypes.Array:
        size = self._lib.llama_state_seq_get_size(self.ctx, SEQ)
        data = (ctypes.c_uint8 * size)()
        if self._lib.llama_state_seq_get_data(self.ctx, data, size, SEQ) != size:
            raise GrowthError(f"could not copy a {len(self.tokens)}-token context")
        return data

    # Evaluating --------------------------------------------------------------------------------------------

    def prefill(self, prompt: list[int], should_stop: Callable[[], bool] | None = None,
                exact: bool = False) -> int | None:
        """Make the context hold ``prompt``, with the logits of its last token ready to sample from. ``exact``:
        bit for bit the logits the prompt had when it was read (a seeded reply regenerated), at the cost of reading
        its last batch again rather than its last token.

        Returns how many tokens had to be evaluated, or None when ``should_stop`` said to give up (the context then
        holds a correct prefix of the prompt, which the next try reuses). Raises DecodeError or GrowthError.
        """
        if not prompt:
            raise ValueError("an empty prompt")
        self.restored_tokens = 0
        if not self.can_truncate:
            return self._prefill_without_truncation(prompt, should_stop)
        shared = common_prefix(self.tokens, prompt)
        snapshot, snapshot_shared = self.snapshots.best(prompt)
        if snapshot is not None and snapshot_shared < shared + RESTORE_WHEN_GAINING:
            snapshot = None
        if snapshot is not None:
            self.snapshots.touch(snapshot)  # before saving: going back to the oldest conversation must not evict it
        if len(self.tokens) - shared >= SAVE_WHEN_DROPPING and not self.snapshots.covers(self.tokens):
            self.save()
        if snapshot is not None:
            restored = self.restore(snapshot)  # a failed restore leaves the context empty
            shared = common_prefix(self.tokens, prompt)
            self.restored_tokens = shared if restored else 0
        shared = whole_images(prompt, shared)
        again = False
        if shared == len(prompt):
            # The last prompt token is evaluated again: sampling needs its logits. For an exact reply with the batch
            # it was first read in, where that batch ended the prompt: on some CPUs a batch gives other logits than
            # one token, and a seed must give the same reply again (Regenerate).
            first_read = self._batches.get(shared)
            again = exact and first_read is not None and first_read < shared
            shared = first_read if again else shared - 1
        self.truncate(shared)
        self._shrink_for(len(prompt))
        self.reserve(len(prompt))
        if not self._evaluate(prompt, shared, len(prompt), should_stop, whole=again):
            return None
        return len(prompt) - shared

    def _evaluate(self, prompt: list[int], start: int, end: int, should_stop: Callable[[], bool] | None,
                  whole: bool = False) -> bool:
        """Evaluate ``prompt[start:end]`` after the ``start`` tokens the context holds (``whole``: in one batch);
        False when stopped."""
        if start >= end:
            return True
        abort = None
        if should_stop is not None:
            # Prompt evaluation can take seconds on a long prompt; llama.cpp polls this between graph nodes. It is
            # installed only for the prompt, because a Python call per node would slow every generated token. It goes
            # on the context as it is now, after any resizing.
            abort = self._lib.ggml_abort_callback(lambda _data: bool(should_stop()))
            self._lib.llama_set_abort_callback(self.ctx, abort, None)
        try:
            for first, last, image in spans(prompt, start, end):
                if image:
                    if should_stop is not None and should_stop():
                        return False
                    self._eval_image(prompt, first, last)
                    continue
                pieces = [(first, last)] if whole else prompt_chunks(first, last, self._n_batch, self._n_ubatch)
                for piece_start, piece_end in pieces:
                    if should_stop is not None and should_stop():
                        return False
                    self._eval(prompt[piece_start:piece_end])
        except DecodeError:
            if should_stop is not None and should_stop():
                return False  # the abort callback interrupted it
            raise
        finally:
            if abort is not None:
                self._lib.llama_set_abort_callback(self.ctx, self._lib.ggml_abort_callback(), None)
        return True

    def _prefill_without_truncation(self, prompt: list[int], should_stop) -> int | None:
        """``prefill`` for a memory that cannot drop a tail: start from the live context only where it holds a
        start of the prompt and nothing after it, else from the longest snapshot that does, else from nothing; and
        keep the state before the prompt's last token as a snapshot, the boundary a regenerated reply starts from."""
        boundary = len(prompt) - 1  # the last token is evaluated for its logits, which a snapshot does not keep
        held = len(self.tokens)
        live = held if held <= boundary and common_prefix(self.tokens, prompt) == held else 0
        snapshot, start = None, live
        for candidate in self.snapshots.prefixes_of(prompt[:boundary]):
            if len(candidate.tokens) > start:
                snapshot, start = candidate, len(candidate.tokens)
        if held - live >= SAVE_WHEN_DROPPING and not self.snapshots.covers(self.tokens):
            self.save()  # the live context is about to be replaced: another conversation may come back to it
        if snapshot is not None:
            if self.restore(snapshot):
                self.restored_tokens = start
            else:
                start = 0
        elif live == 0 and held:
            self.clear()
        self.reserve(len(prompt))
        if not self._evaluate(prompt, start, boundary, should_stop):
            return None
        if boundary and not self.snapshots.covers(prompt[:boundary]):
            self.save()
        if not self._evaluate(prompt, boundary, len(prompt), should_stop):
            return None
        return len(prompt) - start

    def append(self, token: int) -> None:
        """Evaluate one generated token: the per-token step, so it does as little as possible. Raises DecodeError,
        or GrowthError when the context is full and cannot grow."""
        if len(self.tokens) >= self.size:
            self.reserve(len(self.tokens) + 1)
        self._one[0] = token
        code = self._decode(self.ctx, self._one_batch)
        if code != 0:
            self._after_failed_decode(len(self.tokens))
            raise DecodeError(code)
        self.tokens.append(token)

    def append_guesses(self, tokens: list[int]) -> None:
        """Evaluate a generated token and the tokens guessed to follow it (``prompt_lookup``) in one batch, with
        logits for every position: output ``i`` is the next token's after ``tokens[i]``. The caller drops the guesses
        the sampler does not confirm with ``truncate``. They must fit in the context as it is (``room``)."""
        count = len(tokens)
        if count > len(self._guess.token) or len(self.tokens) + count > self.size:
            raise ValueError(f"{count} tokens do not fit the guess batch or the context")
        batch, start = self._guess, len(self.tokens)
        for i, token in enumerate(tokens):
            batch.token[i], batch.pos[i] = token, start + i
        batch.batch.n_tokens = count
        code = self._decode(self.ctx, batch.batch)
        if code != 0:
            self._after_failed_decode(start)
            raise DecodeError(code)
        self.tokens.extend(tokens)

    def output(self, index: int) -> bytes:
        """The logits of output ``index`` of the last decode, as raw bytes (to compare two evaluations exactly)."""
        lib = self._lib
        if self._vocab_bytes is None:
            self._vocab_bytes = 4 * lib.llama_vocab_n_tokens(lib.llama_model_get_vocab(lib.llama_get_model(self.ctx)))
        return ctypes.string_at(lib.llama_get_logits_ith(self.ctx, index), self._vocab_bytes)

    @property
    def room(self) -> int:
        """Tokens that fit in the context before it has to grow."""
        return self.size - len(self.tokens)

    def _eval(self, chunk: list[int]) -> None:
        start = len(self.tokens)
        array = (self._lib.llama_token * len(chunk))(*chunk)
        code = self._decode(self.ctx, self._lib.llama_batch_get_one(array, len(chunk)))
        if code != 0:
            self._after_failed_decode(start)
            raise DecodeError(code)
        self.tokens.extend(chunk)
        self._batches[len(self.tokens)] = start

    def _eval_image(self, prompt: list[int], start: int, end: int) -> None:
        if self.media is None:
            raise DecodeError(-1)  # a prompt with an image reached a context without a projector
        if start != len(self.tokens):
            raise ValueError("an image must be evaluated right after the tokens the context holds")
        try:
            taken = self.media.evaluate(prompt[start], self.ctx, start, self._n_batch, SEQ)
        except DecodeError:
            self._after_failed_decode(start)
            raise
        if taken != end - start:
            self._after_failed_decode(start)
            raise DecodeError(-1)
        self.tokens.extend(prompt[start:end])

    def _after_failed_decode(self, start: int) -> None:
        # An aborted or failed decode can leave part of its batch in the cache; drop it so the bookkeeping stays true.
        if not self._lib.llama_memory_seq_rm(self._memory, SEQ, start, -1):
            self.clear()  # a recurrent state cannot give back the part it took in: start over
            return
        del self.tokens[start:]
        self._forget_batches_after(start)

    def truncate(self, n: int) -> None:
        if n < len(self.tokens):
            if not self._lib.llama_memory_seq_rm(self._memory, SEQ, n, -1):
                self.clear()  # this memory cannot drop a tail (recurrent models): start over
                return
            del self.tokens[n:]
            self._forget_batches_after(n)

    def _forget_batches_after(self, n: int) -> None:
        for end in [end for end in self._batches if end > n]:
            del self._batches[end]

    # Snapshots ---------------------------------------------------------------------------------------------

    def save(self) -> Snapshot | None:
        try:
            data = self._state()
        except GrowthError as exc:
            log.warning("could not snapshot: %s", exc)
            return None
        snapshot = Snapshot(list(self.tokens), data)
        self.snapshots.add(snapshot)
        return snapshot

    def restore(self, snapshot: Snapshot) -> bool:
        self.clear()
        try:
            self.reserve(len(snapshot.tokens))
        except GrowthError as exc:
            log.warning("could not make room to restore a %d-token snapshot: %s", len(snapshot.tokens), exc)
            return False
        if self._lib.llama_state_seq_set_data(self.ctx, snapshot.data, snapshot.size, SEQ) == 0:
            log.warning("could not restore a %d-token snapshot", len(snapshot.tokens))
            self.clear()
            return False
        self.tokens = list(snapshot.tokens)
        self.snapshots.touch(snapshot)
        return True
