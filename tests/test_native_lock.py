"""llama.cpp can be asked from two threads of one process (the engine, and the hardware report; in the engine
host both run on its main thread now, but the command line and tests load models too). llama-cpp-python silences
output during a load by swapping file descriptors 1 and 2, which two overlapping loads can leave pointing at
/dev/null, or closed; a child process once died with "double free or corruption". The shared lock prevents it."""

from __future__ import annotations

import os
import threading

import pytest

from assistant.core.engines.types import LoadOptions

from assistant.core.engines.llama.engine import Engine
from assistant.core.engines.hardware import llama_backend

pytestmark = pytest.mark.model


def test_loads_on_several_threads_leave_stdout_and_stderr_alone(model_path):
    before = [(os.fstat(fd).st_dev, os.fstat(fd).st_ino) for fd in (1, 2)]
    errors = []

    def repeat(action, times):
        try:
            for _ in range(times):
                action()
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    engine = Engine()

    threads = [threading.Thread(target=repeat, args=args) for args in (
        (lambda: engine.load(model_path, LoadOptions(context_length=512)), 4),
        (llama_backend, 40),
    )]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    engine.unload()
    assert errors == []
    assert [(os.fstat(fd).st_dev, os.fstat(fd).st_ino) for fd in (1, 2)] == before
