"""The playground pinned as pictures: at 80x24 and 160x48, its network drawn, A/B, a diverged
run and a regression. Deterministic: seeded runs advanced by the ``s`` key (100 iterations a
press), plots built synchronously."""

from __future__ import annotations

import shlex

import pytest

from lessons.playground import spec_from_argv

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


@pytest.mark.parametrize("case", list(CASES))
def test_playground(snap_compare, make_app, sync_plots, case):
    command, size, keys = CASES[case]
    app = make_app(playground=spec_from_argv(shlex.split(command)))

    assert snap_compare(app, terminal_size=size, run_before=pressing(keys))
