"""Chat with documents, turn after turn: the passages inside the question they serve (the app now) against the
passages in the system prompt (before), and against every earlier question keeping its passages too, in one run,
through the real engine host with the test model.

    .venv/bin/python benchmarks/documents_chat_bench.py [--turns 6] [--passages 8] [--runs 2] [--threads 2]
                                                         [--json benchmarks/results/documents_chat.json]

Each way holds a conversation of ``--turns`` questions, each asked with ``--passages`` passages of about 100 tokens of
its own (as retrieval finds them; the retrieval itself is not timed), each reply exactly 48 tokens (temperature 0,
end-of-text ignored, so every way writes the same amount). The app's way is its own path: the core chat session
(core/chat/chat_session.py) on a real history file, the scheduler and the engine host, the scheduler's events read
on this thread; the passages go with the question being answered and leave it once it is answered. The old way
builds the messages as the pane did before: the system prompt replaced at every turn by the instructions and that
turn's passages, then the plain thread. The kept way puts the passages in the question as the app does but keeps
every earlier question's passages in the conversation. The ways take turns at going first from run to run, and every
run has passages of its own (a conversation the engine has seen would come back from its snapshots). Reported per
turn: the prompt tokens the engine evaluated (GenerationResult.prompt_evaluated: the rest was already in its KV cache),
the prompt's length and the time to the first token. Goal: the app's last turn at most 1.2x its first, for both.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import emit, smollm2_path, summary  # noqa: E402

from assistant.core.chat.chat_session import ChatSession  # noqa: E402
from assistant.core.chat.documents_choice import Passages  # noqa: E402
from assistant.core.documents.answer import (  # noqa: E402
    ASKED_INSTRUCTIONS, Source, choose, question_with_passages, with_passages)
from assistant.core.documents.index import Hit  # noqa: E402
from assistant.core.engines.hosted import HostedEngine  # noqa: E402
from assistant.core.engines.scheduler import Finished, Scheduler  # noqa: E402
from assistant.core.engines.types import GenerationParams, LoadOptions  # noqa: E402
from assistant.core.storage.database import connect  # noqa: E402
from assistant.core.storage.history import History  # noqa: E402
from assistant.core.storage.settings import ModelSettings, Settings  # noqa: E402

REPLY_TOKENS = 48
CONTEXT = 8192  # SmolLM2's own; six turns of eight passages fit without leaving a turn out
WORDS = ("river valley town bridge water flows north south east west sea delta mountain lake rain season farmers "
         "boats harbour trade bank spring flood summer winter old new city people road stone mill forest field "
         "island current source mouth border country plain canal lock dam island ferry fish salt sand clay").split()


def passage_text(rng: random.Random) -> str:
    """About 100 tokens of plain English: sentences of common words, as a document's paragraph."""
    sentences = []
    while sum(len(s) for s in sentences) < 440:
        words = rng.choices(WORDS, k=rng.randint(8, 14))
        sentences.append(" ".join(words).capitalize() + ".")
    return " ".join(sentences)


def corpus(turns: int, passages: int, seed: int) -> dict[int, list[Hit]]:
    """Passages of their own for every turn, and for every run: a conversation the engine has seen before would come
    back from its snapshots instead of being evaluated."""
    rng = random.Random(seed)
    return {turn: [Hit(100 * turn + n, f"/library/river-{seed}-{turn}.txt", None, n + 1, passage_text(rng), 1.0)
                   for n in range(passages)] for turn in range(1, turns + 1)}


def question(turn: int, way: str) -> str:
    """Worded apart for each way, so that no way finds another's conversation among the engine's snapshots."""
    return f"In the {way} way, what do the documents say about the river at question {turn}?"


def fixed_length(params: GenerationParams) -> GenerationParams:
    """The one change to the app's path: every reply exactly REPLY_TOKENS long, whatever the prompt."""
    params.temperature, params.seed, params.max_tokens, params.ignore_eos = 0.0, 1, REPLY_TOKENS, True
    return params


def figures(result) -> dict:
    return {"evaluated": result.prompt_evaluated, "prompt": result.prompt_tokens, "ttft": result.time_to_first_token,
            "dropped": result.dropped_messages, "restored": result.restored_tokens}


def app_way(scheduler: Scheduler, model, hits: dict[int, list[Hit]], folder: Path) -> list[dict]:
    """The app's path: the chat session on a real history, its scheduler events handed over on this thread."""
    conn = connect(folder / f"history-{random.random()}.db")
    pending = []

    def generate(messages, params, on_event):
        handle = scheduler.generate(messages, fixed_length(params), conversation=True)
        pending.append((handle, on_event))
        return SimpleNamespace(stop=handle.cancel)

    session = ChatSession(History(conn), Settings(conn), generate)
    session.settings.set_model_settings(str(model.info.path), ModelSettings(max_tokens=REPLY_TOKENS))
    session.set_model(model)
    session.passages = Passages(lambda: ["/library"], lambda text, sources, done, failed: done(
        hits[int(text.rsplit(" ", 1)[1].rstrip("?"))]))
    session.set_documents_choice(True, None)
    turns = []
    for turn in hits:
        assert session.send(question(turn, "app"))
        handle, on_event = pending.pop()
        for event in handle.events():
            on_event(event)
        assert isinstance(event, Finished) and session.active is None, event
        turns.append(figures(event.result) | {"passages": len(session.last_reply().sources)})
    conn.close()
    return turns


# How the pane told the model to use the passages before (issue 30), in the system prompt.
OLD_INSTRUCTIONS = (
    "Answer the question using only the numbered passages from the user's documents below. After each statement, "
    "cite the passages it comes from as [1], [2]. If the passages do not contain the answer, say that the documents "
    "do not say, and do not guess. Answer in the language of the question.")


def old_way(scheduler: Scheduler, model, hits: dict[int, list[Hit]]) -> list[dict]:
    """As the pane built a turn before: the instructions and this turn's passages in the system prompt."""
    budget = max(512, model.context_length // 2)

    def build(thread: list[dict], turn: int) -> tuple[list[dict], list[Source]]:
        system, used = with_passages(OLD_INSTRUCTIONS, hits[turn], budget, question(turn, "old"))
        return [{"role": "system", "content": system}, *thread,
                {"role": "user", "content": question(turn, "old"), "thinking": ""}], used

    return by_hand(scheduler, hits, build)


def kept_way(scheduler: Scheduler, model, hits: dict[int, list[Hit]]) -> list[dict]:
    """Every question keeps the passages it was asked with, the newest and the earlier ones alike."""
    budget = max(512, model.context_length // 2)

    def build(thread: list[dict], turn: int) -> tuple[list[dict], list[Source]]:
        asked = question(turn, "kept")
        used = choose(hits[turn], budget, ASKED_INSTRUCTIONS, asked, asked)
        asked = question_with_passages(asked, [s.record() for s in used])
        return [*thread, {"role": "user", "content": asked, "thinking": ""}], used

    return by_hand(scheduler, hits, build)


def by_hand(scheduler: Scheduler, hits: dict[int, list[Hit]], build) -> list[dict]:
    """A conversation whose messages ``build(thread, turn)`` makes, the thread holding what was sent and answered."""
    thread: list[dict] = []
    turns = []
    for turn in hits:
        messages, used = build(thread, turn)
        final = None
        for final in scheduler.generate(messages, fixed_length(GenerationParams()), conversation=True).events():
            pass
        assert isinstance(final, Finished), final
        thread = [m for m in messages if m["role"] != "system"]
        thread.append({"role": "assistant", "content": final.result.text, "thinking": final.result.thinking})
        turns.append(figures(final.result) | {"passages": len(used)})
    return turns


WAYS = {"old": lambda scheduler, model, hits, folder: old_way(scheduler, model, hits),
        "kept": lambda scheduler, model, hits, folder: kept_way(scheduler, model, hits),
        "app": app_way}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=6)
    parser.add_argument("--passages", type=int, default=8)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--json")
    args = parser.parse_args()
    scheduler = Scheduler(HostedEngine())
    runs = []
    try:
        loaded = scheduler.load(str(smollm2_path()),
                                options=LoadOptions(context_length=CONTEXT, n_threads=args.threads)).wait(300)
        model = loaded.model
        with tempfile.TemporaryDirectory() as folder:
            for run in range(args.runs):
                hits = corpus(args.turns, args.passages, seed=11 + run)
                order = list(WAYS)[run % len(WAYS):] + list(WAYS)[:run % len(WAYS)]
                runs.append({way: WAYS[way](scheduler, model, hits, Path(folder)) for way in order})
                print(f"run {run + 1} ({', '.join(order)}): evaluated " + "; ".join(
                    f"{way} {[t['evaluated'] for t in runs[-1][way]]}" for way in WAYS), file=sys.stderr)
    finally:
        scheduler.shutdown()
    result: dict = {"turns": args.turns, "passages": args.passages, "reply_tokens": REPLY_TOKENS,
                    "context": CONTEXT, "threads": args.threads}
    for way in WAYS:
        result[way] = [{key: summary([run[way][turn][key] for run in runs]) for key in runs[0][way][0]}
                       for turn in range(args.turns)]
    for key in ("evaluated", "ttft"):
        for way in WAYS:
            result[f"{way}_last_over_first_{key}"] = summary([run[way][-1][key] / run[way][0][key] for run in runs])
        result[f"last_turn_old_over_app_{key}"] = summary([run["old"][-1][key] / run["app"][-1][key] for run in runs])
    for way in WAYS:
        line = ", ".join(f"{t['evaluated']['median']:.0f} of {t['prompt']['median']:.0f} t / "
                         f"{t['ttft']['median'] * 1000:.0f} ms" for t in result[way])
        print(f"{way}: {line}", file=sys.stderr)
    met = all(result[f"app_last_over_first_{key}"]["median"] <= 1.2 for key in ("evaluated", "ttft"))
    print(f"app, turn {args.turns} / turn 1: evaluated {result['app_last_over_first_evaluated']['median']:.2f}, "
          f"first token {result['app_last_over_first_ttft']['median']:.2f} "
          f"(goal <= 1.2: {'met' if met else 'NOT met'})",
          file=sys.stderr)
    result["goal_met"] = met
    emit(result, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
