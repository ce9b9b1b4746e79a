"""The failures of the engine host and of a server are one set: each says its own word (``kind``), and the word
rebuilds the same type on the other side of the engine host's pipe (``failure_from``)."""

from __future__ import annotations

import pytest

from assistant.core.engines import errors
from assistant.core.engines.errors import KINDS, EngineFailure, failure_from


def test_every_failure_says_its_own_word_and_is_rebuilt_from_it():
    declared = [value for value in vars(errors).values()
                if isinstance(value, type) and issubclass(value, EngineFailure)]
    assert {cls.kind for cls in declared} == set(KINDS)
    # The host's eight, a server's four, a picture's two (a model that cannot see, an image it cannot read), and
    # a request's schema the grammar cannot take and a model that cannot chat, none sharing a word.
    assert len(KINDS) == len(declared) == 16
    for kind, cls in KINDS.items():
        failure = cls("what went wrong")
        assert failure.kind == kind, cls.__name__  # the instance's word, not EngineError's default "engine"
        rebuilt = failure_from(failure.kind, str(failure))
        assert type(rebuilt) is cls and str(rebuilt) == "what went wrong"


def test_an_unknown_word_is_a_plain_engine_failure():
    failure = failure_from("from_a_newer_host", "something new")
    assert type(failure) is EngineFailure and failure.kind == "engine"


def test_a_failure_without_its_word_cannot_be_declared():
    with pytest.raises(TypeError):
        type("Wordless", (EngineFailure,), {})
