"""Open Hearth's window and have tests/atspi_reader.py read its accessibility tree through AT-SPI, pane by pane.

Runs inside a display and a D-Bus session with the AT-SPI bus (tests/test_accessibility_atspi.py makes them):

    python tests/atspi_driver.py LANGUAGE OUT.json

The reader is another process that asks this one over D-Bus, so this one waits for it in Qt's event loop (a blocking
wait would leave the questions unanswered).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
READER = Path(__file__).with_name("atspi_reader.py")
SYSTEM_PYTHON = "/usr/bin/python3"


def read_tree(app) -> list:
    from PySide6.QtCore import QEventLoop, QProcess

    process = QProcess()
    loop = QEventLoop()
    process.finished.connect(loop.quit)
    process.start(SYSTEM_PYTHON, [str(READER), app.applicationName()])
    loop.exec()
    if process.exitCode() != 0:
        raise SystemExit(bytes(process.readAllStandardError()).decode())
    return json.loads(bytes(process.readAllStandardOutput()).decode())


def settle(app) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(300, loop.quit)  # let layouts and the accessibility bridge catch up with a pane switch
    loop.exec()


def main(language: str, out: str) -> int:
    sys.path.insert(0, str(ROOT))
    from PySide6.QtWidgets import QApplication

    from assistant.cli.arguments import build_parser
    from assistant.ui.common import theme, ui_language
    from assistant.ui.shell.application import create_window

    app = QApplication([sys.argv[0]])
    window = create_window(build_parser().parse_args([]))
    theme.apply("light")
    ui_language.apply(language)
    window.setGeometry(0, 0, 1280, 800)
    window.show()
    trees = {}
    for name, pane in window.named_panes():
        window.show_pane(pane)
        settle(app)
        trees[name] = read_tree(app)
    window.show_welcome()
    settle(app)
    trees["welcome"] = read_tree(app)
    Path(out).write_text(json.dumps(trees, ensure_ascii=False), encoding="utf-8")
    window.welcome_dialog.close()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
