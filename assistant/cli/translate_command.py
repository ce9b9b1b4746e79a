"""``assistant translate FILE --to LANG``: a whole file translated in its own format (core/formats), through the same
session, scheduler and engine as the Translation pane. Progress goes to standard error, a line per segment; the
checks and the parts left untranslated are printed at the end. Each segment is kept in the database as it is done,
so after Ctrl+C, a kill or a crash the same command goes on at the first segment without a translation.

Exit statuses: assistant/cli/exits.py (a file refused, damaged, a zip bomb or a kind not translated, is REFUSED)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from assistant.cli.exits import ENGINE_CRASHED, GENERATION_FAILED, INTERRUPTED, NOT_FOUND, REFUSED, USAGE
from assistant.cli.run_command import load_chosen, model_or_server, open_core, status_notes


def run(args: argparse.Namespace, err=None) -> int:
    err = err or sys.stderr

    def say(line: str) -> None:
        print(line, file=err, flush=True)

    try:
        return _run(args, say)
    except KeyboardInterrupt:  # Ctrl+C while the file is read or the model loads: nothing was translated yet
        say("stopped")
        return INTERRUPTED


def _run(args: argparse.Namespace, say) -> int:
    from assistant.core.formats.translatable import FormatProblem
    from assistant.core.writing.glossary_csv import GlossaryFileProblem, read_glossary_csv
    from assistant.core.writing.languages import LANGUAGES
    from assistant.core.writing.translation import Glossary

    codes = [lang.code for lang in LANGUAGES]
    for option, code in (("--to", args.to), ("--from", args.source)):
        if code is not None and code not in codes:
            say(f"error: {option} {code}: Hearth does not translate this language; one of: {', '.join(codes)}")
            return USAGE
    path = Path(args.file)
    if not path.is_file():
        say(f"error: no such file: {path}")
        return NOT_FOUND
    info, code = model_or_server(args, say)
    if code:
        return code
    extra = Glossary()
    if args.glossary:
        try:
            extra = read_glossary_csv(args.glossary)
        except GlossaryFileProblem as problem:
            say(f"error: {args.glossary}: {problem}")
            return REFUSED
    from assistant.core.writing.file_translation_session import FileTranslationSession, output_kind

    try:
        say(f"reading {path}…")
        file = FileTranslationSession.read(path, _ocr())
    except FormatProblem as problem:
        say(f"error: {path}: {problem}")
        return REFUSED
    if args.kind and args.kind not in file.output_kinds:
        say(f"error: --format {args.kind}: a .{file.kind} file is written as {', '.join(file.output_kinds)}")
        return USAGE
    default = _default_output(path, args.to, args.kind or file.output_kinds[0])
    try:
        kind = output_kind(file, Path(args.output) if args.output else default, args.kind)
    except FormatProblem as problem:
        say(f"error: {args.output}: {problem}")
        return REFUSED
    if args.kind and kind != args.kind:
        say(f"error: -o {args.output} ends in .{kind}, not .{args.kind} as --format asks")
        return USAGE
    source = args.source or FileTranslationSession.detect_source(file)
    if source is None:
        say("error: the file's language could not be detected; give it with --from")
        return REFUSED
    if source == args.to:
        say(f"error: the file is already in {args.to}")
        return USAGE
    output = Path(args.output) if args.output else default
    if not output.parent.is_dir() or not os.access(output.parent, os.W_OK):
        say(f"error: the translation cannot be written in {output.parent}: no such folder, or not writable")
        return REFUSED

    core = open_core(say, status_notes(say))
    try:
        return _translate(core, args, info, file, source, kind, output, extra, say)
    finally:
        core.shutdown()


def _translate(core, args, info, file, source, kind, output, extra, say) -> int:
    from assistant.core.engines.errors import EngineCrashed
    from assistant.core.engines.types import GenerationParams
    from assistant.core.formats.translatable import FormatProblem
    from assistant.core.writing.file_translation_session import FileTranslationSession
    from assistant.core.writing.file_translation_store import FileTranslationStore
    from assistant.core.writing.file_translator import DONE, FAILED, FileTranslator, SegmentTranslated
    from assistant.core.writing.profile import Profiles
    from assistant.core.writing.translation import Glossary, run_glossary
    from assistant.core.writing.translation_models import prompt_form

    model, chosen, code = load_chosen(core, args, info, say)
    if model is None:
        return code
    profile = Profiles(core.settings).for_task("translation") if core.settings else None  # as in the window
    glossary = run_glossary(Glossary.load(core.settings, source, args.to) if core.settings else Glossary(), profile)
    session = FileTranslationSession(FileTranslationStore(core.conn) if core.conn is not None else None)
    opened = session.begin(file, source, args.to, glossary.merged(extra), args.formality, model.context_length,
                           fresh=args.fresh, profile=profile)
    job = opened.job
    job.form = prompt_form(model)
    total = len(job.segments)
    say(f"{total} segments to translate from {source} into {args.to}" + (
        f"; {opened.resumed} already translated by an earlier run, kept (--fresh translates them again, for "
        f"a changed glossary)" if opened.resumed else ""))
    for part in file.skipped:
        say(f"untranslated: {part.where}: {part.what}")
    for note in file.notes:
        say(f"note: {note}")
    translator = FileTranslator(core.scheduler, lambda tokens: GenerationParams.from_settings(chosen, tokens, 0.2))

    def on_event(event) -> None:
        if isinstance(event, SegmentTranslated):
            session.translated(event.segment, event.pieces)
            rate = event.result.tokens_per_second
            say(f"[{job.done_count}/{total}] {job.done_count * 100 // max(1, total)}%" +
                (f" · {rate:.1f} tokens/s" if rate else ""))

    try:
        ended = translator.run(job, on_event)
    except KeyboardInterrupt:
        translator.stop()
        say(f"stopped at {job.done_count}/{total}; the same command goes on from there")
        return INTERRUPTED
    if session.unsaved:
        say("note: the database could not keep this run's progress; stopped, it would start again")
    if ended.outcome == FAILED:
        say(f"error: {ended.error}")
        say(f"stopped at {job.done_count}/{total}; the same command goes on from there")
        return ENGINE_CRASHED if isinstance(ended.error, EngineCrashed) else GENERATION_FAILED
    if ended.outcome != DONE:
        return INTERRUPTED
    for index, problem in job.checks():
        where = job.segments[index].where
        say(f"check: segment {index + 1}{f' ({where})' if where else ''}: {problem}")
    try:
        session.save_as(output, args.bilingual, kind)
    except (FormatProblem, OSError) as exc:
        say(f"error: the translation could not be written to {output}: {getattr(exc, 'strerror', None) or exc}")
        return REFUSED
    say(f"saved {output}")
    return 0


def _default_output(path: Path, target: str, kind: str) -> Path:
    from assistant.core.writing.file_translation_session import default_output

    return default_output(path, target, kind)


def _ocr():
    """The OCR for scanned PDF pages, in copies of Hearth that have it."""
    from assistant.core.images.ocr import Ocr

    return Ocr() if Ocr.available() else None
