"""The lesson "Derivatives of activation functions" as data: its derivations revealed a line
at a time to their last, and the expression reader still loaded only when a derivation or a
typed answer is shown (launch time)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from lessons import get_lesson
from lessons.knobs import with_values
from lessons.views import take_frame

LESSON = get_lesson("derivatives")


@pytest.mark.parametrize("step", ["01-sigmoid", "02-tanh"])
def test_the_reveal_knob_ends_at_the_derivations_last_line(step):
    spec = LESSON.step(step).spec
    reveal = next(knob for knob in LESSON.step(step).knobs if knob.param == "shown")
    assert len(reveal.values) == spec.total
    last = with_values(spec, {"shown": reveal.values[-1]})
    (derivation,) = take_frame(last.build(), LESSON.step(step).views).views
    assert len(derivation.rows) == derivation.total == spec.total


def test_loading_the_course_does_not_load_the_expression_reader():
    code = ("import sys\nfrom lessons import get_lesson\nget_lesson('derivatives')\n"
            "assert 'lessons.expressions' not in sys.modules\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).parents[2],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_z_is_never_exactly_0_from_random_weights_and_always_from_zero_weights():
    from lessons.mechanisms.derivatives import exact_zeros_facts

    step = LESSON.step("04-zero")
    facts = {name: phrase.text("en") for name, phrase in exact_zeros_facts(step.spec).items()}
    total = facts["zero_init_zeros"].split(" of ")[1]
    assert facts["random_zeros"] == f"0 of {total}"
    assert facts["zero_init_zeros"] == f"{total} of {total}"
    # whatever ReLU'(0) is: the hidden weights of the zero start never left 0
    from lessons.facts import run_to

    zero_start = run_to(step.spec).runs[1]
    assert all(not zero_start.network.params[f"W{l}"].any() for l in (1, 2))
    text = LESSON.text(LESSON.steps.index(step))
    assert facts["random_zeros"] in text and facts["zero_init_zeros"] in text


# -- dZ[L] = A[L] - Y, from the cross-entropy loss through the sigmoid ---------------------------
def _output_lines():
    from lessons.mechanisms.derivatives import OUTPUT_LINES

    return OUTPUT_LINES


OUTPUT_STEP = "08-output"


@pytest.mark.parametrize("i", range(7), ids=lambda i: f"line{i + 1}")
@pytest.mark.parametrize("y", [0, 1])
@pytest.mark.parametrize("z", [-4.0, -1.5, 0.0, 0.5, 3.0, 4.0])
def test_each_output_line_agrees_with_the_engines_own_number(i, y, z):
    import numpy as np

    spec = with_values(LESSON.step(OUTPUT_STEP).spec, {"z": z, "y": y})
    line = _output_lines()[i]
    np.testing.assert_allclose(spec.value(line), spec.measure(line.check), rtol=1e-6, atol=1e-9)


# Plausible slips, one a line: each must disagree with the engine (the check can fail).
SLIPS = {
    "cost": "-(y*log(a) - (1-y)*log(1-a))",
    "cost_in_a": "-y/a - (1-y)/(1-a)",
    "sigmoid_in_z": "a*(1+a)",
    "cost_in_z": "y - a",
    "cost_in_Z": "y - a",
}


@pytest.mark.parametrize("check", sorted(SLIPS))
def test_a_slip_in_an_output_line_disagrees_with_the_engine(check):
    import numpy as np

    from lessons.mechanisms.derivatives import CheckedLine

    slip = CheckedLine("slip", "", SLIPS[check], check)
    # A slip in a (1 - y) term shows only for y = 0, in a y term only for y = 1.
    specs = [with_values(LESSON.step(OUTPUT_STEP).spec, {"z": 0.5, "y": y}) for y in (0, 1)]
    assert any(not np.allclose(spec.value(slip), spec.measure(check), rtol=1e-3, atol=1e-6)
               for spec in specs)


def test_the_output_lines_follow_from_each_other_symbolically():
    sympy = pytest.importorskip("sympy")
    a, y, z = sympy.symbols("a y z", real=True)
    sigmoid = 1 / (1 + sympy.exp(-z))
    names = {"a": a, "y": y, "z": z, "log": sympy.log}
    L, dL_da, da_dz, chain, multiplied, last, columns = (
        sympy.sympify(line.expr, locals=names) for line in _output_lines())
    assert sympy.simplify(sympy.diff(L, a) - dL_da) == 0
    assert sympy.simplify(sympy.diff(sigmoid, z) - da_dz.subs(a, sigmoid)) == 0
    assert sympy.simplify(chain - dL_da * da_dz) == 0
    assert sympy.simplify(chain - multiplied) == 0 and sympy.simplify(multiplied - last) == 0
    assert sympy.simplify(last - (a - y)) == 0 and columns == last


def test_the_output_derivations_last_line_is_back_propagations_first():
    import numpy as np

    from lessons.mechanisms.backprop import BackwardSteps

    spec = LESSON.step(OUTPUT_STEP).spec
    _, grads, _ = BackwardSteps().pass_
    L = BackwardSteps().net.L
    np.testing.assert_array_equal(spec.value(_output_lines()[-1]), grads[f"dZ{L}"])


def test_the_output_derivation_reveals_to_its_last_line():
    step = LESSON.step(OUTPUT_STEP)
    reveal = next(knob for knob in step.knobs if knob.param == "shown")
    assert len(reveal.values) == step.spec.total == len(_output_lines())
    last = with_values(step.spec, {"shown": reveal.values[-1]})
    (derivation,) = take_frame(last.build(), step.views).views
    assert derivation.revealed == derivation.total
    assert derivation.rows[-1].text == "dZ[L] = A[L] - Y"


def test_back_propagation_says_where_dz_of_the_output_was_derived():
    from lessons import COURSE
    from lessons.mechanisms.backprop import BackwardSteps

    # Found here by the step's text, not by the mechanism's own search: moving the step
    # (or the lesson) changes both numbers, and the link must follow.
    n = next(i for i, lesson in enumerate(COURSE.lessons, 1) if lesson.id == "derivatives")
    k = next(i for i, step in enumerate(LESSON.steps, 1) if step.text == f"{OUTPUT_STEP}.md")
    first = BackwardSteps().rows()[0]
    assert first.text.startswith("dZ") and first.text.endswith(" - Y")
    assert first.reason.endswith(f"derived in lesson {n}, step {k}")
