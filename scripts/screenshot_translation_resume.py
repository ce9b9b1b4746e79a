"""A screenshot of Translation resuming after a restart, in a real X window (Xvfb), running the real model.

    python scripts/screenshot_translation_resume.py --model PATH --out docs/translation-resumed.png
        [--size 1000x720] [--theme dark] [--language zh_CN]

The app runs twice on one throwaway data folder: the first run translates a French document into English and is
stopped after two paragraphs, then quits; the second starts as a user would, finds the document, the two
paragraphs and the place kept, presses Resume, and is photographed while the third paragraph streams in.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

from screenshot import open_window, run_in_xvfb  # noqa: E402

DOCUMENT = "\n\n".join([
    "# Réunion d'équipe",
    "Bonjour à tous. La réunion aura lieu demain à 10 heures dans la salle 4.",
    "Nous parlerons du budget de la bibliothèque et des travaux de l'été.",
    "Le rapport est disponible sur https://example.com/rapport.",
    "Apportez vos questions et vos idées pour la rentrée.",
    "Merci et à bientôt.",
])
STOP_AFTER = 2  # pieces translated before the stop
CHUNKS_BEFORE_SHOT = 6  # of the third paragraph, streaming after Resume


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", required=True)
    parser.add_argument("--out", default="docs/translation-resumed.png")
    parser.add_argument("--size", default="1000x720")
    parser.add_argument("--theme", choices=("light", "dark"), default="light")
    parser.add_argument("--language", choices=("en", "zh_CN"), default="en")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    return run_in_xvfb([sys.executable, __file__, "--both", args.model, str(Path(args.out).resolve()), str(width),
                        str(height), args.theme, args.language], width, height)


def both(*args: str) -> int:
    """The two runs, one after the other, on the display and data folder run_in_xvfb set up."""
    for phase in ("stop", "resume"):
        code = subprocess.call([sys.executable, __file__, "--phase", phase, *args], timeout=180)
        if code != 0:
            print(f"the {phase} run failed ({code})", file=sys.stderr)
            return code
    return 0


def phase(name: str, model: str, out: str, width: int, height: int, theme_name: str, language: str) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QGuiApplication

    from assistant.core.storage.settings import ModelSettings

    app, window = open_window(width, height, theme_name, language)
    pane = window.translation
    outcome = {"code": 1}
    chunks = []

    def first_run(_model) -> None:
        window.show_pane(pane)
        pane._select(pane.source_box, "fr")
        pane._select(pane.target_box, "en")
        pane.source.setPlainText(DOCUMENT)
        pane.task.finished.connect(piece_done)
        pane.translate()

    def piece_done(result) -> None:
        if result.stopped:
            outcome["code"] = 0 if pane.job.next_piece >= STOP_AFTER and not pane.job.done else 1
            QTimer.singleShot(200, window.close)  # as the user closes it; the pane is saved as it closes
            QTimer.singleShot(400, app.quit)
        elif pane.job.next_piece >= STOP_AFTER:
            QTimer.singleShot(0, pane.task.stop)

    def second_run(_model) -> None:
        if pane.job is None or pane.job.done or not pane.resume_button.isVisible():
            print("nothing to resume after the restart", file=sys.stderr)
            app.quit()
            return
        window.show_pane(pane)
        cursor = pane.source.textCursor()
        cursor.setPosition(DOCUMENT.index("Bonjour"))  # the first translated paragraph, highlighted on both sides
        pane.source.setTextCursor(cursor)
        pane.task.text.connect(streaming)
        pane.resume()

    def streaming(_chunk: str) -> None:
        chunks.append(_chunk)
        if len(chunks) == CHUNKS_BEFORE_SHOT:
            QTimer.singleShot(150, grab)

    def grab() -> None:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        outcome["code"] = 0 if QGuiApplication.primaryScreen().grabWindow(0).save(out) else 1
        app.quit()

    if name == "stop":
        window.settings.set_model_settings(model, ModelSettings(temperature=0.0, seed=1, max_tokens=80,
                                                                context_length=2048))
        window.client.model_loaded.connect(first_run)
        window.load_model(model)
    else:
        window.client.model_loaded.connect(second_run)  # the app loads the last model itself as it starts
    QTimer.singleShot(150_000, app.quit)
    app.exec()
    window.close()
    return outcome["code"]


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--both":
        sys.exit(both(*sys.argv[2:]))
    if len(sys.argv) > 1 and sys.argv[1] == "--phase":
        name, model, out, width, height, theme_name, language = sys.argv[2:9]
        sys.exit(phase(name, model, out, int(width), int(height), theme_name, language))
    sys.exit(main())
