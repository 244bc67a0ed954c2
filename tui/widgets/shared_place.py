"""A step's decision map and its curves (the cost plot) in a short panel: one at a time.

Stacked in a panel of 80x24's ~22 rows, a map and a cost plot at their minimum heights each
got a sliver: boundaries step 4's map was 8 columns by 4 rows (a flower of 32 cells) and the
plot 4 rows of curve. Below ``BOTH_FROM`` rows the map takes the place alone (it is what the
step is about) and the curves wait behind a key; from ``BOTH_FROM`` both stand, as before.
"""

from __future__ import annotations

from typing import Literal, Sequence

from textual.widget import Widget

from .boundary_map import BoundaryMapView
from .curve_plot import CurvePlot

# Panel rows from which a map and a plot are both shown. Measured with boundaries step 4 (a
# status line, two knob lines, a two-row table): at 28 rows each gets ~10 (a map of 6 rows,
# 12 columns for the flower: LEGIBLE_ROWS), below that the map falls under a legible size.
BOTH_FROM = 28

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
