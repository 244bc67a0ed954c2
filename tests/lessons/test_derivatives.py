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
