"""`dnn-tutor serve`: its messages and options, the no-save store its tabs use, and the tutor
driven end to end in a real headless Chromium (Debian's ``chromium``, through Playwright's
Python bindings; no browser is downloaded).

The page draws the terminal with xterm.js on a canvas, so its text is not in the DOM. The
test reads xterm's own screen buffer instead: a script added before the page's own catches
the ``Terminal`` as textual-serve's page stores it (``this.terminal = new Terminal(...)``),
and ``buffer.active.getLine(y).translateToString()`` gives each row as the learner sees it.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import tui.serve
from lessons import LESSONS
from lessons.experiments import TrainingSpec
from tui.cli import main
from tui.serve import MemoryPositionStore, start_messages
from tui.state import Position, PositionStore

CHROMIUM = Path("/usr/bin/chromium")
# As this machine needs them: without the networking flags the closed network refuses
# Chromium's own connections; the profile is a fresh folder per test.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(argv))
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


# -- the command line ---------------------------------------------------------------------------
@pytest.mark.parametrize("port,message", [
    ("0", "--port must be a port number from 1 to 65535, got 0"),
    ("65536", "--port must be a port number from 1 to 65535, got 65536"),
    ("http", "--port expects a port number from 1 to 65535, got 'http'"),
])
def test_a_bad_port_exits_2_with_one_line(capsys, port, message):
    code, out, err = run(capsys, "serve", "--port", port)
    assert code == 2 and out == ""
    assert err == f"dnn-tutor serve: error: {message}\n"


def test_a_bad_host_exits_2_with_one_line(capsys):
    code, _out, err = run(capsys, "serve", "--host", "")
    assert code == 2 and "--host expects an address" in err and err.count("\n") == 1


@pytest.mark.parametrize("host,url", [
    ("127.0.0.1", "http://127.0.0.1:8000"),
    ("localhost", "http://localhost:8000"),
    ("::1", "http://[::1]:8000"),
    ("127.0.0.2", "http://127.0.0.2:8000"),
])
def test_a_loopback_address_is_only_this_machine(host, url):
    warning, line = start_messages(host, 8000)
    assert warning is None
    assert line == f"Serving dnn-tutor at {url} (only this machine can reach it)"


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.7", "10.1.2.3"])
def test_another_address_is_served_with_a_warning(host):
    warning, line = start_messages(host, 8080)
    assert warning.startswith(f"WARNING: listening on {host}")
    assert "anyone who can reach this address can use" in warning
    assert line.startswith("Serving dnn-tutor at http://") and ":8080" in line
    assert "only this machine" not in line


class FakeServer:
    made: list[dict] = []

    def __init__(self, command, **kwargs):
        FakeServer.made.append(dict(command=command, **kwargs))

    def serve(self):
        pass


@pytest.fixture
def fake_server(monkeypatch):
    FakeServer.made = []
    monkeypatch.setattr(tui.serve, "tutor_server_class", lambda: FakeServer)
    return FakeServer


def test_serve_binds_to_localhost_by_default_and_says_so(capsys, fake_server):
    assert main(["serve"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[0] == ("Serving dnn-tutor at http://127.0.0.1:8000 (only this "
                                   "machine can reach it)")
    assert err == ""
    (made,) = fake_server.made
    assert made["host"] == "127.0.0.1" and made["port"] == 8000
    # Each tab runs this Python on this package, with the position in memory only.
    assert made["command"].endswith(" -P -m tui --no-save")
    assert sys.executable in made["command"]


def test_serve_on_every_address_warns_on_stderr(capsys, fake_server):
    assert main(["serve", "--host", "0.0.0.0", "--port", "8123"]) == 0
    out, err = capsys.readouterr()
    assert err.startswith("WARNING: listening on 0.0.0.0") and err.count("\n") == 1
    assert "Serving dnn-tutor at http://0.0.0.0:8123" in out
    assert fake_server.made[0]["port"] == 8123


def test_without_textual_serve_one_line_says_what_to_install(capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "textual_serve", None)  # import fails as if missing
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    assert main(["serve"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == ("dnn-tutor serve: error: textual-serve is not installed: "
                   "pip install 'dnn-tutor[web]'\n")


def test_a_port_in_use_is_one_line_and_status_1(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "tui", "serve", "--port", str(port)],
                              capture_output=True, text=True, timeout=60,
                              env=dict(os.environ, XDG_STATE_HOME=str(tmp_path)))
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith(f"dnn-tutor serve: error: cannot listen on "
                                  f"http://127.0.0.1:{port}: ")
    assert done.stderr.count("\n") == 1


def test_no_save_is_hidden_and_gives_the_app_a_memory_store(capsys, monkeypatch):
    import tui.app

    assert "--no-save" not in run(capsys, "--help")[1]
    made = []
    monkeypatch.setattr(tui.app, "DnnTutorApp", lambda **kwargs: made.append(kwargs) or
                        type("App", (), {"run": lambda self: None})())
    assert main(["--no-save"]) == 0
    assert isinstance(made[0]["store"], MemoryPositionStore)
    assert main([]) == 0
    assert made[1]["store"] is None  # the app's own default: the file under XDG_STATE_HOME


# -- the store of a served tab ------------------------------------------------------------------
def test_the_memory_store_keeps_a_position_and_never_touches_a_file(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    PositionStore().save(Position(lesson="backprop", step=3, welcomed=True))
    before = (tmp_path / "dnn-tutor" / "position.json").read_bytes()
    store = MemoryPositionStore()
    position, notice = store.load()
    assert notice is None and position == Position()  # fresh: not the file's
    position.lesson, position.step = "activations", 4
    assert store.save(position) is None
    position.step = 9  # the store kept a copy, not the app's object
    assert store.load()[0].step == 4
    assert (tmp_path / "dnn-tutor" / "position.json").read_bytes() == before
    assert [p.name for p in (tmp_path / "dnn-tutor").iterdir()] == ["position.json"]


async def test_the_app_with_the_memory_store_writes_nothing(tmp_path, monkeypatch):
    from tui.app import DnnTutorApp

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path))
    app = DnnTutorApp(store=MemoryPositionStore())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter", "n", "n")  # the welcome, then two steps on
        await pilot.pause()
        assert app.step_index == 2 and app.position.welcomed
    assert list(tmp_path.rglob("*")) == []


# -- end to end, in a browser -------------------------------------------------------------------
# Catches the Terminal that textual-serve's page makes, as it makes it: the first assignment
# to `.terminal` on any object lands in this setter, which puts the value on the object as
# usual and remembers it if it is an xterm Terminal.
CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  get() { return undefined; },
  set(value) {
    Object.defineProperty(this, "terminal",
                          {value, writable: true, configurable: true, enumerable: true});
    if (value && typeof value.write === "function" && value.buffer) {
      window.__dnnTutorTerminal = value;
    }
  },
});
"""
READ_SCREEN = """() => {
  const term = window.__dnnTutorTerminal;
  if (!term) return null;
  const buffer = term.buffer.active, rows = [];
  for (let y = 0; y < term.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    rows.push(line ? line.translateToString(true) : "");
  }
  return rows.join("\\n");
}"""
WAIT = 30.0  # seconds, at most, for any one thing to show; the whole test takes ~10 s


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def screen_of(page) -> str:
    return page.evaluate(READ_SCREEN) or ""


def wait_for(page, what: str, holds, timeout: float = WAIT) -> str:
    """Poll the page's terminal until ``holds(text)``; fail with the screen if it never does."""
    deadline = time.monotonic() + timeout
    while True:
        text = screen_of(page)
        if holds(text):
            return text
        if time.monotonic() > deadline:
            pytest.fail(f"the page never showed {what} within {timeout:.0f} s; it shows:\n"
                        f"{text or '(no terminal text at all)'}")
        time.sleep(0.1)


@pytest.fixture
def served(tmp_path):
    """`dnn-tutor serve` on a free port, as a learner's machine would run it, with its own
    XDG_STATE_HOME holding a saved position (which serve mode must neither use nor change)."""
    state = tmp_path / "state"
    position_file = state / "dnn-tutor" / "position.json"
    PositionStore(position_file).save(Position(lesson="backprop", step=2, welcomed=True))
    saved = position_file.read_bytes()
    port = free_port()
    out, err = tmp_path / "serve.out", tmp_path / "serve.err"
    env = dict(os.environ, XDG_STATE_HOME=str(state), HOME=str(tmp_path))
    with open(out, "wb") as stdout, open(err, "wb") as stderr:
        server = subprocess.Popen(
            [sys.executable, "-m", "tui", "serve", "--port", str(port)], cwd=tmp_path,
            env=env, stdout=stdout, stderr=stderr, stdin=subprocess.DEVNULL,
            start_new_session=True)  # its own process group: the tabs' apps go with it
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + WAIT
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"dnn-tutor serve did not start: {err.read_text()}")
                time.sleep(0.1)
        assert out.read_text().splitlines()[0] == (
            f"Serving dnn-tutor at {url} (only this machine can reach it)")
        yield url
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
    assert position_file.read_bytes() == saved, "serve mode changed the saved position"
    assert sorted(p.name for p in state.rglob("*")) == ["dnn-tutor", "position.json"]
    assert "Traceback" not in err.read_text(), err.read_text()


@pytest.fixture
def browser(tmp_path):
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium "
                    "(apt-get install -y chromium), as .ci/run does")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is not installed: pip install -e '.[test]'")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            tmp_path / "chromium-profile", executable_path=str(CHROMIUM), headless=True,
            args=CHROMIUM_ARGS, viewport={"width": 1280, "height": 800})
        # Only this machine: the page also asks for a web font, which is refused at once.
        context.route(re.compile(r"^(?!https?://127\.0\.0\.1[:/]).*"),
                      lambda route: route.abort())
        context.add_init_script(CATCH_TERMINAL)
        try:
            yield context
        finally:
            context.close()


def open_tab(browser, url):
    page = browser.new_page()
    page.goto(url, wait_until="domcontentloaded")
    return page


def press(page, *keys: str) -> None:
    page.focus("textarea.xterm-helper-textarea")  # where xterm.js takes the keyboard
    for key in keys:
        page.keyboard.press(key)


def step_heading(lesson, index: int) -> str:
    return f"{lesson.title} · step {index + 1}/{len(lesson.steps)}: {lesson.steps[index].title}"


TRAINING = re.compile(r"iteration (\d+)/\d+\s+training")
PAUSED = re.compile(r"iteration 0/\d+\s+paused")


def test_each_tab_is_its_own_tutor_that_trains_live_and_saves_nothing(served, browser):
    lesson = LESSONS[0]
    first, second = step_heading(lesson, 0), step_heading(lesson, 1)

    tab = open_tab(browser, served)
    # A new learner: the first lesson, the welcome over it (not the saved place: backprop).
    wait_for(tab, "the first lesson and the welcome",
             lambda text: first[:60] in text and "Welcome to dnn-tutor" in text)
    press(tab, "Enter")
    wait_for(tab, "the welcome closed", lambda text: "Welcome to dnn-tutor" not in text)

    press(tab, "n")
    wait_for(tab, f"the next step's title {second!r}", lambda text: second[:60] in text)

    # On to the first step that trains, paused at iteration 0 until space starts it.
    index = next(i for i, step in enumerate(lesson.steps)
                 if isinstance(step.spec, TrainingSpec) and not step.checkpoint)
    for shown in range(2, index + 1):
        press(tab, "n")
        wait_for(tab, f"step {shown + 1}", lambda text: f"step {shown + 1}/" in text)
    wait_for(tab, "a paused run", lambda text: PAUSED.search(text) is not None)
    trains_at = step_heading(lesson, index)
    press(tab, "Space")
    text = wait_for(tab, "training start after space",
                    lambda t: (m := TRAINING.search(t)) is not None and int(m.group(1)) > 0)
    started = int(TRAINING.search(text).group(1))
    wait_for(tab, "the iteration count go on",
             lambda t: (m := TRAINING.search(t)) is not None and int(m.group(1)) > started)

    # A second tab is a second app: from the start, while the first keeps its place.
    other = open_tab(browser, served)
    wait_for(other, "the first lesson in a second tab",
             lambda text: first[:60] in text and "Welcome to dnn-tutor" in text)
    assert trains_at[:60] in screen_of(tab)
    press(other, "Enter", "n")
    wait_for(other, "the second tab on its step 2", lambda text: second[:60] in text)
    assert trains_at[:60] in screen_of(tab) and TRAINING.search(screen_of(tab))


def test_the_page_links_follow_the_address_the_browser_used(served):
    # So a server on 0.0.0.0 works from another machine: the websocket is the one asked for.
    port = served.rsplit(":", 1)[1]
    request = urllib.request.Request(served + "/", headers={"Host": f"tutor.example:{port}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        page = response.read().decode()
    assert f'data-session-websocket-url="ws://tutor.example:{port}/ws"' in page
    assert "Textual Application" not in page and "dnn-tutor" in page
