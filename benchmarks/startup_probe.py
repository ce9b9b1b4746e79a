"""Start the app as ``assistant`` does and report, once the window is up and its event loop has run, what it cost.

    python benchmarks/startup_probe.py [--wait SECONDS]

Prints one JSON line: seconds from this interpreter's start to the interactive window (``interactive_s``; the
caller adds the interpreter's own start by timing the whole process), resident memory then and after ``--wait``
idle seconds, which heavy libraries were imported, and where the time went (``phases``: opening the database,
building the window, from ``show`` to the event loop's first turn). The app is unchanged: the probe only wraps
``connect``, ``MainWindow.__init__`` and ``MainWindow.show`` to read the clock, and schedules a timer that fires on
the event loop's first turn.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

STARTED = time.perf_counter()
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
HEAVY = ("llama_cpp", "numpy", "huggingface_hub", "httpx2", "keyring", "jinja2", "markdown_it", "pygments", "gguf",
         "py3langid", "filelock", "PIL")


def rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--wait", type=float, default=3.0, help="idle seconds before the second memory reading")
    args = parser.parse_args()
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from assistant import __main__ as entry
    from assistant.ui.shell import application, main_window

    report: dict = {}
    phases = report["phases"] = {}
    show, build, connect = main_window.MainWindow.show, main_window.MainWindow.__init__, application.connect

    def timed(name, function):
        def wrapper(*args, **kwargs):
            began = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                phases[name] = round(time.perf_counter() - began, 4)
        return wrapper

    def show_and_probe(window):
        shown = time.perf_counter()
        show(window)

        def interactive():
            phases["show_to_interactive_s"] = round(time.perf_counter() - shown, 4)
            report["interactive_s"] = round(time.perf_counter() - STARTED, 4)
            report["interactive_at"] = time.time()
            report["rss_interactive_mb"] = round(rss_bytes() / 2**20, 1)
            report["heavy_at_start"] = sorted(m for m in HEAVY if m in sys.modules)
            QTimer.singleShot(int(args.wait * 1000), idle)

        def idle():
            report["rss_idle_mb"] = round(rss_bytes() / 2**20, 1)
            report["heavy_when_idle"] = sorted(m for m in HEAVY if m in sys.modules)
            QApplication.quit()

        QTimer.singleShot(0, interactive)

    main_window.MainWindow.show = show_and_probe
    main_window.MainWindow.__init__ = timed("build_window_s", build)
    application.connect = timed("open_database_s", connect)
    code = entry.main([])
    print(json.dumps(report))
    return code


if __name__ == "__main__":
    sys.exit(main())
