"""The course: lessons in order, each a list of steps (text + the panel it shows).

Lessons never import Textual: every experiment here runs and is tested without a terminal.
"""

from __future__ import annotations

from .activations import LESSON as ACTIVATIONS
from .backprop import LESSON as BACKPROP
from .base import Lesson, Step
from .boundaries import LESSON as BOUNDARIES
from .derivatives import LESSON as DERIVATIVES
from .initialization import LESSON as INITIALIZATION
from .nonlinear import LESSON as WHY_NONLINEAR

# The course order (as PLANNED lays it out), of the lessons built so far.
LESSONS: tuple[Lesson, ...] = (ACTIVATIONS, WHY_NONLINEAR, DERIVATIVES, INITIALIZATION,
                               BACKPROP, BOUNDARIES)

# The whole course as the seed lays it out, for `dnn-tutor --list`; a lesson not built yet
# is listed as coming.
PLANNED: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("activations", "Activation functions", ("C1", "C3", "C4", "C5", "C6", "C8")),
    ("why-nonlinear", "Why layers need nonlinear activations", ("C2", "C7")),
    ("derivatives", "Derivatives of activation functions, step by step", ("C9", "C10", "C11", "C12")),
    ("initialization", "Random initialisation", ("C13", "C14", "C15")),
    ("backprop", "Back-propagation in a deep network", ("C16", "C17")),
    ("boundaries", "Linear versus deep decision boundaries", ("C18",)),
)


def get_lesson(lesson_id: str) -> Lesson:
    for lesson in LESSONS:
        if lesson.id == lesson_id:
            return lesson
    ids = ", ".join(lesson.id for lesson in LESSONS)
    raise KeyError(f"unknown lesson {lesson_id!r}; choose one of: {ids}")


def lesson_index(lesson_id: str) -> int:
    return [lesson.id for lesson in LESSONS].index(lesson_id)


__all__ = ["LESSONS", "PLANNED", "Lesson", "Step", "get_lesson", "lesson_index"]
