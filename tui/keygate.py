"""The key gate: the threads that train let a key being handled go first (``KeyGate``).

Its own module, without NumPy: the app closes and opens it from its first frame on, before
the panels (and the lessons they run) have loaded.
"""

from __future__ import annotations

import gc
import sys
import threading
import time

# The longest a key holds the training threads back (see ``KeyGate``): a key whose effect
# takes longer, or that never comes back to the app (a text input keeps its letters), lets
# them go on after this.
KEY_HOLD_MAX = 0.15
# How often the interpreter passes the GIL between threads while a key is handled (Python's
# default, 5 ms, after it): the UI thread lets go of the GIL at every turn of its event loop,
# and a thread still running (a plot being built, the chunk under way) kept it up to 5 ms
# each time before handing it back.
KEY_SWITCH_INTERVAL = 0.0005


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
        # Set by the app that tunes the interpreter (``DnnTutorApp(tune_gc=True)``, as
        # ``dnn-tutor`` runs it): while the gate is closed, automatic garbage collection
        # waits too (a collection of the young objects a key's layout makes, every Strip
        # with its caches, took ~3-4 ms of a key's time on average, and the rare older ones
        # tens), and the GIL passes between threads every KEY_SWITCH_INTERVAL.
        self.tunes_interpreter = False
        self._tuned: float | None = None  # the switch interval before ``close`` tuned it

    def close(self) -> None:
        self._until = time.monotonic() + KEY_HOLD_MAX
        self._open.clear()
        if self.tunes_interpreter and self._tuned is None:
            self._tuned = sys.getswitchinterval()
            sys.setswitchinterval(KEY_SWITCH_INTERVAL)
            gc.disable()

    def open(self) -> None:
        """Let the threads go on, unless a ``hold`` is on: then when it is released."""
        if self._holds:
            self._opening = True
            return
        self._set_open()

    def _set_open(self) -> None:
        self._open.set()
        self.untune()

    def untune(self) -> None:
        """The collector and the switch interval as they were before ``close``."""
        if self._tuned is not None:
            sys.setswitchinterval(self._tuned)
            self._tuned = None
            gc.enable()

    def untune_if_expired(self) -> None:
        """Called ``KEY_HOLD_MAX`` after each key: a key that never comes back to the app (a
        letter typed into an input) never opens the gate itself. A later key's hold goes on."""
        if time.monotonic() >= self._until:
            self.untune()

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
            self._set_open()

    def open_now(self) -> None:
        """Open whatever holds it (the app is quitting: the threads must see it and end)."""
        self._holds, self._opening = 0, False
        self._set_open()

    @property
    def is_open(self) -> bool:
        return self._open.is_set() or time.monotonic() >= self._until

    def wait(self) -> None:
        """Called by a training thread between chunks, never holding a lock the UI takes."""
        remaining = self._until - time.monotonic()
        if remaining > 0:
            self._open.wait(remaining)


KEY_GATE = KeyGate()
