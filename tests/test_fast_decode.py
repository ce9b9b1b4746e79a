"""The engine's own decode loop against llama-cpp-python's high-level path, on the real SmolLM2 model.

The loop must give the same tokens as ``Llama.generate`` for the same settings (greedy, and seeded sampling), every
sampling setting must act, and the KV bookkeeping (reuse across turns, snapshots of other conversations) must
never change what the model says, only how much of the prompt it has to evaluate.
"""

from __future__ import annotations

import pytest

from assistant.core.engines.types import END_LENGTH, END_STOPPED, GenerationParams, LoadOptions

from assistant.core.engines.llama.engine import Engine
from assistant.core.engines.llama.kv_context import KV_PADDING, KvContext, SnapshotCache, common_prefix, prompt_chunks

pytestmark = pytest.mark.model

STORY = [{"role": "user", "content": "Write a short story about a lighthouse keeper."}]
THREADS = 2


@pytest.fixture(scope="module")
def fast(model_path):
    engine = Engine()
    engine.load(model_path, LoadOptions(context_length=2048, n_threads=THREADS))
    yield engine
    engine.unload()


@pytest.fixture(scope="module")
def reference(model_path):
    """llama-cpp-python's high-level path on its own copy of the model, with the same context settings."""
    import llama_cpp

    llama = llama_cpp.Llama(str(model_path), n_ctx=2048, n_threads=THREADS, n_threads_batch=THREADS, verbose=False)
    yield llama
    llama.close()


def high_level_tokens(llama, tokens, params: GenerationParams) -> list[int]:
    import llama_cpp

    if params.seed is not None:
        llama.set_seed(params.seed)
    out = []
    for token in llama.generate(tokens, temp=params.temperature, top_k=params.top_k, top_p=params.top_p,
                                min_p=params.min_p, repeat_penalty=params.repeat_penalty):
        if llama_cpp.llama_vocab_is_eog(llama._model.vocab, token) or len(out) >= params.max_tokens:
            break
        out.append(token)
    return out


@pytest.mark.parametrize("params", [
    GenerationParams(temperature=0.0, max_tokens=48),
    GenerationParams(temperature=0.0, repeat_penalty=1.5, max_tokens=48),
    GenerationParams(temperature=0.0, repeat_penalty=1.2, max_tokens=150),  # past the penalty's 64-token window
    GenerationParams(temperature=0.8, seed=7, max_tokens=48),
    GenerationParams(temperature=1.2, top_k=10, top_p=0.8, min_p=0.1, seed=3, max_tokens=48),
], ids=["greedy", "greedy-penalty", "greedy-penalty-long", "seeded", "seeded-narrow"])
def test_same_tokens_as_the_high_level_path(fast, reference, params):
    ours = fast.generate(STORY, params)
    theirs = high_level_tokens(reference, fast.fit(STORY, params.max_tokens).tokens, params)
    assert len(ours.token_ids) >= 20
    assert ours.token_ids == theirs
    assert ours.text == fast._llama.detokenize(ours.token_ids).decode("utf-8", "replace")


def test_the_repeat_penalty_on_recent_logits_is_llama_cpps_own_bit_for_bit(fast):
    """RecentPenalty against llama.cpp's penalty sampler on the model's real logits, over 200 sampled tokens: repeats,
    tokens whose logit is positive and negative, and tokens that leave the 64-token window."""
    import ctypes
    import random

    import llama_cpp

    from assistant.core.engines.llama.sampling import PENALTY_LAST_N, RecentPenalty

    n_vocab = fast._llama.n_vocab()
    fast._kv.prefill(fast.fit(STORY, 8).tokens)
    live = llama_cpp.llama_get_logits_ith(fast._kv.ctx, -1)
    pristine = (ctypes.c_float * n_vocab)()
    ctypes.memmove(pristine, live, ctypes.sizeof(pristine))
    theirs = llama_cpp.llama_sampler_init_penalties(n_vocab, PENALTY_LAST_N, 1.3, 0.0, 0.0)
    ours = RecentPenalty(llama_cpp, 1.3)
    candidates = (llama_cpp.llama_token_data * n_vocab)()
    rng = random.Random(5)
    pool = [rng.randrange(n_vocab) for _ in range(90)] + sorted(range(n_vocab), key=lambda t: -pristine[t])[:10]
    signs, compared = set(), 0
    try:
        for step in range(200):
            for token in range(n_vocab):
                candidates[token].id, candidates[token].logit, candidates[token].p = token, pristine[token], 0.0
            array = llama_cpp.llama_token_data_array(candidates, n_vocab, -1, False)
            llama_cpp.llama_sampler_apply(theirs, ctypes.byref(array))
            ctypes.memmove(live, pristine, ctypes.sizeof(pristine))
            ours.apply(fast._kv.ctx)
            changed = [t for t in range(n_vocab) if candidates[t].logit != pristine[t]]
            assert [live[t] for t in range(n_vocab)] == [candidates[t].logit for t in range(n_vocab)], step
            assert sorted(changed) == sorted(ours._counts), step  # exactly the tokens still in the window
            signs |= {pristine[t] > 0 for t in changed}
            compared += bool(changed)
            token = rng.choice(pool)
            llama_cpp.llama_sampler_accept(theirs, token)
            ours.accept(token)
    finally:
        llama_cpp.llama_sampler_free(theirs)
        ctypes.memmove(live, pristine, ctypes.sizeof(pristine))
    assert compared == 199 and signs == {True, False}
    assert len(ours._recent) == PENALTY_LAST_N and sum(ours._counts.values()) == PENALTY_LAST_N


def test_each_sampling_setting_acts(fast):
    def tokens(**kw):
        return fast.generate(STORY, GenerationParams(max_tokens=32, **kw)).token_ids

    greedy = tokens(temperature=0.0)
    # Keeping only the most likely token, by any of the three filters, is greedy decoding.
    assert tokens(temperature=1.0, top_k=1, seed=1) == greedy
    assert tokens(temperature=1.0, min_p=1.0, seed=2) == greedy
    assert tokens(temperature=1.0, top_p=0.0, top_k=0, seed=3) == greedy
    # The repeat penalty changes a greedy reply; a seed picks the sample, and the same seed gives it back.
    assert tokens(temperature=0.0, repeat_penalty=2.0) != greedy
    seeded = tokens(temperature=1.5, top_k=0, top_p=1.0, min_p=0.0, seed=11)
    assert tokens(temperature=1.5, top_k=0, top_p=1.0, min_p=0.0, seed=11) == seeded
    assert tokens(temperature=1.5, top_k=0, top_p=1.0, min_p=0.0, seed=12) != seeded


def test_ignore_eos_generates_exactly_max_tokens(fast):
    result = fast.generate([{"role": "user", "content": "Say hi."}],
                           GenerationParams(temperature=0.0, max_tokens=300, ignore_eos=True))
    assert result.generated_tokens == 300 and result.end == END_LENGTH


def conversation(turns: int) -> list[dict]:
    messages = []
    for i in range(turns):
        messages.append({"role": "user", "content": f"Question {i}: name an animal that starts with {'ABCDEFGH'[i]}."})
        messages.append({"role": "assistant", "content": f"An animal for question {i} is the {'ant bee cat dog eel fox gnu hen'.split()[i]}."})
    return messages


def test_a_later_turn_evaluates_only_what_is_new(fast, model_path):
    history = conversation(6)
    fast.generate(history[:9], GenerationParams(temperature=0.0, max_tokens=8))
    later = fast.generate(history[:11], GenerationParams(temperature=0.0, max_tokens=16))
    new_tokens = later.prompt_tokens - len(fast.fit(history[:9], 16).tokens)
    assert later.prompt_evaluated <= new_tokens + 2, (later.prompt_evaluated, new_tokens)

    # Reuse never changes the reply: a fresh engine that evaluates everything says the same.
    fresh = Engine()
    fresh.load(model_path, LoadOptions(context_length=2048, n_threads=THREADS))
    try:
        again = fresh.generate(history[:11], GenerationParams(temperature=0.0, max_tokens=16))
    finally:
        fresh.unload()
    assert again.prompt_evaluated == again.prompt_tokens
    assert again.token_ids == later.token_ids


def record_batches(monkeypatch) -> list:
    """Every batch an engine's context evaluates (a token list) and every tail it drops (the length it keeps), so
    that the same can be fed to a reference context."""
    steps: list = []
    evaluate, append, truncate = KvContext._eval, KvContext.append, KvContext.truncate

    def recorded_eval(self, chunk):
        steps.append(list(chunk))
        evaluate(self, chunk)

    def recorded_append(self, token):
        steps.append([token])
        append(self, token)

    def recorded_truncate(self, n):
        if n < len(self.tokens):
            steps.append(n)
        truncate(self, n)

    monkeypatch.setattr(KvContext, "_eval", recorded_eval)
    monkeypatch.setattr(KvContext, "append", recorded_append)
    monkeypatch.setattr(KvContext, "truncate", recorded_truncate)
    return steps


def replay(llama, steps: list) -> list[float]:
    """Feed ``steps`` to llama-cpp-python's own context, one ``Llama.eval`` per batch; the last position's logits."""
    import llama_cpp

    # Emptied as KvContext.clear empties: dropping cells by position alone leaves the cache's next free cell where it
    # was, and batches placed in other cells are summed in another order.
    llama_cpp.llama_memory_clear(llama_cpp.llama_get_memory(llama.ctx), True)
    llama.reset()
    for step in steps:
        if isinstance(step, int):
            llama.n_tokens = step
        else:
            llama.eval(step)
    return last_logits(llama.ctx, llama.n_vocab())


def last_logits(ctx, n_vocab: int) -> list[float]:
    import llama_cpp

    logits = llama_cpp.llama_get_logits_ith(ctx, -1)
    return [logits[i] for i in range(n_vocab)]


def test_the_next_turns_opening_is_evaluated_while_the_user_types(fast, reference, monkeypatch):
    fast._kv.clear()
    fast._snapshots.clear()  # every batch of this conversation is recorded from here on
    steps = record_batches(monkeypatch)
    # ignore_eos: each reply ends at its length, its last token sampled and not read (on some CPUs the tiny model
    # ends a reply by itself, and then its last token is read before the end is sampled). Without prompt lookup,
    # whose checks read a batch's tokens again one by one where that CPU gives a batch other logits.
    params = GenerationParams(temperature=0.0, max_tokens=24, ignore_eos=True, prompt_lookup=False)
    turn = [{"role": "user", "content": "Name one colour of the sea."}]
    first = fast.generate(turn, params)
    warmed = fast.warm_next_turn(turn, first.text)
    assert warmed >= 2  # at least the end of the reply and the next user turn's opening

    following = turn + [{"role": "assistant", "content": first.text},
                        {"role": "user", "content": "Name one colour of the sky."}]
    second = fast.generate(following, params)
    # Only the new message and the reply's opening are left, as on a first turn: the user block's opening is in.
    opening = fast.encode_chat(following[:2] + [{"role": "user", "content": ""}])
    assert second.prompt_evaluated <= second.prompt_tokens - common_prefix(opening, fast.fit(following, 24).tokens)

    # Warming never changes what the model reads. The context holds the prompt and the reply, and nothing else: fed
    # the same tokens in the same batches, llama-cpp-python's own context gives bit for bit the same logits. (A fresh
    # context that reads the prompt in one batch is no reference: llama.cpp's results depend on how a prompt is split,
    # by rounding, and a greedy reply can then part at a near tie. Measured: a total variation of 0.007 between the two
    # next-token distributions, where a missing token moves it by as little as 0.007 too.)
    tokens = [token for step in steps if not isinstance(step, int) for token in step]
    assert tokens == fast.fit(following, 24).tokens + second.token_ids[:-1]
    fast._kv.prefill(list(fast._kv.tokens))  # the last position's logits afresh: sampling left its penalty in them
    ours = last_logits(fast._kv.ctx, fast._llama.n_vocab())
    assert replay(reference, steps) == ours
    changed = [list(step) if not isinstance(step, int) else step for step in steps]
    changed[0][len(changed[0]) // 2] += 1
    assert replay(reference, changed) != ours  # the comparison sees one token out of place

    # Nothing is thrown away for it: a conversation the context does not hold is left alone.
    assert fast.warm_next_turn([{"role": "user", "content": "Something else entirely."}], "Yes.") == 0


def test_going_back_to_a_conversation_restores_it_instead_of_reading_it_again(fast):
    long_a = conversation(8)[:15]
    other = [{"role": "user", "content": "Translate into French: " + "Good morning, the shop opens at nine. " * 8}]
    params = GenerationParams(temperature=0.0, max_tokens=12)
    a_first = fast.generate(long_a, params)
    fast.generate(other, params)  # the context now holds the other prompt; A was saved on the way out
    assert len(fast._snapshots) >= 1
    a_back = fast.generate(long_a, params)
    assert a_back.restored_tokens >= a_first.prompt_tokens - 1
    assert a_back.prompt_evaluated <= 1
    assert a_back.token_ids == a_first.token_ids
    # And the other conversation comes back too, now that A is the one that was left.
    other_back = fast.generate(other, params)
    assert other_back.restored_tokens > 0 and other_back.prompt_evaluated <= 1


def test_going_back_to_the_oldest_conversation_when_the_cache_is_full_restores_it(fast):
    """The snapshot that a prompt is best served by can be the least recently used one, which saving the context
    being left would evict: it is kept, restored, and says the same."""
    openings = ("Harbour", "Lantern", "Meadow")
    chats = [[{"role": "user", "content": f"{word}: describe this place. " + f"The {word.lower()} is quiet. " * 12}]
             for word in openings]
    params = GenerationParams(temperature=0.0, max_tokens=8)
    fast._kv.clear()
    fast._snapshots.clear()
    limit, fast._snapshots.max_entries = fast._snapshots.max_entries, 2
    try:
        first = [fast.generate(chat, params) for chat in chats]  # the first two were saved as the next one came
        assert len(fast._snapshots) == 2
        back = fast.generate(chats[0], params)  # the oldest, while the third must be saved: the cache is full
        assert back.restored_tokens >= first[0].prompt_tokens - 1 and back.prompt_evaluated <= 1
        assert back.token_ids == first[0].token_ids
        assert fast._snapshots.covers(fast.fit(chats[2], 8).tokens)  # the one left was saved
        assert not fast._snapshots.covers(fast.fit(chats[1], 8).tokens)  # and the least recently used went
    finally:
        fast._snapshots.max_entries = limit


def test_a_stop_during_the_prompt_leaves_a_context_that_still_answers_right(fast):
    params = GenerationParams(temperature=0.0, max_tokens=12)
    long_prompt = [{"role": "user", "content": "Summarise: " + "The tide rose over the rocks. " * 120}]
    expected = fast.generate(long_prompt, params).token_ids
    fast.generate(STORY, params)
    calls = []

    def stop_soon():
        calls.append(1)
        return len(calls) > 40  # well inside the prompt's evaluation

    stopped = fast.generate(long_prompt + [{"role": "user", "content": "Shorter, please."}], params,
                            should_stop=stop_soon)
    assert stopped.end == END_STOPPED and stopped.generated_tokens == 0
    assert fast.generate(long_prompt, params).token_ids == expected


def test_common_prefix_and_the_snapshot_budget():
    assert common_prefix([1, 2, 3, 4], [1, 2, 9]) == 2
    assert common_prefix([1, 2], [1, 2, 3]) == 2
    assert common_prefix([], [1]) == 0
    assert common_prefix(list(range(10_000)), list(range(7_777)) + [0]) == 7_777

    import ctypes

    from assistant.core.engines.llama.kv_context import Snapshot

    def snap(tokens, size):
        return Snapshot(tokens, (ctypes.c_uint8 * size)())

    cache = SnapshotCache(budget_bytes=1000, max_entries=3)
    cache.add(snap([1, 2, 3], 400))
    longer = snap([1, 2, 3, 4, 5], 500)
    cache.add(longer)  # holds everything the first one did: the first one goes
    assert len(cache) == 1
    cache.add(snap([7, 8], 600))  # over budget: the least recently used goes
    assert len(cache) == 1 and cache.best([7, 8, 9])[1] == 2
    assert cache.best([1, 2, 3])[0] is None
    cache.touch(longer)  # restoring one that is no longer held: nothing to move, and it does not come back
    assert len(cache) == 1 and cache.best([1, 2, 3])[0] is None


def test_prompt_pieces_end_on_the_caches_padding_and_cover_the_prompt_once():
    assert prompt_chunks(24, 532, 512, 512) == [(24, 512), (512, 532)]
    assert prompt_chunks(0, 530, 512, 512) == [(0, 512), (512, 530)]  # from the start nothing moves
    assert prompt_chunks(24, 300, 512, 512) == [(24, 300)]  # one piece: nothing to gain by cutting it
    assert prompt_chunks(24, 3000, 2048, 512) == [(24, 512), (512, 2560), (2560, 3000)]
    assert prompt_chunks(24, 200, 128, 128) == [(24, 152), (152, 200)]  # no boundary in reach: as before
    for n_batch, n_ubatch in ((512, 512), (2048, 512), (1024, 1024), (256, 256), (300, 300), (64, 64)):
        for start in (0, 1, 24, 255, 256, 511, 700):
            for end in (start + 1, start + 255, start + 513, start + 4000):
                chunks = prompt_chunks(start, end, n_batch, n_ubatch)
                assert chunks[0][0] == start and chunks[-1][1] == end
                assert all(a < b <= a + n_batch for a, b in chunks)
                assert all(chunks[i][1] == chunks[i + 1][0] for i in range(len(chunks) - 1))
                assert len(chunks) <= -(-(end - start) // n_batch) + 1  # at most one piece more than before
                if n_ubatch % KV_PADDING == 0:
                    assert all(a % KV_PADDING == 0 for a, _ in chunks[1:])


def test_a_long_prompt_after_a_reused_start_is_read_in_pieces_on_the_padding(fast, reference, monkeypatch):
    fast._kv.clear()
    fast._snapshots.clear()
    params = GenerationParams(temperature=0.0, max_tokens=24)
    fast.generate([{"role": "user", "content": "Hello."}], params)
    steps = record_batches(monkeypatch)
    message = [{"role": "user", "content": "Summarise: " + "The harbour lights came on one by one. " * 70}]
    result = fast.generate(message, params)
    prompt = fast.fit(message, 24).tokens
    shared = result.prompt_tokens - result.prompt_evaluated
    assert shared > 0 and len(prompt) - shared > 512  # a reused start, and more than one piece's worth after it
    pieces = [step for step in steps if not isinstance(step, int) and len(step) > 1]
    expected = prompt_chunks(shared, len(prompt), fast._kv._n_batch, fast._kv._n_ubatch)
    assert [len(piece) for piece in pieces] == [b - a for a, b in expected]
    assert (shared + len(pieces[0])) % KV_PADDING == 0
    assert [token for piece in pieces for token in piece] == prompt[shared:]
    # Cut this way, the model reads the same prompt: the reply is llama-cpp-python's from its own context.
    assert result.token_ids == high_level_tokens(reference, prompt, params)


# A context that grows --------------------------------------------------------------------------------------------


def test_a_reply_longer_than_the_first_context_grows_it_and_says_the_same(fast, reference):
    """On the CPU the context starts at 256 cells and doubles when full. Across two such growths (256 -> 512 -> 1024)
    the reply is token for token the one llama-cpp-python gives in a 2,048-cell context that never moves."""
    import numpy as np

    fast._kv.clear()
    fast._snapshots.clear()
    params = GenerationParams(temperature=0.0, max_tokens=560, ignore_eos=True)
    tokens = fast.fit(STORY, params.max_tokens).tokens
    fast._kv.prefill(tokens[:8])  # a little to carry over: the first growth copies it, the rest is new
    fast._kv._shrink_for(8)
    assert fast._kv.size == 256
    resizes = fast._kv.resizes
    ours = fast.generate(STORY, params)
    assert len(tokens) + len(ours.token_ids) > 512 + 8
    assert fast._kv.size == 1024 and fast._kv.resizes == resizes + 2
    assert fast.model.context_length == 2048  # what the user asked for, whatever is allocated now

    banned = fast._end_tokens()

    def no_end(_input_ids, scores):
        scores[list(banned)] = -np.inf
        return scores

    theirs = []
    for token in reference.generate(tokens, temp=0.0, repeat_penalty=params.repeat_penalty,
                                    logits_processor=[no_end]):
        theirs.append(token)
        if len(theirs) == params.max_tokens:
            break
    assert ours.token_ids == theirs


def test_a_new_conversation_shrinks_the_context_and_going_back_grows_it(fast):
    long_a = [{"role": "user", "content": "Summarise: " + "The tide rose over the rocks. " * 100}]
    short = [{"role": "user", "content": "Say hello."}]
    params = GenerationParams(temperature=0.0, max_tokens=12)
    a_first = fast.generate(long_a, params)
    assert fast._kv.size == 1024 and a_first.prompt_tokens > 512
    fast.generate(short, params)  # keeps almost nothing of A: 256 cells are enough, and A was saved on the way
    assert fast._kv.size == 256
    a_back = fast.generate(long_a, params)  # the snapshot does not fit in 256 cells: the context grows for it
    assert fast._kv.size == 1024
    assert a_back.restored_tokens >= a_first.prompt_tokens - 1 and a_back.prompt_evaluated <= 1
    assert a_back.token_ids == a_first.token_ids


def test_when_memory_runs_out_for_a_larger_context_the_reply_so_far_is_kept(model_path):
    """The fault: llama.cpp cannot make a context above 256 cells (out of memory). The reply ends at the full context
    with a warning and its text; the limit is now what there was memory for, and the next prompt is fitted to it."""
    engine = Engine()
    engine.load(model_path, LoadOptions(context_length=2048, n_threads=THREADS))
    make = engine._kv._make
    engine._kv._make = lambda n_ctx: None if n_ctx > 256 else make(n_ctx)
    result = engine.generate(STORY, GenerationParams(temperature=0.0, max_tokens=400, ignore_eos=True))
    assert result.end == "context_full"
    assert result.prompt_tokens + result.generated_tokens == 256 + 1  # the last one was sampled from a full context
    assert result.text and [w for w in result.warnings if "memory" in w] == [
        "There was not enough memory for a 512-token context, so the context stops at 256 tokens and longer "
        "conversations are shortened to fit."]
    assert engine._kv.capacity == engine._kv.size == engine.model.context_length == 256
    assert engine._kv.tokens == engine.fit(STORY, 400).tokens + result.token_ids[:-1]  # the context survived

    history = conversation(8)  # longer than 256 tokens now: its oldest turns are dropped to fit
    fitted = engine.fit(history, 64)
    assert fitted.dropped > 0 and len(fitted.tokens) <= 256
    later = engine.generate(history, GenerationParams(temperature=0.0, max_tokens=64))
    assert later.dropped_messages == fitted.dropped and later.generated_tokens > 0
    engine.unload()


def test_when_no_context_can_be_made_at_all_the_model_is_unloaded_with_a_clear_error(model_path):
    from assistant.core.engines.types import EngineError

    engine = Engine()
    engine.load(model_path, LoadOptions(context_length=2048, n_threads=THREADS))
    engine._kv._make = lambda n_ctx: None
    long_prompt = [{"role": "user", "content": "Summarise: " + "The tide rose over the rocks. " * 60}]
    with pytest.raises(EngineError, match="not enough memory left .* so the model was unloaded"):
        engine.generate(long_prompt, GenerationParams(temperature=0.0, max_tokens=8))
    assert engine.model is None and engine._llama is None
    with pytest.raises(EngineError, match="No model is loaded"):
        engine.generate(STORY, GenerationParams(max_tokens=4))


@pytest.mark.parametrize("options", [LoadOptions(context_length=1000, n_threads=THREADS, flash_attention=True),
                                     LoadOptions(context_length=1000, n_threads=THREADS, n_gpu_layers=1)],
                         ids=["flash-attention", "gpu-layers"])  # without a GPU, llama.cpp keeps the layer on the CPU
def test_on_a_gpu_or_with_flash_attention_the_whole_context_is_made_at_load(model_path, options):
    engine = Engine()
    engine.load(model_path, options)
    assert engine._kv.size == engine._kv.capacity == engine.model.context_length == 1024
    engine.generate(STORY, GenerationParams(temperature=0.0, max_tokens=8))
    assert engine._kv.resizes == 0
    engine.unload()


def test_every_context_made_to_grow_is_freed_once(model_path, monkeypatch):
    """The first context belongs to llama-cpp-python's Llama and is freed through it; every later one with
    llama_free."""
    import llama_cpp

    freed = []
    real_free = llama_cpp.llama_free
    monkeypatch.setattr(llama_cpp, "llama_free", lambda ctx: (freed.append(ctx), real_free(ctx)))
    engine = Engine()
    engine.load(model_path, LoadOptions(context_length=2048, n_threads=THREADS))
    engine.generate(STORY, GenerationParams(temperature=0.0, max_tokens=520, ignore_eos=True))  # 256 -> 512 -> 1,024
    engine.generate([{"role": "user", "content": "Hi"}], GenerationParams(temperature=0.0, max_tokens=4))  # -> 256
    resizes = engine._kv.resizes
    engine.unload()
    assert resizes == 3
    assert len(freed) == resizes  # one per resize, less the first (through Llama), plus the last one at unload


def test_a_later_context_at_the_first_ones_address_is_still_freed():
    """malloc may give a new context the address of the first one, freed through Llama before it. The native calls
    are stand-ins here: what is tested is which of the two ways each free takes."""
    from types import SimpleNamespace

    from assistant.core.engines.llama.engine import _context_makers

    wrapper_closes, native_frees = [], []
    llama = SimpleNamespace(ctx=0x1234, context_params=None,
                            _ctx=SimpleNamespace(close=lambda: wrapper_closes.append(1)))
    lib = SimpleNamespace(llama_free=native_frees.append)
    _make, free = _context_makers(lib, llama, 512)
    free(0x1234)  # the first context
    free(0x1234)  # a later one that got the same address
    assert wrapper_closes == [1] and native_frees == [0x1234]


def test_a_snapshot_too_long_for_the_context_memory_allows_is_evaluated_again_instead(model_path):
    """A was saved at 600-odd tokens; then memory allows no more than 512. Going back to A's opening cannot restore
    the snapshot, and the context must then hold exactly the prompt it evaluates, not a stale count of shared tokens."""
    engine = Engine()
    engine.load(model_path, LoadOptions(context_length=2048, n_threads=THREADS))
    params = GenerationParams(temperature=0.0, max_tokens=8)
    opening = [{"role": "user", "content": "Summarise: " + "The tide rose over the rocks. " * 40},
               {"role": "assistant", "content": "The tide rose."}]
    long_a = opening + [{"role": "user", "content": "And this: " + "The gulls circled the harbour. " * 40}]
    engine.generate(long_a, params)
    engine.generate([{"role": "user", "content": "Say hello."}], params)  # A is saved; the context shrinks
    make = engine._kv._make
    engine._kv._make = lambda n_ctx: None if n_ctx > 512 else make(n_ctx)
    later = opening + [{"role": "user", "content": "Shorter?"}]
    result = engine.generate(later, params)
    assert engine._kv.capacity == 512 and result.restored_tokens == 0
    prompt, reply = engine.fit(later, 8).tokens, result.token_ids
    assert engine._kv.tokens in (prompt + reply, prompt + reply[:-1])  # the last one is decoded unless it was EOS
    engine.unload()


def test_an_exact_regenerate_reads_the_prompts_last_batch_as_it_was_first_read(fast):
    """A seeded reply regenerated: the prompt's last logits bit for bit as when it was first read, on CPUs where one
    token alone gives other logits than the same token in its batch; an unseeded one reads only the last token."""
    fast._kv.clear()
    fast._snapshots.clear()
    kv, n_vocab = fast._kv, fast._llama.n_vocab()
    prompt = fast.fit([{"role": "user", "content": "Name one colour of the sea."}], 24).tokens
    kv.prefill(prompt)
    first = last_logits(kv.ctx, n_vocab)
    for token in prompt[:6]:  # a reply, which the regenerated one replaces
        kv.append(token)
    assert kv.prefill(prompt, exact=True) == len(prompt)  # its one batch, read from an empty context
    assert last_logits(kv.ctx, n_vocab) == first
    for token in prompt[:6]:
        kv.append(token)
    assert kv.prefill(prompt) == 1
