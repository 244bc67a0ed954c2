"""Live training: loss curves (and, for a regression, the fitted curve) with readouts.

Training runs in a thread worker that advances the experiment a chunk of steps at a time,
checks for cancellation after every chunk, and posts a *complete* snapshot at most ten times
a second. ``Snapshot.can_replace`` lets a newer snapshot replace one the UI has not handled
yet, so a busy UI skips stale frames without losing points (each snapshot has the whole
history).
"""

from __future__ import annotations

import math
import threading
import time

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.message import Message
from textual.worker import get_current_worker

from lessons.experiments import TrainingExperiment, TrainingSnapshot

from ..widgets import CurvePlot, PlotData, Readouts, Series
from .base import Panel, unless_removed

SNAPSHOT_INTERVAL = 0.1  # seconds: at most ~10 snapshots a second
CHUNK = 10               # steps between cancellation checks (~1 ms for the flower network)
STEP_KEY_ITERATIONS = 100


class TrainingPanel(Panel):
    trains = True

    BINDINGS = [
        Binding("s", "step_once", f"+{STEP_KEY_ITERATIONS} its",
                tooltip=f"Train {STEP_KEY_ITERATIONS} iterations, then pause"),
    ]

    DEFAULT_CSS = """
    TrainingPanel #status { height: 1; padding: 0 1; }
    TrainingPanel CurvePlot { height: 1fr; }
    TrainingPanel #fit-plot { height: 1fr; }
    TrainingPanel Readouts { height: auto; }
    """

    class Snapshot(Message):
        def __init__(self, panel: "TrainingPanel", snapshot: TrainingSnapshot):
            super().__init__()
            self.panel = panel
            self.snapshot = snapshot

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, TrainingPanel.Snapshot) and message.panel is self.panel

    def __init__(self, step, **kwargs):
        super().__init__(step, **kwargs)
        self.experiment = TrainingExperiment(**self.settings)
        # The worker advances the experiment while holding this lock; reset takes it too.
        self._lock = threading.Lock()
        self._training = False
        self.snapshot: TrainingSnapshot | None = None        # the newest one received
        self.shown_snapshot: TrainingSnapshot | None = None  # the one whose numbers are shown
        self.snapshots_shown = 0
        self._max_points = 160

    def compose(self):
        from textual.widgets import Static

        yield Static(id="status")
        yield CurvePlot(id="loss-plot")
        if self.experiment.regression:
            yield CurvePlot(id="fit-plot")
        yield Readouts(id="training-readouts")

    def on_mount(self) -> None:
        self.show_snapshot(self._take_snapshot())

    # -- training control --------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._training

    def toggle_training(self) -> None:
        if self._training:
            self.stop()
        else:
            if self.experiment.finished:
                self.reset()
            self._training = True
            self._train()
        self._show_status()

    def stop(self) -> None:
        self._training = False
        self.workers.cancel_group(self, "training")
        self._show_status()

    def reset(self) -> None:
        self.stop()
        with self._lock:  # waits for at most one chunk of the cancelled worker
            self.experiment.reset()
        self.show_snapshot(self._take_snapshot())

    def action_step_once(self) -> None:
        """Train a fixed number of iterations synchronously (also what snapshot tests use)."""
        if self._training:
            return
        self.advance(STEP_KEY_ITERATIONS)

    def advance(self, iterations: int) -> None:
        with self._lock:
            self.experiment.advance(iterations)
        self.show_snapshot(self._take_snapshot())

    def _take_snapshot(self) -> TrainingSnapshot:
        # Called from the worker thread too: it reads only plain attributes, never the DOM.
        return self.experiment.snapshot(max_points=self._max_points)

    def on_resize(self) -> None:
        # About two points per terminal column is all the loss plot can show.
        self._max_points = max(40, 2 * self.size.width)

    @work(thread=True, exclusive=True, group="training", exit_on_error=False)
    def _train(self) -> None:
        worker = get_current_worker()
        last_post = 0.0
        while not worker.is_cancelled:
            with self._lock:
                if self.experiment.finished:
                    break
                self.experiment.advance(CHUNK)
                now = time.monotonic()
                snapshot = None
                if now - last_post >= SNAPSHOT_INTERVAL or self.experiment.finished:
                    snapshot = self._take_snapshot()
            if snapshot is not None:
                last_post = now
                self.post_message(self.Snapshot(self, snapshot))
        if not worker.is_cancelled:
            with self._lock:
                snapshot = self._take_snapshot()
            self.post_message(self.Snapshot(self, snapshot))
            self.app.call_from_thread(self._finished)

    def _finished(self) -> None:
        self._training = False
        self._show_status()

    def on_training_panel_snapshot(self, message: "TrainingPanel.Snapshot") -> None:
        if message.panel is self:
            self.show_snapshot(message.snapshot)

    # -- drawing -----------------------------------------------------------------------------
    @unless_removed
    def show_snapshot(self, snap: TrainingSnapshot) -> None:
        self.snapshot = snap
        self.snapshots_shown += 1
        series = tuple(
            Series(run.label, run.iterations, run.costs, color=i) for i, run in enumerate(snap.runs)
        )
        # The numbers change when the curve they describe is drawn: one repaint, not two.
        self.query_one("#loss-plot", CurvePlot).show(
            PlotData(series, title="cost J", xlabel="iteration", xlim=(0, snap.total)),
            on_drawn=lambda: self._show_numbers(snap),
        )
        if snap.fit_x is not None:
            fit_series = [Series("data", snap.data_x, snap.data_y, kind="scatter", dim=True)]
            for i, run in enumerate(snap.runs):
                if run.fit is not None:
                    fit_series.append(Series(run.label, snap.fit_x, run.fit, color=i))
            self.query_one("#fit-plot", CurvePlot).show(
                PlotData(tuple(fit_series), title="fit: ŷ over x", legend=False)
            )

    @unless_removed
    def _show_numbers(self, snap: TrainingSnapshot) -> None:
        self.shown_snapshot = snap
        rows = []
        for run in snap.runs:
            if run.diverged:
                state = Text("diverged: press r", style="bold red")
            else:
                state = "" if run.accuracy is None else f"{run.accuracy:.1%}"
            cost = "—" if math.isnan(run.cost) else f"{run.cost:.4f}"
            rows.append((run.label, cost, state,
                         f"[{run.output_min:.3f}, {run.output_max:.3f}]"))
        second = "acc" if any(r.accuracy is not None for r in snap.runs) else ""
        self.query_one(Readouts).show_rows(rows, header=("run", "cost", second, "ŷ range"))
        self._show_status(snap)

    @unless_removed
    def _show_status(self, snap: TrainingSnapshot | None = None) -> None:
        snap = snap or self.shown_snapshot
        if snap is None:
            return
        if any(r.diverged for r in snap.runs):
            state = Text("diverged", style="bold red")
        elif self._training:
            state = Text("training", style="bold green")
        elif snap.finished:
            state = Text("done", style="bold")
        else:
            state = Text("paused", style="bold yellow")
        status = Text.assemble(f"iteration {snap.iteration}/{snap.total}  ", state)
        # One line, fixed height: no layout needed (a layout re-arranges the whole screen).
        self.query_one("#status").update(status, layout=False)
