"""Loading never ends in a crash for lack of memory: a simulated allocation failure walks down the ladder and the
model ends up loaded on the CPU, with a message saying what was given up."""

from __future__ import annotations

import llama_cpp
import pytest

from assistant.core.engines.types import EngineError, GenerationParams, LoadOptions

from assistant.core.engines.llama.engine import Engine, fallback_ladder

pytestmark = pytest.mark.model


def test_the_ladder_gives_up_layers_then_context_then_the_gpu():
    ladder = fallback_ladder(LoadOptions(context_length=8192, n_gpu_layers=-1, kv_type="q8_0",
                                         flash_attention=True), n_layers=32)
    assert [(o.n_gpu_layers, o.context_length) for o in ladder] == [
        (-1, 8192), (24, 8192), (16, 8192), (8, 8192), (8, 4096), (0, 4096), (0, 2048)]
    assert (ladder[-1].kv_type, ladder[-1].flash_attention) == ("f16", False)
    cpu = fallback_ladder(LoadOptions(context_length=4096), n_layers=32)
    assert [(o.n_gpu_layers, o.context_length) for o in cpu] == [(0, 4096), (0, 2048)]


class _OutOfMemory:
    """llama_cpp.Llama, except that any GPU offload or a context over 2,048 tokens fails as an allocation does."""

    real = llama_cpp.Llama
    attempts: list[tuple[int, int]] = []

    def __new__(cls, *args, **kwargs):
        cls.attempts.append((kwargs["n_gpu_layers"], kwargs["n_ctx"]))
        if kwargs["n_gpu_layers"] != 0 or kwargs["n_ctx"] > 2048:
            raise ValueError("Failed to create llama_context")
        return cls.real(*args, **kwargs)


def test_an_allocation_failure_ends_loaded_on_the_cpu_with_a_message(model_path, monkeypatch):
    """The GPU steps fail at load. The CPU step loads, with a context that starts small; when it cannot grow past
    2,048 tokens, that becomes the limit, the conversation is fitted to it and the reply says why."""
    monkeypatch.setattr(llama_cpp, "Llama", _OutOfMemory)
    real_init = llama_cpp.llama_init_from_model
    monkeypatch.setattr(llama_cpp, "llama_init_from_model",
                        lambda model, params: None if params.n_ctx > 2048 else real_init(model, params))
    _OutOfMemory.attempts = []
    engine = Engine()
    try:
        model = engine.load_safely(model_path, LoadOptions(context_length=8192, n_gpu_layers=-1))
        assert (model.n_gpu_layers, model.context_length) == (0, 4096)
        assert _OutOfMemory.attempts[0] == (-1, 8192) and _OutOfMemory.attempts[-1] == (0, 256)
        assert [layers for layers, _ in _OutOfMemory.attempts].count(0) == 1  # the first CPU step loaded
        [note] = model.notes
        assert "Failed to create llama_context" in note and "the CPU only" in note and "4,096-token" in note
        result = engine.generate([{"role": "user", "content": "Hi"}], GenerationParams(max_tokens=4, temperature=0.0))
        assert result.generated_tokens >= 1  # the fallback model really works

        long_chat = []
        for i in range(12):
            long_chat += [{"role": "user", "content": f"Note {i}: " + "the tide rose over the rocks. " * 30},
                          {"role": "assistant", "content": f"Noted, {i}."}]
        long_chat.append({"role": "user", "content": "What was note 11 about?"})
        assert len(engine.fit(long_chat, 64).tokens) > 2048
        result = engine.generate(long_chat, GenerationParams(max_tokens=16, temperature=0.0))
        assert engine.model.context_length == engine._kv.capacity == 2048  # the window shows the new limit
        assert result.dropped_messages > 0 and result.prompt_tokens <= 2048 and result.generated_tokens >= 1
        assert any("not enough memory for a 4,096-token context, so the context stops at 2,048 tokens" in w
                   for w in result.warnings)
    finally:
        engine.unload()


def test_when_every_step_fails_the_error_says_so(model_path, monkeypatch):
    class _Never:
        def __new__(cls, *args, **kwargs):
            raise ValueError("Failed to load model from file")

    monkeypatch.setattr(llama_cpp, "Llama", _Never)
    with pytest.raises(EngineError) as error:
        Engine().load_safely(model_path, LoadOptions(context_length=4096, n_gpu_layers=10))
    assert "fewer GPU layers, a shorter context and on the CPU" in str(error.value)


def test_a_load_reports_its_progress_from_llama_cpp(model_path):
    shares = []
    engine = Engine()
    try:
        engine.load(model_path, LoadOptions(context_length=1024), on_progress=shares.append)
        engine.load(model_path, LoadOptions(context_length=1024))  # without a listener nothing is reported
    finally:
        engine.unload()
    assert len(shares) > 2 and shares == sorted(shares) and shares[0] < 0.5 and shares[-1] == 1.0
