"""A diverged run is reported at one iteration everywhere (``Trainer.diverged_at``): the
experiment's iteration (the status line), the challenge's verdict and the playground's map
title, however the run was cut into chunks, whether its cost overflowed or a weight blew
up."""

from __future__ import annotations

from dataclasses import replace

import pytest

from lessons import get_lesson
from lessons.i18n import tr
from lessons.views import PlaygroundMaps

DIVERGE = next(step for step in get_lesson("boundaries").steps
               if step.text == "06-check-diverge.md")


def diverged(rate: float, chunk: int):
    spec = DIVERGE.spec
    spec = replace(spec, run=replace(spec.run, learning_rate=rate))
    experiment = spec.build()
    while not experiment.finished:
        experiment.advance(chunk)
    return spec, experiment


@pytest.mark.parametrize("rate,by_cost", [(10, False), (100, True)])  # α 10: W past 1e6
def test_a_diverged_run_says_one_iteration_everywhere(rate, by_cost):
    seen = set()
    for chunk in (1, 7, 100):
        spec, experiment = diverged(rate, chunk)
        run = experiment.runs[0]
        at = run.diverged_at
        assert run.diverged and run.trainer.diverged_by_cost is by_cost
        seen.add(at)
        assert experiment.iteration == at  # not the end of the chunk it diverged in
        passed, line = spec.grade(spec, experiment)
        assert passed and tr("diverged at iteration {at}", at=at) in line
        title = PlaygroundMaps().measure(experiment).maps[0].title
        assert title.endswith(tr("diverged at iteration {at}", at=at))
    assert len(seen) == 1  # the chunks did not move it
