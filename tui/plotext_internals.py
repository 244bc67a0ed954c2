"""plotext below its public API: the one place that reads plotext's and textual-plotext's
internals, written for the versions below.

Why below it: ``Plot.build()`` returns the plot as one ANSI string, and parsing that back into
styled text (``Text.from_ansi``) was half of a curve's build time (~8 of ~16 ms for the loss
plot) and most of its garbage. Here the plot is built as far as plotext's character matrix
(markers and colours per cell), which is read directly into runs of (characters, rich Style).
tests/tui/test_private_apis.py fails on any other version of either library, so whoever
upgrades checks these few calls against it first.
"""

from __future__ import annotations

import math
from functools import lru_cache

from rich.style import Style
from rich.text import Text

# The versions whose internals this module was written against (pyproject pins the ranges).
PLOTEXT_VERSIONS = ("5.3.2",)
TEXTUAL_PLOTEXT_VERSIONS = ("1.0.1",)

Runs = list[list[tuple[str, Style]]]


def new_plot(width: int, height: int):
    """A textual-plotext ``Plot`` (no global state, unlike the ``plotext`` module) of
    ``width`` x ``height`` cells."""
    from textual_plotext.plot import Plot

    plt = Plot()
    plt.plotsize(width, height)
    # As textual-plotext's own PlotextPlot.render: plotsize alone leaves plotext's own idea of
    # the size stale (textual-plotext issue #5).
    plt._set_size(width, height)
    return plt


def canvas_runs(plt) -> Runs:
    """What ``plt.build()`` does, minus its ANSI string: plotext's matrix as rows (top to
    bottom) of runs of cells with the same colours."""
    plt._set_sizes()
    plt._build_matrix()
    matrix = plt.monitor.matrix
    rows = []
    for row in matrix.Rows[::-1]:
        marker = matrix.marker[row]
        fg, style, bg = matrix.fullground[row], matrix.style[row], matrix.background[row]
        runs = []
        start = 0
        for col in range(1, matrix.cols + 1):
            if (col == matrix.cols or fg[col] != fg[start] or style[col] != style[start]
                    or bg[col] != bg[start]):
                runs.append(("".join(marker[start:col]),
                             _cell_style(_hashable(fg[start]), _hashable(style[start]),
                                         _hashable(bg[start]))))
                start = col
        rows.append(runs)
    return rows


BRAILLE_ROWS = 4  # a braille cell holds 4 rows of dots: plotext plots in 4x the cell rows


def canvas_height(height: int, xlabel: bool, xtick_labels: bool = True) -> int:
    """The rows of plotext's canvas (where data is drawn) in a plot ``height`` rows tall with
    a frame, x tick labels and an x label below: as ``plotext._build`` computes it."""
    return height - 2 - int(xtick_labels) - int(xlabel)


def braille_row(value: float, lo: float, hi: float, rows: int) -> int:
    """The canvas row (0 at the bottom) where plotext draws a braille point at ``value``: dot
    row floor(0.5 + (4 rows - 1) f), f the value's fraction of the range, four dots a row."""
    fraction = (value - lo) / (hi - lo)
    row = math.floor(round(0.5 + (BRAILLE_ROWS * rows - 1) * fraction, 8)) // BRAILLE_ROWS
    return min(max(row, 0), rows - 1)


def tick_row_value(value: float, lo: float, hi: float, rows: int) -> float:
    """Where to put a y tick so that plotext draws its label on the row where a braille line
    at ``value`` is drawn. plotext places a tick at row floor(0.5 + (rows - 1) f) but a
    braille point at ``braille_row`` (f: the value's fraction of the range), a row apart
    near the edges: a label "1" sat under a tanh curve at 1."""
    if rows < 2 or not hi > lo:
        return value
    return lo + braille_row(value, lo, hi, rows) / (rows - 1) * (hi - lo)


def _hashable(color):
    return tuple(color) if isinstance(color, list) else color


@lru_cache(maxsize=512)
def _cell_style(fullground, style, background) -> Style:
    """The rich Style plotext's ANSI codes for these colours stand for (cached)."""
    import plotext._utility as plotext_utility

    ansi = plotext_utility.colors_to_ansi(fullground, style, background)
    spans = Text.from_ansi(f"{ansi}x{plotext_utility.ansi_end}").spans
    return spans[0].style if spans else Style()
