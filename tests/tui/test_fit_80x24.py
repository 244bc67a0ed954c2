"""What must fit at 80x24: a step's title line, cut only with an ellipsis and only where the
cut cannot change what it says."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from lessons import LESSONS
from lessons.i18n import tr
from tui.lesson_screen import MIN_LESSON_TITLE, title_line

STEPS = [(lesson, si) for lesson in LESSONS for si in range(len(lesson.steps))]


@pytest.mark.parametrize("lesson,si", STEPS,
                         ids=[f"{lesson.id}-{si + 1}" for lesson, si in STEPS])
def test_a_step_title_is_cut_with_an_ellipsis_and_keeps_the_step(lesson, si):
    title = tr(lesson.title)
    step = tr(" · step {i}/{n}: {step}", i=si + 1, n=len(lesson.steps),
              step=tr(lesson.steps[si].title))
    for width in range(12, 130):
        line = title_line(title, step, width).plain
        assert cell_len(line) <= width
        if line == title + step:
            continue
        if width >= cell_len(step) + MIN_LESSON_TITLE:
            # The lesson's title gave way, cut with an ellipsis; the step's part is whole.
            assert line.endswith(step)
            assert line.removesuffix(step).endswith("…")
            assert line.startswith(title[:MIN_LESSON_TITLE - 1])
        elif line != step.removeprefix(" · "):
            # No room for a lesson title worth reading: the step's part alone, cut at its
            # end with an ellipsis.
            assert line.endswith("…")
            assert step.removeprefix(" · ").startswith(line[:-1])
