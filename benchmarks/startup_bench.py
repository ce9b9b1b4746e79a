"""Start-up time and memory of the app without a model, from process launch to an interactive window.

    .venv/bin/python benchmarks/startup_bench.py [--runs 7] [--json FILE]

Each run starts a new Python process (``startup_probe.py``, which starts the app as ``assistant`` does) on an empty
data folder, offscreen, and times it from launch to the line the probe prints when the window's event loop first
runs. Memory is the process's resident size then and after three idle seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, emit, summary  # noqa: E402


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", default="-")
    args = parser.parse_args()
    runs = []
    with tempfile.TemporaryDirectory(prefix="hearth-startup-") as data_home:
        launch(data_home)  # the first start creates the database; later starts are the usual case
        for _ in range(args.runs):
            runs.append(launch(data_home))
    result = {"runs": args.runs,
              "interactive_s": summary([r["launch_to_interactive_s"] for r in runs]),
              "rss_interactive_mb": summary([r["rss_interactive_mb"] for r in runs]),
              "rss_idle_mb": summary([r["rss_idle_mb"] for r in runs]),
              "heavy_at_start": runs[-1]["heavy_at_start"], "heavy_when_idle": runs[-1]["heavy_when_idle"]}
    emit(result, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
