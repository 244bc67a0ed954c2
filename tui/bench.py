"""How responsive is the app? ``python -m tui.bench [--seconds N]``

Runs the real app headless (``App.run_test(size=(120, 40))``: no terminal output, but every
screen update is still laid out and rendered by the compositor) with a throw-away position
file, and prints figures with ratios, each measured in this same process:

1. Time to first screen: constructing + starting the app until the first step's panel is
   mounted, the step's text is shown, every plot in the panel has been built once and the
   screen has been repainted after that; against a bare ``textual.app.App`` with one Static
   "hello" started the same way. One untimed warm-up of each, then the median of 5 runs each,
   interleaved (order alternating), so a noisy machine affects both alike.
2. While the tanh-vs-sigmoid training runs (lesson "activations", step index 7, started with
   space):
   (a) loss-plot frames actually built per second (``CurvePlot.builds``), (b) snapshots shown
   per second (``TrainingPanel.snapshots_shown``), (c) engine steps per second in the app
   against the same experiment trained headless (no UI, ``advance(10)`` in a loop) for the
   same wall time, and (d) key latency while training and while paused.

Key latency, what is measured: the key event is posted to the app exactly as the (headless)
driver posts one, then we wait until the key's effect is visible in the DOM (``l`` flips
``#lesson-list``'s ``display``) and then until the screen has been repainted after it
(``Screen.wait_for_refresh``). That is the time a user waits to see the key's effect.
We do not time ``pilot.press``: after posting the key it waits for the *process* to be idle
(``textual._wait.wait_for_idle``: until a 20 ms slice passes with < 1 ms of CPU, at most 1 s,
twice), so with a training thread busy it returns after ~2 s whatever the UI did, and even
when paused it waits for the plot rebuild the relayout triggers. A few ``pilot.press`` round
trips are printed for reference only.

This is a benchmark, not a test: it prints figures and goals and never fails on timing.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

from textual import events
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.widgets import Footer, Markdown, OptionList, Static

from lessons import LESSONS
from lessons.activations import TANH_VS_SIGMOID
from lessons.experiments import TrainingExperiment

from .app import DnnTutorApp
from .state import PositionStore
from .widgets import CurvePlot
from .widgets.curve_plot import build_plot_text, palette_from_theme

SIZE = (120, 40)
RUNS = 5
LATENCY_PRESSES = 40
PRESS_GAP = 0.05        # seconds between presses, about a fast typist
PILOT_PRESS_SAMPLES = 1  # pilot.press round trips shown for reference only
BENCH_TOTAL_ITERATIONS = 200_000
TRAINING_LESSON, TRAINING_STEP = "activations", 7  # tanh vs sigmoid in the hidden layer
CHUNK = 10

GOAL_FIRST_SCREEN = 1.5  # dnn-tutor / bare Textual
GOAL_FPS = 8.0
GOAL_TRAINING = 0.5      # app / headless engine steps per second
GOAL_P95_MS = 100.0


class BareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("hello", id="hello")


class StockWidgetsApp(App[None]):
    """Diagnosis only: the stock Textual widgets dnn-tutor's first screen is made of (a Footer
    with the app's bindings, an OptionList as long as the lesson list, the first step's
    Markdown), none of our code: what Textual itself needs for such a screen."""

    BINDINGS = DnnTutorApp.BINDINGS
    CSS = """
    OptionList { width: 34; height: 1fr; }
    Markdown { width: 1fr; }
    """

    def __init__(self, text: str, options: int):
        super().__init__()
        self._text, self._options = text, options

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield OptionList(*(f"  option {i}" for i in range(self._options)))
            yield Markdown(self._text, id="text")
        yield Footer(compact=True)


# -- helpers -----------------------------------------------------------------------------------
async def until(app: App, condition: Callable[[], bool], timeout: float = 30.0,
                poll: float = 0.001) -> None:
    """Poll ``condition`` (cheaply: the app runs in this event loop while we sleep)."""
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("benchmark condition not reached in time")
        if not app.is_running or app.return_code is not None:
            raise RuntimeError("the app stopped (crashed?) during the benchmark")
        await asyncio.sleep(poll)


async def repainted(app: App, timeout: float = 10.0) -> None:
    """Wait until the screen has been repainted after everything queued so far."""
    if app.return_code is None:
        await asyncio.wait_for(app.screen.wait_for_refresh(), timeout)
    if app.return_code is not None:
        raise RuntimeError("the app stopped (crashed?) during the benchmark")


def text_shown(app: DnnTutorApp) -> bool:
    markdown = app.query_one("#text")
    return bool(getattr(markdown, "source", "")) and bool(markdown.children)


def first_screen_ready(app: DnnTutorApp) -> bool:
    panel = app.panel
    if panel is None or not panel.is_mounted or not text_shown(app):
        return False
    return all(plot.builds >= 1 for plot in panel.query(CurvePlot))


def text_workers_done(app: App) -> bool:
    return not any(w.group == "text" and not w.is_finished for w in app.workers)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def store_in(tmp: Path) -> PositionStore:
    return PositionStore(tmp / "position.json")


# -- 1. time to first screen -------------------------------------------------------------------
async def first_screen_tutor(tmp: Path) -> float:
    start = time.perf_counter()
    app = DnnTutorApp(store=store_in(tmp), welcome=False)
    async with app.run_test(size=SIZE):
        await until(app, lambda: first_screen_ready(app))
        await repainted(app)
        elapsed = time.perf_counter() - start
    return elapsed


async def first_screen_bare() -> float:
    start = time.perf_counter()
    app = BareApp()
    async with app.run_test(size=SIZE):
        await until(app, lambda: app.query_one("#hello", Static).is_mounted)
        await repainted(app)
        elapsed = time.perf_counter() - start
    return elapsed


async def first_screen_stock(text: str, options: int) -> float:
    start = time.perf_counter()
    app = StockWidgetsApp(text, options)
    async with app.run_test(size=SIZE):
        await until(app, lambda: bool(app.query_one("#text", Markdown).children))
        await repainted(app)
        elapsed = time.perf_counter() - start
    return elapsed


async def measure_first_screen(tmp: Path) -> dict:
    cold_tutor = await first_screen_tutor(tmp / "warm")  # untimed warm-up (imports, caches)
    cold_bare = await first_screen_bare()
    text = LESSONS[0].text(0)
    options = len(LESSONS) + sum(len(lesson.steps) for lesson in LESSONS)
    await first_screen_stock(text, options)
    tutor, bare, stock = [], [], []
    for i in range(RUNS):
        if i % 2 == 0:
            tutor.append(await first_screen_tutor(tmp / f"t{i}"))
            bare.append(await first_screen_bare())
        else:
            bare.append(await first_screen_bare())
            tutor.append(await first_screen_tutor(tmp / f"t{i}"))
        stock.append(await first_screen_stock(text, options))
    return dict(tutor=statistics.median(tutor), bare=statistics.median(bare),
                stock=statistics.median(stock), cold_tutor=cold_tutor, cold_bare=cold_bare)


# -- 2. while training ------------------------------------------------------------------------
class GcClock:
    """Wall time spent in the garbage collector (any thread) while active."""

    def __init__(self):
        self.total = 0.0
        self._start = 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.total += time.perf_counter() - self._start

    def __enter__(self) -> "GcClock":
        gc.callbacks.append(self)
        return self

    def __exit__(self, *exc) -> None:
        gc.callbacks.remove(self)


async def key_latency(app: DnnTutorApp, presses: int) -> dict:
    """Key posted as the driver posts it -> effect in the DOM (the action ran) -> screen
    repainted (what the user sees). Both are measured from the moment the key was posted."""
    lesson_list = app.query_one("#lesson-list")
    action, visible = [], []
    with GcClock() as gc_clock:
        for _ in range(presses):
            before = lesson_list.display
            start = time.perf_counter()
            app.post_message(events.Key("l", "l"))
            await until(app, lambda: lesson_list.display != before, timeout=10)
            action.append(time.perf_counter() - start)
            await repainted(app)
            visible.append(time.perf_counter() - start)
            await asyncio.sleep(PRESS_GAP)
    return dict(action=action, visible=visible, gc=gc_clock.total / presses)


async def pilot_press_round_trips(pilot, app: DnnTutorApp, samples: int) -> list[float]:
    """For reference: ``await pilot.press('l')`` then ``await pilot.pause()``."""
    lesson_list = app.query_one("#lesson-list")
    times = []
    for _ in range(samples):
        before = lesson_list.display
        start = time.perf_counter()
        await pilot.press("l")
        await until(app, lambda: lesson_list.display != before, timeout=10)
        await pilot.pause()
        times.append(time.perf_counter() - start)
    return times


async def measure_training(tmp: Path, seconds: float) -> dict:
    # tune_gc=True as `dnn-tutor` launches it: startup objects frozen out of collections.
    app = DnnTutorApp(store=store_in(tmp), lesson=TRAINING_LESSON, step=TRAINING_STEP,
                      welcome=False, tune_gc=True)
    out: dict = {"notes": []}
    async with app.run_test(size=SIZE) as pilot:
        # The step's text quotes numbers from its own 3000-iteration run, computed in a text
        # worker: wait for it so it does not compete with the training we measure.
        await until(app, lambda: first_screen_ready(app) and text_workers_done(app))
        panel = app.panel
        plot = panel.query_one("#loss-plot", CurvePlot)
        experiment = panel.experiment
        # Benchmark-only change: the lesson's 3000 iterations finish in a second or two;
        # raise the total so training is still running throughout the measurement.
        experiment.total_iterations = BENCH_TOTAL_ITERATIONS

        await pilot.press("space")
        if not panel.running:
            out["notes"].append(
                "space did not start training on the first press (the panel believed it was "
                "already running); pressed it again"
            )
            await pilot.press("space")
        if not panel.running:
            raise RuntimeError("space does not start training: cannot measure")
        await asyncio.sleep(0.5)  # settle: first snapshots and builds

        builds0, shown0, it0 = plot.builds, panel.snapshots_shown, experiment.iteration
        start = time.perf_counter()
        with GcClock() as gc_clock:
            await asyncio.sleep(seconds)
        elapsed = time.perf_counter() - start
        builds1, shown1, it1 = plot.builds, panel.snapshots_shown, experiment.iteration
        out.update(
            fps=(builds1 - builds0) / elapsed,
            snapshots=(shown1 - shown0) / elapsed,
            app_steps=(it1 - it0) / elapsed,
            gc_share=gc_clock.total / elapsed,
        )

        out["latency_training"] = await key_latency(app, LATENCY_PRESSES)
        out["pilot_training"] = await pilot_press_round_trips(pilot, app, PILOT_PRESS_SAMPLES)
        if not panel.running or experiment.finished:
            out["notes"].append("training stopped before the latency measurement ended")

        # Pause (space), wait for the worker to stop and the last plot to be built.
        app.post_message(events.Key("space", " "))
        await until(app, lambda: not panel.running, timeout=10)
        await until(app, lambda: not any(w.group == "training" and not w.is_finished
                                         for w in app.workers), timeout=10)
        await asyncio.sleep(0.3)
        out["latency_paused"] = await key_latency(app, LATENCY_PRESSES)
        out["pilot_paused"] = await pilot_press_round_trips(pilot, app, PILOT_PRESS_SAMPLES)

        # What one loss-plot build costs at this size (diagnosis: the build runs in a thread
        # that needs the GIL, as the trainer and the UI loop do).
        data = plot.data
        width, height = plot.size.width, plot.size.height
        palette = palette_from_theme(app.theme_variables)
        build_times = []
        for _ in range(5):
            t = time.perf_counter()
            build_plot_text(data, width, height, palette)
            build_times.append(time.perf_counter() - t)
        out["build_ms"] = statistics.median(build_times) * 1000
        out["plot_size"] = (width, height)
        out["points"] = sum(len(s.xs) for s in data.series)
    return out


def measure_headless(seconds: float) -> float:
    """The same experiment, no UI: ``advance(CHUNK)`` in a loop for ``seconds``."""
    experiment = TrainingExperiment(**TANH_VS_SIGMOID)
    experiment.total_iterations = 10**9
    experiment.advance(CHUNK)  # warm-up
    it0 = experiment.iteration
    start = time.perf_counter()
    deadline = start + seconds
    while time.perf_counter() < deadline:
        experiment.advance(CHUNK)
    elapsed = time.perf_counter() - start
    return (experiment.iteration - it0) / elapsed


# -- report ------------------------------------------------------------------------------------
def verdict(ok: bool) -> str:
    return "" if ok else "  <- goal missed"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tui.bench",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=5.0,
                        help="measurement window while training (default 5)")
    args = parser.parse_args(argv)
    seconds = max(0.5, args.seconds)

    print(f"dnn-tutor UI benchmark - Python {platform.python_version()}, "
          f"{platform.machine()}, terminal {SIZE[0]}x{SIZE[1]} (headless)")
    wall = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="dnn-tutor-bench-") as tmp_name:
        tmp = Path(tmp_name)
        first = asyncio.run(measure_first_screen(tmp))
        # Half the headless window before the app's, half after: drift on a shared machine
        # then affects both alike.
        headless_before = measure_headless(seconds / 2)
        training = asyncio.run(measure_training(tmp / "training", seconds))
        headless = (headless_before + measure_headless(seconds / 2)) / 2

    # Goals are judged on the figures as printed (a ratio shown as 0.50 meets ">= 0.5").
    ratio = round(first["tutor"] / first["bare"], 2)
    print(f"first screen: dnn-tutor {ms(first['tutor'])}, bare Textual {ms(first['bare'])}, "
          f"ratio {ratio:.2f} (goal <= {GOAL_FIRST_SCREEN})"
          f"{verdict(ratio <= GOAL_FIRST_SCREEN)}")
    print(f"  (median of {RUNS}; cold first runs: dnn-tutor {ms(first['cold_tutor'])}, "
          f"bare {ms(first['cold_bare'])}; Textual's stock Footer + OptionList + Markdown "
          f"alone: {ms(first['stock'])}, "
          f"dnn-tutor / that {first['tutor'] / first['stock']:.2f})")
    print(f"plots while training: {training['fps']:.1f} frames/s (goal >= {GOAL_FPS:g})"
          f"{verdict(round(training['fps'], 1) >= GOAL_FPS)}, "
          f"snapshots {training['snapshots']:.1f}/s "
          f"(garbage collection: {training['gc_share']:.0%} of the time)")
    w, h = training["plot_size"]
    print(f"  (one loss-plot build, {w}x{h} cells, {training['points']} points: "
          f"{training['build_ms']:.1f} ms with the UI idle)")
    train_ratio = round(training["app_steps"] / headless, 2)
    print(f"training: app {training['app_steps']:,.0f} steps/s, "
          f"headless {headless:,.0f} steps/s, ratio {train_ratio:.2f} "
          f"(goal >= {GOAL_TRAINING}){verdict(train_ratio >= GOAL_TRAINING)}")
    lt, lp = training["latency_training"], training["latency_paused"]
    p95 = round(percentile(lt["visible"], 0.95), 3)
    print(f"key latency while training: median {ms(statistics.median(lt['visible']))}, "
          f"p95 {ms(p95)}; paused: median {ms(statistics.median(lp['visible']))}, "
          f"p95 {ms(percentile(lp['visible'], 0.95))} (goal p95 < {GOAL_P95_MS:g} ms)"
          f"{verdict(p95 * 1000 < GOAL_P95_MS)}")
    for name, lat in (("training", lt), ("paused", lp)):
        print(f"  {name}: action ran after median {ms(statistics.median(lat['action']))}, "
              f"p95 {ms(percentile(lat['action'], 0.95))}; garbage collection "
              f"{ms(lat['gc'])} per press")
    print(f"  ({LATENCY_PRESSES} presses of l each: key posted -> lesson list toggled -> screen "
          f"repainted. For reference, pilot.press + pilot.pause round trip: training "
          f"{', '.join(ms(t) for t in training['pilot_training'])}, paused "
          f"{', '.join(ms(t) for t in training['pilot_paused'])})")
    for note in training["notes"]:
        print(f"note: {note}")
    print(f"(benchmark took {time.perf_counter() - wall:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
