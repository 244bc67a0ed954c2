"""Screens pinned as pictures (pytest-textual-snapshot). Plain ``def``: snap_compare runs its
own event loop. Every snapshot is deterministic: fresh state, seeded runs, training advanced
a fixed number of iterations with the ``s`` key (never by wall-clock time), plots built
synchronously (the ``sync_plots`` fixture).

Every step of every lesson is pinned at 80x24, and the steps with a decision-boundary map
or a plot at 160x48 too: a new lesson's steps are pinned without editing this file.

A snapshot pins only what every machine draws alike (tests/tui/steady.py): a run is trained
only as far as it stays steady, and a text's numbers measured on a run that does not show
as ``…``.
"""

from __future__ import annotations

import pytest

from lessons import LESSONS
from lessons.view_data import BoundaryMaps, Curves
from steady import inner, steady_facts, steady_presses  # noqa: F401 (a fixture)
from tui.app import DnnTutorApp
from waiting import settled

pytestmark = pytest.mark.usefixtures("steady_facts")

STEPS = [(lesson.id, si) for lesson in LESSONS for si in range(len(lesson.steps))]
IDS = [f"{lesson_id}-{si + 1}" for lesson_id, si in STEPS]
MAP_STEPS = [(lesson.id, si) for lesson in LESSONS for si, step in enumerate(lesson.steps)
             if any(view.data_type is BoundaryMaps for view in step.views)]
PLOT_STEPS = [(lesson.id, si) for lesson in LESSONS for si, step in enumerate(lesson.steps)
              if any(view.data_type is Curves for view in step.views)
              and (lesson.id, si) not in MAP_STEPS]
TRAINED_PRESSES = 3  # "s" at most three times: 300 iterations, or the whole run if shorter


async def settle(pilot) -> None:
    """Wait until text loading and plot building have finished."""
    await settled(pilot)


async def trained(pilot) -> None:
    """A training step paused at a fixed iteration, the last press of ``s`` (of at most
    TRAINED_PRESSES) that leaves its runs steady; any other step as it opens (a prediction:
    unanswered, its run not started)."""
    await settle(pilot)
    panel = pilot.app.panel
    if panel.trains and not getattr(panel.experiment, "not_ready", ""):
        await pilot.press(*["s"] * steady_presses(inner(panel.spec), TRAINED_PRESSES))
    await settle(pilot)


def test_welcome(snap_compare, store, sync_plots):
    app = DnnTutorApp(store=store)  # a fresh state file: first launch
    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)


@pytest.mark.parametrize("lesson_id,si", STEPS, ids=IDS)
def test_step_80x24(snap_compare, make_app, sync_plots, lesson_id, si):
    app = make_app(lesson=lesson_id, step=si)
    assert snap_compare(app, terminal_size=(80, 24), run_before=trained)


@pytest.mark.parametrize("lesson_id,si", MAP_STEPS,
                         ids=[f"{lid}-{si + 1}" for lid, si in MAP_STEPS])
def test_map_step_160x48(snap_compare, make_app, sync_plots, lesson_id, si):
    app = make_app(lesson=lesson_id, step=si)
    assert snap_compare(app, terminal_size=(160, 48), run_before=trained)


@pytest.mark.parametrize("lesson_id,si", PLOT_STEPS,
                         ids=[f"{lid}-{si + 1}" for lid, si in PLOT_STEPS])
def test_plot_step_160x48(snap_compare, make_app, sync_plots, lesson_id, si):
    app = make_app(lesson=lesson_id, step=si)
    assert snap_compare(app, terminal_size=(160, 48), run_before=trained)


def test_shapes_with_derivatives_160x48(snap_compare, make_app, sync_plots):
    app = make_app(lesson="activations", step=1)

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("d", "right", "right")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(160, 48), run_before=run_before)


def test_tanh_over_the_rescaled_sigmoid_80x24(snap_compare, make_app, sync_plots):
    """tanh alone: 2σ(2z) - 1 drawn dashed over it, the gap printed under the plot."""
    app = make_app(lesson="activations", step=1)

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("a", "a")  # all -> sigmoid -> tanh
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_help_screen(snap_compare, make_app, sync_plots):
    app = make_app(lesson="activations", step=4)  # a training step with knobs
    assert snap_compare(app, terminal_size=(80, 24), press=["question_mark"], run_before=settle)


def test_lesson_list_over_the_text_at_80_columns(snap_compare, make_app, sync_plots):
    app = make_app(lesson="activations", step=2)
    assert snap_compare(app, terminal_size=(80, 24), press=["l"], run_before=settle)


def test_too_small(snap_compare, make_app, sync_plots):
    app = make_app()
    assert snap_compare(app, terminal_size=(60, 20), run_before=settle)


def test_too_small_on_first_launch(snap_compare, store, sync_plots):
    app = DnnTutorApp(store=store)  # the welcome waits until it can be read
    assert snap_compare(app, terminal_size=(60, 20), run_before=settle)
