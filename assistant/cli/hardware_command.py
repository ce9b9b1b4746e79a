"""``assistant hardware [--plan FILE.gguf [--context N]] [--json]``: the hardware report and a model's load plan,
for bug reports and for scripts (``--json``: sizes in bytes). Exit statuses: cli/exits.py; a plan that does not fit
is DOES_NOT_FIT."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from assistant.cli.exits import DOES_NOT_FIT, NOT_FOUND, REFUSED, USAGE
from assistant.cli.run_command import model_path
from assistant.core.engines.hardware import hardware_report
from assistant.core.engines.offload_plan import ModelShape, plan_for_machine
from assistant.core.library.gguf_file import BadModelFile, read_gguf


def run(args: argparse.Namespace) -> int:
    report = hardware_report()
    if not args.plan:
        _show(args, "\n".join(report.lines()), {"hardware": _report_data(report)})
        return 0
    path = model_path(args.plan)
    if path is None:
        print(f"error: there is no model file at {args.plan}, and no installed model of that name", file=sys.stderr)
        return NOT_FOUND
    try:
        info = read_gguf(path)
        shape = ModelShape.from_header(info)
    except BadModelFile as exc:
        print(f"error: {exc}", file=sys.stderr)
        return REFUSED
    except ValueError as exc:
        print(f"error: {Path(path).name} cannot be planned: {exc}", file=sys.stderr)
        return REFUSED
    if args.context is not None and args.context > shape.trained_context:
        print(f"error: --context {args.context:,} is more than {info.name} was trained for "
              f"({shape.trained_context:,} tokens)", file=sys.stderr)
        return USAGE
    plan = plan_for_machine(shape, report, context=args.context)
    text = "\n".join([*report.lines(), "", f"Plan for {info.name} ({info.quantization}, {info.path.name}):",
                      *(f"  {line}" for line in plan.lines())])
    _show(args, text, {"hardware": _report_data(report), "plan": {
        "model": info.name, "file": str(info.path), "quantization": info.quantization,
        "trained_context": shape.trained_context, **asdict(plan), "notes": list(plan.notes)}})
    return 0 if plan.fits else DOES_NOT_FIT


def _show(args, text: str, data: dict) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2) if args.json else text)


def _report_data(report) -> dict:
    return {"backend": report.backend.name, "gpu_offload": report.backend.gpu_offload,
            "gpus": [asdict(gpu) for gpu in report.gpus], "memory": asdict(report.memory),
            "physical_cores": report.physical_cores, "logical_cores": report.logical_cores}
