"""The last step of "Linear versus deep decision boundaries" (C18, issue 18 §4): logistic
regression on the features x1^2, x2^2 separates the circles that a line on x1, x2 cannot,
over several data seeds, and the text names the features the runs use."""

from __future__ import annotations

import dataclasses

import pytest

from lessons import get_lesson
from lessons.facts import run_to
from lessons.knobs import with_values
from lessons.mechanisms.features import features_facts
from lessons.views import MapSize, PlaygroundMaps, train_accuracy
from lessons.views import test_accuracy as accuracy_on_test_set

STEP = get_lesson("boundaries").step("07-features")


def test_the_step_is_the_last_before_the_checkpoints_and_shows_c18():
    lesson = get_lesson("boundaries")
    assert lesson.steps[lesson.checkpoints[0] - 1] is STEP
    assert "C18" in STEP.claims


@pytest.mark.parametrize("seed", [0, 3, 7])
def test_a_line_stays_at_chance_where_x1_squared_and_x2_squared_separate(seed):
    experiment = run_to(with_values(STEP.spec, {"data.seed": seed}))
    line, squares = experiment.runs
    assert line.network.layer_dims == (2, 1) and squares.network.layer_dims == (2, 1)
    assert squares.network.features == ("x1^2", "x2^2")
    assert max(train_accuracy(line, experiment), accuracy_on_test_set(line, experiment)) < 0.55
    assert min(train_accuracy(squares, experiment), accuracy_on_test_set(squares, experiment)) > 0.95
    # The line's map is grey: its output stays near 0.5 over the whole plane shown.
    grey = PlaygroundMaps().measure(experiment, MapSize(30, 20)).maps[0].output
    assert abs(grey - 0.5).max() < 0.05


def test_the_text_names_the_features_of_the_run():
    facts = features_facts(STEP.spec)
    assert facts["raw"] == "x1, x2" and facts["features"] == "x1^2, x2^2"
    low, high = (float(v) for v in facts["line_range"].split("–"))
    assert 0.45 < low <= 0.5 <= high < 0.55
    other = dataclasses.replace(STEP.spec, variants=(
        STEP.spec.variants[0], dataclasses.replace(
            STEP.spec.variants[1], changes=(("features", ("x1*x2", "sin(x1)")),))))
    assert features_facts(other)["features"] == "x1*x2, sin(x1)"
