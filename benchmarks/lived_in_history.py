"""A lived-in chat history for the start-up benchmark: a real Hearth database, made once and cached.

    .venv/bin/python benchmarks/lived_in_history.py [--conversations 1500] [--messages-per 30]

Each conversation is a thread of questions (a few to 80 words) and replies (lognormal, a median near 115 words, a
few of thousands), of Zipfian English words with about one word in six Chinese, written through the app's own
``History.import_tree`` on a database opened by the app's ``connect``: the schema version, the tables and the chat
search index are exactly what the app keeps. The file is cached under ``~/.cache/hearth-assistant/benchmarks/``,
keyed by its size, the seed and the schema version, so only the first run pays for it.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, random_text  # noqa: E402,F401  (ROOT puts the repository on sys.path)

from assistant.core.storage.database import SCHEMA_VERSION, connect  # noqa: E402
from assistant.core.storage.history import History  # noqa: E402

CACHE = Path.home() / ".cache" / "hearth-assistant" / "benchmarks"
GENERATOR = 2  # bump when the history below changes, so a cached file of the old kind is not reused


def _vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    english = ["".join(rng.choice("etaoinshrdlucmfwypvbgkqjxz") for _ in range(rng.randint(2, 9)))
               for _ in range(8000)]
    chinese = ["".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(rng.randint(1, 3))) for _ in range(1600)]
    weights = [1 / (rank + 1) for rank in range(len(english))] + [1 / (rank + 1) for rank in range(len(chinese))]
    return english + chinese, weights


def _text(rng: random.Random, words, weights, count: int) -> str:
    return random_text(rng, words, weights, count, line_break=0.03)


def generate(path: Path, conversations: int, messages_per: int, seed: int = 30) -> None:
    rng = random.Random(seed)
    words, weights = _vocabulary(rng)
    conn = connect(path)
    history = History(conn)
    started = 1.7e9
    for n in range(conversations):
        items = []
        for i in range(messages_per):
            user = i % 2 == 0
            count = rng.randint(3, 80) if user else max(5, min(4000, int(rng.lognormvariate(4.75, 0.8))))
            item = {"id": i + 1, "parent": i or None, "role": "user" if user else "assistant",
                    "created_at": started + n * 3600 + i * 30, "content": _text(rng, words, weights, count)}
            if not user:
                item.update(model="SmolLM2-135M-Instruct-Q4_1", generated_tokens=count * 2,
                            tokens_per_s=round(rng.uniform(20, 90), 1))
            items.append(item)
        history.import_tree({"title": _text(rng, words, weights, 6).replace("\n", " ")[:60],
                             "created_at": started + n * 3600, "updated_at": started + n * 3600 + messages_per * 30,
                             "messages": items})
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def lived_in_history(conversations: int = 1500, messages_per: int = 30) -> Path:
    """The cached database file for this size, made first if it is not there."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"history-{conversations}x{messages_per}-g{GENERATOR}-s{SCHEMA_VERSION}.sqlite3"
    if not path.exists():
        partial = path.with_name(path.name + ".part")
        for leftover in (partial, partial.with_name(partial.name + "-wal"), partial.with_name(partial.name + "-shm")):
            leftover.unlink(missing_ok=True)
        began = time.perf_counter()
        generate(partial, conversations, messages_per)
        partial.rename(path)
        print(f"generated {path.name} ({path.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - began:.0f} s",
              file=sys.stderr)
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=1500)
    parser.add_argument("--messages-per", type=int, default=30)
    args = parser.parse_args()
    print(lived_in_history(args.conversations, args.messages_per))
    return 0


if __name__ == "__main__":
    sys.exit(main())
