"""How a panel's rows are shared between its maps and its plots.

A short panel: one at a time
----------------------------
Stacked in a panel of 80x24's ~22 rows, a map and a cost plot at their minimum heights each
got a sliver: boundaries step 4's map was 8 columns by 4 rows (a flower of 32 cells) and the
plot 4 rows of curve; at 100x30 still 14 by 7 under a plot twice its height. Below ``BOTH_FROM`` rows the map takes the place alone (it is what the
step is about) and the curves wait behind a key; from ``BOTH_FROM`` both stand.

A tall panel: the maps take the rows they can use
-------------------------------------------------
A map keeps the data's aspect, so in a panel taller than wide (160x48's is 88 columns by 46
rows: 88 x 92 square pixels) maps side by side are bound by the width and leave rows blank
below them (two maps of 40 x 20 in 41 rows). The maps' widget is then given only the rows
its maps use (``BoundaryMapView.rows_wanted``), and the rest goes to the plots:

* a step's own plot keeps at least ``PLOT_ROWS`` (a cost curve with its axes and legend),
  or half of the rows the two share; the map gets the rest up to what it uses (boundaries
  step 4's map: 35 x 17 in half the rows, 48 x 24 given what it uses);
* a view the step shows only where there is room (``lessons.views.IfRoom``: the runs' cost
  curves beside maps or a table) appears when at least ``ROOM_ROWS`` rows are left blank
  by the others, and takes them.
"""

from __future__ import annotations

from typing import Literal, Sequence

from textual.geometry import Size
from textual.widget import Widget

from lessons.views import IfRoom

from .boundary_map import BoundaryMapView
from .curve_plot import CurvePlot

# Panel rows from which a map and a plot are both shown. Measured on boundaries step 4 (a
# status line, knob lines, a two-row table): at 100x30 (28 rows) the map got 7 rows, 14
# columns, under a plot of 13; at 120x40 (38 rows) it gets 12 rows, 24 columns. From 34 rows
# the map gets about 10 rows (20 columns), what 80x24 shows of a map beside a text; below,
# the map alone (19 rows at 100x30).
BOTH_FROM = 34
# The fewest rows a step's plot keeps beside maps that could use more: plotext's frame, the
# x ticks and label and a legend line leave about 8 rows of curve.
PLOT_ROWS = 14
# The fewest blank rows that a view shown only where there is room is worth: a cost curve
# of about 6 rows with its axes (fewer stay blank).
ROOM_ROWS = 12

Shown = Literal["map", "plot"]


class SharedPlace:
    """The map views and the plot views of one panel (``views``: the step's, one a widget);
    ``fit(size)`` after each resize and each new picture arranges them: in a short panel
    both, or only those ``shown`` names (``show`` turns to the other); in a tall one the maps
    in the rows they use and the plots in the rest."""

    def __init__(self, widgets: Sequence[Widget], views: Sequence = ()):
        room = {id(w) for w, view in zip(widgets, views) if isinstance(view, IfRoom)}
        self.room = [w for w in widgets if id(w) in room]
        own = [w for w in widgets if id(w) not in room]
        self.others = [w for w in own if not isinstance(w, (BoundaryMapView, CurvePlot))]
        self.maps = [w for w in own if isinstance(w, BoundaryMapView)]
        self.plots = [w for w in own if isinstance(w, CurvePlot)]
        self.shared = False   # the panel is short: one kind at a time
        self.shown: Shown = "map"
        self.room_shown = False
        self._heights: dict[int, int | None] = {}  # the rows each map is given (None: 1fr)
        for widget in self.room:  # until a fit finds the room
            widget.display = False

    @property
    def applies(self) -> bool:
        """The panel has both kinds: they may have to take turns."""
        return bool(self.maps and self.plots)

    def fit(self, size: Size) -> bool:
        """One kind at a time below BOTH_FROM rows, else the rows shared as the module says;
        whether what is shown or where changed (a layout follows: ask again after it)."""
        shared = self.applies and 0 < size.height < BOTH_FROM
        changed = shared != self.shared
        self.shared = shared
        self._display()
        return self._share_rows(size) or changed

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

    def _share_rows(self, size: Size) -> bool:
        """Heights for the maps and whether the room's views show, from the rows the other
        views take now (tables, notes, the status and knob lines, laid out already)."""
        panel = next((w.parent for w in (*self.maps, *self.room)), None)
        if panel is None or not size.height or self.shared:
            return self._set(dict.fromkeys(map(id, self.maps)), False)
        flexible = {id(w) for w in (*self.maps, *self.plots, *self.room)}
        fixed = sum(child.outer_size.height for child in panel.children
                    if child.display and id(child) not in flexible)
        rows = size.height - fixed
        wanted = [m.rows_wanted(size.width, rows) for m in self.maps]
        if any(w is None for w in wanted):  # a map without data yet: as the stylesheet says
            return self._set(dict.fromkeys(map(id, self.maps)), False)
        used = sum(wanted)
        if self.plots and self.maps:
            # The maps up to what they use, the plots at least PLOT_ROWS or half the rows.
            # Cut to its share, a map may take another arrangement (a row of two instead
            # of two rows) that uses fewer rows still: those go to the plots too.
            share = max(rows - PLOT_ROWS, rows // 2) // len(self.maps)
            return self._set({id(m): m.rows_wanted(size.width, min(w, share))
                              for m, w in zip(self.maps, wanted)}, False)
        if self.room and rows - used >= ROOM_ROWS:
            return self._set({id(m): w for m, w in zip(self.maps, wanted)}, True)
        return self._set(dict.fromkeys(map(id, self.maps)), False)

    def _set(self, heights: dict[int, int | None], room_shown: bool) -> bool:
        changed = heights != self._heights or room_shown != self.room_shown
        if not changed:
            return False
        self._heights, self.room_shown = heights, room_shown
        for widget in self.maps:
            height = heights.get(id(widget))
            widget.styles.height = height  # None: the stylesheet's 1fr again
        for widget in self.room:
            widget.display = room_shown
        return True
