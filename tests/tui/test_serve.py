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
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest

import tui.serve
from lessons import LESSONS
from lessons.experiments import TrainingSpec
from tui.cli import main
from tui.serve import MemoryPositionStore, start_messages
from tui.state import Position, PositionStore

from serving import WAIT, running_server

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


@pytest.mark.parametrize("host", [
    "", " ", "a" * 64, "tutor." + "a" * 64 + ".lan", "a..b", ".a", "a.b..", "..",
    "under_score", "-lead", "trail-", "a.-b", "b-.a", ".".join(["a" * 60] * 5),  # 304 long
    "[::1", "::1]", "[a]", "[127.0.0.1]", "exa mple", "tutor/x", "évil", "tu\ntor", "a\x00b",
    "a@b", "http://x", "127.0.0.1:8000",
])
def test_a_malformed_host_exits_2_with_one_line(capsys, fake_server, host):
    code, out, err = run(capsys, "serve", f"--host={host}")
    assert code == 2 and out == "" and fake_server.made == []
    assert err.startswith("dnn-tutor serve: error: --host expects an IP address or a host "
                          "name (labels of 1 to 63 letters, digits or '-', not starting or "
                          "ending with '-'), e.g. 127.0.0.1 or 0.0.0.0, got ")
    assert err.count("\n") == 1


@pytest.mark.parametrize("host,bound", [
    ("localhost", "localhost"), ("LOCALHOST.", "LOCALHOST."), ("127.0.0.1", "127.0.0.1"),
    ("[::1]", "::1"), ("::1", "::1"), (" ::1 ", "::1"), ("a" * 63, "a" * 63),
    ("x-1.y-2.lan", "x-1.y-2.lan"), ("1", "1"), (".".join(["a" * 63] * 3) + ".a", None),
])
def test_a_well_formed_host_is_taken_as_it_is(host, bound):
    assert tui.serve._host(host) == (host.strip() if bound is None else bound)


@pytest.mark.parametrize("value,message", [
    ("0", "--max-learners must be a number of learners from 1 to 200, got 0"),
    ("-3", "--max-learners must be a number of learners from 1 to 200, got -3"),
    ("201", "--max-learners must be a number of learners from 1 to 200, got 201"),
    pytest.param("1" * 5000, "--max-learners expects a number of learners from 1 to 200, "
                 "got '111", id="5000 digits"),  # past int()'s limit of digits
    ("many", "--max-learners expects a number of learners from 1 to 200, got 'many'"),
    ("2.5", "--max-learners expects a number of learners from 1 to 200, got '2.5'"),
])
def test_max_learners_out_of_range_exits_2_with_one_line(capsys, fake_server, value, message):
    code, out, err = run(capsys, "serve", "--max-learners", value)
    assert code == 2 and out == "" and fake_server.made == []
    assert err.startswith(f"dnn-tutor serve: error: {message}") and err.count("\n") == 1


def test_max_learners_is_said_in_the_help_with_the_memory_of_a_tab(capsys):
    help_text = " ".join(run(capsys, "serve", "--help")[1].split())
    assert ("at most N tabs at once; the next is told that the class is full (default 20: a "
            "tab's app takes 55 to 80 MB, so 20 take up to about 1.6 GB; at most 200)"
            ) in help_text


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
    assert made["max_learners"] == 20 and made["loopback_only"] is True
    # Each tab is this Python on this package, with the position in memory only, in the
    # server's language; exec'd, so the process the server stops is the tutor, not a shell.
    assert made["command"] == f"exec {sys.executable} -P -m tui --no-save --lang en"


def test_tabs_speak_the_servers_language(capsys, fake_server):
    assert main(["--lang", "ko", "serve", "--max-learners", "7"]) == 0
    (made,) = fake_server.made
    assert made["command"].endswith(" -P -m tui --no-save --lang ko")
    assert made["max_learners"] == 7


def test_serve_on_every_address_warns_on_stderr(capsys, fake_server):
    assert main(["serve", "--host", "0.0.0.0", "--port", "8123"]) == 0
    out, err = capsys.readouterr()
    assert err.startswith("WARNING: listening on 0.0.0.0") and err.count("\n") == 1
    assert "Serving dnn-tutor at http://0.0.0.0:8123" in out
    assert fake_server.made[0]["port"] == 8123
    assert fake_server.made[0]["loopback_only"] is False  # any Host may lead to it


def test_without_textual_serve_one_line_says_what_to_install(capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "textual_serve", None)  # import fails as if missing
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    monkeypatch.delitem(sys.modules, "tui.serve_server", raising=False)  # imported again
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


# -- without a browser: skipped, unless this machine must run them (CI) -------------------------
REQUIRE_BROWSER = "DNN_TUTOR_REQUIRE_BROWSER"


def browser_missing() -> str | None:
    """What this machine lacks to run the browser tests, or None."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed"
    return None


def without_browser(missing: str, environ=os.environ) -> NoReturn:
    """Skip a browser test, saying how to run it; a failure where the browser must be there
    (.ci/run installs Chromium and sets DNN_TUTOR_REQUIRE_BROWSER=1, so CI proves the
    browser path instead of skipping it)."""
    if environ.get(REQUIRE_BROWSER, "") not in ("", "0"):
        pytest.fail(f"{missing}, and {REQUIRE_BROWSER} is set: the browser tests must run")
    pytest.skip(f"{missing}: to run the browser tests, install Debian's chromium "
                "(apt-get install chromium) and pip install -e '.[test]'")


@pytest.mark.parametrize("environ,outcome", [
    ({}, pytest.skip.Exception), ({REQUIRE_BROWSER: ""}, pytest.skip.Exception),
    ({REQUIRE_BROWSER: "0"}, pytest.skip.Exception),
    ({REQUIRE_BROWSER: "1"}, pytest.fail.Exception),
    ({REQUIRE_BROWSER: "yes"}, pytest.fail.Exception),
])
def test_a_missing_browser_skips_unless_it_is_required(environ, outcome):
    with pytest.raises(outcome) as stopped:
        without_browser("/usr/bin/chromium is missing", environ)
    assert str(stopped.value).startswith("/usr/bin/chromium is missing")
    if outcome is pytest.skip.Exception:
        assert "install Debian's chromium (apt-get install chromium)" in str(stopped.value)


def test_what_the_browser_tests_lack_is_named(monkeypatch, tmp_path):
    monkeypatch.setattr(sys.modules[__name__], "CHROMIUM", tmp_path / "chromium")
    assert browser_missing() == f"{tmp_path / 'chromium'} is missing"
    (tmp_path / "chromium").touch()
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)  # import fails as if missing
    assert browser_missing() == "playwright is not installed"


# -- a served class in Chromium -----------------------------------------------------------------
@pytest.fixture
def served(tmp_path):
    """`dnn-tutor serve --max-learners 2` on a free port, as a teacher's machine would run
    it, with its own XDG_STATE_HOME holding a saved position (which serve mode must neither
    use nor change)."""
    state = tmp_path / "state"
    position_file = state / "dnn-tutor" / "position.json"
    PositionStore(position_file).save(Position(lesson="backprop", step=2, welcomed=True))
    saved = position_file.read_bytes()
    with running_server(tmp_path, "--max-learners", "2") as server:
        assert server.out.read_text().splitlines()[0] == (
            f"Serving dnn-tutor at {server.url} (only this machine can reach it)")
        yield server.url
    assert position_file.read_bytes() == saved, "serve mode changed the saved position"
    assert sorted(p.name for p in state.rglob("*")) == ["dnn-tutor", "position.json"]


@dataclass
class Browser:
    context: object
    requests: list[str]  # every request a page made: its URL (websockets too)

    def open_tab(self, url: str):
        page = self.context.new_page()
        page.on("websocket", lambda websocket: self.requests.append(websocket.url))
        page.goto(url, wait_until="domcontentloaded")
        return page


@pytest.fixture
def browser(tmp_path):
    missing = browser_missing()
    if missing:
        without_browser(missing)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            tmp_path / "chromium-profile", executable_path=str(CHROMIUM), headless=True,
            args=CHROMIUM_ARGS, viewport={"width": 1280, "height": 800})
        requests: list[str] = []
        context.on("request", lambda request: requests.append(request.url))
        # Recorded above, then refused: a page that asks another host fails the test without
        # anything leaving this machine.
        context.route(re.compile(r"^(?!https?://127\.0\.0\.1[:/]).*"),
                      lambda route: route.abort())
        context.add_init_script(CATCH_TERMINAL)
        try:
            yield Browser(context, requests)
        finally:
            context.close()


def press(page, *keys: str) -> None:
    page.focus("textarea.xterm-helper-textarea")  # where xterm.js takes the keyboard
    for key in keys:
        page.keyboard.press(key)


def step_heading(lesson, index: int) -> str:
    return f"{lesson.title} · step {index + 1}/{len(lesson.steps)}: {lesson.steps[index].title}"


TRAINING = re.compile(r"iteration (\d+)/\d+\s+training")
PAUSED = re.compile(r"iteration 0/\d+\s+paused")
FONT = "/static/fonts/RobotoMono-VariableFont_wght.ttf"


def test_each_tab_is_its_own_tutor_that_trains_live_and_saves_nothing(browser, served):
    lesson = LESSONS[0]
    first, second = step_heading(lesson, 0), step_heading(lesson, 1)

    tab = browser.open_tab(served)
    # A new learner: the first lesson, the welcome over it (not the saved place: backprop).
    wait_for(tab, "the first lesson and the welcome",
             lambda text: first[:60] in text and "Welcome to dnn-tutor" in text)
    # Drawn in the page's own font, from this server: the terminal waited for it.
    assert tab.evaluate("""document.fonts.check('16px "Roboto Mono"')""")
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
    other = browser.open_tab(served)
    wait_for(other, "the first lesson in a second tab",
             lambda text: first[:60] in text and "Welcome to dnn-tutor" in text)
    assert trains_at[:60] in screen_of(tab)
    press(other, "Enter", "n")
    wait_for(other, "the second tab on its step 2", lambda text: second[:60] in text)
    assert trains_at[:60] in screen_of(tab) and TRAINING.search(screen_of(tab))

    # Two learners fill this class: a third is told so, at once.
    third = browser.open_tab(served)
    assert ("The class is full (seats: 2). Try again in a minute."
            in third.inner_text("body"))

    # Nothing left this machine: every request of every tab went to the tutor's address.
    ws = served.replace("http://", "ws://")
    assert sum(url.startswith(f"{ws}/ws?") for url in browser.requests) == 2
    assert f"{served}{FONT}" in browser.requests
    outside = [url for url in browser.requests if not url.startswith((served + "/", ws + "/"))]
    assert outside == []
