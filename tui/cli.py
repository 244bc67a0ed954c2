"""The `dnn-tutor` command: opens the tutor, or runs a headless subcommand.

Textual is imported only when the app opens, so `dnn-tutor train`, `--list`, `--help` and
`--version` start fast and work without a terminal.

Every command ends quietly: ctrl-c (even while NumPy or Textual is still loading) exits 130
and a closed stdout (`dnn-tutor --list | head -1`) exits 141, without a traceback or an
"Exception ignored" message; `train` says where it was interrupted (commands.train).
"""

from __future__ import annotations

import argparse
import gc
import os
import signal
import sys

# 128 + SIGINT, as commands.process's: here too, since ctrl-c may come before NumPy loads.
EXIT_INTERRUPTED = 130


def _exit_at_once(_signum, _frame) -> None:
    os._exit(EXIT_INTERRUPTED)  # nothing to unwind: no output yet, no file open


class _CtrlCWhileLoading:
    """ctrl-c while the command line is parsed and NumPy, the engine and the lessons load:
    exit 130 at once, without a traceback.

    Not a KeyboardInterrupt there: raised inside NumPy's import of its C extension, it comes
    out as an ImportError with a page of advice about a broken install. Once they have
    loaded (``loaded()``), ctrl-c is a KeyboardInterrupt again, which ``train`` turns into
    "interrupted at iteration N" and ``main`` into a quiet exit. Left alone where ctrl-c is
    not Python's default (a shell's background job ignores it) or off the main thread."""

    def __enter__(self):
        self.previous = None
        if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            try:
                self.previous = signal.signal(signal.SIGINT, _exit_at_once)
            except ValueError:  # not the main thread: a signal cannot reach it anyway
                pass
        return self

    def loaded(self) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)
            self.previous = None

    def __exit__(self, *_exc) -> None:
        self.loaded()


def lang_in_argv(argv: list[str]) -> str | None:
    """The value of ``--lang`` (``--lang ko`` or ``--lang=ko``), read before the parser is
    built: the parser's own help is written in it."""
    for i, arg in enumerate(argv):
        if arg == "--" or arg in COMMANDS:
            return None
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
    return None


COMMANDS = ("train", "export", "playground", "serve", "lesson", "claims")


def names_a_command(argv: list[str]) -> bool:
    """Whether a word of ``argv`` is a command's name: only then does the parser look at a
    command's own arguments (a value that happens to be one, ``--lesson train``, counts too:
    the full parser is then built, and decides)."""
    return any(arg in COMMANDS for arg in argv)


def build_parser(commands_arguments: bool = True):
    """The command line's parser. Without ``commands_arguments`` the commands are listed
    (``--help`` is the same) but their own arguments are not added: adding ``train``'s and
    ``playground``'s loads NumPy and the engine (~100 ms of the app's launch), and a command
    line that names no command never reads them (``names_a_command``)."""
    from commands.args import OneLineArgumentParser
    from commands.claims import add_claims_arguments
    from engine import __version__
    from lessons.i18n import LANGUAGES, tr
    from tui.serve import add_serve_parser

    from .argparse_help import CellHelpFormatter, CellRawDescriptionHelpFormatter

    parser = OneLineArgumentParser(
        prog="dnn-tutor",
        description=tr("Watch a neural network learn, in your terminal."),
        epilog=tr("Run 'dnn-tutor train --help' for headless training."),
        formatter_class=CellHelpFormatter, add_help=False,
    )
    # Both sections are groups of our own, titled in the language: argparse's own two are left
    # empty (not shown), their titles being English. The commands' section comes first.
    sub = parser.add_subparsers(title=tr("positional arguments"), dest="command",
                                metavar="COMMAND", parser_class=OneLineArgumentParser)
    options = parser.add_argument_group(tr("options"))
    options.add_argument("-h", "--help", action="help",
                         help=tr("show this help message and exit"))
    options.add_argument("--version", action="version", version=f"dnn-tutor {__version__}",
                         help=tr("show program's version number and exit"))
    options.add_argument("--list", action="store_true", help=tr("print the lessons and exit"))
    options.add_argument("--lesson", metavar="ID", help=tr("open this lesson (see --list)"))
    options.add_argument("--step", metavar="N", type=int, help=tr("open this step (1-based)"))
    options.add_argument("--lessons", metavar="DIR", action="append", default=[],
                         help=tr("add the lessons in DIR (a lesson folder, or a folder of "
                                 "them) after the built-in ones; repeatable"))
    options.add_argument("--lang", choices=LANGUAGES, default=None,
                         help=tr("the language of the lessons and the app (default: the one "
                                 "chosen last, else en)"))
    train = sub.add_parser("train", help=tr("train a network headless and print the cost, "
                                            "like the course"), add_help=False)
    # Its own options section, titled in the language (argparse's is English), as above.
    train.add_argument_group(tr("options")).add_argument(
        "-h", "--help", action="help", help=tr("show this help message and exit"))
    export = sub.add_parser("export", help=tr("write the run as a self-contained NumPy script "
                                              "that prints what train prints"))
    playground = sub.add_parser(
        "playground", help=tr("open the playground: every train option as a knob, the network "
                              "drawn, A/B runs, export"))
    if commands_arguments:
        from commands.export import add_export_arguments
        from commands.playground import add_playground_arguments
        from commands.train import add_train_arguments

        add_train_arguments(train)
        train.formatter_class = CellRawDescriptionHelpFormatter  # "usage:" in the language
        add_export_arguments(export)
        add_playground_arguments(playground)
    add_serve_parser(sub)
    add_lesson_parser(sub)
    claims = sub.add_parser("claims", help=tr("measure every claim of the course on its "
                                              "lesson's run over many seeds"))
    add_claims_arguments(claims)
    # What `dnn-tutor serve` runs for each browser tab: the place is kept in memory only.
    options.add_argument("--no-save", action="store_true", help=argparse.SUPPRESS)
    return parser


def add_lesson_parser(sub) -> None:
    from commands.args import OneLineArgumentParser
    from lessons.i18n import tr

    lesson = sub.add_parser("lesson", help=tr("write or check a lesson of your own"),
                            description=tr("A lesson is a folder: lesson.toml and a Markdown "
                                           "text a step. See the README, 'Write a lesson'."))
    actions = lesson.add_subparsers(dest="lesson_command", metavar="ACTION", required=True,
                                    parser_class=OneLineArgumentParser)
    new = actions.add_parser("new", help=tr("write a working one-step lesson into DIR"))
    new.add_argument("dir", metavar="DIR", help=tr("a new folder for the lesson"))
    check = actions.add_parser("check", help=tr("check lessons and print every problem as "
                                                "file:line (exit 2 when there is one)"))
    check.add_argument("dirs", metavar="DIR", nargs="*",
                       help=tr("a lesson folder, or a folder of lessons"))
    check.add_argument("--names", action="store_true",
                       help=tr("list the kinds, views, knobs, facts and graders a lesson may "
                               "name"))
    translated = actions.add_parser(
        "translated", help=tr("record that a lesson's translated texts say what its English "
                              "texts say now (lesson check then reports each one the English "
                              "changes after)"))
    translated.add_argument("dir", metavar="DIR", help=tr("a lesson folder"))
    translated.add_argument("texts", metavar="TEXT", nargs="*",
                            help=tr("step texts, e.g. 01-intro.md (default: all)"))
    translated.add_argument("--lang", default="ko", help=tr("the translation's language"))


def run_lesson(args: argparse.Namespace, parser) -> int:
    """``dnn-tutor lesson new DIR`` / ``dnn-tutor lesson check DIR...``."""
    from lessons.authoring import check_folders, new_lesson, registered_names

    if args.lesson_command == "translated":
        from pathlib import Path

        from lessons.translations import record

        try:
            names = record(Path(args.dir), args.lang, args.texts)
        except (ValueError, OSError) as error:
            parser.exit(2, f"dnn-tutor lesson translated: error: {error}\n")
        print(f"{Path(args.dir) / args.lang}: {len(names)} recorded as translated")
        return 0
    if args.lesson_command == "new":
        try:
            written = new_lesson(args.dir)
        except (ValueError, OSError) as error:
            parser.exit(2, f"dnn-tutor lesson new: error: {error}\n")
        for path in written:
            print(f"wrote {path}")
        print(f"open it: dnn-tutor --lessons {args.dir}")
        return 0
    if args.names:
        print("\n".join(registered_names()))
        if not args.dirs:
            return 0
    if not args.dirs:
        parser.exit(2, "dnn-tutor lesson check: error: give a lesson folder (or --names)\n")
    fine, problems = check_folders(args.dirs)
    for line in fine:
        print(line)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 2 if problems else 0


def main(argv: list[str] | None = None) -> int:
    # Starting the app makes a few hundred thousand long-lived objects (modules, classes,
    # styles, widgets); the collector walked them all several times before the first
    # screen, ~60 ms of launch. It is paused until the app has drawn that screen (then the
    # startup objects are frozen out of collections: tui.app.freeze_startup_objects), or
    # until a headless command starts, and running again whenever main returns.
    gc.disable()
    try:
        try:
            try:
                with _CtrlCWhileLoading() as loading:
                    return _main(argv, loading)
            finally:
                # Written out here, so that a reader who has gone (`| head -1`) is noticed
                # inside this guard, not at exit as "Exception ignored ... BrokenPipeError".
                if sys.stdout is not None:  # None when started with stdout closed
                    sys.stdout.flush()
        except KeyboardInterrupt:
            return EXIT_INTERRUPTED
        except BrokenPipeError:
            from commands.process import EXIT_BROKEN_PIPE, discard_output

            discard_output(sys.stdout)
            return EXIT_BROKEN_PIPE
    finally:
        gc.enable()


def _main(argv: list[str] | None, loading: _CtrlCWhileLoading) -> int:
    from lessons.i18n import LANGUAGES, set_language

    words = sys.argv[1:] if argv is None else list(argv)
    lang = lang_in_argv(words)
    if lang in LANGUAGES:
        set_language(lang)  # --help and --list in it; the app takes args.lang
    parser = build_parser(commands_arguments=names_a_command(words))
    args = parser.parse_args(argv)
    if args.command is None:
        loading.loaded()
        from tui.launch import launch  # the app, with Textual: only now

        # NumPy loads after the app's first screen, its BLAS limited to one thread then
        # (``tui.launch``), as every command's below.
        return launch(args, parser)
    from commands.process import one_blas_thread

    one_blas_thread()  # for the playground, the served tabs' server, train, export
    loading.loaded()
    if args.command == "train":
        from commands.train import run_train_guarded

        gc.enable()
        return run_train_guarded(args)
    if args.command == "export":
        from commands.export import run_export

        gc.enable()
        return run_export(args)
    if args.command == "playground":
        from tui.launch import launch_playground

        return launch_playground(args)
    if args.command == "lesson":
        gc.enable()
        return run_lesson(args, parser)
    if args.command == "claims":
        from commands.claims import run_claims

        gc.enable()
        return run_claims(args)
    if args.command == "serve":
        from tui.serve import run_serve

        gc.enable()
        return run_serve(args)
    raise AssertionError(f"no command {args.command!r}")  # the parser knows only these


if __name__ == "__main__":
    sys.exit(main())
