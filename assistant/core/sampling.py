"""llama.cpp's own sampler chain, built for one reply.

Sampling runs in C: one call per token picks the next token from the logits llama.cpp already holds, with no copy
of the logits into Python. The chain has the same samplers in the same order as llama-cpp-python's high-level
``Llama.generate``, so greedy replies are token-for-token the same as that path's, and so are seeded ones.
"""

from __future__ import annotations

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


class SamplerChain:
    """Owns a native sampler chain; ``close()`` (or ``with``) frees it."""

    def __init__(self, llama_cpp, n_vocab: int, settings: SamplerSettings, banned: tuple[int, ...] = ()):
        self._lib = llama_cpp
        self._chain = llama_cpp.llama_sampler_chain_init(llama_cpp.llama_sampler_chain_default_params())
        add = self._add
        if banned:  # tokens that must never be picked (end-of-generation, for a benchmark's fixed length)
            biases = (llama_cpp.llama_logit_bias * len(banned))()
            for slot, token in zip(biases, banned):
                slot.token, slot.bias = token, float("-inf")
            add(llama_cpp.llama_sampler_init_logit_bias(n_vocab, len(banned), biases))
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

    def sample(self, ctx) -> int:
        """Pick (and record, for the repeat penalty) the next token from the last decoded position's logits."""
        return self.sample_from(self._chain, ctx, -1)

    def close(self) -> None:
        if self._chain is not None:
            self._lib.llama_sampler_free(self._chain)
            self._chain = None

    def __enter__(self) -> SamplerChain:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def end_of_generation_tokens(llama_cpp, vocab, n_vocab: int) -> tuple[int, ...]:
    return tuple(t for t in range(n_vocab) if llama_cpp.llama_vocab_is_eog(vocab, t))

