"""The `dnn-tutor` command: opens the tutor, or runs a headless subcommand.

Textual is imported only when the app opens, so `dnn-tutor train`, `--list`, `--help` and
`--version` start fast and work without a terminal.
"""

from __future__ import annotations

import gc
import sys

# Starting the app makes a few hundred thousand long-lived objects (modules, classes, styles,
# widgets); the collector walked them all several times before the first screen, ~60 ms of
# launch. It stays off until the app has drawn that screen (then the startup objects are
# frozen out of collections: tui.app.freeze_startup_objects), or a headless command starts.
gc.disable()

from engine import __version__  # noqa: E402  (after the collector is paused)
from engine.cli import (  # noqa: E402
    OneLineArgumentParser,
    add_train_arguments,
    run_train_guarded,
)


def build_parser() -> OneLineArgumentParser:
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
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "train" or args.list:
        gc.enable()
    if args.command == "train":
        return run_train_guarded(args)
    from tui.launch import launch  # the app, with Textual: only now

    return launch(args, parser)


if __name__ == "__main__":
    sys.exit(main())
