"""The server behind ``dnn-tutor serve``: textual-serve's, with the doors a classroom needs.

textual-serve runs one process per websocket (one per browser tab) and trusts its client. A
served tutor is reached by every learner's browser, and by every page those browsers open, so
here each request is checked before a tab's process starts:

- the websocket's ``Origin`` must be the page's own (:func:`origin_is_own`): another site a
  learner visits cannot drive a tutor; on a server bound to this machine only, the ``Host``
  must name this machine too (:func:`host_is_allowed`), which defeats DNS rebinding;
- at most ``max_learners`` tabs run at once; past that the page says the class is full
  (HTTP 503), it does not hang;
- the terminal size a client asks for, at start and on every resize, is clamped to
  :data:`COLUMNS` x :data:`ROWS` (:func:`clamp_size`);
- a tab's process ends with its websocket: killed at once when the socket closes, however
  the client left (a busy process would not read a polite "quit").

Importing this module imports textual-serve (``dnn-tutor[web]``).
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import logging
import re
from pathlib import Path

import aiohttp_jinja2
from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from lessons.i18n import language, tr

log = logging.getLogger("textual-serve")

COLUMNS = (20, 500)
ROWS = (10, 200)
DEFAULT_SIZE = (80, 24)
FONT_SIZES = (6, 64)  # the page's ?fontsize=, in CSS pixels
# Far above any key or paste a learner sends; aiohttp's default (4 MiB) lets one message fill
# a tab's input with megabytes.
MAX_MESSAGE_BYTES = 64 * 1024
PAGES = Path(__file__).with_name("serve_page")

# A Host header or the authority of an Origin: a name or an [IPv6] literal, then maybe a port.
_AUTHORITY = r"(?P<name>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::(?P<port>[0-9]{1,5}))?"
HOST_HEADER = re.compile(_AUTHORITY)
ORIGIN = re.compile(r"(?P<scheme>https?)://" + _AUTHORITY, re.IGNORECASE)


def clamp_size(width, height) -> tuple[int, int] | None:
    """(columns, rows) within :data:`COLUMNS` x :data:`ROWS`; None unless both are integers.

    A client asked for 10**9 x 10**9 and its tab spent minutes and hundreds of MB drawing a
    screen nobody sees (and, busy, never noticed that its websocket had gone)."""
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (width, height)):
        return None
    return (min(max(width, COLUMNS[0]), COLUMNS[1]), min(max(height, ROWS[0]), ROWS[1]))


def _authority(match: re.Match, default_port: int) -> tuple[str, int]:
    return match["name"].lower(), int(match["port"] or default_port)


def origin_is_own(origin: str | None, host: str | None) -> bool:
    """True if a websocket with this ``Origin`` header comes from the page this server gave
    for this ``Host`` header.

    "Own" is the address the browser used, not the one the server was started with: on
    0.0.0.0 learners reach the same server as 192.168.1.20:8000, tutor.local:8000 or
    localhost:8000, and the page each one loaded opens its websocket at that same address
    (the page's links follow the Host header), so its Origin is http(s)://<Host>. Any other
    Origin is another site's page, which a learner's browser would otherwise let drive the
    tutor. The scheme is not compared with the request's: behind an HTTPS proxy the page is
    https:// while the server sees http.

    No Origin at all is allowed: every browser sends one with a websocket (RFC 6455 makes it
    their duty), so its absence means a program (a script, the bench), which could as well
    send any Origin it likes; refusing it would protect nothing and break tools. ``null``
    (a sandboxed frame, a file:// page) is refused."""
    if origin is None:
        return True
    from_page = ORIGIN.fullmatch(origin.strip())
    asked = HOST_HEADER.fullmatch((host or "").strip())
    if not from_page or not asked:
        return False
    default_port = 443 if from_page["scheme"].lower() == "https" else 80
    return _authority(from_page, default_port) == _authority(asked, default_port)


def is_loopback_name(name: str) -> bool:
    name = name.strip("[]").lower()
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:  # *.localhost is loopback by RFC 6761; browsers resolve it so
        return name == "localhost" or name.endswith(".localhost")


def host_is_allowed(host: str | None, bound_to: str, loopback_only: bool) -> bool:
    """True if a request with this ``Host`` header may be served.

    A malformed or missing Host never is (the page's links are built from it). On a server
    that only this machine can reach, the Host must name this machine (a loopback address,
    localhost, or the --host it was started with): a site whose name an attacker re-points
    at 127.0.0.1 (DNS rebinding) would otherwise be "its own origin" and pass
    :func:`origin_is_own`. Jupyter refuses such Hosts for the same reason. On a server open
    to the network any name may lead to it, so any well-formed Host is served."""
    match = HOST_HEADER.fullmatch((host or "").strip())
    if not match:
        return False
    if not loopback_only:
        return True
    name = match["name"].lower()
    return is_loopback_name(name) or name == bound_to.lower()


class TutorAppService(AppService):
    """One tab's process: its size clamped, and gone as soon as its websocket is."""

    async def start(self, width: int, height: int) -> None:
        await super().start(*(clamp_size(width, height) or DEFAULT_SIZE))

    async def set_terminal_size(self, width, height) -> None:
        size = clamp_size(width, height)
        if size is not None:  # a resize that is not two integers is ignored
            await super().set_terminal_size(*size)

    async def stop(self) -> None:
        """Kill the tab's process, then let textual-serve tidy up (its downloads, the reader
        of the process's output, which now ends).

        Killed, not asked to quit: the tab keeps nothing (its place is in memory only, see
        tui.serve.MemoryPositionStore), and a tab busy drawing, or still starting, does not
        read a quit message; textual-serve waited for it forever, and the process outlived
        its websocket. The command is exec'd (tui.serve.tab_command), so this process is the
        tutor itself, not a shell that would leave the tutor behind."""
        process = self._process
        if process is not None and process.returncode is None:
            try:
                process.kill()
            except ProcessLookupError:  # it had just ended
                pass
        await super().stop()
        if process is not None:
            await process.wait()


class TutorServer(Server):
    """textual-serve's Server, with :class:`TutorAppService` tabs behind the checks above,
    our own page (tui/serve_page/app_index.html: nothing loaded from another host), page
    links that follow the address the browser used, and a quiet log."""

    def __init__(self, command: str, *, host: str, port: int, title: str,
                 max_learners: int, loopback_only: bool) -> None:
        super().__init__(command, host=host, port=port, title=title, templates_path=PAGES)
        self.max_learners = max_learners
        self.loopback_only = loopback_only
        self.learners = 0  # websockets being served, each with its tab's process

    def initialize_logging(self) -> None:
        super().initialize_logging()
        if not self.debug:  # no line per request or per tab: only what went wrong
            logging.getLogger().setLevel(logging.WARNING)

    async def on_startup(self, app) -> None:
        pass  # run_serve has said where it serves (textual-serve prints a logo here)

    # -- the checks ---------------------------------------------------------------------------
    def refusal(self, request: web.Request, websocket: bool) -> web.Response | None:
        """The answer to a request that may not have a page or a tab, else None."""
        host = request.headers.get("Host")
        if not host_is_allowed(host, self.host, self.loopback_only):
            # Not the Host itself in the answer: it may be anything.
            return web.Response(status=403, text=(
                f"This tutor serves this machine only: open http://localhost:{self.port}/\n"
                if self.loopback_only else "The request's Host header is malformed.\n"))
        if websocket and not origin_is_own(request.headers.get("Origin"), host):
            return web.Response(status=403, text=(
                "A tab of this tutor opens only from this tutor's own page.\n"))
        if self.learners >= self.max_learners:
            return self.page(request, full=True)
        return None

    # -- the page -----------------------------------------------------------------------------
    def page(self, request: web.Request, full: bool = False) -> web.Response:
        # The links follow the Host header, so a server on 0.0.0.0 works at whatever address
        # the learner's browser used (refusal() has checked that Host is well formed).
        base = f"{request.scheme}://{request.headers['Host'].strip()}"
        websocket_base = ("wss" if request.scheme == "https" else "ws") + base[base.index(":"):]
        font_size = min(max(to_int(request.query.get("fontsize", "16"), 16), FONT_SIZES[0]),
                        FONT_SIZES[1])
        context = {
            "lang": language(),
            "full": full,
            "font_size": font_size,
            "app_websocket_url": f"{websocket_base}/ws",
            "config": {"static": {"url": f"{base}/static/"}},
            "application": {"name": self.title},
            "text": {
                "full": tr("The class is full (seats: {n}). Try again in a minute.",
                           n=self.max_learners),
                "again": tr("Try again"),
                "start": tr("Start"),
                "ended": tr("This tab's tutor has ended."),
                "restart": tr("Start again"),
            },
        }
        return aiohttp_jinja2.render_template("app_index.html", request, context,
                                              status=503 if full else 200)

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        return self.refusal(request, websocket=False) or self.page(request)

    # -- a tab --------------------------------------------------------------------------------
    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        refused = self.refusal(request, websocket=True)
        if refused is not None:
            return refused
        width = to_int(request.query.get("width", "80"), DEFAULT_SIZE[0])
        height = to_int(request.query.get("height", "24"), DEFAULT_SIZE[1])
        self.learners += 1  # before any await: two tabs cannot both take the last seat
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=MAX_MESSAGE_BYTES)
        app_service: TutorAppService | None = None
        try:
            await websocket.prepare(request)
            app_service = TutorAppService(
                self.command, write_bytes=websocket.send_bytes, write_str=websocket.send_str,
                close=websocket.close, download_manager=self.download_manager,
                debug=self.debug)
            await app_service.start(width, height)
            await self._process_messages(websocket, app_service)
        except asyncio.CancelledError:  # the server is stopping
            await websocket.close()
        except ConnectionError:  # the client went away while we wrote to it
            pass
        except Exception as error:
            log.exception(error)
        finally:
            try:
                if app_service is not None:
                    await app_service.stop()
            finally:
                self.learners -= 1
        return websocket

    async def _process_messages(self, websocket: web.WebSocketResponse,
                                app_service: AppService) -> None:
        """textual-serve's loop over the browser's messages, for any client: a message that
        is not what textual.js sends (not JSON, not a list, a size that is not two integers,
        text with a lone surrogate) is skipped, where textual-serve raised and logged a
        traceback."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = json.loads(message.data)
            except (ValueError, RecursionError):  # "[" * 10000 is nested past the limit
                continue
            if not isinstance(envelope, list) or not envelope:
                continue
            kind, data = envelope[0], (envelope[1] if len(envelope) > 1 else None)
            if kind == "stdin" and isinstance(data, str):
                await app_service.send_bytes(data.encode("utf-8", "replace"))
            elif kind == "resize" and isinstance(data, dict):
                await app_service.set_terminal_size(data.get("width"), data.get("height"))
            elif kind == "ping" and isinstance(data, str):
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await app_service.blur()
            elif kind == "focus":
                await app_service.focus()
