"""The command line's arguments: every command and option of ``assistant``, in one parser.

The parser only reads arguments; ``assistant/__main__.py`` hands each command to its module here in ``cli/``, and
the window (a later start handing its arguments to the running app) reads ``--model`` with the same parser. Values
are checked here, before anything loads: a script that passes ``--max-tokens -5`` learns it at once (exit 2), not
after a model has loaded. Options are never guessed from a prefix (``--temp`` is not ``--temperature``); a mistyped
one is answered by the command it was given to, with the option it was probably meant to be.
"""

from __future__ import annotations

import argparse
import difflib

from assistant import APP_NAME, __version__, command_name
from assistant.cli.exits import epilog

# The Hub's sort orders, as huggingface_hub names them (assistant.core.hub.hub_client.sort_label says what they mean).
SORTS = ("downloads", "likes", "trending_score", "last_modified")
MAX_TEMPERATURE = 2.0  # as OpenAI's API bounds it; llama.cpp samples nonsense well before


class Parser(argparse.ArgumentParser):
    """No prefix matching; examples and exit statuses kept as written in the epilog; an unknown option answered
    with the nearest known one."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("allow_abbrev", False)
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)

    def unknown(self, extras: list[str]) -> None:
        """Exit 2 naming what this parser does not take, with a suggestion for a mistyped option."""
        options = [name for action in self._actions for name in action.option_strings]
        first = next((extra.split("=", 1)[0] for extra in extras if extra.startswith("-")), "")
        # A prefix (--temp) names the option it begins; else the nearest spelling (--modle).
        close = [o for o in options if first and o.startswith(first)] or (
            difflib.get_close_matches(first, options, n=1, cutoff=0.6) if first else [])
        hint = f" (did you mean {close[0]}?)" if close else ""
        self.error(f"unrecognized arguments: {' '.join(extras)}{hint}")


class TopParser(Parser):
    """Unknown arguments are reported by the (sub)command they were given to, with its usage, not by the top."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.commands: dict[tuple[str, ...], Parser] = {}

    def parse_args(self, args=None, namespace=None):
        found, extras = self.parse_known_args(args, namespace)
        if extras:
            path = tuple(p for p in (getattr(found, "command", None), getattr(found, "action", None)) if p)
            while path and path not in self.commands:
                path = path[:-1]
            (self.commands[path] if path else self).unknown(extras)
        return found


def positive_int(text: str) -> int:
    value = _number(int, text, "a whole number")
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {text}")
    return value


def port_number(text: str) -> int:
    value = _number(int, text, "a whole number")
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"a port is 1 to 65535, not {text}")
    return value


def temperature(text: str) -> float:
    value = _number(float, text, "a number")
    if not 0 <= value <= MAX_TEMPERATURE:
        raise argparse.ArgumentTypeError(f"must be 0 to {MAX_TEMPERATURE:g}, not {text}")
    return value


def seed(text: str) -> int:
    value = _number(int, text, "a whole number")
    if not 0 <= value < 2 ** 32:
        raise argparse.ArgumentTypeError(f"must be 0 to {2 ** 32 - 1}, not {text}")
    return value


def web_origin(text: str) -> str:
    """A web page's origin as browsers send it: scheme, host and port, no path. "*" (every page on the web) is
    refused: a page anyone can make would then drive the model with the user's token in reach."""
    from urllib.parse import urlsplit

    if text.strip() == "*":
        raise argparse.ArgumentTypeError("'*' would let every web page call the API; name the origins allowed")
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/") or parts.query:
        raise argparse.ArgumentTypeError(f"{text!r} is not an origin: it looks like https://example.org or "
                                         "http://localhost:3000")
    return f"{parts.scheme}://{parts.netloc}"


def _number(kind, text: str, what: str):
    try:
        return kind(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not {what}") from None


def build_parser() -> TopParser:
    name = command_name()
    parser = TopParser(prog=name, description=f"{APP_NAME}: a private, offline AI assistant. Without a command, "
                                              "it opens the window. The command line speaks English.",
                       epilog=epilog("assistant", f"{name}\n{name} -m ~/models/qwen2.5-7b-instruct-q4_k_m.gguf\n"
                                                  f"{name} --self-test -m model.gguf"))
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("-m", "--model", metavar="PATH", help="start with this GGUF model loaded (a command after "
                                                              "it uses it too)")
    parser.add_argument("--self-test", action="store_true",
                        help="with --model: load the model, write a short reply offline, print timings and the "
                             "backend, and exit (0 when everything works); for bug reports")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    def command(name_: str, help_: str, examples: str, group: str | None = None, **kwargs) -> Parser:
        full = " ".join(filter(None, (group_name.get(id(group)), name_)))
        sub = (group or commands).add_parser(name_, help=help_, description=help_[:1].upper() + help_[1:] + ".",
                                             epilog=epilog(full, examples), **kwargs)
        parser.commands[tuple(full.split())] = sub
        return sub

    group_name: dict[int, str] = {}
    _add_run_parser(command, name)
    _add_translate_parser(command, name)
    _add_proofread_parser(command, name)
    _add_serve_parser(command, name)
    _add_docs_parsers(command, name, group_name)
    _add_models_parser(command, name, group_name)
    _add_hardware_parser(command, name)
    return parser


def _model_option(sub: Parser, server: bool = True) -> None:
    # SUPPRESS: not given here, the top-level --model (assistant -m M run ...) stands.
    sub.add_argument("-m", "--model", metavar="PATH|ID" if server else "PATH", default=argparse.SUPPRESS,
                     help="the GGUF model file" + ("; with --server, the server's model id (optional when it "
                                                   "offers one)" if server else ""))
    if server:
        sub.add_argument("--server", metavar="URL", help="an OpenAI-compatible server (llama-server, vLLM, Ollama, "
                                                         "...) to ask instead; its key comes from the keyring or "
                                                         "HEARTH_SERVER_KEY")


def _reply_options(sub: Parser, default_temperature: str = "the model's setting") -> None:
    sub.add_argument("--system", help="a system prompt")
    sub.add_argument("--max-tokens", type=positive_int, metavar="N",
                     help="the longest reply, in tokens (default: the model's setting)")
    sub.add_argument("--temperature", type=temperature, metavar="T",
                     help=f"0 to {MAX_TEMPERATURE:g}; 0 for the most likely reply, the same every time "
                          f"(default: {default_temperature})")
    sub.add_argument("--seed", type=seed, help="a number that gives the same reply again")
    sub.add_argument("--stats", action="store_true", help="print the timings on standard error at the end")


def _add_run_parser(command, name: str) -> None:
    run = command("run", "write one reply to a prompt and exit (for scripts)",
                  f'{name} run -m model.gguf "Name three rivers in China."\n'
                  f'echo "Summarise this" | {name} run -m model.gguf -\n'
                  f'{name} run --server http://127.0.0.1:8080 --temperature 0 "Hello"')
    run.add_argument("prompt", help="the message; - reads it from standard input")
    _model_option(run)
    run.add_argument("--image", action="append", metavar="PATH",
                     help="a picture (PNG, JPEG, WebP, GIF, BMP, TIFF) sent with the prompt (its text, read by OCR, "
                          "to a model that cannot see); repeat for more")
    _reply_options(run)


def _add_translate_parser(command, name: str) -> None:
    translate = command(
        "translate", "translate a whole file in its own format (.docx .pptx .md .html .epub .srt .vtt .ass .txt; "
                     ".pdf into .docx, .md or .html); stopped, the same command goes on where it was",
        f"{name} translate report.docx --to zh-Hans -m model.gguf\n"
        f"{name} translate film.srt --to en --bilingual -o film.en.srt -m model.gguf")
    translate.add_argument("file", metavar="FILE")
    translate.add_argument("--to", required=True, metavar="LANG", help="the language to translate into: en, "
                                                                      "zh-Hans, zh-Hant, ja, fr, de, es, ...")
    translate.add_argument("--from", dest="source", metavar="LANG", help="the file's language (default: detected)")
    translate.add_argument("--bilingual", action="store_true",
                           help="each paragraph followed by its translation (dual-language cues for subtitles)")
    translate.add_argument("--glossary", metavar="CSV", help="terms to translate one way (source,target,note rows; "
                                                             "a target equal to the source keeps the term)")
    translate.add_argument("--formality", choices=("default", "formal", "informal"), default="default")
    _model_option(translate)
    translate.add_argument("-o", "--output", metavar="OUT", help="where to write the translation (default: beside "
                                                                 "the file, named FILE.LANG.EXT)")
    translate.add_argument("--format", dest="kind", metavar="EXT", help="for a PDF: docx (default), md or html")
    translate.add_argument("--fresh", action="store_true", help="translate everything again, ignoring what an "
                                                               "earlier run of this file finished")


def _add_proofread_parser(command, name: str) -> None:
    proofread = command(
        "proofread", "proofread a .docx, .md or .txt file into a Word document of tracked changes with their "
                     "explanations as comments",
        f"{name} proofread letter.docx -m model.gguf\n"
        f"{name} proofread essay.md --feedback --level beginner -o essay-review.docx -m model.gguf")
    proofread.add_argument("file", metavar="FILE")
    proofread.add_argument("--feedback", action="store_true", help="each correction with its category, explanation "
                                                                   "and example; the summary printed on stdout")
    proofread.add_argument("--level", choices=("beginner", "intermediate", "advanced"), default="intermediate",
                           help="with --feedback: how much is flagged and how it is explained")
    proofread.add_argument("--no-profile", action="store_true", help="leave out the profile in use (the app's "
                                                                     "Settings › Profile), whose spelling, script "
                                                                     "and words to keep apply otherwise")
    _model_option(proofread)
    proofread.add_argument("-o", "--output", metavar="OUT.docx", help="where to write the review (default: beside "
                                                                      "the file, named FILE (proofread).docx)")


def _add_serve_parser(command, name: str) -> None:
    from assistant.core.api import DEFAULT_PORT

    serve = command("serve", "answer other programs through an OpenAI-compatible API, without the window (for a "
                             "home server)",
                    f"{name} serve -m model.gguf\n{name} serve -m model.gguf --host 0.0.0.0 --port 8090")
    _model_option(serve, server=False)
    serve.add_argument("--port", type=port_number, default=DEFAULT_PORT, help=f"the port (default {DEFAULT_PORT})")
    serve.add_argument("--host", default="127.0.0.1",
                       help="the address to listen on (default 127.0.0.1: this computer only); another one "
                            "lets other computers ask the model")
    serve.add_argument("--allow-origin", action="append", metavar="ORIGIN", type=web_origin,
                       help="a web page origin allowed to call the API from a browser, e.g. "
                            "https://example.org (repeat for more; none by default)")
    serve.add_argument("--max-requests", type=positive_int, default=8, metavar="N",
                       help="requests that may wait for the model at once; more are told to retry (default 8)")
    serve.add_argument("--new-token", action="store_true", help="replace the API token with a new one, shown once")


def _add_docs_parsers(command, name: str, group_name: dict) -> None:
    docs = command("docs", "the documents questions can be asked of (files and folders)",
                   f"{name} docs add ~/Documents/reports\n{name} docs list --json\n{name} docs remove "
                   f"~/Documents/reports")
    actions = docs.add_subparsers(dest="action", required=True, metavar="ACTION", parser_class=Parser)
    group_name[id(actions)] = "docs"
    add = command("add", "add files or folders (.txt .md .html .docx .pdf .epub) and index them",
                  f"{name} docs add notes.md ~/Documents/reports", actions)
    add.add_argument("paths", nargs="+", metavar="PATH", help="a file or a folder (read with all it holds)")
    listed = command("list", "the sources, with what was indexed and what was skipped", f"{name} docs list --json",
                     actions)
    listed.add_argument("--json", action="store_true", help="as JSON, for scripts")
    embedder = command("embedder", "show or choose the GGUF embedding model (bge-m3, Qwen3-Embedding, ...) with "
                                   "which questions also find passages by meaning",
                       f"{name} docs embedder\n{name} docs embedder ~/models/bge-m3-q8_0.gguf\n"
                       f"{name} docs embedder --none", actions)
    which = embedder.add_mutually_exclusive_group()
    which.add_argument("model", nargs="?", metavar="PATH", help="the embedding model (without it: the one in use)")
    which.add_argument("--none", action="store_true", help="words only")
    remove = command("remove", "remove sources and their passages (the files are not touched)",
                     f"{name} docs remove ~/Documents/reports", actions, aliases=["rm"])
    remove.set_defaults(action="remove")
    remove.add_argument("paths", nargs="+", metavar="PATH", help="a source, as 'docs list' shows it")
    ask = command("ask", "answer a question from your documents, then list its sources",
                  f'{name} ask "How long is the Yangtze?" -m model.gguf\n'
                  f'{name} ask --json "长江有多长？" -m model.gguf\necho "What changed in 2024?" | {name} ask -')
    ask.add_argument("question", help="the question; - reads it from standard input")
    ask.add_argument("--docs", action="store_true", help="from the documents (the only kind of source so far)")
    _model_option(ask)
    _reply_options(ask, "0.2, close to the passages")
    ask.add_argument("--json", action="store_true", help="the answer and its sources as JSON, for scripts")


def _add_models_parser(command, name: str, group_name: dict) -> None:
    models = command("models", "list, search, download and remove models",
                     f"{name} models list\n{name} models search qwen --source modelscope\n"
                     f"{name} models pull Qwen/Qwen2.5-1.5B-Instruct-GGUF --quant Q4_K_M")
    actions = models.add_subparsers(dest="action", required=True, metavar="ACTION", parser_class=Parser)
    group_name[id(actions)] = "models"
    listed = command("list", "installed models", f"{name} models list --json", actions)
    listed.add_argument("--json", action="store_true", help="as JSON, for scripts (sizes in bytes)")
    search = command("search", "search the Hugging Face Hub (or ModelScope) for GGUF repositories",
                     f"{name} models search qwen 7b\n{name} models search --sort likes --limit 5", actions)
    search.add_argument("text", nargs="*", default=[], help="words to search for")
    search.add_argument("--sort", choices=SORTS, default="downloads", help="the order (default: downloads)")
    search.add_argument("--limit", type=positive_int, default=20, metavar="N",
                        help="at most this many repositories (default 20)")
    search.add_argument("--json", action="store_true", help="as JSON, for scripts")
    pull = command("pull", "download a model from the Hugging Face Hub (or ModelScope), with the projector that "
                           "lets it read images when the repository has one (resumes where it stopped)",
                   f"{name} models pull Qwen/Qwen2.5-1.5B-Instruct-GGUF --quant Q4_K_M\n"
                   f"{name} models pull unsloth/Qwen3.5-4B-GGUF --source modelscope", actions)
    pull.add_argument("repo", help="owner/name, for example Qwen/Qwen2.5-1.5B-Instruct-GGUF")
    for action in (search, pull):
        action.add_argument("--source", choices=("hub", "modelscope"),
                            help="where to look: the Hugging Face Hub or ModelScope (魔搭); default: the app's "
                                 "choice. The Hub's address comes from HF_ENDPOINT (or the app's settings), "
                                 "ModelScope's from the app's settings, else MODELSCOPE_DOMAIN (as for the "
                                 "modelscope SDK); tokens from HF_TOKEN and MODELSCOPE_API_TOKEN, else the keyring")
    which = pull.add_mutually_exclusive_group()
    which.add_argument("--file", help="the GGUF file to download (for a split model, its first part)")
    which.add_argument("--quant", help="the quantization to download, for example Q4_K_M")
    remove = command("remove", "delete an installed model (not one a running Hearth has loaded)",
                     f"{name} models remove qwen2.5-1.5b-instruct-q4_k_m.gguf", actions, aliases=["rm"])
    remove.set_defaults(action="remove")
    remove.add_argument("name", help=f"as '{name} models list' shows it: file name or owner/repo/file")


def _add_hardware_parser(command, name: str) -> None:
    hardware = command("hardware", "what this computer has, and how a model would be loaded",
                       f"{name} hardware\n{name} hardware --plan model.gguf --context 8192 --json")
    hardware.add_argument("-m", "--model", "--plan", dest="plan", metavar="FILE.gguf",
                          help="also print the load plan for this model (a file, or an installed model's name)")
    hardware.add_argument("--context", type=positive_int, metavar="N",
                          help="with --plan: plan for this context length instead of Auto")
    hardware.add_argument("--json", action="store_true", help="as JSON, for scripts (sizes in bytes)")


def check_combinations(parser: TopParser, args: argparse.Namespace) -> None:
    """What argparse cannot say by itself; exits 2 like argparse."""
    command = getattr(args, "command", None)
    if command in ("docs", "models") and getattr(args, "model", None) and args.action != "embedder":
        parser.commands[(command,)].error(f"-m/--model names the model for run, ask, translate, proofread, serve or "
                                          f"hardware; '{command} {args.action}' takes none")
    if command == "hardware" and not args.plan and getattr(args, "model", None):
        args.plan = args.model  # assistant -m M hardware: the plan for M
    if command == "hardware" and args.context is not None and not args.plan:
        parser.commands[("hardware",)].error("--context plans a model's load: give the model with --plan FILE.gguf")
