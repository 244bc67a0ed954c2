"""How long does ``q`` take to end the app? ``python -m tui.bench_quit [--runs N] [--busy]``

Each run spawns ``dnn-tutor --lesson L --step S`` in a pseudo-terminal of 120x40 (a fresh
position file, the welcome already seen), waits until its footer is drawn, then either
presses ``q`` at once (the step's text may still be computing) or presses ``space``, lets
the step train for a moment and presses ``q``; it prints the time from ``q`` written to the
terminal until the process has exited. A bare Textual app (a Static and a Footer) started and
quit the same way is the baseline. ``--busy`` keeps the other core busy with a busy loop, as
a slower machine would be. A benchmark that prints figures, never a test.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path

SIZE = (120, 40)
# Steps that train: (lesson, 1-based step as on the command line).
TRAINING_STEPS = (("activations", 7), ("initialization", 7), ("boundaries", 2))
TRAIN_SECONDS = 1.0  # how long a step trains before q
TIMEOUT = 30.0

BARE_APP = """
from textual.app import App
from textual.widgets import Footer, Static
class Bare(App):
    BINDINGS = [("q", "quit", "quit")]
    def compose(self):
        yield Static("hello")
        yield Footer()
Bare().run()
"""


class Terminal:
    """A process on a pseudo-terminal of a fixed size; its output is read (and kept) by a
    thread, as a terminal would, so that the process never blocks writing."""

    def __init__(self, argv: list[str], env: dict[str, str]):
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
        self.master = master
        self.process = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave,
                                        env=env, close_fds=True, start_new_session=True)
        os.close(slave)
        self.output = bytearray()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            self.output += data

    def wait_for(self, marker: bytes, since: int = 0) -> None:
        deadline = time.perf_counter() + TIMEOUT
        while marker not in self.output[since:]:
            if self.process.poll() is not None or time.perf_counter() > deadline:
                raise RuntimeError(f"{marker!r} never appeared (exit {self.process.poll()})")
            time.sleep(0.005)

    def press(self, key: bytes) -> None:
        os.write(self.master, key)

    def seconds_to_exit_after(self, key: bytes) -> float:
        start = time.perf_counter()
        self.press(key)
        try:
            code = self.process.wait(TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return float("inf")
        seconds = time.perf_counter() - start
        if code != 0:
            raise RuntimeError(f"exit status {code}: {self.output[-400:]!r}")
        return seconds

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        os.close(self.master)
        self._reader.join(1)


def tutor_env(state: Path) -> dict[str, str]:
    from tui.state import Position, PositionStore

    PositionStore(state / "dnn-tutor" / "position.json").save(
        Position("activations", 0, {}, welcomed=True))
    return {**os.environ, "XDG_STATE_HOME": str(state), "TERM": "xterm-256color"}


def quit_tutor(state: Path, lesson: str, step: int, train: bool) -> float:
    argv = [sys.executable, "-m", "tui", "--lesson", lesson, "--step", str(step)]
    terminal = Terminal(argv, tutor_env(state))
    try:
        terminal.wait_for(b"quit")  # the footer: the first screen is up
        if train:
            mark = len(terminal.output)
            terminal.press(b" ")
            terminal.wait_for(b"training", since=mark)
            time.sleep(TRAIN_SECONDS)
        return terminal.seconds_to_exit_after(b"q")
    finally:
        terminal.close()


def quit_bare(script: Path) -> float:
    terminal = Terminal([sys.executable, str(script)],
                        {**os.environ, "TERM": "xterm-256color"})
    try:
        terminal.wait_for(b"quit")
        return terminal.seconds_to_exit_after(b"q")
    finally:
        terminal.close()


def busy_loop() -> subprocess.Popen:
    """Another process that keeps one core busy."""
    return subprocess.Popen([sys.executable, "-c", "while True: pass"])


def figures(times: list[float]) -> str:
    def ms(seconds: float) -> str:  # inf: still running when the wait gave up
        return f"{seconds * 1000:5.0f} ms" if seconds < TIMEOUT else f"> {TIMEOUT:.0f} s"

    return f"median {ms(statistics.median(times))}, max {ms(max(times))}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tui.bench_quit",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each case (default 3)")
    parser.add_argument("--busy", action="store_true",
                        help="keep the other core busy with a busy loop")
    args = parser.parse_args(argv)
    runs = max(1, min(args.runs, 20))
    busy = busy_loop() if args.busy else None
    try:
        print(f"q pressed -> process exited, {SIZE[0]}x{SIZE[1]} pty, {runs} runs each"
              + (", the other core busy" if busy else ""))
        with tempfile.TemporaryDirectory(prefix="dnn-tutor-quit-") as tmp_name:
            tmp = Path(tmp_name)
            script = tmp / "bare.py"
            script.write_text(BARE_APP)
            print(f"  {'bare Textual app (Static + Footer)':<50}"
                  f"{figures([quit_bare(script) for _ in range(runs)])}")
            for lesson, step in TRAINING_STEPS:
                for train in (False, True):
                    times = [quit_tutor(tmp / f"state-{lesson}-{step}-{train}-{i}", lesson,
                                        step, train) for i in range(runs)]
                    when = f"training {TRAIN_SECONDS:g} s" if train else "at first screen"
                    label = f"--lesson {lesson} --step {step}, {when}"
                    print(f"  {label:<50}{figures(times)}")
    finally:
        if busy is not None:
            busy.kill()
            busy.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
