"""How responsive is the app? ``python -m tui.bench [--seconds N]``

Prints figures with ratios, each against a baseline measured in this same process (or back
to back); it is a benchmark, not a test, and never fails on timing.

1. Launch, whole process, in a real terminal (tmux, when installed): from spawning
   ``dnn-tutor`` until its first step's title and the footer are on the screen, against a
   bare Textual app with a Footer started the same way (``python -c``). Median of 5,
   interleaved. Then, headless (``App.run_test(size=(120, 40))``), the time to first screen
   of the app object against a bare ``App`` with one Static, as before.
1c. The first picture of every step: the course walked with ``n`` at 120x40, from the key
   posted until the new step's panel has drawn its first frame; the slowest step is named.
2. While the tanh-vs-sigmoid step trains at "max" pace (lesson "activations"): loss-plot
   frames built per second (``CurvePlot.builds``), frames shown per second, engine steps
   per second in the app against the same experiment trained headless for the same wall
   time, and the latency of every key a learner uses there: from the key posted (as the
   driver posts one) until the first frame that shows its effect reaches the display
   (``FrameClock``); "settled" beside it: until the effect is in the DOM and the screen has
   been repainted after that (``Screen.wait_for_refresh``), which counts the frames a step
   still draws after its first. Not ``pilot.press``: it waits for an idle CPU, which a
   training thread never gives.
3. The decision-boundary map: ms per redraw of one map filling 120x40 cells.
4. The playground at 160x48 with a [2, 8, 8, 8, 1] network on spiral, its map and its network
   drawn, training at max pace: steps a second against the same run headless (half the
   window before, half after), redraws a second, and every playground key's latency.
   ``--only playground`` measures just this.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Static

from commands.process import one_blas_thread
from commands.run import MAX_ITERATIONS
from lessons import get_lesson
from lessons import model as lesson_model
from lessons.knobs import with_values

from .app import DnnTutorApp
from .widgets.lesson_list import LessonList
from .state import Position, PositionStore
from .widgets.curve_plot import CurvePlot, build_plot_text
from .widgets.palette import palette_from_theme

SIZE = (120, 40)
RUNS = 5
LATENCY_ROUNDS = 8      # presses of every key
PRESS_GAP = 0.05        # seconds between presses, about a fast typist
BENCH_TOTAL_ITERATIONS = 10_000_000
SWEEP_LESSON, SWEEP_STEP, SWEEP_SIZE = "boundaries", "02-hidden-sizes", (160, 48)
GOAL_MAP_HZ = 5.0
TRAINING_LESSON = "activations"
TRAINING_STEP = get_lesson(TRAINING_LESSON).step_index("07-tanh-vs-sigmoid")
CHUNK = 10

# The goals of issue 19 §4.
GOAL_FIRST_SCREEN = 1.2  # launch: dnn-tutor / a bare Textual app with a Footer
GOAL_FIRST_PICTURE_MS = 300.0  # arriving on a step -> its first real picture
GOAL_FPS = 10.0          # loss-plot frames a second while training
GOAL_TRAINING = 0.5      # app / headless engine steps per second
GOAL_P95_MS = 50.0       # key latency while training at max pace
GOAL_MAP_MS = 3.0        # one boundary map redraw filling 120x40
GOAL_PLAYGROUND_HZ = 8.0


class BareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("hello", id="hello")


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
    """Wait until the screen has been repainted after everything queued so far. During a
    batch update (``App.batch_update``: a step's panel being mounted) Textual runs the
    callbacks that wait for a refresh without one: the batch's end is waited for first."""
    await until(app, lambda: not app._batch_count, timeout)
    if app.return_code is None:
        await asyncio.wait_for(app.screen.wait_for_refresh(), timeout)
    if app.return_code is not None:
        raise RuntimeError("the app stopped (crashed?) during the benchmark")


def text_shown(app: DnnTutorApp) -> bool:
    return bool(app.query_one("#text").source)


def shown_plots(panel) -> list[CurvePlot]:
    """The panel's plots that are drawn (one shown only where there is room is built when
    it is shown)."""
    return [plot for plot in panel.query(CurvePlot) if plot.display]


def first_screen_ready(app: DnnTutorApp) -> bool:
    panel = app.panel
    if panel is None or not panel.is_mounted or not text_shown(app):
        return False
    return all(plot.builds >= 1 for plot in shown_plots(panel))


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


async def measure_first_screen(tmp: Path) -> dict:
    cold_tutor = await first_screen_tutor(tmp / "warm")  # untimed warm-up (imports, caches)
    cold_bare = await first_screen_bare()
    tutor, bare = [], []
    for i in range(RUNS):
        if i % 2 == 0:
            tutor.append(await first_screen_tutor(tmp / f"t{i}"))
            bare.append(await first_screen_bare())
        else:
            bare.append(await first_screen_bare())
            tutor.append(await first_screen_tutor(tmp / f"t{i}"))
    return dict(tutor=statistics.median(tutor), bare=statistics.median(bare),
                cold_tutor=cold_tutor, cold_bare=cold_bare)


# -- 1c. the first picture of every step ----------------------------------------------------------
async def measure_first_pictures(tmp: Path) -> list[tuple[str, float]]:
    """Every step of the course in order, at 120x40, as a learner pressing ``n`` goes: from
    the key posted until the new step's panel shows its first frame (a map drawn, a plot
    built) and the screen has been repainted. Texts whose numbers need a run go on being
    computed meanwhile (cancelled by the next ``n``), as they do for a learner."""
    app = DnnTutorApp(store=store_in(tmp), welcome=False, tune_gc=True)
    out: list[tuple[str, float]] = []

    def shown(panel) -> bool:
        return (app.panel is not panel and app.panel is not None
                and app.panel.shown_frame is not None
                and all(plot.builds >= 1 for plot in shown_plots(app.panel)))

    async with app.run_test(size=SIZE):
        await until(app, lambda: first_screen_ready(app))
        await repainted(app)
        course = app.course
        for lesson_index, lesson in enumerate(course.lessons):
            for step_index in range(len(lesson.steps)):
                if (lesson_index, step_index) == (0, 0):
                    continue
                panel = app.panel
                start = time.perf_counter()
                app.post_message(events.Key("n", "n"))
                await until(app, lambda: shown(panel), timeout=30)
                await repainted(app)
                out.append((f"{lesson.id} step {step_index + 1}",
                            time.perf_counter() - start))
                await asyncio.sleep(PRESS_GAP)
    return out


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


# Every key a learner uses on a training step, with what changes when it has been handled.
# Pressed in this order, round after round: the sequence ends where it started (the same
# step, the list closed, no help screen), and every key has an effect to wait for.
KEYS: tuple[tuple[str, str | None, str, Callable[[DnnTutorApp], object]], ...] = (
    ("l", "l", "lesson list", lambda app: app.query_one(LessonList).display),
    ("l", "l", "lesson list", lambda app: app.query_one(LessonList).display),
    # The step's first knob (its α), down then up: see ``training_keys``.
    ("{down}", "{down}", "knob: {label} down (restarts the run)", lambda app: app.panel.spec),
    ("{up}", "{up}", "knob: {label} up (restarts the run)", lambda app: app.panel.spec),
    ("less_than_sign", "<", "pace slower", lambda app: app.panel.pace),
    ("greater_than_sign", ">", "pace faster", lambda app: app.panel.pace),
    ("space", " ", "pause / train", lambda app: app.panel.running),
    ("space", " ", "pause / train", lambda app: app.panel.running),
    ("r", "r", "reset the run", lambda app: app.panel.generation),
    ("question_mark", "?", "help screen", lambda app: type(app.screen)),
    ("escape", None, "close help", lambda app: type(app.screen)),
    ("n", "n", "next step", lambda app: mounted_panel(app)),
    ("p", "p", "previous step", lambda app: mounted_panel(app)),
)


def mounted_panel(app: DnnTutorApp) -> int | None:
    """The id of the step's panel once it has mounted (until then, of the one before): a
    step's key has taken effect when the new step's panel is there, not at its title and
    text repainted without it."""
    panel = app.panel
    if panel is not None and panel.is_mounted:
        _MOUNTED[app] = id(panel)
    return _MOUNTED.get(app)


_MOUNTED: dict = {}


def training_keys(app: DnnTutorApp) -> tuple:
    """``KEYS`` with the keys of the training step's first knob filled in (its keys are the
    lesson's data: ``E``/``e`` once, ``K``/``k`` since α became a factor on every run's)."""
    knob = app.panel.step.knobs[0]
    names = dict(down=knob.down, up=knob.up_keys[0], label=knob.label)
    return tuple((key.format(**names), None if char is None else char.format(**names),
                  what.format(**names), effect) for key, char, what, effect in KEYS)


def active_panel(app: DnnTutorApp):
    """The panel the keys go to: the playground's when it is open, else the step's."""
    from .playground import PlaygroundScreen

    for screen in reversed(app.screen_stack):
        if isinstance(screen, PlaygroundScreen):
            return screen.panel
    return app.panel


async def ensure_training(app: DnnTutorApp) -> None:
    """Untimed: the run going at full speed before the next key is timed."""
    panel = active_panel(app)
    if not panel.running:
        panel.pace = None
        panel.action_toggle_training()
        await until(app, lambda: panel.experiment.iteration > 0, timeout=10)
        await asyncio.sleep(0.1)


class FrameClock:
    """When the first frame showing a key's effect reached the display: ``App._display`` is
    where each frame the compositor made goes to the terminal (headless: it stops there),
    and the effect is read in the same instant, so it is in that frame. Timing instead
    "until the effect is seen, then the next repaint" (what this bench did before) counted
    one frame too many whenever the screen had more to draw after the key (a step's plot
    arriving): its first frame had already shown the key's effect."""

    def __init__(self, app: App):
        self.app = app
        self._display = app._display
        self.effect: Callable[[App], object] | None = None
        self.before: object = None
        self.shown_at: float | None = None
        self.shown_cpu = 0.0  # the UI thread's CPU time then (``time.thread_time``)

    def expect(self, effect: Callable[[App], object], before: object) -> None:
        self.effect, self.before, self.shown_at = effect, before, None

    def __call__(self, screen, renderable) -> None:
        self._display(screen, renderable)
        if (renderable is not None and not self.app._batch_count and self.shown_at is None
                and self.effect is not None and self.effect(self.app) != self.before):
            self.shown_at = time.perf_counter()
            self.shown_cpu = time.thread_time()

    def __enter__(self) -> "FrameClock":
        self.app._display = self
        return self

    def __exit__(self, *exc) -> None:
        del self.app._display  # the class's method again


async def key_latency(app: DnnTutorApp, rounds: int, training: bool, keys=None) -> dict:
    """Per key: posted as the driver posts it -> the first frame on the display with its
    effect in it (``FrameClock``), timed from the moment it was posted. "settled": until
    the screen has been repainted after the effect was noticed (what was reported before)."""
    keys = training_keys(app) if keys is None else keys
    visible: dict[str, list[float]] = {}
    settled: dict[str, list[float]] = {}
    # The UI thread's own CPU time until the first frame: the work a key costs, apart from
    # waiting for the processor (other threads, other processes on a loaded machine).
    work: dict[str, list[float]] = {}
    with GcClock() as gc_clock, FrameClock(app) as frames:
        for _ in range(rounds):
            for key, char, what, effect in keys:
                if training and key != "space":
                    await ensure_training(app)
                before = effect(app)
                frames.expect(effect, before)
                start, start_cpu = time.perf_counter(), time.thread_time()
                app.post_message(events.Key(key, char))
                await until(app, lambda: effect(app) != before, timeout=10)
                await repainted(app)
                name = f"{key_label(key)} ({what})"
                settled.setdefault(name, []).append(time.perf_counter() - start)
                await until(app, lambda: frames.shown_at is not None, timeout=10)
                visible.setdefault(name, []).append(frames.shown_at - start)
                work.setdefault(name, []).append(frames.shown_cpu - start_cpu)
                await asyncio.sleep(PRESS_GAP)
            if not training and active_panel(app).running:
                active_panel(app).stop()
    presses = sum(len(v) for v in visible.values())
    return dict(visible=visible, settled=settled, work=work, gc=gc_clock.total / presses)


def key_label(key: str) -> str:
    return {"less_than_sign": "<", "greater_than_sign": ">", "question_mark": "?"}.get(key, key)


# -- 4. the playground ---------------------------------------------------------------------------
# The most the command line accepts (``MAX_ITERATIONS``): minutes at max pace, longer than
# the measurement (10 million, more than that, was refused).
PLAYGROUND_COMMAND = ("--dataset spiral --layers 8,8,8 --activation relu --init he --lr 0.03 "
                      f"--iterations {MAX_ITERATIONS}")
PLAYGROUND_SIZE = (160, 48)
PLAYGROUND_KEYS: tuple = (
    ("e", "e", "knob: α up (restarts the run)", lambda app: active_panel(app).spec),
    ("E", "E", "knob: α down", lambda app: active_panel(app).spec),
    ("u", "u", "knob: units of the layer (new network)", lambda app: active_panel(app).spec),
    ("U", "U", "knob: units back", lambda app: active_panel(app).spec),
    ("right", None, "cursor to the next layer", lambda app: active_panel(app).spec.cursor),
    ("left", None, "cursor back", lambda app: active_panel(app).spec.cursor),
    ("y", "y", "A/B on (two networks)", lambda app: active_panel(app).spec.compare),
    ("y", "y", "A/B off", lambda app: active_panel(app).spec.compare),
    ("less_than_sign", "<", "pace slower", lambda app: active_panel(app).pace),
    ("greater_than_sign", ">", "pace faster", lambda app: active_panel(app).pace),
    ("space", " ", "pause / train", lambda app: active_panel(app).running),
    ("space", " ", "pause / train", lambda app: active_panel(app).running),
    ("r", "r", "reset the run", lambda app: active_panel(app).generation),
    ("question_mark", "?", "help screen", lambda app: type(app.screen)),
    ("escape", None, "close help", lambda app: type(app.screen)),
)


def playground_spec():
    from commands.playground import spec_from_argv

    return spec_from_argv(shlex.split(PLAYGROUND_COMMAND))


async def measure_playground(tmp: Path, seconds: float) -> dict:
    """A [2, 8, 8, 8, 1] ReLU network on spiral in the playground at 160x48, its map and its
    network drawn, training at max pace: engine steps a second, redraws a second, keys."""
    app = DnnTutorApp(store=store_in(tmp), welcome=False, tune_gc=True,
                      playground=playground_spec())
    out: dict = {}
    async with app.run_test(size=PLAYGROUND_SIZE):
        from .playground import PlaygroundScreen

        # The playground opens over the lessons after the first screen has been drawn.
        await until(app, lambda: isinstance(app.screen, PlaygroundScreen)
                    and app.screen.panel.shown_frame is not None, timeout=60)
        panel = active_panel(app)
        panel.pace = None
        out.update(await redraws_while_training(panel, seconds))
        out["latency"] = await key_latency(app, LATENCY_ROUNDS, training=True,
                                           keys=PLAYGROUND_KEYS)
    return out


def measure_playground_headless(seconds: float) -> float:
    experiment = playground_spec().build()
    experiment.advance(CHUNK)
    it0, start = experiment.iteration, time.perf_counter()
    while time.perf_counter() < start + seconds:
        experiment.advance(CHUNK)
    return (experiment.iteration - it0) / (time.perf_counter() - start)


def latency_summary(latency: dict) -> str:
    """"every key p95 …, median …" of the first frames, then the same of "settled"."""
    every = [t for times in latency["visible"].values() for t in times]
    settled = [t for times in latency["settled"].values() for t in times]
    work = [t for times in latency["work"].values() for t in times]
    p95 = round(percentile(every, 0.95), 3)
    return (f"every key p95 {ms(p95)}, median {ms(statistics.median(every))} (goal p95 < "
            f"{GOAL_P95_MS:g} ms){verdict(p95 * 1000 < GOAL_P95_MS)}; settled p95 "
            f"{ms(percentile(settled, 0.95))}; the UI thread's work p95 "
            f"{ms(percentile(work, 0.95))}")


def print_keys(latency: dict) -> None:
    for key, times in latency["visible"].items():
        print(f"  {key:<40} median {ms(statistics.median(times)):>7}, "
              f"max {ms(max(times)):>7}; settled median "
              f"{ms(statistics.median(latency['settled'][key])):>7}; work median "
              f"{ms(statistics.median(latency['work'][key])):>6}")


def report_playground(seconds: float) -> None:
    with tempfile.TemporaryDirectory(prefix="dnn-tutor-bench-") as tmp_name:
        before = measure_playground_headless(seconds / 2)
        play = asyncio.run(measure_playground(Path(tmp_name), seconds))
        headless = (before + measure_playground_headless(seconds / 2)) / 2
    ratio = round(play["steps"] / headless, 2)
    print(f"playground at {PLAYGROUND_SIZE[0]}x{PLAYGROUND_SIZE[1]} ([2, 8, 8, 8, 1] ReLU on "
          f"spiral, map and network drawn, max pace): app {play['steps']:,.0f} steps/s, "
          f"headless {headless:,.0f} steps/s, ratio {ratio:.2f} (goal >= {GOAL_TRAINING})"
          f"{verdict(ratio >= GOAL_TRAINING)}; {play['redraws']:.1f} redraws/s (goal >= "
          f"{GOAL_PLAYGROUND_HZ:g}){verdict(round(play['redraws'], 1) >= GOAL_PLAYGROUND_HZ)}; "
          f"{latency_summary(play['latency'])}")
    print_keys(play["latency"])


async def long_run_at_full_speed(app: DnnTutorApp) -> None:
    """Benchmark-only: the step's run made long enough to still be going throughout, at
    "max" pace. Its text (and those of the specs the knob keys reach) would quote a
    10-million-iteration run: they get the lesson's own numbers instead of computing that."""
    panel = app.panel
    long_run = with_values(panel.spec, {"iterations": BENCH_TOTAL_ITERATIONS})
    for knob in panel.step.knobs:
        for delta in (-1, 0, 1):
            spec = knob.turn(long_run, delta)[0]
            lesson_model._FACTS_CACHE[lesson_model._facts_key(panel.step, spec)] = \
                lesson_model.step_facts(panel.step)
    panel.set_spec(long_run)
    panel.pace = None
    await until(app, lambda: text_workers_done(app), timeout=60)


async def redraws_while_training(panel, seconds: float) -> dict:
    """Training started, then over ``seconds``: frames drawn and iterations run a second."""
    panel.action_toggle_training()
    await asyncio.sleep(0.5)  # settle: first frames and builds
    shown0, it0 = panel.frames_shown, panel.experiment.iteration
    start = time.perf_counter()
    await asyncio.sleep(seconds)
    elapsed = time.perf_counter() - start
    return dict(redraws=(panel.frames_shown - shown0) / elapsed,
                steps=(panel.experiment.iteration - it0) / elapsed)


async def measure_map_sweep(tmp: Path, seconds: float) -> dict:
    """Seven decision-boundary maps (the hidden-size sweep) at 160x48 while all seven
    networks train at full speed: maps redrawn a second, and every key's latency."""
    lesson = get_lesson(SWEEP_LESSON)
    step = lesson.step_index(SWEEP_STEP)
    app = DnnTutorApp(store=store_in(tmp), lesson=SWEEP_LESSON, step=step, welcome=False,
                      tune_gc=True)
    out: dict = {}
    async with app.run_test(size=SWEEP_SIZE):
        await until(app, lambda: app.panel is not None and app.panel.shown_frame is not None
                    and text_workers_done(app), timeout=60)
        panel = app.panel
        await long_run_at_full_speed(app)
        out.update(await redraws_while_training(panel, seconds))
        out["maps"] = len(panel.frame.views[0].maps)
        out["latency"] = await key_latency(app, LATENCY_ROUNDS, training=True)
    return out


async def measure_training(tmp: Path, seconds: float) -> dict:
    # tune_gc=True as `dnn-tutor` launches it: startup objects frozen out of collections.
    app = DnnTutorApp(store=store_in(tmp), lesson=TRAINING_LESSON, step=TRAINING_STEP,
                      welcome=False, tune_gc=True)
    out: dict = {"notes": []}
    async with app.run_test(size=SIZE):
        # The step's text quotes numbers from its own run, computed in a text worker: wait
        # for it so it does not compete with the training we measure.
        await until(app, lambda: first_screen_ready(app) and text_workers_done(app))
        panel = app.panel
        await long_run_at_full_speed(app)
        plot = panel.view_widgets[0]
        experiment = panel.experiment
        panel.action_toggle_training()
        await asyncio.sleep(0.5)  # settle: first frames and builds

        builds0, shown0, it0 = plot.builds, panel.frames_shown, experiment.iteration
        start = time.perf_counter()
        with GcClock() as gc_clock:
            await asyncio.sleep(seconds)
        elapsed = time.perf_counter() - start
        builds1, shown1, it1 = plot.builds, panel.frames_shown, experiment.iteration
        out.update(
            fps=(builds1 - builds0) / elapsed,
            frames=(shown1 - shown0) / elapsed,
            app_steps=(it1 - it0) / elapsed,
            gc_share=gc_clock.total / elapsed,
        )
        # What one loss-plot build costs at this size, with the curves just drawn (diagnosis:
        # the build runs in a thread that needs the GIL, as the trainer and the UI loop do).
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
        out["points"] = sum(len(line.xs) for line in data.lines)
        out["latency_training"] = await key_latency(app, LATENCY_ROUNDS, training=True)
        app.panel.stop()
        await until(app, lambda: not any(w.group == "training" and not w.is_finished
                                         for w in app.workers), timeout=10)
        await asyncio.sleep(0.3)
        out["latency_paused"] = await key_latency(app, LATENCY_ROUNDS, training=False)

    return out


def measure_headless(seconds: float) -> float:
    """The same experiment, no UI: ``advance(CHUNK)`` in a loop for ``seconds``."""
    step = get_lesson(TRAINING_LESSON).steps[TRAINING_STEP]
    experiment = with_values(step.spec, {"iterations": BENCH_TOTAL_ITERATIONS}).build()
    experiment.advance(CHUNK)  # warm-up
    it0 = experiment.iteration
    start = time.perf_counter()
    deadline = start + seconds
    while time.perf_counter() < deadline:
        experiment.advance(CHUNK)
    elapsed = time.perf_counter() - start
    return (experiment.iteration - it0) / elapsed


# -- 1b. launch in a real terminal --------------------------------------------------------------
BARE_FOOTER_APP = """
from textual.app import App
from textual.binding import Binding
from textual.widgets import Footer, Static
class Bare(App):
    BINDINGS = [Binding("q", "quit", "quit")]
    def compose(self):
        yield Static("hello from a bare app")
        yield Footer(compact=True)
Bare().run()
"""


def _tmux_launch(command: str, markers: tuple[str, ...], cols: int, rows: int,
                 timeout: float = 20.0) -> float:
    """Seconds from spawning ``command`` in a fresh tmux pane until every one of ``markers``
    is on it."""
    name = f"dnn-tutor-bench-{os.getpid()}"
    subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)
    start = time.perf_counter()
    for attempt in range(3):
        # tmux's server exits with its last session; a session made at that moment fails
        # ("server exited unexpectedly"): made again, timed again.
        start = time.perf_counter()
        made = subprocess.run(["tmux", "new-session", "-d", "-s", name, "-x", str(cols),
                               "-y", str(rows), f"TERM=xterm-256color {command}"],
                              capture_output=True, text=True)
        if made.returncode == 0:
            break
        time.sleep(0.2)
    else:
        raise RuntimeError(f"tmux could not start {command!r}: {made.stderr.strip()}")
    try:
        while time.perf_counter() - start < timeout:
            screen = subprocess.run(["tmux", "capture-pane", "-p", "-t", name],
                                    capture_output=True, text=True).stdout
            if all(marker in screen for marker in markers):
                return time.perf_counter() - start
            time.sleep(0.003)
        raise TimeoutError(f"{markers!r} never appeared")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)


def measure_launch(tmp: Path) -> dict | None:
    """Whole-process launch to a usable first screen in a real terminal (tmux), dnn-tutor
    against a bare Textual app with a Footer, median of RUNS, interleaved."""
    if shutil.which("tmux") is None:
        return None
    state = tmp / "launch-state"
    store = PositionStore(state / "dnn-tutor" / "position.json")
    store.save(Position("activations", 0, {"activations": [0]}, welcomed=True))
    # Both with compiled bytecode, as an installed app has it: with PYTHONDONTWRITEBYTECODE
    # set (as in a development shell) every launch compiled the app's own modules again,
    # ~90 ms that a learner never pays. The cache goes to the temporary folder, not the tree.
    python = (f"env -u PYTHONDONTWRITEBYTECODE "
              f"PYTHONPYCACHEPREFIX={shlex.quote(str(tmp / 'pycache'))} "
              f"{shlex.quote(sys.executable)}")
    tutor_cmd = f"XDG_STATE_HOME={shlex.quote(str(state))} {python} -m tui"
    bare_script = tmp / "bare_footer_app.py"
    bare_script.write_text(BARE_FOOTER_APP)
    bare_cmd = f"{python} {shlex.quote(str(bare_script))}"
    first_title = get_lesson("activations").steps[0].title
    # The same condition for both: the app's own content and its footer on the screen. For
    # dnn-tutor that is the first step's title and text (its panel follows once the
    # lessons have loaded: the first picture, measured below).
    tutor_marker, bare_marker = (first_title, "quit"), ("hello from a bare app", "quit")
    _tmux_launch(tutor_cmd, tutor_marker, *SIZE)  # warm-up: the file system, the bytecode
    _tmux_launch(bare_cmd, bare_marker, *SIZE)
    tutor, bare = [], []
    for i in range(RUNS):
        pair = [(tutor, tutor_cmd, tutor_marker), (bare, bare_cmd, bare_marker)]
        for times, command, marker in (pair if i % 2 == 0 else pair[::-1]):
            times.append(_tmux_launch(command, marker, *SIZE))
    return dict(tutor=statistics.median(tutor), bare=statistics.median(bare),
                title=first_title)


# -- 3. the decision-boundary map -----------------------------------------------------------------
def boundary_map_benchmark(redraws: int = 50) -> float:
    """Prints (and returns) the ms per redraw of one ``BoundaryMapView`` filling a 120x40 app:
    ``show()`` of a new grid plus a full render of every line through Textual's styles pass
    (``render_lines``, what the compositor asks for), the median of ``redraws``. The grids
    are a [2, 4, 1] tanh network's on flower (its 400 points drawn over them) at successive
    stages of training, computed up front at the widget's ``map_size`` (the probe's work is
    not the widget's). Baseline, same process: plotext's matrix plot of the same grid, same
    colours, same size (median of 5)."""
    from textual.geometry import Region

    from engine.data import load
    from engine.network import Network
    from engine.probes import grid_bounds, output_grid
    from engine.training import Trainer
    from lessons.view_data import BoundaryMap, BoundaryMaps, PointSet

    from .plotext_internals import new_plot
    from .widgets.boundary_map import BoundaryMapView, _quantise

    size_cells = (120, 40)

    class MapApp(App[None]):
        def compose(self) -> ComposeResult:
            yield BoundaryMapView()

    flower = load("flower")
    bounds = grid_bounds(flower.X)
    points = (PointSet(flower.X, flower.Y),)
    out: dict = {}

    async def run() -> None:
        app = MapApp()
        async with app.run_test(size=size_cells) as pilot:
            await pilot.pause()
            view = app.query_one(BoundaryMapView)
            size = view.map_size(1)
            network = Network([2, 4, 1], "tanh", init="small", init_seed=2)
            trainer = Trainer(network, flower.X, flower.Y, 1.2)
            frames = []
            for _ in range(10):  # trained-ish: 100 .. 1000 iterations
                trainer.run(100)
                grid = output_grid(network, bounds, size.nx, size.ny)
                frames.append(BoundaryMaps((BoundaryMap(
                    "[2, 4, 1] tanh", bounds, grid.output, points,
                    caption=f"train {trainer.accuracy():.1%}", color=0),)))
            region = Region(0, 0, view.size.width, view.size.height)
            view.show(frames[-1])
            view.render_lines(region)  # warm-up
            times = []
            for i in range(redraws):
                start = time.perf_counter()
                view.show(frames[i % len(frames)])
                lines = view.render_lines(region)
                times.append(time.perf_counter() - start)
            assert len(lines) == region.height
            out.update(ms=statistics.median(times) * 1000, grid=(size.nx, size.ny),
                       lines=region.height)

            # plotext's matrix plot of the last grid, same colours, same size: the baseline.
            colors = view.palette.colors
            pixel = [*colors.levels, *colors.nan]
            levels = _quantise(frames[-1].maps[0].output)[::-1].tolist()
            matrix = [[pixel[v] for v in row] for row in levels]
            base = []
            for _ in range(5):
                start = time.perf_counter()
                plt = new_plot(*size_cells)
                plt.matrix_plot(matrix)
                plt.build()
                base.append(time.perf_counter() - start)
            out["plotext_ms"] = statistics.median(base) * 1000

    asyncio.run(run())
    ms_map, ms_plotext = out["ms"], out["plotext_ms"]
    print(f"boundary map: {ms_map:.1f} ms per redraw at {size_cells[0]}x{size_cells[1]} "
          f"(goal <= {GOAL_MAP_MS:g} ms){verdict(round(ms_map, 1) <= GOAL_MAP_MS)}")
    print(f"  (median of {redraws}: show() of a new {out['grid'][0]}x{out['grid'][1]} grid "
          f"with 400 points + render of all {out['lines']} lines; plotext's matrix plot of "
          f"the same grid: {ms_plotext:.1f} ms, {ms_plotext / ms_map:.0f}x slower)")
    return ms_map


# -- report ------------------------------------------------------------------------------------
def verdict(ok: bool) -> str:
    return "" if ok else "  <- goal missed"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tui.bench",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=5.0,
                        help="measurement window while training (default 5)")
    parser.add_argument("--only", choices=("playground",),
                        help="measure only this part (the playground: about 30 s)")
    args = parser.parse_args(argv)
    seconds = max(0.5, args.seconds)
    # As `dnn-tutor` runs (tui.cli.main): with NumPy's default BLAS threads, on a busy 2-core
    # machine, the first frame of "Too small, too large" took 200 ms instead of 55 ms.
    one_blas_thread()
    if args.only == "playground":
        report_playground(seconds)
        return 0

    print(f"dnn-tutor UI benchmark - Python {platform.python_version()}, "
          f"{platform.machine()}, terminal {SIZE[0]}x{SIZE[1]} (headless)")
    wall = time.perf_counter()
    boundary_map_benchmark()  # first: it needs nothing from the lessons
    with tempfile.TemporaryDirectory(prefix="dnn-tutor-bench-") as tmp_name:
        tmp = Path(tmp_name)
        launch = measure_launch(tmp)
        first = asyncio.run(measure_first_screen(tmp))
        pictures = asyncio.run(measure_first_pictures(tmp / "pictures"))
        # Half the headless window before the app's, half after: drift on a shared machine
        # then affects both alike.
        headless_before = measure_headless(seconds / 2)
        training = asyncio.run(measure_training(tmp / "training", seconds))
        headless = (headless_before + measure_headless(seconds / 2)) / 2
        sweep = asyncio.run(measure_map_sweep(tmp / "sweep", seconds))

    # Goals are judged on the figures as printed (a ratio shown as 0.50 meets ">= 0.5").
    if launch is None:
        print("launch ratio: not measured (tmux is not installed)")
    else:
        ratio = round(launch["tutor"] / launch["bare"], 2)
        print(f"launch ratio: {ratio:.2f} (goal <= {GOAL_FIRST_SCREEN}); dnn-tutor "
              f"{ms(launch['tutor'])}, bare Textual app with a Footer {ms(launch['bare'])}"
              f"{verdict(ratio <= GOAL_FIRST_SCREEN)}")
        print(f"  (in a real terminal, tmux {SIZE[0]}x{SIZE[1]}, median of {RUNS}, "
              "interleaved: process spawned -> first step and footer on the screen)")
    slowest_step, slowest = max(pictures, key=lambda item: item[1])
    times = [t for _, t in pictures]
    print(f"first picture: max {ms(slowest)} (slowest: {slowest_step}), median "
          f"{ms(statistics.median(times))} (goal <= {GOAL_FIRST_PICTURE_MS:g} ms)"
          f"{verdict(round(slowest * 1000) <= GOAL_FIRST_PICTURE_MS)}")
    print(f"  (every step after the first, {len(pictures)}, reached by n at {SIZE[0]}x{SIZE[1]}: "
          "key posted -> the panel's first frame drawn and the screen repainted)")
    ratio = round(first["tutor"] / first["bare"], 2)
    print(f"first screen, headless app object: dnn-tutor {ms(first['tutor'])}, bare Textual "
          f"{ms(first['bare'])}, ratio {ratio:.2f}")
    print(f"  (median of {RUNS}; cold first runs: dnn-tutor {ms(first['cold_tutor'])}, "
          f"bare {ms(first['cold_bare'])})")
    print(f"plots while training: {training['fps']:.1f} frames a second (goal >= {GOAL_FPS:g})"
          f"{verdict(round(training['fps'], 1) >= GOAL_FPS)}, "
          f"frames {training['frames']:.1f}/s "
          f"(garbage collection: {training['gc_share']:.0%} of the time)")
    w, h = training["plot_size"]
    print(f"  (one loss-plot build, {w}x{h} cells, {training['points']} points: "
          f"{training['build_ms']:.1f} ms with the UI idle)")
    train_ratio = round(training["app_steps"] / headless, 2)
    print(f"training at max pace: app {training['app_steps']:,.0f} steps/s, "
          f"headless {headless:,.0f} steps/s, ratio {train_ratio:.2f} "
          f"(goal >= {GOAL_TRAINING}){verdict(train_ratio >= GOAL_TRAINING)}")
    for name in ("training", "paused"):
        lat = training[f"latency_{name}"]
        print(f"key latency while {name}: {latency_summary(lat)}; garbage collection "
              f"{ms(lat['gc'])} a press")
        print_keys(lat)
    print(f"  ({LATENCY_ROUNDS} rounds of every key: key posted -> the first frame on the "
          "display with its effect in it; settled: -> effect noticed -> screen repainted)")
    print(f"{sweep['maps']} boundary maps at {SWEEP_SIZE[0]}x{SWEEP_SIZE[1]} while training "
          f"(max pace, {sweep['steps']:,.0f} iterations/s of all seven): "
          f"{sweep['redraws']:.1f} redraws/s (goal >= {GOAL_MAP_HZ:g})"
          f"{verdict(round(sweep['redraws'], 1) >= GOAL_MAP_HZ)}; "
          f"{latency_summary(sweep['latency'])}")
    slowest = max(sweep["latency"]["visible"].items(), key=lambda kv: max(kv[1]))
    print(f"  (slowest key there: {slowest[0]}, max {ms(max(slowest[1]))})")
    report_playground(seconds)
    for note in training["notes"]:
        print(f"note: {note}")
    print(f"(benchmark took {time.perf_counter() - wall:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
