"""``dnn-tutor serve``: the tutor in a browser, one app per tab, through textual-serve.

textual-serve (the optional extra ``pip install 'dnn-tutor[web]'``) runs a command for each
browser connection and carries its terminal over a websocket to xterm.js in the page. The
command here is ``python -P -m tui --no-save``: every tab is a process of its own, so every tab
has its own app, its own training runs and its own place in the course. ``--no-save`` (hidden;
see ``tui.launch.position_store``) gives that app a :class:`MemoryPositionStore`: the position
lives in the tab's process and goes with it, so tabs never read, share or overwrite one
another's place, nor the place of whoever runs the server (the file under XDG_STATE_HOME).

The server itself (tui/serve_server.py) guards the door: only the page's own Origin opens a
tab, at most ``--max-learners`` tabs run at once, sizes are clamped, and a tab's process ends
with its websocket.

Exit status: 0 after Ctrl+C (or SIGTERM); 2 for a bad ``--port``/``--host``/``--max-learners``
(argparse, one line); 1 when textual-serve is not installed or the address cannot be listened
on (one line each, on stderr).

textual-serve is imported only when the server starts, so the rest of ``dnn-tutor`` works
without it.
"""

from __future__ import annotations

import argparse
import copy
import ipaddress
import re
import shlex
import socket
import sys

from commands.args import int_type
from lessons.i18n import language, tr
from tui.state import Position, PositionStore

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
# Resident memory of one tab's app (python -m tui --no-save), measured with
# `python -m tui.bench_serve` (10 tabs at 100x30, 2 CPUs): 55.6 MB at its first screen,
# 66.5 MB after a few steps, 75 MB after walking the first lesson with every run started
# (82 MB at 120x40). The default seats a class on a laptop with 8 GB: 20 tabs, at most about
# 1.6 GB. The bound keeps a slip (--max-learners 5000) from promising what no laptop runs.
TAB_MB = (55, 80)
DEFAULT_LEARNERS = 20
MAX_LEARNERS = 200
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
# A label of a host name (RFC 1123): letters, digits and '-', 1 to 63 of them, no '-' at
# either end; 253 characters in all. Checked here: socket.getaddrinfo raised UnicodeError
# ("label too long") for a 64-character label, a traceback.
HOST_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")


def _host(text: str) -> str:
    host = text.strip()
    bracketed = host.startswith("[") and host.endswith("]")  # [::1] as in a URL
    if bracketed:
        host = host[1:-1]
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if address is not None and (address.version == 6 or not bracketed):
        return host
    name = host[:-1] if host.endswith(".") else host  # a fully qualified name may end in '.'
    if not bracketed and 0 < len(name) <= 253 and all(
            HOST_LABEL.fullmatch(label) for label in name.split(".")):
        return host
    raise argparse.ArgumentTypeError(
        "--host expects an IP address or a host name (labels of 1 to 63 letters, digits or "
        f"'-', not starting or ending with '-'), e.g. 127.0.0.1 or 0.0.0.0, got {text!r}")


def add_serve_parser(subparsers) -> argparse.ArgumentParser:
    serve = subparsers.add_parser(
        "serve", help=tr("serve the tutor to web browsers: one app per tab (needs "
                         "dnn-tutor[web])"),
        description="Serve the tutor through textual-serve: each browser tab gets its own app; "
                    "a tab's place in the course is kept while it is open and never saved.",
        epilog=f"Needs the web extra: {INSTALL_HINT}. Binds to {DEFAULT_HOST} (this machine "
               "only) unless --host says otherwise. Exit status: 0 after Ctrl+C, 2 for bad "
               "options, 1 when textual-serve is missing or the port cannot be used.")
    port = int_type("--port", 1, "a port number from 1 to 65535", 65535)
    serve.add_argument("--port", type=port, default=DEFAULT_PORT, metavar="N",
                       help=f"the port to listen on (default {DEFAULT_PORT})")
    serve.add_argument("--host", type=_host, default=DEFAULT_HOST, metavar="ADDRESS",
                       help=f"the address to listen on (default {DEFAULT_HOST}: only this "
                            "machine; 0.0.0.0: every network this machine is on)")
    learners = int_type("--max-learners", 1, f"a number of learners from 1 to {MAX_LEARNERS}",
                        MAX_LEARNERS)
    serve.add_argument("--max-learners", type=learners, default=DEFAULT_LEARNERS, metavar="N",
                       help=f"at most N tabs at once; the next is told that the class is full "
                            f"(default {DEFAULT_LEARNERS}: a tab's app takes {TAB_MB[0]} to "
                            f"{TAB_MB[1]} MB, so {DEFAULT_LEARNERS} take up to about "
                            f"{DEFAULT_LEARNERS * TAB_MB[1] / 1000:.1f} GB; at most "
                            f"{MAX_LEARNERS})")
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
    was started cannot stand in for ours. ``exec``: textual-serve runs the command through
    ``/bin/sh -c``, and dash stays as the parent, so the process the server kills when a tab
    closes was the shell and the tutor lived on. ``--lang``: the server's language (``dnn-tutor
    --lang ko serve``), in which the page speaks too."""
    return f"exec {shlex.quote(sys.executable)} -P -m tui --no-save --lang {language()}"


def run_serve(args: argparse.Namespace) -> int:
    try:
        server_class = tutor_server_class()
    except ImportError:
        print(f"dnn-tutor serve: error: textual-serve is not installed: {INSTALL_HINT}",
              file=sys.stderr)
        return 1
    warning, line = start_messages(args.host, args.port)
    server = server_class(tab_command(), host=args.host, port=args.port, title="dnn-tutor",
                          max_learners=args.max_learners, loopback_only=is_local(args.host))
    try:
        check_can_listen(args.host, args.port)  # so "Serving at" is not followed by an error
        if warning:
            print(warning, file=sys.stderr, flush=True)
        print(line, flush=True)
        print(f"Each browser tab gets its own tutor, {args.max_learners} at most at once; "
              "nothing is saved. Ctrl+C stops the server.", flush=True)
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
    """The server class (tui.serve_server.TutorServer); ImportError without the web extra."""
    from tui.serve_server import TutorServer

    return TutorServer
