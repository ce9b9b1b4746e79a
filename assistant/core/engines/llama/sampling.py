"""llama.cpp's own sampler chain, built for one reply.

Sampling runs in C: one call per token picks the next token from the logits llama.cpp already holds, with no copy
of the logits into Python. The chain has the same samplers in the same order as llama-cpp-python's high-level
``Llama.generate``, so greedy replies are token-for-token the same as that path's, and so are seeded ones.

The one exception is the repeat penalty. llama.cpp's penalty sampler looks every vocabulary entry up in a hash map
on every token (49,152 lookups for SmolLM2, 0.12 ms of a 0.17 ms sampling step here), although at most
``PENALTY_LAST_N`` tokens can be penalised. :class:`RecentPenalty` applies the same arithmetic to just those
tokens' logits before the chain runs, so the chain sees exactly the values it would have computed itself.
"""

from __future__ import annotations

import ctypes
from collections import Counter, deque
from dataclasses import dataclass

PENALTY_LAST_N = 64  # how many recent tokens the repeat penalty looks at: llama-cpp-python's default
RANDOM_SEED = 0xFFFFFFFF  # llama.cpp's LLAMA_DEFAULT_SEED: a new random seed for each reply


@dataclass(frozen=True)
class SamplerSettings:
    temperature: float
    top_p: float
    top_k: int
    min_p: float
    repeat_penalty: float
    seed: int | None = None


class GrammarRejected(ValueError):
    """llama.cpp could not compile a grammar (it says why in its log)."""


class SamplerChain:
    """Owns a native sampler chain; ``close()`` (or ``with``) frees it.

    With a ``grammar`` (GBNF text; ``vocab``, the model's vocabulary) every token is one the grammar allows, picked
    as llama.cpp's own ``common_sampler`` picks it: the chain samples freely, the grammar checks that one token
    (microseconds), and only when it refuses is the chain run again over the logits the grammar has masked (about
    12 ms for SmolLM2's 49,152 tokens on a laptop, which masking every token would cost every time). Once the
    grammar is complete it allows only end-of-generation tokens, so nothing may ban those beside it."""

    def __init__(self, llama_cpp, n_vocab: int, settings: SamplerSettings, banned: tuple[int, ...] = (),
                 grammar: str = "", vocab=None):
        self._lib = llama_cpp
        self._n_vocab = n_vocab
        self._grammar = None
        self._chain = llama_cpp.llama_sampler_chain_init(llama_cpp.llama_sampler_chain_default_params())
        add = self._add
        if grammar:
            # Banning the end with a grammar would leave a finished grammar no token, and llama.cpp aborts then.
            assert not banned, "a grammar's reply must be able to end"
            self._grammar = llama_cpp.llama_sampler_init_grammar(vocab, grammar.encode("utf-8"), b"root")
            if not self._grammar:
                self._grammar = None
                self.close()
                raise GrammarRejected("llama.cpp could not compile the grammar")
            self._candidates = _Candidates(llama_cpp, n_vocab)
        if banned:  # tokens that must never be picked (end-of-generation, for a benchmark's fixed length)
            biases = (llama_cpp.llama_logit_bias * len(banned))()
            for slot, token in zip(biases, banned):
                slot.token, slot.bias = token, float("-inf")
            add(llama_cpp.llama_sampler_init_logit_bias(n_vocab, len(banned), biases))
        self._penalty = RecentPenalty.for_setting(llama_cpp, settings.repeat_penalty)
        if self._penalty is None and settings.repeat_penalty != 1.0:  # a penalty of zero or below: llama.cpp's own
            add(llama_cpp.llama_sampler_init_penalties(n_vocab, PENALTY_LAST_N, settings.repeat_penalty, 0.0, 0.0))
        if settings.temperature <= 0:
            add(llama_cpp.llama_sampler_init_greedy())
        else:
            add(llama_cpp.llama_sampler_init_top_k(settings.top_k))
            add(llama_cpp.llama_sampler_init_typical(1.0, 1))  # a no-op, kept so seeded replies match the library's
            add(llama_cpp.llama_sampler_init_top_p(settings.top_p, 1))
            add(llama_cpp.llama_sampler_init_min_p(settings.min_p, 1))
            add(llama_cpp.llama_sampler_init_temp(settings.temperature))
            add(llama_cpp.llama_sampler_init_dist(RANDOM_SEED if settings.seed is None else
                                                  settings.seed & 0xFFFFFFFF))
        self.sample_from = llama_cpp.llama_sampler_sample  # looked up once: it runs once per token

    def _add(self, sampler) -> None:
        self._lib.llama_sampler_chain_add(self._chain, sampler)  # the chain owns and frees it

    def sample(self, ctx, index: int = -1) -> int:
        """Pick (and record, for the repeat penalty and the grammar) the next token from the logits of output
        ``index`` of the last decode: its last position by default, an earlier one when a batch of guessed tokens
        is being checked."""
        penalty = self._penalty
        if penalty is None and self._grammar is None:
            return self.sample_from(self._chain, ctx, index)
        if penalty is not None:
            penalty.apply(ctx, index)
        if self._grammar is None:
            token = self.sample_from(self._chain, ctx, index)
        else:
            token = self._sample_in_grammar(ctx, index)
        if penalty is not None:
            penalty.accept(token)
        return token

    def _sample_in_grammar(self, ctx, index: int) -> int:
        """What ``llama_sampler_sample`` does, with the grammar's check between the chain's pick and its
        acceptance (llama.cpp's common/sampling.cpp)."""
        lib, chain, grammar, candidates = self._lib, self._chain, self._grammar, self._candidates
        logits = lib.llama_get_logits_ith(ctx, index)
        token = candidates.pick(chain, logits)
        if not candidates.allows(grammar, token):
            token = candidates.pick(chain, logits, grammar)
        lib.llama_sampler_accept(grammar, token)
        lib.llama_sampler_accept(chain, token)
        return token

    def close(self) -> None:
        if self._grammar is not None:
            self._lib.llama_sampler_free(self._grammar)
            self._grammar = None
        if self._chain is not None:
            self._lib.llama_sampler_free(self._chain)
            self._chain = None

    def __enter__(self) -> SamplerChain:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class _Candidates:
    """A ``llama_token_data_array`` over the whole vocabulary, kept for a reply: the candidates the chain and the
    grammar sampler are applied to, filled from a position's logits."""

    def __init__(self, llama_cpp, n_vocab: int):
        import numpy as np

        self._lib = llama_cpp
        self._np = np
        self._n_vocab = n_vocab
        self._data = np.zeros(n_vocab, dtype=np.dtype([("id", "<i4"), ("logit", "<f4"), ("p", "<f4")]))
        self._ids = np.arange(n_vocab, dtype="<i4")
        pointer = self._data.ctypes.data_as(ctypes.POINTER(llama_cpp.llama_token_data))
        self._array = llama_cpp.llama_token_data_array(pointer, n_vocab, -1, False)
        self._one = (llama_cpp.llama_token_data * 1)()
        self._one_array = llama_cpp.llama_token_data_array(self._one, 1, -1, False)

    def pick(self, chain, logits, grammar=None) -> int:
        """The token ``chain`` selects from ``logits`` (after ``grammar`` masks them, when given)."""
        data, array = self._data, self._array
        data["id"] = self._ids  # a chain sorts and truncates the array in place
        data["logit"] = self._np.ctypeslib.as_array(logits, shape=(self._n_vocab,))
        data["p"] = 0.0
        array.size, array.selected, array.sorted = self._n_vocab, -1, False
        if grammar is not None:
            self._lib.llama_sampler_apply(grammar, ctypes.byref(array))
        self._lib.llama_sampler_apply(chain, ctypes.byref(array))
        if not 0 <= array.selected < array.size:
            raise RuntimeError("the sampler chain selected no token")
        return int(data["id"][array.selected])

    def allows(self, grammar, token: int) -> bool:
        one = self._one[0]
        one.id, one.logit, one.p = token, 1.0, 0.0
        self._one_array.size, self._one_array.selected, self._one_array.sorted = 1, -1, False
        self._lib.llama_sampler_apply(grammar, ctypes.byref(self._one_array))
        return self._one[0].logit != float("-inf")


class RecentPenalty:
    """llama.cpp's repeat penalty (``llama_sampler_init_penalties`` with no frequency or presence penalty), applied
    in place to the logits of the tokens sampled in this reply's last ``PENALTY_LAST_N`` steps.

    The results are bit for bit llama.cpp's: the penalty is rounded to a C float as llama.cpp stores it, and a
    product or quotient of two floats computed in double precision and rounded to float is the float operation's
    own result. The logits it changes are the sampled position's, which nothing reads but the sampler: the next
    decode overwrites them, a prompt always evaluates its last token afresh (``KvContext.prefill``), and each
    position of a batch of guessed tokens is sampled at most once (``prompt_lookup``). After a reply, the buffer
    holds the sampled positions' penalised values, not the model's.

    Going before the chain rather than after the logit bias is exact too: the only bias the engine sets is minus
    infinity (tokens banned for a benchmark's fixed length), which stays minus infinity either way.
    """

    def __init__(self, llama_cpp, repeat_penalty: float):
        self._logits_of = llama_cpp.llama_get_logits_ith
        self._factor = ctypes.c_float(repeat_penalty).value
        self._recent: deque[int] = deque()
        self._counts: Counter[int] = Counter()

    @classmethod
    def for_setting(cls, llama_cpp, repeat_penalty: float) -> RecentPenalty | None:
        """None where llama.cpp would do nothing (a penalty of 1) or where Python's arithmetic would differ from C's
        (zero or below: C divides by zero into infinity, Python raises)."""
        penalty = cls(llama_cpp, repeat_penalty)
        return penalty if 0 < penalty._factor != 1.0 else None

    def apply(self, ctx, index: int = -1) -> None:
        if not self._counts:
            return
        logits, factor = self._logits_of(ctx, index), self._factor
        for token in self._counts:
            value = logits[token]
            logits[token] = value * factor if value <= 0 else value / factor

    def accept(self, token: int) -> None:
        """Record a sampled token; the oldest leaves once the window is full, as in llama.cpp's ring buffer."""
        self._counts[token] += 1
        if len(self._recent) >= PENALTY_LAST_N:
            old = self._recent.popleft()
            self._counts[old] -= 1
            if not self._counts[old]:
                del self._counts[old]
        self._recent.append(token)


def end_of_generation_tokens(llama_cpp, vocab, n_vocab: int) -> tuple[int, ...]:
    return tuple(t for t in range(n_vocab) if llama_cpp.llama_vocab_is_eog(vocab, t))

