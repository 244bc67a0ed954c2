"""The doors of `dnn-tutor serve` (tui/serve_server.py), tried as a hostile client would, with
raw websocket clients (aiohttp's, and a bare socket that drops without a goodbye): another
site's Origin, a Host re-pointed at this machine, a full class, absurd terminal sizes,
malformed messages, and tabs dropped twenty times, counting the processes left behind."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import urllib.error
import urllib.request
from pathlib import Path

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from tui.serve_server import (COLUMNS, ROWS, TutorAppService, TutorServer, clamp_size,
                              host_is_allowed, origin_is_own)

from serving import WAIT, poll, running_server


# -- the rules, one by one ----------------------------------------------------------------------
@pytest.mark.parametrize("origin,host,own", [
    (None, "127.0.0.1:8000", True),  # not a browser: see origin_is_own
    ("http://127.0.0.1:8000", "127.0.0.1:8000", True),
    ("http://LOCALHOST:8000", "localhost:8000", True),
    ("http://192.168.1.20:8000", "192.168.1.20:8000", True),  # on 0.0.0.0, by its LAN address
    ("http://tutor.local:8000", "tutor.local:8000", True),  # ... or by its name
    ("http://[::1]:8000", "[::1]:8000", True),
    ("http://tutor.school", "tutor.school", True),
    ("http://tutor.school:80", "tutor.school", True),
    ("https://tutor.school", "tutor.school", True),  # behind an HTTPS proxy
    ("https://tutor.school", "tutor.school:443", True),
    ("http://evil.example", "127.0.0.1:8000", False),  # another site's page
    ("http://evil.example:8000", "127.0.0.1:8000", False),
    ("http://localhost:8000", "127.0.0.1:8000", False),  # another name is another origin
    ("http://127.0.0.1:8001", "127.0.0.1:8000", False),  # another port too
    ("http://127.0.0.1", "127.0.0.1:8000", False),
    ("https://tutor.school", "tutor.school:80", False),
    ("null", "127.0.0.1:8000", False),  # a sandboxed frame, a file:// page
    ("", "127.0.0.1:8000", False),
    ("file://", "127.0.0.1:8000", False),
    ("ws://127.0.0.1:8000", "127.0.0.1:8000", False),
    ("http://127.0.0.1:8000/path", "127.0.0.1:8000", False),
    ("http://user@127.0.0.1:8000", "127.0.0.1:8000", False),
    ("http://127.0.0.1:8000", "evil@127.0.0.1:8000", False),
    ("http://127.0.0.1:8000", None, False),
    ("http://127.0.0.1:8000", "", False),
])
def test_only_the_pages_own_origin_is_its_own(origin, host, own):
    assert origin_is_own(origin, host) is own


@pytest.mark.parametrize("host,bound_to,loopback_only,allowed", [
    ("127.0.0.1:8000", "127.0.0.1", True, True),
    ("localhost:8000", "127.0.0.1", True, True),
    ("[::1]:8000", "127.0.0.1", True, True),
    ("tab.localhost:8000", "127.0.0.1", True, True),
    ("mybox:8000", "mybox", True, True),  # the name it was started with
    ("evil.example:8000", "127.0.0.1", True, False),  # DNS rebinding
    ("192.168.1.20:8000", "127.0.0.1", True, False),
    ("evil.example:8000", "0.0.0.0", False, True),  # open to the network: any name
    ("192.168.1.20:8000", "0.0.0.0", False, True),
    ("", "0.0.0.0", False, False),
    (None, "0.0.0.0", False, False),
    ('x"><script>', "0.0.0.0", False, False),  # it ends up in the page
    ("a b:8000", "0.0.0.0", False, False),
    ("127.0.0.1:80000000", "127.0.0.1", True, False),
])
def test_the_host_must_name_this_machine_when_only_it_is_served(host, bound_to, loopback_only,
                                                                  allowed):
    assert host_is_allowed(host, bound_to, loopback_only) is allowed


@pytest.mark.parametrize("asked,given", [
    ((80, 24), (80, 24)),
    ((10**9, 10**9), (COLUMNS[1], ROWS[1])),
    ((2**70, -2**70), (COLUMNS[1], ROWS[0])),
    ((0, 0), (COLUMNS[0], ROWS[0])),
    ((-5, 30), (COLUMNS[0], 30)),
    ((True, 24), None),
    (("80", 24), None),
    ((80.0, 24), None),
    ((None, None), None),
    (([80], {"h": 1}), None),
])
def test_a_size_is_clamped_and_anything_else_is_refused(asked, given):
    assert clamp_size(*asked) == given
    assert (COLUMNS, ROWS) == ((20, 500), (10, 200))


async def test_a_resize_reaches_the_tab_clamped_or_not_at_all():
    async def nothing(*_args):
        return None

    service = TutorAppService("true", write_bytes=nothing, write_str=nothing, close=nothing,
                              download_manager=None)
    sent = []

    async def send_meta(data):
        sent.append(data)
        return True

    service.send_meta = send_meta
    for width, height in [(10**9, 10**9), (-1, 50), ("80", 24), (None, 3), (120, 40)]:
        await service.set_terminal_size(width, height)
    assert sent == [{"type": "resize", "width": 500, "height": 200},
                    {"type": "resize", "width": 20, "height": 50},
                    {"type": "resize", "width": 120, "height": 40}]


# -- the page, for whatever address the browser used -------------------------------------------
@pytest.fixture
async def open_server():
    """The server as `serve --host 0.0.0.0` makes it, but listening on 127.0.0.1 only (this
    test machine's network is none of the test's business)."""
    server = TutorServer("true", host="0.0.0.0", port=8000, title="dnn-tutor", max_learners=3,
                         loopback_only=False)
    async with TestClient(TestServer(await server._make_app())) as client:
        client.tutor = server
        yield client


async def test_the_page_links_follow_the_address_the_browser_used(open_server):
    for host in ["tutor.example:8123", "192.168.1.20:8000", "[fe80::1]:8000"]:
        response = await open_server.get("/", headers={"Host": host})
        page = await response.text()
        assert response.status == 200
        assert f'data-session-websocket-url="ws://{host}/ws"' in page
        assert f'href="http://{host}/static/css/xterm.css"' in page
        assert "Textual Application" not in page and "<title>dnn-tutor</title>" in page


async def test_a_malformed_host_gets_no_page(open_server):
    for host in ['x"><script>alert(1)</script>', "a b", "tutor.example:99999999"]:
        response = await open_server.get("/", headers={"Host": host})
        assert response.status == 403
        assert "<script>" not in await response.text()


async def test_the_page_loads_nothing_from_another_host(open_server):
    response = await open_server.get("/?fontsize=1000000", headers={"Host": "tutor:1"})
    page = await response.text()
    links = re.findall(r"(?:https?|wss?):/*[^\s\"')]*|//[^\s\"')]+", page)
    assert {link.split("/static/")[0] for link in links} == {"http://tutor:1", "ws://tutor:1/ws"}
    assert "http://tutor:1/static/fonts/RobotoMono-VariableFont_wght.ttf" in links
    assert 'data-font-size="64"' in page  # clamped too: it sets how many cells fit


# -- a live server, reached by raw websocket clients -------------------------------------------
@pytest.fixture(scope="module")
def server(tmp_path_factory):
    # Seats enough that tabs still being cleaned up never turn a new one away: the seats are
    # test_a_full_class_...'s business.
    with running_server(tmp_path_factory.mktemp("serve"), "--max-learners", "25") as served:
        yield served


def ws_url(served, query: str = "") -> str:
    return f"ws://127.0.0.1:{served.port}/ws{query}"


async def handshake_status(served, origin=None, host=None) -> int:
    headers = {"Host": host} if host else {}
    async with aiohttp.ClientSession() as session:
        try:
            websocket = await session.ws_connect(ws_url(served), origin=origin, headers=headers)
        except aiohttp.WSServerHandshakeError as error:
            return error.status
        await websocket.close()
        return 101


async def test_a_websocket_from_another_sites_page_is_refused(server):
    own = f"http://127.0.0.1:{server.port}"
    local = f"localhost:{server.port}"
    assert await handshake_status(server, origin="http://evil.example") == 403
    assert await handshake_status(server, origin=f"http://evil.example:{server.port}") == 403
    assert await handshake_status(server, origin="null") == 403
    assert await handshake_status(server, origin=f"http://localhost:{server.port}") == 403
    # DNS rebinding: evil.example re-pointed at 127.0.0.1 is its own origin, not this machine.
    rebound = f"evil.example:{server.port}"
    assert await handshake_status(server, origin=f"http://{rebound}", host=rebound) == 403
    assert await handshake_status(server, origin=own) == 101
    assert await handshake_status(server, origin=f"http://{local}", host=local) == 101
    assert await handshake_status(server) == 101  # a program, not a browser
    poll("the accepted tabs' processes to end", lambda: not server.tabs())


async def first_screen(websocket) -> bytes:
    while True:
        message = await websocket.receive(timeout=WAIT)
        assert message.type == aiohttp.WSMsgType.BINARY, message
        if len(message.data) > 100:
            return message.data


async def pong(websocket, data: str) -> None:
    """Read until the server's answer to ``["ping", data]`` (screens before it skipped)."""
    while True:
        message = await websocket.receive(timeout=WAIT)
        assert message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT), message
        if message.type == aiohttp.WSMsgType.TEXT and json.loads(message.data) == ["pong", data]:
            return


def environment(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes()
    return dict(item.split("=", 1) for item in raw.decode(errors="replace").split("\0") if item)


HOSTILE_MESSAGES = [
    "not json", "[]", "{}", "42", '"stdin"', '["stdin"]', '["stdin", 5]',
    '["stdin", "\\ud800"]',  # a lone surrogate: not UTF-8
    '["resize"]', '["resize", [1, 2]]', '["resize", {"width": "80", "height": "24"}]',
    '["resize", {"width": 1e400, "height": 24}]', '["resize", {"width": null}]',
    '["resize", {"width": 1000000000, "height": -1000000000}]',
    '["ping", {"x": 1}]', '["unknown", 1]', "[" * 10000,
]


async def raw_connect_and_drop(served, query: str) -> None:
    """A websocket handshake by hand, then the connection closed without a closing frame."""
    reader, writer = await asyncio.open_connection("127.0.0.1", served.port)
    key = base64.b64encode(os.urandom(16)).decode()
    writer.write((f"GET /ws{query} HTTP/1.1\r\nHost: 127.0.0.1:{served.port}\r\n"
                  f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                  f"Sec-WebSocket-Version: 13\r\n\r\n").encode())
    status = await asyncio.wait_for(reader.readline(), WAIT)
    assert status.startswith(b"HTTP/1.1 101"), status
    writer.transport.abort()


async def test_no_tab_outlives_its_websocket(server):
    """Twenty tabs opened and dropped: a fifth drawn at an absurd size, then sent an absurd
    resize and every malformed message; others dropped at once, or without a goodbye."""
    async with aiohttp.ClientSession() as session:
        for turn in range(20):
            if turn % 4 == 0:
                before = set(server.tabs())
                websocket = await session.ws_connect(ws_url(server, "?width=1000000000"
                                                                    "&height=-1000000000"))
                await first_screen(websocket)
                (tab,) = set(server.tabs()) - before
                size = environment(tab)
                assert (size["COLUMNS"], size["ROWS"]) == ("500", "10")
                await websocket.send_json(["resize", {"width": 10**9, "height": 10**9}])
                for text in HOSTILE_MESSAGES:
                    await websocket.send_str(text)
                # Messages are read in order: the pong says every hostile one was read and
                # the tab lived through it (a screen already on its way said nothing: "[" *
                # 10000 closed the tab, and the test passed unless the machine was loaded).
                await websocket.send_json(["ping", "alive"])
                await pong(websocket, "alive")
                assert tab in server.tabs()
                await websocket.send_json(["stdin", "n"])
                await first_screen(websocket)  # still alive, and still answering keys
                await websocket.close()
            elif turn % 4 == 1:
                websocket = await session.ws_connect(ws_url(server, "?width=abc&height=1e9"))
                await websocket.close()
            else:
                await raw_connect_and_drop(server, "?width=99999999999999999999&height=0")
    poll("every tab's process to end", lambda: not server.tabs())
    with urllib.request.urlopen(server.url, timeout=WAIT) as page:  # and it still serves
        assert page.status == 200


async def test_a_full_class_is_told_so_and_a_seat_frees_when_a_tab_closes(tmp_path):
    with running_server(tmp_path, "--max-learners", "2") as served:
        async with aiohttp.ClientSession() as session:
            seated = [await session.ws_connect(ws_url(served)) for _ in range(2)]
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(served.url, timeout=WAIT)
            assert refused.value.code == 503
            page = refused.value.read().decode()
            assert "The class is full (seats: 2). Try again in a minute." in page
            assert "Try again</button>" in page and "textual.js" not in page
            with pytest.raises(aiohttp.WSServerHandshakeError) as no_seat:
                await session.ws_connect(ws_url(served))
            assert no_seat.value.status == 503
            assert len(served.tabs()) == 2

            await seated[0].close()

            def page_served() -> bool:
                try:
                    with urllib.request.urlopen(served.url, timeout=WAIT) as response:
                        return response.status == 200
                except urllib.error.HTTPError:
                    return False

            poll("a seat to free", page_served)
            seated[0] = await session.ws_connect(ws_url(served))
            await first_screen(seated[0])
            for websocket in seated:
                await websocket.close()
        poll("every tab's process to end", lambda: not served.tabs())


async def test_the_full_page_speaks_the_servers_language(open_server):
    from lessons.i18n import set_language

    open_server.tutor.learners = open_server.tutor.max_learners  # as if 3 tabs were open
    set_language("ko")  # dnn-tutor --lang ko serve
    response = await open_server.get("/", headers={"Host": "tutor:1"})
    page = await response.text()
    assert response.status == 503 and '<html lang="ko">' in page
    assert "수업이 가득 찼습니다" in page and "Try again" not in page
