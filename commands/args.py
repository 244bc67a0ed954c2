"""What every ``dnn-tutor`` command line shares: a parser whose errors are one line, and the
option types that check a value and say in that line what is allowed.

Each type is made for one option (``int_type("--port", 1, "a port number ...", 65535)``) and
raises ``argparse.ArgumentTypeError`` with a message that names the option, so the learner
reads ``dnn-tutor train: error: --lr must be a number > 0, got -1`` and nothing else.
"""

from __future__ import annotations

import argparse
import math
import re
from typing import Callable, Protocol


class OneLineArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line: ``<prog>: error: <what is wrong>``.

    argparse normally prints the whole usage first; a learner who typed ``--lr abc`` needs only
    the line that says what is wrong and what is allowed. Exit status 2, as argparse's.
    """

    def error(self, message: str):  # type: ignore[override]
        message = " ".join(str(message).split())  # whatever it says, on one line
        # argparse's own messages echo the value too ("invalid int value: '999...'"): a
        # pasted megabyte stays a line a learner can read. A file's path is a long word too,
        # and its end names the file, so both ends are kept.
        message = re.sub(r"\S{200,}", lambda word: cut_middle(word.group(0)), message)
        # argparse words type errors "argument --lr: <our message>"; our messages already
        # name the option, so drop the prefix; otherwise keep the option's name in front.
        match = re.match(r"argument (\S+): (.*)", message)
        if match:
            names, rest = match.group(1).split("/"), match.group(2)
            message = rest if rest.startswith(tuple(names)) else f"{names[-1]}: {rest}"
        self.exit(2, f"{self.prog}: error: {message}\n")


class OptionGroup(Protocol):
    """What ``add_argument_group`` returns, as far as a command adds its own options to it."""

    def add_argument(self, *names: str, **options) -> argparse.Action: ...


def cut(text: str, limit: int = 40) -> str:
    """``text`` for an error line, cut short: a 4000-digit number need not be echoed whole."""
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} characters)"


def cut_middle(text: str, keep: int = 60) -> str:
    """``text`` cut in the middle, ``keep`` characters of each end shown: for a long path,
    whose end is the file's name."""
    if len(text) <= 2 * keep:
        return text
    return f"{text[:keep]}...{text[-keep:]} ({len(text)} characters)"


# -- option types: each raises ArgumentTypeError with a message naming the option ----------------
def int_type(option: str, minimum: int, what: str, maximum: int | None = None) -> Callable:
    """An integer from ``minimum`` to ``maximum`` (no upper bound when None); ``what`` says so
    in words ("an integer from 1 to 100000") in the error line."""

    def parse(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:  # also a number past int()'s 4300 digits
            raise argparse.ArgumentTypeError(
                f"{option} expects {what}, got {cut(repr(text))}") from None
        if value < minimum or (maximum is not None and value > maximum):
            raise argparse.ArgumentTypeError(
                f"{option} must be {what}, got {cut(text.strip())}")
        return value

    parse.__name__ = option
    return parse


def float_type(option: str, what: str, ok: Callable[[float], bool]) -> Callable:
    """A finite number for which ``ok`` holds; ``what`` says which in words."""

    def parse(text: str) -> float:
        try:
            value = float(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{option} expects a number, got {cut(repr(text))}") from None
        if not math.isfinite(value) or not ok(value):
            raise argparse.ArgumentTypeError(
                f"{option} must be {what}, got {cut(text.strip())}")
        return value

    parse.__name__ = option
    return parse


def choice_type(option: str, choices: tuple[str, ...], noun: str) -> Callable:
    """One of ``choices``, in any case, ``-`` read as ``_`` (``leaky-relu``)."""

    def parse(text: str) -> str:
        key = text.strip().lower().replace("-", "_")
        if key not in choices:
            raise argparse.ArgumentTypeError(
                f"{option}: unknown {noun} {cut(repr(text))}; choose one of: "
                f"{', '.join(choices)}")
        return key

    parse.__name__ = option
    return parse


def choices_type(option: str, choices: tuple[str, ...], noun: str) -> Callable:
    """Like ``choice_type``, for one name or a comma-separated list: a tuple of names."""
    one = choice_type(option, choices, noun)

    def parse(text: str) -> tuple[str, ...]:
        parts = text.split(",")
        if any(not part.strip() for part in parts):
            raise argparse.ArgumentTypeError(
                f"{option} expects one {noun} or a comma-separated list of them "
                f"({', '.join(choices)}), got {cut(repr(text))}")
        return tuple(one(part) for part in parts)

    parse.__name__ = option
    return parse
