"""Screenshots of Drafting's Feedback and of Settings → Profile in a real X window (Xvfb).

    python scripts/screenshot_feedback.py feedback --server http://127.0.0.1:8765 --out docs/feedback.png
        [--text TEXT] [--size 1000x720] [--theme dark] [--language zh_CN]
    python scripts/screenshot_feedback.py profile --out docs/profile.png [--theme dark] [--language zh_CN]

feedback: the server (any OpenAI-compatible one) is added through Model → Servers…, its first model used; the text
goes into Drafting and Run → Feedback runs on it; the shot is taken once the review shows. The review is only as
good as the model: the README's pictures used a scripted server (see docs/screenshots.md).
profile: a filled profile "Work" is saved and put in use, then Settings opens on its Profile tab; the shot is of the
dialog alone, with the preview of what the model is told. No model is needed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

from screenshot import open_window, run_in_xvfb, save_screen  # noqa: E402

TEXT = "I recieve you letter yesterday. Their is many reason for it, and we goes home."


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("shot", choices=("feedback", "profile"))
    parser.add_argument("--out", required=True)
    parser.add_argument("--server", default="", help="feedback: the server's address")
    parser.add_argument("--text", default=TEXT, help="feedback: the text given feedback")
    parser.add_argument("--size", default="1000x720")
    parser.add_argument("--theme", choices=("light", "dark"), default="light")
    parser.add_argument("--language", choices=("en", "zh_CN"), default="en")
    args = parser.parse_args()
    if args.shot == "feedback" and not args.server:
        parser.error("feedback needs --server")
    width, height = (int(v) for v in args.size.split("x"))
    return run_in_xvfb([sys.executable, __file__, "--inside", args.shot, args.out, args.server, args.text,
                        str(width), str(height), args.theme, args.language], width, height)


def inside(shot: str, out: str, server: str, text: str, width: int, height: int, theme_name: str,
           language: str) -> int:
    from PySide6.QtCore import QTimer

    app, window = open_window(width, height, theme_name, language)
    outcome = {"code": 1}

    def grab(widget=None) -> None:
        outcome["code"] = 0 if save_screen(out, widget) else 1
        app.quit()

    def add_server() -> None:
        dialog = window.show_servers()
        dialog.url_edit.setText(server)
        dialog.add_button.click()

        def when_listed() -> None:  # the server answered with its models; the first is chosen
            if dialog.model_list.count():
                dialog.use_button.click()
                dialog.close()
            else:
                QTimer.singleShot(200, when_listed)

        when_listed()

    def give_feedback(_model) -> None:
        pane = window.drafting
        window.show_pane(pane)
        pane.editor.setPlainText(text)
        pane.select_action("feedback")
        pane.task.finished.connect(lambda _result: QTimer.singleShot(800, grab))
        pane.run_selected_action()

    def show_profile() -> None:
        from assistant.core.writing.profile import Profile, Profiles

        profiles = Profiles(window.settings)
        profiles.save(Profile("Work", "Li Wei, product manager at Acme", "formal", "traditional", "uk",
                              "Best regards,\nLi Wei", ("Acme", "Hearth"), (("release", "发布"),)))
        profiles.set_active("Work")
        window.edit_settings()
        dialog = window.settings_dialog
        dialog.tabs.setCurrentWidget(dialog.profile_page)
        QTimer.singleShot(1200, lambda: grab(dialog))

    if shot == "feedback":
        window.client.model_loaded.connect(give_feedback)
        window.client.model_load_failed.connect(lambda *_a: app.quit())
        QTimer.singleShot(300, add_server)
    else:
        QTimer.singleShot(300, show_profile)
    QTimer.singleShot(120_000, app.quit)
    app.exec()
    window.close()
    return outcome["code"]


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--inside":
        shot, out, server, text, width, height, theme_name, language = sys.argv[2:10]
        sys.exit(inside(shot, out, server, text, int(width), int(height), theme_name, language))
    sys.exit(main())
