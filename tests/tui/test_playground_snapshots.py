"""The playground pinned as pictures: at 80x24 and 160x48, its network drawn, A/B, a diverged
run and a regression. Deterministic: seeded runs advanced by the ``s`` key (100 iterations a
press), plots built synchronously; each run steady where it is pinned (tests/tui/steady.py)."""

from __future__ import annotations

import shlex

import pytest

from commands.playground import spec_from_argv

from steady import steady_through
from tui.playground import PlaygroundPanel
from waiting import pressing

SPIRAL = "--dataset spiral --layers 8,8,8 --activation relu --init he --lr 0.03"
CASES = {
    "default-80x24": ("", (80, 24), ["s", "s", "s"]),
    "network-80x24": ("", (80, 24), ["s", "s", "s", "g"]),
    "spiral-160x48": (SPIRAL, (160, 48), ["right", "down", "s", "s", "s"]),
    "a-b-160x48": (SPIRAL, (160, 48), ["y", "e", "e", "s", "s", "s"]),
    "a-b-80x24": (SPIRAL, (80, 24), ["y", "e", "e", "s", "s", "s"]),
    "diverged-80x24": ("--layers 8 --activation linear --output linear --lr 10", (80, 24),
                       ["s"]),
    "regression-80x24": ("--dataset curve --layers 16 --lr 0.05", (80, 24), ["s", "s", "s"]),
}


def steadily(keys):
    """``pressing(keys)``, then a check that what the snapshot pins is the same on every
    machine: the playground's runs are steady at the iteration reached."""
    press = pressing(keys)

    async def run_before(pilot) -> None:
        await press(pilot)
        panel = pilot.app.screen.query_one(PlaygroundPanel)
        assert steady_through(panel.spec, panel.experiment.iteration)

    return run_before


@pytest.mark.parametrize("case", list(CASES))
def test_playground(snap_compare, make_app, sync_plots, case):
    command, size, keys = CASES[case]
    app = make_app(playground=spec_from_argv(shlex.split(command)))

    assert snap_compare(app, terminal_size=size, run_before=steadily(keys))
