"""Deterministic toy datasets for the lessons.

Layout follows Andrew Ng's course: ``X`` is ``(n_x, m)`` with one column per
example, ``Y`` is ``(1, m)`` float64 (labels 0.0/1.0 for classification).

Every dataset takes an explicit ``seed``; its arguments are checked here, and the
points are drawn by its generator in ``engine.generators`` (plain NumPy, from a
private ``np.random.RandomState(seed)``), which is also what an exported script runs.

``load_csv`` reads the learner's own data (``--data FILE``) into the same
layout, or refuses the file with one line naming the row and the problem.
"""

from __future__ import annotations

import codecs
import csv
import math
import numbers
import os
import re
from dataclasses import dataclass
from typing import Callable

import numpy as np

from . import generators
from .generators import PLAYGROUND_MAX_NOISE

__all__ = [
    "Dataset",
    "flower",
    "circles",
    "moons",
    "xor",
    "gaussian",
    "spiral",
    "regression_curve",
    "DATASETS",
    "load",
    "standardize",
    "REGRESSION_DATASETS",
    "N_FEATURES",
    "DataFileError",
    "MAX_FILE_ROWS",
    "load_csv",
]

_TASKS = ("classification", "regression")


# eq=False: the fields are arrays, so generated __eq__/__hash__ would raise
# ("truth value of an array is ambiguous" / "unhashable type").
@dataclass(frozen=True, eq=False)
class Dataset:
    """A named dataset in course layout: X (n_x, m), Y (1, m)."""

    name: str
    X: np.ndarray
    Y: np.ndarray
    task: str  # "classification" or "regression"

    def __post_init__(self) -> None:
        # Fail at construction rather than deep inside a training loop.
        if self.task not in _TASKS:
            raise ValueError(f"task must be one of {_TASKS}, got {self.task!r}")
        if self.X.ndim != 2 or self.Y.shape != (1, self.X.shape[1]):
            raise ValueError(
                f"expected X (n_x, m) and Y (1, m), got X {self.X.shape} "
                f"and Y {self.Y.shape}"
            )


# ---------------------------------------------------------------- the checks


def _check_m(m: object) -> int:
    if isinstance(m, bool) or not isinstance(m, numbers.Integral):
        raise ValueError(f"m (number of examples) must be an integer, got {m!r}")
    if m < 1:
        raise ValueError(f"m (number of examples) must be at least 1, got {m}")
    return int(m)


def _check_noise(noise: object, name: str, upper: float | None = None) -> float:
    if isinstance(noise, bool) or not isinstance(noise, numbers.Real):
        raise ValueError(f"noise for {name!r} must be a number, got {noise!r}")
    noise = float(noise)
    if not noise >= 0:  # also rejects NaN
        raise ValueError(f"noise for {name!r} must be >= 0, got {noise}")
    if upper is not None and noise > upper:
        raise ValueError(
            f"noise for {name!r} must be between 0 and {upper} "
            f"(TensorFlow Playground's range), got {noise}"
        )
    return noise


def _check_seed(seed: object) -> int:
    # None would silently seed from the OS and break reproducibility.
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise ValueError(f"seed must be an integer, got {seed!r}")
    return int(seed)


def _classification(name: str, X: np.ndarray, Y: np.ndarray) -> Dataset:
    return Dataset(name=name, X=X, Y=Y, task="classification")


# ---------------------------------------------------------------- the datasets
# Each checks its arguments, then draws with its generator in engine.generators.


def flower(m: int = 400, seed: int = 1, noise: float = 0.2) -> Dataset:
    """The course's planar data (``load_planar_dataset``, Week 3): two interleaved petals.
    With the defaults, the notebook's data bit for bit."""
    m, noise, seed = _check_m(m), _check_noise(noise, "flower"), _check_seed(seed)
    return _classification("flower", *generators.flower(m, noise, seed))


def circles(
    m: int = 100, noise: float | None = None, seed: int = 0, factor: float = 0.8
) -> Dataset:
    """scikit-learn's ``make_circles(m, noise=noise, random_state=seed)``: the outer circle
    label 0, the inner one label 1. ``noise=None`` draws no noise at all."""
    m = _check_m(m)
    if noise is not None:
        noise = _check_noise(noise, "circles")
    if isinstance(factor, bool) or not isinstance(factor, numbers.Real):
        raise ValueError(f"factor must be a number, got {factor!r}")
    if not 0 <= factor < 1:
        raise ValueError(f"factor must be in [0, 1), got {factor}")
    return _classification("circles", *generators.circles(m, noise, _check_seed(seed), factor))


def moons(m: int = 100, noise: float | None = None, seed: int = 0) -> Dataset:
    """scikit-learn's ``make_moons(m, noise=noise, random_state=seed)``: the upper moon
    label 0, the lower one label 1."""
    m = _check_m(m)
    if noise is not None:
        noise = _check_noise(noise, "moons")
    return _classification("moons", *generators.moons(m, noise, _check_seed(seed)))


def xor(m: int = 500, noise: float = 0.0, seed: int = 0) -> Dataset:
    """TensorFlow Playground's XOR: label 1 where x*y >= 0, else 0."""
    m, noise = _check_m(m), _check_noise(noise, "xor", PLAYGROUND_MAX_NOISE)
    return _classification("xor", *generators.xor(m, noise, _check_seed(seed)))


def gaussian(m: int = 500, noise: float = 0.0, seed: int = 0) -> Dataset:
    """TensorFlow Playground's two Gaussians: around (2, 2) label 1, (-2, -2) label 0."""
    m, noise = _check_m(m), _check_noise(noise, "gaussian", PLAYGROUND_MAX_NOISE)
    return _classification("gaussian", *generators.gaussian(m, noise, _check_seed(seed)))


def spiral(m: int = 500, noise: float = 0.0, seed: int = 0) -> Dataset:
    """TensorFlow Playground's two-arm spiral: arm 1 label 1, arm 2 label 0."""
    m, noise = _check_m(m), _check_noise(noise, "spiral", PLAYGROUND_MAX_NOISE)
    return _classification("spiral", *generators.spiral(m, noise, _check_seed(seed)))


def regression_curve(m: int = 200, noise: float = 0.1, seed: int = 0) -> Dataset:
    """1-D regression: y = 0.5*x + sin(1.5*x) + N(0, 1)*noise, x sorted in [-3, 3)."""
    m, noise = _check_m(m), _check_noise(noise, "curve")
    X, Y = generators.regression_curve(m, noise, _check_seed(seed))
    return Dataset(name="curve", X=X, Y=Y, task="regression")


# ---------------------------------------------------------------- registry


DATASETS: dict[str, Callable[..., Dataset]] = {
    "flower": flower,
    "circles": circles,
    "moons": moons,
    "xor": xor,
    "gaussian": gaussian,
    "spiral": spiral,
    "curve": regression_curve,
}


# The built-in sets whose Y is a real value, not a 0/1 label.
REGRESSION_DATASETS = ("curve",)

# n_x of each built-in set, known without drawing it (a lesson's text quotes the network's
# sizes the moment the course loads; tests/engine checks each generator against it).
N_FEATURES = {name: 1 if name in REGRESSION_DATASETS else 2 for name in DATASETS}


# Also what an exported script runs (commands/script.py copies it): hence no annotations.
def standardize(X):
    """Each feature (row of X) shifted to mean 0 and scaled to standard deviation 1 (a
    feature that does not vary is only shifted)."""
    std = X.std(axis=1, keepdims=True)
    return (X - X.mean(axis=1, keepdims=True)) / np.where(std > 0, std, 1.0)


_standardize = standardize  # load_csv's argument of that name hides it


def load(
    name: str, m: int | None = None, noise: float | None = None, seed: int | None = None
) -> Dataset:
    """Build dataset ``name``; any argument left as None takes that dataset's default."""
    try:
        make = DATASETS[name]
    except (KeyError, TypeError):
        raise ValueError(
            f"unknown dataset {name!r}; choose one of: {', '.join(DATASETS)}"
        ) from None
    given = {"m": m, "noise": noise, "seed": seed}
    return make(**{k: v for k, v in given.items() if v is not None})


# ---------------------------------------------------------------- the learner's own data


MAX_FILE_ROWS = 100_000
# A line is read at most this many bytes at a time: a file without line breaks (binary, or
# one huge line) is refused without being read whole.
_MAX_LINE_BYTES = 1 << 24
_COLUMNS = {3: ("x1", "x2", "label"), 2: ("x", "y")}
_KINDS = "3 (x1,x2,label) for a classification or 2 (x,y) for a regression"
# Bytes no text file has: C0 controls but tab, line feed and carriage return; DEL.
_NOT_TEXT = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class DataFileError(ValueError):
    """A data file ``load_csv`` refuses, with one line naming the file, the row (its line
    number as a text editor shows it, from 1) when one row is to blame, and the problem."""


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _shown(text: str) -> str:
    """A field as typed, quoted, short, on one line (repr escapes control characters)."""
    return repr(text if len(text) <= 24 else text[:21] + "...")


class _LineError(Exception):
    """A line that is no line of text: (problem, line number)."""


def _text_lines(file):
    """(line number, text) of each line of the binary ``file``; a line that is not text
    raises _LineError."""
    n = 0
    while True:
        raw = file.readline(_MAX_LINE_BYTES)
        if not raw:
            return
        if n == 0 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
        if (len(raw) >= _MAX_LINE_BYTES and not raw.endswith(b"\n")
                and _NOT_TEXT.search(raw) is None):
            raise _LineError(f"a line longer than {_MAX_LINE_BYTES:,} bytes: not a row of "
                             "a few numbers", n + 1)
        raw = raw.rstrip(b"\n")
        raw = raw[:-1] if raw.endswith(b"\r") else raw
        # A carriage return alone ends a line too (old Mac files), as editors show it.
        for part in raw.split(b"\r"):
            n += 1
            bad = _NOT_TEXT.search(part)
            if bad is not None:
                raise _LineError(f"not a text file (a byte 0x{bad.group()[0]:02x}); "
                                 "expected a CSV of x1,x2,label or x,y rows", n)
            # Not UTF-8 (Latin-1, say): its words can only be a header, as in an exported
            # script, which reads the file the same way.
            yield n, part.decode("utf-8", errors="replace")


def load_csv(path: str | os.PathLike, standardize: bool = False) -> Dataset:
    """The learner's own data: a CSV file of ``x1,x2,label`` rows (label 0 or 1: a
    classification) or of ``x,y`` rows (a regression), in course layout.

    The first row of data fixes the number of columns. A first row without a single number
    is a header and is skipped; blank lines are skipped; values are finite numbers (labels
    ``0``, ``1``, ``0.0``, ``1.0``, ...); at most ``MAX_FILE_ROWS`` rows of data. With
    ``standardize`` each feature (row of X) is shifted and scaled to mean 0 and standard
    deviation 1, as ``standardize`` does; Y is kept as it is.

    Anything else raises DataFileError, whose one line names the file (as ``path`` is
    written), the row (its line number, as an editor shows it) and the problem. The Dataset
    is named after the file.
    """
    shown = os.fspath(path) or "''"

    def fail(problem: str, row: int | None = None):
        where = f"row {row}: " if row is not None else ""
        raise DataFileError(f"{shown}: {where}{problem}")

    try:
        file = open(path, "rb")
    except OSError as exc:
        fail(f"cannot read it: {exc.strerror or exc}")
    header: tuple[int, list[str]] | None = None
    rows: list[list[float]] = []
    width = first = last = None
    with file:
        try:
            for n, text in _text_lines(file):
                if not text.strip():
                    continue
                try:
                    fields = [field.strip() for field in next(csv.reader([text]))]
                except csv.Error as exc:
                    fail(f"not a row of CSV: {exc}", n)
                values = [_number(field) for field in fields]
                if width is None and header is None and all(v is None for v in values):
                    header = (n, fields)  # a first row without a number: the names
                    continue
                count = f"{len(fields)} value{'' if len(fields) == 1 else 's'}"
                if width is None:
                    if len(fields) not in _COLUMNS:
                        fail(f"{count}; expected {_KINDS}, separated by commas", n)
                    if header is not None and len(header[1]) != len(fields):
                        fail(f"{count}, but the header in row {header[0]} has "
                             f"{len(header[1])} names", n)
                    width, first = len(fields), n
                elif len(fields) != width:
                    fail(f"{count}, expected {width} ({','.join(_COLUMNS[width])})", n)
                if len(rows) == MAX_FILE_ROWS:
                    fail(f"more than {MAX_FILE_ROWS:,} rows of data, the most a file may "
                         "have", n)
                for name, field, value in zip(_COLUMNS[width], fields, values):
                    if value is None:
                        fail(f"{name} is empty" if not field else
                             f"{name} is {_shown(field)}, not a number", n)
                    if not math.isfinite(value):
                        fail(f"{name} is {_shown(field)}, not a finite number", n)
                if width == 3 and values[2] not in (0.0, 1.0):
                    fail(f"label is {_shown(fields[2])}; a classification label is 0 or 1", n)
                rows.append(values)
                last = n
        except _LineError as exc:
            fail(*exc.args)
        except OSError as exc:
            fail(f"cannot read it: {exc.strerror or exc}")
    if not rows:
        if header is not None:
            fail(f"no rows of data after the header (row {header[0]})")
        fail(f"empty: no rows of data; expected {_KINDS}, separated by commas")
    table = np.array(rows, dtype=np.float64)
    # Contiguous, as the generators' data: the arithmetic (and its rounding) is the same.
    X = np.ascontiguousarray(table[:, :-1].T)
    Y = np.ascontiguousarray(table[:, -1:].T)
    task = "classification" if width == 3 else "regression"
    if task == "classification" and np.all(Y == Y[0, 0]):
        fail(f"every label is {int(Y[0, 0])} (rows {first} to {last}): a classification "
             "needs examples of both classes, 0 and 1")
    if standardize:
        X = _standardize(X)
    return Dataset(name=os.path.basename(shown) or shown, X=X, Y=Y, task=task)
