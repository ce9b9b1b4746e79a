"""Command line: ``assistant`` (or ``python -m assistant``) starts the app; ``assistant models ...`` manages models."""

from __future__ import annotations

import os
import sys

from assistant.cli.arguments import build_parser, check_combinations

ENGINE_HOST_FLAG = "--engine-host"  # hidden: this program started again as the engine host (core/engines/host.py)


def main(argv: list[str] | None = None) -> int:
    argv = _bare_model_path(sys.argv[1:] if argv is None else argv)
    if argv[:1] == [ENGINE_HOST_FLAG]:
        from assistant.core.engines.host import main as host_main

        return host_main()
    if argv and argv[0] not in ("--model", "-m"):
        _attach_console()
    parser = build_parser()
    args = parser.parse_args(argv)
    check_combinations(parser, args)
    args.argv = argv  # handed to an app already running, if there is one
    if args.self_test or args.command:
        return _command(args)
    # Qt is imported only here, so --version and --help answer instantly and without a display. Where Qt would
    # abort for want of a display or a system library, say so in one line instead.
    from assistant.ui.shell import display_check

    problem = display_check.check()
    if problem:
        from assistant.cli.exits import NO_DISPLAY

        print(problem, file=sys.stderr)
        return NO_DISPLAY
    from assistant.ui.shell.application import run

    return run(args)


def _command(args) -> int:
    """A command (not the window): Ctrl+C anywhere (a model loading too) ends it with one line and 130, and a
    reader that closed standard output (``| head``) ends it quietly with 141, as a shell reports each."""
    from assistant.cli.exits import INTERRUPTED, PIPE_CLOSED

    if sys.stdout is None and args.command != "serve":  # started with >&-: nowhere to write the result
        from assistant.cli.exits import USAGE

        print("error: standard output is closed: there is nowhere to write the result", file=sys.stderr)
        return USAGE
    try:
        return _dispatch(args)
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
        return INTERRUPTED
    except BrokenPipeError:
        _stdout_to_nowhere()
        return PIPE_CLOSED


def _dispatch(args) -> int:
    if args.self_test:
        from assistant.cli import self_test

        return self_test.run(args.model)
    if args.command == "run":
        from assistant.cli import run_command

        return run_command.run(args)
    if args.command == "translate":
        from assistant.cli import translate_command

        return translate_command.run(args)
    if args.command == "proofread":
        from assistant.cli import proofread_command

        return proofread_command.run(args)
    if args.command == "serve":
        from assistant.cli import serve_command

        return serve_command.run(args)
    if args.command in ("docs", "ask"):
        from assistant.cli import docs_command

        return docs_command.run(args)
    if args.command == "models":
        from assistant.cli import models_command

        return models_command.run(args)
    from assistant.cli import hardware_command

    return hardware_command.run(args)


def _stdout_to_nowhere() -> None:
    """Python flushes stdout once more on the way out; to a closed pipe that would raise again."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _attach_console() -> None:
    """The Windows app is built without a console, so that no black window opens behind it; a command typed in a
    terminal (--self-test, models, --version) still prints there."""
    if sys.platform != "win32" or not getattr(sys, "frozen", False) or sys.stdout is not None:
        return
    import ctypes

    if ctypes.windll.kernel32.AttachConsole(-1):  # -1: the console of the process that started us
        sys.stdout = sys.stderr = open("CONOUT$", "w", encoding="utf-8", errors="replace")  # noqa: SIM115


def _bare_model_path(argv: list[str]) -> list[str]:
    """A file manager opens a double-clicked model as ``assistant FILE.gguf`` (Windows and most Linux desktops pass
    the bare path); that means ``--model FILE.gguf``."""
    if len(argv) == 1 and argv[0].lower().endswith(".gguf") and not argv[0].startswith("-"):
        return ["--model", argv[0]]
    return argv


if __name__ == "__main__":
    sys.exit(main())
