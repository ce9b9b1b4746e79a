"""``assistant docs add|list|remove`` and ``assistant ask --docs "question"``: the document sources from the command
line, and a question answered from them, with its sources printed after the answer (file, page or paragraph, and
the passage itself), as the app computed them.

Exit status: 0 done; 1 a file could not be read (the others were indexed); 2 nothing to do (no such path, no
sources, no model); the model's failures as in ``assistant run``."""

from __future__ import annotations

import argparse
import sys
import textwrap

from assistant.self_test import ENGINE_CRASHED, GENERATION_FAILED, LOAD_FAILED, NO_MODEL

SOME_FAILED, NOTHING = 1, 2
PASSAGES = 8  # found for a question; as many as fit the context are given to the model


def _open(out):
    from assistant.core.documents.index import DocumentIndex
    from assistant.core.documents.sources import SourceList
    from assistant.core.storage.database import connect
    from assistant.core.storage.paths import database_path, document_index_path

    conn = connect(database_path())
    index = DocumentIndex(document_index_path())
    if index.note:
        print(f"note: {index.note}", file=out)
    return conn, SourceList(conn), index


def _ocr():
    from assistant.core.documents.ocr import Ocr

    return Ocr() if Ocr.available() else None


def _bring_up_to_date(index, sources, out) -> int:
    """Index what changed; a line per file read; the number that failed."""
    from assistant.core.documents.indexer import index_now

    shown = set()

    def show(progress) -> None:
        if progress.current and progress.current not in shown:  # once per file, as its reading starts
            shown.add(progress.current)
            print(f"[{progress.done + 1}/{progress.total}] {progress.current}", file=out, flush=True)

    result = index_now(index, sources, _ocr(), show)
    return result.failed


def run(args: argparse.Namespace, out=None, err=None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    if args.command == "ask":
        return ask(args, out, err)
    from pathlib import Path

    conn, sources, index = _open(err)
    try:
        if args.action == "add":
            missing = [p for p in args.paths if not Path(p).exists()]
            for path in missing:
                print(f"error: there is nothing at {path}", file=err)
            added = [sources.add(p) for p in args.paths if p not in missing]
            if not added:
                return NOTHING
            failed = _bring_up_to_date(index, sources.all(), err)
            for source in added:
                _print_source(index, source, out)
            return SOME_FAILED if failed or missing else 0
        if args.action == "remove":
            removed = [p for p in args.paths if sources.remove(p)]
            for path in set(args.paths) - set(removed):
                print(f"error: {path} is not one of the sources (assistant docs list shows them)", file=err)
            if removed:
                _bring_up_to_date(index, sources.all(), err)
                print(f"removed {len(removed)} source(s) and their passages", file=out)
            return 0 if len(removed) == len(args.paths) else NOTHING
        # list
        listed = sources.all()
        if not listed:
            print("no sources yet: assistant docs add PATH...", file=err)
            return 0
        for source in listed:
            _print_source(index, source, out)
        return 0
    finally:
        index.close()
        conn.close()


def _print_source(index, source: str, out) -> None:
    files = index.files(source)
    ready = [f for f in files if f.status == "ready"]
    passages = sum(f.passages for f in ready)
    ocr = sum(f.ocr_pages for f in ready)
    line = f"{source}: {len(ready)} file(s), {passages} passage(s)"
    if ocr:
        line += f", {ocr} page(s) read by OCR"
    print(line, file=out)
    for record in files:
        if record.status == "failed":
            print(f"  skipped {record.path}: {record.error}", file=out)
        elif record.unreadable_pages:
            print(f"  {record.path}: {record.unreadable_pages} page(s) without readable text", file=out)


def ask(args: argparse.Namespace, out, err) -> int:
    from dataclasses import asdict
    from pathlib import Path

    from assistant.core.documents.answer import grounded_messages
    from assistant.core.engines.context_window import reply_reserve
    from assistant.core.engines.errors import EngineCrashed
    from assistant.core.engines.hosted import HostedEngine
    from assistant.core.engines.safe_configs import SafeConfigs
    from assistant.core.engines.scheduler import Failed, Scheduler, Text
    from assistant.core.engines.types import GenerationParams
    from assistant.core.session import ModelSession
    from assistant.core.storage.settings import Settings

    def say(line: str) -> None:
        print(line, file=err, flush=True)

    conn, sources, index = _open(err)
    try:
        settings = Settings(conn)
        model = args.model or ModelSession(settings).model_to_restore()
        if not model or not Path(model).is_file():
            say("error: give a model file with --model PATH (or use one in the app first)")
            return NO_MODEL
        if not sources.all():
            say("error: no sources yet: assistant docs add PATH...")
            return NOTHING
        _bring_up_to_date(index, sources.all(), err)
        hits = index.search(args.question, PASSAGES)
        if not hits:
            print("Your documents do not mention this: no passage matches the question.", file=out)
            return 0
        chosen = settings.model_settings(str(Path(model).resolve()))
        scheduler = Scheduler(HostedEngine(SafeConfigs(settings)))
        try:
            loaded = scheduler.load(str(Path(model).resolve()), asdict(chosen)).wait()
            if isinstance(loaded, Failed):
                say(f"error: {loaded.error}")
                return ENGINE_CRASHED if isinstance(loaded.error, EngineCrashed) else LOAD_FAILED
            n_ctx = loaded.model.context_length
            params = GenerationParams.from_settings(chosen, args.max_tokens, args.temperature)
            params.thinking = "off"
            budget = n_ctx - reply_reserve(n_ctx, params.max_tokens)
            messages, used = grounded_messages(args.question, hits, budget)
            final = None
            for event in scheduler.generate(messages, params).events():
                if isinstance(event, Text):
                    out.write(event.text)
                    out.flush()
                final = event
            out.write("\n")
            if isinstance(final, Failed):
                say(f"error: {final.error}")
                return ENGINE_CRASHED if isinstance(final.error, EngineCrashed) else GENERATION_FAILED
        finally:
            scheduler.shutdown()
        print("\nSources:", file=out)
        for source in used:
            passage = textwrap.shorten(" ".join(source.hit.text.split()), 300, placeholder=" …")
            print(f"[{source.number}] {source.hit.path} ({source.place.split(', ', 1)[1]})\n    {passage}", file=out)
        return 0
    finally:
        index.close()
        conn.close()
