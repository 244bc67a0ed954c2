"""Decision-boundary maps: a model's output over the input plane, with the data on top.

``BoundaryMapView`` draws a ``lessons.views.BoundaryMaps`` value: one map, or several side by
side (runs compared), in one or more rows when there are many maps and the widget is tall.

How a map is drawn
------------------
* Pixels are half cells: every map cell is an upper half block "▀" whose foreground is the
  upper pixel and whose background is the lower one, so a map ``mw`` x ``mh`` cells shows an
  ``mw`` x ``2*mh`` grid (``map_size``). Row 0 of ``BoundaryMap.output`` is the *bottom* of
  the plane, so the top terminal row shows the last two grid rows.
* Colour: the output ŷ = A[L] in [0, 1] is quantised to ``LEVELS`` levels on a diverging scale
  between the palette's two class colours (Okabe-Ito orange and blue, which every colour
  vision tells apart): a soft tint of the class-0 colour at 0, the neutral surface colour at 0.5
  (the decision boundary shows as a neutral seam), a soft tint of the class-1 colour at 1.
  Values outside [0, 1] are clipped. NaN (a diverged model) is "no value": a checker of two
  greys, unlike any level of the scale.
* Points: each ``PointSet`` is mapped into the map's bounds; a point occupies the cell whose
  pixel it falls nearest to (pixels sit on ``linspace(min, max, n)``, as
  ``engine.probes.output_grid`` computes them) and is drawn as a glyph in the strong class
  colour over the cell's tint (the mean of its two pixels). Training points are "•", test
  points "○". Points outside the bounds (or not finite) are skipped.
  A cell holding points of both classes shows the class of the majority of its points (a
  cell summarises its points, as a pixel of a downsampled image does; small maps hold
  several points a cell); a tie is drawn in the theme's text colour ("both classes" in the
  legend). A cell holding test points and no training point shows the test glyph (in a
  small map most cells hold both; the training points, which the model learns from, win).
* Around the map: a title line (``BoundaryMap.title``, bold, in the run's series colour when
  ``BoundaryMap.color`` is set) above, ``BoundaryMap.caption`` on a line below, the x2 range
  in a gutter on the left and the x1 range on a line under the map (a 0 tick and the axis
  name when there is room). When all maps share their bounds, only the first column gets the
  gutter and only the last row the x1 line. A one-line legend closes the widget when there
  is room. When the height is short, parts are given up in this order: legend, the caption
  line (the caption moves onto the title line), the x1 line, the title line.

Speed
-----
Everything is built in ``show()`` (and on resize / theme change) with NumPy: quantise ->
one style index per cell -> runs of equal index -> one ``Segment`` per run; ``render_line``
only hands out the prebuilt strips. Styles come from a small palette of prebuilt
``rich.style.Style`` objects, rebuilt when the theme changes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from lessons.i18n import tr
from lessons.view_data import OUTPUT_SCALE, BoundaryMap, BoundaryMaps, MapSize

from .palette import (CLASS_COLORS, RGB, blend, contrast, is_dark, palette_from_theme, readable,
                      rgb_style, theme_rgb, widget_rgb)
from .placed_line import PlacedLine
from .strips import StripView, fit

LEVELS = 11            # quantisation levels over [0, 1]; odd, so 0.5 has its own level
NEUTRAL_LEVEL = LEVELS // 2
NAN_A, NAN_B = LEVELS, LEVELS + 1   # the two "no value" shades (a checker pattern)
K = LEVELS + 2         # pixel codes per pixel
N_BLOCK = K * K        # codes of plain map cells: top * K + bottom
# Point cells: N_BLOCK + kind * K + background level; kind = class (0, 1, 2 = both) * 2 + test
POINT_KINDS = 6
N_CODES = N_BLOCK + POINT_KINDS * K

BLOCK = "▀"
GLYPH_TRAIN = "•"
GLYPH_TEST = "○"

GUTTER = 5             # y labels: up to 4 characters, then a space
MIN_MAP_ROWS = 3       # below this many cell rows a map gives up titles, legend, axes
MIN_MAP_COLS = 6       # below this many columns the gutter is dropped
# Below this size (columns x cell rows) a map cannot be read (the flower's petals, the
# spiral's arms): fewer maps are shown at once, never a row of slivers.
LEGIBLE_COLS = 12
LEGIBLE_ROWS = 6
WIDE_MAP = 20          # maps at least this wide are separated by 2 columns, else 1
LEGEND_LINES = 2       # the legend's lines where there is room (``rows_used``)

# The strength of the region tint at 0 and 1 (a blend from neutral towards the class colour).
TINT_DARK = 0.42
TINT_LIGHT = 0.40

@dataclass(frozen=True)
class MapColors:
    """The RGB colours a map is drawn with (what the cached styles are made of)."""

    dark: bool
    background: RGB          # the widget's own background (around the maps)
    text: RGB
    muted: RGB
    neutral: RGB             # output 0.5
    class0: RGB              # the strong class colours (points, legend)
    class1: RGB
    levels: tuple[RGB, ...]  # LEVELS tints from class 0 through neutral to class 1
    nan: tuple[RGB, RGB]     # the "no value" checker
    series: tuple[RGB, ...]  # run colours for titles (palette_from_theme's series)


def map_colors(variables: dict[str, str], background: RGB | None = None,
               text: RGB | None = None) -> MapColors:
    """Colours for maps from a theme's variables (``App.theme_variables``).

    ``background`` / ``text`` are the widget's own resolved colours (default: the theme's
    background / foreground)."""
    surface = theme_rgb(variables, "surface") or (30, 30, 30)
    background = background or theme_rgb(variables, "background") or surface
    text = text or theme_rgb(variables, "foreground") or (224, 224, 224)
    dark = is_dark(background)
    # Neutral (0.5) is the surface colour, nudged off the background so the map's extent
    # stays visible even when the model has no opinion anywhere (an untrained network).
    neutral = surface
    if sum(abs(a - b) for a, b in zip(neutral, background)) < 18:
        neutral = blend(background, text, 0.07)
    class0, class1 = CLASS_COLORS  # orange and blue: told apart by every colour vision
    tint = TINT_DARK if dark else TINT_LIGHT
    levels = []
    for level in range(LEVELS):
        d = level / (LEVELS - 1) * 2 - 1  # -1 (class 0) .. 0 (neutral) .. 1 (class 1)
        levels.append(blend(neutral, class0 if d < 0 else class1, abs(d) * tint))
    # Points must stand out on the strongest tint of their own class.
    point0 = readable(class0, levels[0], dark, 2.4)
    point1 = readable(class1, levels[-1], dark, 2.4)
    nan = (blend(neutral, text, 0.30), blend(neutral, text, 0.16))
    muted = blend(text, background, 0.4)
    series = palette_from_theme(variables).series
    return MapColors(dark, background, text, muted, neutral, point0, point1, tuple(levels),
                     nan, tuple(series))


class MapPalette:
    """The cached styles of a theme: one per cell code (pixel pairs, point glyphs) plus the
    text styles around the maps. Built once per theme (~300 styles)."""

    def __init__(self, colors: MapColors):
        self.colors = colors
        pixel = [*colors.levels, *colors.nan]                      # K pixel colours
        styles: list[Style] = []
        chars: list[str] = []
        for top in range(K):
            for bottom in range(K):
                styles.append(rgb_style(pixel[top], pixel[bottom]))
                chars.append(BLOCK)
        strong = (colors.class0, colors.class1, colors.text)
        for kind in range(POINT_KINDS):
            cls, test = divmod(kind, 2)
            for bg in range(K):
                styles.append(rgb_style(strong[cls], pixel[bg], bold=True))
                chars.append(GLYPH_TEST if test else GLYPH_TRAIN)
        self.styles = styles
        self.chars = chars
        self.pixel = pixel
        self.base = rgb_style(colors.text, colors.background)
        self.muted = rgb_style(colors.muted, colors.background)
        self.title = rgb_style(colors.text, colors.background, bold=True)
        self.series_titles = [rgb_style(c, colors.background, bold=True) for c in colors.series]
        self.class_styles = (rgb_style(colors.class0, colors.background, bold=True),
                             rgb_style(colors.class1, colors.background, bold=True),
                             rgb_style(colors.text, colors.background, bold=True))
        self.swatches = [rgb_style(None, c) for c in pixel]

    def title_style(self, slot: int | None) -> Style:
        if slot is None or not self.series_titles:
            return self.title
        return self.series_titles[slot % len(self.series_titles)]


# -- layout ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class MapBox:
    """Where one map's pixel area is, in cells of the widget."""

    index: int
    x: int
    y: int
    width: int
    height: int


@dataclass(frozen=True)
class Layout:
    rows: int
    cols: int
    map_width: int       # cells (= pixel columns)
    map_height: int      # cells (= pixel rows / 2)
    gutter: int          # width of the y-label gutter (0: none)
    gap: int             # columns between maps
    shared: bool         # one gutter / one x1 line for all maps (same bounds)
    title: bool          # a title line above each row of maps
    caption: bool        # a caption line below each map
    merged: bool         # the caption rides on the title line
    xaxis: bool
    legend: bool
    boxes: tuple[MapBox, ...]
    n_maps: int = 1      # maps in the data; ``len(boxes)`` of them are shown at a time

    @property
    def paged(self) -> bool:
        """Fewer maps shown than there are: the learner flips through them (``m``)."""
        return len(self.boxes) < self.n_maps

    @property
    def size(self) -> MapSize:
        return MapSize(nx=self.map_width, ny=2 * self.map_height)


def plan_layout(width: int, height: int, n_maps: int, *, shared: bool = True,
                titles: bool = True, captions: bool = True, aspect: float = 1.0) -> Layout:
    """The best arrangement of ``n_maps`` maps in ``width`` x ``height`` cells.

    Each map keeps the data's ``aspect`` (x range / y range): a cell is one pixel wide and two
    high, so a map ``mw`` x ``mh`` cells shows ``mw`` x ``2 mh`` square pixels. All maps are
    shown when each can be legible (at least ``LEGIBLE_COLS`` x ``LEGIBLE_ROWS``); else as many
    as can (the compared pair, or one), and the learner flips through the rest (``m``). Among the
    arrangements of those maps, the one whose maps are largest, keeping titles if possible."""
    width, height, n = max(0, int(width)), max(0, int(height)), max(1, int(n_maps))
    aspect = aspect if math.isfinite(aspect) and aspect > 0 else 1.0
    for shown in range(n, 0, -1):
        layout = _best_arrangement(width, height, shown, shared, titles, captions, aspect)
        if shown == 1 or (layout.map_width >= LEGIBLE_COLS
                          and layout.map_height >= LEGIBLE_ROWS):
            break
    return replace(layout, n_maps=n)


def _best_arrangement(width: int, height: int, n: int, shared: bool, titles: bool,
                      captions: bool, aspect: float) -> Layout:
    best: tuple | None = None
    for rows in range(1, n + 1):
        cols = math.ceil(n / rows)
        if math.ceil(n / cols) != rows:  # an arrangement with an empty row
            continue
        layout = _plan(width, height, n, rows, cols, shared, titles, captions, aspect)
        mw, mh = layout.map_width, layout.map_height
        key = (mw > 0 and mh > 0, layout.title or not titles, mw * mh, -rows)
        if best is None or key > best[0]:
            best = (key, layout)
    assert best is not None
    return best[1]


def keep_aspect(mw: int, mh: int, aspect: float) -> tuple[int, int]:
    """The largest map within ``mw`` x ``mh`` cells whose pixels are square for data of this
    ``aspect`` (x range / y range): ``mw`` = ``aspect`` x ``2 mh``, rounded."""
    if mw <= 0 or mh <= 0:
        return mw, mh
    if mw < aspect * 2 * mh:
        return mw, max(1, min(mh, round(mw / (2 * aspect))))
    return max(1, min(mw, round(aspect * 2 * mh))), mh


def _plan(width: int, height: int, n: int, rows: int, cols: int, shared: bool,
          titles: bool, captions: bool, aspect: float = 1.0) -> Layout:
    title, caption, merged, xaxis, legend = titles or captions, captions, False, True, True
    if not titles and captions:  # the caption line is the only text line: put it on top
        caption, merged = False, True

    def map_height() -> int:
        per_row = int(title) + int(caption) + int(xaxis and not shared)
        fixed = int(legend) + int(xaxis and shared)
        return (height - fixed - rows * per_row) // rows

    mh = map_height()
    for give_up in ("legend", "caption", "xaxis", "title"):
        if mh >= MIN_MAP_ROWS:
            break
        if give_up == "legend":
            legend = False
        elif give_up == "caption" and caption:
            caption, merged = False, True
        elif give_up == "xaxis":
            xaxis = False
        elif give_up == "title":
            title = caption = merged = False
        mh = map_height()
    mh = max(mh, 0)

    gutters = 1 if shared else cols
    gutter, gap = GUTTER, 2
    mw = (width - gutters * gutter - (cols - 1) * gap) // cols
    if mw < WIDE_MAP:
        gap = 1
        mw = (width - gutters * gutter - (cols - 1) * gap) // cols
    if mw < MIN_MAP_COLS:
        gutter = 0
        mw = (width - (cols - 1) * gap) // cols
    mw = max(mw, 0)
    mw, mh = keep_aspect(mw, mh, aspect)
    if mh == 0 or mw == 0:
        return Layout(rows, cols, mw, mh, gutter, gap, shared, title, caption, merged,
                      xaxis, legend, ())

    boxes = []
    y = 0
    per_row_lines = int(title) + mh + int(caption) + int(xaxis and not shared)
    for r in range(rows):
        x = 0
        for c in range(cols):
            i = r * cols + c
            if i >= n:
                break
            if c == 0 or not shared:
                x += gutter
            boxes.append(MapBox(i, x, y + int(title), mw, mh))
            x += mw + gap
        y += per_row_lines
    return Layout(rows, cols, mw, mh, gutter, gap, shared, title, caption, merged, xaxis,
                  legend, tuple(boxes))


# -- building ----------------------------------------------------------------------------------
def tick_label(value: float, width: int = GUTTER - 1) -> str:
    """A short label for an axis end, at most ``width`` characters if at all possible."""
    if not math.isfinite(value):
        return "?"
    candidates = []
    if abs(value) < 10:
        candidates.append(f"{value:.1f}")
    candidates += [f"{value:.0f}", f"{value:.1g}", f"{value:.0e}"]
    for text in candidates:
        text = "0" if text in ("-0.0", "0.0", "-0") else text
        if len(text) <= width:
            return text
    return candidates[-1][:width]


def resample(output: np.ndarray, ny: int, nx: int) -> np.ndarray:
    """``output`` as ``ny`` x ``nx`` (nearest neighbour) when its shape differs.

    Both grids span the bounds edge to edge (``linspace(min, max, n)``, as the probe and
    ``point_cells`` place them), so pixel j takes the source sample nearest to j/(n-1) of
    the way: the first and last pixels stay on the edges and a point stays on its pixel."""
    out = np.asarray(output, dtype=float)
    if out.ndim != 2 or out.size == 0:
        return np.full((ny, nx), np.nan)
    if out.shape == (ny, nx):
        return out

    def nearest(n: int, source: int) -> np.ndarray:
        if n == 1:
            return np.array([(source - 1) // 2])
        return np.rint(np.arange(n) * (source - 1) / (n - 1)).astype(np.intp)

    return out[np.ix_(nearest(ny, out.shape[0]), nearest(nx, out.shape[1]))]


def _quantise(values: np.ndarray) -> np.ndarray:
    """Levels 0..LEVELS-1 for values in [0, 1] (clipped); NaN -> NAN_A. No warnings."""
    nan = np.isnan(values)
    v = np.clip(np.where(nan, 0.5, values), 0.0, 1.0)
    levels = np.rint(v * (LEVELS - 1)).astype(np.intp)
    levels[nan] = NAN_A
    return levels


def cell_codes(bmap: BoundaryMap, mw: int, mh: int) -> np.ndarray:
    """The palette code of every cell of a map ``mw`` x ``mh`` cells, top row first."""
    ny = 2 * mh
    out = resample(bmap.output, ny, mw)[::-1]      # top row first
    q = _quantise(out)
    # "No value" pixels alternate between two shades in a checker pattern.
    checker = (np.arange(ny)[:, None] + np.arange(mw)[None, :]) % 2 == 1
    q[(q == NAN_A) & checker] = NAN_B
    top, bottom = q[0::2], q[1::2]
    codes = top * K + bottom
    if bmap.points:
        _add_points(codes, bmap, out, mw, mh)
    return codes


def point_cells(bmap: BoundaryMap, mw: int, mh: int):
    """For each point set: (cell index, label, keep mask) of its points in a map of
    ``mw`` x ``mh`` cells; index = row * mw + col with row 0 at the top."""
    x_min, x_max, y_min, y_max = (float(v) for v in bmap.bounds)
    ny = 2 * mh
    result = []
    for ps in bmap.points:
        X = np.asarray(ps.X, dtype=float).reshape(2, -1)
        labels = np.asarray(ps.Y).reshape(-1)
        x, y = X[0], X[1]
        with np.errstate(all="ignore"):  # degenerate bounds, NaN points: masked out below
            keep = (np.isfinite(x) & np.isfinite(y) & (x >= x_min) & (x <= x_max)
                    & (y >= y_min) & (y <= y_max))
            fx = np.where(keep, (x - x_min) / (x_max - x_min) if x_max > x_min else 0.0, 0.0)
            fy = np.where(keep, (y - y_min) / (y_max - y_min) if y_max > y_min else 0.0, 0.0)
        col = np.clip(np.rint(fx * (mw - 1)).astype(np.intp), 0, mw - 1)
        pix = np.clip(np.rint(fy * (ny - 1)).astype(np.intp), 0, ny - 1)  # 0 = bottom pixel
        row = (ny - 1 - pix) // 2
        result.append((row * mw + col, labels, keep))
    return result


def _add_points(codes: np.ndarray, bmap: BoundaryMap, out: np.ndarray, mw: int,
                mh: int) -> None:
    n = mw * mh
    count0 = np.zeros(n, np.intp)
    count1 = np.zeros(n, np.intp)
    has_train = np.zeros(n, bool)
    has_test = np.zeros(n, bool)
    for ps, (cells, labels, keep) in zip(bmap.points, point_cells(bmap, mw, mh)):
        if not keep.any():
            continue
        cells, labels = cells[keep], labels[keep]
        positive = labels > 0.5
        count1 += np.bincount(cells[positive], minlength=n)
        count0 += np.bincount(cells[~positive], minlength=n)
        (has_test if ps.test else has_train)[cells] = True
    # The test glyph where a cell holds test points only: in a small map most cells hold
    # both, and marking them all as test hid the training data the model learns from.
    only_test = has_test & ~has_train
    occupied = (count0 + count1) > 0
    if not occupied.any():
        return
    # The majority class; a tie is neither (the text colour).
    cls = np.where(count1 > count0, 1, np.where(count0 > count1, 0, 2))
    kind = cls * 2 + only_test
    # The glyph's background: the mean of the cell's two pixels (NaN if either is).
    mean = (out[0::2] + out[1::2]).reshape(-1) * 0.5
    bg = _quantise(mean)
    flat = codes.reshape(-1)
    flat[occupied] = N_BLOCK + kind[occupied] * K + bg[occupied]


def map_row_segments(codes: np.ndarray, palette: MapPalette) -> list[list[Segment]]:
    """Each row of codes as segments, one per run of equal codes."""
    mh, mw = codes.shape
    flat = codes.reshape(-1)
    n = flat.size
    if n == 0:
        return [[] for _ in range(mh)]
    starts_mask = np.empty(n, bool)
    starts_mask[0] = True
    np.not_equal(flat[1:], flat[:-1], out=starts_mask[1:])
    starts_mask[::mw] = True
    starts = np.flatnonzero(starts_mask)
    lengths = np.diff(np.append(starts, n))
    run_codes = flat[starts]
    row_ends = np.searchsorted(starts, np.arange(1, mh + 1) * mw).tolist()
    styles, chars = palette.styles, palette.chars
    segments = [Segment(chars[c] * k, styles[c])
                for c, k in zip(run_codes.tolist(), lengths.tolist())]
    rows = []
    begin = 0
    for end in row_ends:
        rows.append(segments[begin:end])
        begin = end
    return rows


def _shared_bounds(maps: tuple[BoundaryMap, ...]) -> bool:
    first = tuple(float(v) for v in maps[0].bounds) if maps else ()
    return all(tuple(float(v) for v in m.bounds) == first for m in maps)


def data_aspect(maps: tuple[BoundaryMap, ...]) -> float:
    """x range / y range of the first map's bounds (1 before there is data)."""
    if not maps:
        return 1.0
    x_min, x_max, y_min, y_max = (float(v) for v in maps[0].bounds)
    with np.errstate(all="ignore"):
        aspect = (x_max - x_min) / (y_max - y_min)
    return float(aspect) if math.isfinite(aspect) and aspect > 0 else 1.0


def layout_for(data: BoundaryMaps | None, width: int, height: int,
               n_maps: int | None = None) -> Layout:
    """The layout ``build_strips`` uses for ``data`` (or for ``n_maps`` maps like it).

    It depends on the size, the number of maps and whether they share their bounds, not on
    their titles or captions (a line is kept for each even when empty): so ``map_size``
    asked before the data exists gives exactly the grid the next ``show`` draws."""
    maps = data.maps if data is not None else ()
    n = n_maps if n_maps is not None else max(1, len(maps))
    shared = _shared_bounds(maps) if maps and len(maps) == n else True
    return plan_layout(width, height, n, shared=shared, aspect=data_aspect(maps))


def rows_used(layout: Layout, height: int) -> int:
    """The rows of ``height`` that ``layout`` draws on: its rows of maps, their text lines and
    two for the legend (its items that do not fit one line go on the next); all of them
    when it has no room for a map at all."""
    if not layout.boxes:
        return height
    per_row = (int(layout.title) + layout.map_height + int(layout.caption)
               + int(layout.xaxis and not layout.shared))
    legend = LEGEND_LINES if layout.legend else 0
    return min(height, layout.rows * per_row + int(layout.xaxis and layout.shared) + legend)


def build_strips(data: BoundaryMaps, width: int, height: int, palette: MapPalette,
                 first: int = 0) -> tuple[list[Strip], Layout]:
    """``data`` drawn in ``width`` x ``height`` cells: one strip per line. Pure. When the
    layout shows fewer maps than there are, it shows those from index ``first`` on."""
    layout = layout_for(data, width, height)
    if width <= 0 or height <= 0:
        return [], layout
    lines = [PlacedLine(width, palette.base) for _ in range(height)]
    maps = data.maps
    mw, mh = layout.map_width, layout.map_height
    any_nan = False
    mixed = False
    kinds_present = set()
    for box in layout.boxes:
        if first + box.index >= len(maps):  # the last page of a flip-through
            continue
        bmap = maps[first + box.index]
        codes = cell_codes(bmap, mw, mh)
        any_nan = any_nan or bool(np.isnan(np.asarray(bmap.output, dtype=float)).any())
        point_codes = codes[codes >= N_BLOCK]
        if point_codes.size:
            kinds = (point_codes - N_BLOCK) // K
            mixed = mixed or bool((kinds // 2 == 2).any())
        for ps in bmap.points:
            kinds_present.add(bool(ps.test))
        for r, segs in enumerate(map_row_segments(codes, palette)):
            lines[box.y + r].extend(box.x, segs, mw)
        _draw_labels(lines, layout, box, bmap, palette)
    # The legend: on the line after the last row of maps.
    if layout.legend and layout.boxes:
        last = max(b.y + b.height for b in layout.boxes)
        y = last + int(layout.caption) + int(layout.xaxis)
        if y < height:
            page = page_note(first, len(layout.boxes), len(maps)) if layout.paged else ""
            # Spare lines under the maps (a map keeping its aspect leaves some) take the
            # legend's items that do not fit on its first line: the probability scale too.
            _draw_legend(lines[y:], layout.gutter if layout.gutter else 0, palette,
                         kinds_present, any_nan, mixed, page, data.scales)
    return [line.strip() for line in lines], layout


def _draw_labels(lines: list[PlacedLine], layout: Layout, box: MapBox, bmap: BoundaryMap,
                 palette: MapPalette) -> None:
    mw, mh = box.width, box.height
    x_min, x_max, y_min, y_max = (float(v) for v in bmap.bounds)
    first_col = box.x - layout.gutter if layout.gutter and (
        not layout.shared or box.index % layout.cols == 0) else None
    # The grid row of the last map shown: only there is a line left for a shared x axis
    # between a map and its caption (a map last in its column one row higher drew its axis
    # over its caption and its caption over the next row's titles: "w +3.02-4.7").
    last_row = box.index // layout.cols == (len(layout.boxes) - 1) // layout.cols
    # Title line above the map (with the caption on it when merged).
    if layout.title:
        line = lines[box.y - 1]
        title = bmap.title
        if layout.merged and bmap.caption:
            title_text = fit(title, mw)
            line.put(box.x, title_text, palette.title_style(bmap.color), mw)
            rest = mw - cell_len(title_text) - (2 if title_text else 0)
            if rest > 0:
                x = box.x + mw - rest
                line.put(x, fit_caption(bmap.caption, rest), palette.muted, rest)
        else:
            line.put(box.x, fit(title, mw), palette.title_style(bmap.color), mw)
    # y labels in the gutter: max at the top, min at the bottom, 0 and "x2" if there is room.
    if first_col is not None:
        g = layout.gutter - 1
        top, bottom = tick_label(y_max, g), tick_label(y_min, g)
        marks = {0: top, mh - 1: bottom}
        if mh >= 3 and y_max > y_min:
            if y_min < 0 < y_max:
                pix = round((0 - y_min) / (y_max - y_min) * (2 * mh - 1))
                row = (2 * mh - 1 - pix) // 2
                if 2 <= row <= mh - 3 and row not in marks:
                    marks[row] = "0"
            free = [r for r in range(1, mh - 1) if all(abs(r - m) >= 2 for m in marks)]
            if free:
                zero_rows = [r for r, t in marks.items() if t == "0"]
                anchor = zero_rows[0] if zero_rows else mh // 2
                want = anchor // 2 if zero_rows else anchor
                name_row = min(free, key=lambda r: abs(r - want))
                marks[name_row] = "x2"
        for r, text in sorted(marks.items()):
            style = palette.muted if text == "x2" else palette.base
            lines[box.y + r].put(first_col, text.rjust(g), style, g)
    # x labels under the map.
    if layout.xaxis and (not layout.shared or last_row):
        y = box.y + mh
        if y < len(lines):
            line = lines[y]
            left, right = tick_label(x_min, 6), tick_label(x_max, 6)
            if len(left) + len(right) + 1 <= mw:
                right_x = box.x + mw - len(right)
                items = [(box.x, left, palette.base), (right_x, right, palette.base)]
                taken = [(box.x, box.x + len(left)), (right_x, box.x + mw)]
                zero_x = None
                if x_min < 0 < x_max:
                    zx = box.x + round((0 - x_min) / (x_max - x_min) * (mw - 1))
                    if _free(taken, zx, zx + 1):
                        items.append((zx, "0", palette.base))
                        taken.append((zx, zx + 1))
                        zero_x = zx
                # The axis name halfway between 0 (or the left edge) and the right label.
                if zero_x is not None:
                    name_x = (zero_x + 1 + right_x) // 2 - 1
                else:
                    name_x = box.x + (mw - 2) // 2
                if _free(taken, name_x, name_x + 2):
                    items.append((name_x, "x1", palette.muted))
                for x, text, style in items:
                    line.put(x, text, style)
            else:
                line.put(box.x, fit(f"{left}…{right}", mw), palette.base, mw)
    # Caption under the map (or its x1 line).
    if layout.caption:
        y = box.y + mh + int(layout.xaxis and not layout.shared)
        if y < len(lines) and bmap.caption:
            if layout.xaxis and layout.shared and last_row:
                y += 1
            if y < len(lines):
                lines[y].put(box.x, fit_caption(bmap.caption, mw), palette.muted, mw)


def fit_caption(caption: str, width: int) -> str:
    """A map's caption ("train 90.5%  test 91.5%") in ``width`` cells without cutting a
    number: its parts one space apart, else as many whole parts as fit ("train 90.5% …"; the
    table under the maps has the rest), else whole words and an ellipsis. "test 5…" read
    as a score of 5-something."""
    if cell_len(caption) <= width:
        return caption
    parts = [part.strip() for part in caption.split("  ") if part.strip()]
    if cell_len(" ".join(parts)) <= width:
        return " ".join(parts)
    shown = ""
    for part in parts:
        wider = f"{shown}  {part}" if shown else part
        if cell_len(wider) > width:
            break
        shown = wider
    if shown:  # an ellipsis says that more was left out, where it fits
        return f"{shown} …" if cell_len(shown) + 2 <= width else shown
    words = ""  # narrower than one part: its whole words, then an ellipsis
    for word in parts[0].split():
        if cell_len(f"{words}{word} …") > width:
            break
        words += f"{word} "
    return f"{words}…" if words else fit(caption, width)


def _free(taken: list[tuple[int, int]], a: int, b: int) -> bool:
    """Whether [a, b) keeps a column of space from every taken span."""
    return all(b + 1 <= lo or a >= hi + 1 for lo, hi in taken)


def page_note(first: int, shown: int, n: int) -> str:
    """Which maps a flip-through shows, and the key to the next ones: "1-2/7 m▸"."""
    last = min(first + shown, n)
    which = f"{first + 1}" if last == first + 1 else f"{first + 1}-{last}"
    return f"{which}/{n} m▸"


def _legend_items(palette: MapPalette, kinds: set[bool], nan: bool, mixed: bool,
                  compact: bool, page: str = "",
                  scales: tuple[tuple[str, str, str], ...] = (OUTPUT_SCALE,),
                  ) -> list[list[tuple[str, Style]]]:
    names = ("y=0", "y=1") if compact else (tr("class 0"), tr("class 1"))
    items: list[list[tuple[str, Style]]] = [
        [("● ", palette.class_styles[0]), (names[0], palette.base)],
        [("● ", palette.class_styles[1]), (names[1], palette.base)],
    ]
    if False in kinds:
        items.append([(GLYPH_TRAIN + " ", palette.muted), (tr("train"), palette.muted)])
    if True in kinds:
        items.append([(GLYPH_TEST + " ", palette.muted), (tr("test"), palette.muted)])
    if mixed:
        items.append([(GLYPH_TRAIN + " ", palette.class_styles[2]),
                      (tr("both classes"), palette.muted)])
    if nan:
        items.append([(" ", palette.swatches[NAN_A]), (" ", palette.swatches[NAN_B]),
                      (" " + tr("no value"), palette.muted)])
    for name, lo, hi in scales:  # what the colours stand for: ŷ 0 … 1, a[1] -1 … 1
        scale = [(f"{name} {lo} ", palette.muted)]
        scale += [(" ", palette.swatches[level]) for level in range(LEVELS)]
        scale.append((f" {hi}", palette.muted))
        items.append(scale)
    return items


def _draw_legend(lines: list[PlacedLine], x: int, palette: MapPalette, kinds: set[bool],
                 nan: bool, mixed: bool, page: str = "",
                 scales: tuple[tuple[str, str, str], ...] = (OUTPUT_SCALE,)) -> None:
    """class 0 / class 1, train / test glyphs, then extras while they fit, from column
    ``x`` (the maps' left edge) or, if the two classes do not fit there, from column 0 and
    in short words; what does not fit goes on the next of ``lines`` (spare lines below the
    maps), from the same column. No legend at all rather than half of the class pair."""
    line = lines[0]

    def length(item):
        return sum(cell_len(t) for t, _ in item)

    for start, compact in ((x, False), (0, False), (0, True)):
        items = _legend_items(palette, kinds, nan, mixed, compact, scales=scales)
        if page:  # which maps are shown comes first: a flip-through must say it is one
            items.insert(0, [(page, palette.title)])
        needed = items[:3] if page else items[:2]  # the page, then the class pair
        if sum(map(length, needed)) + 2 * (len(needed) - 1) <= line.width - start:
            break
    else:
        return
    at, row = start, 0
    for i, item in enumerate(items):
        gap = 2 if at > start else 0
        if at + gap + length(item) > line.width:
            row += 1
            if row >= len(lines) or start + length(item) > line.width:
                break
            line, at, gap = lines[row], start, 0
        at += gap
        for text, style in item:
            line.put(at, text, style)
            at += cell_len(text)


# -- the widget --------------------------------------------------------------------------------
class BoundaryMapView(StripView):
    """Draws a ``BoundaryMaps``: ``show(data)`` up to ~10 times a second (it builds at once,
    in a few ms), ``map_size(n)`` for the grid size the probe should compute."""

    DEFAULT_CSS = """
    BoundaryMapView {
        width: 1fr;
        height: 1fr;
        min-height: 4;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes)
        self._layout: Layout | None = None
        self._first = 0  # the first map shown, when they are shown a few at a time

    # -- public ------------------------------------------------------------------------------
    def map_size(self, n_maps: int) -> MapSize:
        """The grid (``nx`` columns x ``ny`` rows of pixels) each of ``n_maps`` maps shows at
        the widget's current size; ``MapSize()``'s default before the widget has a size."""
        width, height = self.size.width, self.size.height
        if width <= 0 or height <= 0:
            return MapSize()
        size = layout_for(self._data, width, height, max(1, n_maps)).size
        return MapSize(nx=max(1, size.nx), ny=max(2, size.ny))

    def rows_wanted(self, width: int, height: int) -> int | None:
        """Of ``height`` rows at ``width``, those the maps shown last would use (maps keep the
        data's aspect: side by side in a tall panel, the width bounds them and rows stay
        blank below); None before there are maps to show."""
        if self._data is None or not self._data.maps or width <= 0 or height <= 0:
            return None
        return rows_used(layout_for(self._data, width, height), height)

    def measure_size(self) -> MapSize:
        """``map_size`` for as many maps as the data shown last (one before any): what the
        view's probe should compute next."""
        return self.map_size(len(self._data.maps) if self._data and self._data.maps else 1)

    @property
    def layout_info(self) -> Layout | None:
        """The layout of the last build: where each map is (tests read it)."""
        return self._layout

    @property
    def palette(self) -> MapPalette | None:
        return self._styles

    # -- building ----------------------------------------------------------------------------
    def _make_styles(self) -> MapPalette:
        return MapPalette(map_colors(self.app.theme_variables, *widget_rgb(self)))

    def _no_strips(self) -> list[Strip]:
        self._layout = None
        return []

    def _build_strips(self, data, width, height, palette) -> list[Strip]:
        layout = layout_for(data, width, height)
        shown, n = len(layout.boxes), len(data.maps)
        if shown == 0 or self._first >= n:
            self._first = 0
        elif self._first % shown:  # a resize changed how many are shown: start that page
            self._first -= self._first % shown
        strips, self._layout = build_strips(data, width, height, palette, self._first)
        return strips

    @property
    def flips(self) -> bool:
        """Whether the maps are shown a few at a time (``flip`` shows the next ones)."""
        return self._layout is not None and self._layout.paged

    def flip(self) -> None:
        """The next maps of a flip-through (after the last: the first)."""
        if self._layout is None or not self._layout.paged:
            return
        self._first += len(self._layout.boxes)
        if self._first >= self._layout.n_maps:
            self._first = 0
        self._build()
