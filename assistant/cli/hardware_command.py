"""``assistant hardware [--plan FILE.gguf]``: the hardware report and a model's load plan, for bug reports."""

from __future__ import annotations

import argparse
import sys

from assistant.core.library.gguf_file import BadModelFile, read_gguf
from assistant.core.engines.hardware import hardware_report
from assistant.core.engines.offload_plan import ModelShape, plan_for_machine


def run(args: argparse.Namespace) -> int:
    report = hardware_report()
    print("\n".join(report.lines()))
    if not args.plan:
        return 0
    try:
        info = read_gguf(args.plan)
        shape = ModelShape.from_header(info)
    except BadModelFile as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except ValueError as exc:
        print(f"error: {info.path.name} cannot be planned: {exc}", file=sys.stderr)
        return 1
    plan = plan_for_machine(shape, report, context=args.context)
    print(f"\nPlan for {info.name} ({info.quantization}, {info.path.name}):")
    print("\n".join(f"  {line}" for line in plan.lines()))
    return 0 if plan.fits else 1
