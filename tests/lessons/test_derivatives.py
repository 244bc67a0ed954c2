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
