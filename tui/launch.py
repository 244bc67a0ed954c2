"""Open the app from parsed command-line arguments (`dnn-tutor`, `--lesson`, `--step`, `--list`)."""

from __future__ import annotations

import argparse

from lessons import LESSONS, PLANNED


def print_lesson_list() -> None:
    built = {lesson.id: lesson for lesson in LESSONS}
    print("Lessons (open one with: dnn-tutor --lesson ID [--step N])\n")
    for i, (lesson_id, title, claims) in enumerate(PLANNED, start=1):
        lesson = built.get(lesson_id)
        if lesson is not None:
            print(f"{i}. {lesson_id:<15} {lesson.title} ({len(lesson.steps)} steps)")
            print(f"   {'':<15} claims {', '.join(lesson.claims)}")
        else:
            print(f"{i}. {lesson_id:<15} {title} (coming)")
            print(f"   {'':<15} claims {', '.join(claims)}")


def launch(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.list:
        print_lesson_list()
        return 0
    ids = [lesson.id for lesson in LESSONS]
    if args.lesson is not None and args.lesson not in ids:
        coming = {lesson_id: title for lesson_id, title, _claims in PLANNED}
        if args.lesson in coming:
            parser.error(f"lesson {args.lesson!r} ({coming[args.lesson]}) is coming but not "
                         f"built yet; built so far: {', '.join(ids)}")
        parser.error(f"unknown lesson {args.lesson!r}; choose one of: {', '.join(ids)}")
    if args.step is not None:
        if args.lesson is None:
            parser.error("--step needs --lesson")
        steps = len(LESSONS[ids.index(args.lesson)].steps)
        if not 1 <= args.step <= steps:
            parser.error(f"--step must be between 1 and {steps} for lesson {args.lesson!r}")
    from tui.app import DnnTutorApp  # Textual loads only when the app opens

    step = None if args.step is None else args.step - 1
    DnnTutorApp(lesson=args.lesson, step=step, tune_gc=True).run()
    return 0
