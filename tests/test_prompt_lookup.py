"""Prompt-lookup decoding (core/engines/llama/prompt_lookup): the guesses, and the engine's replies with them.

A guess only decides which tokens are evaluated ahead of the sampler, so a reply must be the same with and without
guessing: token for token when greedy, and with the same seed when sampled (each token is one draw from the model's
distribution either way). Proofreading must actually be guessed (most of it is a copy), and what the context holds
afterwards must be exactly the conversation, so that the next turn reuses it.
"""

from __future__ import annotations

import pytest

from assistant.core.engines.llama.prompt_lookup import BatchCheck, Lookahead, PromptLookup
from assistant.core.engines.types import END_LENGTH, GenerationParams

TEXT = ("Their is a small town on the edge of the forrest where the peoples walks to the market every morning. The "
        "baker open his shop early, and the smell of fresh bread fill the streets. Children plays near the river "
        "while there parents buys vegetables, cheese and flowers. In the evening the town become quiet again, and "
        "the lights of the houses shines between the trees like little stars.")
PROOFREAD = [{"role": "system", "content": "You are a careful proofreader."},
             {"role": "user", "content": "Correct the spelling and grammar of this text. Reply with the corrected "
                                         f"text only.\n\n{TEXT}"}]


def test_the_guess_is_what_followed_the_longest_match():
    lookup = PromptLookup([1, 2, 3, 4, 5, 9, 2, 3, 7, 8])
    for token in (6, 2, 3):
        lookup.push(token)
    assert lookup.draft(3) == [7, 8, 6]  # "2 3" last came before 7 8 (the later of its two places)
    lookup.push(4)
    assert lookup.draft(2) == [5, 9]  # "2 3 4", the longer match, wins over "3 4" alone
    assert lookup.draft(1) == [5]


def test_no_guess_without_a_match_of_two_tokens():
    lookup = PromptLookup([1, 2, 3, 4])
    lookup.push(9)
    assert lookup.draft(4) == []  # "4 9" never occurred
    lookup.push(2)
    assert lookup.draft(4) == []  # neither did "9 2"; "2" alone is too weak a match
    lookup.push(3)
    assert lookup.draft(4) == [4, 9, 2, 3]  # "2 3" did


def test_the_newest_tokens_never_match_themselves():
    lookup = PromptLookup([])
    for token in (5, 5, 5):
        lookup.push(token)
    assert lookup.draft(3) == [5]  # "5 5" occurred before, followed by the last 5; nothing past the end
    assert PromptLookup([7]).draft(2) == []


@pytest.fixture(scope="module")
def loaded(model_path):
    """SmolLM2 with flash attention and a q8_0 cache: llama.cpp then evaluates attention for a batch and for one
    token with the same kernel at any context length, so guesses can be used all through a reply."""
    from assistant.core.engines.llama.engine import Engine
    from assistant.core.engines.types import LoadOptions

    engine = Engine()
    engine.load(model_path, LoadOptions(context_length=2048, n_threads=2, flash_attention=True, kv_type="q8_0"))
    yield engine
    engine.unload()


@pytest.fixture
def guessing(loaded):
    """The engine guessing whenever the lookup finds something, as if batches cost nothing: these tests are about
    what guessing does to a reply, not about when it pays (on this CPU it rarely does)."""
    loaded.batches.always = True
    yield loaded
    loaded.batches.always = False


def long_proofreading() -> list[dict]:
    """Drafting's own Proofread request for the 531-word text of benchmarks/data: about 720 tokens of prompt."""
    from pathlib import Path

    from assistant.core.writing.drafting import action_messages, built_in_actions

    text = (Path(__file__).resolve().parents[1] / "benchmarks" / "data" / "proofread_en_500.txt").read_text()
    return action_messages(next(a for a in built_in_actions() if a.id == "proofread"), text)


def reply(engine, params: GenerationParams, messages=PROOFREAD):
    engine._kv.clear()
    engine._kv.snapshots.clear()
    return engine.generate(messages, params)


@pytest.mark.model
@pytest.mark.parametrize("params", [
    GenerationParams(temperature=0.0, max_tokens=160),
    GenerationParams(temperature=0.0, repeat_penalty=1.0, max_tokens=160),
    GenerationParams(temperature=0.8, seed=11, max_tokens=160),
    GenerationParams(temperature=1.0, top_k=20, top_p=0.95, min_p=0.0, seed=5, max_tokens=160),
], ids=["greedy", "greedy, no penalty", "sampled", "sampled, wide"])
def test_a_reply_is_the_same_with_and_without_guessing(guessing, params):
    guessed = reply(guessing, params)
    plain = reply(guessing, GenerationParams(**{**params.__dict__, "prompt_lookup": False}))
    assert plain.guessed_tokens == 0
    assert not guessing.batches.inexact, "this load's batches are exact on x86 CPUs (see the fixture)"
    assert guessed.guessed_kept > 5, "proofreading copies most of its input: the guesses must be used"
    assert guessed.token_ids == plain.token_ids
    assert guessed.text == plain.text and guessed.end == plain.end


@pytest.mark.model
def test_the_context_holds_the_conversation_after_a_guessed_reply(guessing):
    """However the reply ended (here at its length limit, mid-guess), the context holds the prompt and the reply's
    tokens that were fed back, nothing guessed past them: the next turn starts from exactly that."""
    loaded = guessing
    params = GenerationParams(temperature=0.0, max_tokens=37)
    result = reply(loaded, params)
    assert result.end == END_LENGTH and result.guessed_tokens > 0
    prompt = loaded.fit(PROOFREAD, params.max_tokens).tokens
    assert loaded._kv.tokens == prompt + result.token_ids[:-1]

    follow_up = PROOFREAD + [{"role": "assistant", "content": result.text},
                             {"role": "user", "content": "Thank you."}]
    again = loaded.generate(follow_up, GenerationParams(temperature=0.0, max_tokens=8))
    assert again.prompt_evaluated < again.prompt_tokens - len(prompt)  # the reply was not evaluated again


def timed(seconds: list[float]) -> BatchCheck:
    check = BatchCheck()
    check.seconds[:] = seconds
    return check


def test_a_guess_is_evaluated_only_where_it_pays():
    """Seconds per batch by how many guesses it holds, as measured: a GPU's (a batch costs about one token) and
    this 2-core CPU's for SmolLM2 (a batch of nine costs 5.3 tokens). One token at a time takes 10 ms in both."""
    gpu = [0.010 + 0.0003 * n for n in range(9)]
    cpu = [0.010, 0.019, 0.024, 0.028, 0.034, 0.040, 0.045, 0.049, 0.053]
    ahead = Lookahead(None, [], timed(gpu))
    ahead.rate = 0.3
    assert ahead._worth(8) >= 1  # even a poor guess costs next to nothing
    ahead = Lookahead(None, [], timed(cpu))
    ahead.rate = 0.5
    assert ahead._worth(8) == 0  # half right: 2 tokens for the time of 3 or more
    ahead.rate = 0.95
    assert ahead._worth(8) == 8  # nearly all right: 7 tokens for the time of 5.3
    ahead.rate = 0.8
    assert ahead._worth(8) == 0  # four in five right does not pay here
    assert Lookahead(None, [], None).lookup is None  # a recurrent model, or lookup turned off: no guessing


def test_sizes_never_timed_are_tried_then_estimated():
    check = BatchCheck()
    assert Lookahead(None, [], check)._worth(4) == 4  # nothing known: try, to learn
    check.seconds[0], check.seconds[4] = 0.010, 0.030
    assert check.estimate(2) == pytest.approx(0.020)  # between two sizes timed
    check.seconds[1] = 0.015
    assert check.estimate(6) == pytest.approx(0.040)  # beyond: along the last two
    assert BatchCheck.context_class(256) == 0 and BatchCheck.context_class(257) == 1
    assert BatchCheck.context_class(768) == 2 and BatchCheck.context_class(769) == 3


@pytest.mark.model
@pytest.mark.parametrize("options", [{}, {"flash_attention": True}], ids=["CPU default", "flash attention, f16"])
def test_batches_that_round_differently_are_found_before_a_guess_is_used(model_path, options):
    """At this 720-token prompt llama.cpp's CPU attention rounds a batch differently from one token: without flash
    attention (at some context lengths, not all), and with it past 256 cells (one token's attention is then split
    across threads). The engine finds that out with its first batch at each context length, before using it, and
    guesses no more: the reply is what one token at a time gives."""
    from assistant.core.engines.llama.engine import Engine
    from assistant.core.engines.types import LoadOptions

    engine = Engine()
    try:
        engine.load(model_path, LoadOptions(context_length=2048, n_threads=2, **options))
        engine.batches.always = True
        params = GenerationParams(temperature=0.0, max_tokens=40)
        messages = long_proofreading()
        guessed = reply(engine, params, messages)
        assert guessed.prompt_tokens > 600 and engine.batches.inexact
        plain = reply(engine, GenerationParams(**{**params.__dict__, "prompt_lookup": False}), messages)
        assert guessed.token_ids == plain.token_ids
        assert reply(engine, params).guessed_tokens == 0  # found once for the model, not again for each reply
    finally:
        engine.unload()


@pytest.mark.model
def test_a_sliding_window_model_replies_the_same_past_its_window():
    """Gemma 3 attends over a 512-token window in most layers, and its cache drops what falls out of it: guesses
    evaluated and then dropped must not cost a position its window. The prompt and reply run well past 512 tokens,
    and batches of its repacked Q4_K weights round differently from one token's from four tokens up: the engine
    finds that out and stops guessing, and the reply is the same either way."""
    from assistant.core.engines.llama.engine import Engine
    from assistant.core.engines.types import LoadOptions
    from test_architectures import gemma_path

    messages = long_proofreading()
    engine = Engine()
    try:
        engine.load(gemma_path(), LoadOptions(context_length=2048, n_threads=2, flash_attention=True,
                                              kv_type="q8_0"))
        engine.batches.always = True
        guessed = reply(engine, GenerationParams(temperature=0.0, max_tokens=120), messages)
        plain = reply(engine, GenerationParams(temperature=0.0, max_tokens=120, prompt_lookup=False), messages)
        assert guessed.prompt_tokens + guessed.generated_tokens > 600
        assert guessed.token_ids == plain.token_ids
    finally:
        engine.unload()


class RecordingContext:
    """Stands in for KvContext where the test is about Lookahead's bookkeeping, not llama.cpp: it records what is
    evaluated and gives every batch the same logits, as an exact one does."""

    def __init__(self):
        self.tokens: list[int] = []
        self.room = 1000
        self.outputs = 0  # how many outputs the last evaluation has

    def append(self, token):
        self.tokens.append(token)
        self.outputs = 1

    def append_guesses(self, tokens):
        self.tokens.extend(tokens)
        self.outputs = len(tokens)

    def truncate(self, n):
        del self.tokens[n:]

    def output(self, index):
        return b"same"


def test_after_every_guess_was_kept_the_next_evaluation_is_sampled_from_its_own_output():
    """When the thinking budget closes the block right after a batch whose guesses were all kept, the closing tokens
    are evaluated outside Lookahead: the next token must be sampled from their last output, not from an output of
    the batch (llama.cpp aborts on an output index the last decode does not have)."""
    kv = RecordingContext()
    check = BatchCheck(always=True)
    ahead = Lookahead(kv, [5, 6, 7, 8, 5, 6], check)
    ahead.accept(7, wanted=100)  # "6 7" was seen before "8 5 6 ...": guessed, checked, evaluated as a batch
    assert kv.outputs == len(ahead.pending) + 1 and ahead.index == 0
    for token in list(ahead.pending):
        ahead.accept(token, wanted=100)  # each kept: no evaluation, the next output of the batch
    assert not ahead.pending and ahead.index == kv.outputs - 1 > 0
    ahead.drop()  # what the engine does before evaluating anything itself
    kv.append(99)
    assert ahead.index == -1
