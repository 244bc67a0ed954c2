"""The course: lessons in teaching order, each a folder of data and Markdown under
``lessons/course/`` (``lessons.loader`` reads them), plus any a teacher adds (``--lessons``).

Lessons never import Textual: every experiment here runs and is tested without a terminal.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from .loader import COURSE_DIR, LessonError, Problem, lesson_folders, load_lesson, read_course_file
from .model import Course, Lesson, Step


def _built_in() -> Course:
    order, claims = read_course_file(COURSE_DIR)
    return Course(tuple(load_lesson(COURSE_DIR / lesson_id, claims) for lesson_id in order),
                  claims)


COURSE: Course = _built_in()
LESSONS: tuple[Lesson, ...] = COURSE.lessons  # the built-in lessons in course order


def with_lessons(folders: Iterable[Path], course: Course = COURSE) -> Course:
    """``course`` with the lessons in ``folders`` after its own (each folder a lesson, or a
    folder of lessons); ``LessonError`` with every problem of every one that is broken."""
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


def get_lesson(lesson_id: str) -> Lesson:
    return COURSE.get(lesson_id)


def lesson_index(lesson_id: str) -> int:
    return COURSE.index(lesson_id)


__all__ = ["COURSE", "LESSONS", "Course", "Lesson", "Step", "get_lesson", "lesson_index",
           "with_lessons"]
