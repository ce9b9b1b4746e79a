"""A reply through Hearth's API, read by the official openai client, against the same reply in the app (issue 20).

    .venv/bin/python benchmarks/api_bench.py [--runs 6] [--tokens 128] [--json FILE]

SmolLM2 in the engine host, one scheduler, as in the app. Each run asks for the same 128 tokens (temperature 0,
end-of-text ignored) twice, in alternating order: once as a pane does (``scheduler.generate``, the events read on the
caller's thread) and once through the API (Starlette and uvicorn on 127.0.0.1, the openai package streaming it),
each timed by its caller from the request to the first and to the last piece of text. Goal: tokens/s through the
API at least 0.95 of the app's.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import emit, smollm2_path, summary  # noqa: E402

import openai  # noqa: E402

from assistant.core.api.endpoints import ApiLimits, ChatApi, ServedModel, build_app  # noqa: E402
from assistant.core.api.http_server import ApiServer  # noqa: E402
from assistant.core.engines.hosted import HostedEngine  # noqa: E402
from assistant.core.engines.scheduler import Scheduler, Text  # noqa: E402
from assistant.core.engines.types import GenerationParams, LoadOptions  # noqa: E402

PROMPT = [{"role": "user", "content": "Write a story about a lighthouse keeper and the sea."}]
TOKEN = "hearth-benchmark-token"


def in_app(scheduler: Scheduler, tokens: int) -> dict:
    params = GenerationParams(temperature=0.0, max_tokens=tokens, seed=1, ignore_eos=True)
    started = time.perf_counter()
    first = last = final = None
    for event in scheduler.generate(PROMPT, params, conversation=True).events():
        if isinstance(event, Text) and event.text:
            last = time.perf_counter()
            first = first or last
        final = event
    generated = final.result.generated_tokens
    return {"ttft": first - started, "tps": (generated - 1) / (last - first), "tokens": generated,
            "wall": last - started}


def through_api(client: openai.OpenAI, tokens: int) -> dict:
    started = time.perf_counter()
    first = last = None
    generated = 0
    stream = client.chat.completions.create(model="smollm2", messages=PROMPT, max_tokens=tokens, temperature=0,
                                            seed=1, stream=True, stream_options={"include_usage": True})
    for chunk in stream:
        if chunk.usage:
            generated = chunk.usage.completion_tokens
        if chunk.choices and chunk.choices[0].delta.content:
            last = time.perf_counter()
            first = first or last
    return {"ttft": first - started, "tps": (generated - 1) / (last - first), "tokens": generated,
            "wall": last - started}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=6)
    parser.add_argument("--tokens", type=int, default=128)
    parser.add_argument("--json")
    args = parser.parse_args()
    scheduler = Scheduler(HostedEngine())
    loaded = scheduler.load(str(smollm2_path()), options=LoadOptions(context_length=2048)).wait(120)
    served = ServedModel("smollm2", loaded.model.context_length,
                         GenerationParams(temperature=0.0, seed=1, ignore_eos=True))
    server = ApiServer(build_app(ChatApi(scheduler, lambda: served, ApiLimits()), TOKEN), "127.0.0.1", 0)
    server.start()
    client = openai.OpenAI(base_url=server.url, api_key=TOKEN, max_retries=0)
    try:
        in_app(scheduler, 8)  # warm both paths once
        through_api(client, 8)
        pairs = []
        for run in range(args.runs):
            if run % 2 == 0:
                a, b = in_app(scheduler, args.tokens), through_api(client, args.tokens)
            else:
                b, a = through_api(client, args.tokens), in_app(scheduler, args.tokens)
            pairs.append({"app": a, "api": b})
    finally:
        server.stop()
        scheduler.shutdown()
    result = {
        "app_tps": summary([p["app"]["tps"] for p in pairs]),
        "api_tps": summary([p["api"]["tps"] for p in pairs]),
        "tps_ratio": summary([p["api"]["tps"] / p["app"]["tps"] for p in pairs]),
        "wall_ratio": summary([p["app"]["wall"] / p["api"]["wall"] for p in pairs]),
        "app_ttft_ms": summary([p["app"]["ttft"] * 1000 for p in pairs]),
        "api_ttft_ms": summary([p["api"]["ttft"] * 1000 for p in pairs]),
        "tokens": pairs[0]["api"]["tokens"],
    }
    print(f"tokens/s: API {result['api_tps']['median']:.1f}, app {result['app_tps']['median']:.1f}, ratio "
          f"{result['tps_ratio']['median']:.3f} (goal >= 0.95); whole reply app/API {result['wall_ratio']['median']:.3f}; "
          f"first token: API {result['api_ttft_ms']['median']:.1f} ms, app {result['app_ttft_ms']['median']:.1f} ms",
          file=sys.stderr)
    emit(result, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
