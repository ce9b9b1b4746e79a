"""``assistant docs add|list|remove`` and ``assistant ask --docs "question"``: the document sources from the command
line, and a question answered from them, with its sources printed after the answer (file, page or paragraph, and
the passage itself), as the app computed them.

Exit statuses: cli/exits.py (a file that could not be read, the others indexed, is REFUSED; a question nothing
answers is NOTHING_FOUND). Warnings (a file skipped) go to standard error, never into what a script reads."""

from __future__ import annotations

import argparse
import json
import os
import sys
import textwrap

from assistant import command_name
from assistant.cli.exits import (ENGINE_CRASHED, GENERATION_FAILED, LOAD_FAILED, NOT_FOUND, NOTHING_FOUND, REFUSED,
                                 USAGE)
from assistant.core.storage.settings import DocumentChoices

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
    from assistant.cli.run_command import keep_engine_log
    from assistant.core.composition import Core

    keep_engine_log()
    conn, sources, index = _open(err)
    core = Core.create(conn)  # the engine host starts only if an embedding model is used
    try:
        action = {"embedder": _embedder, "add": _add, "remove": _remove, "list": _list}[args.action]
        return action(args, core, sources, index, out, err)
    finally:
        core.shutdown()
        index.close()
        conn.close()


def _embedder(args, core, sources, index, out, err) -> int:
    from pathlib import Path

    from assistant.core.engines.model_kinds import cannot_embed
    from assistant.core.library.gguf_file import BadModelFile, read_gguf

    settings = core.settings
    if args.none:
        settings.update(DocumentChoices, embedding_model=None)
        index.set_embedding_model(None)
        print("no embedding model: questions are matched by their words", file=out)
        return 0
    if not args.model:  # which one is in use
        current = settings.read(DocumentChoices).embedding_model
        if current:
            done, total = index.vector_counts()
            print(f"embedding model: {current} ({done} of {total} passages have vectors)", file=out)
        else:
            print(f"no embedding model: questions are matched by their words ({command_name()} docs embedder PATH "
                  "chooses one)", file=out)
        return 0
    if not Path(args.model).is_file():
        print(f"error: there is no model file at {args.model}", file=err)
        return NOT_FOUND
    try:  # checked before it is kept: a model that cannot embed is never saved as the one to use
        problem = cannot_embed(read_gguf(args.model))
    except BadModelFile as exc:
        problem = str(exc)
    if problem:
        print(f"error: {problem}", file=err)
        return REFUSED
    model = str(Path(args.model).absolute())  # not resolved: a link's name says which embedding form it takes
    before = settings.read(DocumentChoices).embedding_model
    settings.update(DocumentChoices, embedding_model=model)
    if not _embed_pending(index, model, core.scheduler, err):
        settings.update(DocumentChoices, embedding_model=before)  # the one before stays in use
        return LOAD_FAILED
    done, total = index.vector_counts()
    print(f"embedding model: {model} ({done} of {total} passages have vectors)", file=out)
    return 0


def _add(args, core, sources, index, out, err) -> int:
    from pathlib import Path

    from assistant.core.documents.readers import KINDS
    from assistant.core.documents.sources import normal_path

    code = 0
    known = sources.all()
    wanted, refresh = [], []
    for path in args.paths:
        normal = normal_path(path)
        covering = next((source for source in known if normal == source or normal.startswith(source + os.sep)),
                        None)
        if not Path(path).exists():
            print(f"error: there is nothing at {path}", file=err)
            code = code or NOT_FOUND
        elif Path(path).is_file() and Path(path).suffix.lower() not in KINDS:
            print(f"error: {path}: not a kind of document Hearth reads ({' '.join(sorted(KINDS))})", file=err)
            code = code or REFUSED
        elif covering is not None:  # brought up to date, not added twice
            print(f"note: {path} is already a source" + (", brought up to date" if covering == normal else
                                                           f", in {covering}"), file=err)
            refresh.append(covering)
        else:
            wanted.append(path)
    added = [sources.add(path) for path in wanted]
    if added or refresh:
        _bring_up_to_date(index, sources.all(), err)
        embedder = core.settings.read(DocumentChoices).embedding_model
        if embedder and not _embed_pending(index, embedder, core.scheduler, err):
            code = code or LOAD_FAILED
        for source in dict.fromkeys([*added, *refresh]):
            _print_source(index, source, out, err)
        # A file in a folder that could not be read is a warning (docs list names it): the rest was indexed.
    return code


def _remove(args, core, sources, index, out, err) -> int:
    removed = [p for p in args.paths if sources.remove(p)]
    for path in set(args.paths) - set(removed):
        print(f"error: {path} is not one of the sources ({command_name()} docs list shows them)", file=err)
    if removed:
        _bring_up_to_date(index, sources.all(), err)
        print(f"removed {len(removed)} source(s) and their passages", file=out)
    return 0 if len(removed) == len(args.paths) else NOT_FOUND


def _list(args, core, sources, index, out, err) -> int:
    listed = sources.all()
    if args.json:
        print(json.dumps([_source_data(index, source) for source in listed], ensure_ascii=False, indent=2),
              file=out)
    if not listed:
        print(f"no sources yet: {command_name()} docs add PATH...", file=err)
        return 0
    if not args.json:
        for source in listed:
            _print_source(index, source, out, err)
    return 0


def _source_data(index, source: str) -> dict:
    files = index.files(source)
    return {"source": source, "files": [{
        "path": record.path, "status": record.status, "passages": record.passages, "pages": record.pages,
        "ocr_pages": record.ocr_pages, "unreadable_pages": record.unreadable_pages, "size_bytes": record.size,
        "error": record.error or None} for record in files]}


def _print_source(index, source: str, out, err) -> None:
    """The source's line on ``out``; what was skipped in it, as warnings, on ``err``."""
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
            print(f"warning: skipped {record.path}: {record.error}", file=err)
        elif record.unreadable_pages:
            print(f"warning: {record.path}: {record.unreadable_pages} page(s) without readable text", file=err)


def ask(args: argparse.Namespace, out, err) -> int:
    from assistant.core.documents.answer import grounded_messages
    from assistant.core.documents.indexer import scheduled_embedding
    from assistant.core.documents.retrieval import retrieve
    from assistant.cli.run_command import (keep_engine_log, load_chosen, model_file, read_prompt, stats_line,
                                           status_notes)
    from assistant.core.composition import Core
    from assistant.core.engines.context_window import reply_reserve
    from assistant.core.engines.errors import EngineCrashed, EngineFailure
    from assistant.core.engines.model_session import ModelSession
    from assistant.core.engines.scheduler import USER, Failed, Text
    from assistant.core.engines.types import GenerationParams

    def say(line: str) -> None:
        print(line, file=err, flush=True)

    question, code = read_prompt(args.question, say, "question")
    if question is None:
        return code
    keep_engine_log()
    conn, sources, index = _open(err)
    core = Core.create(conn, status_notes(say))
    try:
        settings = core.settings
        info = None
        if not args.server:
            args.model = getattr(args, "model", None) or ModelSession(settings).model_to_restore()
            if not args.model:
                say("error: give a model file with --model PATH, or a server with --server URL (or use a model in "
                    "the app first)")
                return USAGE
            info, code = model_file(args.model, say)
            if info is None:
                return code
        if not sources.all():
            say(f"error: no sources yet: {command_name()} docs add PATH...")
            return NOT_FOUND
        _bring_up_to_date(index, sources.all(), err)
        scheduler = core.scheduler
        embedder = settings.read(DocumentChoices).embedding_model
        usable = bool(embedder) and os.path.isfile(embedder)
        if usable:
            with_vectors, total = index.vector_counts()
            if with_vectors < total:
                say(f"note: {total - with_vectors} of {total} passages have no vectors yet and are found by "
                    f"their words only ({command_name()} docs embedder {embedder} computes them)")
        embed = scheduled_embedding(scheduler, embedder, USER, questions=True) if usable else None

        def embed_query(text: str) -> bytes:
            return embed([text]).row(0)

        try:
            hits = retrieve(index, question, embed_query if usable else None, PASSAGES)
        except EngineFailure as exc:
            say(f"note: the embedding model could not be used ({exc}); the question is matched by its words")
            hits = retrieve(index, question, None, PASSAGES)
        if not hits:  # standard output stays empty, as on every failure; JSON only with an answer
            say("Your documents do not mention this: no passage matches the question.")
            return NOTHING_FOUND
        loaded, chosen, code = load_chosen(core, args, info, say)
        if loaded is None:
            return code
        n_ctx = loaded.context_length
        params = GenerationParams.from_settings(chosen, args.max_tokens,
                                                0.2 if args.temperature is None else args.temperature)
        params.thinking = "off"
        if args.seed is not None:
            params.seed = args.seed
        budget = n_ctx - reply_reserve(n_ctx, params.max_tokens)
        messages, used = grounded_messages(question, hits, budget)
        if args.system:
            messages = [{"role": "system", "content": args.system}, *messages]
        final, answer = None, []
        for event in scheduler.generate(messages, params).events():
            if isinstance(event, Text) and event.text:
                answer.append(event.text)
                if not args.json:
                    out.write(event.text)
                    out.flush()
            final = event
        if isinstance(final, Failed):
            if answer and not args.json:
                out.write("\n")
            say(f"error: {final.error}")
            return ENGINE_CRASHED if isinstance(final.error, EngineCrashed) else GENERATION_FAILED
        listed = [{"number": source.number, "path": source.hit.path, "place": source.place.split(", ", 1)[1],
                   "page": source.hit.page, "paragraph": source.hit.paragraph, "text": source.hit.text}
                  for source in used]
        if args.json:
            print(json.dumps({"question": question, "answer": "".join(answer), "sources": listed},
                             ensure_ascii=False, indent=2), file=out)
        else:
            out.write("\n\nSources:\n")
            for source in listed:
                passage = textwrap.shorten(" ".join(source["text"].split()), 300, placeholder=" …")
                print(f"[{source['number']}] {source['path']} ({source['place']})\n    {passage}", file=out)
        if args.stats and final is not None and hasattr(final, "result"):
            say(stats_line(final.result))
        return 0
    finally:
        core.shutdown()
        index.close()
        conn.close()
