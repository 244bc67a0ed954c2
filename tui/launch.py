"""Open the app from parsed command-line arguments (`dnn-tutor`, `--lesson`, `--step`, `--list`)."""

from __future__ import annotations

import argparse
import sys

from lessons import LESSONS, PLANNED
from lessons.i18n import LANGUAGES, set_language, tr


def print_lesson_list(lang: str | None = None) -> None:
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
    built = {lesson.id: lesson for lesson in LESSONS}
    print(tr("Lessons (open one with: dnn-tutor --lesson ID [--step N])") + "\n")
    for i, (lesson_id, title, claims) in enumerate(PLANNED, start=1):
        lesson = built.get(lesson_id)
        # The ids are ASCII: padded by characters; a title after them may be Korean.
        if lesson is not None:
            steps, checkpoints = len(lesson.steps), lesson.checkpoints
            seen = set(position.seen.get(lesson_id, [])) & set(range(steps))
            passed = set(position.passed.get(lesson_id, [])) & set(checkpoints)
            print(f"{i}. {lesson_id:<15} " + tr(
                "{title} ({steps} steps, {checkpoints} checkpoints)", title=tr(lesson.title),
                steps=steps, checkpoints=len(checkpoints)))
            print(f"   {'':<15} " + tr("claims {claims}", claims=", ".join(lesson.claims)))
            print(f"   {'':<15} " + tr(
                "seen {seen}/{steps} steps, passed {passed}/{checkpoints} checkpoints",
                seen=len(seen), steps=steps, passed=len(passed), checkpoints=len(checkpoints)))
        else:
            print(f"{i}. {lesson_id:<15} " + tr("{title} (coming)", title=tr(title)))
            print(f"   {'':<15} " + tr("claims {claims}", claims=", ".join(claims)))


def launch(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.list:
        print_lesson_list(args.lang)
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
    DnnTutorApp(lesson=args.lesson, step=step, tune_gc=True,
                store=position_store(args), lang=getattr(args, "lang", None)).run()
    return 0


def launch_playground(args: argparse.Namespace) -> int:
    """``dnn-tutor playground [train options]``: the options checked as ``train`` checks them,
    with the playground's own limits (``spec_from_args``), one line and exit 2 when wrong,
    then the app opens on the playground."""
    from engine.cli import resolve
    from lessons.playground import PlaygroundError, spec_from_args

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
