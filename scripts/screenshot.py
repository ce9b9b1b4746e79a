"""Take a screenshot of the real app in a real X window (Xvfb): load a model, ask a question, wait for the reply.

    python scripts/screenshot.py --model PATH --out docs/chat.png [--message TEXT]
    python scripts/screenshot.py --out docs/welcome.png          (first start: no model, the welcome)
    python scripts/screenshot.py --model PATH --out docs/chat-dark.png --theme dark
    python scripts/screenshot.py --model PATH --out docs/chat-zh.png --language zh_CN --message 用一句话介绍你自己。
    SHOT_THINKING_BUDGET=40 python scripts/screenshot.py --model THINKING-MODEL --out docs/chat-thinking.png
        (thinking on with that budget, and the reply's thinking opened; THINKING-MODEL carries a thinking template)
    SHOT_SCALE=2 python scripts/screenshot.py ...   (any of these at 200%: the same layout, twice the pixels)
    SHOT_DIALOG=api python scripts/screenshot.py --model PATH --out docs/settings-api.png
        (after the reply, Settings → API switched on, its new token shown)
    SHOT_DIALOG=servers SHOT_SERVER=http://127.0.0.1:8080 python scripts/screenshot.py --model PATH --out docs/servers.png
        (after the reply, Model → Servers… with that server added and its models listed)
    SHOT_DOCUMENTS=FOLDER python scripts/screenshot.py --model PATH --out docs/chat-documents.png --message QUESTION
        (FOLDER indexed first, the question answered from it with its sources; add SHOT_DIALOG=documents for the
        Documents dialog, or SHOT_DIALOG=source to open the first source; SHOT_PANE=drafting composes from the
        documents instead, the message being the brief)

Starts its own Xvfb display and uses a throwaway data folder and keyring, so it never touches your history or your
keys.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_MESSAGE = "Write a Python function that reverses a string, with a one-line explanation."


def start_xvfb(width: int, height: int) -> tuple[subprocess.Popen, str]:
    if shutil.which("Xvfb") is None:
        raise SystemExit("Xvfb is not installed (Debian package: xvfb)")
    for number in range(91, 120):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
            display = f":{number}"
            process = subprocess.Popen(
                ["Xvfb", display, "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
            for _ in range(100):
                if Path(f"/tmp/.X11-unix/X{number}").exists():
                    return process, display
                time.sleep(0.05)
            process.kill()
    raise SystemExit("could not start Xvfb")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="", help="leave out for the first-start window")
    parser.add_argument("--out", required=True)
    parser.add_argument("--message", default=DEFAULT_MESSAGE)
    parser.add_argument("--size", default="1100x760")
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--draft", default="", help="text left in the message box, to show its token count")
    parser.add_argument("--theme", choices=("light", "dark"), default="light")
    parser.add_argument("--language", choices=("en", "zh_CN"), default="en")
    parser.add_argument("--image", default="", help="a picture sent with the message (Chat), or translated (with "
                                                     "--translate-image)")
    parser.add_argument("--translate-image", action="store_true",
                        help="Translation: Translate an image… with --image, its text read and translated")
    parser.add_argument("--translate-file", default="",
                        help="Translation: Translate a file… with this file, translated into --target")
    parser.add_argument("--target", default="fr", help="with --translate-file: the language to translate into")
    parser.add_argument("--tool", default="", help="Chat with tools on, the first round made to call this tool "
                                                   "(a 135M model seldom calls one by itself); shot with its card")
    parser.add_argument("--allow", action="store_true", help="with --tool: Allow once, then shot with its block open")
    parser.add_argument("--stop-after", type=int, default=0,
                        help="with --translate-file: stop after this many segments (0: the whole file)")
    parser.add_argument("--chat-state", choices=("start", "empty", "loading", "failed"), default="",
                        help="Chat in a state: start (no model, no welcome over it), empty (a new chat, with --model), "
                             "loading (while --model loads), failed (a file that is not a model, said above the page)")
    args = parser.parse_args()
    os.environ["SHOT_CHAT_STATE"] = args.chat_state
    if args.translate_file:
        os.environ.update(SHOT_PANE="translation-file", SHOT_FILE=str(Path(args.translate_file).resolve()),
                          SHOT_TARGET=args.target, SHOT_STOP_AFTER=str(args.stop_after))
    if args.tool:
        os.environ.update(SHOT_TOOL=args.tool, SHOT_ALLOW="1" if args.allow else "")
    if args.image:
        os.environ["SHOT_IMAGE"] = str(Path(args.image).resolve())
    if args.translate_image:
        os.environ["SHOT_PANE"] = "translation-image"
    os.environ["SHOT_THEME"] = args.theme  # for the process inside Xvfb
    os.environ["SHOT_LANGUAGE"] = args.language
    width, height = (int(v) for v in args.size.split("x"))

    return run_in_xvfb([sys.executable, __file__, "--inside", args.model, args.out, args.message, str(width),
                        str(height), str(args.timeout), args.draft], width, height)


def run_in_xvfb(command: list[str], width: int, height: int) -> int:
    """Run ``command`` on a fresh Xvfb display with a throwaway data folder; its exit status. SHOT_SCALE=2 shoots
    at 200% (Qt's scale factor, on a screen twice the size): ``width`` and ``height`` stay the window's size in
    device-independent pixels."""
    scale = float(os.environ.get("SHOT_SCALE", "1"))
    xvfb, display = start_xvfb(round(width * scale), round(height * scale))
    data_home = tempfile.mkdtemp(prefix="hearth-shot-")
    env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb", XDG_DATA_HOME=data_home,
               PYTHON_KEYRING_BACKEND="keyrings.alt.file.PlaintextKeyring")  # in data_home, thrown away
    env.pop("WAYLAND_DISPLAY", None)
    if scale != 1:
        env["QT_SCALE_FACTOR"] = str(scale)
    try:
        return subprocess.call(command, env=env, cwd=ROOT)
    finally:
        xvfb.terminate()
        xvfb.wait()
        shutil.rmtree(data_home, ignore_errors=True)


def save_screen(path: str | Path, widget=None) -> bool:
    """The screen (or ``widget`` alone, a dialog as it is on the screen) saved to ``path``; whether it was."""
    from PySide6.QtGui import QGuiApplication

    screen = QGuiApplication.primaryScreen()
    if widget is None:
        image = screen.grabWindow(0)
    else:
        frame = widget.frameGeometry()
        image = screen.grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height())
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return image.save(str(path))


def open_window(width: int, height: int, theme_name: str, language: str):
    """Inside the display run_in_xvfb made: the app's window as a user starts it, in that theme and language, at
    that size; (app, window)."""
    from PySide6.QtWidgets import QApplication

    from assistant.cli.arguments import build_parser
    from assistant.ui.common import theme
    from assistant.ui.common import ui_language
    from assistant.ui.shell.application import create_window
    from assistant.ui.common.resources import app_icon

    app = QApplication([sys.argv[0]])
    app.setWindowIcon(app_icon())
    window = create_window(build_parser().parse_args([]))
    theme.apply(theme_name)
    ui_language.apply(language)
    window.setGeometry(0, 0, width, height)
    window.show()
    return app, window


def inside(model: str, out: str, message: str, width: int, height: int, timeout: float, draft: str) -> int:
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from assistant.cli.arguments import build_parser
    from assistant.ui.shell.application import create_window
    from assistant.ui.common import theme
    from assistant.ui.common import ui_language
    from assistant.ui.common.resources import app_icon

    app = QApplication([sys.argv[0]])
    app.setWindowIcon(app_icon())
    chat_state = os.environ.get("SHOT_CHAT_STATE", "")
    # Loading: the model is asked for once the window is on screen, so the shot shows it loading.
    window = create_window(build_parser().parse_args(["--model", model] if model and chat_state != "loading" else []))
    theme.apply(os.environ.get("SHOT_THEME", "light"))
    ui_language.apply(os.environ.get("SHOT_LANGUAGE", "en"))
    window.setGeometry(0, 0, width, height)
    window.show()
    outcome = {"code": 1}

    def grab() -> None:
        image = QGuiApplication.primaryScreen().grabWindow(0)
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        outcome["code"] = 0 if image.save(out) else 1
        app.quit()

    thinking_budget = int(os.environ.get("SHOT_THINKING_BUDGET", "0"))

    def send() -> None:
        folder = os.environ.get("SHOT_DOCUMENTS")
        if folder and not window.chat.documents_choice().get("on"):
            documents = window.services.documents

            def indexed(*_args) -> None:
                if documents.last_progress is not None and documents.last_progress.finished:
                    documents.changed.disconnect(indexed)
                    if os.environ.get("SHOT_PANE") == "drafting":
                        from assistant.core.writing.drafting import Brief

                        window.show_pane(window.drafting)
                        window.drafting.task.finished.connect(on_done)
                        window.drafting.compose(Brief("report", "neutral", "short", "", "en", message),
                                                from_documents=True)
                        return
                    window.chat.set_documents_choice(True)
                    send()

            documents.changed.connect(indexed)
            documents.add([folder])
            return
        if thinking_budget:  # a thinking reply, its block opened (docs/chat-thinking.png)
            from dataclasses import replace

            chosen = window.settings.model_settings(model)
            window.settings.set_model_settings(model, replace(chosen, thinking="on", thinking_budget=thinking_budget,
                                                              temperature=0.0, seed=1))
        if os.environ.get("SHOT_PANE") == "translation-file":
            translate_file()
            return
        picture = os.environ.get("SHOT_IMAGE")
        if picture and os.environ.get("SHOT_PANE") == "translation-image":
            window.show_pane(window.translation)
            window.translation.image_source.open_file(picture)
            return
        if os.environ.get("SHOT_TOOL"):
            force_tool(os.environ["SHOT_TOOL"])
        window.chat.input.setPlainText(message)
        if picture:
            window.chat.images.intake.add_files([picture])
            window.chat.images.when_ready(window.chat.send)
            return
        window.chat.send()

    def translate_file() -> None:
        """Translation's file mode: the file opened, translated (or stopped after some segments), then shot."""
        from assistant.core.writing.file_translator import RunEnded, SegmentTranslated

        pane = window.translation
        window.show_pane(pane)
        pane.options.select(pane.options.target_box, os.environ["SHOT_TARGET"])
        stop_after = int(os.environ.get("SHOT_STOP_AFTER", "0"))
        done = []

        def on_event(event) -> None:
            if isinstance(event, SegmentTranslated):
                done.append(event.segment)
                if stop_after and len(done) >= stop_after:
                    pane.file_mode.run.stop()
            elif isinstance(event, RunEnded):
                QTimer.singleShot(800, grab)

        pane.file_mode.run.event.connect(on_event)
        pane.file_mode.opened.connect(lambda: QTimer.singleShot(300, pane.file_mode.translate))
        pane.file_mode.open(os.environ["SHOT_FILE"])

    def force_tool(tool: str) -> None:
        """Tools on for the new chat; a reply's first round must call ``tool``, the rounds after it answer."""
        from dataclasses import replace

        from assistant.core.engines.types import TOOLS_NONE, TOOLS_REQUIRED

        chat = window.chat
        chosen = window.settings.model_settings(model)  # greedy: the same call in every shot
        window.settings.set_model_settings(model, replace(chosen, temperature=0.0, seed=1))
        chat.session.set_tools(True)
        generate = chat.session._generate  # noqa: SLF001 - the seam the pane gives the session

        def forced(messages, params, on_event):
            first = messages[-1]["role"] == "user"
            params = replace(params, named_tool=tool, tool_choice=TOOLS_REQUIRED) if first else \
                replace(params, tool_choice=TOOLS_NONE)
            return generate(messages, params, on_event)

        chat.session._generate = forced  # noqa: SLF001

    def tool_shot() -> None:
        """The card while it waits (or, with --allow, once allowed: the reply with its call's block open)."""
        cards = window.chat.tools.cards()
        if cards and os.environ.get("SHOT_ALLOW") == "1":
            os.environ["SHOT_ALLOW"] = "done"
            cards[0].allow_once.click()
            return
        if not cards:
            from assistant.ui.chat.tool_blocks import ToolBlock

            opened = window.chat.thread_view.message_widgets()[-1].findChildren(ToolBlock, "toolBlock")
            if opened:
                opened[0].toggle.setChecked(True)
        QTimer.singleShot(600, grab)

    def open_dialog(kind: str) -> None:
        if kind == "documents":
            window.show_documents()
        elif kind == "source":
            reply = window.chat.thread_view.message_widgets()[-1].message
            window.chat.open_source(reply.id, 1)
        elif kind == "api":
            window.edit_settings()
            dialog = window.settings_dialog
            dialog.tabs.setCurrentWidget(dialog.api_panel)
            dialog.api_panel.switch.setChecked(True)
        else:
            dialog = window.show_servers()
            dialog.url_edit.setText(os.environ["SHOT_SERVER"])
            dialog.add_button.click()
        QTimer.singleShot(2500, grab)

    def on_done(*_args) -> None:
        if os.environ.get("SHOT_TOOL"):
            QTimer.singleShot(800, tool_shot)
            return
        if os.environ.get("SHOT_DIALOG"):
            QTimer.singleShot(300, lambda: open_dialog(os.environ["SHOT_DIALOG"]))
            return
        if draft:
            window.chat.input.setPlainText(draft)
        if thinking_budget:
            from assistant.ui.chat.message_widget import MessageWidget

            replies = [w for w in window.chat.findChildren(MessageWidget) if w.message.role == "assistant"]
            if replies:
                replies[-1].thinking.toggle.setChecked(True)
        QTimer.singleShot(600, grab)

    if chat_state == "empty":
        window.client.model_loaded.connect(lambda _model: (window.chat.new_conversation(),
                                                           QTimer.singleShot(600, grab)))
    elif chat_state == "loading":
        shot = []  # one shot, at the first share past a fifth (more arrive before it is taken)
        window.client.load_progress.connect(lambda share: share >= 0.2 and not shot and (
            shot.append(share), QTimer.singleShot(0, grab)))
        QTimer.singleShot(1000, lambda: window.load_model(model))
    elif chat_state == "failed":
        def load_a_file_that_is_not_a_model() -> None:
            from PySide6.QtWidgets import QMessageBox

            bad = Path(tempfile.mkdtemp(prefix="hearth-shot-")) / "notes.gguf"
            bad.write_text("These are notes, not a model.")
            window.load_model(str(bad))
            for box in window.findChildren(QMessageBox):  # the dialog says it too; the shot is of the note
                box.hide()
            QTimer.singleShot(600, grab)

        QTimer.singleShot(300, load_a_file_that_is_not_a_model)
    else:
        window.client.model_loaded.connect(lambda _model: QTimer.singleShot(200, send))
    window.client.replies.finished.connect(on_done)
    window.client.replies.stopped.connect(on_done)
    window.client.replies.failed.connect(on_done)
    window.client.model_load_failed.connect(lambda *_a: app.quit())
    if not model and not chat_state:  # a first start: the welcome over the window, as a new user sees it
        QTimer.singleShot(0, window.maybe_welcome)
    if not model and chat_state != "failed":
        QTimer.singleShot(1500, grab)
    QTimer.singleShot(int(timeout * 1000), app.quit)
    app.exec()
    window.close()
    return outcome["code"]


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--inside":
        model, out, message, width, height, timeout, draft = sys.argv[2:9]
        sys.exit(inside(model, out, message, int(width), int(height), float(timeout), draft))
    sys.exit(main())
