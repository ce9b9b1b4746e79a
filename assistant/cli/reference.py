"""The README's table of commands, options and exit statuses, made from the parser itself (cli/arguments.py) and the
statuses (cli/exits.py), so the two cannot drift: tests/test_cli_reference.py fails when the README's copy differs,
and ``python -m assistant.cli.reference --write`` brings it up to date."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from assistant.cli.arguments import build_parser
from assistant.cli.exits import MEANINGS, exits_of

START, END = "<!-- cli-reference:start -->", "<!-- cli-reference:end -->"
README = Path(__file__).resolve().parents[2] / "README.md"


def reference() -> str:
    parser = build_parser()
    lines = ["| command | options | exit statuses |", "|---|---|---|"]
    for path, command in [((), parser), *parser.commands.items()]:
        if any(isinstance(action, argparse._SubParsersAction) for action in command._actions) and path:
            continue  # `docs` and `models` are their actions, listed each
        name = " ".join(("assistant", *path))
        options = [_option(action) for action in command._actions
                   if not isinstance(action, (argparse._HelpAction, argparse._VersionAction,
                                              argparse._SubParsersAction))]
        codes = ", ".join(str(code) for code in exits_of(" ".join(path) or "assistant"))
        lines.append(f"| `{name}` | {'<br>'.join(options) or '–'} | {codes} |")
    lines += ["", "| exit status | meaning |", "|---|---|"]
    lines += [f"| {code} | {meaning} |" for code, meaning in sorted(MEANINGS.items())]
    return "\n".join(lines)


def _option(action: argparse.Action) -> str:
    if action.option_strings:
        names = "/".join(action.option_strings)
        value = "" if action.nargs == 0 else f" {action.metavar or action.dest.upper()}"
    else:
        names, value = action.metavar or action.dest, ""
    choices = f" ({'/'.join(action.choices)})" if action.choices and not isinstance(action.choices, dict) else ""
    return f"`{names}{value}`{choices}".replace("|", "\\|")


def readme_block(text: str) -> str:
    start, end = text.index(START) + len(START), text.index(END)
    return text[start:end].strip()


def write(readme: Path = README) -> None:
    text = readme.read_text(encoding="utf-8")
    start, end = text.index(START) + len(START), text.index(END)
    readme.write_text(text[:start] + "\n" + reference() + "\n" + text[end:], encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        write()
    else:
        print(reference())
