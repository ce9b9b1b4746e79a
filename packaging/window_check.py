"""Starts an installed (frozen) app under Xvfb like a user would, and checks what a user would see.

    python packaging/window_check.py APP --model MODEL.gguf --data DIR --screenshot OUT.png [--json FILE]

1. Start-up: the seconds from launch to a mapped "Hearth" window, over a few cold starts (median).
2. One app per user: with the app running, a second start with a bare .gguf path (as a file manager double-click
   does it) must exit 0 at once, open no second window, and the first app must load that model.
3. A screenshot of the screen with the model loaded.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def free_display() -> int:
    for number in range(90, 140):
        if not os.path.exists(f"/tmp/.X11-unix/X{number}") and not os.path.exists(f"/tmp/.X{number}-lock"):
            return number
    raise SystemExit("no free X display number")


def windows(env: dict) -> list[str]:
    found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "^Hearth"], env=env,
                           capture_output=True, text=True)
    return found.stdout.split()


def wait_for_window(env: dict, timeout: float) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if windows(env):
            return time.perf_counter() - started
        time.sleep(0.02)
    raise SystemExit(f"no Hearth window within {timeout} s")


def remembered(database: Path, model: Path) -> bool:
    try:
        with sqlite3.connect(database, timeout=5) as conn:
            return (str(model),) in conn.execute("SELECT path FROM recent_models").fetchall()
    except sqlite3.Error:
        return False


def screenshot(env: dict, out: Path) -> None:
    """The whole X screen, grabbed by Qt from this interpreter (no ImageMagick needed)."""
    code = ("import sys\nfrom PySide6.QtGui import QGuiApplication\napp = QGuiApplication(sys.argv[:1])\n"
            "image = app.primaryScreen().grabWindow(0)\nsys.exit(0 if image.save(sys.argv[1]) else 1)\n")
    subprocess.run([sys.executable, "-c", code, str(out)], env={**env, "QT_QPA_PLATFORM": "xcb"}, check=True,
                   timeout=60)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("app", type=Path)
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--screenshot", type=Path, required=True)
    parser.add_argument("--starts", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    for tool in ("Xvfb", "xdotool"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is needed (apt-get install xvfb xdotool)")
    number = free_display()
    xvfb = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
    home = Path(tempfile.mkdtemp(prefix="hearth-home-"))
    env = {"DISPLAY": f":{number}", "HOME": str(home), "PATH": "/usr/bin:/bin", "XDG_DATA_HOME": str(args.data),
           "XDG_RUNTIME_DIR": str(home), "LANG": "C.UTF-8"}
    result: dict = {}
    try:
        deadline = time.time() + 20
        while not os.path.exists(f"/tmp/.X11-unix/X{number}"):
            if time.time() > deadline:
                raise SystemExit("Xvfb did not start")
            time.sleep(0.1)
        starts = []
        for _ in range(args.starts):
            launched = time.perf_counter()
            app = subprocess.Popen([str(args.app)], env=env)
            wait_for_window(env, 60)
            starts.append(time.perf_counter() - launched)
            app.terminate()
            app.wait(30)
        result["startup_s"] = [round(s, 2) for s in starts]
        result["startup_median_s"] = round(statistics.median(starts), 2)

        first = subprocess.Popen([str(args.app)], env=env)
        wait_for_window(env, 60)
        before = windows(env)
        asked = time.perf_counter()
        second = subprocess.run([str(args.app), str(args.model)], env=env, capture_output=True, text=True,
                                timeout=60)
        result["second_start_exit"] = second.returncode
        result["second_start_s"] = round(time.perf_counter() - asked, 2)
        if second.returncode != 0:
            raise SystemExit(f"the second start failed ({second.returncode}): {second.stdout}{second.stderr}")
        database = args.data / "hearth-assistant" / "assistant.sqlite3"
        deadline = time.time() + 60
        while not remembered(database, args.model):
            if time.time() > deadline or first.poll() is not None:
                raise SystemExit("the running app did not open the model the second start handed it")
            time.sleep(0.2)
        result["model_opened_s"] = round(time.perf_counter() - asked, 2)
        time.sleep(3)  # the load finishes and the window repaints
        after = windows(env)
        if len(after) != len(before):
            raise SystemExit(f"a second window appeared ({before} → {after})")
        result["windows_before_and_after"] = [len(before), len(after)]
        args.screenshot.parent.mkdir(parents=True, exist_ok=True)
        screenshot(env, args.screenshot)
        result["screenshot"] = str(args.screenshot)
        first.terminate()
        first.wait(30)
    finally:
        xvfb.terminate()
        xvfb.wait(10)
        shutil.rmtree(home, ignore_errors=True)
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
