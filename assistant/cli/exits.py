"""The command line's exit statuses. Each means one thing in every command, so a script can tell what went wrong
without reading the message; every command's --help ends with the ones it can return (``epilog``), and the README's
table is made from these lists (``reference_table``; tests/test_cli_reference.py keeps the two together)."""

from __future__ import annotations

OK = 0
FAILED = 1  # the work itself failed: a refusal or no answer from the Hub, ModelScope or a server; a stopped download
USAGE = 2  # argparse's own: the command line is wrong (an unknown option, a bad or missing value)
NOT_FOUND = 3  # a file, folder, model or document source named is not there
REFUSED = 4  # an input that is there but cannot be used: a damaged or unsupported file, not a model, a bad picture
LOAD_FAILED = 5
GENERATION_FAILED = 6
ENGINE_CRASHED = 7
CANNOT_LISTEN = 8
NOTHING_FOUND = 9  # the question or the name matches nothing: no passage, no installed model
CANNOT_SEE = 10
DOES_NOT_FIT = 11
NO_DISPLAY = 12
INTERRUPTED = 130  # Ctrl+C (SIGINT), as a shell reports it
PIPE_CLOSED = 141  # the reader of standard output went away (`| head`), as a shell reports SIGPIPE

MEANINGS = {
    OK: "done",
    FAILED: "the work could not be done: the Hub, ModelScope or a server refused or could not be reached, a "
            "download stopped, a model in use was not removed",
    USAGE: "the command line is wrong: an unknown option, or a value missing or out of range",
    NOT_FOUND: "a file, folder, model or source named is not there",
    REFUSED: "a file is there but cannot be used (damaged, unsupported, not a model of that kind)",
    LOAD_FAILED: "the model could not be loaded",
    GENERATION_FAILED: "the model failed while writing",
    ENGINE_CRASHED: "llama.cpp crashed (its report is in the log file named)",
    CANNOT_LISTEN: "the address or port cannot be listened on",
    NOTHING_FOUND: "nothing matches: no passage answers the question, no installed model has the name",
    CANNOT_SEE: "the model cannot read pictures, and this copy has no OCR",
    DOES_NOT_FIT: "the model does not fit this computer's memory",
    NO_DISPLAY: "the window cannot open: no display, or a Qt library missing",
    INTERRUPTED: "stopped with Ctrl+C",
    PIPE_CLOSED: "standard output was closed by its reader (| head)",
}

_WITH_MODEL = (LOAD_FAILED, GENERATION_FAILED, ENGINE_CRASHED)
_BY_ALL = (OK, USAGE)
_STOPPED = (INTERRUPTED,)
# What each command (and each of docs' and models' actions) can return.
COMMAND_EXITS = {
    "assistant": (OK, USAGE, NOT_FOUND, REFUSED, *_WITH_MODEL, NO_DISPLAY),
    "run": (*_BY_ALL, FAILED, NOT_FOUND, REFUSED, *_WITH_MODEL, CANNOT_SEE, *_STOPPED, PIPE_CLOSED),
    "translate": (*_BY_ALL, FAILED, NOT_FOUND, REFUSED, *_WITH_MODEL, *_STOPPED),
    "proofread": (*_BY_ALL, FAILED, NOT_FOUND, REFUSED, *_WITH_MODEL, *_STOPPED),
    "serve": (*_BY_ALL, NOT_FOUND, REFUSED, LOAD_FAILED, ENGINE_CRASHED, CANNOT_LISTEN, *_STOPPED),
    "docs add": (*_BY_ALL, NOT_FOUND, REFUSED, LOAD_FAILED, ENGINE_CRASHED, *_STOPPED),
    "docs list": (*_BY_ALL, PIPE_CLOSED),
    "docs embedder": (*_BY_ALL, NOT_FOUND, REFUSED, LOAD_FAILED, ENGINE_CRASHED, *_STOPPED),
    "docs remove": (*_BY_ALL, NOT_FOUND),
    "ask": (*_BY_ALL, FAILED, NOT_FOUND, REFUSED, NOTHING_FOUND, *_WITH_MODEL, *_STOPPED, PIPE_CLOSED),
    "models list": (*_BY_ALL, PIPE_CLOSED),
    "models search": (*_BY_ALL, FAILED, NOTHING_FOUND, *_STOPPED, PIPE_CLOSED),
    "models pull": (*_BY_ALL, FAILED, NOT_FOUND, NOTHING_FOUND, *_STOPPED),
    "models remove": (*_BY_ALL, FAILED, NOT_FOUND),
    "hardware": (*_BY_ALL, NOT_FOUND, REFUSED, DOES_NOT_FIT, PIPE_CLOSED),
}


def exits_of(command: str) -> tuple[int, ...]:
    """What ``command`` ("run", "docs add"; "docs" alone: any of its actions') can return, in order."""
    found = COMMAND_EXITS.get(command) or tuple(
        code for name, codes in COMMAND_EXITS.items() if name.startswith(command + " ") for code in codes)
    return tuple(sorted(set(found)))


def epilog(command: str, examples: str) -> str:
    """The end of ``command``'s --help: examples, then the exit statuses it can return."""
    lines = ["examples:", *(f"  {line}" for line in examples.strip().splitlines()), "", "exit status:"]
    lines += [f"  {code:>3}  {MEANINGS[code]}" for code in exits_of(command)]
    return "\n".join(lines)
