"""The command line's arguments: every command and option of ``assistant``, in one parser.

The parser only reads arguments; ``assistant/__main__.py`` hands each command to its module here in ``cli/``, and
the window (a later start handing its arguments to the running app) reads ``--model`` with the same parser.
"""

from __future__ import annotations

import argparse

from assistant import APP_NAME, __version__, command_name

# The Hub's sort orders, as huggingface_hub names them (assistant.core.hub.hub_client.sort_label says what they mean).
SORTS = ("downloads", "likes", "trending_score", "last_modified")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=command_name(), description=f"{APP_NAME}: a private, offline AI assistant.")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--model", metavar="PATH", help="start with this GGUF model loaded")
    parser.add_argument("--self-test", action="store_true",
                        help="with --model: load the model, write a short reply offline, print timings and the "
                             "backend, and exit (0 when everything works); for bug reports")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_run_parser(commands)
    _add_translate_parser(commands)
    _add_proofread_parser(commands)
    _add_serve_parser(commands)
    _add_docs_parsers(commands)
    _add_models_parser(commands)
    _add_hardware_parser(commands)
    return parser


def _add_run_parser(subparsers) -> None:
    run = subparsers.add_parser("run", help="write one reply to a prompt and exit (for scripts)")
    run.add_argument("prompt", help="the message; - reads it from standard input")
    run.add_argument("--model", metavar="PATH|ID", help="the GGUF model file; with --server, the server's model id "
                                                        "(optional when it offers one)")
    run.add_argument("--server", metavar="URL", help="an OpenAI-compatible server (llama-server, vLLM, Ollama, ...) "
                                                     "to ask instead; its key comes from the keyring or "
                                                     "HEARTH_SERVER_KEY")
    run.add_argument("--image", action="append", metavar="PATH",
                     help="a picture (PNG, JPEG, WebP, GIF, BMP, TIFF) sent with the prompt (its text, read by OCR, "
                          "to a model that cannot see); repeat for more")
    run.add_argument("--system", help="a system prompt")
    run.add_argument("--max-tokens", type=int, help="the longest reply, in tokens (default: the model's setting)")
    run.add_argument("--temperature", type=float, help="0 for the most likely reply, the same every time")
    run.add_argument("--seed", type=int, help="a number that gives the same reply again")
    run.add_argument("--stats", action="store_true", help="print the timings on standard error at the end")


def _add_translate_parser(subparsers) -> None:
    translate = subparsers.add_parser(
        "translate", help="translate a whole file in its own format (.docx .pptx .md .html .epub .srt .vtt .ass "
                          ".txt; .pdf into .docx, .md or .html); stopped, the same command goes on where it was")
    translate.add_argument("file", metavar="FILE")
    translate.add_argument("--to", required=True, metavar="LANG", help="the language to translate into: en, "
                                                                      "zh-Hans, zh-Hant, ja, fr, de, es, ...")
    translate.add_argument("--from", dest="source", metavar="LANG", help="the file's language (default: detected)")
    translate.add_argument("--bilingual", action="store_true",
                           help="each paragraph followed by its translation (dual-language cues for subtitles)")
    translate.add_argument("--glossary", metavar="CSV", help="terms to translate one way (source,target,note rows; "
                                                             "a target equal to the source keeps the term)")
    translate.add_argument("--formality", choices=("default", "formal", "informal"), default="default")
    translate.add_argument("--model", metavar="PATH|ID", help="the GGUF model file; with --server, the server's "
                                                              "model id (optional when it offers one)")
    translate.add_argument("--server", metavar="URL", help="an OpenAI-compatible server to translate with instead")
    translate.add_argument("-o", "--output", metavar="OUT", help="where to write the translation (default: beside "
                                                                 "the file, named FILE.LANG.EXT)")
    translate.add_argument("--format", dest="kind", metavar="EXT", help="for a PDF: docx (default), md or html")
    translate.add_argument("--fresh", action="store_true", help="translate everything again, ignoring what an "
                                                               "earlier run of this file finished")


def _add_proofread_parser(subparsers) -> None:
    proofread = subparsers.add_parser(
        "proofread", help="proofread a .docx, .md or .txt file into a Word document of tracked changes with their "
                          "explanations as comments")
    proofread.add_argument("file", metavar="FILE")
    proofread.add_argument("--feedback", action="store_true", help="each correction with its category, explanation "
                                                                   "and example; the summary printed on stdout")
    proofread.add_argument("--level", choices=("beginner", "intermediate", "advanced"), default="intermediate",
                           help="with --feedback: how much is flagged and how it is explained")
    proofread.add_argument("--no-profile", action="store_true", help="leave out the profile in use (Settings › "
                                                                     "Profile), whose spelling, script and words to "
                                                                     "keep apply otherwise, as in Drafting")
    proofread.add_argument("--model", metavar="PATH|ID", help="the GGUF model file; with --server, the server's "
                                                              "model id (optional when it offers one)")
    proofread.add_argument("--server", metavar="URL", help="an OpenAI-compatible server to proofread with instead")
    proofread.add_argument("-o", "--output", metavar="OUT.docx", help="where to write the review (default: beside "
                                                                      "the file, named FILE (proofread).docx)")


def _add_serve_parser(subparsers) -> None:
    from assistant.core.api import DEFAULT_PORT

    serve = subparsers.add_parser("serve", help="answer other programs through an OpenAI-compatible API, "
                                                "without the window (for a home server)")
    serve.add_argument("--model", metavar="PATH", required=True, help="the GGUF model file to serve")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"the port (default {DEFAULT_PORT})")
    serve.add_argument("--host", default="127.0.0.1",
                       help="the address to listen on (default 127.0.0.1: this computer only); another one "
                            "lets other computers ask the model")
    serve.add_argument("--allow-origin", action="append", metavar="ORIGIN",
                       help="a web page origin allowed to call the API from a browser, e.g. "
                            "https://example.org (repeat for more; none by default)")
    serve.add_argument("--max-requests", type=int, default=8,
                       help="requests that may wait for the model at once; more are told to retry (default 8)")
    serve.add_argument("--new-token", action="store_true", help="replace the API token with a new one, shown once")


def _add_docs_parsers(subparsers) -> None:
    docs = subparsers.add_parser("docs", help="the documents questions can be asked of (files and folders)")
    actions = docs.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="add files or folders (.txt .md .html .docx .pdf .epub) and index them")
    add.add_argument("paths", nargs="+", metavar="PATH")
    actions.add_parser("list", help="the sources, with what was indexed and what was skipped")
    embedder = actions.add_parser("embedder", help="choose a GGUF embedding model (bge-m3, Qwen3-Embedding, ...) "
                                                   "so that questions also find passages by meaning")
    which = embedder.add_mutually_exclusive_group(required=True)
    which.add_argument("model", nargs="?", metavar="PATH")
    which.add_argument("--none", action="store_true", help="words only")
    remove = actions.add_parser("remove", help="remove sources and their passages (the files are not touched)")
    remove.add_argument("paths", nargs="+", metavar="PATH")
    ask = subparsers.add_parser("ask", help="answer a question from your documents, then list its sources")
    ask.add_argument("question")
    ask.add_argument("--docs", action="store_true", help="from the documents (the only kind of source so far)")
    ask.add_argument("--model", metavar="PATH", help="the GGUF model (default: the one the app used last)")
    ask.add_argument("--max-tokens", type=int, help="the longest answer, in tokens")
    ask.add_argument("--temperature", type=float, default=0.2, help="default 0.2: close to the passages")


def _add_models_parser(subparsers) -> None:
    models = subparsers.add_parser("models", help="list, search, download and remove models")
    actions = models.add_subparsers(dest="action", required=True)
    actions.add_parser("list", help="installed models")
    search = actions.add_parser("search", help="search the Hugging Face Hub (or ModelScope) for GGUF repositories")
    search.add_argument("text", nargs="?", default="")
    search.add_argument("--sort", choices=SORTS, default="downloads")
    search.add_argument("--limit", type=int, default=20)
    pull = actions.add_parser("pull", help="download a model from the Hugging Face Hub (or ModelScope), with the "
                                           "projector that lets it read images when the repository has one "
                                           "(resumes where it stopped)")
    pull.add_argument("repo", help="owner/name, for example Qwen/Qwen2.5-1.5B-Instruct-GGUF")
    for action in (search, pull):
        action.add_argument("--source", choices=("hub", "modelscope"),
                            help="where to look: the Hugging Face Hub or ModelScope (魔搭); default: the app's "
                                 "choice in Settings. ModelScope's address comes from Settings, else from "
                                 "MODELSCOPE_DOMAIN (as for the modelscope SDK); its token from MODELSCOPE_API_TOKEN "
                                 "or the app's keyring")
    which = pull.add_mutually_exclusive_group()
    which.add_argument("--file", help="the GGUF file to download (for a split model, its first part)")
    which.add_argument("--quant", help="the quantization to download, for example Q4_K_M")
    remove = actions.add_parser("rm", help="delete an installed model")
    remove.add_argument("name", help="as 'assistant models list' shows it: file name or owner/repo/file")


def _add_hardware_parser(subparsers) -> None:
    hardware = subparsers.add_parser("hardware", help="what this computer has, and how a model would be loaded")
    hardware.add_argument("--plan", metavar="FILE.gguf", help="also print the load plan for this model")
    hardware.add_argument("--context", type=int, help="plan for this context length instead of Auto")
