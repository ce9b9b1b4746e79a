"""Screenshots of the Drafting and Translation panes in a real X window (Xvfb), running the real model.

    python scripts/screenshot_writing.py --model PATH --out-dir docs [--size 1000x720] [--theme dark]
        [--language zh_CN] [--suffix -zh-dark]

Writes drafting-empty.png and translation-empty.png (each pane as a new user first sees it),
drafting-streaming.png (a proofreading result as the model writes it), drafting.png (that result on review) and
translation.png (a translated document with its checks, the second paragraph highlighted on both sides);
``--suffix`` goes before ".png".
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

from screenshot import open_window, run_in_xvfb  # noqa: E402

LETTER = ("Dear team,\n\nOur new app will ship next week. It are fast and users will like it very much. Thank you "
          "for all the hard work.\n\nBest, Ana")
DOCUMENT = ("# Réunion d'équipe\n\nBonjour à tous. La réunion aura lieu demain à 10 heures dans la salle 4.\n\n"
            "Le rapport est disponible sur https://example.com/rapport.\n\n```\nmake report\n```\n\n"
            "Merci et à bientôt.")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", required=True)
    parser.add_argument("--out-dir", default="docs")
    parser.add_argument("--size", default="1000x720")
    parser.add_argument("--theme", choices=("light", "dark"), default="light")
    parser.add_argument("--language", choices=("en", "zh_CN"), default="en")
    parser.add_argument("--suffix", default="")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    return run_in_xvfb([sys.executable, __file__, "--inside", args.model, args.out_dir, str(width), str(height),
                        args.theme, args.language, args.suffix], width, height)


def inside(model: str, out_dir: str, width: int, height: int, theme_name: str, language: str, suffix: str) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QGuiApplication

    from assistant.core.storage.settings import ModelSettings
    from assistant.core.writing.translation import Glossary

    app, window = open_window(width, height, theme_name, language)
    window.settings.set_model_settings(model, ModelSettings(temperature=0.0, max_tokens=80, context_length=2048))
    chunks = []  # of the proofreading answer, as they arrive
    Glossary([("rapport", "report")], ["Hearth"]).save(window.settings, "fr", "en")
    drafting, translation = window.drafting, window.translation
    outcome = {"code": 1}

    def grab(name: str) -> None:
        Path(out_dir).mkdir(parents=True, exist_ok=True)
        path = Path(out_dir) / f"{name}{suffix}.png"
        outcome["code"] = 0 if QGuiApplication.primaryScreen().grabWindow(0).save(str(path)) else 1

    def draft(_model) -> None:
        window.show_pane(drafting)
        QTimer.singleShot(400, draft_empty_shown)

    def draft_empty_shown() -> None:
        grab("drafting-empty")
        drafting.editor.setPlainText(LETTER)
        drafting.select_action("proofread")
        drafting.task.text.connect(streaming)
        drafting.task.finished.connect(lambda _r: QTimer.singleShot(500, translate))
        drafting.run_selected_action()

    def streaming(chunk: str) -> None:
        chunks.append(chunk)
        if len(chunks) == 24:  # a few lines in, with more to come: the picture of the text arriving
            grab("drafting-streaming")

    def translate() -> None:
        grab("drafting")
        window.show_pane(translation)
        QTimer.singleShot(400, translate_empty_shown)

    def translate_empty_shown() -> None:
        grab("translation-empty")
        translation._select(translation.target_box, "en")
        translation.source.setPlainText(DOCUMENT)
        QTimer.singleShot(600, translation.translate)
        QTimer.singleShot(900, wait_for_translation)

    def wait_for_translation() -> None:
        if translation.job is not None and translation.job.done and not translation.task.busy:
            cursor = translation.source.textCursor()
            cursor.setPosition(DOCUMENT.index("Bonjour"))
            translation.source.setTextCursor(cursor)
            QTimer.singleShot(400, finish)
        else:
            QTimer.singleShot(300, wait_for_translation)

    def finish() -> None:
        grab("translation")
        app.quit()

    window.client.model_loaded.connect(draft)
    window.load_model(model)
    QTimer.singleShot(120_000, app.quit)
    app.exec()
    window.close()
    return outcome["code"]


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--inside":
        sys.exit(inside(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), *sys.argv[6:9]))
    sys.exit(main())
