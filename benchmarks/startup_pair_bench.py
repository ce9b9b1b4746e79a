"""Start-up of this checkout beside another one (a reference commit), launched in turn, round by round.

    git worktree add /tmp/ref COMMIT && ln -s /tmp/ref/resources /tmp/ref/assistant/resources
    .venv/bin/python benchmarks/startup_pair_bench.py --reference /tmp/ref [--runs 9] [--json FILE]

Each round starts ``startup_probe.py`` of each checkout once (offscreen, an empty data folder made by a first,
unmeasured start), the order alternating, and times launch to the interactive window, as startup_bench.py does. The
figure is the median of the per-round ratios, so the machine's drift meets both sides alike. The symbolic link
lets the reference read its own resources (style sheets, icons) rather than those of the editable install.

Both sides start from compiled bytecode, as an installed app does (pip and the installers write it): without it,
as under PYTHONDONTWRITEBYTECODE=1, each start compiles every module again, a fifth of the time here, and the side
with more code looks slower for a reason no user meets.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, emit  # noqa: E402


def compile_bytecode(root: Path) -> None:
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(root / "assistant")], check=True,
                   env={**os.environ, "PYTHONDONTWRITEBYTECODE": ""}, stdout=subprocess.DEVNULL)


def launch(root: Path, data_home: str) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
           "XDG_DATA_HOME": data_home, "PYTHONPATH": str(root)}
    launched = time.time()
    child = subprocess.run([sys.executable, str(root / "benchmarks" / "startup_probe.py"), "--wait", "0"],
                           cwd=root, env=env, capture_output=True, text=True, timeout=120, check=True)
    return json.loads(child.stdout.strip().splitlines()[-1])["interactive_at"] - launched


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", required=True, help="another checkout of Hearth (a git worktree)")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--json", default="-")
    args = parser.parse_args()
    sides = {"this": ROOT, "reference": Path(args.reference).resolve()}
    times: dict[str, list[float]] = {name: [] for name in sides}
    with tempfile.TemporaryDirectory() as folder:
        homes = {name: str(Path(folder) / name) for name in sides}
        for name, root in sides.items():
            compile_bytecode(root)
            launch(root, homes[name])  # the first start creates the database: not measured
        for round_ in range(args.runs):
            order = list(sides) if round_ % 2 == 0 else list(reversed(sides))
            for name in order:
                times[name].append(launch(sides[name], homes[name]))
    ratios = [this / reference for this, reference in zip(times["this"], times["reference"])]
    result = {"runs": args.runs, "reference": str(sides["reference"]),
              "this_s": round(statistics.median(times["this"]), 3),
              "reference_s": round(statistics.median(times["reference"]), 3),
              "ratio": round(statistics.median(ratios), 3),
              "samples": {name: [round(t, 3) for t in values] for name, values in times.items()}}
    emit(result, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
