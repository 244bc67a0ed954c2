"""The course: lessons in teaching order, each a folder of data and Markdown under
``lessons/course/`` (``lessons.loader`` reads them), plus any a teacher adds (``--lessons``).

Lessons never import Textual: every experiment here runs and is tested without a terminal.

Importing this package loads nothing: ``COURSE`` (and what it needs: NumPy, the engine, every
mechanism) loads when it is first asked for, so the app draws its first screen from the
course's outline (``lessons.outline``) meanwhile, and ``lessons.i18n`` costs no NumPy.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from .loader import LessonError, Problem
    from .model import Course, Lesson, Step

    COURSE: Course
    LESSONS: tuple[Lesson, ...]

# Names given here but defined in a module that needs NumPy: imported when first asked for.
_LAZY = {"Course": "model", "Lesson": "model", "Step": "model", "LessonError": "loader",
         "Problem": "loader"}
_LOCK = threading.Lock()  # the app loads the course in a thread while the UI may ask for it


def _built_in() -> "Course":
    from .loader import load_lesson
    from .model import Course
    from .outline import COURSE_DIR, read_course_file

    order, claims = read_course_file(COURSE_DIR)
    return Course(tuple(load_lesson(COURSE_DIR / lesson_id, claims) for lesson_id in order),
                  claims)


def __getattr__(name: str):
    if name in ("COURSE", "LESSONS"):
        with _LOCK:
            if "COURSE" not in globals():
                course = _built_in()
                globals().update(COURSE=course, LESSONS=course.lessons)
        return globals()[name]
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    # Not ours: ``from lessons import loader`` then imports the submodule.
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def with_lessons(folders: Iterable[Path], course: "Course | None" = None) -> "Course":
    """``course`` (default: the built-in one) with the lessons in ``folders`` after its own
    (each folder a lesson, or a folder of lessons); ``LessonError`` with every problem of
    every one that is broken."""
    from .loader import LessonError, Problem, lesson_folders, load_lesson
    from .model import Course

    course = course or __getattr__("COURSE")
    lessons, problems = list(course.lessons), []
    for given in folders:
        found = lesson_folders(Path(given))
        if not found:
            problems.append(Problem(Path(given), 1, "no lesson.toml here nor in the folders "
                                    "in it (dnn-tutor lesson new DIR writes one)"))
        for folder in found:
            try:
                lesson = load_lesson(folder, course.claims)
            except LessonError as error:
                problems += error.problems
                continue
            if lesson.id in {known.id for known in lessons}:
                problems.append(Problem(folder / "lesson.toml", 1, f"id {lesson.id!r} is taken "
                                        "by another lesson; give this one its own"))
                continue
            lessons.append(lesson)
    if problems:
        raise LessonError(problems)
    return Course(tuple(lessons), course.claims)


def get_lesson(lesson_id: str) -> "Lesson":
    return __getattr__("COURSE").get(lesson_id)


def lesson_index(lesson_id: str) -> int:
    return __getattr__("COURSE").index(lesson_id)


__all__ = ["COURSE", "LESSONS", "Course", "Lesson", "Step", "get_lesson", "lesson_index",
           "with_lessons"]
