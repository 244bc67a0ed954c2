"""The claims of "Back-propagation in a deep network" (C16, C17): every shape and number the
steps show is the engine's own."""

from __future__ import annotations

import numpy as np
import pytest

from lessons import get_lesson
from lessons.knobs import with_values
from lessons.mechanisms import backprop

LESSON = get_lesson("backprop")


def spec_of(step: str, **changes):
    """The spec a step of the lesson runs, with ``changes`` made as a knob would."""
    return with_values(LESSON.step(step).spec, changes)


@pytest.mark.parametrize("hidden", [(4, 3), (8,), (5, 5, 5)])
def test_w_l_is_n_l_by_n_l_minus_1_and_every_gradient_has_its_arrays_shape(hidden):
    spec = spec_of("01-shapes", hidden=hidden)
    table = backprop.ShapesTable().measure(spec)
    dims = [2, *hidden, 1]
    for l, row in enumerate(table.rows, start=1):
        assert row[1].text == f"({dims[l]}, {dims[l - 1]})"
        assert row[2].text == f"({dims[l]}, 1)"
        assert row[3].text == f"({dims[l]}, 400)"
        assert row[4].text == "yes"


def test_the_units_graph_numbers_are_the_engines_gradients():
    graph = spec_of("02-unit", shown=10)
    v = graph.values
    np.testing.assert_allclose(v["dw"], v["engine"]["dW1"][0], rtol=1e-12)
    assert v["db"] == pytest.approx(v["engine"]["db1"][0, 0], rel=1e-12)
    assert v["dz"] == pytest.approx(v["a"] - v["y"], rel=1e-12)  # dL/da · da/dz = a - y
    assert v["da_dz"] == pytest.approx(v["a"] * (1 - v["a"]))
    rows = graph.rows()
    assert len(rows) == 10 and rows[-1].value == f"{v['db']:+.4f}"


def test_the_backward_steps_are_the_engines_and_go_from_the_output_to_the_input():
    steps = spec_of("03-deep", shown=99)
    cache, grads, Y = steps.pass_
    rows = steps.rows()
    assert rows[0].text == "dZ3 = A3 - Y"
    assert [r.text.split(" =")[0] for r in rows if r.text.startswith("dW")] == [
        "dW3", "dW2", "dW1"]
    for row in rows:
        name = row.text.split(" =")[0]
        if name in grads:
            assert row.value.startswith(backprop.shape_text(grads[name]))
            assert backprop.numbers(grads[name]) in row.value
    assert steps.total == len(rows) == 11


def test_gradient_checking_passes_and_catches_a_missing_slope():
    right = spec_of("04-check").check
    assert right.difference < 1e-7
    broken = backprop.GradCheckTable().measure(spec_of("04-check", broken=True))
    verdicts = [row[3].text for row in broken.rows]
    assert verdicts == ["WRONG", "WRONG", "ok"]  # the output layer has no g'(Z) to drop
    assert "wrong" in broken.title


def test_a_deep_sigmoid_networks_first_layers_get_almost_no_gradient():
    spec = spec_of("05-vanishing", depth=10)
    sigmoid = spec.norms("sigmoid", "xavier")
    relu = spec.norms("relu", "he")
    assert sigmoid[0] < 1e-5 * sigmoid[-1]  # shrinking towards the input
    assert all(a < b for a, b in zip(sigmoid, sigmoid[1:]))
    assert relu[0] > 0.05 and max(relu) / min(relu) < 100
    shallow = with_values(spec, {"depth": 2})
    assert shallow.norms("sigmoid", "xavier")[0] > sigmoid[0] * 100


@pytest.mark.parametrize("step", ["02-unit", "03-deep"])
def test_the_reveal_knob_shows_every_line_and_no_more(step):
    spec = LESSON.step(step).spec
    (knob,) = LESSON.step(step).knobs
    assert len(knob.values) == len(spec.rows())  # the total a lesson.toml gives it
