"""``assistant proofread FILE``: a .docx, .md or .txt proofread paragraph by paragraph (core/writing/proofreading.py),
through the same session, scheduler and engine as Drafting, and saved as a Word document whose corrections are
tracked changes with their explanations as comments (on the .docx itself, its formatting kept). With ``--feedback``
each correction has its category, explanation and example, and the summary (counts by category, the three
patterns to work on) is printed on standard output. Progress goes to standard error.

Exit statuses: assistant/cli/exits.py."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from assistant.cli.exits import ENGINE_CRASHED, GENERATION_FAILED, INTERRUPTED, NOT_FOUND, REFUSED, USAGE
from assistant.cli.run_command import load_chosen, model_or_server, open_core, status_notes


def run(args: argparse.Namespace, out=None, err=None) -> int:
    out, err = out or sys.stdout, err or sys.stderr

    def say(line: str) -> None:
        print(line, file=err, flush=True)

    try:
        return _run(args, say, out)
    except KeyboardInterrupt:
        say("stopped; nothing was written")
        return INTERRUPTED


def _run(args: argparse.Namespace, say, out) -> int:
    from assistant.core.formats.docx_review import body_text

    path = Path(args.file)
    if not path.is_file():
        say(f"error: no such file: {path}")
        return NOT_FOUND
    kind = path.suffix.lower()
    if kind not in (".docx", ".md", ".txt"):
        say(f"error: {path}: proofread reads .docx, .md and .txt files")
        return REFUSED
    try:
        text = body_text(path) if kind == ".docx" else path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        say(f"error: {path}: not UTF-8 text ({exc})")
        return REFUSED
    except Exception as exc:  # noqa: BLE001 (python-docx raises many kinds for a file that is not a .docx)
        say(f"error: {path}: not a Word document that can be read ({exc})")
        return REFUSED
    output = Path(args.output) if args.output else path.with_name(f"{path.stem} (proofread).docx")
    if output.suffix.lower() != ".docx":
        say(f"error: -o {output}: the review is written as a Word document (.docx)")
        return USAGE
    if not output.parent.is_dir() or not os.access(output.parent, os.W_OK):
        say(f"error: the review cannot be written in {output.parent}: no such folder, or not writable")
        return REFUSED
    info, code = model_or_server(args, say)
    if code:
        return code
    core = open_core(say, status_notes(say))
    try:
        return _proofread(core, args, info, path if kind == ".docx" else None, text, output, say, out)
    finally:
        core.shutdown()


def _proofread(core, args, info, source, text, output, say, out) -> int:
    from assistant.core.engines.errors import EngineCrashed
    from assistant.core.engines.scheduler import Failed
    from assistant.core.engines.types import GenerationParams
    from assistant.core.formats.docx_review import write_review
    from assistant.core.writing.feedback import summary_lines
    from assistant.core.writing.feedback import token_budget
    from assistant.core.writing.profile import Profiles
    from assistant.core.writing.proofreading import paragraphs, read_answer, request, whole

    model, chosen, code = load_chosen(core, args, info, say)
    if model is None:
        return code
    parts = paragraphs(text)
    edits, found = [], []
    # The profile in use, as Drafting applies it (its words to keep are never changed); --no-profile leaves it out.
    profile = None if args.no_profile or core.settings is None else Profiles(core.settings).for_task(
        "feedback" if args.feedback else "rewrite")
    for number, paragraph in enumerate(parts, 1):
        messages, schema = request(paragraph, args.feedback, args.level, "en", profile)
        params = GenerationParams.from_settings(
            chosen, token_budget(paragraph.text) if args.feedback else None, 0.2)
        params.response_schema = schema
        handle = core.scheduler.generate(messages, params)
        try:
            final = handle.wait()
        except KeyboardInterrupt:
            core.scheduler.cancel(handle)
            raise
        if isinstance(final, Failed):
            say(f"error: {final.error}")
            return ENGINE_CRASHED if isinstance(final.error, EngineCrashed) else GENERATION_FAILED
        paragraph_edits, paragraph_feedback = read_answer(final.result.text, paragraph, args.feedback, args.level,
                                                            profile)
        edits += paragraph_edits
        if paragraph_feedback is not None:
            found.append((paragraph, paragraph_feedback))
        say(f"[{number}/{len(parts)}] {len(paragraph_edits)} corrections")
    try:
        written = write_review(output, text, edits, source=source)
    except OSError as exc:
        say(f"error: the review could not be written to {output}: {exc.strerror or exc}")
        return REFUSED
    if args.feedback:
        print("\n".join(summary_lines(whole(text, args.level, found))), file=out, flush=True)
    if written.left_out:
        say(f"note: {written.left_out} corrections join or split paragraphs and are not in the document")
    say(f"saved {output}: {written.written} tracked changes")
    return 0
