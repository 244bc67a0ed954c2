"""The `dnn-tutor` command: opens the tutor, or runs a headless subcommand.

Textual is imported only when the app opens, so `dnn-tutor train`, `--list`, `--help` and
`--version` start fast and work without a terminal.
"""

from __future__ import annotations

import argparse
import gc
import sys


def build_parser():
    from engine import __version__
    from engine.cli import OneLineArgumentParser, add_train_arguments
    from lessons.playground import add_playground_arguments

    parser = OneLineArgumentParser(
        prog="dnn-tutor",
        description="Watch a neural network learn, in your terminal.",
        epilog="Run 'dnn-tutor train --help' for headless training.",
    )
    parser.add_argument("--version", action="version", version=f"dnn-tutor {__version__}")
    parser.add_argument("--list", action="store_true", help="print the lessons and exit")
    parser.add_argument("--lesson", metavar="ID", help="open this lesson (see --list)")
    parser.add_argument("--step", metavar="N", type=int, help="open this step (1-based)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineArgumentParser)
    train = sub.add_parser("train", help="train a network headless and print the cost, like the course")
    add_train_arguments(train)
    from engine.export import add_export_arguments

    export = sub.add_parser("export", help="write the run as a self-contained NumPy script "
                                           "that prints what train prints")
    add_export_arguments(export)
    playground = sub.add_parser(
        "playground", help="open the playground: every train option as a knob, the network "
        "drawn, A/B runs, export")
    add_playground_arguments(playground)
    from tui.serve import add_serve_parser

    add_serve_parser(sub)
    # What `dnn-tutor serve` runs for each browser tab: the place is kept in memory only.
    parser.add_argument("--no-save", action="store_true", help=argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> int:
    # Starting the app makes a few hundred thousand long-lived objects (modules, classes,
    # styles, widgets); the collector walked them all several times before the first
    # screen, ~60 ms of launch. It is paused until the app has drawn that screen (then the
    # startup objects are frozen out of collections: tui.app.freeze_startup_objects), or
    # until a headless command starts, and running again whenever main returns.
    gc.disable()
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if args.command == "train":
            from engine.cli import run_train_guarded

            gc.enable()
            return run_train_guarded(args)
        if args.command == "export":
            from engine.export import run_export

            gc.enable()
            return run_export(args)
        if args.command == "playground":
            from tui.launch import launch_playground

            return launch_playground(args)
        if args.command == "serve":
            from tui.serve import run_serve

            gc.enable()
            return run_serve(args)
        from tui.launch import launch  # the app, with Textual: only now

        return launch(args, parser)
    finally:
        gc.enable()


if __name__ == "__main__":
    sys.exit(main())
