"""Screens pinned as pictures (pytest-textual-snapshot). Plain ``def``: snap_compare runs its
own event loop. Every snapshot is deterministic: fresh state, seeded runs, training advanced
a fixed number of iterations with the ``s`` key (never by wall-clock time), plots built
synchronously (the ``sync_plots`` fixture)."""

from __future__ import annotations

import pytest

from lessons import get_lesson
from tui.app import DnnTutorApp

STEPS = len(get_lesson("activations").steps)


async def settle(pilot) -> None:
    """Wait until text loading and plot building have finished."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def test_welcome(snap_compare, store, sync_plots):
    app = DnnTutorApp(store=store)  # a fresh state file: first launch
    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)


@pytest.mark.parametrize("step", range(STEPS))
def test_activation_step_80x24(snap_compare, make_app, sync_plots, step):
    app = make_app(lesson="activations", step=step)

    async def run_before(pilot):
        await settle(pilot)
        if app.panel.trains:
            # Training paused at a fixed step count: three presses of "s" = 300 iterations.
            await pilot.press("s", "s", "s")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_tanh_vs_sigmoid_160x48(snap_compare, make_app, sync_plots):
    app = make_app(lesson="activations", step=7)

    async def run_before(pilot):
        await settle(pilot)
        for _ in range(10):  # 1000 iterations: sigmoid still on its plateau, tanh well below
            await pilot.press("s")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(160, 48), run_before=run_before)


def test_shapes_with_derivatives_160x48(snap_compare, make_app, sync_plots):
    app = make_app(lesson="activations", step=1)

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("d", "right", "right")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(160, 48), run_before=run_before)


def test_help_screen(snap_compare, make_app, sync_plots):
    app = make_app(lesson="activations", step=1)
    assert snap_compare(app, terminal_size=(80, 24), press=["question_mark"], run_before=settle)


def test_too_small(snap_compare, make_app, sync_plots):
    app = make_app()
    assert snap_compare(app, terminal_size=(60, 20), run_before=settle)
