"""Screenshots of the Models pane in a real X window (Xvfb), against the test suite's local Hub look-alike.

    python scripts/screenshot_models.py --model PATH --out-dir docs
    python scripts/screenshot_models.py --model PATH --out-dir /tmp/look --theme dark --language zh_CN --size 900x600

Writes models.png (a repository's files with the memory verdict's badge, the memory bar and its card),
downloads.png (a download in progress) and, with --installed, installed.png (the downloaded model's card, chosen).
The repositories are the test Hub's (tests/hub_server.py), serving the real SmolLM2 GGUF.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from screenshot import run_in_xvfb  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", required=True, help="the GGUF file the local Hub serves")
    parser.add_argument("--out-dir", default="docs")
    parser.add_argument("--size", default="1100x760")
    parser.add_argument("--theme", choices=("light", "dark"), default="light")
    parser.add_argument("--language", choices=("en", "zh_CN"), default="en")
    parser.add_argument("--installed", action="store_true", help="also installed.png, once the download is in")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    os.environ["SHOT_THEME"] = args.theme  # for the process inside Xvfb
    os.environ["SHOT_LANGUAGE"] = args.language
    os.environ["SHOT_INSTALLED"] = "1" if args.installed else ""
    return run_in_xvfb([sys.executable, __file__, "--inside", args.model, args.out_dir, str(width), str(height)],
                       width, height)


def inside(model: str, out_dir: str, width: int, height: int) -> int:
    from hub_server import TEST_REPO, build_test_hub
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from assistant.cli.arguments import build_parser
    from assistant.ui.shell.application import create_window
    from assistant.ui.common import theme, ui_language
    from assistant.ui.common.resources import app_icon

    hub = build_test_hub(Path(model)).start()
    os.environ["HF_ENDPOINT"] = hub.endpoint
    app = QApplication([sys.argv[0]])
    app.setWindowIcon(app_icon())
    window = create_window(build_parser().parse_args([]))
    theme.apply(os.environ.get("SHOT_THEME", "light"))
    ui_language.apply(os.environ.get("SHOT_LANGUAGE", "en"))
    window.setGeometry(0, 0, width, height)
    window.show()
    window.show_models()
    discover = window.models.discover
    outcome = {"code": 1}

    def grab(name: str) -> None:
        image = QGuiApplication.primaryScreen().grabWindow(0)
        Path(out_dir).mkdir(parents=True, exist_ok=True)
        outcome["code"] = 0 if image.save(str(Path(out_dir) / name)) else 1

    def search() -> None:
        discover.search_box.setText("hearthtest")
        discover.search()
        QTimer.singleShot(1500, open_repo)

    def open_repo() -> None:
        for row in range(discover.results.count()):
            if discover.results.item(row).text().startswith(TEST_REPO):
                discover.results.setCurrentRow(row)
        QTimer.singleShot(1500, shoot_discover)

    def shoot_discover() -> None:
        grab("models.png")
        hub.faults.rate = 3_000_000
        discover.download_selected()
        QTimer.singleShot(3000, shoot_downloads)

    def shoot_downloads() -> None:
        grab("downloads.png")
        if not os.environ.get("SHOT_INSTALLED"):
            app.quit()
            return
        hub.faults.rate = None
        window.models.downloads.finished.connect(lambda _path: QTimer.singleShot(1500, shoot_installed))

    def shoot_installed() -> None:
        models = window.models
        models.tabs.setCurrentWidget(models.installed)
        models.installed.select(0)
        QTimer.singleShot(500, lambda: (grab("installed.png"), app.quit()))

    QTimer.singleShot(800, search)
    QTimer.singleShot(60_000, app.quit)
    app.exec()
    window.close()
    hub.stop()
    return outcome["code"]


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--inside":
        model, out_dir, width, height = sys.argv[2:6]
        sys.exit(inside(model, out_dir, int(width), int(height)))
    sys.exit(main())
