"""What ``assistant models list | search | pull | remove`` do: the model library from a terminal, on the app's core
code. The options are in cli/arguments.py, so that ``assistant --help`` needs none of these imports; the exit
statuses in cli/exits.py (a pull stopped with Ctrl+C is paused, and resumes when run again). ``--json`` prints data
for scripts: sizes and counts as plain numbers."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

from assistant import command_name
from assistant.cli.exits import FAILED, INTERRUPTED, NOT_FOUND, NOTHING_FOUND, USAGE
from assistant.core.storage.database import DatabaseError, connect
from assistant.core.hub.downloads import (
    Control,
    DownloadFailed,
    Plan,
    SpeedMeter,
    Stopped,
    bytes_on_disk,
    download,
    download_plans,
)
from assistant.core.engines.hardware import system_memory
from assistant.core.hub.access import HubAccess
from assistant.core.hub.hub_client import HubClient, HubError, client_from_settings, env_offline
from assistant.core.hub.modelscope_client import ModelScopeClient, default_endpoint
from assistant.core.hub.files import HubModel
from assistant.core.hub.token import TokenStore
from assistant.core.engines.memory_fit import explain, need_from_size
from assistant.core.library import in_use
from assistant.core.library.models import (InstalledModel, delete_model, find_installed, installed_models,
                                           library_name)
from assistant.core.library.projector import find_projector
from assistant.core.storage.paths import database_path, models_dir
from assistant.core.storage.settings import Settings
from assistant.core.units import human_duration, human_size


def run(args: argparse.Namespace) -> int:
    try:
        return {"list": _list, "search": _search, "pull": _pull, "remove": _remove}[args.action](args)
    except DatabaseError as exc:
        return _fail(str(exc))


def _list(args) -> int:
    folder = models_dir()
    models = installed_models(folder)
    for model in models:  # warnings beside the table, never in it: a script reads the table
        for problem in (model.problem, model.projector_problem):
            if problem:
                print(f"warning: {_label(model)}: {problem}", file=sys.stderr)
    if args.json:
        _json([{"name": _label(model), "path": str(model.path),
                "architecture": model.architecture if model.info else None,
                "parameters": model.parameter_count or None,
                "quantization": model.quantization if model.info else None,
                "context_length": model.context_length, "size_bytes": model.size_bytes, "reads_images": model.sees,
                "problem": model.problem} for model in models])
    if not models:
        print(f"No models installed in {folder}. Try: {command_name()} models pull Qwen/Qwen2.5-1.5B-Instruct-GGUF",
              file=sys.stderr)
        return 0
    if not args.json:  # a file that is not a usable model is in the warnings above, not in the table
        _table([("NAME", "ARCHITECTURE", "PARAMETERS", "QUANT", "CONTEXT", "SIZE", "IMAGES")] + [
            (_label(model), model.architecture, _params(model.parameter_count), model.quantization,
             f"{model.context_length:,}" if model.context_length else "?", human_size(model.size_bytes),
             "reads" if model.sees else "") for model in models if model.info is not None])
    return 0


def _search(args) -> int:
    hub = _client(args.source)
    try:
        found = hub.search(" ".join(args.text), args.sort, args.limit)
    except HubError as exc:
        return _hub_failed(hub, exc)
    if args.json:
        _json([{"repository": r.repo_id, "downloads": r.downloads, "likes": r.likes, "gated": r.gated,
                "last_modified": r.last_modified.isoformat() if r.last_modified else None} for r in found])
    if not found:
        print("Nothing found. Try fewer or other words.", file=sys.stderr)
        return NOTHING_FOUND
    if not args.json:
        _table([("REPOSITORY", "DOWNLOADS", "LIKES", "")] +
               [(r.repo_id, f"{r.downloads:,}", f"{r.likes:,}", "gated" if r.gated else "") for r in found])
    return 0


def _pull(args) -> int:
    hub = _client(args.source)
    try:
        files = hub.repo_files(args.repo)
    except HubError as exc:
        return _hub_failed(hub, exc)
    model, code = _choose(files.models, args)
    if model is None:
        return code
    print(f"{model.repo_id}: {model.display_name}, {model.quantization}, {human_size(model.size)}"
          + ("" if model.verified else " (not verified: the source gives no checksum)"))
    print(explain(need_from_size(model.size, model.quantization), system_memory()))
    folder = models_dir()
    plans = download_plans(files, model, folder)
    path = None
    for plan in plans:
        if plan.is_projector:
            print(f"Image projector: {plan.name}, {human_size(plan.total)} (the model reads images with it).")
        fetched, status = _fetch(plan, folder, hub, model_installed=path is not None)
        if status:
            return status
        if plan.is_projector:
            print(f"Fetched the image projector and verified it (sha256): {fetched}")
        else:
            path = fetched
            print(f"Installed and verified (sha256): {path}" if model.verified else
                  f"Installed: {path}. Not verified: the source gives no checksum for it, so only its size was "
                  "checked.")
    choice = find_projector(path)
    if choice.sees:
        print(f"Reads images with {choice.path.name}.")
    elif choice.problem:
        print(f"Cannot read images: {choice.problem}")
    return 0


def _fetch(plan: Plan, folder, hub: HubClient, model_installed: bool):
    """Download one plan with a progress bar: (its path, 0), or (None, the exit status) after saying why."""
    already = bytes_on_disk(folder, plan)
    if 0 < already < plan.total:
        print(f"Resuming: {human_size(already)} of {human_size(plan.total)} already here.")
    bar = _ProgressBar()
    installed = " The model itself is installed." if model_installed else ""
    try:
        path = download(plan, folder, hub, Control(), bar.update)
    except KeyboardInterrupt:
        bar.end()
        print(f"Paused with {human_size(bytes_on_disk(folder, plan))} of {plan.name} kept.{installed} Run the same "
              "command again to resume.", file=sys.stderr)
        return None, INTERRUPTED
    except (DownloadFailed, Stopped) as exc:
        bar.end()
        again = " Run the same command again to fetch the image projector." if model_installed else ""
        return None, _fail(f"{exc}{installed}{again}")
    bar.end()
    return path, 0


def _remove(args) -> int:
    matches = find_installed(args.name, models_dir())
    if not matches:
        _fail(f"No installed model is called {args.name!r}. '{command_name()} models list' shows the names.")
        return NOT_FOUND
    if len(matches) > 1:
        _fail(f"{args.name!r} matches {len(matches)} models; use the full name: "
              + ", ".join(_label(m) for m in matches))
        return USAGE
    using = in_use.holders(matches[0].path)
    if using:
        return _fail(f"{_label(matches[0])} is loaded by a running Hearth (process {', '.join(map(str, using))}): "
                     "unload it there, or stop that process, then remove it.")
    delete_model(models_dir(), matches[0])
    print(f"Deleted {_label(matches[0])} ({human_size(matches[0].size_bytes)} freed).")
    return 0


# Helpers -----------------------------------------------------------------------------------------------------


def _client(source: str | None = None) -> HubClient | ModelScopeClient:
    """The source asked for (else the app's choice), with its address and offline mode from the app's settings;
    the token from HF_TOKEN or MODELSCOPE_API_TOKEN if set, else the keyring."""
    settings = Settings(connect(database_path()))
    access = HubAccess(settings)
    try:
        if (source or access.source) == "modelscope":
            token = os.environ.get("MODELSCOPE_API_TOKEN") or access.store("modelscope").get()
            return ModelScopeClient(access.modelscope_endpoint_setting or default_endpoint(), token,
                                    access.offline or env_offline())
        return client_from_settings(settings, os.environ.get("HF_TOKEN") or TokenStore().get())
    except HubError as exc:
        raise SystemExit(_fail(str(exc))) from None


def _hub_failed(hub, exc: HubError) -> int:
    """The Hub's (or ModelScope's) refusal said in one line; a repository that is not there is NOT_FOUND, a name
    that cannot be one is USAGE, and the rest (the network, a token, a server) FAILED."""
    _fail(str(exc) + _other_source(hub, exc) + _command_line_way(hub, exc))
    return {"not_found": NOT_FOUND, "bad_name": USAGE}.get(exc.kind, FAILED)


def _command_line_way(hub, exc: HubError) -> str:
    """The messages are the app's, which point at Settings; a terminal has its own way to the same."""
    if exc.kind == "offline":
        return " From the command line: unset HF_HUB_OFFLINE, or turn offline mode off in the app."
    if exc.kind == "network" and hub.source == "modelscope":
        return (" From the command line: MODELSCOPE_DOMAIN sets ModelScope's address; HF_HUB_OFFLINE=1 works with "
                "installed models only.")
    if exc.kind in ("token", "gated"):
        variable = "MODELSCOPE_API_TOKEN" if hub.source == "modelscope" else "HF_TOKEN"
        return f" From the command line: set {variable} to your token."
    return ""


def _json(value) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


def _other_source(hub, exc: HubError) -> str:
    """Where the Hub is out of reach (blocked in mainland China), the ways around it that need no app."""
    if exc.kind != "network" or hub.source != "hub":
        return ""
    if os.environ.get("HF_ENDPOINT"):  # the address in use is the environment's: say so, not "in Settings"
        return (f" HF_ENDPOINT is {os.environ['HF_ENDPOINT']}: check it, or add --source modelscope (ModelScope, "
                "魔搭).")
    return (" If the Hugging Face Hub is blocked where you are, add --source modelscope (ModelScope, 魔搭), or set "
            "HF_ENDPOINT=https://hf-mirror.com to use a mirror.")


def _choose(models: list[HubModel], args) -> tuple[HubModel | None, int]:
    """The model to pull, or None and the exit status: NOTHING_FOUND where the repository has no GGUF or none
    matches --file/--quant, USAGE where several do and none was named."""
    if not models:
        print(f"error: {args.repo} has no GGUF model files.", file=sys.stderr)
        return None, NOTHING_FOUND
    if args.file:
        chosen = [m for m in models if args.file in (m.name, m.display_name) or m.name.endswith("/" + args.file)]
    elif args.quant:
        chosen = [m for m in models if m.quantization == args.quant.upper()]
    elif len(models) == 1:
        chosen = models
    else:
        chosen = [m for m in models if m.quantization == "Q4_K_M"][:1]
    if len(chosen) == 1:
        return chosen[0], 0
    wanted = f"--file {args.file}" if args.file else f"--quant {args.quant}" if args.quant else "a choice"
    print(f"error: {args.repo}: {wanted} does not pick one model. Choose with --file or --quant:", file=sys.stderr)
    for model in models:
        print(f"  {model.quantization:8} {human_size(model.size):>9}  {model.name}", file=sys.stderr)
    return None, NOTHING_FOUND if chosen == [] and (args.file or args.quant) else USAGE


def _label(model: InstalledModel) -> str:
    return library_name(model, models_dir())


def _params(count: int) -> str:
    if count >= 1e9:
        return f"{count / 1e9:.1f}B"
    return f"{count / 1e6:.0f}M" if count else "?"


def _table(rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(row[i]) for row in rows if not row[0].startswith("  !")) for i in range(len(rows[0]))]
    for row in rows:
        if row[0].startswith("  !"):
            print(row[0])
        else:
            print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return FAILED


class _ProgressBar:
    """One line on stderr, redrawn at most ten times a second; plain lines when stderr is not a terminal."""

    def __init__(self):
        self.meter = SpeedMeter()
        self.last = 0.0
        self.tty = sys.stderr.isatty()
        self.drawn = False

    def update(self, done: int, total: int, state: str) -> None:
        self.meter.add(done)
        now = time.monotonic()
        if now - self.last < (0.1 if self.tty else 2.0) and state == "downloading":
            return
        self.last = now
        share = done / total if total else 1.0
        bar = "#" * int(share * 30)
        left = self.meter.seconds_left(done, total)
        text = (f"[{bar:<30}] {share:6.1%}  {human_size(done)} / {human_size(total)}  "
                f"{human_size(self.meter.speed())}/s  {human_duration(left) + ' left' if left else ''}")
        if state == "verifying":
            text = f"[{bar:<30}] checking sha256…"
        print(("\r" + text.ljust(90)) if self.tty else text, end="" if self.tty else "\n", file=sys.stderr,
              flush=True)
        self.drawn = True

    def end(self) -> None:
        if self.drawn and self.tty:
            print(file=sys.stderr)
