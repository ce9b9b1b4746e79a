"""``assistant run --model PATH "prompt"``: one reply, streamed to standard output, over the same scheduler and engine
host as the app; or ``assistant run --server URL [--model ID] "prompt"`` from an OpenAI-compatible server (the key
from the keyring, or HEARTH_SERVER_KEY for scripts). ``--image PATH`` sends pictures with the prompt, made safe first
(core/images) and kept only until the reply is written. Exit codes are --self-test's (assistant/cli/self_test.py),
9 for a picture refused, 10 for a model that cannot see, 130 after Ctrl+C. Thinking is not printed: standard output
gets the answer."""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

from assistant.cli.self_test import BAD_MODEL, ENGINE_CRASHED, GENERATION_FAILED, LOAD_FAILED, NO_MODEL

BAD_IMAGE, CANNOT_SEE = 9, 10
INTERRUPTED = 130


def open_core(say, on_status=None):
    """The core's settings, history and engine stack (core/composition.py), as the app has them. A database that
    cannot be used leaves them without storage: the reply is still written, with the defaults."""
    from assistant.core.composition import Core

    return Core.open(on_status, lambda error: say(f"note: the settings cannot be read ({error}); using the defaults"))


def model_file(path: str, say):
    """The GGUF header of ``path``, or the exit code after saying why there is none."""
    from assistant.core.library.gguf_file import BadModelFile, read_gguf

    if not Path(path).is_file():
        say(f"error: there is no model file at {path}")
        return None, NO_MODEL
    try:
        return read_gguf(path), 0
    except (BadModelFile, OSError) as exc:
        say(f"error: {exc}")
        return None, BAD_MODEL


def status_notes(say):
    """The scheduler's ``on_status``: a crash and what was given up to recover from it, as notes."""
    from assistant.core.engines.scheduler import Recovered, Recovering

    def on_status(event) -> None:
        if isinstance(event, Recovering):
            say(f"note: {event.crash}")
        elif isinstance(event, Recovered) and event.model.notes:
            say(f"note: {event.model.notes[-1]}")

    return on_status


def server_target(core, server: str, model_id: str | None, say):
    """The router's target for ``model_id`` on ``server`` (its only model when none is named), or the exit code
    after saying why there is none."""
    from assistant.core.engines.remote.server_list import normalize_url, remote_target
    from assistant.core.engines.types import EngineError

    try:
        url = normalize_url(server)
    except ValueError as exc:
        say(f"error: {exc}")
        return None, LOAD_FAILED
    if not model_id:
        try:
            offered = core.engine.remote(url).models()
        except EngineError as exc:
            say(f"error: {exc}")
            return None, LOAD_FAILED
        if len(offered) != 1:
            say(f"error: the server offers {len(offered)} models; choose one with --model: {', '.join(offered)}")
            return None, NO_MODEL
        model_id = offered[0]
    return remote_target(url, model_id), 0


def load_model(scheduler, target: str, chosen, say):
    """Load ``target`` with ``chosen`` (ModelSettings): the LoadedModel, its notes said, or the exit code."""
    from assistant.core.engines.errors import EngineCrashed
    from assistant.core.engines.scheduler import Failed

    loaded = scheduler.load(target, asdict(chosen)).wait()
    if isinstance(loaded, Failed):
        say(f"error: {loaded.error}")
        return None, ENGINE_CRASHED if isinstance(loaded.error, EngineCrashed) else LOAD_FAILED
    for note in loaded.model.notes:
        say(f"note: {note}")
    return loaded.model, 0


def prepared_images(paths: list[str], folder: str, say) -> tuple[list[str] | None, int]:
    """``paths`` made safe (core/images: bombs and damaged files refused, metadata dropped) and kept in ``folder``:
    the kept files' paths, or the exit code after saying which picture was refused and why."""
    from assistant.core.images.image_file import ImageProblem
    from assistant.core.images.image_store import ImageStore

    store, kept = ImageStore(Path(folder)), []
    for path in paths:
        try:
            prepared = store.add_file(path)
        except ImageProblem as problem:
            say(f"error: {problem if problem.name else f'{path}: {problem}'}")
            return None, BAD_IMAGE
        except OSError as exc:
            say(f"error: {path}: the picture could not be kept to send it ({exc.strerror or exc})")
            return None, BAD_IMAGE
        kept.append(str(prepared.path))
    return kept, 0


def run(args: argparse.Namespace, out=None, err=None) -> int:
    with tempfile.TemporaryDirectory(prefix="hearth-run-images-") as folder:
        return _run(args, folder, out, err)


def _run(args: argparse.Namespace, folder: str, out=None, err=None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    from assistant.core.engines.errors import EngineCrashed, NoVision
    from assistant.core.engines.scheduler import Failed, Text
    from assistant.core.engines.types import GenerationParams
    from assistant.core.storage.settings import ModelSettings

    def say(line: str) -> None:
        print(line, file=err, flush=True)

    prompt = sys.stdin.read() if args.prompt == "-" else args.prompt
    if not args.server and not args.model:
        say("error: give a model file with --model PATH, or a server with --server URL")
        return NO_MODEL
    info = None
    if not args.server:
        info, code = model_file(args.model, say)
        if info is None:
            return code
    images, code = prepared_images(getattr(args, "image", None) or [], folder, say)
    if images is None:
        return code
    core = open_core(say, status_notes(say))
    scheduler = core.scheduler
    try:
        if args.server:
            target, code = server_target(core, args.server, args.model, say)
            if target is None:
                return code
            chosen = ModelSettings()
        else:
            target = str(info.path)
            chosen = core.settings.model_settings(target) if core.settings else ModelSettings()
        model, code = load_model(scheduler, target, chosen, say)
        if model is None:
            return code
        if images and not model.sees:
            say("error: this model cannot see images: " + (
                "the server says its model has no vision; choose one that reads images" if args.server else
                "it has no projector (mmproj file) that fits it beside it; download the model's projector into "
                "the same folder ('assistant models pull' fetches it) or use a model that reads images"))
            return CANNOT_SEE
        messages = ([{"role": "system", "content": args.system}] if args.system else []) + [
            {"role": "user", "content": prompt, **({"images": images} if images else {})}]
        params = GenerationParams.from_settings(chosen, args.max_tokens, args.temperature)
        if args.seed is not None:
            params.seed = args.seed
        handle = scheduler.generate(messages, params)
        final = None
        try:
            for event in handle.events():
                if isinstance(event, Text):
                    out.write(event.text)
                    out.flush()
                final = event
        except KeyboardInterrupt:
            scheduler.cancel(handle)
            handle.wait(30)
            out.write("\n")
            return INTERRUPTED
        out.write("\n")
        out.flush()
        if isinstance(final, Failed):
            say(f"error: {final.error}")
            if isinstance(final.error, NoVision):
                return CANNOT_SEE
            return ENGINE_CRASHED if isinstance(final.error, EngineCrashed) else GENERATION_FAILED
        result = final.result
        reason = result.no_answer_reason()
        for warning in [*result.warnings, *([reason] if reason else [])]:
            say(f"note: {warning}")
        if args.stats:
            rate = f"{result.tokens_per_second:.1f} tokens/s" if result.tokens_per_second else "-"
            first = f"{result.time_to_first_token:.2f} s" if result.time_to_first_token is not None else "-"
            say(f"{result.prompt_tokens} prompt + {result.generated_tokens} generated tokens, first token after "
                f"{first}, {rate}, ended: {result.end}")
        return 0
    finally:
        core.shutdown()
