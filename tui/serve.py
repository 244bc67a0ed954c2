"""``dnn-tutor serve``: the tutor in a browser, one app per tab, through textual-serve.

textual-serve (the optional extra ``pip install 'dnn-tutor[web]'``) runs a command for each
browser connection and carries its terminal over a websocket to xterm.js in the page. The
command here is ``python -P -m tui --no-save``: every tab is a process of its own, so every tab
has its own app, its own training runs and its own place in the course. ``--no-save`` (hidden;
see ``tui.launch.position_store``) gives that app a :class:`MemoryPositionStore`: the position
lives in the tab's process and goes with it, so tabs never read, share or overwrite one
another's place, nor the place of whoever runs the server (the file under XDG_STATE_HOME).

Exit status: 0 after Ctrl+C (or SIGTERM); 2 for a bad ``--port``/``--host`` (argparse, one
line); 1 when textual-serve is not installed or the address cannot be listened on (one line
each, on stderr).

textual-serve is imported only when the server starts, so the rest of ``dnn-tutor`` works
without it.
"""

from __future__ import annotations

import argparse
import copy
import ipaddress
import shlex
import socket
import sys

from engine.cli import _int_type
from tui.state import Position, PositionStore

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
INSTALL_HINT = "pip install 'dnn-tutor[web]'"


class MemoryPositionStore(PositionStore):
    """A position kept in memory only: starts fresh, never reads nor writes a file.

    What a served tab uses: its place lasts as long as the tab's app (a reload is a new app,
    from the start), and nobody else's place is touched."""

    def __init__(self) -> None:  # no super().__init__: there is no file, not even a path
        self.path = None
        self._kept: Position | None = None

    def load(self) -> tuple[Position, str | None]:
        return (copy.deepcopy(self._kept) if self._kept else Position()), None

    def save(self, position: Position) -> str | None:
        self._kept = copy.deepcopy(position)
        return None


# -- the command line ---------------------------------------------------------------------------
def _host(text: str) -> str:
    host = text.strip()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]  # [::1] as in a URL
    if not host or any(c.isspace() for c in host) or "/" in host:
        raise argparse.ArgumentTypeError(
            f"--host expects an address or a host name, e.g. 127.0.0.1, got {text!r}")
    return host


def add_serve_parser(subparsers) -> argparse.ArgumentParser:
    serve = subparsers.add_parser(
        "serve", help="serve the tutor to web browsers: one app per tab (needs "
                      "dnn-tutor[web])",
        description="Serve the tutor through textual-serve: each browser tab gets its own app; "
                    "a tab's place in the course is kept while it is open and never saved.",
        epilog=f"Needs the web extra: {INSTALL_HINT}. Binds to {DEFAULT_HOST} (this machine "
               "only) unless --host says otherwise. Exit status: 0 after Ctrl+C, 2 for bad "
               "options, 1 when textual-serve is missing or the port cannot be used.")
    port = _int_type("--port", 1, "a port number from 1 to 65535", 65535)
    serve.add_argument("--port", type=port, default=DEFAULT_PORT, metavar="N",
                       help=f"the port to listen on (default {DEFAULT_PORT})")
    serve.add_argument("--host", type=_host, default=DEFAULT_HOST, metavar="ADDRESS",
                       help=f"the address to listen on (default {DEFAULT_HOST}: only this "
                            "machine; 0.0.0.0: every network this machine is on)")
    return serve


def is_local(host: str) -> bool:
    """True if only this machine can reach ``host`` (a loopback address, or a name that
    resolves to loopback addresses only)."""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        pass
    if host.lower() == "localhost":
        return True
    try:
        infos = socket.getaddrinfo(host, None)
    except (OSError, UnicodeError):
        return False
    return bool(infos) and all(
        ipaddress.ip_address(info[4][0].split("%")[0]).is_loopback for info in infos)


def url_for(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def start_messages(host: str, port: int) -> tuple[str | None, str]:
    """(a warning for stderr or None, the line for stdout) for a server on host:port."""
    url = url_for(host, port)
    if is_local(host):
        return None, f"Serving dnn-tutor at {url} (only this machine can reach it)"
    where = ""
    try:
        if ipaddress.ip_address(host).is_unspecified:
            where = " (on every address of this machine)"
    except ValueError:
        pass
    warning = (f"WARNING: listening on {host}, not on this machine only: anyone who can reach "
               f"this address can use the tutor, with no password, and run training here.")
    return warning, f"Serving dnn-tutor at {url}{where}"


def tab_command() -> str:
    """What runs for each browser tab: this Python, this package, no saved position.

    ``-P`` keeps the current folder off ``sys.path``, so a ``tui`` folder wherever the server
    was started cannot stand in for ours."""
    return f"{shlex.quote(sys.executable)} -P -m tui --no-save"


def run_serve(args: argparse.Namespace) -> int:
    try:
        server_class = tutor_server_class()
    except ImportError:
        print(f"dnn-tutor serve: error: textual-serve is not installed: {INSTALL_HINT}",
              file=sys.stderr)
        return 1
    warning, line = start_messages(args.host, args.port)
    server = server_class(tab_command(), host=args.host, port=args.port, title="dnn-tutor")
    try:
        check_can_listen(args.host, args.port)  # so "Serving at" is not followed by an error
        if warning:
            print(warning, file=sys.stderr, flush=True)
        print(line, flush=True)
        print("Each browser tab gets its own tutor; nothing is saved. Ctrl+C stops the server.",
              flush=True)
        server.serve()
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        print(f"dnn-tutor serve: error: cannot listen on {url_for(args.host, args.port)}: "
              f"{reason}", file=sys.stderr)
        return 1
    return 0


def check_can_listen(host: str, port: int) -> None:
    """Bind to host:port and let go at once, as the server will (OSError if it cannot: the
    port is taken, or the address is not this machine's)."""
    for family, kind, proto, _name, address in socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE):
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as aiohttp does
            probe.bind(address)


def tutor_server_class():
    """textual-serve's Server, with our own start message, a quiet log, page links that
    follow the address the browser used (so a server on 0.0.0.0 works from any machine, not
    only at the address it was started with), and tabs whose processes are waited for when
    they stop. ImportError without the extra."""
    import asyncio
    import logging

    import textual_serve.server as server_module
    from textual_serve.app_service import AppService
    from textual_serve.server import Server

    class TutorAppService(AppService):
        async def stop(self) -> None:
            """Stop the tab's app and wait for its process (killed after 5 s): a process
            left to the garbage collector after the server's loop has closed prints a
            traceback at Ctrl+C ("Event loop is closed") when the machine is busy."""
            await super().stop()
            process = self._process
            if process is not None and process.returncode is None:
                try:
                    await asyncio.wait_for(process.wait(), 5)
                except asyncio.TimeoutError:
                    process.kill()
                    await process.wait()

    if server_module.AppService is AppService:  # what Server.handle_websocket makes per tab
        server_module.AppService = TutorAppService

    class TutorServer(Server):
        def initialize_logging(self) -> None:
            super().initialize_logging()
            if not self.debug:  # no line per request or per tab: only what went wrong
                logging.getLogger().setLevel(logging.WARNING)

        async def on_startup(self, app) -> None:
            pass  # run_serve has said where it serves (textual-serve prints a logo here)

        async def handle_index(self, request):
            # The page's websocket and static links are built from public_url with no await
            # in between, so setting it for this request cannot leak into another.
            self.public_url = f"{request.scheme}://{request.host}"
            return await super().handle_index(request)

    return TutorServer
