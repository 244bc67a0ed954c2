"""A step's decision map and its curves (the cost plot) in a short panel: one at a time.

Stacked in a panel of 80x24's ~22 rows, a map and a cost plot at their minimum heights each
got a sliver: boundaries step 4's map was 8 columns by 4 rows (a flower of 32 cells) and the
plot 4 rows of curve; at 100x30 still 14 by 7 under a plot twice its height. Below ``BOTH_FROM`` rows the map takes the place alone (it is what the
step is about) and the curves wait behind a key; from ``BOTH_FROM`` both stand, as before.
"""

from __future__ import annotations

from typing import Literal, Sequence

from textual.widget import Widget

from .boundary_map import BoundaryMapView
from .curve_plot import CurvePlot

# Panel rows from which a map and a plot are both shown, each in half the rows the other
# views leave. Measured on boundaries step 4 (a status line, knob lines, a two-row table):
# at 100x30 (28 rows) the map got 7 rows, 14 columns, under a plot of 13; at 120x40 (38 rows)
# it gets 12 rows, 24 columns. From 34 rows the map gets about 10 rows (20 columns), what
# 80x24 shows of a map beside a text; below, the map alone (19 rows at 100x30).
BOTH_FROM = 34

Shown = Literal["map", "plot"]


class SharedPlace:
    """The map views and the plot views of one panel; ``fit(height)`` after each resize
    shows both, or only those ``shown`` names (``show`` turns to the other)."""

    def __init__(self, widgets: Sequence[Widget]):
        self.maps = [w for w in widgets if isinstance(w, BoundaryMapView)]
        self.plots = [w for w in widgets if isinstance(w, CurvePlot)]
        self.shared = False   # the panel is short: one kind at a time
        self.shown: Shown = "map"

    @property
    def applies(self) -> bool:
        """The panel has both kinds: they may have to take turns."""
        return bool(self.maps and self.plots)

    def fit(self, panel_height: int) -> bool:
        """One kind at a time below BOTH_FROM rows; whether that changed."""
        shared = self.applies and 0 < panel_height < BOTH_FROM
        changed = shared != self.shared
        self.shared = shared
        self._display()
        return changed

    def show(self, kind: Shown) -> None:
        self.shown = kind
        self._display()

    def hides(self, kind: Shown) -> bool:
        """``kind`` is behind the key now."""
        return self.shared and self.shown != kind

    def _display(self) -> None:
        for widget in self.maps:
            widget.display = not self.hides("map")
        for widget in self.plots:
            widget.display = not self.hides("plot")
