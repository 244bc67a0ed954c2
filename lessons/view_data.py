"""What a panel shows, as typed data: one value of one of these types per view of a step.

A step lists its views (``lessons.views``: each knows how to measure its data from the
step's experiment); a frame is the tuple of their data at one moment. The UI draws each
type with one widget (``tui.widgets.view_widgets``), so a new kind of picture is one type here
plus one widget there, and a new lesson is only data.

Colours are *slots*, not RGB: ``color=2`` means the third series colour of the current theme
(``tui.widgets.curve_plot.palette_from_theme``). Which slot an activation gets is defined once,
in ``lessons.looks``.

Arrays in these records are never mutated after a frame is taken (the UI reads them from
another thread), so the records are frozen; ``eq=False`` because arrays have no truth value.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# A number still to come: a text's slot or a table's cell (one definition, numpy-free).
from .outline import PLACEHOLDER  # noqa: F401


# -- line plots (cost curves, the fitted curve, activation shapes) ------------------------------
@dataclass(frozen=True, eq=False)
class Line:
    label: str
    xs: np.ndarray
    ys: np.ndarray
    color: int = 0           # series colour slot
    kind: str = "line"       # "line" or "scatter"
    dim: bool = False        # drawn in a dimmer shade of its colour (a derivative, data points)


@dataclass(frozen=True, eq=False)
class Curves:
    lines: tuple[Line, ...]
    title: str = ""
    xlabel: str = ""
    xlim: tuple[float, float] | None = None
    ylim: tuple[float, float] | None = None
    vlines: tuple[float, ...] = ()       # e.g. the cursor
    must_show_y: tuple[float, ...] = ()  # y values that get a tick (0 and 1 for activations)
    legend: bool = True                  # a legend line naming each line in its colour
    legend_note: str = ""                # said of the dim lines the legend leaves out


# -- decision-boundary maps -------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class PointSet:
    """Labelled 2-D points drawn over a map: X is (2, m), Y is (1, m) with 0/1 labels."""

    X: np.ndarray
    Y: np.ndarray
    test: bool = False  # test points are drawn so that they can be told from training points


@dataclass(frozen=True, eq=False)
class BoundaryMap:
    """One model's output over the input plane, with the data on top.

    ``output[r, c]`` is A[L] (in [0, 1]) at x1 = ``xs[c]``, x2 = ``ys[r]``; row 0 is the bottom
    of the plane (``ys`` ascends), as ``engine.probes.output_grid`` computes it. ``output`` may
    hold NaN (a diverged model): those pixels are drawn as "no value".
    """

    title: str
    bounds: tuple[float, float, float, float]  # x_min, x_max, y_min, y_max
    output: np.ndarray                         # (ny, nx)
    points: tuple[PointSet, ...] = ()
    caption: str = ""                          # one line under the map, e.g. "train 90.5%"
    color: int | None = None                   # the run's series colour, for its title


# What a map's colours stand for: (the quantity, the value at the class-0 end, at the
# class-1 end), as the legend names them. A model's output A[L] is ŷ from 0 to 1.
OUTPUT_SCALE = ("ŷ", "0", "1")


@dataclass(frozen=True, eq=False)
class BoundaryMaps:
    """Several maps side by side (runs compared); one map is the common case. ``scales``:
    what their colours stand for, each as ``OUTPUT_SCALE`` (maps of hidden units colour
    their a[l], on g's range, and the output ŷ)."""

    maps: tuple[BoundaryMap, ...]
    scales: tuple[tuple[str, str, str], ...] = (OUTPUT_SCALE,)


@dataclass(frozen=True)
class MapSize:
    """How many grid points a map view can show: ``nx`` columns by ``ny`` rows of pixels
    (a terminal cell holds two pixels, one above the other). The UI tells the probe."""

    nx: int = 48
    ny: int = 32


# -- tables and text ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Cell:
    text: str
    color: int | None = None   # series colour slot (a run's or a function's)
    bold: bool = False
    alarm: bool = False        # something went wrong here (a diverged run)


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    title: str = ""
    first_is_label: bool = True   # the first column names the row (left-aligned)


@dataclass(frozen=True)
class Notes:
    """A few lines of text computed from the experiment (formulas with live numbers)."""

    lines: tuple[str, ...]


# -- per-layer pictures: histograms and meters --------------------------------------------------
@dataclass(frozen=True, eq=False)
class Histogram:
    """One distribution, e.g. layer 2's activations over a batch: ``counts[i]`` values fell
    in [edges[i], edges[i + 1])."""

    label: str                 # e.g. "layer 2"
    edges: np.ndarray          # (bins + 1,), ascending
    counts: np.ndarray         # (bins,)
    caption: str = ""          # e.g. "saturated 34%"
    color: int | None = None   # series colour slot for the bars (None: the default)


@dataclass(frozen=True, eq=False)
class Histograms:
    """Several distributions drawn one under the other on a shared x axis (layer 1 at the
    top), so a learner sees them spread or collapse layer by layer."""

    title: str
    rows: tuple[Histogram, ...]
    x_range: tuple[float, float]
    x_label: str = ""


@dataclass(frozen=True)
class Meter:
    """One horizontal bar: ``value`` on a scale from 0 to ``full`` (or, with the meters'
    ``log`` scale, from ``full`` / 10^decades to ``full``); ``text`` is printed beside it."""

    label: str
    value: float
    text: str
    alarm: bool = False        # drawn in the alarm colour (exactly zero, saturated, ...)


@dataclass(frozen=True)
class Meters:
    title: str
    rows: tuple[Meter, ...]
    full: float = 1.0
    log: bool = False          # a logarithmic scale over ``decades`` decades below ``full``
    decades: int = 6


# -- derivations and answers ---------------------------------------------------------------------
@dataclass(frozen=True)
class DerivationRow:
    text: str      # the line as one-line terminal math, e.g. "= a · (1 - a)"
    reason: str    # a few words: "chain rule", "add and subtract 1"
    value: str     # the line evaluated at the probe z, e.g. "0.235004"


@dataclass(frozen=True)
class Derivation:
    """A derivation revealed a line at a time; ``rows`` are the lines shown so far (the last
    one is new), each with its value at the probe point ``at`` (e.g. "z = 0.50")."""

    title: str
    rows: tuple[DerivationRow, ...]
    at: str
    total: int     # how many lines the whole derivation has
    note: str = "every line has the same value: each step is an identity"  # once all shown
    # How many lines are revealed when ``rows`` holds only the newest of them (None: all
    # revealed lines are in ``rows``): what "n of total" counts.
    revealed: int | None = None


@dataclass(frozen=True)
class Answer:
    """A question the learner answers by typing; ``field`` is the experiment spec's field the
    typed text is stored in (the experiment then judges it)."""

    prompt: str
    field: str
    answer: str = ""
    verdict: str = ""
    right: bool | None = None   # None: not answered yet (or the text could not be read)
    attempt: int = 1            # which of the learner's answers this is (1: the one that counts)


# -- checkpoints (lessons.checkpoints) -----------------------------------------------------------
@dataclass(frozen=True)
class Question:
    """A prediction asked before a run: ``chosen`` is the learner's choice (an index into
    ``choices``, None until made); ``right`` is None until the learner has chosen and the
    run has finished, then whether the choice is what the run produced; ``why`` gives the
    run's own numbers (empty until then)."""

    prompt: str
    choices: tuple[str, ...]
    chosen: int | None = None
    right: bool | None = None
    why: tuple[str, ...] = ()
    answer: int | None = None   # the choice the run produced (None until it has)
    attempt: int = 1            # which of the learner's answers ``chosen`` is (1: it counts)
    running: bool = False       # chosen, and the run is under way: its results held back


@dataclass(frozen=True)
class Verdict:
    """A challenge's goal and its grade: ``passed`` is None until a run has finished, then
    whether it met the goal; ``line`` says why (or, before, when it will be graded)."""

    goal: str
    passed: bool | None = None
    line: str = ""
