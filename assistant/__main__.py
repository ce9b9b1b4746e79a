"""Command line: ``assistant`` (or ``python -m assistant``) starts the app."""

from __future__ import annotations

import argparse
import sys

from assistant import APP_NAME, __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="assistant", description=f"{APP_NAME}: a private, offline AI assistant.")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--model", metavar="PATH", help="start with this GGUF model loaded")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # Qt is imported only here, so --version and --help answer instantly and without a display.
    from assistant.ui.app import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
