"""The app's real path against llama.cpp's own figures, measured in one process and interleaved run by run.

    .venv/bin/python benchmarks/app_bench.py [--model PATH] [--threads 2] [--runs 9] [--gpu-layers N]
                                             [--flash-attention auto|on|off] [--json FILE]

Each run measures two pairs, each app figure right beside its reference, in an order that alternates from run to
run: this machine's speed drifts by ±15% over tens of seconds, and a pair measured a few seconds apart sees the
same drift on both sides. The goals are judged on the median of the per-run ratios.
  * the app: the real main window (offscreen), its engine thread and signals, and the chat view rendering the
    stream: a 128-token reply, and a ~512-token prompt;
  * beside each, ``llama-bench`` tg128 or pp512 alone (one repetition, in a child process), with the same GPU layers
    and flash attention as the app (by default the app's own choice: off on the CPU, on with GPU layers);
  * then llama-cpp-python's high-level path on the same model: ``create_chat_completion(stream=True)`` and
    ``Llama.generate``, 128 tokens, and a 512-token prompt.
Then, through the same window: time to first token over a 10-turn conversation, and the GUI event loop's
lateness while a 2,000-token reply streams into a 200-message conversation (with the real model, and at a
simulated 1,000 tokens/s for a fast GPU).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="hearth-bench-")

from common import emit, percentile, smollm2_path, summary  # noqa: E402
from llama_bench import run_llama_bench  # noqa: E402

from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from assistant.core.storage.database import connect  # noqa: E402
from assistant.core.engines.llama.engine import GenerationResult  # noqa: E402
from assistant.core.storage.history import History  # noqa: E402
from assistant.core.storage.paths import database_path  # noqa: E402
from assistant.core.storage.settings import ModelSettings, Settings  # noqa: E402
from assistant.core.engines.host import CHUNK_INTERVAL  # noqa: E402
from assistant.core.engines.scheduler import Finished, RequestHandle, Text  # noqa: E402
from assistant.ui.common.engine_client import Reply  # noqa: E402
from assistant.ui.shell.main_window import MainWindow  # noqa: E402
from assistant.ui.shell.services import Services

STORY = "Write a long story about a lighthouse keeper and the ships she watches."
FILLER = "The harbour lights came on one by one while the tide turned. "
CONTEXT = 4096


class Window:
    """The real main window with the model loaded, driven the way a user drives it."""

    def __init__(self, model: Path, threads: int, flash_attention: bool, gpu_layers: int):
        self.model = model
        self.threads = threads
        self.flash_attention = flash_attention
        self.gpu_layers = gpu_layers
        conn = connect(database_path())
        self.settings = Settings(conn)
        self.history = History(conn)
        self.window = MainWindow(Services.create(conn))
        self.window.resize(1100, 760)
        self.window.show()
        self.ignore_eos = False
        real_generate = self.window.client.generate

        def generate(messages, params, **options):  # the one change to the app's path: a fixed reply length
            return real_generate(messages, replace(params, ignore_eos=self.ignore_eos), **options)

        self.window.client.generate = generate
        self.configure(max_tokens=128)
        self.wait_for(self.window.client.model_loaded, lambda: self.window.load_model(str(model)), 120,
                      fails=(self.window.client.model_load_failed,))

    def configure(self, max_tokens: int) -> None:
        self.settings.set_model_settings(str(self.model), ModelSettings(
            temperature=0.0, max_tokens=max_tokens, context_length=CONTEXT, threads=self.threads, batch_size=512,
            flash_attention="on" if self.flash_attention else "off", gpu_layers=self.gpu_layers))

    @staticmethod
    def wait_for(signal, start, timeout: float, fails=()):
        """Run ``start`` and wait for ``signal``; one of ``fails`` (the app's failure signals) ends the wait at once
        with the app's own message, instead of the timeout's."""
        loop = QEventLoop()
        got, failed = [], []

        def done(*args):
            got.append(args)
            loop.quit()

        def fail(*args):
            failed.append(args)
            loop.quit()

        signal.connect(done)
        for failure in fails:
            failure.connect(fail)
        QTimer.singleShot(int(timeout * 1000), loop.quit)
        start()
        if not got and not failed:
            loop.exec()
        signal.disconnect(done)
        for failure in fails:
            failure.disconnect(fail)
        if failed:
            raise RuntimeError(f"the app failed: {failed[0]}")
        if not got:
            raise TimeoutError(f"no {signal} within {timeout} s")
        return got[0]

    def send(self, text: str, timeout: float = 600) -> dict:
        """Type ``text`` into the chat, send it, wait for the reply; the timings seen by the GUI thread."""
        chat, client = self.window.chat, self.window.client
        marks: dict[str, float] = {}

        def on_chunk(_rid, _text):
            marks.setdefault("first", time.perf_counter())

        client.replies.chunk.connect(on_chunk)
        chat.input.setPlainText(text)

        def start():
            marks["sent"] = time.perf_counter()
            chat.send()

        replies = client.replies
        _rid, result = self.wait_for(replies.finished, start, timeout, fails=(replies.failed, replies.stopped))
        marks["end"] = time.perf_counter()
        replies.chunk.disconnect(on_chunk)
        result: GenerationResult
        n = result.generated_tokens
        return {
            "ttft_s": marks["first"] - marks["sent"],
            "tg_tps": (n - 1) / (marks["end"] - marks["first"]) if n > 1 else None,
            "engine_tg_tps": result.tokens_per_second,
            "engine_ttft_s": result.time_to_first_token,
            "pp_tps": result.prompt_evaluated / result.prompt_seconds if result.prompt_seconds else None,
            "prompt_evaluated": result.prompt_evaluated,
            "generated": n,
        }


class HighLevel:
    """llama-cpp-python used the usual way, on its own copy of the model with the same settings."""

    def __init__(self, model: Path, threads: int, flash_attention: bool, gpu_layers: int):
        import llama_cpp

        self.llama = llama_cpp.Llama(str(model), n_ctx=CONTEXT, n_batch=512, n_ubatch=512, n_threads=threads,
                                     n_threads_batch=threads, flash_attn=flash_attention, n_gpu_layers=gpu_layers,
                                     verbose=False)

    def stream_chat(self, tokens: int) -> float:
        """create_chat_completion(stream=True): tokens/s between the first and the last streamed piece."""
        self.llama.reset()
        stamps = []
        for chunk in self.llama.create_chat_completion([{"role": "user", "content": STORY}], stream=True,
                                                       max_tokens=tokens, temperature=0.0):
            if chunk["choices"][0]["delta"].get("content"):
                stamps.append(time.perf_counter())
        return (len(stamps) - 1) / (stamps[-1] - stamps[0])

    def generate(self, tokens: int) -> float:
        """Llama.generate, the library's token loop: tokens/s over ``tokens`` tokens (end-of-text ignored)."""
        self.llama.reset()
        prompt = self.llama.tokenize(f"<|im_start|>user\n{STORY}<|im_end|>\n<|im_start|>assistant\n".encode(),
                                     special=True)
        stamps = []
        for _token in self.llama.generate(prompt, temp=0.0, repeat_penalty=1.1):
            stamps.append(time.perf_counter())
            if len(stamps) >= tokens:
                break
        return (len(stamps) - 1) / (stamps[-1] - stamps[0])

    def prompt(self, n_tokens: int) -> float:
        """Evaluating an ``n_tokens`` prompt from an empty context, as create_completion does: tokens/s."""
        tokens = self.llama.tokenize((FILLER * (n_tokens // 8 + 8)).encode())[:n_tokens]
        self.llama.reset()
        started = time.perf_counter()
        self.llama.create_completion(tokens, max_tokens=1, temperature=0.0)
        return n_tokens / (time.perf_counter() - started)

    def evaluate(self, text: str) -> tuple[float, int]:
        """Seconds to evaluate ``text`` from an empty context (what a turn would cost without KV reuse), tokens."""
        tokens = self.llama.tokenize(text.encode(), special=True)
        self.llama.reset()
        started = time.perf_counter()
        self.llama.eval(tokens)
        return time.perf_counter() - started, len(tokens)


def _serve_high_level(connection, model: str, threads: int, flash_attention: bool, gpu_layers: int) -> None:
    high = HighLevel(Path(model), threads, flash_attention, gpu_layers)
    while (request := connection.recv()) is not None:
        method, argument = request
        connection.send(getattr(high, method)(argument))
    high.llama.close()


class HighLevelProcess:
    """The reference in a process of its own. llama.cpp's CPU backend runs on OpenMP, and when two threads of one
    process both run llama.cpp, libgomp sees more threads than cores and throttles its barriers: both then run at
    about half speed (measured here: 92 -> 50 tokens/s). In the app only the engine thread runs llama.cpp."""

    def __init__(self, model: Path, threads: int, flash_attention: bool, gpu_layers: int):
        context = multiprocessing.get_context("spawn")
        self._connection, child_end = context.Pipe()
        self._process = context.Process(target=_serve_high_level, args=(child_end, str(model), threads,
                                                                        flash_attention, gpu_layers), daemon=True)
        self._process.start()

    def __getattr__(self, method):
        def call(argument):
            self._connection.send((method, argument))
            return self._connection.recv()
        return call

    def close(self) -> None:
        self._connection.send(None)
        self._process.join(timeout=30)


def pp_message(run: int, target: int = 512) -> str:
    """A user message whose prompt needs about ``target`` newly evaluated tokens; the run number comes first so that
    nothing but the template's shared start can be reused from the previous run."""
    return f"Run {run}. Summarise: " + FILLER * (target * 38 // 512)


def throughput(window: Window, high: HighLevel, model: Path, threads: int, runs: int) -> dict:
    samples = {key: [] for key in ("bench_pp512", "bench_tg128", "high_stream_tg", "high_generate_tg", "high_pp512",
                                   "app_tg", "app_engine_tg", "app_pp", "app_pp_tokens", "tg_ratio", "pp_ratio")}
    window.ignore_eos = True
    window.send(STORY)  # warm-up: caches, page-ins, the first template render
    high.generate(32)

    def bench(prompt: int, gen: int) -> float:
        result = run_llama_bench(model, threads=threads, repetitions=1, flash_attention=window.flash_attention,
                                 n_gpu_layers=99 if window.gpu_layers < 0 else window.gpu_layers,
                                 prompt=prompt, gen=gen)
        return result[f"pp{prompt}" if prompt else f"tg{gen}"]["mean"]

    def app_tg() -> float:
        window.window.chat.new_conversation()
        reply = window.send(STORY)
        samples["app_engine_tg"].append(reply["engine_tg_tps"])
        return reply["tg_tps"]

    def app_pp(run: int) -> float:
        window.window.chat.new_conversation()
        window.configure(max_tokens=1)
        prompt = window.send(pp_message(run))
        window.configure(max_tokens=128)
        samples["app_pp_tokens"].append(prompt["prompt_evaluated"])
        return prompt["pp_tps"]

    for run in range(runs):
        app_first = run % 2 == 1
        for name, reference, ours in (("tg", lambda: bench(0, 128), app_tg),
                                      ("pp", lambda: bench(512, 0), lambda: app_pp(run))):
            if app_first:
                app, ref = ours(), reference()
            else:
                ref, app = reference(), ours()
            samples[f"app_{name}"].append(app)
            samples["bench_tg128" if name == "tg" else "bench_pp512"].append(ref)
            samples[f"{name}_ratio"].append(app / ref)
        samples["high_stream_tg"].append(high.stream_chat(128))
        samples["high_generate_tg"].append(high.generate(128))
        samples["high_pp512"].append(high.prompt(512))
        print(f"run {run + 1}/{runs}: llama-bench tg {samples['bench_tg128'][-1]:.1f}, app tg "
              f"{samples['app_tg'][-1]:.1f} ({samples['tg_ratio'][-1]:.2f}); llama-bench pp "
              f"{samples['bench_pp512'][-1]:.1f}, app pp {samples['app_pp'][-1]:.1f} ({samples['pp_ratio'][-1]:.2f})",
              file=sys.stderr)
    window.ignore_eos = False
    return {key: summary(values) for key, values in samples.items()}


OPENINGS = ("Harbour", "Lantern", "Meadow", "Granite", "Willow", "Copper", "Thistle", "Falcon")


def multi_turn(window: Window, high: HighLevel, conversations: int) -> dict:
    """Time to first token for turns 1 to 10 of a conversation whose messages have the same length.

    Each conversation's messages open with a word of their own: with a shared opening ("Conversation 1, ..."),
    turn 1 found its first words already in the KV cache from the conversation before and evaluated fewer tokens
    than the same-length message of turn 10, which flattered turn 1."""
    window.configure(max_tokens=32)
    by_turn: list[list[float]] = [[] for _ in range(10)]
    evaluated: list[list[int]] = [[] for _ in range(10)]
    engine_side: list[list[float]] = [[] for _ in range(10)]
    for c in range(conversations):
        window.window.chat.new_conversation()
        for turn in range(10):
            reply = window.send(f"{OPENINGS[c % len(OPENINGS)]} {turn:02d}: tell me one short fact about the sea.")
            by_turn[turn].append(reply["ttft_s"])
            evaluated[turn].append(reply["prompt_evaluated"])
            engine_side[turn].append(reply["engine_ttft_s"])
    # What the tenth turn would cost if the history were evaluated again, as without KV reuse.
    chat = window.window.chat
    messages = chat.history.thread(chat.conversation_id)
    text = "".join(f"<|im_start|>{m.role}\n{m.content}<|im_end|>\n" for m in messages[:-1])
    full = [high.evaluate(text + "<|im_start|>assistant\n") for _ in range(3)]
    window.configure(max_tokens=128)
    first, tenth = summary(by_turn[0]), summary(by_turn[9])
    return {"ttft_by_turn_s": [summary(t)["median"] for t in by_turn],
            "evaluated_by_turn": [summary(e)["median"] for e in evaluated],
            "engine_ttft_by_turn_s": [summary(t)["median"] for t in engine_side],
            "turn1": first, "turn10": tenth, "ratio": tenth["median"] / first["median"],
            "turn10_history_tokens": full[0][1], "turn10_full_evaluation_s": summary([f[0] for f in full])}


class LatenessProbe:
    """A 5 ms timer on the GUI thread; how late each tick fires is the stutter a user would feel."""

    def __init__(self):
        self.values: list[float] = []
        self._clock = QElapsedTimer()
        self._timer = QTimer()
        self._timer.setTimerType(Qt.PreciseTimer)
        self._timer.setInterval(5)
        self._timer.timeout.connect(self._tick)
        self._last = 0

    def _tick(self):
        now = self._clock.nsecsElapsed() / 1e6
        self.values.append(max(0.0, now - self._last - 5))
        self._last = now

    def start(self):
        self.values.clear()
        self._clock.start()
        self._last = 0
        self._timer.start()

    def stop(self) -> dict:
        self._timer.stop()
        values = self.values[1:]
        return {"p50_ms": percentile(values, 50), "p99_ms": percentile(values, 99), "max_ms": max(values),
                "ticks": len(values)}


def long_conversation(window: Window, messages: int) -> int:
    words = "The lighthouse keeper climbed the stairs **again**, counting each step; `code` appears now and then."
    conversation = window.history.create_conversation("Benchmark: a long conversation")
    parent = None
    for i in range(messages - 1):
        parent = window.history.add_message(conversation, parent, "user" if i % 2 == 0 else "assistant",
                                            f"Message {i}. {words}")
    return conversation


def smoothness(window: Window, runs: int, tokens: int, messages: int) -> dict:
    """Event-loop lateness while a ``tokens`` reply streams into a ``messages``-message conversation."""
    chat = window.window.chat
    chat.open_conversation(long_conversation(window, messages))
    QApplication.processEvents()
    window.configure(max_tokens=tokens)
    window.ignore_eos = True
    probe = LatenessProbe()
    real = []

    def first_chunk(*_args):
        if not probe_started:
            probe_started.append(True)
            probe.start()

    window.window.client.replies.chunk.connect(first_chunk)
    for run in range(runs):
        probe_started: list[bool] = []
        if run == 0:
            chat.input.setPlainText("Write a very long story about the sea.")
            _rid, result = window.wait_for(window.window.client.replies.finished, chat.send, 900,
                                              fails=(window.window.client.replies.failed,))
        else:  # the same prompt again, so the conversation keeps its length
            _rid, result = window.wait_for(window.window.client.replies.finished, chat.regenerate_last, 900,
                                              fails=(window.window.client.replies.failed,))
        QApplication.processEvents()
        stats = probe.stop()
        stats["tokens_per_s"] = result.tokens_per_second
        real.append(stats)
    window.window.client.replies.chunk.disconnect(first_chunk)
    window.ignore_eos = False
    window.configure(max_tokens=128)
    simulated = [simulated_stream(window, tokens, rate=1000) for _ in range(runs)]
    return {"messages": messages, "tokens": tokens, "real_model": _merge(real), "simulated_1000_tps": _merge(simulated)}


def simulated_stream(window: Window, tokens: int, rate: float) -> dict:
    """The GUI's side alone at a fast GPU's pace: chunks as the engine host sends them (``CHUNK_INTERVAL``), from a
    thread, through the client's real delivery to the pane's Reply."""
    client = window.window.client
    chat = window.window.chat
    probe = LatenessProbe()
    request = {}

    def fake_generate(messages, params, **options):
        reply = Reply(client.scheduler)
        reply.handle = RequestHandle(10_000 + len(request), "generate",
                                     lambda event: client._deliver.emit(reply, event))  # the real way to the GUI
        request[reply.handle.id] = True

        def produce():
            per_chunk = max(1, int(rate * CHUNK_INTERVAL))
            sent = 0
            while sent < tokens:
                n = min(per_chunk, tokens - sent)
                reply.handle.emit(Text("word **bold** and `code` " * (n // 6 + 1)))
                sent += n
                time.sleep(n / rate)
            reply.handle.emit(Finished(GenerationResult(text="", generated_tokens=tokens)))

        threading.Thread(target=produce, daemon=True).start()
        client.reply_started.emit(reply)
        return reply

    saved = client.generate
    client.generate = fake_generate
    probe.start()
    window.wait_for(client.replies.finished, chat.regenerate_last, 300, fails=(client.replies.failed,))
    QApplication.processEvents()
    client.generate = saved
    return probe.stop()


def _merge(runs: list[dict]) -> dict:
    return {key: summary([r[key] for r in runs if r.get(key) is not None]) for key in runs[0]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--smooth-runs", type=int, default=3)
    parser.add_argument("--flash-attention", choices=("auto", "on", "off"), default="auto",
                        help="for the app, llama-bench and the high-level path alike (auto: the app's own choice, on "
                             "with GPU layers and off on the CPU)")
    parser.add_argument("--gpu-layers", type=int, default=0,
                        help="layers on the GPU, -1 for all, for all three alike (a GPU build of llama-cpp-python and "
                             "llama-bench: README, 'GPU builds')")
    parser.add_argument("--json", default="-")
    args = parser.parse_args()
    model = args.model or smollm2_path()
    app = QApplication([])
    flash_attention = args.flash_attention == "on" or (args.flash_attention == "auto" and args.gpu_layers != 0)
    window = Window(model, args.threads, flash_attention, args.gpu_layers)
    high = HighLevelProcess(model, args.threads, flash_attention, args.gpu_layers)
    result = {"model": model.name, "threads": args.threads, "runs": args.runs, "flash_attention": flash_attention,
              "gpu_layers": args.gpu_layers}
    result["throughput"] = throughput(window, high, model, args.threads, args.runs)
    result["multi_turn"] = multi_turn(window, high, conversations=5)
    high.close()
    if args.smooth_runs:
        result["smoothness"] = smoothness(window, args.smooth_runs, tokens=2000, messages=200)
    window.window.close()
    app.processEvents()
    emit(result, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())  # the spawned reference process imports this module without running main()
