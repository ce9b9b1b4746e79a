"""How smooth is the Chat pane while a long reply streams into a long conversation?

    .venv/bin/python benchmarks/stream_smoothness.py [--tokens 4000] [--messages 200] [--rate 0]

Opens the real main window (offscreen) on a throwaway database holding a conversation of --messages messages,
then streams a --tokens-token reply into it through the same signals the engine worker uses, at --rate tokens
per second (0: as fast as possible). The engine is replaced by a thread that emits the text, because this
measures the GUI's side: batching, appending, scrolling and saving. A 5 ms probe timer records how late the
GUI event loop runs; the lateness percentiles are what a user feels as stutter.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="hearth-bench-")

from PySide6.QtCore import QElapsedTimer, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from assistant.core.database import connect  # noqa: E402
from assistant.core.engine import GenerationResult, LoadedModel  # noqa: E402
from assistant.core.gguf_file import GgufInfo  # noqa: E402
from assistant.core.history import History  # noqa: E402
from assistant.core.model_library import ModelLibrary  # noqa: E402
from assistant.core.paths import database_path  # noqa: E402
from assistant.core.settings import Settings  # noqa: E402
from assistant.ui.main_window import MainWindow  # noqa: E402

WORDS = ("The lighthouse keeper climbed the stairs **again**, counting each step; `code` and *emphasis* "
         "appear now and then.\n").split(" ")


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tokens", type=int, default=4000)
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--rate", type=float, default=0, help="tokens per second; 0 = as fast as possible")
    args = parser.parse_args()

    app = QApplication([])
    conn = connect(database_path())
    history = History(conn)
    conversation = history.create_conversation("Benchmark")
    parent = None
    for i in range(args.messages):
        role = "user" if i % 2 == 0 else "assistant"
        text = f"Message {i}. " + " ".join(WORDS * 6)
        parent = history.add_message(conversation, parent, role, text)
    if args.messages % 2 == 0:
        parent = history.add_message(conversation, parent, "user", "One more question.")
    window = MainWindow(history, Settings(conn), ModelLibrary(conn))
    window.resize(1100, 760)
    window.show()
    chat = window.chat
    info = GgufInfo(path=Path("benchmark.gguf"), file_size=0, version=3)
    chat.set_model(LoadedModel(info, 8192, 2, 0, 0.0))

    chat.new_conversation()  # the pane opened the newest conversation at start; time a cold open
    started = time.perf_counter()
    chat.open_conversation(conversation)
    app.processEvents()
    open_seconds = time.perf_counter() - started

    def fake_generate(messages, params):
        request_id = 1

        def produce():
            interval = 1 / args.rate if args.rate else 0
            for i in range(args.tokens):
                window.client.chunk.emit(request_id, WORDS[i % len(WORDS)] + " ")
                if interval:
                    time.sleep(interval)
            window.client.finished.emit(request_id, GenerationResult(text="", generated_tokens=args.tokens))

        threading.Thread(target=produce, daemon=True).start()
        return request_id

    window.client.generate = fake_generate
    lateness: list[float] = []
    clock = QElapsedTimer()
    probe = QTimer()
    probe.setInterval(5)
    last = [0]

    def tick():
        now = clock.elapsed()
        lateness.append(max(0, now - last[0] - 5))
        last[0] = now

    probe.timeout.connect(tick)
    done = {}
    window.client.finished.connect(lambda *_: done.setdefault("at", time.perf_counter()))

    chat._start_reply()  # a reply to the conversation's last (user) message
    stream_started = time.perf_counter()
    clock.start()
    probe.start()
    while "at" not in done:
        app.processEvents()
    probe.stop()
    stream_seconds = done["at"] - stream_started
    app.processEvents()
    result = {
        "messages": args.messages,
        "tokens": args.tokens,
        "rate": args.rate or "max",
        "open_conversation_s": round(open_seconds, 3),
        "stream_s": round(stream_seconds, 3),
        "tokens_per_s_rendered": round(args.tokens / stream_seconds, 1),
        "lateness_ms_p50": percentile(lateness, 50),
        "lateness_ms_p99": percentile(lateness, 99),
        "lateness_ms_max": max(lateness),
        "lateness_ms_mean": round(statistics.mean(lateness), 2),
        "probe_ticks": len(lateness),
    }
    print(json.dumps(result, indent=2))
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
