"""``q`` quits on every screen and modal the app can show, while a step trains too, and no
worker is left running; inside a text input ``q`` is a letter and the key bar says how to
leave the input.

The screens are discovered: every ``Screen`` class the ``tui`` package defines must have a
way in below (``SCREEN_CASES``), and the steps pressed are chosen so that every kind of step
(trains or not, each kind of checkpoint) and every kind of view the course shows is among
them, so a new screen or a new kind of step cannot be missed silently. What the workers were
doing when the key arrived is recorded with ``run_test(message_hook=...)``, and what became
of them after it is checked (messages posted after the exit are never delivered).
"""

from __future__ import annotations

import asyncio
import functools
import importlib
import pkgutil
from dataclasses import dataclass, field
from typing import Awaitable, Callable

import pytest
from textual import events
from textual.command import CommandPalette
from textual.screen import Screen
from textual.worker import Worker, WorkerCancelled, WorkerFailed, WorkerState

import engine.training
import lessons.model
import lessons.facts
import tui
import tui.lesson_screen
import tui.panel
from lessons import LESSONS, get_lesson
from lessons.i18n import set_language, tr
from commands.playground import spec_from_argv
from lessons.protocols import ExperimentDefaults
from tui.app import DnnTutorApp
from tui.lesson_screen import LessonScreen
from tui.panel import CHUNK, StepPanel, chunk_size
from tui.playground import PlaygroundScreen
from tui.screens import HelpScreen, TooSmallScreen, WelcomeScreen
from tui.widgets.keybar import KeyBar, takes_text
from tui.widgets.lesson_list import LessonList
from waiting import wait_until

Opener = Callable[[object], Awaitable[None]]


# -- what there is to press q on -------------------------------------------------------------
def tui_screen_classes() -> set[type[Screen]]:
    """Every Screen class defined in the tui package (each module imported to find them)."""
    for module in pkgutil.walk_packages(tui.__path__, "tui."):
        if not module.name.endswith("__main__"):  # it runs the app when imported
            importlib.import_module(module.name)
    found, todo = set(), [Screen]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("tui."):
                found.add(sub)
    return found


def step_kind(step) -> tuple:
    return (step.trains, step.checkpoint)


def steps_to_press() -> list[tuple[str, int]]:
    """The first step of each kind (trains or not, its checkpoint), then more until every
    kind of view the course shows is among them."""
    chosen, kinds, views = [], set(), set()
    for lesson in LESSONS:
        for i, step in enumerate(lesson.steps):
            new_views = {view.data_type for view in step.views} - views
            if step_kind(step) not in kinds or new_views:
                chosen.append((lesson.id, i))
                kinds.add(step_kind(step))
                views |= new_views
    return chosen


# -- opening each screen -------------------------------------------------------------------------
def press(*keys: str) -> Opener:
    async def open_(pilot) -> None:
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
    return open_


async def nothing(pilot) -> None:
    await pilot.pause()


async def too_small(pilot) -> None:
    await pilot.resize_terminal(60, 20)
    await pilot.pause()


async def focus_lesson_list(pilot) -> None:
    pilot.app.query_one(LessonList).focus()
    await pilot.pause()


async def playground(pilot) -> None:
    await pilot.press("P")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, PlaygroundScreen))


async def playground_help(pilot) -> None:
    await playground(pilot)
    await pilot.press("question_mark")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))


async def playground_training(pilot) -> None:
    await playground(pilot)
    panel = pilot.app.screen.panel
    await pilot.press("space")
    await wait_until(pilot, lambda: panel.running and panel.experiment.iteration > 0)


async def playground_too_small(pilot) -> None:
    await playground(pilot)
    await too_small(pilot)


@dataclass
class Case:
    name: str
    screen: type[Screen]
    open: Callable
    size: tuple[int, int] = (80, 24)
    app_kwargs: dict = field(default_factory=dict)


SCREEN_CASES = [
    Case("lessons", LessonScreen, nothing),
    Case("welcome", WelcomeScreen, nothing, app_kwargs=dict(welcome=True)),
    Case("help", HelpScreen, press("question_mark")),
    Case("too-small", TooSmallScreen, too_small),
    Case("too-small-before-the-welcome", TooSmallScreen, nothing, size=(60, 20),
         app_kwargs=dict(welcome=True)),
    Case("lesson-list-over-the-text", LessonScreen, press("l")),
    Case("lesson-list-beside-the-text", LessonScreen, focus_lesson_list, size=(120, 40)),
    Case("playground", PlaygroundScreen, playground),
    Case("playground-training", PlaygroundScreen, playground_training),
    Case("playground-help", HelpScreen, playground_help),
    Case("too-small-over-the-playground", TooSmallScreen, playground_too_small),
]


def test_every_screen_the_app_defines_has_a_quit_case():
    covered = {case.screen for case in SCREEN_CASES}
    missing = tui_screen_classes() - covered
    assert not missing, f"add a way to open {sorted(c.__name__ for c in missing)} here"


# -- pressing q ----------------------------------------------------------------------------------
class Recorder:
    """What quitting did, in order: the messages as they arrive, and at the ``q`` key the
    state of every worker then (messages posted after the exit are never delivered)."""

    def __init__(self):
        self.app: DnnTutorApp | None = None
        self.events: list[tuple[str, object]] = []

    def __call__(self, message) -> None:
        if isinstance(message, events.Key) and message.key == "q":
            states = {w.group: w.state.name for w in self.app.workers} if self.app else {}
            self.events.append(("key q", states))
        elif isinstance(message, Worker.StateChanged):
            self.events.append((message.state.name, message.worker.group))

    def at_q(self) -> dict:
        return next(states for kind, states in self.events if kind == "key q")


async def finished(worker: Worker) -> None:
    try:
        await worker.wait()
    except (WorkerCancelled, WorkerFailed):
        pass


async def assert_quits(pilot) -> None:
    """``q`` ends the app; after it no worker is still running, and a training run that
    was going when ``q`` came saw its cancellation (a plot being built, or a text whose run
    ended just then, may finish instead)."""
    app = pilot.app
    running = [w for w in app.workers if w.state in (WorkerState.PENDING, WorkerState.RUNNING)]
    await pilot.press("q")
    assert app._exit, f"q did not quit on {type(app.screen).__name__}"
    # A bound on a hang, not a timing: the workers end at their next look at cancellation.
    await asyncio.wait_for(asyncio.gather(*(finished(w) for w in running)), timeout=20)
    for worker in running:
        expected = {WorkerState.CANCELLED} if worker.group == "training" else {
            WorkerState.CANCELLED, WorkerState.SUCCESS}
        assert worker.state in expected, (worker.name, worker.group, worker.state)
    assert all(w.is_finished for w in app.workers)


@pytest.mark.parametrize("case", SCREEN_CASES, ids=[case.name for case in SCREEN_CASES])
async def test_q_quits_on_every_screen(make_app, case):
    recorder = Recorder()
    app = recorder.app = make_app(**case.app_kwargs)
    async with app.run_test(size=case.size, message_hook=recorder) as pilot:
        await case.open(pilot)
        assert type(app.screen) is case.screen, type(app.screen)
        await assert_quits(pilot)
    assert app.return_code == 0


STEPS = steps_to_press()


@pytest.mark.parametrize("lesson_id,index", STEPS,
                         ids=[f"{lid}-{i + 1}" for lid, i in STEPS])
async def test_q_quits_on_every_kind_of_step(make_app, lesson_id, index):
    """Every text input on the step first: q is typed there, the key bar says how to leave
    and leaving gives the keys back; then, for a step that trains, while it trains."""
    recorder = Recorder()
    app = recorder.app = make_app(lesson=lesson_id, step=index)
    async with app.run_test(size=(80, 24), message_hook=recorder) as pilot:
        await wait_until(pilot, lambda: app.focused is app.panel)
        for text_input in [w for w in app.screen.query("*") if takes_text(w)]:
            await type_q_then_leave(pilot, text_input)
        panel = app.panel
        if panel.trains:
            if panel.experiment.not_ready:
                await pilot.press("1")  # a prediction: the run starts with a choice
            else:
                await pilot.press("space")
            await wait_until(pilot, lambda: panel.running and panel.experiment.iteration > 0)
        await assert_quits(pilot)
    assert app.return_code == 0
    if panel.trains:  # q came while it trained (assert_quits: and it ended cancelled)
        assert recorder.at_q()["training"] == "RUNNING", recorder.events


async def type_q_then_leave(pilot, text_input) -> None:
    app = pilot.app
    text_input.focus()
    await pilot.pause()
    before = text_input.value
    await pilot.press("q")
    assert not app._exit and text_input.value == before + "q"
    bar = app.screen.query_one(KeyBar)
    assert bar.entries() and [key for key, _what, _on in bar.entries()][-1] == "esc"
    assert "quit" not in bar.line  # q is a letter here: the bar does not say it quits
    await pilot.press("escape")
    assert not takes_text(app.focused) and "q quit" in bar.line


DERIVE = ("derivatives", next(i for i, step in enumerate(get_lesson("derivatives").steps)
                              if step.checkpoint == "derive"))


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_in_the_answer_input_the_bar_says_how_to_leave(make_app, lang):
    app = make_app(lesson=DERIVE[0], step=DERIVE[1], lang=lang)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_until(pilot, lambda: app.focused is app.panel)
            await pilot.press("t")  # the step's key to type an answer
            bar = app.query_one(KeyBar)
            assert bar.line == f"⏎ {tr('check')}  esc {tr('leave the answer')}"
            if lang == "ko":
                assert "답 입력 나가기" in bar.line
            await pilot.press("q", "u", "i", "t")
            assert not app._exit and app.focused.value == "quit"
            await pilot.press("escape", "q")
            assert app._exit
    finally:
        set_language("en")


async def test_in_the_command_palette_q_is_typed_and_the_bar_says_how_to_leave(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette)
                         and takes_text(app.focused))
        bar = app.screen_stack[0].query_one(KeyBar)  # the lesson's bar, under the palette
        await wait_until(pilot, lambda: bar.line.startswith("esc"))
        assert "quit" not in bar.line
        await pilot.press("q")
        assert not app._exit and app.focused.value == "q"
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, CommandPalette))
        assert "q quit" in bar.line
        await pilot.press("q")
        assert app._exit


# -- quitting never waits for work nobody will use ----------------------------------------------
# A step whose text needs three runs of 1500 steps of a deep network: seconds even unloaded.
LONG_TEXT = ("initialization", next(i for i, step in enumerate(get_lesson("initialization").steps)
                                    if step.text == "07-deep.md"))


async def test_quit_stops_the_run_that_fills_the_text(make_app, monkeypatch):
    """A step's text waits for whole runs of its experiment. q while they go: the text
    worker ends at once, cancelled, and the runs stop between two of their steps (no step
    is asked for after that); the draft text, with "…" for the numbers, stays."""
    monkeypatch.setattr(lessons.model, "_FACTS_CACHE", {})  # the runs are not cached yet:
    # neither the facts nor the finished runs (another test may have asked for them)
    monkeypatch.setattr(lessons.facts, "_finished",
                        functools.lru_cache(maxsize=32)(lessons.facts._finished.__wrapped__))
    steps_asked: list[int] = []
    real_stop_when = engine.training.stop_when

    def counting_stop_when(check):
        def counted() -> bool:
            steps_asked.append(1)
            return check()
        return real_stop_when(counted)

    # Looked up when the text's worker starts (the lesson screen imports no NumPy itself).
    monkeypatch.setattr(engine.training, "stop_when", counting_stop_when)
    recorder = Recorder()
    app = recorder.app = make_app(lesson=LONG_TEXT[0], step=LONG_TEXT[1])
    async with app.run_test(size=(80, 24), message_hook=recorder) as pilot:
        await wait_until(pilot, lambda: len(steps_asked) > 3)  # the runs are going
        text_worker = next(w for w in app.workers if w.group == "text")
        await assert_quits(pilot)
        assert "…" in app.query_one("#text").source
    assert recorder.at_q()["text"] == "RUNNING"
    assert text_worker.state is WorkerState.CANCELLED
    asked = len(steps_asked)
    await asyncio.sleep(0.2)
    assert len(steps_asked) == asked  # nothing runs on


def test_a_chunk_is_shorter_the_bigger_the_networks():
    """CHUNK iterations between two looks at cancellation, fewer for networks so big that a
    chunk would hold more than CHUNK_WORK multiply-adds, never none; counted, not timed, so
    that where a chunk ends (where a diverged run's iteration is shown) is the same on every
    machine."""
    deep_step = get_lesson(LONG_TEXT[0]).steps[LONG_TEXT[1]]
    assert chunk_size(deep_step.spec.build()) == 1  # 5 tanh layers of 50, three runs
    small = [chunk_size(step.spec.build()) for lesson in LESSONS for step in lesson.steps
             if step.trains and step is not deep_step]
    assert set(small) == {CHUNK}
    # The playground, up to its biggest network (6 layers of 32) on many examples.
    sizes = [chunk_size(spec_from_argv(argv.split()).build()) for argv in (
        "--layers 4", "--layers 32,32", "--layers 32,32,32,32,32,32",
        "--layers 32,32,32,32,32,32 --samples 2000", "--layers 32,32,32,32,32,32 --samples 10000")]
    assert sizes[0] == CHUNK and sizes[-1] == 1
    assert sizes == sorted(sizes, reverse=True) and len(set(sizes)) > 2
    assert chunk_size(ExperimentDefaults()) == CHUNK  # no networks: nothing to weigh


async def test_quit_while_a_deep_network_trains_waits_for_one_iteration(make_app):
    """The deep step trains one iteration a chunk: q is seen after the one under way."""
    log: list[tuple[str, int]] = []  # the key and each chunk, in the order they came

    def hook(message) -> None:
        if isinstance(message, events.Key) and message.key == "q":
            log.append(("key q", 0))

    app = make_app(lesson=LONG_TEXT[0], step=LONG_TEXT[1])
    async with app.run_test(size=(80, 24), message_hook=hook) as pilot:
        panel: StepPanel = app.panel
        real_advance = panel.experiment.advance

        def recording_advance(steps: int) -> int:
            log.append(("advance", steps))
            return real_advance(steps)

        panel.experiment.advance = recording_advance
        panel.pace = None  # as fast as it goes: whole chunks
        await pilot.press("space")
        await wait_until(pilot, lambda: sum(1 for kind, _ in log if kind == "advance") >= 3)
        worker = next(w for w in app.workers if w.group == "training")
        await pilot.press("q")
        await asyncio.wait_for(finished(worker), timeout=20)
    assert worker.state is WorkerState.CANCELLED
    assert all(steps == 1 for kind, steps in log if kind == "advance"), log
    q_at = log.index(("key q", 0))
    assert len(log[q_at + 1:]) <= 1, log  # at most the iteration already under way
