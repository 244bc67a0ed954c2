"""What differs from one CPU to another is not shown as if it meant something: a difference at
the level of noise (rounding, a finite-difference step) shows only that it is below it, and a diverged run's map shows no
boundary, whatever inf or NaN its overflowed weights hold."""

import re

import numpy as np
import pytest

from lessons import get_lesson
from lessons.knobs import with_values
from lessons.mechanisms import backprop, nonlinear
from lessons.views import DecisionMaps, difference


@pytest.mark.parametrize("value, noise, text", [
    (0.0, 1e-7, "0"), (8.7e-10, 1e-7, "< 1e-7"), (2.0e-9, 1e-7, "< 1e-7"),
    (-3e-8, 1e-7, "< 1e-7"), (1.1e-16, 1e-13, "< 1e-13"), (2.2e-16, 1e-13, "< 1e-13"),
    (1e-7, 1e-7, "1.0e-07"), (0.032, 1e-7, "3.2e-02"), (2.5, 1e-12, "2.5e+00"),
    (np.nan, 1e-7, "nan"), (np.inf, 1e-7, "inf"),
])
def test_a_difference_at_the_noise_level_shows_only_that(value, noise, text):
    assert difference(value, noise) == text


def test_the_gradient_check_shows_no_digits_of_noise():
    table = backprop.GradCheckTable().measure(backprop.GradCheckSpec())
    assert [row[2].text for row in table.rows] == ["< 1e-7"] * 3
    assert table.title.startswith("all: < 1e-7 → backprop agrees")
    broken = backprop.GradCheckTable().measure(backprop.GradCheckSpec(broken=True))
    assert any(re.fullmatch(r"\d\.\de-\d\d", row[2].text) for row in broken.rows)  # an error


def test_a_fold_differs_from_its_layers_by_rounding_only():
    for k in (1, 2, 3, 4):
        lines = nonlinear.FoldView().measure(nonlinear.LinearStack(folded=k)).lines
        assert lines[-1] in ("  largest difference < 1e-13", "  largest difference 0")


def test_a_diverged_run_has_no_boundary_on_its_map():
    DIVERGE_CHALLENGE = get_lesson("boundaries").step("06-check-diverge").spec
    experiment = with_values(DIVERGE_CHALLENGE, {"run.learning_rate": 10.0}).build()
    experiment.run_to(100)
    assert experiment.runs[0].diverged
    (m,) = DecisionMaps().measure(experiment).maps
    assert np.all(m.output == 0.5)
    fresh = DIVERGE_CHALLENGE.build()  # a run that has not diverged keeps its boundary
    (m,) = DecisionMaps().measure(fresh).maps
    assert np.all(np.isfinite(m.output)) and np.ptp(m.output) > 0.1
