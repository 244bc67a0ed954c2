""""Depth or width" in "Linear versus deep decision boundaries" (issue 18 §4): one parameter
budget spent on one wide tanh layer or on two narrower ones, on the spiral, each at its own α."""

from __future__ import annotations

import dataclasses

import pytest

from lessons import COURSE, get_lesson
from lessons.demonstrations import DEPTH_OR_WIDTH
from lessons.experiments import first_iteration_below
from lessons.facts import run_to
from lessons.mechanisms.boundaries import (DEPTH_THRESHOLD, PARAMETERS, depth_width_facts,
                                           parameter_count)
from lessons.views import RunTable, percent, train_accuracy
from lessons.views import test_accuracy as accuracy_on_test_set

LESSON = get_lesson("boundaries")
STEP = LESSON.step("08-depth-or-width")


def test_the_step_comes_before_the_checkpoints_and_compares_one_budget():
    assert LESSON.steps.index(STEP) < LESSON.checkpoints[0]
    wide, deep = (spec for _, _, spec in STEP.spec.runs())
    assert len(wide.hidden) == 1 and len(deep.hidden) > 1 and len(set(deep.hidden)) == 1
    n_x = STEP.spec.data.n_x
    dims = [[n_x, *spec.hidden, 1] for spec in (wide, deep)]
    assert parameter_count(dims[0]) == parameter_count(dims[1])
    # each at its own α (the grid in lesson.toml), everything else shared
    assert STEP.spec.compared == ("hidden", "learning_rate")
    assert wide.learning_rate != deep.learning_rate
    assert STEP.spec.data.test_m > 0 and STEP.spec.data.noise > 0  # held-out points


def test_parameter_count_is_every_weight_and_bias():
    assert parameter_count([2, 84, 1]) == 2 * 84 + 84 + 84 + 1 == 337
    assert parameter_count([2, 16, 16, 1]) == 2 * 16 + 16 + 16 * 16 + 16 + 16 + 1 == 337
    assert parameter_count([2, 1]) == 3  # logistic regression: w1, w2, b


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_two_layers_get_there_sooner_than_one_in_every_seed(seed):
    result = DEPTH_OR_WIDTH.run(COURSE, seed, seed)
    assert result.holds, f"wide / deep = {result.value:.2f}"


def test_the_facts_and_the_table_follow_the_runs():
    # 600 iterations: the deep run gets below the threshold, the wide one not yet (its
    # "never (in 600)"); the words and numbers come from the runs.
    spec = dataclasses.replace(STEP.spec, iterations=600)
    experiment = run_to(spec)
    wide, deep = experiment.runs
    facts = depth_width_facts(spec)
    deep_at = first_iteration_below(deep.costs, DEPTH_THRESHOLD)
    assert deep_at is not None and first_iteration_below(wide.costs, DEPTH_THRESHOLD) is None
    assert str(facts["deep_below"]) == f"at iteration {deep_at}"
    assert str(facts["wide_below"]) == "never (in 600)"
    assert facts["deep_below"].text("ko") == f"{deep_at}번째 반복에서"
    assert (facts["wide"], facts["deep"], facts["params"]) == ("84", "16", "337")
    for name, run in (("wide", wide), ("deep", deep)):
        assert facts[f"{name}_train"] == percent(train_accuracy(run, experiment))
        assert facts[f"{name}_test"] == percent(accuracy_on_test_set(run, experiment))
    table = RunTable((PARAMETERS,)).measure(experiment)
    assert [row[1].text for row in table.rows] == ["337", "337"]
