"""A whole file's translation (core/writing/file_translator.py) against the Translation pane's plain-text path on the
same text, on the same engine host and model.

    .venv/bin/python benchmarks/file_translation_bench.py [--pages 20] [--runs 1] [--json FILE]

The document is a 20-page Word file (about 250 words a page, in paragraphs of 40 to 120 words) written for the run,
with a 12-term glossary. The file's path sends every piece with one system message that holds the instructions
and the glossary, so the engine keeps it evaluated (the longest common prefix); the pane's path puts them in each
piece's own message, as it always has. Both ask at temperature 0 for at most twice the piece's estimated tokens.

Figures: generated tokens per second of wall time for each path (prompt evaluation included, which is where the
shared prefix helps), their ratio (goal: the file's / the pane's >= 0.95), the prompt tokens each sent, and the time
per page. Runs alternate which path goes first, so the machine's drift falls on both alike.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import emit, smollm2_path, summary  # noqa: E402

from assistant.core.engines.hosted import HostedEngine  # noqa: E402
from assistant.core.engines.safe_configs import SafeConfigs  # noqa: E402
from assistant.core.engines.scheduler import Failed, Scheduler  # noqa: E402
from assistant.core.engines.types import GenerationParams  # noqa: E402
from assistant.core.writing.file_translation_session import FileTranslationSession  # noqa: E402
from assistant.core.writing.file_translator import DONE, FileTranslator, SegmentTranslated  # noqa: E402
from assistant.core.writing.translation import Glossary, TranslationJob, estimate_tokens  # noqa: E402

WORDS_PER_PAGE = 250
TERMS = [("engine", "moteur"), ("model", "modèle"), ("river", "rivière"), ("window", "fenêtre"),
         ("library", "bibliothèque"), ("document", "document"), ("glossary", "glossaire"), ("mill", "moulin"),
         ("garden", "jardin"), ("letter", "lettre"), ("Hearth", "Hearth"), ("Tuesday", "mardi")]
SUBJECTS = ["The engine", "Our model", "The old mill", "A letter", "The library", "Every window", "The garden",
            "This document", "The river", "The glossary"]
VERBS = ["keeps", "opens", "reads", "carries", "finds", "shows", "turns", "writes", "holds", "sends"]
OBJECTS = ["the morning light", "three new chapters", "a quiet street", "the notes from Tuesday", "every small detail",
           "the long report", "a map of the valley", "the answers we need", "twelve careful pages", "the last word"]
ENDINGS = ["before noon.", "without a sound.", "for the whole team.", "as it always has.", "in the spring.",
           "with great care.", "one line at a time.", "after the meeting."]


def document(pages: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    paragraphs, words = [], 0
    while words < pages * WORDS_PER_PAGE:
        sentences = []
        while sum(len(s.split()) for s in sentences) < rng.randint(40, 120):
            sentences.append(f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(ENDINGS)}")
        paragraphs.append(" ".join(sentences))
        words += sum(len(s.split()) for s in sentences)
    return paragraphs


def params(tokens: int) -> GenerationParams:
    return GenerationParams(max_tokens=tokens, temperature=0.0, seed=1)


def file_path(scheduler: Scheduler, path: Path, context: int) -> dict:
    session = FileTranslationSession(None)
    job = session.begin(session.read(path), "en", "fr", Glossary(TERMS), context_length=context).job
    generated, prompts = [0], [0]

    def on_event(event) -> None:
        if isinstance(event, SegmentTranslated):
            session.translated(event.segment, event.pieces)
            generated[0] += event.result.generated_tokens
            prompts[0] += event.result.prompt_tokens

    start = time.perf_counter()
    ended = FileTranslator(scheduler, params).run(job, on_event)
    seconds = time.perf_counter() - start
    assert ended.outcome == DONE, ended
    return {"seconds": seconds, "generated": generated[0], "prompt_tokens": prompts[0], "pieces": len(job.segments)}


def pane_path(scheduler: Scheduler, text: str, context: int) -> dict:
    budget = max(64, (context - 400) // 3)  # as TranslationSession.plan
    job = TranslationJob.plan(text, "en", "fr", Glossary(TERMS), budget=budget)
    generated = prompts = 0
    start = time.perf_counter()
    while not job.done:
        final = scheduler.generate(job.messages(), params(estimate_tokens(job.current.text) * 2 + 64)).wait()
        assert not isinstance(final, Failed), final
        generated += final.result.generated_tokens
        prompts += final.result.prompt_tokens
        job.record(final.result.text)
    return {"seconds": time.perf_counter() - start, "generated": generated, "prompt_tokens": prompts,
            "pieces": len(job.pieces)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--json")
    args = parser.parse_args()
    import docx

    paragraphs = document(args.pages)
    runs = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.docx"
        made = docx.Document()
        for paragraph in paragraphs:
            made.add_paragraph(paragraph)
        made.save(path)
        scheduler = Scheduler(HostedEngine(SafeConfigs(None)))
        try:
            loaded = scheduler.load(str(smollm2_path())).wait(600)
            context = loaded.model.context_length
            for run in range(args.runs):
                order = ("file", "pane") if run % 2 == 0 else ("pane", "file")
                figures = {}
                for name in order:
                    figures[name] = (file_path(scheduler, path, context) if name == "file"
                                     else pane_path(scheduler, "\n\n".join(paragraphs), context))
                runs.append(figures)
        finally:
            scheduler.shutdown()
    rate = {name: [r[name]["generated"] / r[name]["seconds"] for r in runs] for name in ("file", "pane")}
    result = {
        "model": "SmolLM2-135M-Instruct Q4_1", "pages": args.pages, "words": sum(len(p.split()) for p in paragraphs),
        "paragraphs": len(paragraphs), "runs": args.runs,
        "file_tokens_per_s": summary(rate["file"]), "pane_tokens_per_s": summary(rate["pane"]),
        "ratio_file_over_pane": summary([f / p for f, p in zip(rate["file"], rate["pane"])]),
        "file_prompt_tokens": summary([r["file"]["prompt_tokens"] for r in runs]),
        "pane_prompt_tokens": summary([r["pane"]["prompt_tokens"] for r in runs]),
        "file_seconds_per_page": summary([r["file"]["seconds"] / args.pages for r in runs]),
        "pane_seconds_per_page": summary([r["pane"]["seconds"] / args.pages for r in runs]),
    }
    emit(result, args.json)
    print(f"{args.pages} pages: the file's path {result['file_tokens_per_s']['median']:.1f} tokens/s, "
          f"{result['file_seconds_per_page']['median']:.1f} s a page; the pane's "
          f"{result['pane_tokens_per_s']['median']:.1f} tokens/s, {result['pane_seconds_per_page']['median']:.1f} "
          f"s a page; ratio {result['ratio_file_over_pane']['median']:.2f} (goal >= 0.95)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
