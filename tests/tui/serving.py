"""`dnn-tutor serve` started for a test, as a teacher's machine would run it, and what the
served tests wait for (bounded polls: they fail rather than hang)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tui.bench_serve import session_processes

WAIT = 30.0  # seconds, at most, for any one thing to happen


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def poll(what: str, holds, timeout: float = WAIT):
    """``holds()`` until it is true (returns its value); fails, saying what, if it never is."""
    deadline = time.monotonic() + timeout
    while True:
        value = holds()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"{what} did not happen within {timeout:.0f} s")
        time.sleep(0.05)


@dataclass
class Served:
    port: int
    process: subprocess.Popen
    out: Path
    err: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def tabs(self) -> list[int]:
        """The tabs' processes: the server has a session of its own, and its children
        (orphans too) stay in it."""
        return session_processes(self.process.pid)


@contextlib.contextmanager
def running_server(folder: Path, *options: str, env: dict | None = None):
    """`python -m tui serve --port <free> *options` in ``folder``, its own session (so the
    tabs' processes can be found, and go with it), stopped with SIGTERM at the end; no
    traceback on its stderr."""
    port = free_port()
    out, err = folder / "serve.out", folder / "serve.err"
    with open(out, "wb") as stdout, open(err, "wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "tui", "serve", "--port", str(port), *options], cwd=folder,
            env=env or dict(os.environ, XDG_STATE_HOME=str(folder / "state"),
                            HOME=str(folder)),
            stdout=stdout, stderr=stderr, stdin=subprocess.DEVNULL, start_new_session=True)
    served = Served(port, process, out, err)
    try:
        def listening() -> bool:
            if process.poll() is not None:
                pytest.fail(f"dnn-tutor serve did not start: {err.read_text()}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return True
            except OSError:
                return False

        poll("dnn-tutor serve listening", listening)
        yield served
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
    assert "Traceback" not in err.read_text(), err.read_text()
