"""Start-up time and memory of the app without a model, from process launch to an interactive window, with an empty
data folder, with one conversation and with a lived-in history.

    .venv/bin/python benchmarks/startup_bench.py [--runs 7] [--histories 1500x30[,6000x8]] [--json FILE]

Each run starts a new Python process (``startup_probe.py``, which starts the app as ``assistant`` does), offscreen,
and times it from launch to the line the probe prints when the window's event loop first runs. Memory is the
process's resident size then and after three idle seconds.

The cases, each in a data folder of its own (XDG_DATA_HOME), measured in turn within each round (the order rotates)
so that all of them meet the same load on the machine:

- ``empty``: no history; the first start creates the database, later starts are the usual case;
- ``1x2`` and ``1x30``: one conversation, of a question and its reply, or of 30 messages, generated as the large
  histories are: the window opens the newest conversation, so ``1x30`` differs from a lived-in history of 30-message
  conversations only in the history's size;
- ``1500x30`` (and each of ``--histories``): that many conversations of that many messages
  (``lived_in_history.py``: realistic lengths, some Chinese, the search index as the app keeps it), made once and
  cached, copied into the data folder; a history of M-message conversations brings the case ``1xM`` with it.

A first, unmeasured start of each case does whatever the app does once (creating or migrating the database).
Each history's ``over_one_like_it`` is the median of the per-round ratios of its time to that of one conversation
of its kind (``1xM``); ``lived_in_over_one`` is the first history's.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, emit, summary  # noqa: E402
from lived_in_history import lived_in_history  # noqa: E402

from assistant import APP_ID  # noqa: E402


def launch(data_home: str) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
           "XDG_DATA_HOME": data_home}
    launched = time.time()
    child = subprocess.Popen([sys.executable, str(ROOT / "benchmarks" / "startup_probe.py"), "--wait", "3"],
                             cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    out, _ = child.communicate(timeout=120)
    report = json.loads(out.strip().splitlines()[-1])
    # The probe's own count starts after the interpreter has started; this one starts at the launch.
    report["launch_to_interactive_s"] = report["interactive_at"] - launched
    return report


def prepare(root: Path, name: str, shape: tuple[int, int] | None) -> tuple[str, dict]:
    """A data folder for the case, with its history copied in; what it holds."""
    home = root / name
    (home / APP_ID).mkdir(parents=True)
    if shape is None:
        return str(home), {"conversations": 0, "messages": 0}
    database = home / APP_ID / "assistant.sqlite3"
    shutil.copyfile(lived_in_history(*shape), database)
    return str(home), {"conversations": shape[0], "messages": shape[0] * shape[1],
                       "database_mb": round(database.stat().st_size / 1e6, 1)}


def parse_shape(text: str) -> tuple[int, int]:
    conversations, messages = text.lower().split("x")
    return int(conversations), int(messages)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--histories", default="1500x30",
                        help="lived-in histories to start with, CONVERSATIONSxMESSAGES, comma-separated")
    parser.add_argument("--json", default="-")
    args = parser.parse_args()
    histories = [s.strip() for s in args.histories.split(",") if s.strip()]
    cases: dict[str, tuple[int, int] | None] = {"empty": None, "1x2": (1, 2), "1x30": (1, 30)}
    for name in histories:
        cases.setdefault(f"1x{parse_shape(name)[1]}", (1, parse_shape(name)[1]))
    cases.update({name: parse_shape(name) for name in histories})
    runs: dict[str, list[dict]] = {name: [] for name in cases}
    with tempfile.TemporaryDirectory(prefix="hearth-startup-") as root:
        homes, held = {}, {}
        for name, shape in cases.items():
            homes[name], held[name] = prepare(Path(root), name, shape)
            launch(homes[name])  # the first start creates (or migrates) the database; later starts are the usual
        names = list(cases)
        for round_number in range(args.runs):
            turn = round_number % len(names)
            for name in names[turn:] + names[:turn]:
                runs[name].append(launch(homes[name]))
    result: dict = {"runs": args.runs, "cases": {}}
    for name, reports in runs.items():
        result["cases"][name] = {
            **held[name],
            "interactive_s": summary([r["launch_to_interactive_s"] for r in reports]),
            "rss_interactive_mb": summary([r["rss_interactive_mb"] for r in reports]),
            "rss_idle_mb": summary([r["rss_idle_mb"] for r in reports]),
            "phases": {phase: summary([r["phases"][phase] for r in reports]) for phase in reports[0]["phases"]}}
    # The table's figures (benchmarks/run.py) are the empty data folder's, as before this benchmark had cases.
    for key in ("interactive_s", "rss_interactive_mb", "rss_idle_mb"):
        result[key] = result["cases"]["empty"][key]
    result["heavy_at_start"] = runs["empty"][-1]["heavy_at_start"]
    result["heavy_when_idle"] = runs["empty"][-1]["heavy_when_idle"]
    for name in histories:
        like_it = runs[f"1x{parse_shape(name)[1]}"]
        result["cases"][name]["over_one_like_it"] = round(statistics.median(
            big["launch_to_interactive_s"] / one["launch_to_interactive_s"] for big, one in zip(runs[name], like_it)),
            3)
    if histories:
        result["lived_in"] = histories[0]
        result["lived_in_over_one"] = result["cases"][histories[0]]["over_one_like_it"]
    emit(result, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
