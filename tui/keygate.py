"""The key gate: the threads that train let a key being handled go first (``KeyGate``).

Its own module, without NumPy: the app closes and opens it from its first frame on, before
the panels (and the lessons they run) have loaded.
"""

from __future__ import annotations

import threading
import time

# The longest a key holds the training threads back (see ``KeyGate``): a key whose effect
# takes longer, or that never comes back to the app (a text input keeps its letters), lets
# them go on after this.
KEY_HOLD_MAX = 0.15


class KeyGate:
    """While the UI handles a key, the threads that train (a step's run, the run giving a
    text its numbers) wait between two chunks.

    They hold the GIL most of the time (NumPy on arrays this small hardly releases it), and
    their frames take the loop's time: at max pace a key's latency was p95 77 ms against
    50 ms, about twice the same key's when paused. The app closes the gate when a key
    arrives and opens it once the screen has been repainted after the key's action
    (``DnnTutorApp.on_event``, ``on_key``); it opens by itself ``KEY_HOLD_MAX`` after the
    key at the latest. One gate for the app: keys are the app's.
    """

    def __init__(self) -> None:
        self._open = threading.Event()
        self._open.set()
        self._until = 0.0  # monotonic time at which a closed gate opens by itself
        self._holds = 0  # ``hold``s not yet released (the UI thread's: no lock needed)
        self._opening = False  # ``open`` asked while held

    def close(self) -> None:
        self._until = time.monotonic() + KEY_HOLD_MAX
        self._open.clear()

    def open(self) -> None:
        """Let the threads go on, unless a ``hold`` is on: then when it is released."""
        if self._holds:
            self._opening = True
            return
        self._open.set()

    def hold(self) -> None:
        """Keep the gate closed through ``open`` until ``release``. The repaint after a key
        can be put off (a step's panel mounting, in a batch update): Textual runs the "after
        refresh" callbacks that ``open`` waits for at the first idle moment meanwhile, and
        the threads took the processor from that layout (~20 ms of ``n``'s ~50)."""
        self._holds += 1

    def release(self) -> None:
        self._holds = max(0, self._holds - 1)
        if not self._holds and self._opening:
            self._opening = False
            self._open.set()

    def open_now(self) -> None:
        """Open whatever holds it (the app is quitting: the threads must see it and end)."""
        self._holds, self._opening = 0, False
        self._open.set()

    @property
    def is_open(self) -> bool:
        return self._open.is_set() or time.monotonic() >= self._until

    def wait(self) -> None:
        """Called by a training thread between chunks, never holding a lock the UI takes."""
        remaining = self._until - time.monotonic()
        if remaining > 0:
            self._open.wait(remaining)


KEY_GATE = KeyGate()
