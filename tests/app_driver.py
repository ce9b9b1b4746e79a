"""Runs the real app in a child process for tests that must kill it or restart it.

    python tests/app_driver.py reply MODEL TEXT   load MODEL, send TEXT, keep streaming until killed
    python tests/app_driver.py show               start the app, print the visible thread as JSON, quit
    python tests/app_driver.py geometry           start the app, print where the window and its parts are, quit
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from assistant.cli.arguments import build_parser  # noqa: E402
from assistant.core.storage.database import connect  # noqa: E402
from assistant.core.storage.paths import database_path  # noqa: E402
from assistant.core.storage.settings import ModelSettings, Settings  # noqa: E402
from assistant.ui.shell.application import create_window  # noqa: E402


def reply(model: str, text: str) -> None:
    Settings(connect(database_path())).set_model_settings(
        model, ModelSettings(temperature=0.8, max_tokens=4000, context_length=4096)
    )
    app = QApplication([])
    window = create_window(build_parser().parse_args(["--model", model]))
    generate = window.client.generate

    def endless(messages, params, conversation=False):
        # "Until killed": a sampled story may end by itself after a few lines, before the test has seen it saved
        # while streaming. The reply is the app's own in every other way.
        params.ignore_eos = True
        return generate(messages, params, conversation)

    window.client.generate = endless

    def send(_model) -> None:
        window.chat.input.setPlainText(text)
        window.chat.send()
        print("sent", flush=True)
        print(f"host {window.client.engine.pid}", flush=True)

    window.client.model_loaded.connect(send)
    app.exec()


def show() -> None:
    app = QApplication([])
    window = create_window(build_parser().parse_args([]))
    widgets = window.chat.thread_view.message_widgets()
    print(json.dumps([
        {"role": w.message.role, "content": w.message.content, "status": w.message.status,
         "label": w.status_label.text()}
        for w in widgets
    ]))
    QTimer.singleShot(0, app.quit)
    app.exec()
    window.close()


def geometry() -> None:
    """The window as restored on this screen: its frame, the screen's free area, and the current pane's buttons and
    the status bar in window coordinates (what is off screen is outside the frame or the free area)."""
    app = QApplication([])
    window = create_window(build_parser().parse_args([]))
    window.show()

    def rect(r) -> list[int]:
        return [r.x(), r.y(), r.width(), r.height()]

    def report() -> None:
        from PySide6.QtCore import QPoint, QRect
        from PySide6.QtWidgets import QPushButton

        pane = window.panes.currentWidget()
        parts = {w.text(): rect(QRect(w.mapTo(window, QPoint(0, 0)), w.size()))
                 for w in pane.findChildren(QPushButton) if w.isVisible()}
        bar = window.statusBar()
        parts["status bar"] = rect(QRect(bar.mapTo(window, QPoint(0, 0)), bar.size()))
        print(json.dumps({"frame": rect(window.frameGeometry()), "window": rect(window.geometry()),
                          "screen": rect(window.screen().availableGeometry()), "parts": parts}), flush=True)
        app.quit()

    QTimer.singleShot(50, report)  # after the window's own fitting, once it is on screen
    app.exec()
    window.close()


if __name__ == "__main__":
    if sys.argv[1] == "reply":
        reply(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "geometry":
        geometry()
    else:
        show()
