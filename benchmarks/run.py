"""Every speed measure of issue 6, each beside its reference measured in the same run.

    .venv/bin/python benchmarks/run.py [--runs 9] [--only app,engine,startup,downloads] [--model PATH]
                                       [--threads 2] [--gpu-layers -1] [--json benchmarks/results/latest.json]

Each section runs in a process of its own (so that one's threads and memory cannot slow another), writes JSON,
and this script prints one table of figures, references, ratios and goals, and writes all of it to ``--json``.
The first run builds llama-bench from llama-cpp-python's own llama.cpp sources (a few minutes, then cached).
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT  # noqa: E402
from llama_bench import ensure_llama_bench, llama_cpp_version  # noqa: E402

SECTIONS = ("app", "engine", "service", "startup", "downloads")
SCRIPTS = {"app": "app_bench.py", "engine": "engine_bench.py", "service": "service_bench.py",
           "startup": "startup_bench.py", "downloads": "download_bench.py"}


def run_section(name: str, extra: list[str]) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        target = out.name
    print(f"== {name}", file=sys.stderr)
    started = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / SCRIPTS[name]), "--json", target, *extra],
                   cwd=ROOT, check=True)
    result = json.loads(Path(target).read_text())
    Path(target).unlink()
    result["section_seconds"] = round(time.perf_counter() - started, 1)
    return result


def rows(results: dict) -> list[tuple[str, str, str, str, str, bool | None]]:
    """(measure, app, reference, ratio, goal, met) for the table."""
    out = []

    def med(d):
        return d["median"]

    app = results.get("app")
    if app:
        t = app["throughput"]

        def paired(key):  # the median of the per-run ratios, each app figure against the reference beside it
            r = t[key]
            return f"{r['median']:.2f} ({r['min']:.2f}-{r['max']:.2f})", r["median"]

        tg_text, tg_ratio = paired("tg_ratio")
        pp_text, pp_ratio = paired("pp_ratio")
        out.append(("Generation, tokens/s (tg128)", f"{med(t['app_tg']):.1f}",
                    f"llama-bench {med(t['bench_tg128']):.1f}; stream {med(t['high_stream_tg']):.1f}; "
                    f"generate {med(t['high_generate_tg']):.1f}", tg_text, ">= 0.95", tg_ratio >= 0.95))
        out.append(("Prompt, tokens/s (pp512)", f"{med(t['app_pp']):.1f}",
                    f"llama-bench {med(t['bench_pp512']):.1f}; high-level {med(t['high_pp512']):.1f}",
                    pp_text, ">= 0.90", pp_ratio >= 0.90))
        m = app["multi_turn"]
        out.append(("Time to first token, turn 10 / turn 1", f"{med(m['turn10']) * 1000:.0f} ms",
                    f"turn 1 {med(m['turn1']) * 1000:.0f} ms; re-reading turn 10's history "
                    f"{med(m['turn10_full_evaluation_s']) * 1000:.0f} ms", f"{m['ratio']:.2f}", "<= 1.2",
                    m["ratio"] <= 1.2))
        for label, key in (("real model", "real_model"), ("simulated 1,000 t/s", "simulated_1000_tps")):
            s = app["smoothness"][key]
            ok = med(s["p99_ms"]) < 16 and med(s["max_ms"]) < 50
            out.append((f"GUI lateness, 2,000 tokens into 200 messages ({label})",
                        f"p99 {med(s['p99_ms']):.1f} ms, max {med(s['max_ms']):.1f} ms", "", "",
                        "p99 < 16, max < 50", ok))
    engine = results.get("engine")
    if engine:
        w, wo = engine["switching"]["with_snapshots"], engine["switching"]["without_snapshots"]
        out.append(("Back to a conversation (~1,500 tokens), first token", f"{med(w['back_to_a_ttft_s']) * 1000:.0f} ms",
                    f"without snapshots {med(wo['back_to_a_ttft_s']) * 1000:.0f} ms",
                    f"{med(w['back_to_a_ttft_s']) / med(wo['back_to_a_ttft_s']):.2f}", "", None))
        big = engine["snapshots"][-1]
        out.append((f"Snapshot of {big['tokens']:,} tokens: save / restore",
                    f"{med(big['save_s']) * 1000:.1f} / {med(big['restore_s']) * 1000:.1f} ms",
                    f"evaluating them {med(big['evaluate_s']):.2f} s; {big['snapshot_mb']} MB", "", "", None))
    service = results.get("service")
    if service:
        r = service["repacking"]
        out.append((f"Weight repacking on / off ({service['repack_model']}): prompt, generation",
                    f"{med(r['on_pp']):.0f} / {med(r['on_tg']):.1f} t/s",
                    f"off {med(r['off_pp']):.0f} / {med(r['off_tg']):.1f} t/s",
                    f"{med(r['pp_ratio_on_over_off']):.2f} / {med(r['tg_ratio_on_over_off']):.2f}", "", None))
        c = service["crash"]
        out.append(("Engine killed mid-reply -> next reply's first token",
                    f"{med(c['sigkill_mid_reply_to_next_first_text_s']):.2f} s", "", "", "< 3 s",
                    med(c["sigkill_mid_reply_to_next_first_text_s"]) < 3))
        out.append(("First reply through a segfault at the first prompt (the AMX case)",
                    f"{med(c['segfault_at_first_prompt_first_text_s']):.2f} s",
                    f"no crash {med(c['first_text_without_a_crash_s']):.2f} s", "", "< 3 s",
                    med(c["segfault_at_first_prompt_first_text_s"]) < 3))
    startup = results.get("startup")
    if startup:
        out.append(("Start-up to an interactive window", f"{med(startup['interactive_s']):.2f} s", "", "", "< 0.8 s",
                    med(startup["interactive_s"]) < 0.8))
        if startup.get("lived_in"):  # issue 30: a lived-in history starts as fast as one conversation of its kind
            cases = startup["cases"]
            big = cases[startup["lived_in"]]
            per = big["messages"] // big["conversations"]
            one = cases[f"1x{per}"]
            out.append((f"Start-up with {big['conversations']:,} conversations ({big['messages']:,} messages, "
                        f"{big['database_mb']:.0f} MB)", f"{med(big['interactive_s']):.2f} s",
                        f"one conversation of {per} messages {med(one['interactive_s']):.2f} s",
                        f"{big['over_one_like_it']:.2f}", "<= 1.1", big["over_one_like_it"] <= 1.1))
        # Without a model there is no engine host (it starts with the first load), so this is the GUI and host together.
        out.append(("Idle memory without a model (GUI; no engine host yet)", f"{med(startup['rss_idle_mb']):.0f} MB",
                    "", "", "< 150 MB", med(startup["rss_idle_mb"]) < 150))
        if service:
            host = service["memory"]["host_rss_idle_mb"]
            out.append(("Idle memory with the test model: GUI + engine host", f"{med(startup['rss_idle_mb']) + host:.0f} MB",
                        f"host {host:.0f} MB, of which the mapped model file {service['model_mb']:.0f} MB", "", "",
                        None))
    downloads = results.get("downloads")
    if downloads:
        out.append(("Download on loopback, MB/s (hashing on)", f"{med(downloads['app_mb_s']):.0f}",
                    f"curl {med(downloads['curl_mb_s']):.0f}",
                    f"{downloads['ratio']:.2f} ({downloads['paired_ratio']['min']:.2f}-"
                    f"{downloads['paired_ratio']['max']:.2f})", ">= 0.90",
                    downloads["ratio"] >= 0.90))
        r = downloads["resume"]
        out.append(("Resume after kill -9: bytes fetched", f"{r['fetched_on_resume']:,}",
                    f"missing {r['missing_bytes']:,}", "", "only the missing", r["only_missing_fetched"]))
    return out


def print_table(table) -> None:
    headers = ("Measure", "App", "Reference (same run)", "Ratio", "Goal", "Met")
    cells = [headers] + [(a, b, c, d, e, "" if f is None else ("yes" if f else "NO")) for a, b, c, d, e, f in table]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    for n, row in enumerate(cells):
        print(" | ".join(cell.ljust(width) for cell, width in zip(row, widths)))
        if n == 0:
            print("-+-".join("-" * width for width in widths))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--only", default=",".join(SECTIONS))
    parser.add_argument("--model", type=Path)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--gpu-layers", type=int, default=0, help="-1: every layer on the GPU (a GPU build)")
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results" / "latest.json")
    args = parser.parse_args()
    chosen = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(chosen) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections: {', '.join(sorted(unknown))}")
    if "app" in chosen:
        ensure_llama_bench()
    model = ["--model", str(args.model)] if args.model else []
    extra = {"app": [*model, "--threads", str(args.threads), "--runs", str(args.runs), "--gpu-layers",
                     str(args.gpu_layers)],
             "engine": [*model, "--threads", str(args.threads)],
             "service": [*model, "--threads", str(args.threads), "--runs", str(min(args.runs, 5))],
             "startup": ["--runs", str(max(args.runs, 5))],
             "downloads": ["--runs", str(args.runs)]}
    results = {"date": time.strftime("%Y-%m-%d %H:%M"), "machine": platform.platform(),
               "cpu": platform.processor() or platform.machine(), "python": platform.python_version(),
               "llama_cpp_python": llama_cpp_version()}
    args.json.parent.mkdir(parents=True, exist_ok=True)
    for name in chosen:
        results[name] = run_section(name, extra[name])
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")  # kept if a later one fails
    table = rows(results)
    results["table"] = [dict(zip(("measure", "app", "reference", "ratio", "goal", "met"), row)) for row in table]
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print_table(table)
    print(f"\nAll figures: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
