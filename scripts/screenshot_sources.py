"""Screenshots of where models come from, in a real X window (Xvfb), against the test suite's ModelScope look-alike.

    python scripts/screenshot_sources.py --model PATH --out-dir docs [--theme dark] [--language zh_CN] [--suffix -zh]

Writes sources<suffix>.png (Settings → Model sources, ModelScope chosen, the Hub's address a custom one) and
discover-unreachable<suffix>.png (the Hub out of reach: Discover's note offers ModelScope beside Retry). The
ModelScope look-alike (tests/modelscope_server.py) serves the real GGUF given; the Hub is a closed port.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from screenshot import open_window, run_in_xvfb, save_screen  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", required=True, help="the GGUF file the ModelScope look-alike serves")
    parser.add_argument("--out-dir", default="docs")
    parser.add_argument("--size", default="1100x720")
    parser.add_argument("--theme", choices=("light", "dark"), default="light")
    parser.add_argument("--language", choices=("en", "zh_CN"), default="en")
    parser.add_argument("--suffix", default="", help="added to the file names, e.g. -zh-dark")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    return run_in_xvfb([sys.executable, __file__, "--inside", args.model, args.out_dir, str(width), str(height),
                        args.theme, args.language, args.suffix], width, height)


def closed_port() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}"  # nothing listens once the socket closes


def inside(model: str, out_dir: str, width: int, height: int, theme_name: str, language: str, suffix: str) -> int:
    from modelscope_server import Listing, ModelScopeServer
    from PySide6.QtCore import QTimer

    server = ModelScopeServer()
    server.add_repo("Qwen/Qwen3-0.6B-GGUF", {"Qwen3-0.6B-Q4_K_M.gguf": Path(model)}, Listing(downloads=42_000))
    server.start()
    os.environ["HF_ENDPOINT"] = closed_port()  # the Hub out of reach, as from much of mainland China
    app, window = open_window(width, height, theme_name, language)
    window.services.access.set_modelscope_endpoint(server.endpoint)
    outcome = {"code": 0}

    def grab(name: str, widget=None) -> None:
        if not save_screen(Path(out_dir) / name, widget):
            outcome["code"] = 1

    def settings() -> None:
        window.edit_settings()
        dialog = window.settings_dialog
        dialog.tabs.setCurrentIndex(1)
        sources = dialog.sources
        sources.source_box.setCurrentIndex(sources.source_box.findData("modelscope"))
        dialog.endpoint_edit.setText("http://192.168.1.20:8090")  # a mirror of one's own: Custom address
        def shot() -> None:
            grab(f"sources{suffix}.png", dialog)
            dialog.endpoint_edit.clear()  # the picture's address was never meant to be used
            dialog.reject()
            window.services.access.set_source("hub")
            window.models.settings_changed()
            QTimer.singleShot(300, discover)

        QTimer.singleShot(1000, shot)

    def discover() -> None:
        window.show_models()
        view = window.models.discover
        view.search_box.setText("qwen")
        view.search()

        def when_said() -> None:
            if not view.unreachable.isHidden():
                QTimer.singleShot(400, lambda: (grab(f"discover-unreachable{suffix}.png"), app.quit()))
            else:
                QTimer.singleShot(200, when_said)

        when_said()

    QTimer.singleShot(500, settings)
    QTimer.singleShot(90_000, lambda: (outcome.update(code=1), app.quit()))
    app.exec()
    window.close()
    server.stop()
    return outcome["code"]


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--inside":
        model, out_dir, width, height, theme_name, language, suffix = sys.argv[2:9]
        sys.exit(inside(model, out_dir, int(width), int(height), theme_name, language, suffix))
    sys.exit(main())
