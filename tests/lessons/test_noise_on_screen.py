"""What differs from one CPU to another is not shown as if it meant something: a difference at
the level of rounding shows only its power of ten, and a diverged run's map shows no
boundary, whatever inf or NaN its overflowed weights hold."""

import re

import numpy as np
import pytest

from lessons import backprop, nonlinear
from lessons.boundaries import DIVERGE_CHALLENGE
from lessons.knobs import with_values
from lessons.probes import DecisionMaps, difference

NOISE = re.compile(r"^(0|< 1e-\d\d)$")


@pytest.mark.parametrize("value, text", [
    (0.0, "0"), (4.5e-9, "< 1e-08"), (4.6e-9, "< 1e-08"), (8.8e-9, "< 1e-08"),
    (1e-8, "< 1e-07"), (1.1e-16, "< 1e-15"), (2.2e-16, "< 1e-15"), (-3e-10, "< 1e-09"),
    (9.99e-7, "< 1e-06"), (1e-6, "1.0e-06"), (0.032, "3.2e-02"), (2.5, "2.5e+00"),
    (np.nan, "nan"), (np.inf, "inf"),
])
def test_a_difference_at_the_noise_level_shows_its_power_of_ten(value, text):
    assert difference(value) == text


def test_the_gradient_check_shows_no_digits_of_noise():
    table = backprop.GradCheckTable().probe(backprop.GradCheckSpec())
    assert [NOISE.match(row[2].text) is not None for row in table.rows] == [True] * 3
    assert re.match(r"all: < 1e-\d\d → backprop agrees", table.title)
    broken = backprop.GradCheckTable().probe(backprop.GradCheckSpec(broken=True))
    assert any(re.fullmatch(r"\d\.\de-\d\d", row[2].text) for row in broken.rows)  # an error


def test_a_fold_differs_from_its_layers_by_rounding_only():
    lines = nonlinear.FoldView().probe(nonlinear.LinearStack(folded=2)).lines
    assert NOISE.match(lines[-1].removeprefix("  largest difference "))


def test_a_diverged_run_has_no_boundary_on_its_map():
    experiment = with_values(DIVERGE_CHALLENGE, {"run.learning_rate": 10.0}).build()
    experiment.run_to(100)
    assert experiment.runs[0].diverged
    (m,) = DecisionMaps().probe(experiment).maps
    assert np.all(m.output == 0.5)
    fresh = DIVERGE_CHALLENGE.build()  # a run that has not diverged keeps its boundary
    (m,) = DecisionMaps().probe(fresh).maps
    assert np.all(np.isfinite(m.output)) and np.ptp(m.output) > 0.1
