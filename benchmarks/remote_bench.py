"""A reply from a remote server through Hearth, against a plain SSE client reading the same server (issue 20).

    .venv/bin/python benchmarks/remote_bench.py [--runs 5] [--tokens 128] [--json FILE]

A real llama-server built from the pinned sources (tests/pinned_llama.py) serves SmolLM2 on 127.0.0.1 with an API
key, on one thread (the other core is the client's, as if the server were another machine). Each run asks it twice for the same 128 tokens (temperature 0, end-of-text ignored), in alternating order: once
with a plain client (httpx2 and its SSE reader, nothing else) and once through Hearth (the scheduler and
RemoteEngine, as the panes and ``assistant run --server`` use them), each timed by the caller from the request to
the first and to the last piece of text. Goals: tokens/s through Hearth at least 0.98 of the plain client's, and
the first token no more than 10 ms later.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from common import emit, smollm2_path, summary  # noqa: E402
from test_remote import KEY, LlamaServer  # noqa: E402

import httpx2  # noqa: E402

from assistant.core.engines.remote.remote_engine import RemoteEngine  # noqa: E402
from assistant.core.engines.scheduler import Scheduler, Text  # noqa: E402
from assistant.core.engines.types import GenerationParams  # noqa: E402

PROMPT = [{"role": "user", "content": "Write a story about a lighthouse keeper and the sea."}]


_PLAIN = httpx2.Client(headers={"Authorization": f"Bearer {KEY}"}, timeout=120)  # kept open, as Hearth keeps its own


def plain(url: str, tokens: int) -> dict:
    body = {"model": "smollm2", "messages": PROMPT, "stream": True, "max_tokens": tokens, "temperature": 0,
            "seed": 1, "ignore_eos": True, "stream_options": {"include_usage": True}}
    started, cpu = time.perf_counter(), time.process_time()
    first = last = None
    generated = 0
    with _PLAIN.stream("POST", f"{url}/v1/chat/completions", json=body) as response:
        for event in httpx2.EventSource(response):
            if event.data == "[DONE]":
                break
            chunk = json.loads(event.data)
            if chunk.get("usage"):
                generated = chunk["usage"]["completion_tokens"]
            for choice in chunk.get("choices") or []:
                if (choice.get("delta") or {}).get("content"):
                    last = time.perf_counter()
                    first = first or last
    return {"ttft": first - started, "tps": (generated - 1) / (last - first), "tokens": generated,
            "cpu_ms_per_token": (time.process_time() - cpu) * 1000 / generated}


def through_hearth(scheduler: Scheduler, tokens: int) -> dict:
    params = GenerationParams(temperature=0.0, max_tokens=tokens, seed=1, ignore_eos=True)
    started, cpu = time.perf_counter(), time.process_time()
    first = last = None
    final = None
    for event in scheduler.generate(PROMPT, params).events():
        if isinstance(event, Text) and event.text:
            last = time.perf_counter()
            first = first or last
        final = event
    generated = final.result.generated_tokens
    return {"ttft": first - started, "tps": (generated - 1) / (last - first), "tokens": generated,
            "cpu_ms_per_token": (time.process_time() - cpu) * 1000 / generated}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--tokens", type=int, default=128)
    parser.add_argument("--json")
    args = parser.parse_args()
    # One thread for the server: in use it runs on another machine, and here the client needs the other core.
    server = LlamaServer(smollm2_path(), "-a", "smollm2", threads=1)
    scheduler = Scheduler(RemoteEngine(server.url, KEY))
    try:
        scheduler.load("smollm2").wait(30)
        plain(server.url, 8)  # warm both paths once
        through_hearth(scheduler, 8)
        pairs = []
        for run in range(args.runs):
            if run % 2 == 0:
                a, b = plain(server.url, args.tokens), through_hearth(scheduler, args.tokens)
            else:
                b, a = through_hearth(scheduler, args.tokens), plain(server.url, args.tokens)
            pairs.append({"plain": a, "hearth": b})
    finally:
        scheduler.shutdown()
        server.stop()
    result = {
        "plain_tps": summary([p["plain"]["tps"] for p in pairs]),
        "hearth_tps": summary([p["hearth"]["tps"] for p in pairs]),
        "tps_ratio": summary([p["hearth"]["tps"] / p["plain"]["tps"] for p in pairs]),
        "plain_ttft_ms": summary([p["plain"]["ttft"] * 1000 for p in pairs]),
        "hearth_ttft_ms": summary([p["hearth"]["ttft"] * 1000 for p in pairs]),
        "ttft_overhead_ms": summary([(p["hearth"]["ttft"] - p["plain"]["ttft"]) * 1000 for p in pairs]),
        "tokens": pairs[0]["hearth"]["tokens"],
        # The client's own work per token (all its threads), which noise on a shared 2-core machine does not move:
        # what Hearth adds to a reply is the difference, against the server's time per token.
        "plain_cpu_ms_per_token": summary([p["plain"]["cpu_ms_per_token"] for p in pairs]),
        "hearth_cpu_ms_per_token": summary([p["hearth"]["cpu_ms_per_token"] for p in pairs]),
    }
    print(f"tokens/s: Hearth {result['hearth_tps']['median']:.1f}, plain {result['plain_tps']['median']:.1f}, "
          f"ratio {result['tps_ratio']['median']:.3f} (goal >= 0.98); first token +"
          f"{result['ttft_overhead_ms']['median']:.1f} ms (goal < 10); client CPU per token: Hearth "
          f"{result['hearth_cpu_ms_per_token']['median']:.3f} ms, plain {result['plain_cpu_ms_per_token']['median']:.3f} ms",
          file=sys.stderr)
    emit(result, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
