"""What the llama.cpp context holds, so that a prompt costs only what is new in it.

A chat that only appends, the usual case, shares everything but its newest message with the previous prompt.
Those tokens stay in llama.cpp's KV cache and are not evaluated again: the tenth turn starts as fast as the first.

A prompt that shares less with the context than with an earlier one (another conversation, another pane) would
otherwise evaluate its whole history again. So before a sizeable context is thrown away, it is saved as a
snapshot, and a prompt that matches a snapshot better than the context restores it. Copying a snapshot costs
milliseconds; evaluating the history it holds costs seconds (docs/performance.md has the numbers behind this).
"""

from __future__ import annotations

import ctypes
import logging
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)

SEQ = 0  # the one sequence the app uses
SAVE_WHEN_DROPPING = 64  # tokens: below this, evaluating them again is cheaper than keeping a snapshot around
RESTORE_WHEN_GAINING = 16  # tokens a snapshot must save over the live context to be worth restoring


class DecodeError(Exception):
    """llama.cpp could not evaluate tokens (``code`` is llama_decode's return value)."""

    def __init__(self, code: int):
        super().__init__(f"llama_decode returned {code}"
                         + (" (the context is full)" if code == 1 else ""))
        self.code = code


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
        self._entries: list[Snapshot] = []  # least recently used first

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def bytes_used(self) -> int:
        return sum(s.size for s in self._entries)

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
        self._entries.remove(snapshot)
        self._entries.append(snapshot)

    def add(self, snapshot: Snapshot) -> None:
        # A snapshot whose tokens start the new one's is worth nothing more: the new one serves every prompt it did.
        self._entries = [s for s in self._entries
                         if common_prefix(s.tokens, snapshot.tokens) < len(s.tokens)]
        self._entries.append(snapshot)
        while self._entries and (len(self._entries) > self.max_entries or self.bytes_used > self.budget_bytes):
            self._entries.pop(0)

    def clear(self) -> None:
        self._entries.clear()


class KvContext:
    """The tokens in one llama.cpp context's sequence, kept in step with its KV cache."""

    def __init__(self, llama_cpp, ctx, n_batch: int, snapshots: SnapshotCache):
        self._lib = llama_cpp
        self._ctx = ctx
        self._memory = llama_cpp.llama_get_memory(ctx)
        self._n_batch = max(1, n_batch)
        self.snapshots = snapshots
        self.tokens: list[int] = []
        self.restored_tokens = 0  # of the last prefill: tokens that came back from a snapshot
        self._one = (llama_cpp.llama_token * 1)()
        self._one_batch = llama_cpp.llama_batch_get_one(self._one, 1)  # points at _one; reused for every token
        self._decode = llama_cpp.llama_decode
        self.clear()

    def clear(self) -> None:
        self._lib.llama_memory_clear(self._memory, True)
        self.tokens = []

    # Evaluating --------------------------------------------------------------------------------------------

    def prefill(self, prompt: list[int], should_stop: Callable[[], bool] = lambda: False) -> int | None:
        """Make the context hold ``prompt``, with the logits of its last token ready to sample from.

        Returns how many tokens had to be evaluated, or None when ``should_stop`` said to give up (the context then
        holds a correct prefix of the prompt, which the next try reuses). Raises DecodeError.
        """
        if not prompt:
            raise ValueError("an empty prompt")
        self.restored_tokens = 0
        shared = common_prefix(self.tokens, prompt)
        snapshot, snapshot_shared = self.snapshots.best(prompt)
        if len(self.tokens) - shared >= SAVE_WHEN_DROPPING and not self.snapshots.covers(self.tokens):
            self.save()
        if snapshot is not None and snapshot_shared >= shared + RESTORE_WHEN_GAINING and self.restore(snapshot):
            shared = common_prefix(self.tokens, prompt)
            self.restored_tokens = shared
        if shared == len(prompt):
            shared -= 1  # the last prompt token is evaluated again: sampling needs its logits
        self.truncate(shared)
        for start in range(shared, len(prompt), self._n_batch):
            if should_stop():
                return None
            self._eval(prompt[start:start + self._n_batch])
        return len(prompt) - shared

    def append(self, token: int) -> None:
        """Evaluate one generated token: the per-token step, so it does as little as possible."""
        self._one[0] = token
        code = self._decode(self._ctx, self._one_batch)
        if code != 0:
            self._after_failed_decode(len(self.tokens))
            raise DecodeError(code)
        self.tokens.append(token)

    def _eval(self, chunk: list[int]) -> None:
        start = len(self.tokens)
        array = (self._lib.llama_token * len(chunk))(*chunk)
        code = self._decode(self._ctx, self._lib.llama_batch_get_one(array, len(chunk)))
        if code != 0:
            self._after_failed_decode(start)
            raise DecodeError(code)
        self.tokens.extend(chunk)

    def _after_failed_decode(self, start: int) -> None:
        # An aborted or failed decode can leave part of its batch in the cache; drop it so the bookkeeping stays true.
        self._lib.llama_memory_seq_rm(self._memory, SEQ, start, -1)
        del self.tokens[start:]

    def truncate(self, n: int) -> None:
        if n < len(self.tokens):
            if not self._lib.llama_memory_seq_rm(self._memory, SEQ, n, -1):
                self.clear()  # this memory cannot drop a tail (recurrent models): start over
                return
            del self.tokens[n:]

    # Snapshots ---------------------------------------------------------------------------------------------

    def save(self) -> Snapshot | None:
        size = self._lib.llama_state_seq_get_size(self._ctx, SEQ)
        data = (ctypes.c_uint8 * size)()
        if self._lib.llama_state_seq_get_data(self._ctx, data, size, SEQ) != size:
            log.warning("could not snapshot a %d-token context", len(self.tokens))
            return None
        snapshot = Snapshot(list(self.tokens), data)
        self.snapshots.add(snapshot)
        return snapshot

    def restore(self, snapshot: Snapshot) -> bool:
        self._lib.llama_memory_seq_rm(self._memory, SEQ, -1, -1)
        if self._lib.llama_state_seq_set_data(self._ctx, snapshot.data, snapshot.size, SEQ) == 0:
            log.warning("could not restore a %d-token snapshot", len(snapshot.tokens))
            self.clear()
            return False
        self.tokens = list(snapshot.tokens)
        self.snapshots.touch(snapshot)
        return True
