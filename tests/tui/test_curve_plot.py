"""Curve plots: a y label on the row where a line at its value is drawn."""

from __future__ import annotations

import numpy as np
import pytest
from textual.theme import BUILTIN_THEMES

from lessons.view_data import Curves, Line
from lessons.explorers import ActivationExplorer
from lessons.views import ActivationPlot
from tui.widgets.curve_plot import build_plot_runs, legend_rows
from tui.widgets.palette import palette_from_theme

PALETTE = palette_from_theme(BUILTIN_THEMES["textual-dark"].to_color_system().generate())


def braille(row: str) -> bool:
    return any(0x2801 <= ord(ch) <= 0x28FF for ch in row)


def label_rows(rows: list[str], value: float) -> list[int]:
    found = []
    for i, row in enumerate(rows):
        label = row.split("┤")[0].strip() if "┤" in row else ""
        if label and abs(float(label) - value) < 1e-9:
            found.append(i)
    return found


# The plot heights a panel gives a curve at 80x24 (7-12 rows) and at 160x48 (up to 23), the
# y ranges of the activation plots (padded around ±1, up to 5 for ReLU) and of costs.
@pytest.mark.parametrize("ylim", [(-1.2, 1.2), (-1.05, 1.05), (-1.5, 5.2), (0.0, 1.0),
                                  (-0.3, 1.1)])
@pytest.mark.parametrize("xlabel", ["", "z"])
def test_y_labels_sit_on_the_row_of_their_value(ylim, xlabel):
    xs = np.linspace(-5, 5, 100)
    for height in (7, 8, 9, 10, 11, 12, 15, 19, 23):
        for value in (-1.0, 0.0, 1.0):
            if not ylim[0] <= value <= ylim[1]:
                continue
            data = Curves((Line("c", xs, np.full(100, value)),), ylim=ylim, xlabel=xlabel,
                          must_show_y=(value,), legend=False)
            rows = ["".join(chars for chars, _ in run)
                    for run in build_plot_runs(data, 40, height, PALETTE)]
            drawn = [i for i, row in enumerate(rows) if braille(row)]
            assert label_rows(rows, value) == drawn, (height, value, "\n".join(rows))


# A cost that does not move (log 2 from a network that learns nothing), to 1e-7 (flat) or
# by a few thousandths over the run (near-flat), in the fixed ranges of the cost views and in
# its own range, at the heights a plot gets at 80x24 (down to the checkpoint's 6 canvas rows).
# (In its own range a near-flat curve is a drop drawn over the whole height.)
@pytest.mark.parametrize("ylim, drop", [
    *((ylim, drop) for ylim in [(0.0, 2.0), (0.0, 4.0), (0.0, 1.0)]
      for drop in [0.0, 1e-7, 1e-3, 4e-3]),
    (None, 0.0), (None, 1e-7)])
def test_a_flat_or_near_flat_curve_is_labelled_with_its_value_on_its_row(ylim, drop):
    xs = np.arange(200.0)
    ys = 0.6931472 - drop * xs / xs[-1]
    for height in (8, 9, 10, 11, 12, 15):
        rows = ["".join(chars for chars, _ in run) for run in build_plot_runs(
            Curves((Line("cost", xs, ys),), ylim=ylim, xlabel="iteration", legend=False),
            40, height, PALETTE)]
        text = "\n".join(rows)
        (drawn,) = [i for i, row in enumerate(rows) if braille(row)]
        label = rows[drawn].split("┤")[0].strip() if "┤" in rows[drawn] else ""
        assert label, text
        decimals = len(label.split(".")[1]) if "." in label else 0
        # The label reads as every value of the curve (to the label's last digit).
        assert ys.min() - 0.5 * 10.0 ** -decimals <= float(label) <= (
            ys.max() + 0.5 * 10.0 ** -decimals), text
        assert sum(row.split("┤")[0].strip() == label for row in rows if "┤" in row) == 1


@pytest.mark.parametrize("ylim", [(0.0, 2.0), None])
@pytest.mark.parametrize("height", [8, 12, 20])
def test_a_flat_cost_shows_its_value_once_and_says_it_is_flat(ylim, height):
    # An untrained network's cost, the same to 1e-6: not a drop over the whole height, nor a
    # line read as the round tick that shares its row in a fixed range.
    xs = np.arange(50.0)
    ys = 0.6931472 + 1e-7 * np.sin(xs)
    rows = ["".join(chars for chars, _ in run) for run in build_plot_runs(
        Curves((Line("cost", xs, ys),), ylim=ylim), 40, height, PALETTE)]
    text = "\n".join(rows)
    assert "flat at 0.6931" in rows[0]
    labels = [row.split("┤")[0].strip() for row in rows if "┤" in row]
    assert [label for label in labels if label].count("0.6931") == 1
    if ylim is None:  # its own range: the value is the only label
        assert [label for label in labels if label] == ["0.6931"]
    assert len([i for i, row in enumerate(rows) if braille(row)]) == 1, text


def test_a_cost_that_moves_is_not_called_flat():
    xs = np.arange(50.0)
    rows = ["".join(chars for chars, _ in run) for run in build_plot_runs(
        Curves((Line("cost", xs, 0.69 - 0.001 * xs),)), 40, 12, PALETTE)]
    assert "flat" not in rows[0]
    assert len([row for row in rows if "┤" in row and row.split("┤")[0].strip()]) >= 2


def test_a_line_is_not_drawn_across_its_nan():
    # A flat line at 0 with the middle third NaN: its two strokes leave the middle columns
    # empty (a dashed curve's gaps), where dropping the NaN would draw straight across.
    xs = np.linspace(0.0, 1.0, 90)
    ys = np.zeros(90)
    ys[30:60] = np.nan
    data = Curves((Line("dashed", xs, ys),), ylim=(-1.0, 1.0), xlim=(0.0, 1.0), legend=False)
    rows = ["".join(chars for chars, _ in run) for run in build_plot_runs(data, 40, 9, PALETTE)]
    (row,) = [row for row in rows if braille(row)]
    strokes = [i for i, ch in enumerate(row) if 0x2801 <= ord(ch) <= 0x28FF]
    columns = range(strokes[0], strokes[-1] + 1)
    gap = [i for i in columns if i not in strokes]
    assert len(gap) >= 8, row
@pytest.mark.parametrize("shown", ["all", "sigmoid", "leaky_relu"])
@pytest.mark.parametrize("slopes", [False, True])
def test_every_curve_of_the_activation_plot_is_named_in_its_legend(shown, slopes):
    """Each function by its name; each slope g' by its own (one function) or, when five
    would fill the legend, by one entry that says what the dim lines are."""
    data = ActivationPlot().measure(ActivationExplorer(shown=shown, show_derivative=slopes))
    legend = " ".join("".join(chars for chars, _ in row)
                      for row in legend_rows(data, 46, PALETTE))
    for line in data.lines:
        named = f"━ {line.label}" in legend
        said = line.dim and data.legend_note and data.legend_note in legend
        assert named or said, (line.label, legend)
    assert any(line.dim for line in data.lines) is slopes
