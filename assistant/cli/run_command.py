"""``assistant run --model PATH "prompt"``: one reply, streamed to standard output, over the same scheduler and engine
host as the app; or ``assistant run --server URL [--model ID] "prompt"`` from an OpenAI-compatible server (the key
from the keyring, or HEARTH_SERVER_KEY for scripts). ``--image PATH`` sends pictures with the prompt, made safe first
(core/images) and kept only until the reply is written; a model that cannot see gets the text the OCR reads in them,
as in Chat. Exit statuses: assistant/cli/exits.py. Thinking is not printed: standard output gets the answer, and
nothing else (a failed reply leaves it empty)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

from assistant import command_name
from assistant.cli.exits import (CANNOT_SEE, ENGINE_CRASHED, FAILED, GENERATION_FAILED, INTERRUPTED, LOAD_FAILED,
                                 NOT_FOUND, REFUSED, USAGE)


def open_core(say, on_status=None):
    """The core's settings, history and engine stack (core/composition.py), as the app has them. A database that
    cannot be used leaves them without storage: the reply is still written, with the defaults."""
    from assistant.core.composition import Core

    keep_engine_log()
    return Core.open(on_status, lambda error: say(f"note: the settings cannot be read ({error}); using the defaults"))


def engine_log() -> Path:
    from assistant.core.storage.paths import data_dir

    return data_dir() / "logs" / "engine.log"


def keep_engine_log() -> None:
    """The engine host started from here writes llama.cpp's messages, and a crash's stack, to ``engine_log()``
    instead of the terminal (core/engines/host.LOG_SWITCH); a crash is then said in one line that names it."""
    from assistant.core.engines.protocol import LOG_SWITCH

    try:
        engine_log().parent.mkdir(parents=True, exist_ok=True)
        logging.basicConfig(filename=engine_log(), level=logging.WARNING,
                            format="%(asctime)s %(name)s: %(message)s")  # this side's warnings beside the host's
    except OSError:
        return  # nowhere to keep it: the terminal it is
    os.environ.setdefault(LOG_SWITCH, str(engine_log()))


def stats_line(result) -> str:
    """``--stats``: a reply's counts and timings, in one line (run and ask alike)."""
    rate = f"{result.tokens_per_second:.1f} tokens/s" if result.tokens_per_second else "-"
    first = f"{result.time_to_first_token:.2f} s" if result.time_to_first_token is not None else "-"
    return (f"{result.prompt_tokens} prompt + {result.generated_tokens} generated tokens, first token after {first}, "
            f"{rate}, ended: {result.end}")


def is_server_failure(error) -> bool:
    """A server that refused or could not be reached: FAILED, whether its models were listed or one was loaded."""
    from assistant.core.engines.errors import ServerRefused, ServerUnreachable

    return isinstance(error, (ServerRefused, ServerUnreachable))


def server_note(error) -> str:
    """The command line's way to give a server its key, beside the app's."""
    from assistant.core.engines.errors import ServerRefused

    return " From the command line: HEARTH_SERVER_KEY gives the key." if isinstance(error, ServerRefused) else ""


def crash_note(error) -> str:
    """Where the crash's own report is, for a line that says the engine crashed."""
    from assistant.core.engines.protocol import LOG_SWITCH

    log = os.environ.get(LOG_SWITCH)
    return f" (llama.cpp's report is in {log})" if log else ""


def read_prompt(text: str, say, what: str = "prompt") -> tuple[str | None, int]:
    """The ``what`` (prompt, question) given, or standard input's for ``-``; (None, USAGE) after saying why there is
    none to send."""
    from_stdin = text == "-"
    if from_stdin:
        if sys.stdin is None or sys.stdin.closed:
            say(f"error: - reads the {what} from standard input, but there is none (it is closed)")
            return None, USAGE
        try:
            text = sys.stdin.read()
        except (OSError, ValueError) as exc:
            say(f"error: standard input cannot be read: {exc}")
            return None, USAGE
    if not text.strip():
        say(f"error: the {what} is empty" + (" (standard input gave nothing)" if from_stdin else ""))
        return None, USAGE
    return text, 0


def model_path(name: str) -> str | None:
    """The file ``--model`` names: a path, or an installed model's name as ``models list`` shows it (as ``ollama run
    NAME`` takes one); None when it is neither, or names several."""
    if Path(name).is_file():
        return name
    from assistant.core.library.models import find_installed
    from assistant.core.storage.paths import models_dir

    found = find_installed(name, models_dir())
    return str(found[0].path) if len(found) == 1 else None


def model_file(path: str, say):
    """The GGUF header of ``path`` (or of the installed model so named), or the exit code after saying why there is
    none."""
    from assistant.core.library.gguf_file import BadModelFile, read_gguf

    found = model_path(path)
    if found is None:
        say(f"error: there is no model file at {path}, and no installed model of that name "
            f"('{command_name()} models list' shows them)")
        return None, NOT_FOUND
    path = found
    try:
        return read_gguf(path), 0
    except (BadModelFile, OSError) as exc:
        say(f"error: {exc}")
        return None, REFUSED


def model_or_server(args: argparse.Namespace, say):
    """The header of ``--model``'s file (None with ``--server``), and 0; or None and the exit code after saying why
    neither can be used."""
    if not getattr(args, "server", None) and not getattr(args, "model", None):
        say("error: give a model file with --model PATH, or a server with --server URL")
        return None, USAGE
    if args.server:
        return None, 0
    return model_file(args.model, say)


def status_notes(say):
    """The scheduler's ``on_status``: a crash and what was given up to recover from it, as notes."""
    from assistant.core.engines.scheduler import Recovered, Recovering

    def on_status(event) -> None:
        if isinstance(event, Recovering):
            say(f"note: {event.crash}{crash_note(event.crash)}")
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
        say(f"error: --server: {exc}")
        return None, USAGE
    if not model_id:
        try:
            offered = core.engine.remote(url).models()
        except EngineError as exc:
            say(f"error: {exc}{server_note(exc)}")
            return None, FAILED
        if len(offered) != 1:
            say(f"error: the server offers {len(offered)} models; choose one with --model: {', '.join(offered)}")
            return None, USAGE
        model_id = offered[0]
    return remote_target(url, model_id), 0


def load_model(scheduler, target: str, chosen, say):
    """Load ``target`` with ``chosen`` (ModelSettings): the LoadedModel, its notes said, or the exit code."""
    from assistant.core.engines.errors import EngineCrashed
    from assistant.core.engines.scheduler import Failed

    loaded = scheduler.load(target, asdict(chosen)).wait()
    if isinstance(loaded, Failed):
        crashed = isinstance(loaded.error, EngineCrashed)
        say(f"error: {loaded.error}" + (crash_note(loaded.error) if crashed else server_note(loaded.error)))
        if crashed:
            return None, ENGINE_CRASHED
        return None, FAILED if is_server_failure(loaded.error) else LOAD_FAILED
    for note in loaded.model.notes:
        say(f"note: {note}")
    return loaded.model, 0


def load_chosen(core, args: argparse.Namespace, info, say):
    """The model ``--server``/``--model`` name loaded with its settings (a server's with the defaults): the
    LoadedModel and its ModelSettings, or None and the exit code after saying why."""
    from assistant.core.storage.settings import ModelSettings

    if args.server:
        target, code = server_target(core, args.server, getattr(args, "model", None), say)
        if target is None:
            return None, None, code
        chosen = ModelSettings()
    else:
        target = str(info.path)
        chosen = core.settings.model_settings(target) if core.settings else ModelSettings()
    model, code = load_model(core.scheduler, target, chosen, say)
    return model, chosen, code


def prepared_images(paths: list[str], store, say) -> tuple[list | None, int]:
    """``paths`` made safe (core/images: bombs and damaged files refused, metadata dropped) and kept in ``store``:
    the kept pictures (StoredImage), or the exit code after saying which picture was refused and why."""
    from assistant.core.images.image_file import ImageProblem

    kept = []
    for path in paths:
        if not Path(path).is_file():
            say(f"error: no such file: {path}")
            return None, NOT_FOUND
        try:
            kept.append(store.add_file(path))
        except ImageProblem as problem:
            say(f"error: {problem if problem.name else f'{path}: {problem}'}")
            return None, REFUSED
        except OSError as exc:
            say(f"error: {path}: the picture could not be kept to send it ({exc.strerror or exc})")
            return None, REFUSED
    return kept, 0


def text_of_images(prompt: str, kept: list, store, server: bool, say) -> tuple[str | None, int]:
    """For a model that cannot see, as Chat does: the text the OCR reads in each picture goes before the prompt
    (core/chat/prompt.with_image_text), and the reply's note is said. The exit code when this copy has no OCR."""
    from assistant.core.chat.image_reading import ImageReading, read_notes
    from assistant.core.chat.prompt import with_image_text
    from assistant.core.images.ocr import Ocr

    if not Ocr.available():
        say("error: this model cannot see pictures, and this copy of Hearth has no OCR to read the text in them "
            "(Hearth installed with pip has it). " + (
                "Choose a model on the server that reads images." if server else
                "Use a model that reads images: one with its projector (mmproj file) beside it ('assistant models "
                "pull' fetches it)."))
        return None, CANNOT_SEE
    names = [image.sha256 for image in kept]
    read = ImageReading(store, Ocr()).read(names)
    texts = [read[name] for name in names]
    for note in read_notes(texts):
        say(f"note: {note}")
    return with_image_text(prompt, [text for text in texts if text is not None]), 0


def run(args: argparse.Namespace, out=None, err=None) -> int:
    with tempfile.TemporaryDirectory(prefix="hearth-run-images-") as folder:
        return _run(args, folder, out, err)


def _run(args: argparse.Namespace, folder: str, out=None, err=None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    from assistant.core.engines.errors import EngineCrashed, NoVision
    from assistant.core.engines.scheduler import Failed, Text
    from assistant.core.engines.types import GenerationParams

    def say(line: str) -> None:
        print(line, file=err, flush=True)

    prompt, code = read_prompt(args.prompt, say)
    if prompt is None:
        return code
    info, code = model_or_server(args, say)
    if code:
        return code
    from assistant.core.images.image_store import ImageStore

    store = ImageStore(Path(folder))
    images, code = prepared_images(getattr(args, "image", None) or [], store, say)
    if images is None:
        return code
    core = open_core(say, status_notes(say))
    scheduler = core.scheduler
    try:
        model, chosen, code = load_chosen(core, args, info, say)
        if model is None:
            return code
        if images and not model.sees:
            prompt, code = text_of_images(prompt, images, store, bool(args.server), say)
            if prompt is None:
                return code
            images = []
        messages = ([{"role": "system", "content": args.system}] if args.system else []) + [
            {"role": "user", "content": prompt, **({"images": [str(image.path) for image in images]} if images
                                                   else {})}]
        params = GenerationParams.from_settings(chosen, args.max_tokens, args.temperature)
        if args.seed is not None:
            params.seed = args.seed
        handle = scheduler.generate(messages, params)
        final, wrote = None, False
        try:
            for event in handle.events():
                if isinstance(event, Text) and event.text:
                    out.write(event.text)
                    out.flush()
                    wrote = True
                final = event
        except (KeyboardInterrupt, BrokenPipeError) as stopped:
            scheduler.cancel(handle)  # Stop is out of band: the model stops writing at once
            handle.wait(30)
            if isinstance(stopped, BrokenPipeError):
                raise  # the reader went away: __main__ ends quietly
            if wrote:
                out.write("\n")
            say("stopped")
            return INTERRUPTED
        if wrote:  # a reply ends its line; a failed one leaves standard output empty
            out.write("\n")
            out.flush()
        if isinstance(final, Failed):
            say(f"error: {final.error}" + (crash_note(final.error) if isinstance(final.error, EngineCrashed) else ""))
            if isinstance(final.error, NoVision):
                return CANNOT_SEE
            return ENGINE_CRASHED if isinstance(final.error, EngineCrashed) else GENERATION_FAILED
        result = final.result
        reason = result.no_answer_reason()
        for warning in [*result.warnings, *([reason] if reason else [])]:
            say(f"note: {warning}")
        if args.stats:
            say(stats_line(result))
        return 0
    finally:
        core.shutdown()
