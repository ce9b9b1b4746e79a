"""``assistant serve --model PATH``: Hearth's OpenAI-compatible API without the window, for a home server.

It loads the model as the app would (the same planner, settings and engine host), prints the address and, the first
time, the token, and answers until Ctrl+C or SIGTERM. Safe by default: 127.0.0.1 only; another interface must be
named with ``--host``, and a warning says what that exposes.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading


from assistant.cli.exits import CANNOT_LISTEN, USAGE


def run(args: argparse.Namespace, out=None) -> int:
    out = out or sys.stderr
    from assistant.core.api import api_token
    from assistant.core.api.endpoints import ApiLimits, ChatApi, build_app, served_model
    from assistant.core.api.http_server import ApiServer, PortInUse, is_loopback, listen_socket
    from assistant.core.storage.settings import ModelSettings
    from assistant.cli.run_command import load_model, model_file, open_core, status_notes

    def say(line: str) -> None:
        print(line, file=out, flush=True)

    if not getattr(args, "model", None):
        say("error: give the model to serve with --model PATH")
        return USAGE
    info, code = model_file(args.model, say)
    if info is None:
        return code
    try:  # before the token and the model: a failed start shows no token and loads nothing
        sock = listen_socket(args.host, args.port)
    except PortInUse as exc:
        say(f"error: {exc}")
        return CANNOT_LISTEN

    if not is_loopback(args.host):
        say(f"warning: listening on {args.host}: any computer that can reach this one on port {args.port} can "
            f"ask the model, with the token. The connection is not encrypted; put it behind a TLS proxy or a VPN "
            f"to use it beyond a trusted network.")

    core = open_core(say, status_notes(say))
    scheduler = core.scheduler
    path = str(info.path)
    chosen = core.settings.model_settings(path) if core.settings else ModelSettings()
    server = None
    try:
        model, code = load_model(scheduler, path, chosen, say)
        if model is None:
            return code
        # The token after the load: a start stopped or failed before this point shows none.
        token = None if args.new_token else api_token.stored_token()
        if token is None:
            token, kept = api_token.new_token()
            say(f"API token (shown once): {token}")
            say("  It is kept in the system keyring." if kept else
                f"  No keyring could keep it: it works until this server stops. To keep one, set "
                f"{api_token.ENVIRONMENT}.")
        served = served_model(model, chosen)
        api = ChatApi(scheduler, lambda: served, ApiLimits(max_requests=args.max_requests))
        app = build_app(api, token, loopback=is_loopback(args.host), cors_origins=args.allow_origin)
        try:
            server = ApiServer(app, args.host, args.port, sock=sock)
            sock = None  # the server's now, closed with it
            server.start()
        except OSError as exc:
            say(f"error: {exc}")
            return CANNOT_LISTEN
        say(f"Hearth's API is answering {_where(server)} with the model '{served.id}' "
            f"({served.context_length:,}-token context). Ctrl+C stops it.")
        _wait_for_stop()
        say("Stopping.")
        return 0
    finally:
        if server is not None:
            server.stop()
        if sock is not None:
            sock.close()
        core.shutdown()


def _where(server) -> str:
    """The addresses to use: 0.0.0.0 (or ::) is every address of this computer, never one to connect to."""
    from assistant.core.api.http_server import lan_address

    if server.host not in ("0.0.0.0", "::", ""):
        return f"on {server.url}"
    here = f"http://127.0.0.1:{server.port}/v1"
    other = lan_address()
    return f"on {here} here" + (f" and http://{other}:{server.port}/v1 from other computers" if other else
                                " and on this computer's network address from other computers")


def _wait_for_stop() -> None:
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda number, frame: stop.set())
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
