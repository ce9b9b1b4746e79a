"""``assistant docs add|list|remove`` and ``assistant ask --docs "question"``: the document sources from the command
line, and a question answered from them, with its sources printed after the answer (file, page or paragraph, and
the passage itself), as the app computed them.

Exit status: 0 done; 1 a file could not be read (the others were indexed); 2 nothing to do (no such path, no
sources, no model); the model's failures as in ``assistant run``."""

from __future__ import annotations

import argparse
import sys
import textwrap

from assistant import command_name
from assistant.cli.self_test import ENGINE_CRASHED, GENERATION_FAILED, NO_MODEL
from assistant.core.storage.settings import DocumentChoices

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
    from assistant.core.images.ocr import Ocr

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


def _embed_pending(index, model: str, scheduler, err) -> bool:
    """Vectors for the passages that have none, from the engine host; False when the model cannot be used."""
    from assistant.core.documents.indexer import embed_pending, scheduled_embedding
    from assistant.core.engines.errors import EngineFailure
    from assistant.core.engines.scheduler import BACKGROUND

    shown = [0]

    def progress(done: int, total: int) -> None:
        if done - shown[0] >= 256 or done == total:
            shown[0] = done
            print(f"vectors: {done}/{total} passages", file=err, flush=True)

    try:
        embed_pending(index, model, scheduled_embedding(scheduler, model, BACKGROUND), on_progress=progress)
        return True
    except EngineFailure as exc:
        print(f"error: the embedding model {model} cannot be used: {exc}", file=err)
        return False


def run(args: argparse.Namespace, out=None, err=None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    if args.command == "ask":
        return ask(args, out, err)
    from pathlib import Path

    from assistant.core.composition import Core

    conn, sources, index = _open(err)
    core = Core.create(conn)  # the engine host starts only if an embedding model is used
    settings = core.settings
    try:
        if args.action == "embedder":
            if args.none:
                settings.update(DocumentChoices, embedding_model=None)
                index.set_embedding_model(None)
                print("no embedding model: questions are matched by their words", file=out)
                return 0
            if not args.model or not Path(args.model).is_file():
                print(f"error: there is no model file at {args.model}", file=err)
                return NOTHING
            model = str(Path(args.model).resolve())
            settings.update(DocumentChoices, embedding_model=model)
            if not _embed_pending(index, model, core.scheduler, err):
                return SOME_FAILED
            done, total = index.vector_counts()
            print(f"embedding model: {model} ({done} of {total} passages have vectors)", file=out)
            return 0
        if args.action == "add":
            missing = [p for p in args.paths if not Path(p).exists()]
            for path in missing:
                print(f"error: there is nothing at {path}", file=err)
            added = [sources.add(p) for p in args.paths if p not in missing]
            if not added:
                return NOTHING
            failed = _bring_up_to_date(index, sources.all(), err)
            embedder = settings.read(DocumentChoices).embedding_model
            if embedder and not _embed_pending(index, embedder, core.scheduler, err):
                failed += 1
            for source in added:
                _print_source(index, source, out)
            return SOME_FAILED if failed or missing else 0
        if args.action == "remove":
            removed = [p for p in args.paths if sources.remove(p)]
            for path in set(args.paths) - set(removed):
                print(f"error: {path} is not one of the sources ({command_name()} docs list shows them)", file=err)
            if removed:
                _bring_up_to_date(index, sources.all(), err)
                print(f"removed {len(removed)} source(s) and their passages", file=out)
            return 0 if len(removed) == len(args.paths) else NOTHING
        # list
        listed = sources.all()
        if not listed:
            print(f"no sources yet: {command_name()} docs add PATH...", file=err)
            return 0
        for source in listed:
            _print_source(index, source, out)
        return 0
    finally:
        core.shutdown()
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
    from pathlib import Path

    from assistant.core.documents.answer import grounded_messages
    from assistant.core.engines.context_window import reply_reserve
    from assistant.core.documents.indexer import scheduled_embedding
    from assistant.core.documents.retrieval import retrieve
    from assistant.cli.run_command import load_model
    from assistant.core.composition import Core
    from assistant.core.engines.errors import EngineCrashed, EngineFailure
    from assistant.core.engines.scheduler import USER, Failed, Text
    from assistant.core.engines.types import GenerationParams
    from assistant.core.engines.model_session import ModelSession

    def say(line: str) -> None:
        print(line, file=err, flush=True)

    conn, sources, index = _open(err)
    core = Core.create(conn)
    try:
        settings = core.settings
        model = args.model or ModelSession(settings).model_to_restore()
        if not model or not Path(model).is_file():
            say("error: give a model file with --model PATH (or use one in the app first)")
            return NO_MODEL
        if not sources.all():
            say(f"error: no sources yet: {command_name()} docs add PATH...")
            return NOTHING
        _bring_up_to_date(index, sources.all(), err)
        chosen = settings.model_settings(str(Path(model).resolve()))
        scheduler = core.scheduler
        try:
            embedder = settings.read(DocumentChoices).embedding_model
            usable = bool(embedder) and Path(embedder).is_file()
            if usable:
                with_vectors, total = index.vector_counts()
                if with_vectors < total:
                    say(f"note: {total - with_vectors} of {total} passages have no vectors yet and are found by "
                        f"their words only ({command_name()} docs embedder {embedder} computes them)")

            embed = scheduled_embedding(scheduler, embedder, USER, questions=True) if usable else None

            def embed_query(text: str) -> bytes:
                return embed([text]).row(0)

            try:
                hits = retrieve(index, args.question, embed_query if usable else None, PASSAGES)
            except EngineFailure as exc:
                say(f"note: the embedding model could not be used ({exc}); the question is matched by its words")
                hits = retrieve(index, args.question, None, PASSAGES)
            if not hits:
                print("Your documents do not mention this: no passage matches the question.", file=out)
                return 0
            loaded, code = load_model(scheduler, str(Path(model).resolve()), chosen, say)
            if loaded is None:
                return code
            n_ctx = loaded.context_length
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
            core.shutdown()  # the engine host ends before the sources are printed
        print("\nSources:", file=out)
        for source in used:
            passage = textwrap.shorten(" ".join(source.hit.text.split()), 300, placeholder=" …")
            print(f"[{source.number}] {source.hit.path} ({source.place.split(', ', 1)[1]})\n    {passage}", file=out)
        return 0
    finally:
        core.shutdown()
        index.close()
        conn.close()
