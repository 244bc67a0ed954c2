"""Open the app from parsed command-line arguments (`dnn-tutor`, `--lesson`, `--step`, `--list`)."""

from __future__ import annotations

import argparse
import sys

from typing import TYPE_CHECKING

from lessons.i18n import LANGUAGES, set_language, tr
from lessons.outline import CourseOutline, built_in_outline

if TYPE_CHECKING:
    from lessons import Course


def print_lesson_list(course: CourseOutline | None = None, lang: str | None = None) -> None:
    """The lessons of ``course`` (default: the built-in ones) with the learner's progress."""
    from tui.state import PositionStore  # no Textual: the stored position only

    # Progress from the stored position; a missing or damaged file is no progress yet. Only
    # peeked at: a listing moves no file (the app keeps a damaged one aside when it opens,
    # where its notice is seen), and says on stderr why no progress shows.
    position, notice = PositionStore().peek()
    if lang is None:  # the language chosen last, else English
        lang = position.lang if position.lang in LANGUAGES else "en"
    set_language(lang)
    if notice is not None:
        print(notice, file=sys.stderr)
    course = course or built_in_outline()
    print(tr("Lessons (open one with: dnn-tutor --lesson ID [--step N])") + "\n")
    for i, lesson in enumerate(course.lessons, start=1):
        # The ids are ASCII: padded by characters; a title after them may be Korean.
        steps, checkpoints = len(lesson.steps), lesson.checkpoints
        seen = set(position.seen.get(lesson.id, [])) & set(range(steps))
        passed = set(position.passed.get(lesson.id, [])) & set(checkpoints)
        print(f"{i}. {lesson.id:<15} " + tr(
            "{title} ({steps} steps, {checkpoints} checkpoints)", title=tr(lesson.title),
            steps=steps, checkpoints=len(checkpoints)))
        if lesson.claims:
            print(f"   {'':<15} " + tr("claims {claims}", claims=", ".join(lesson.claims)))
        print(f"   {'':<15} " + tr(
            "seen {seen}/{steps} steps, passed {passed}/{checkpoints} checkpoints",
            seen=len(seen), steps=steps, passed=len(passed), checkpoints=len(checkpoints)))


def course_from(args: argparse.Namespace, parser: argparse.ArgumentParser) -> Course | None:
    """The built-in course, with the lessons of every ``--lessons DIR`` after it; a broken
    lesson is refused with every problem (file:line: what), exit 2, never a traceback.
    None without ``--lessons``: the app loads the built-in course after its first screen."""
    folders = getattr(args, "lessons", None) or []
    if not folders:
        return None
    from lessons import LessonError, with_lessons

    try:
        return with_lessons(folders)
    except LessonError as error:
        parser.exit(2, f"{parser.prog}: error: a lesson cannot be loaded:\n{error}\n")


def launch(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    course = course_from(args, parser)
    outline = built_in_outline() if course is None else course.outline
    if args.list:
        print_lesson_list(outline, args.lang)
        return 0
    if args.lesson is not None and args.lesson not in outline.ids:
        parser.error(f"unknown lesson {args.lesson!r}; choose one of: {', '.join(outline.ids)}")
    if args.step is not None:
        if args.lesson is None:
            parser.error("--step needs --lesson")
        steps = len(outline.lessons[outline.ids.index(args.lesson)].steps)
        if not 1 <= args.step <= steps:
            parser.error(f"--step must be between 1 and {steps} for lesson {args.lesson!r}")
    from commands.process import one_blas_thread
    from tui.app import DnnTutorApp  # Textual loads only when the app opens

    if course is not None:  # NumPy is loaded: its BLAS limited now, else once it loads
        one_blas_thread()
    step = None if args.step is None else args.step - 1
    DnnTutorApp(lesson=args.lesson, step=step, tune_gc=True, course=course, course_later=True,
                store=position_store(args), lang=getattr(args, "lang", None)).run()
    return 0


def launch_playground(args: argparse.Namespace) -> int:
    """``dnn-tutor playground [train options]``: the options checked as ``train`` checks them,
    with the playground's own limits (``spec_from_args``), one line and exit 2 when wrong,
    then the app opens on the playground."""
    from commands.playground import PlaygroundError, spec_from_args
    from commands.run import resolve

    try:
        spec = spec_from_args(args)
    except (PlaygroundError, ValueError) as error:
        args.train_parser.error(str(error))
    resolve(args)  # exits 2 with one line for options that are wrong together
    from tui.app import DnnTutorApp

    app = DnnTutorApp(playground=spec, tune_gc=True, lang=getattr(args, "lang", None))
    app.run()
    return app.return_code or 0  # 1 after a crash (Textual printed why), never 0


def position_store(args: argparse.Namespace):
    """The app's position store: the file under XDG_STATE_HOME (None: the app's default),
    or with the hidden ``--no-save`` (each tab of ``dnn-tutor serve``) one in memory only."""
    if getattr(args, "no_save", False):
        from tui.serve import MemoryPositionStore

        return MemoryPositionStore()
    return None
