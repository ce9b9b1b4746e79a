"""``assistant --self-test --model PATH``: load a model the way the app would, write a short reply offline, print
timings and the backend, and exit 0; or exit non-zero with one line that says what failed. Users run it to report a
problem; the packaging test runs it inside the built bundle, where a missing library shows up here first."""

from __future__ import annotations

import os
import platform
import sys
import time
from dataclasses import dataclass

from assistant import APP_NAME, __version__, command_name
from assistant.cli.exits import (ENGINE_CRASHED, GENERATION_FAILED, LOAD_FAILED, NO_DISPLAY, NOT_FOUND, REFUSED,
                                 USAGE)

PROMPT = "Reply with one short sentence: what is the colour of the sky on a clear day?"
REPLY_TOKENS = 24


@dataclass(frozen=True)
class Failure(Exception):
    code: int
    reason: str




def run(model_path: str | None, out=sys.stdout) -> int:
    def say(line: str) -> None:
        print(line, file=out, flush=True)

    say(f"{APP_NAME} {__version__} self-test")
    say(f"System: {platform.system()} {platform.release()} ({platform.machine()}), Python {platform.python_version()}"
        + (", frozen app" if getattr(sys, "frozen", False) else ""))
    try:
        for line in _check_qt():
            say(line)
        say(_keyring_line())
        for line in _check_model(model_path):
            say(line)
    except Failure as failure:
        say(f"Self-test FAILED: {failure.reason}")
        return failure.code
    say("Self-test passed.")
    return 0


def _check_qt() -> list[str]:
    """Qt, its SVG support and platform plugins: the parts a frozen app most often leaves behind. Checked without a
    display (the offscreen platform), so that the self-test also runs over ssh."""
    try:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6 import __version__ as pyside_version
        from PySide6.QtCore import QLibraryInfo
        from PySide6.QtGui import QGuiApplication
        from PySide6.QtSvg import QSvgRenderer

        from assistant.resources import icons
    except ImportError as exc:
        raise Failure(NO_DISPLAY, f"Qt cannot be loaded: {exc}") from exc
    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    icon = QSvgRenderer(str(_icon_path(icons)), app)  # the application object must exist for Qt to draw at all
    if not icon.isValid():
        raise Failure(NO_DISPLAY, "the app's icon (an SVG file) cannot be read: the SVG support or the resources are "
                                 "missing from this installation.")
    platforms = QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath) + "/platforms"
    found = sorted(name.split(".")[0].removeprefix("libq") for name in _listdir(platforms))
    return [f"Qt: PySide6 {pyside_version}, platform plugins: {', '.join(found) or 'none found'}"]


def _keyring_line() -> str:
    """Which keyring keeps the Hub token: a frozen app that lost keyring's backends would fall back silently."""
    try:
        import keyring

        backend = keyring.get_keyring()
    except Exception as exc:  # a broken keyring set-up is reported, not fatal: the token then lives per session
        return f"Keyring: cannot be used ({exc})"
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if name.startswith(("keyring.backends.fail", "keyring.backends.null")):
        return "Keyring: none available (a Hub token would be kept for the session only)"
    return f"Keyring: {name}"


def _icon_path(icons):
    from importlib.resources import files

    return files(icons) / "hearth.svg"


def _listdir(folder: str) -> list[str]:
    try:
        return os.listdir(folder)
    except OSError:
        return []


def _check_model(model_path: str | None) -> list[str]:
    from pathlib import Path

    from assistant.core.library.gguf_file import BadModelFile, read_gguf

    if not model_path:
        raise Failure(USAGE, f"no model given. Run it as: {command_name()} --self-test --model PATH/TO/MODEL.gguf")
    if not Path(model_path).is_file():
        raise Failure(NOT_FOUND, f"there is no model file at {model_path}.")
    try:
        info = read_gguf(model_path)
    except (BadModelFile, OSError) as exc:
        raise Failure(REFUSED, str(exc)) from exc

    from assistant.core.engines.types import GenerationParams
    from assistant.core.engines.errors import EngineCrashed
    from assistant.core.composition import Core
    from assistant.core.engines.scheduler import Failed
    from assistant.core.engines.hardware import hardware_report

    report = hardware_report(ask_llama=False)  # llama.cpp itself is loaded only in the engine host
    lines = report.lines()
    crashes: list[str] = []
    # The app's engine stack, without its database: a check that reports the machine as it is, remembering nothing.
    core = Core.create(None, on_status=lambda event: crashes.append(str(getattr(event, "crash", ""))))
    scheduler = core.scheduler
    try:
        load = scheduler.load(str(info.path), {})
        loaded = load.wait()
        if isinstance(loaded, Failed):
            code = ENGINE_CRASHED if isinstance(loaded.error, EngineCrashed) else LOAD_FAILED
            raise Failure(code, f"the model did not load: {loaded.error}")
        loaded = loaded.model
        lines.insert(0, f"llama-cpp-python {scheduler.engine.llama_version}")
        layers = (f"{loaded.n_gpu_layers} of {info.block_count or '?'} layers on the GPU" if loaded.n_gpu_layers
                  else "CPU")
        lines.append(f"Model: {info.path.name} ({info.architecture}, {info.quantization}), loaded in "
                     f"{loaded.load_seconds:.2f} s in the engine process (pid {scheduler.engine.pid}); context "
                     f"{loaded.context_length}, {loaded.n_threads} threads, {layers}"
                     + ("" if loaded.repack else ", weight repacking off"))
        lines += [f"Load note: {note}" for note in loaded.notes]
        started = time.perf_counter()
        done = scheduler.generate([{"role": "user", "content": PROMPT}],
                                  GenerationParams(temperature=0.0, max_tokens=REPLY_TOKENS)).wait()
        seconds = time.perf_counter() - started
    finally:
        core.shutdown()
    lines += [f"Engine crash: {crash}" for crash in crashes if crash]
    if isinstance(done, Failed):
        code = ENGINE_CRASHED if isinstance(done.error, EngineCrashed) else GENERATION_FAILED
        raise Failure(code, f"the model loaded but could not write: {done.error}")
    result = done.result
    if not result.text.strip():
        raise Failure(GENERATION_FAILED, "the model loaded but wrote nothing.")
    prompt_rate = result.prompt_evaluated / result.prompt_seconds if result.prompt_seconds else 0.0
    lines += [f"Prompt: {result.prompt_evaluated} tokens in {result.prompt_seconds:.2f} s ({prompt_rate:.0f} tokens/s)",
              f"Reply: {result.generated_tokens} tokens, first after {result.time_to_first_token:.2f} s, "
              f"{result.tokens_per_second:.1f} tokens/s, {seconds:.2f} s in all",
              f"Reply text: {result.text.strip()[:200]!r}"]
    return lines
