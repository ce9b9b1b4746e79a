"""Prompt-lookup decoding: guessing the next tokens of a reply from text the conversation already holds.

Proofreading, rewriting in another tone or fixing code copies long runs of the input. When the newest tokens of the
reply also occur earlier (in the prompt or the reply), the tokens that followed them there are a likely guess for
what comes next. The engine evaluates the sampled token and that guess in one batch, which costs little more than
the one token alone, then samples each position in turn and keeps the guessed tokens up to the first one the sampler
did not pick (llama.cpp's ``lookup`` example; llama-cpp-python's ``LlamaPromptLookupDecoding`` drafts the same way).

Every token of the reply is still the sampler's own pick from the model's logits after exactly the tokens before
it, one sampling call per token. So as long as a batch gives the logits one token at a time would, a greedy reply
is the same text with or without the guesses and a sampled one follows the same distribution (with a seed, the same
text): the guesses only decide which tokens were evaluated ahead of time. Whether a batch does depends on
llama.cpp's kernels, which ``BatchCheck`` finds out for each model before a guess is used.

``PromptLookup`` is the guessing, plain Python over token ids: the n-grams are kept in a dictionary as the tokens
arrive, so a guess costs a few lookups however long the prompt is. ``Lookahead`` runs it in the engine's loop.
"""

from __future__ import annotations

import logging
import time

from assistant.core.engines.llama.kv_context import KV_PADDING

log = logging.getLogger(__name__)

NGRAM_MAX = 3  # the longest run of newest tokens looked up: a longer match is a surer guess
NGRAM_MIN = 2  # a single token (" the", ",") recurs everywhere and guesses badly
DRAFT_MAX = 8  # the most tokens guessed at a time
FIRST_RATE = 0.5  # how often a guessed token is taken to be right before a reply has shown how often it is
RATE_WEIGHT = 0.1  # each guessed token's part in the running rate: about the last ten count
TIMING_WEIGHT = 0.1  # each decode's part in the running time of its batch size
PAYS = 1.1  # guessing must promise 10% more tokens per second than one token at a time: timings are noisy
# The newest prompt tokens searched. What a reply copies is nearly always in the newest message, and indexing costs
# about 2 ms per 1,000 tokens before the first token of every reply.
INDEXED_PROMPT = 4096


class PromptLookup:
    """The tokens so far and, for each run of ``NGRAM_MIN`` to ``NGRAM_MAX`` of them, where it last occurred with
    a token after it."""

    def __init__(self, prompt: list[int], ngram_max: int = NGRAM_MAX, ngram_min: int = NGRAM_MIN):
        self.ngram_max, self.ngram_min = ngram_max, ngram_min
        self.tokens: list[int] = []
        self._after: dict[tuple[int, ...], int] = {}  # an n-gram -> the position of the token that followed it
        for token in prompt[-INDEXED_PROMPT:]:
            self.push(token)

    def push(self, token: int) -> None:
        """One more token of the text: the n-grams that end just before it now have a continuation."""
        tokens, after, end = self.tokens, self._after, len(self.tokens)
        for n in range(self.ngram_min, min(self.ngram_max, end) + 1):
            after[tuple(tokens[end - n:end])] = end
        tokens.append(token)

    def draft(self, limit: int) -> list[int]:
        """Up to ``limit`` tokens that followed the longest run of newest tokens found earlier; [] when none is."""
        tokens, end = self.tokens, len(self.tokens)
        for n in range(min(self.ngram_max, end), self.ngram_min - 1, -1):
            start = self._after.get(tuple(tokens[end - n:]))
            if start is not None:
                guess = tokens[start:start + limit]
                # An image's positions (negative ids, llama/vision) are never a token to evaluate.
                return next((guess[:i] for i, token in enumerate(guess) if token < 0), guess)
        return []


class BatchCheck:
    """What the engine has learned about evaluating guesses with the loaded model: which batches give bit for bit
    the logits of the same tokens evaluated one at a time, and how long batches take. Kept for as long as the model
    is loaded (``Engine.batches``).

    A batch can take other kernels than a single token, and then rounds differently: llama.cpp's CPU attention
    without flash attention at any length; with it, past 256 tokens of context, where one token's attention is
    split across threads and a batch's is not; matrix products on repacked weights (docs/performance.md has the
    figures). A guess confirmed from such logits could differ from the reply one token at a time would give, so the
    first batch of each size at each context length (in steps of 256 cells) is checked against the same
    tokens evaluated one at a time. One that differs is not used, and from then on the engine guesses one token at
    a time (a batch of two is the likeliest to take the one-token kernels); when that differs too, this model
    guesses no more. Finding a load inexact so costs at most two checks of about a dozen decodes; an exact one costs
    a check for each batch size at each context length it meets.
    """

    def __init__(self, always: bool = False):
        self.exact: set[tuple[int, int]] = set()  # (batch size, context class) found exact
        self.most = DRAFT_MAX  # tokens guessed at a time at most: one fewer than the smallest batch found inexact
        self.seconds: list[float | None] = [None] * (DRAFT_MAX + 1)  # by guesses in the batch; 0: a token alone
        self.always = always  # guess whenever the lookup finds something, as if batches cost nothing (to measure)

    @property
    def inexact(self) -> bool:
        """Even a batch of two rounds differently: no guessing with this model."""
        return self.most < 1

    @staticmethod
    def context_class(end: int) -> int:
        """Context lengths that llama.cpp evaluates alike: each step attends over the cache up to its last position
        rounded up to 256 cells, and its kernels choose by that length."""
        return (end - 1) // KV_PADDING

    def time(self, guesses: int, seconds: float) -> None:
        known = self.seconds[guesses]
        self.seconds[guesses] = seconds if known is None else known + TIMING_WEIGHT * (seconds - known)

    def estimate(self, guesses: int) -> float | None:
        """Seconds for a batch with ``guesses`` guessed tokens: measured, or drawn from the nearest measured sizes
        (a straight line through them); None while too little is known."""
        if self.seconds[guesses] is not None:
            return self.seconds[guesses]
        known = [(n, t) for n, t in enumerate(self.seconds) if t is not None]
        below = [(n, t) for n, t in known if n < guesses]
        above = [(n, t) for n, t in known if n > guesses]
        if below and above:
            (n0, t0), (n1, t1) = below[-1], above[0]
        elif len(below) >= 2:
            (n0, t0), (n1, t1) = below[-2], below[-1]
        else:
            return None
        return t0 + (t1 - t0) * (guesses - n0) / (n1 - n0)


class Lookahead:
    """Keeps a llama.cpp context (``KvContext``) holding the reply so far, evaluating guessed tokens ahead of the
    sampler where that makes the reply come sooner without changing it.

    The generation loop samples from output ``index`` of the last decode and hands each token of the reply to
    ``accept``. A token that is the next guess was already evaluated: the next one is sampled from the following
    output, with no decode at all. Any other token drops the guesses after it (they were wrong) and is evaluated,
    with a new guess where one is worth it.

    Whether one is: ``BatchCheck.seconds`` says how long a batch of each size takes (measured as the engine goes),
    and ``rate`` how often a guessed token has turned out right in this reply, learned from every guess the lookup
    makes, also those only compared with the reply and never evaluated. A guess of ``n`` tokens is expected to give
    ``1 + rate + rate**2 + ... + rate**n`` tokens for the time of a batch of ``n + 1``: the engine guesses the ``n``
    that gives most tokens per second, and nothing when one token at a time is as fast. On a GPU a batch costs about
    what one token does, so nearly any guess pays; on a small CPU a batch of nine costs six tokens' time
    (docs/performance.md), so only a reply that copies almost all of its input is guessed.
    """

    def __init__(self, kv, prompt: list[int], check: BatchCheck | None):
        self.kv = kv
        self.check = check
        self.lookup = PromptLookup(prompt) if check is not None and not check.inexact else None
        self.rate = FIRST_RATE
        self.pending: list[int] = []  # guessed tokens in the context that the sampler has not confirmed yet
        self.watched: list[int] = []  # a guess not worth evaluating, compared with the reply as it comes
        self.index = -1  # the output of the last decode whose logits the next token is sampled from
        self.guessed = self.kept = 0  # guessed tokens evaluated, and those the sampler confirmed

    def accept(self, token: int, wanted: int) -> None:
        """``token`` is the reply's next token: make the context hold it, ready to sample the one after. ``wanted``
        is how many more tokens the reply may have (no guess goes past it). Raises what ``KvContext`` raises."""
        lookup, pending, kv = self.lookup, self.pending, self.kv
        if lookup is None:
            kv.append(token)
            return
        lookup.push(token)
        if pending:
            self._learn(token == pending[0])
            if token == pending[0]:
                del pending[0]
                self.index += 1
                self.kept += 1
                return
            self.drop()
        elif self.watched:
            self._learn(token == self.watched[0])
            self.watched = self.watched[1:] if token == self.watched[0] else []
        guess = lookup.draft(min(self.check.most, wanted - 1, kv.room - 1))
        count = self._worth(len(guess))
        self.watched = [] if count else guess
        if count and self._evaluate([token, *guess[:count]]):
            self.pending, self.index = guess[:count], 0
            self.guessed += count
            return
        started = time.perf_counter()
        kv.append(token)
        self.index = -1
        if self.check is not None:
            self.check.time(0, time.perf_counter() - started)

    def _evaluate(self, tokens: list[int]) -> bool:
        """Evaluate a token and its guesses in one batch; False (and nothing evaluated) when such a batch turns out
        not to give the logits one token at a time would."""
        check, kv = self.check, self.kv
        start = len(kv.tokens)
        key = (len(tokens), check.context_class(start + len(tokens)))
        started = time.perf_counter()
        kv.append_guesses(tokens)
        check.time(len(tokens) - 1, time.perf_counter() - started)
        if key in check.exact:
            return True
        batch = [kv.output(i) for i in range(len(tokens))]
        kv.truncate(start)
        alone = []
        for token in tokens:
            started = time.perf_counter()
            kv.append(token)
            check.time(0, time.perf_counter() - started)
            alone.append(kv.output(-1))
        kv.truncate(start)
        if alone != batch:
            check.most = 1 if len(tokens) > 2 else 0  # a batch of two may still take the one-token kernels
            log.info("a batch of %d tokens at %d rounds differently from one token at a time: prompt lookup now "
                     "guesses at most %d", len(tokens), start, check.most)
            if check.inexact:
                self.lookup = None
            return False
        check.exact.add(key)
        kv.append_guesses(tokens)
        return True

    def _learn(self, right: bool) -> None:
        self.rate += RATE_WEIGHT * (right - self.rate)

    def _worth(self, available: int) -> int:
        """How many of ``available`` guessed tokens to evaluate: the number that gives the most tokens per second,
        if that beats one token at a time by a margin; else 0. All of them while the timings are not known yet."""
        check = self.check
        if available <= 0:
            return 0
        if check.always:
            return available
        alone = check.estimate(0)
        if alone is None:
            return available
        best, best_speed = 0, PAYS / alone
        expected = term = 1.0
        for count in range(1, available + 1):
            term *= self.rate
            expected += term
            seconds = check.estimate(count)
            if seconds is None:
                return available  # a size never timed: try it once to learn
            if expected / seconds > best_speed:
                best, best_speed = count, expected / seconds
        return best

    def drop(self) -> None:
        """Take the unconfirmed guesses out of the context, before something else is evaluated (or when the reply
        ends): the next token is then sampled from that evaluation's last output, even when every guess was right
        and the batch's outputs are still there."""
        if self.pending:
            self.kv.truncate(len(self.kv.tokens) - len(self.pending))
            self.pending = []
        self.index = -1
