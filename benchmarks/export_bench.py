"""Export all on a lived-in history (issue 29): time and peak memory, streamed against the old all-in-memory export.

    .venv/bin/python benchmarks/export_bench.py [--conversations 6000] [--messages 63000] [--runs 3] [--json FILE]

A history is generated first into a temporary SQLite file (a fixed seed): ``--conversations`` conversations with
``--messages`` messages in all, questions and replies of Zipfian English and Chinese words whose lengths vary as
real chats' do (most replies a few hundred words, a few very long ones), some with thinking and sources, some with
branches. Then each way of exporting every conversation runs in a child process of its own, in rotated order, and
reports its wall time and its peak resident memory during the export (Linux's VmHWM, reset just before it) with
the memory it had when it began:

- ``json`` / ``markdown``: Hearth's export (core/storage/chat_files ``export_file``), one conversation at a time;
- ``json_in_memory`` / ``markdown_in_memory`` (the references): the export as it was before, the whole document
  built in memory (a list of every conversation, then one ``json.dumps``) and written at once.

The streamed JSON is checked to be the reference's bytes (but for ``exported_at``), so the two do the same work.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, emit, random_text, summary  # noqa: E402

from assistant.core.storage.database import connect  # noqa: E402
from assistant.core.storage.history import FAILED, STOPPED, History  # noqa: E402

WAYS = ("json", "json_in_memory", "markdown", "markdown_in_memory")


# The history -------------------------------------------------------------------------------------------------

def vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    english = ["".join(rng.choice("etaoinshrdlucmfwypvbgkqjxz") for _ in range(rng.randint(2, 9)))
               for _ in range(8000)]
    chinese = ["".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(rng.randint(1, 3))) for _ in range(8000)]
    words = english + chinese
    weights = [1 / (rank + 1) for rank in range(len(english))] * 2
    return words, weights


def text(rng: random.Random, words, weights, count: int) -> str:
    return random_text(rng, words, weights, count, line_break=0.02)


def reply_length(rng: random.Random) -> int:
    """Words in a reply: lognormal, a median near 150 words, a few of thousands."""
    return max(5, min(6000, int(rng.lognormvariate(5.0, 0.8))))


def generate(path: Path, conversations: int, messages: int, seed: int = 29) -> dict:
    rng = random.Random(seed)
    words, weights = vocabulary(rng)
    history = History(connect(path))
    per_conversation = [2] * conversations  # a question and its reply each, then the rest spread at random
    for _ in range(messages - 2 * conversations):
        per_conversation[rng.randrange(conversations)] += 1
    for n, count in enumerate(per_conversation):
        items, parent, previous_question = [], None, None
        for i in range(count):
            role = "user" if i % 2 == 0 else "assistant"
            if role == "user" and previous_question is not None and rng.random() < 0.05:
                parent = previous_question[1]  # an edited question: a branch beside the earlier one
            item = {"id": i + 1, "parent": parent, "role": role, "created_at": 1.7e9 + n * 3600 + i * 30,
                    "content": text(rng, words, weights, rng.randint(3, 60) if role == "user" else reply_length(rng))}
            if role == "assistant":
                item["model"] = "SmolLM2-135M-Instruct-Q4_1"
                item["generated_tokens"] = rng.randint(10, 2000)
                if rng.random() < 0.15:
                    item["thinking"] = text(rng, words, weights, reply_length(rng))
                if rng.random() < 0.1:
                    item["sources"] = [{"number": k + 1, "path": f"/home/me/docs/file{rng.randrange(500)}.pdf",
                                        "page": rng.randint(1, 300), "text": text(rng, words, weights, 60)}
                                       for k in range(rng.randint(1, 4))]
                if rng.random() < 0.03:
                    item["status"] = rng.choice([STOPPED, FAILED])
            else:
                previous_question = (i + 1, parent)
            items.append(item)
            parent = i + 1
        history.import_tree({"title": text(rng, words, weights, 6).replace("\n", " "), "system_prompt": "",
                             "created_at": 1.7e9 + n * 3600, "messages": items})
    history.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    history.conn.close()
    return {"conversations": conversations, "messages": messages, "history_mb": round(path.stat().st_size / 1e6, 1)}


# One export, in a child process -----------------------------------------------------------------------------

def old_export(history: History, ids: list[int], kind: str) -> bytes:
    """The export before issue 29: every conversation in one list, one document, one write."""
    from assistant.core.storage import chat_markdown

    if kind == "json":
        conversations = [c for c in (history.export(i) for i in ids) if c is not None]
        document = {"format": "hearth-chats", "version": 1, "exported_at": time.time(),
                    "conversations": conversations}
        return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8", "backslashreplace")
    parts = [p for p in (chat_markdown.conversation(history, i) for i in ids) if p is not None]
    return chat_markdown.SEPARATOR.join(parts).encode("utf-8", "replace")


def memory_mb(field: str) -> float:
    """VmRSS (now) or VmHWM (the peak) of this process, from /proc: ``ru_maxrss`` would carry the parent's peak
    across fork and exec, and VmHWM can be reset to now just before the export."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} in /proc/self/status")


def child(way: str, database: Path, out: Path) -> dict:
    from assistant.core.storage.chat_files import JSON, MARKDOWN, export_file

    history = History(connect(database))
    ids = [summary.id for summary in history.list_conversations()]  # as Export all takes them
    Path("/proc/self/clear_refs").write_text("5")  # the peak starts again from here
    before = memory_mb("VmRSS")
    started = time.perf_counter()
    kind = JSON if way.startswith("json") else MARKDOWN
    if way.endswith("_in_memory"):
        out.write_bytes(old_export(history, ids, kind))
    else:
        export_file(history, ids, out, kind)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "rss_before_mb": before, "rss_peak_mb": memory_mb("VmHWM"),
            "file_mb": out.stat().st_size / 1e6}


def run_child(way: str, database: Path, out: Path) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", way, "--database", str(database), "--out", str(out)],
                          cwd=ROOT, check=True, capture_output=True, text=True)
    return json.loads(done.stdout)


def history_file(folder: Path, conversations: int, messages: int) -> dict:
    """The generated history in ``folder``, made now unless an earlier run left it there."""
    path = folder / f"history-{conversations}-{messages}.sqlite3"
    if path.exists():
        found = {"conversations": conversations, "messages": messages,
                 "history_mb": round(path.stat().st_size / 1e6, 1)}
    else:
        folder.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        found = generate(path, conversations, messages)
        print(f"generated in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    print(f"history: {found['conversations']:,} conversations, {found['messages']:,} messages, "
          f"{found['history_mb']} MB", file=sys.stderr)
    return {**found, "path": str(path)}


def same_export(a: Path, b: Path) -> bool:
    """The two JSON files hold the same bytes but for the line that says when they were written."""
    def masked(path: Path) -> bytes:
        raw = path.read_bytes()
        start = raw.index(b'"exported_at": ')
        return raw[:start] + raw[raw.index(b"\n", start):]
    return masked(a) == masked(b)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=6000)
    parser.add_argument("--messages", type=int, default=63000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json")
    parser.add_argument("--keep", help="a folder to keep the generated history in, and to take it from next time")
    parser.add_argument("--child", choices=WAYS, help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, Path(args.database), Path(args.out))))
        return 0
    with tempfile.TemporaryDirectory(prefix="hearth-export-bench-") as folder:
        folder = Path(folder)
        result = history_file(Path(args.keep) if args.keep else folder, args.conversations, args.messages)
        database = Path(result.pop("path"))
        runs: dict[str, list[dict]] = {way: [] for way in WAYS}
        for n in range(args.runs):
            order = WAYS[n % len(WAYS):] + WAYS[:n % len(WAYS)]  # rotated: no way always runs first
            for way in order:
                runs[way].append(run_child(way, database, folder / f"{way}.{'json' if 'json' in way else 'md'}"))
                print(f"run {n + 1} {way}: {runs[way][-1]}", file=sys.stderr)
            assert same_export(folder / "json.json", folder / "json_in_memory.json"), "the two exports differ"
            assert (folder / "markdown.md").read_bytes() == (folder / "markdown_in_memory.md").read_bytes()
        for way, samples in runs.items():
            result[way] = {key: summary([s[key] for s in samples]) for key in samples[0]}
            result[way]["rss_growth_mb"] = summary([s["rss_peak_mb"] - s["rss_before_mb"] for s in samples])
        for kind in ("json", "markdown"):
            new, old = result[kind], result[f"{kind}_in_memory"]
            print(f"{kind}: {new['seconds']['median']:.2f} s, peak {new['rss_peak_mb']['median']:.0f} MB (grew "
                  f"{new['rss_growth_mb']['median']:.1f} MB); in memory {old['seconds']['median']:.2f} s, peak "
                  f"{old['rss_peak_mb']['median']:.0f} MB (grew {old['rss_growth_mb']['median']:.0f} MB); file "
                  f"{new['file_mb']['median']:.0f} MB", file=sys.stderr)
    emit(result, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
