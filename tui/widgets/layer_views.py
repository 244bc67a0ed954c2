"""Per-layer pictures: a stack of histograms on a shared x axis, and a column of meters.

``HistogramsView`` draws a ``lessons.views.Histograms``; ``MetersView`` a
``lessons.views.Meters``. Both build their lines (``Strip``s) in ``show()`` and again on a
resize or a theme change; ``render_line`` only hands them out.

Histograms
----------
::

    Activations by layer                      (title, bold)
    layer 1 ▁▂▃▄▅▆▇█▇▆▅▄▃▂▁                   sat  0%
    layer 2      ▁▃█▃▁                        sat  0%
    ...
            -1         0         1  A[l]      (the x axis, under the last histogram)

* One histogram per ``Histogram`` row, layer 1 at the top, each on a *track*: the bar area
  is a band of a slightly lifted background, so the whole x range shows even where a layer
  has no values (a distribution collapsed to a spike at 0 is a lone bar on an empty band).
* One column per bin of the picture: the data's counts are *resampled* onto the columns
  (``resample_counts``: each bin's count is shared among the columns its interval overlaps,
  in proportion to the overlap, so the total mass in the x range is kept whatever the
  number of bins and columns).
* Bar heights are scaled **per histogram, to its own maximum**: the tallest column of every
  layer is a full bar. Layers hold the same number of values but their peaks differ by
  orders of magnitude (a spread layer's peak is ~1/40 of a collapsed layer's); on a shared
  maximum a spread layer would be one flat row of "▁" next to a spike. The question these
  pictures answer is *where* each layer's values lie (spread, collapsed to 0, piled up at
  the ends), so each keeps its shape. A column holding values too few for one eighth is
  drawn "▁" in a dimmer shade of the bar colour: a thin tail stays visible without
  looking like a peak.
* Height: each histogram takes 1 to 3 terminal rows of eighth blocks (``▁▂▃▄▅▆▇█``, 8 to 24
  levels). A blank line between histograms matters more than a third row (without it a
  spike in layer 2 runs on into layer 1's band), so the choices are tried in the order
  3 rows + gap, 2 + gap, 3, 2, 1; histograms that touch (no gap) alternate between two
  shades of track. ``HistogramsView`` is ``height: 1fr`` (it takes the room the panel
  gives it and chooses its rows from there: an "auto" height cannot depend on the room),
  with a ``max-height`` of the tallest picture it draws (3 rows per histogram, gaps, title
  and axis), so a tall panel does not keep blank lines under it. At 48 x 10, five layers
  get one row each.
* The label (e.g. "layer 2") is in a fixed-width column on the left, the caption
  (e.g. "sat 34%") on the right of each histogram's last row; on narrow widgets the caption
  column goes first, then the labels shrink. The widget keeps the widest label and caption
  column it has needed since the rows changed (other labels): a caption going from
  "sat 10%" back to "sat 9%" does not shift every bar.
* A range centred on 0 gets an odd number of columns, so that 0 is the middle of one.
* Colour: the histogram's ``color`` slot (``palette_from_theme(...).series``), else the
  theme's primary, made readable on the track.
* A histogram whose edges or counts are unusable (NaN / inf edges, mismatched lengths,
  no counts) is an empty track saying "no data"; one whose values all lie outside the x
  range says "none in range". An unusable ``x_range`` falls back to the span of the edges.
* ``HistogramsView.measure_size()`` is the number of bar columns: a probe that makes that
  many bins over ``x_range`` is drawn one bin per column, without resampling.

Meters
------
::

    Gradient norms ‖dW[l]‖            log 1e-09…1
    layer 1 ████████████▌             3.1e-02
    layer 5                           0 exactly   (alarm: in the error colour)

* One line per ``Meter``: label, a bar on a track, the meter's text. The bar is
  ``value / full`` of the track (linear), or with ``Meters.log``
  ``1 + log10(value / full) / decades`` (``full / 10**decades`` is empty, ``full`` is
  full), drawn with left eighth blocks (``▏▎▍▌▋▊▉█``) to 1/8 of a cell. Zero, negative and
  non-finite values are an empty bar; any value inside the scale is at least "▏".
* Alarm rows (label, bar and text) are in the theme's error colour, made readable on the
  background; the other bars in the primary colour. Tracks alternate between two shades,
  so that rows of empty bars (every gradient exactly 0) stay rows.
* ``MetersView`` is ``height: auto``: 1 + one line per meter.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np
from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.strip import Strip

from lessons.view_data import Histograms, Meters

from .palette import (RGB, blend, is_dark, palette_from_theme, readable, rgb_style, theme_rgb,
                      widget_rgb)
from .placed_line import PlacedLine
from .strips import StripView, fit

UP_EIGHTHS = " ▁▂▃▄▅▆▇█"        # index = eighths of a cell filled from the bottom
RIGHT_EIGHTHS = " ▏▎▍▌▋▊▉█"     # index = eighths of a cell filled from the left

MAX_ROWS_PER_HISTOGRAM = 3
LABEL_MAX = 24                  # label columns at most (longer labels are cut)...
LABEL_SHARE = 3                 # ...and at most a third of the width, if that is over 10
CAPTION_MAX = 12                # caption columns at most
TEXT_MAX = 16                   # meter text columns at most
MIN_BARS = 8                    # below this many bar columns the caption column is dropped
NO_DATA = "no data"
OUT_OF_RANGE = "none in range"

TRACK_DARK = 0.08               # the track: the background lifted towards the text colour
TRACK_LIGHT = 0.10


# -- colours -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class LayerColors:
    """The colours both views are drawn with, from the theme and the widget's own colours."""

    dark: bool
    background: RGB
    text: RGB
    muted: RGB
    track: RGB                 # the band under a bar
    track_alt: RGB             # every other band, when histograms touch (no gap line)
    primary: RGB               # bars (readable on the track)
    error: RGB                 # alarm bars and text (readable on background and track)
    series: tuple[RGB, ...]    # slot colours for histogram bars (readable on the track)

    def bar(self, slot: int | None) -> RGB:
        if slot is None or not self.series:
            return self.primary
        return self.series[slot % len(self.series)]


def layer_colors(variables: dict[str, str], background: RGB | None = None,
                 text: RGB | None = None) -> LayerColors:
    """Colours from a theme's variables (``App.theme_variables``); ``background`` / ``text``
    are the widget's resolved colours (default: the theme's background / foreground)."""
    background = background or theme_rgb(variables, "background") or (18, 18, 18)
    text = text or theme_rgb(variables, "foreground") or (224, 224, 224)
    dark = is_dark(background)
    lift = TRACK_DARK if dark else TRACK_LIGHT
    track = blend(background, text, lift)
    track_alt = blend(background, text, lift * 1.7)
    muted = blend(text, background, 0.4)
    palette = palette_from_theme(variables)
    series = tuple(readable(c, track_alt, dark, 3.0) for c in palette.series)
    primary = readable(theme_rgb(variables, "primary") or (1, 120, 212), track_alt, dark, 3.0)
    error = theme_rgb(variables, "error") or (220, 50, 47)
    # Alarm text must read as text on the background; alarm bars sit on the track.
    error = readable(error, background, dark, 4.5)
    error = readable(error, track, dark, 3.0)
    return LayerColors(dark, background, text, muted, track, track_alt, primary, error,
                       series)


class _Styles:
    """Styles made of ``LayerColors`` (built once per theme, bars on demand)."""

    def __init__(self, colors: LayerColors):
        self.colors = colors
        self.base = rgb_style(colors.text, colors.background)
        self.title = rgb_style(colors.text, colors.background, bold=True)
        self.muted = rgb_style(colors.muted, colors.background)
        self.tracks = (rgb_style(colors.muted, colors.track),
                       rgb_style(colors.muted, colors.track_alt))
        self.track = self.tracks[0]
        self.alarm = rgb_style(colors.error, colors.background, bold=True)
        self._bars: dict[tuple, Style] = {}

    def bar(self, rgb: RGB, alt: bool = False, weak: bool = False) -> Style:
        """Bars of colour ``rgb`` on the track (or the alternate track); ``weak``: a
        column with values too few for one eighth, half-way to the track colour."""
        key = (rgb, alt, weak)
        style = self._bars.get(key)
        if style is None:
            track = self.colors.track_alt if alt else self.colors.track
            style = self._bars[key] = rgb_style(blend(rgb, track, 0.55) if weak else rgb, track)
        return style


# -- text helpers ------------------------------------------------------------------------------
def _short_exponent(text: str) -> str:
    """"5e+02" -> "5e2", "1e-07" -> "1e-7"."""
    mantissa, e, exponent = text.partition("e")
    if not e:
        return text
    sign = "-" if exponent.startswith("-") else ""
    return f"{mantissa}e{sign}{exponent.lstrip('+-').lstrip('0') or '0'}"


def number_label(value: float, width: int = 6) -> str:
    """A short label for an axis end: "-1", "0.5", "498", "0.011", "1e-7"."""
    if not math.isfinite(value):
        return "?"
    if value == 0:
        return "0"
    candidates = []
    if value == int(value) and abs(value) < 1e5:
        candidates.append(str(int(value)))
    if 10 <= abs(value) < 1e5:
        candidates.append(f"{value:.0f}")
    candidates += [_short_exponent(f"{value:.2g}"), _short_exponent(f"{value:.1g}"),
                   _short_exponent(f"{value:.0e}")]
    for text in candidates:
        if len(text) <= width:
            return text
    return candidates[-1]


def scale_label(value: float) -> str:
    """A scale end for a log meter: "1", "0.1", "1e-6"."""
    if not math.isfinite(value) or value <= 0:
        return "?"
    exponent = math.log10(value)
    if abs(exponent - round(exponent)) < 1e-9:
        e = int(round(exponent))
        return f"{10.0 ** e:g}" if -1 <= e <= 3 else f"1e{e}"
    return _short_exponent(f"{value:.2g}")


# -- histograms: data ----------------------------------------------------------------------------
def resample_counts(edges, counts, lo: float, hi: float, columns: int) -> np.ndarray | None:
    """``counts`` over bins ``edges`` shared among ``columns`` equal columns over
    [``lo``, ``hi``]: each bin's count goes to the columns its interval overlaps, in
    proportion to the overlap (a bin of zero width to the column holding it). Mass outside
    [lo, hi] is left out; inside, the total is kept. None when the data cannot be drawn
    (mismatched sizes, NaN / inf, descending edges, an empty range)."""
    try:
        edges = np.asarray(edges, dtype=float).reshape(-1)
        counts = np.asarray(counts, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        return None
    lo, hi = float(lo), float(hi)
    if columns <= 0 or counts.size == 0 or edges.size != counts.size + 1:
        return None
    if not (np.isfinite(edges).all() and np.isfinite(counts).all()):
        return None
    if not (math.isfinite(lo) and math.isfinite(hi) and hi > lo):
        return None
    if (np.diff(edges) < 0).any():
        return None
    cdf = np.concatenate(([0.0], np.cumsum(np.maximum(counts, 0.0))))
    bounds = np.linspace(lo, hi, columns + 1)
    cum = np.interp(bounds, edges, cdf)   # 0 left of the first edge, the total right of it
    return np.maximum(np.diff(cum), 0.0)


def bar_levels(values: np.ndarray, levels: int) -> tuple[np.ndarray, np.ndarray]:
    """Heights in eighths (0..``levels``) scaled to the maximum (a full bar), and which
    columns are *weak*: above zero but too few for one eighth (they are drawn one eighth
    high, in a dimmer shade, so a thin tail stays visible without looking like a peak)."""
    values = np.asarray(values, dtype=float)
    top = float(values.max()) if values.size else 0.0
    if top <= 0 or not math.isfinite(top):
        return np.zeros(values.shape, dtype=int), np.zeros(values.shape, dtype=bool)
    heights = np.rint(values / top * levels).astype(int)
    weak = (values > 0) & (heights < 1)
    heights[weak] = 1
    return np.clip(heights, 0, levels), weak


def histogram_rows(heights: np.ndarray, rows: int) -> list[str]:
    """Bar heights (eighths, at most 8 * ``rows``) as ``rows`` lines of blocks, top first."""
    lines = []
    for r in range(rows):
        below = 8 * (rows - 1 - r)    # eighths drawn by the lines under this one
        part = np.clip(heights - below, 0, 8)
        lines.append("".join(UP_EIGHTHS[p] for p in part.tolist()))
    return lines


def x_range_of(data: Histograms) -> tuple[float, float] | None:
    """The data's x range; if it is unusable, the span of the histograms' finite edges."""
    try:
        lo, hi = (float(v) for v in data.x_range)
    except (TypeError, ValueError):  # not two numbers
        lo, hi = math.nan, math.nan
    if math.isfinite(lo) and math.isfinite(hi) and hi > lo:
        return lo, hi
    finite = [np.asarray(h.edges, dtype=float) for h in data.rows]
    finite = [e[np.isfinite(e)] for e in finite if e.size]
    finite = [e for e in finite if e.size]
    if not finite:
        return None
    lo, hi = min(float(e.min()) for e in finite), max(float(e.max()) for e in finite)
    return (lo, hi) if hi > lo else None


# -- histograms: layout --------------------------------------------------------------------------
@dataclass(frozen=True)
class HistogramLayout:
    title: bool          # a title line
    rows: int            # terminal rows per histogram
    gap: int             # blank lines between histograms
    shown: int           # how many histograms fit (the first ones)
    axis: bool           # an x axis line under the last histogram
    label_width: int     # label column (0: none), then one space
    caption_width: int   # caption column (0: none), after one space
    bars: int            # bar columns

    @property
    def bar_x(self) -> int:
        return self.label_width + (1 if self.label_width else 0)

    def top(self, i: int) -> int:
        """The first line of histogram ``i``."""
        return int(self.title) + i * (self.rows + self.gap)


def preferred_height(n: int) -> int:
    """Lines for ``n`` histograms at their tallest: title, 3 rows each, gaps, axis."""
    n = max(n, 1)
    return 1 + n * MAX_ROWS_PER_HISTOGRAM + (n - 1) + 1


def _label_cap(width: int) -> int:
    return min(LABEL_MAX, max(10, width // LABEL_SHARE))


def text_widths(data: Histograms | Meters) -> tuple[int, int]:
    """The label column and the caption (histograms) or text (meters) column ``data``
    needs, each capped."""
    if isinstance(data, Histograms):
        labels = [cell_len(h.label) for h in data.rows]
        texts, cap = [cell_len(h.caption) for h in data.rows], CAPTION_MAX
    else:
        labels = [cell_len(m.label) for m in data.rows]
        texts, cap = [cell_len(m.text) for m in data.rows], TEXT_MAX
    return min(max(labels, default=0), LABEL_MAX), min(max(texts, default=0), cap)


def plan_histograms(data: Histograms, width: int, height: int,
                    widths: tuple[int, int] | None = None) -> HistogramLayout:
    """The tallest histograms (1 to 3 rows, a gap line between them when they take 2 or
    more rows and there is room) that fit ``height`` with a title and an axis; when even
    one row each does not fit, the axis then the title are given up, then histograms.
    ``widths``: the label and caption columns wanted (default: ``text_widths(data)``)."""
    n = len(data.rows)
    width, height = max(0, width), max(0, height)
    label_width, caption_width = widths if widths is not None else text_widths(data)
    label_width = min(label_width, _label_cap(width))
    # Columns: label, space, bars, space, caption. Give up the caption, then label width.
    if caption_width and width - (label_width + 1) - (caption_width + 1) < MIN_BARS:
        caption_width = 0
    if label_width:
        room = width - 1 - MIN_BARS
        label_width = max(0, min(label_width, room))
        if label_width < 3:
            label_width = 0
    bars = width - (label_width + 1 if label_width else 0) - (
        caption_width + 1 if caption_width else 0)
    bars = max(bars, 0)
    # A range centred on 0 (tanh's [-1, 1]) gets an odd number of columns: 0 is then the
    # middle of a column, and a distribution collapsed onto 0 is one bar, not two halves.
    x_range = x_range_of(data)
    if x_range is not None and bars > MIN_BARS and bars % 2 == 0 and \
            math.isclose(x_range[0], -x_range[1]):
        bars -= 1

    title, axis = True, True
    chosen = None
    for rows, gap in ((3, 1), (2, 1), (3, 0), (2, 0), (1, 0)):
        if n * rows + max(n - 1, 0) * gap + 2 <= height:
            chosen = (rows, gap)
            break
    shown = n
    if chosen is None:
        rows, gap = 1, 0
        if n + 1 <= height:      # no axis
            axis = False
        elif n <= height:        # no title, no axis
            axis = title = False
        else:                    # the first histograms that fit
            axis = title = False
            shown = height
    else:
        rows, gap = chosen
    return HistogramLayout(title, rows, gap, shown, axis, label_width, caption_width, bars)


# -- histograms: building ------------------------------------------------------------------------
def build_histograms(data: Histograms, width: int, height: int, styles: _Styles,
                     widths: tuple[int, int] | None = None,
                     ) -> tuple[list[Strip], HistogramLayout]:
    """``data`` drawn in ``width`` x ``height`` cells: one strip per line. Pure."""
    layout = plan_histograms(data, width, height, widths)
    if width <= 0 or height <= 0:
        return [], layout
    lines = [PlacedLine(width, styles.base) for _ in range(height)]
    if layout.title:
        lines[0].put(0, fit(data.title, width), styles.title)
    x_range = x_range_of(data)
    bx, bw = layout.bar_x, layout.bars
    levels = 8 * layout.rows
    for i, hist in enumerate(data.rows[:layout.shown]):
        y = layout.top(i)
        last = y + layout.rows - 1
        if layout.label_width:
            lines[last].put(0, fit(hist.label, layout.label_width), styles.base)
        if bw > 0:
            counts = None if x_range is None else resample_counts(
                hist.edges, hist.counts, x_range[0], x_range[1], bw)
            alt = layout.gap == 0 and i % 2 == 1
            if counts is None or counts.sum() <= 0:
                note = OUT_OF_RANGE if counts is not None and _total(hist) > 0 else NO_DATA
                _no_data(lines[y:last + 1], bx, bw, styles.tracks[alt], note)
            else:
                heights, weak = bar_levels(counts, levels)
                rgb = styles.colors.bar(hist.color)
                strong, dim = styles.bar(rgb, alt), styles.bar(rgb, alt, weak=True)
                texts = histogram_rows(heights, layout.rows)
                for r, text in enumerate(texts[:-1]):
                    lines[y + r].put(bx, text, strong)
                lines[last].extend(bx, _runs(texts[-1], weak, strong, dim))
        if layout.caption_width and hist.caption:
            lines[last].put(bx + bw + 1, fit(hist.caption, layout.caption_width),
                            styles.muted)
    if layout.axis and layout.shown:
        y = layout.top(layout.shown - 1) + layout.rows
        if y < height:
            _axis(lines[y], data, x_range, layout, styles)
    return [line.strip() for line in lines], layout


def _runs(text: str, weak: np.ndarray, strong: Style, dim: Style) -> list[Segment]:
    """``text`` as segments: runs of weak columns in ``dim``, the rest in ``strong``."""
    if not weak.any():
        return [Segment(text, strong)]
    starts = np.flatnonzero(np.diff(weak.astype(np.int8), prepend=-1) != 0).tolist()
    ends = [*starts[1:], len(text)]
    return [Segment(text[a:b], dim if weak[a] else strong) for a, b in zip(starts, ends)]


def _total(hist) -> float:
    counts = np.asarray(hist.counts, dtype=float)
    return float(np.maximum(counts, 0.0).sum())


def _no_data(lines: list[PlacedLine], x: int, width: int, track: Style, note: str) -> None:
    """An empty track with ``note`` in the middle (or as much of it as fits)."""
    middle = 1 if len(lines) >= 3 else 0
    note = fit(note, width)
    pad = (width - len(note)) // 2
    for r, line in enumerate(lines):
        text = " " * pad + note + " " * (width - pad - len(note)) if r == middle else \
            " " * width
        line.put(x, text, track)


def _axis(line: PlacedLine, data: Histograms, x_range: tuple[float, float] | None,
          layout: HistogramLayout, styles: _Styles) -> None:
    """The range's ends under the bars' first and last columns, 0 under its column when
    inside, the x label after the right end (in the caption column) or else between."""
    bx, bw = layout.bar_x, layout.bars
    if x_range is None or bw <= 0:
        return
    lo, hi = x_range
    left, right = number_label(lo), number_label(hi)
    if len(left) + len(right) + 1 > bw:
        return
    right_x = bx + bw - len(right)
    line.put(bx, left, styles.base)
    line.put(right_x, right, styles.base)
    if lo < 0 < hi:
        zx = bx + min(bw - 1, int((0 - lo) / (hi - lo) * bw))
        if line.free(zx, zx + 1):
            line.put(zx, "0", styles.base)
    label = data.x_label
    if not label:
        return
    after = bx + bw + 2
    if after + min(cell_len(label), 4) <= line.width:
        line.put(after, fit(label, line.width - after), styles.muted)
        return
    # Between the middle and the right end, if it fits there.
    start = bx + bw // 2 + 2
    room = right_x - 1 - start
    if room >= min(cell_len(label), 4):
        text = fit(label, room)
        x = start + (room - cell_len(text)) // 2
        if line.free(x, x + cell_len(text)):
            line.put(x, text, styles.muted)


# -- meters --------------------------------------------------------------------------------------
def meter_fraction(value: float, full: float, log: bool = False, decades: int = 6) -> float:
    """How much of the bar ``value`` fills, in [0, 1]: ``value / full``, or on a log scale
    ``1 + log10(value / full) / decades``. Zero, negative, NaN and inf values fill nothing
    (inf is not "full": it is a broken number, not a large one)."""
    try:
        value, full = float(value), float(full)
    except (TypeError, ValueError):
        return 0.0
    if not (math.isfinite(value) and math.isfinite(full)) or value <= 0 or full <= 0:
        return 0.0
    if log:
        decades = max(int(decades), 1)
        fraction = 1.0 + math.log10(value / full) / decades
    else:
        fraction = value / full
    return min(max(fraction, 0.0), 1.0)


def meter_bar(fraction: float, width: int) -> str:
    """A bar ``fraction`` of ``width`` cells long in left eighth blocks (at least one eighth
    when the fraction is above zero), padded with spaces to ``width``."""
    if width <= 0:
        return ""
    eighths = int(round(fraction * width * 8))
    if fraction > 0 and eighths == 0:
        eighths = 1
    eighths = min(eighths, width * 8)
    full, part = divmod(eighths, 8)
    text = "█" * full + (RIGHT_EIGHTHS[part] if part else "")
    return text + " " * (width - len(text))


@dataclass(frozen=True)
class MeterLayout:
    label_width: int
    text_width: int
    bars: int

    @property
    def bar_x(self) -> int:
        return self.label_width + (1 if self.label_width else 0)


def plan_meters(data: Meters, width: int, widths: tuple[int, int] | None = None,
                min_bars: int = MIN_BARS) -> MeterLayout:
    """Label, bar and text columns in ``width``: the text is kept longest (it is the
    number), then the label, down to a bar of ``min_bars`` cells (then half as many).
    ``widths``: the label and text columns wanted (default: ``text_widths(data)``)."""
    label_width, text_width = widths if widths is not None else text_widths(data)
    label_width = min(label_width, _label_cap(width))

    def bars(label: int, text: int) -> int:
        return width - (label + 1 if label else 0) - (text + 1 if text else 0)

    if label_width and bars(label_width, text_width) < min_bars:
        label_width -= min_bars - bars(label_width, text_width)
        label_width = label_width if label_width >= 3 else 0
    if text_width and bars(label_width, text_width) < min_bars // 2:
        text_width -= min_bars // 2 - bars(label_width, text_width)
        text_width = text_width if text_width >= 3 else 0
    return MeterLayout(label_width, text_width, max(bars(label_width, text_width), 0))


MIN_TITLE = 8  # cells of a meters' title kept beside the scale ("gradien…  log 1e-9…1")
# More meters than this go in two columns side by side when each can be METER_COLUMN wide:
# backprop 5's two groups of 11 (h = 10) or 16 (h = 15) rows overflowed the 22 rows of the
# panel at 80x24, the second group cut after dW8 (of 11) or dW3 (of 16).
ONE_COLUMN_MOST = 8
METER_COLUMN = 22  # "|dW10| ██████ 9.87e-02": the label, a bar of 6, the number
METER_GAP = 2
COLUMN_MIN_BARS = 6  # in a column of two, the label and number whole before the bar


def meter_columns(rows: int, width: int) -> int:
    """One column of meters, or two for many rows when the width holds them."""
    return 2 if rows > ONE_COLUMN_MOST and width >= 2 * METER_COLUMN + METER_GAP else 1


def meters_height(rows: int, width: int) -> int:
    """The lines ``rows`` meters take ``width`` cells wide: the title, then the rows."""
    return 1 + -(-rows // meter_columns(rows, width))


def build_meters(data: Meters, width: int, height: int, styles: _Styles,
                 widths: tuple[int, int] | None = None) -> tuple[list[Strip], MeterLayout]:
    """``data`` drawn in ``width`` x ``height`` cells: one strip per line (the layout is a
    column's, when they are two: ``meter_columns``). Pure."""
    columns = meter_columns(len(data.rows), width)
    column_width = (width - METER_GAP * (columns - 1)) // columns
    per_column = -(-len(data.rows) // columns)
    layout = plan_meters(data, column_width, widths,
                         MIN_BARS if columns == 1 else COLUMN_MIN_BARS)
    if width <= 0 or height <= 0:
        return [], layout
    lines = [PlacedLine(width, styles.base) for _ in range(height)]
    title = lines[0]
    # The scale on the right of the title line: log bars without their scale cannot be
    # read, so a title too long for both is cut (with an ellipsis) before the scale is.
    note = ""
    if data.log:
        full = float(data.full)
        low = full * 10.0 ** -max(int(data.decades), 1)
        note = f"log {scale_label(low)}…{scale_label(full)}"
        if len(note) + 2 + MIN_TITLE > width:
            note = ""
    title_text = fit(data.title, width - (len(note) + 2 if note else 0))
    title.put(0, title_text, styles.title)
    if note:
        title.put(width - len(note), note, styles.muted)
    colors = styles.colors
    for i, meter in enumerate(data.rows):
        y = 1 + i % per_column
        if y >= height:
            continue
        x = (i // per_column) * (column_width + METER_GAP)
        line = lines[y]
        text_style = styles.alarm if meter.alarm else styles.base
        if layout.label_width:
            line.put(x, fit(meter.label, layout.label_width), text_style)
        if layout.bars:
            fraction = meter_fraction(meter.value, data.full, data.log, data.decades)
            line.put(x + layout.bar_x, meter_bar(fraction, layout.bars),
                     styles.bar(colors.error if meter.alarm else colors.primary, i % 2 == 1))
        if layout.text_width:
            line.put(x + layout.bar_x + layout.bars + 1, fit(meter.text, layout.text_width),
                     text_style)
    return [line.strip() for line in lines], layout


# -- the widgets ---------------------------------------------------------------------------------
class _LayerView(StripView):
    """A per-layer view: rows with a label and a caption (or text) column beside the bars."""

    def __init__(self, *, id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes)
        # The label and caption/text columns: they only grow while the same picture is
        # shown (a caption going from "sat 9%" to "sat 10%" must not shift every bar).
        self._widths = (0, 0)

    def show(self, data, on_drawn: Callable[[], None] | None = None) -> None:
        """Draw ``data`` now (the next frame shows it); ``on_drawn`` runs right after."""
        old = self._data
        fresh = old is None or [r.label for r in old.rows] != [r.label for r in data.rows]
        natural = text_widths(data)
        self._widths = natural if fresh else (max(self._widths[0], natural[0]),
                                              max(self._widths[1], natural[1]))
        if self._needs_layout(old, data):
            self.refresh(layout=True)
        super().show(data, on_drawn)

    @property
    def colors(self) -> LayerColors | None:
        return self._styles.colors if self._styles else None

    def _needs_layout(self, old, new) -> bool:
        return False

    def _make_styles(self) -> _Styles:
        return _Styles(layer_colors(self.app.theme_variables, *widget_rgb(self)))


class HistogramsView(_LayerView):
    """Draws a ``Histograms``: one histogram per layer under a title, on a shared x axis.

    Bar heights are scaled per histogram to its own maximum (each layer's tallest column
    is a full bar): the picture shows where each layer's values lie, not how peaked one
    layer is next to another (see the module's docstring). ``height: 1fr`` with a
    ``max-height`` of the tallest picture: it draws 1 to 3 rows per histogram depending on
    the room it gets.

    ``measure_size()`` is the number of bar columns at the current size (None before the
    widget has a size or data): a probe that makes that many bins over ``x_range`` gets
    one bin per column, drawn without resampling. Any other number of bins is resampled."""

    DEFAULT_CSS = """
    HistogramsView {
        width: 1fr;
        height: 1fr;
    }
    """

    def _needs_layout(self, old, new) -> bool:
        n = len(new.rows)
        if old is None or len(old.rows) != n:
            self.styles.max_height = preferred_height(n)
            return True
        return False

    def measure_size(self) -> int | None:
        if self._data is None or self.size.width <= 0 or self.size.height <= 0:
            return None
        return plan_histograms(self._data, self.size.width, self.size.height,
                               self._widths).bars or None

    @property
    def layout_info(self) -> HistogramLayout | None:
        if self._data is None:
            return None
        return plan_histograms(self._data, self.size.width, self.size.height, self._widths)

    def _build_strips(self, data, width, height, styles):
        return build_histograms(data, width, height, styles, self._widths)[0]


class MetersView(_LayerView):
    """Draws ``Meters``: a title line, then one bar per meter (``height: auto``: 1 + rows)."""

    DEFAULT_CSS = """
    MetersView {
        width: 1fr;
        height: auto;
    }
    """

    def _needs_layout(self, old, new) -> bool:
        return old is None or len(old.rows) != len(new.rows)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return meters_height(len(self._data.rows), width) if self._data is not None else 1

    def _build_strips(self, data, width, height, styles):
        return build_meters(data, width, height, styles, self._widths)[0]

