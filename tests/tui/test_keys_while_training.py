"""Keys while a run trains at max pace: each takes effect though it comes in the middle of a
chunk, the training threads let it go first (``KeyGate``), and no frame of a run that a key
has replaced is ever drawn. Every message the app handles is recorded in the order the
loop handled it (``run_test(message_hook=...)``), frames and keys interleaved."""

from __future__ import annotations

import shlex
import time

from textual import events

from commands.playground import spec_from_argv
from commands.run import MAX_ITERATIONS
from tui import keygate as keygate_module
from tui.panel import KEY_GATE, StepPanel, chunk_size
from tui.playground import PlaygroundScreen
from waiting import wait_until

# Long enough to be training throughout; a small network, so that chunks are the slowness
# put in below rather than the machine's.
COMMAND = f"--dataset flower --layers 4 --lr 0.5 --iterations {MAX_ITERATIONS}"
SLOW_CHUNK = 0.02  # seconds added to every chunk: a key posted now lands inside one


class Recorder:
    """What the loop handled, in order: keys (with the gate's state then), frames (with the
    panel's generation when each arrived) and the frame the views draw after each message."""

    def __init__(self) -> None:
        self.app = None
        # Objects kept, not their ids: an id is used again once its object is freed.
        self.keys: dict[events.Key, list[bool]] = {}  # key -> gate open, at each pump it reached
        self.stale: list = []  # frames that arrived after their run had been replaced
        self.shown: list[int] = []  # the generation of the frame handed to the views, as it changes
        self.behind = 0  # messages after which the views had a frame of a replaced run

    def panel(self) -> StepPanel | None:
        stack = self.app.screen_stack if self.app is not None else []
        return stack[-1].panel if stack and isinstance(stack[-1], PlaygroundScreen) else None

    def __call__(self, message) -> None:
        panel = self.panel()
        if panel is None:
            return
        if isinstance(message, events.Key):
            self.keys.setdefault(message, []).append(KEY_GATE.is_open)
        elif isinstance(message, StepPanel.FrameTaken) and message.frame.generation < panel.generation:
            self.stale.append(message.frame)
        frame = panel.frame  # the one handed to the views to draw
        if frame is not None:
            self.behind += frame.generation != panel.generation
            if not self.shown or self.shown[-1] != frame.generation:
                self.shown.append(frame.generation)


async def test_keys_during_chunks_take_effect_and_old_runs_are_never_drawn(make_app,
                                                                           monkeypatch):
    recorder = Recorder()
    app = make_app(playground=spec_from_argv(shlex.split(COMMAND)))
    recorder.app = app
    async with app.run_test(size=(120, 40), message_hook=recorder) as pilot:
        await wait_until(pilot, lambda: recorder.panel() is not None
                         and recorder.panel().shown_frame is not None)
        panel = recorder.panel()
        advance = type(panel.experiment).advance

        def slow_advance(experiment, iterations):
            time.sleep(SLOW_CHUNK)
            return advance(experiment, iterations)

        monkeypatch.setattr(type(panel.experiment), "advance", slow_advance)
        panel.pace = None

        def training() -> bool:
            return panel.running and panel.experiment.iteration > 0

        async def press(key: str, char: str | None, effect) -> None:
            before = effect()
            app.post_message(events.Key(key, char))
            await wait_until(pilot, lambda: effect() != before)

        await press("space", " ", lambda: panel.running)
        # Every key the run is trained with, twice over, each posted while a chunk is under
        # way: it takes effect, and the run goes on (a knob and a reset start it again).
        for _ in range(2):
            for key, char, effect in (
                    ("e", "e", lambda: panel.spec),
                    ("E", "E", lambda: panel.spec),
                    ("r", "r", lambda: panel.generation),
                    ("less_than_sign", "<", lambda: panel.pace),
                    ("greater_than_sign", ">", lambda: panel.pace)):
                await wait_until(pilot, lambda: panel.running and panel.experiment.iteration > 0)
                old_frame = panel.frame
                await press(key, char, effect)
                if key == "r":  # a reset leaves the run paused, from its start
                    assert panel.experiment.iteration == 0 and not panel.running
                    # A frame of the old run still in the queue (posted just before the key)
                    panel.post_message(StepPanel.FrameTaken(panel, old_frame))
                    await press("space", " ", lambda: panel.running)
            await wait_until(pilot, training)
        await wait_until(pilot, lambda: panel.shown_frame.generation == panel.generation)

    # Each key was handled with the training threads held back (the gate closed at the
    # pumps after the app's), and the gate opened again after it.
    assert len(recorder.keys) == 13
    assert all(False in states for states in recorder.keys.values())
    assert KEY_GATE.is_open
    # Frames of a replaced run still arrived (posted before the key), and were never drawn:
    # the views only ever had frames of the panel's current run, newer and newer.
    assert len(recorder.stale) >= 2 and recorder.behind == 0
    assert recorder.shown == sorted(set(recorder.shown)) and recorder.shown[-1] >= 4


async def test_a_closed_gate_holds_training_after_the_chunk_under_way(make_app, monkeypatch):
    monkeypatch.setattr(keygate_module, "KEY_HOLD_MAX", 30.0)  # only opening it lets them on
    app = make_app(playground=spec_from_argv(shlex.split(COMMAND)))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, PlaygroundScreen)
                         and app.screen.panel.shown_frame is not None)
        panel = app.screen.panel
        panel.pace = None
        panel.action_toggle_training()
        await wait_until(pilot, lambda: panel.experiment.iteration > 0)
        try:
            KEY_GATE.close()
            held_at = panel.experiment.iteration
            time.sleep(0.3)  # the loop blocked too: only the training thread could run
            assert panel.experiment.iteration - held_at <= chunk_size(panel.experiment)
        finally:
            KEY_GATE.open()
        await wait_until(pilot, lambda: panel.experiment.iteration > held_at + 100)


def test_a_held_gate_opens_only_when_released():
    """``open`` while a ``hold`` is on waits for the release (the repaint after a batch)."""
    from tui.keygate import KeyGate

    gate = KeyGate()
    gate.close()
    gate.hold()
    gate.open()  # Textual's "after refresh" callback, run at idle during the batch
    assert not gate.is_open
    gate.release()
    assert gate.is_open
    gate.close()
    gate.hold()
    gate.open_now()  # quitting: whatever holds it
    assert gate.is_open


async def test_the_training_threads_wait_for_the_layout_that_shows_the_next_step(
        make_app, monkeypatch):
    """``n`` while a run trains: the new step's panel mounts in a batch update, and the
    training threads stay held until the screen showing it has been laid out (they had
    taken the processor from that layout: Textual runs the "after refresh" callback that
    opens the gate at the first idle moment of the batch)."""
    from textual.screen import Screen

    monkeypatch.setattr(keygate_module, "KEY_HOLD_MAX", 30.0)  # only opening it lets them on
    layouts: list[tuple[bool, object]] = []  # (gate open, the panel laid out)
    refresh_layout = Screen._refresh_layout

    def recording(screen, *args, **kwargs):
        app = screen.app
        layouts.append((KEY_GATE.is_open, getattr(app, "panel", None)))
        return refresh_layout(screen, *args, **kwargs)

    monkeypatch.setattr(Screen, "_refresh_layout", recording)
    app = make_app(lesson="activations", step=6)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.panel is not None and app.panel.shown_frame)
        first = app.panel
        first.pace = None
        first.action_toggle_training()
        await wait_until(pilot, lambda: first.experiment.iteration > 0)
        layouts.clear()
        app.post_message(events.Key("n", "n"))
        await wait_until(pilot, lambda: app.panel is not first and app.panel.is_mounted
                         and any(panel is app.panel for _, panel in layouts))
        await wait_until(pilot, lambda: KEY_GATE.is_open)
    shown = [open_ for open_, panel in layouts if panel is app.panel]
    assert shown and shown[0] is False, layouts


async def test_a_reset_is_drawn_without_waiting_for_the_plots_frame_slot(make_app,
                                                                          monkeypatch):
    """A run's frames are built at most ``MAX_FPS`` times a second; a key's (``r`` right
    after a pause) is built at once: it had waited for the next slot, up to 1/12 s."""
    from tui.widgets.curve_plot import CurvePlot

    slot = 5.0  # seconds between two streamed builds: far longer than any build takes
    monkeypatch.setattr(CurvePlot, "MAX_FPS", 1 / slot)
    app = make_app(lesson="activations", step=6)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.panel is not None and app.panel.shown_frame)
        panel = app.panel
        plot = panel.query_one(CurvePlot)
        panel.pace = None
        await pilot.press("space")
        # The first frame is built; the run's next frames wait for the next slot.
        await wait_until(pilot, lambda: panel.experiment.iteration > 0 and plot.builds >= 1)
        builds, slot_opens = plot.builds, time.monotonic() + slot / 2
        await pilot.press("space", "r")  # pause, reset
        await wait_until(pilot, lambda: plot.builds > builds
                         and panel.shown_frame.generation == panel.generation)
        assert time.monotonic() < slot_opens
        assert panel.shown_frame.iteration == 0


def test_while_a_key_is_handled_the_collector_waits_and_the_gil_passes_often(monkeypatch):
    """As ``dnn-tutor`` runs (the app tunes the interpreter): a closed gate pauses automatic
    garbage collection and shortens the switch interval; opening it, or the key's time
    running out, puts both back as they were."""
    import gc
    import sys

    from tui.keygate import KEY_SWITCH_INTERVAL, KeyGate

    gate = KeyGate()
    gate.tunes_interpreter = True
    interval, collecting = sys.getswitchinterval(), gc.isenabled()
    assert collecting and interval != KEY_SWITCH_INTERVAL
    try:
        gate.close()
        assert not gc.isenabled() and sys.getswitchinterval() == KEY_SWITCH_INTERVAL
        gate.untune_if_expired()  # the key's time has not run out: still tuned
        assert not gc.isenabled()
        gate.open()
        assert gc.isenabled() and sys.getswitchinterval() == interval
        monkeypatch.setattr(keygate_module, "KEY_HOLD_MAX", 0.0)
        gate.close()  # a key that never comes back to the app: its time runs out
        gate.untune_if_expired()
        assert gc.isenabled() and sys.getswitchinterval() == interval
    finally:
        sys.setswitchinterval(interval)
        gc.enable()
