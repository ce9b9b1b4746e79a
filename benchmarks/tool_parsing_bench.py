"""What reading tool calls out of a streamed reply costs (issue 33): the same greedy reply with and without tools.

    .venv/bin/python benchmarks/tool_parsing_bench.py [--rounds 6] [--tokens 200] [--threads 2] [--json FILE]

Tools in a request change the prompt (the template describes them), and so the reply; to time the parsing and
nothing else, both requests have the same prompt. SmolLM2's template has no tools of its own, so the engine
describes them in the system message (tool_calls.template_messages); the request "without tools" carries that
same description as its own system message and offers no tools, the one "with tools" offers them. The prompt and
the greedy reply (a fixed number of tokens, end of text banned, no call written) are then token for token the
same, and the only difference is the tool-call splitter the answer streams through. The two alternate, in a
rotated order, from an empty context each time (the same prompt evaluation), for several rounds; each pair's
decode tokens/s ratio is one sample.

A second figure times the splitter alone, in pure Python, on the reply's own pieces: the microseconds it adds
per token for each format family the reply could be read with, beside the decode's milliseconds per token.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import emit, smollm2_path, summary  # noqa: E402

from assistant.core.engines.llama.engine import Engine  # noqa: E402
from assistant.core.engines.tool_calls import GENERIC, template_messages  # noqa: E402
from assistant.core.engines.types import GenerationParams, LoadOptions  # noqa: E402

TOOLS = [
    {"type": "function", "function": {
        "name": "get_weather", "description": "The weather forecast for a city",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}, "days": {"type": "integer"}},
                       "required": ["city"]}}},
    {"type": "function", "function": {
        "name": "search_documents", "description": "Search the user's documents",
        "parameters": {"type": "object", "properties": {"query": {"type": "string"}}, "required": ["query"]}}},
]
QUESTION = [{"role": "system", "content": "You are a helpful assistant."},
            {"role": "user", "content": "Write a long story about a lighthouse keeper and a storm."}]
WAYS = ("without tools", "with tools")


def requests(tokens: int) -> dict[str, tuple[list[dict], GenerationParams]]:
    described = template_messages(QUESTION, GENERIC, TOOLS)  # what the engine renders for the "with" request
    plain = GenerationParams(temperature=0.0, max_tokens=tokens, ignore_eos=True)
    return {"without tools": (described, plain),
            "with tools": (QUESTION, GenerationParams(**{**plain.__dict__, "tools": TOOLS}))}


def run_way(engine: Engine, messages: list[dict], params: GenerationParams) -> dict:
    engine._kv.clear()
    engine._kv.snapshots.clear()
    pieces: list[str] = []
    result = engine.generate(messages, params, on_text=pieces.append)
    return {"tokens_per_s": result.tokens_per_second, "ids": result.token_ids, "calls": len(result.tool_calls),
            "text": result.text, "pieces": pieces}


def splitter_cost(engine: Engine, token_ids: list[int], repeats: int = 20) -> dict:
    """Microseconds per token the splitter of each format adds, fed the reply one token's text at a time."""
    from assistant.core.engines import tool_calls

    texts = [engine._piece(token).decode("utf-8", "replace") for token in token_ids]
    formats = {"generic (SmolLM2)": GENERIC}
    for name in ("Qwen-Qwen2.5-7B-Instruct", "Qwen3-Coder", "mistralai-Mistral-Nemo-Instruct-2407",
                 "meta-llama-Llama-3.1-8B-Instruct", "openai-gpt-oss-120b"):
        formats[name] = tool_calls.analyse(template_of(name))
    costs = {}
    for name, fmt in formats.items():
        samples = []
        for _ in range(repeats):
            splitter = fmt.splitter(TOOLS)
            started = time.perf_counter()
            for text in texts:
                splitter.feed(text)
            splitter.finish()
            samples.append((time.perf_counter() - started) / len(texts) * 1e6)
        costs[name] = {"family": fmt.family, "us_per_token": summary(samples)}
    return costs


def template_of(name: str):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from pinned_llama import llama_cpp_source

    from assistant.core.engines.chat_template import vet_template

    source = (llama_cpp_source() / "models" / "templates" / f"{name}.jinja").read_text(encoding="utf-8")
    return vet_template(source)[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--tokens", type=int, default=200)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--json")
    args = parser.parse_args()
    engine = Engine()
    engine.load(smollm2_path(), LoadOptions(context_length=2048, n_threads=args.threads))
    try:
        ways = requests(args.tokens)
        samples: dict[str, list[dict]] = {way: [] for way in WAYS}
        for way in WAYS:  # once each, not counted: the first reply after a load pays for warming up
            run_way(engine, *ways[way])
        for round_ in range(args.rounds):
            for way in (WAYS if round_ % 2 == 0 else WAYS[::-1]):
                samples[way].append(run_way(engine, *ways[way]))
                print(f"round {round_ + 1} {way}: {samples[way][-1]['tokens_per_s']:.1f} tokens/s", file=sys.stderr)
        reference = samples["without tools"][0]
        costs = splitter_cost(engine, reference["ids"])
    finally:
        engine.unload()
    ratios = [w["tokens_per_s"] / wo["tokens_per_s"] for w, wo in zip(samples["with tools"], samples["without tools"])]
    result = {
        "model": "SmolLM2-135M-Instruct Q4_1", "threads": args.threads, "rounds": args.rounds, "tokens": args.tokens,
        "same_reply": all(s["ids"] == reference["ids"] for way in WAYS for s in samples[way]),
        "calls_written": max(s["calls"] for s in samples["with tools"]),
        "same_text": all(s["text"] == reference["text"] and "".join(s["pieces"]) == s["text"]
                         for way in WAYS for s in samples[way]),
        "tokens_per_s": {way: summary([s["tokens_per_s"] for s in samples[way]]) for way in WAYS},
        "with_over_without": summary(ratios),
        "decode_ms_per_token": 1000 / statistics.median(s["tokens_per_s"] for s in samples["without tools"]),
        "splitter_alone": costs,
    }
    emit(result, args.json)


if __name__ == "__main__":
    main()
