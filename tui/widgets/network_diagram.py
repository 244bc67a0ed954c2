"""The network drawn: ``NetworkDiagramView`` draws a ``lessons.diagram.NetworkPicture``.

::

     x      a[1]        a[2]        a[3]       unit 3 of layer 2 · ReLU
           ▗▄▄▄▄▖                              ┌──────────────────────┐
    x1 ⠤⠒⠉ ▐▀▀▀▀▌ ⠑⠢⣀  ▀▀▀▀  ⠤⠒⠉  ▀▀▀▀          │  the unit's map, large │
           ▝▀▀▀▀▘                              │  with the data on top  │
    x2 ⠒⠤⣀  ▀▀▀▀  ⠉⠒⠤  ▀▀▀▀  ⣀⠤⠒   ▀▀▀▀        └──────────────────────┘
                    ...                         0.000 ▇▇▇▇▇▇▇▇▇▇▇ +3.210
                   +24                         W2[3,:] +0.412 -1.203 +0.007
    ⠶⠶ w>0  ⠶⠶ w<0  |w| ⠒⠒⠶⠶  a low ▇▇▇ high    b2[3]   +0.100

How it is drawn
---------------
* Columns, left to right: the inputs (``x1``, ``x2`` as labels; ``x`` for a 1-D input), then
  one column of *tiles* per layer l = 1..L, each headed ``a[l]``. A tile is unit j's map
  (``NetworkPicture.unit_maps``) drawn as ``boundary_map`` draws a decision map: upper half
  blocks, two pixels a cell, on the same diverging scale from the theme (the bottom of the
  unit's range in the class-0 tint, the middle neutral, the top in the class-1 tint; NaN a
  checker of greys, "no value"). For a 1-D input a tile is a strip over x; a tile two or more
  rows high also draws the unit's output as a curve in the text colour over the strip (a
  sparkline), and so does the large map.
* Tile size: square pixels (``tile_w = 2 * tile_h`` cells), the largest (up to 5 rows) at
  which every unit of every layer fits with a blank row between tiles and at least
  ``MIN_GAP`` columns between layers; failing that, tiles one row high touching each other.
  With width to spare, tiles grow up to half as wide again (pixels 3:2) while the gaps stay
  at least twice as wide as a tile. A layer with more units than still fit shows as many as
  fit and a ``+k`` marker under them (k units not shown); the shown window follows the
  cursor. Columns are centred vertically, the diagram horizontally in its area.
* Edges: in the gap between two columns, one straight line of braille dots (2 x 4 dots a
  cell) from each shown unit's tile to each shown unit of the next layer. A tile's edges
  leave (and arrive) spread down its side in the order of the units they join, so they fan
  out instead of meeting in one point. Colour is the weight's sign: w > 0 in the class-1
  colour, w < 0 in the class-0 colour (a positive weight pulls towards the class-1 tint).
  Strength is |w| relative to the largest |w| of that W[l], in four levels: the weakest
  quarter faint (deliberately below 3:1, it recedes), the others at >= 3:1 against the
  background and each brighter than the one below, the strongest also bold and two dots
  thick. A weight of exactly 0 (or
  not finite) draws no edge. Where edges cross, the cell takes the colour of the strongest;
  the cursor unit's incoming edges go over all others. When the edges would bury a gap
  (their cells, counted with overlaps, more than ``EDGE_COVERAGE`` times the gap's cells:
  wide layers in narrow gaps), only the strongest that fit are drawn, with all of the
  cursor unit's, and the legend says "strongest only".
* Cursor: the unit (l, j) gets a frame of quarter blocks in the text colour hugging its tile
  (only its sides when tiles touch). The *detail* shows the same unit: its title ("unit 3 of
  layer 2 · ReLU"), its map large (the data points on it, as on a decision map), the colour
  scale with the values of a[l]_j its ends stand for, its incoming weights W[l][j, :] (each
  coloured by sign, "—" when not a number, "…+k" when they do not all fit) and its bias.
* Where the detail goes: on the right (``MIN_DETAIL_WIDTH``..``MAX_DETAIL_WIDTH`` columns, a
  third of the width) or in a band under the diagram (map left, numbers right; when the
  widget is at least ``BELOW_MIN_HEIGHT`` rows high), whichever leaves the diagram the better
  tiles (every unit shown, larger tiles, a blank row between them, more units shown, wider
  gaps; the right on a tie). When neither fits (e.g. 46 x 12 at 80 x 24) it is left out and
  one summary line at the bottom names the unit and lists its weights and bias, the tiles
  one row high. No cursor: no detail, the diagram takes the whole widget.
* When rows are short the header line goes first (under 6 rows), then the legend (drawn
  only on a row the columns leave free).

Speed
-----
Everything is built in ``show()`` (and on resize / theme change): tiles through
``boundary_map.cell_codes`` / ``map_row_segments`` (one call per column), edges as NumPy
arrays of dots OR-ed into cells (``np.bitwise_or.at``) with the strongest edge per cell
(``np.maximum.at``), then one ``Segment`` per run of equal cells (``map_row_segments``
again, over codes of style and dots). ``render_line`` hands out
the prebuilt strips. ``measure_size()`` tells the probe the tile and large-map pixels of the
current layout, so nothing is resampled.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from lessons.diagram import DiagramSize, NetworkPicture, UnitFocus
from lessons.i18n import tr
from lessons.view_data import BoundaryMap

from .boundary_map import (BLOCK, K, LEVELS, N_CODES, NAN_A, NAN_B, MapColors, MapPalette,
                           cell_codes, map_colors, map_row_segments, resample)
from .palette import MIN_CONTRAST, blend, contrast, readable, rgb_style, widget_rgb
from .placed_line import PlacedLine
from .strips import StripView, fit

INPUT_WIDTH = 3          # "x1" and a margin; wider for hand-made features ("sin(x1)")
MAX_TILE_ROWS = 5
MIN_GAP = 2              # columns between layers, for the edges
MAX_GAP = 12
MIN_DETAIL_WIDTH = 24
MAX_DETAIL_WIDTH = 44
BELOW_MIN_HEIGHT = 18
NUMBER_CELLS = 7         # "+0.123" and a space: what the plan reserves a weight
EDGE_LEVELS = 4
EDGE_COVERAGE = 1.0      # edges' cells (with overlaps) per cell of a gap, at the most
CURVE_ROWS = 6           # the large map of a 1-D unit: rows at most

# Curve cells (1-D maps) after boundary_map's codes: the curve in the top pixel (+ the bottom
# pixel's level), in the bottom pixel (+ the top's level), in both.
CURVE_TOP = N_CODES
CURVE_BOTTOM = N_CODES + K
CURVE_BOTH = N_CODES + 2 * K

# Braille dot bits by (column 0/1, row 0..3) within a cell.
BRAILLE = np.array([[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]], dtype=np.intp)
LEGEND_THIN, LEGEND_THICK = "⠒", "⠶"


# -- colours -------------------------------------------------------------------------------------
def edge_ramp(color, colors: MapColors) -> tuple:
    """Four colours of one sign, weakest first: faint, then three at >= 3:1 on the
    background, each brighter than the one before."""
    bg, dark = colors.background, colors.dark
    normal = readable(color, bg, dark, MIN_CONTRAST)
    bright = readable(normal, bg, dark, max(4.5, contrast(normal, bg) * 1.35))
    return (blend(bg, normal, 0.45), normal, blend(normal, bright, 0.5), bright)


class _EdgeCells:
    """Styles and characters of edge cells by code, (style + 1) * 256 + braille dots (0: a
    blank cell), in the form ``boundary_map.map_row_segments`` reads."""

    def __init__(self, edge_styles: list[Style], blank: Style):
        self.styles = [blank] * 256
        self.chars = [" "] * 256
        for style in edge_styles:
            self.styles += [style] * 256
            self.chars += [chr(0x2800 + dots) for dots in range(256)]


class DiagramPalette(MapPalette):
    """The map styles (``MapPalette``: tiles and the large map use its codes) plus the curve
    cells, the edges, the cursor's frame and the texts around."""

    def __init__(self, colors: MapColors):
        super().__init__(colors)
        curve = colors.text
        for level in range(K):      # the curve in the top pixel
            self.styles.append(rgb_style(curve, self.pixel[level]))
        for level in range(K):      # in the bottom pixel
            self.styles.append(rgb_style(self.pixel[level], curve))
        self.styles.append(rgb_style(curve, curve))
        self.chars.extend([BLOCK] * (2 * K + 1))
        # Edge styles by sign (0: w < 0, 1: w > 0) * EDGE_LEVELS + level - 1.
        self.edge_colors = (*edge_ramp(colors.class0, colors), *edge_ramp(colors.class1, colors))
        self.edge_styles = [rgb_style(c, colors.background, bold=i % EDGE_LEVELS == EDGE_LEVELS - 1)
                            for i, c in enumerate(self.edge_colors)]
        self.edge_cells = _EdgeCells(self.edge_styles, self.base)
        self.numbers = (self.edge_styles[1], self.edge_styles[EDGE_LEVELS + 1], self.muted)
        self.frame = rgb_style(colors.text, colors.background, bold=True)

    def number_style(self, value: float) -> Style:
        if not math.isfinite(value):
            return self.numbers[2]
        return self.numbers[1] if value > 0 else self.numbers[0] if value < 0 else self.base


# -- layout --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Column:
    """One column of the diagram: the inputs (``layer`` 0) or layer l's tiles."""

    layer: int
    x: int                     # the first cell (a margin, the cursor's frame)
    width: int                 # cells, margins included
    units: tuple[int, ...]     # the units shown, top to bottom
    ys: tuple[int, ...]        # the top row of each one's tile
    hidden: int                # units not shown (the "+k" marker)
    marker_y: int | None

    def ports(self, tile_h: int, tiles: np.ndarray, k: np.ndarray, of: int) -> np.ndarray:
        """The dot row (4 a cell) where edges meet this column: at tile ``tiles[e]``, the
        ``k[e]``-th of the ``of`` units on the other side. A tile's edges are spread down its
        side in the order of the units they join, so they fan out instead of meeting in one
        point."""
        top = 4 * np.asarray(self.ys, dtype=float)[tiles]
        return top + (k + 0.5) * (4 * tile_h) / max(1, of) - 0.5


@dataclass(frozen=True)
class Detail:
    """Where the cursor's unit is shown: a title line, its map, then the numbers."""

    x: int
    y: int
    width: int
    map_x: int
    map_y: int
    map_w: int
    map_h: int                 # 0: no map
    text_x: int
    text_y: int
    text_w: int
    text_h: int
    caption: bool              # the colour-scale line above the numbers


@dataclass(frozen=True)
class DiagramLayout:
    tile_w: int
    tile_h: int
    vgap: int                  # blank rows between tiles (0 or 1)
    gap: int                   # columns between layers
    header_y: int | None
    legend_y: int | None
    summary_y: int | None      # the one-line detail when the detail does not fit
    legend_x: int
    legend_w: int
    columns: tuple[Column, ...]
    detail: Detail | None

    @property
    def size(self) -> DiagramSize:
        d = self.detail
        focus = (max(1, d.map_w), max(2, 2 * d.map_h)) if d and d.map_h else (2, 2)
        return DiagramSize(max(1, self.tile_w), max(2, 2 * self.tile_h), *focus)


def _column_rows(n: int, tile_h: int, vgap: int, avail: int, cursor: int | None):
    """(units shown, their tile rows from the block's top, hidden, marker row, block height)."""
    per = tile_h + vgap
    if n * tile_h + (n + 1) * vgap <= avail:
        shown, hidden = n, 0
    else:
        shown = max(0, min(n, (avail - 1 - vgap) // per))
        hidden = n - shown
    start = 0 if cursor is None or cursor < shown else cursor - shown + 1
    ys = tuple(vgap + i * per for i in range(shown))
    marker = vgap + shown * per if hidden else None
    block = marker + 1 if hidden else vgap + shown * per
    return tuple(range(start, start + shown)), ys, hidden, marker, block


def _weight_rows(n: int, width: int, label_w: int) -> int:
    return math.ceil(n / max(1, (width - label_w) // NUMBER_CELLS)) if n else 0


def _plan_detail(x: int, y: int, width: int, height: int, beside: bool, n_in: int,
                 label_w: int, strip: bool) -> Detail:
    """The detail in a box: stacked (title, map, numbers) or, ``beside``, the map left of
    the numbers under the title."""
    body = height - 1
    if beside:
        map_h = body if body >= 2 else 0
        map_w = width // 2 if strip else min(width // 2, 2 * map_h)
        map_h = min(map_h, CURVE_ROWS) if strip else map_h
        text_x = x + map_w + 2 if map_h else x
        text_w = x + width - text_x
        text_h = body
        caption = text_h >= 3
        return Detail(x, y, width, x, y + 1, map_w, map_h, text_x, y + 1, text_w, text_h,
                      caption)
    text = 2 + _weight_rows(n_in, width, label_w)      # caption, weights, bias
    room = min(body - text, CURVE_ROWS if strip else width // 2)
    caption = True
    if room < 3:
        caption, text = False, text - 1
        room = min(body - text, CURVE_ROWS if strip else width // 2)
    map_h = room if room >= 2 else 0
    text_h = body - map_h
    return Detail(x, y, width, x, y + 1, width, map_h, x, y + 1 + map_h, width, text_h,
                  caption and text_h >= 3)


def input_width(names: tuple[str, ...]) -> int:
    """The inputs' column: the longest name and a margin, at least INPUT_WIDTH."""
    return max(INPUT_WIDTH, *(cell_len(name) + 1 for name in names))


def _tile_choice(area_w: int, avail: int, dims: tuple[int, ...],
                 in_w: int = INPUT_WIDTH) -> tuple[int, int, int, bool]:
    """(tile rows, blank rows between tiles, gap, every unit fits) for the columns of
    ``dims`` in ``area_w`` columns and ``avail`` rows: the largest tiles that show every unit
    with a blank row between and at least ``MIN_GAP`` columns between layers, else the
    smallest, touching."""
    L, n_max = max(1, len(dims) - 1), max(dims)
    for tile_h in range(MAX_TILE_ROWS, 0, -1):
        for vgap in ((1, 0) if tile_h == 1 else (1,)):
            gap = (area_w - in_w - L * (2 * tile_h + 2)) // L
            if gap >= MIN_GAP and n_max * tile_h + (n_max + 1) * vgap <= avail:
                return tile_h, vgap, gap, True
    return 1, 0, max(0, (area_w - in_w - 4 * L) // L), False


def plan_diagram(width: int, height: int, layer_dims,
                 cursor: tuple[int, int] | None = None, in_w: int = INPUT_WIDTH) -> DiagramLayout:
    """Where everything goes in ``width`` x ``height`` cells (see the module's docstring);
    a 1-D input (``layer_dims[0] == 1``) gets a low large map (a strip and its curve)."""
    width, height = max(0, int(width)), max(0, int(height))
    dims = tuple(int(n) for n in layer_dims)
    L = max(1, len(dims) - 1)
    # Where the detail can go: (diagram width, diagram height, the detail's box).
    places: list[tuple[int, int, tuple | None]] = []
    summary_y = None
    if cursor is not None:
        side = min(MAX_DETAIL_WIDTH, max(MIN_DETAIL_WIDTH, width // 3))
        if width - side - 1 >= in_w + L * (2 + 2 + MIN_GAP) and height >= 8:
            places.append((width - side - 1, height, (width - side, 0, side, height, False)))
        if height >= BELOW_MIN_HEIGHT:
            band = min(12, max(7, height // 3))
            places.append((width, height - band - 1, (0, height - band, width, band, True)))
    if not places:
        summary_y = height - 1 if cursor is not None and height >= 3 else None
        places.append((width, height - int(summary_y is not None), None))

    def quality(place):  # every unit shown, larger tiles, a blank row between, more units
        area_w, area_h, _ = place   # shown, room for the edges
        avail = area_h - int(area_h >= 6)
        tile_h, vgap, gap, fit = _tile_choice(area_w, avail, dims, in_w)
        return fit, tile_h, vgap, min(avail, max(dims)), min(gap, 6)

    area_w, area_h, box = max(places, key=quality)   # the first of equals: beside
    detail = None
    if box is not None:
        n_in = dims[cursor[0] - 1] if 0 < cursor[0] < len(dims) else 0
        detail = _plan_detail(*box, n_in, len(f"W{L}[{max(dims)},:]") + 1, dims[0] == 1)
    header = area_h >= 6
    top = int(header)
    avail = area_h - top
    tile_h, vgap, gap, _ = _tile_choice(area_w, avail, dims, in_w)
    tile_w = 2 * tile_h
    # Room to spare: tiles up to half as wide again (pixels 3:2), while the gaps stay wide.
    while tile_w < 3 * tile_h:
        wider = (area_w - in_w - L * (tile_w + 3)) // L
        if wider < max(MIN_GAP + 2, 2 * (tile_w + 1)):
            break
        tile_w, gap = tile_w + 1, wider
    gap = min(gap, max(MAX_GAP, 2 * tile_w))
    tallest = max(_column_rows(n, tile_h, vgap, avail, None)[4] for n in dims)
    legend_y = None
    if avail - tallest >= 1 and area_w >= 16:  # right under the tallest column
        avail -= 1
        legend_y = top + (avail - tallest) // 2 + tallest
    x = max(0, (area_w - in_w - L * (tile_w + 2 + gap)) // 2)
    columns = []
    for layer, n in enumerate(dims):
        focus = cursor[1] if cursor is not None and cursor[0] == layer else None
        units, ys, hidden, marker, block = _column_rows(n, tile_h, vgap, avail, focus)
        y0 = top + max(0, (avail - block) // 2)
        col_w = in_w if layer == 0 else tile_w + 2
        columns.append(Column(layer, x, col_w, units, tuple(y0 + y for y in ys), hidden,
                              None if marker is None else y0 + marker))
        x += col_w + gap
    return DiagramLayout(tile_w, tile_h, vgap, gap, 0 if header else None, legend_y,
                         summary_y, 0, area_w, tuple(columns), detail)


# -- building --------------------------------------------------------------------------------------
def _add_curve(codes: np.ndarray, values: np.ndarray, w: int, h: int) -> None:
    """Draw a 1-D unit's values (the first row of ``values``) as a curve over its strip: one
    pixel a column, joined vertically to the previous column's."""
    v = resample(values, 1, w)[0]
    ok = np.isfinite(v)
    p = np.rint(np.clip(np.where(ok, v, 0.0), 0.0, 1.0) * (2 * h - 1)).astype(np.intp)
    prev = np.concatenate([p[:1], p[:-1]])
    lo = np.where(prev < p, prev + 1, p)
    hi = np.where(prev > p, prev - 1, p)
    rows = np.arange(2 * h)[:, None]                     # from the bottom
    lit = ((rows >= lo) & (rows <= hi) & ok)[::-1]       # top first
    top, bottom = lit[0::2], lit[1::2]
    codes[:] = np.where(top & bottom, CURVE_BOTH,
                        np.where(top, CURVE_TOP + codes % K,
                                 np.where(bottom, CURVE_BOTTOM + codes // K, codes)))


def unit_codes(values: np.ndarray, w: int, h: int, data: NetworkPicture,
               points: tuple = ()) -> np.ndarray:
    """The palette codes of one unit's map in ``w`` x ``h`` cells, top row first."""
    codes = cell_codes(BoundaryMap("", data.bounds, values, points), w, h)
    if data.layer_dims[0] == 1 and h >= 2:
        _add_curve(codes, values, w, h)
    return codes


def _draw_tiles(lines: list[PlacedLine], column: Column, maps: np.ndarray, layout: DiagramLayout,
                data: NetworkPicture, palette: DiagramPalette) -> None:
    tw, th = layout.tile_w, layout.tile_h
    if not column.units or tw <= 0:
        return
    codes = np.vstack([unit_codes(maps[u], tw, th, data) for u in column.units])
    rows = map_row_segments(codes, palette)
    for i, y in enumerate(column.ys):
        for r in range(th):
            if 0 <= y + r < len(lines):
                lines[y + r].extend(column.x + 1, rows[i * th + r], tw)


def _draw_edges(lines: list[PlacedLine], left: Column, right: Column, W: np.ndarray,
                layout: DiagramLayout, cursor: int | None, palette: DiagramPalette) -> bool:
    """The edges from the shown units of ``left`` to those of ``right``, in the gap between:
    all of them, or when they would bury the gap (more than ``EDGE_COVERAGE`` times its
    cells), the strongest that fit and all of the cursor unit's. True when some were left
    out."""
    x0 = left.x + left.width
    gw = right.x - x0
    height = len(lines)
    if gw <= 0 or not left.units or not right.units or height == 0:
        return False
    W = np.asarray(W, dtype=float)
    with np.errstate(all="ignore"):
        mag = np.abs(W)
        finite = np.isfinite(mag)
        largest = float(mag[finite].max()) if finite.any() else 0.0
        if not 0 < largest < math.inf:
            return False
        dst, src = np.asarray(right.units), np.asarray(left.units)
        sub = W[np.ix_(dst, src)]
        rel = np.abs(sub) / largest
    di, si = np.nonzero(np.isfinite(rel) & (rel > 0))
    if di.size == 0:
        return False
    ys = left.ports(layout.tile_h, si, di, dst.size)
    yd = right.ports(layout.tile_h, di, si, src.size)
    # Strongest first; the cursor's incoming edges before all the others.
    priority = rel[di, si] + 2.0 * (dst[di] == cursor)
    order = np.argsort(-priority, kind="stable")
    rows = max(left.ys[-1], right.ys[-1]) + layout.tile_h - min(left.ys[0], right.ys[0])
    cells = np.maximum(gw, np.abs(yd - ys) / 4)[order]
    keep = order[(np.cumsum(cells) <= EDGE_COVERAGE * gw * rows) | (priority[order] >= 2)]
    pruned = keep.size < di.size
    di, si, ys, yd = di[keep], si[keep], ys[keep], yd[keep]
    rel = rel[di, si]
    level = np.clip(np.ceil(rel * EDGE_LEVELS), 1, EDGE_LEVELS).astype(np.intp)
    style = (sub[di, si] > 0) * EDGE_LEVELS + level - 1
    # Where edges cross, the cell takes the colour of the one first in order (the strongest).
    rank = np.arange(di.size)[::-1]
    style_of_rank = style[::-1]
    U = 2 * gw
    t = np.linspace(0.0, 1.0, U + int(np.abs(yd - ys).max()) + 1)
    u = np.broadcast_to(np.rint(t * (U - 1)).astype(np.intp), (di.size, t.size))
    v = np.rint(ys[:, None] + (yd - ys)[:, None] * t).astype(np.intp)
    r = np.broadcast_to(rank[:, None], v.shape)
    thick = level == EDGE_LEVELS             # the strongest: two dots thick
    u = np.concatenate([u.ravel(), u[thick].ravel()])
    v = np.concatenate([v.ravel(), (v[thick] + 1).ravel()])
    r = np.concatenate([r.ravel(), r[thick].ravel()])
    ok = (v >= 0) & (v < 4 * height)
    u, v, r = u[ok], v[ok], r[ok]
    cell = (v // 4) * gw + u // 2
    bits = np.zeros(height * gw, np.intp)
    np.bitwise_or.at(bits, cell, BRAILLE[u % 2, v % 4])
    best = np.full(height * gw, -1, np.intp)
    np.maximum.at(best, cell, r)
    # One code a cell: (the edge style + 1) * 256 + its dots; 0 for a blank cell.
    bits = bits.reshape(height, gw)
    codes = np.where(bits > 0, (style_of_rank[best.reshape(height, gw)] + 1) * 256 + bits, 0)
    rows = np.flatnonzero(bits.any(axis=1))
    for y, segments in zip(rows.tolist(), map_row_segments(codes[rows], palette.edge_cells)):
        lines[y].extend(x0, segments, gw)
    return pruned


def _draw_frame(lines: list[PlacedLine], column: Column, y: int, layout: DiagramLayout,
                style: Style) -> None:
    tw, th, x = layout.tile_w, layout.tile_h, column.x
    for r in range(th):
        lines[y + r].put(x, "▐", style)
        lines[y + r].put(x + tw + 1, "▌", style)
    if layout.vgap and y > 0 and y + th < len(lines):
        lines[y - 1].put(x, "▗" + "▄" * tw + "▖", style)
        lines[y + th].put(x, "▝" + "▀" * tw + "▘", style)


def _centred(line: PlacedLine, column: Column, text: str, style: Style) -> None:
    line.put(column.x + max(0, (column.width - cell_len(text)) // 2), text, style, column.width)


def _draw_numbers(lines: list[PlacedLine], x: int, y: int, width: int, rows: int, label: str,
                  label_w: int, values, texts: tuple[str, ...], palette: DiagramPalette) -> int:
    """``label`` then the numbers in as many columns as fit, wrapped under the first number
    for at most ``rows`` lines ("…+k" for the rest). Returns the lines used."""
    if rows <= 0 or width <= 0:
        return 0
    lines[y].put(x, label, palette.title, width)
    cell = max((cell_len(t) for t in texts), default=1) + 1
    per = max(1, (width - label_w + 1) // cell)
    n = len(texts)
    used = min(rows, max(1, math.ceil(n / per)))
    shown = n if n <= used * per else used * per - 1
    for i in range(shown):
        row, col = divmod(i, per)
        at = x + label_w + col * cell
        lines[y + row].put(at, texts[i].rjust(cell - 1), palette.number_style(float(values[i])),
                           x + width - at)
    if shown < n:
        row, col = divmod(shown, per)
        lines[y + row].put(x + label_w + col * cell, f"…+{n - shown}", palette.muted)
    return used


def _draw_scale(line: PlacedLine, x: int, width: int, focus: UnitFocus,
                palette: DiagramPalette) -> None:
    lo, hi = (t.strip() for t in focus.scale_texts)
    if cell_len(lo) + cell_len(hi) + LEVELS + 2 <= width:
        line.put(x, lo, palette.muted)
        at = x + cell_len(lo) + 1
        line.extend(at, [Segment(" ", palette.swatches[level]) for level in range(LEVELS)],
                    LEVELS)
        line.put(at + LEVELS + 1, hi, palette.muted)
    else:
        line.put(x, f"{lo}…{hi}", palette.muted, width)


def _draw_detail(lines: list[PlacedLine], detail: Detail, data: NetworkPicture,
                 palette: DiagramPalette) -> None:
    focus = data.focus
    lines[detail.y].put(detail.x, fit(focus.title, detail.width), palette.title)
    if detail.map_h and detail.map_w:
        points = () if data.layer_dims[0] == 1 else data.points
        codes = unit_codes(focus.output, detail.map_w, detail.map_h, data, points)
        for r, segments in enumerate(map_row_segments(codes, palette)):
            lines[detail.map_y + r].extend(detail.map_x, segments, detail.map_w)
    y, end = detail.text_y, detail.text_y + detail.text_h
    if detail.caption and end - y >= 3:
        _draw_scale(lines[y], detail.text_x, detail.text_w, focus, palette)
        y += 1
    label_w = max(len(focus.weight_label), len(focus.bias_label)) + 1
    y += _draw_numbers(lines, detail.text_x, y, detail.text_w, end - y - 1, focus.weight_label,
                       label_w, focus.weights, focus.weight_texts, palette)
    if y < end:
        _draw_numbers(lines, detail.text_x, y, detail.text_w, 1, focus.bias_label, label_w,
                      (focus.bias,), (focus.bias_text,), palette)


def _draw_summary(line: PlacedLine, focus: UnitFocus, palette: DiagramPalette) -> None:
    """The detail in one line: title, the weights, the bias (cut at the width)."""
    pieces = [(focus.title, palette.title), ("  " + focus.weight_label, palette.muted)]
    pieces += [(" " + t.strip(), palette.number_style(float(w)))
               for w, t in zip(focus.weights, focus.weight_texts)]
    pieces += [("  " + focus.bias_label, palette.muted),
               (" " + focus.bias_text.strip(), palette.number_style(focus.bias))]
    x = 0
    for text, style in pieces:
        x += line.put(x, text, style)


def _legend_items(palette: DiagramPalette, nan: bool,
                  pruned: bool) -> list[list[tuple[str, Style]]]:
    neg, pos = palette.edge_styles[EDGE_LEVELS - 1], palette.edge_styles[-1]
    items = [[(LEGEND_THICK * 2, pos), (" w>0", palette.muted)],
             [(LEGEND_THICK * 2, neg), (" w<0", palette.muted)],
             [("|w| ", palette.muted)] + [
                 (LEGEND_THIN if level < 2 else LEGEND_THICK, palette.edge_styles[EDGE_LEVELS + level])
                 for level in range(EDGE_LEVELS)] + (
                 [(" " + tr("strongest only"), palette.muted)] if pruned else []),
             [("a " + tr("low") + " ", palette.muted)] + [
                 (" ", palette.swatches[level]) for level in range(LEVELS)]
             + [(" " + tr("high"), palette.muted)]]
    if nan:
        items.append([(" ", palette.swatches[NAN_A]), (" ", palette.swatches[NAN_B]),
                      (" " + tr("no value"), palette.muted)])
    return items


def _draw_legend(line: PlacedLine, x: int, width: int, items) -> None:
    at, end = x, x + width
    for i, item in enumerate(items):
        length = sum(cell_len(text) for text, _ in item) + (2 if i else 0)
        if at + length > end:
            break
        at += 2 if i else 0
        for text, style in item:
            at += line.put(at, text, style)


def build_diagram(data: NetworkPicture, width: int, height: int,
                  palette: DiagramPalette) -> tuple[list[Strip], DiagramLayout]:
    """``data`` drawn in ``width`` x ``height`` cells: one strip per line. Pure."""
    layout = plan_diagram(width, height, data.layer_dims, data.cursor,
                          input_width(data.input_names))
    if width <= 0 or height <= 0:
        return [], layout
    lines = [PlacedLine(width, palette.base) for _ in range(height)]
    columns = layout.columns
    cursor = data.cursor
    for column in columns:
        if layout.header_y is not None:
            text = "x" if column.layer == 0 else f"a[{column.layer}]"
            if cell_len(text) > column.width:
                text = str(column.layer)
            _centred(lines[layout.header_y], column, text, palette.muted)
        if column.marker_y is not None:
            _centred(lines[column.marker_y], column, f"+{column.hidden}", palette.muted)
    inputs = columns[0]
    names = data.input_names
    for unit, y in zip(inputs.units, inputs.ys):
        row = y + (2 * layout.tile_h - 1) // 4
        if unit < len(names):
            lines[row].put(inputs.x, names[unit], palette.title, inputs.width - 1)
    for column in columns[1:]:
        _draw_tiles(lines, column, data.unit_maps[column.layer - 1], layout, data, palette)
    pruned = False
    for left, right in zip(columns, columns[1:]):
        at = cursor[1] if cursor is not None and cursor[0] == right.layer else None
        pruned |= _draw_edges(lines, left, right, data.weights[right.layer - 1], layout, at,
                              palette)
    if cursor is not None and cursor[0] < len(columns):
        column = columns[cursor[0]]
        if cursor[1] in column.units:
            _draw_frame(lines, column, column.ys[column.units.index(cursor[1])], layout,
                        palette.frame)
    if data.focus is not None:
        if layout.detail is not None:
            _draw_detail(lines, layout.detail, data, palette)
        elif layout.summary_y is not None:
            _draw_summary(lines[layout.summary_y], data.focus, palette)
    if layout.legend_y is not None:
        nan = any(bool(np.isnan(m).any()) for m in data.unit_maps)
        _draw_legend(lines[layout.legend_y], layout.legend_x, layout.legend_w,
                     _legend_items(palette, nan, pruned))
    return [line.strip() for line in lines], layout


# -- the widget --------------------------------------------------------------------------------
class NetworkDiagramView(StripView):
    """Draws a ``NetworkPicture``: ``show(data)`` as often as frames come (it builds at
    once, in a few ms); ``measure_size()`` is the ``DiagramSize`` the probe should measure.
    Lines are built in ``show()`` and on resize / theme change (``StripView``)."""

    DEFAULT_CSS = """
    NetworkDiagramView {
        width: 1fr;
        height: 1fr;
        min-height: 3;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes)
        self._layout: DiagramLayout | None = None

    def measure_size(self) -> DiagramSize:
        """The tile and large-map pixels of the current layout for the network shown last
        (``DiagramSize()`` before the widget has a size; a guess before it has data)."""
        width, height = self.size.width, self.size.height
        if width <= 0 or height <= 0:
            return DiagramSize()
        data = self._data
        if data is None:
            return plan_diagram(width, height, (2, 4, 1), (1, 0)).size
        return plan_diagram(width, height, data.layer_dims, data.cursor,
                            input_width(data.input_names)).size

    @property
    def layout_info(self) -> DiagramLayout | None:
        """Where everything is, as last drawn (tests read it)."""
        return self._layout if self._data is not None else None

    @property
    def palette(self) -> DiagramPalette | None:
        return self._styles

    def _make_styles(self) -> DiagramPalette:
        return DiagramPalette(map_colors(self.app.theme_variables, *widget_rgb(self)))

    def _build_strips(self, data, width, height, palette) -> list[Strip]:
        strips, self._layout = build_diagram(data, width, height, palette)
        return strips
