"""``python -m tui.bench_serve``: what a served class costs. Prints figures; not a test.

Starts ``dnn-tutor serve`` on a free port of 127.0.0.1 and opens ``--tabs`` tabs (10) as raw
websocket clients that speak what textual-serve's page speaks (``["stdin", key]``, the size in
the websocket's URL). Raw clients, not browsers: the figures are the server's and the tabs'
own, and ten headless Chromiums drawing xterm.js would take the two cores the tabs need.

It prints the resident memory (RSS, from /proc) of each tab's process, and the latency of a
key: the time from sending it to the first screen update the tab sends back, for keys that
always redraw (n and p, the next and previous step), one learner at a time and then all tabs
at once. Then the RSS of a tab that asked for the largest size (clamped to 500x200), and of
a tab that walked through the first lesson, starting every step's run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QUIET = 0.3  # seconds without output: the tab has finished drawing
WAIT = 60.0  # seconds, at most, for a tab's first screen or a key's answer


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def session_processes(session: int) -> list[int]:
    """The processes of this session (the server's, started with a session of its own),
    but the server itself: the tabs' apps."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == session:
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:  # it ended meanwhile
            continue
        if int(stat.rsplit(")", 1)[1].split()[3]) == session:
            found.append(int(entry))
    return found


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class Tab:
    """One learner's tab: a websocket, and the times its screen updates arrived."""

    def __init__(self, websocket) -> None:
        self.websocket = websocket
        self.updates: asyncio.Queue[float] = asyncio.Queue()
        self.reader = asyncio.create_task(self.read())

    async def read(self) -> None:
        import aiohttp

        async for message in self.websocket:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.updates.put_nowait(time.monotonic())

    async def settle(self) -> None:
        """Wait until the tab has drawn something and then stayed quiet for QUIET s."""
        await asyncio.wait_for(self.updates.get(), WAIT)
        await self.quiet()

    async def key(self, key: str) -> float:
        """Seconds from sending the key to the tab's first screen update after it."""
        while not self.updates.empty():
            self.updates.get_nowait()
        sent = time.monotonic()
        await self.websocket.send_json(["stdin", key])
        answered = await asyncio.wait_for(self.updates.get(), WAIT)
        await self.quiet()
        return answered - sent

    async def quiet(self) -> None:
        while True:
            try:
                await asyncio.wait_for(self.updates.get(), QUIET)
            except asyncio.TimeoutError:
                return


async def open_tab(session, base: str, width: int, height: int) -> tuple[Tab, float]:
    started = time.monotonic()
    websocket = await session.ws_connect(f"{base}/ws?width={width}&height={height}",
                                         origin=base.replace("ws://", "http://"))
    tab = Tab(websocket)
    await tab.settle()
    return tab, time.monotonic() - started


def line_of(label: str, seconds: list[float]) -> str:
    ms = [s * 1000 for s in seconds]
    return (f"{label}: p50 {statistics.median(ms):.0f} ms, p95 {percentile(ms, 0.95):.0f} ms, "
            f"max {max(ms):.0f} ms ({len(ms)} keys)")


async def measure(port: int, server: subprocess.Popen, tabs: int, rounds: int,
                  width: int, height: int) -> None:
    import aiohttp

    base = f"ws://127.0.0.1:{port}"
    async with aiohttp.ClientSession() as session:
        opened, firsts = [], []
        for _ in range(tabs):  # one after another, as learners arrive
            tab, first = await open_tab(session, base, width, height)
            opened.append(tab)
            firsts.append(first)
        print(f"first screen of a tab: median {statistics.median(firsts):.2f} s, "
              f"slowest {max(firsts):.2f} s")
        for tab in opened:  # the welcome closed: each tab on the first lesson's first step
            await tab.key("\r")

        def rss_line(when: str) -> None:
            pids = session_processes(server.pid)
            sizes = [rss_mb(pid) for pid in pids]
            print(f"RSS per tab {when} ({len(pids)} tab processes): mean "
                  f"{statistics.mean(sizes):.1f} MB, min {min(sizes):.1f}, max "
                  f"{max(sizes):.1f}; all tabs {sum(sizes):.0f} MB; the server "
                  f"{rss_mb(server.pid):.0f} MB")

        rss_line("after the first screen")
        alone = []
        for turn in range(rounds):
            for tab in opened:
                alone.append(await tab.key("n" if turn % 2 == 0 else "p"))
        print(line_of(f"key latency, one learner at a time with {tabs} tabs open", alone))
        together = []
        for turn in range(rounds):
            key = "n" if turn % 2 == 0 else "p"
            together += await asyncio.gather(*(tab.key(key) for tab in opened))
        print(line_of(f"key latency, all {tabs} learners at once", together))
        rss_line("after the keys")

        before = set(session_processes(server.pid))
        huge, first = await open_tab(session, base, 10**6, 10**6)
        (pid,) = set(session_processes(server.pid)) - before
        print(f"a tab that asked for 1000000x1000000 (drawn at 500x200): first screen "
              f"{first:.2f} s, RSS {rss_mb(pid):.1f} MB")
        await huge.websocket.close()
        steps, rss = await walk_a_lesson(session, base, width, height, server)
        print(f"a tab that walked the first lesson ({steps} steps, each run started): "
              f"RSS {rss:.1f} MB")
        for tab in opened:
            await tab.websocket.close()
            tab.reader.cancel()


async def walk_a_lesson(session, base: str, width: int, height: int,
                        server: subprocess.Popen) -> tuple[int, float]:
    """One more tab through every step of the first lesson, each step's run started (space)
    and left to train for a second: what a tab weighs at the end of a class."""
    from lessons import LESSONS

    before = set(session_processes(server.pid))
    tab, _first = await open_tab(session, base, width, height)
    (pid,) = set(session_processes(server.pid)) - before
    await tab.key("\r")
    steps = len(LESSONS[0].steps)
    for _ in range(steps - 1):
        await tab.key("n")
        await tab.websocket.send_json(["stdin", " "])
        await asyncio.sleep(1.0)
    rss = rss_mb(pid)
    await tab.websocket.close()
    return steps, rss


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tui.bench_serve", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tabs", type=int, default=10, help="tabs open at once (10)")
    parser.add_argument("--rounds", type=int, default=10,
                        help="keys each tab presses in each measure (10)")
    parser.add_argument("--size", default="100x30", help="each tab's size (100x30)")
    args = parser.parse_args(argv)
    width, height = (int(n) for n in args.size.split("x"))
    port = free_port()
    with tempfile.TemporaryDirectory() as home:
        server = subprocess.Popen(
            [sys.executable, "-m", "tui", "serve", "--port", str(port),
             "--max-learners", str(args.tabs + 2)],
            env=dict(os.environ, XDG_STATE_HOME=home), stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, start_new_session=True)
        try:
            deadline = time.monotonic() + WAIT
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        print("dnn-tutor serve did not start", file=sys.stderr)
                        return 1
                    time.sleep(0.1)
            print(f"dnn-tutor serve, {args.tabs} tabs at {width}x{height} (raw websocket "
                  f"clients), {os.cpu_count()} CPUs")
            asyncio.run(measure(port, server, args.tabs, args.rounds, width, height))
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
