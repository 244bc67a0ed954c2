"""A line/scatter plot drawn with plotext, built off the UI loop and throttled.

plotext builds a plot in pure Python (~5-25 ms), so the widget never builds inside
``render``: new data marks the plot dirty, a thread worker builds the text, and the widget
shows the last built text until the next one is ready. Builds run at most ``MAX_FPS`` times a
second; data that arrives meanwhile is merged into the next build. Colours come from the
app's theme and follow it when it changes.
"""

from __future__ import annotations

import math
import threading
import time
from typing import Callable

import numpy as np
from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.color import Color
from textual.strip import Strip
from textual.timer import Timer
from textual.widget import Widget

from lessons.i18n import tr
from lessons.view_data import Curves, Line

from ..keygate import KEY_GATE
from ..plotext_internals import (BRAILLE_ROWS, braille_row, canvas_height, canvas_runs,
                                 new_plot, tick_row_value)
from .palette import Palette, palette_from_theme

# plotext keeps some module-level state; one build at a time keeps it consistent.
_BUILD_LOCK = threading.Lock()



def build_plot_text(data: Curves, width: int, height: int, palette: Palette) -> Text:
    """The plot as styled text, ``width`` x ``height`` cells. Pure: safe in a thread."""
    return _runs_text(build_plot_runs(data, width, height, palette))


def dimmed(color: tuple[int, int, int], palette: Palette) -> tuple[int, int, int]:
    """A colour's dimmer shade: the same hue, half-way to the canvas (a derivative beside its
    function, data points under a fit)."""
    return Color(*color).blend(Color(*palette.canvas), 0.5).rgb


def line_color(line: Line, palette: Palette) -> tuple[int, int, int]:
    color = palette.series[line.color % len(palette.series)]
    return dimmed(color, palette) if line.dim else color


def nice_ticks(lo: float, hi: float, most: int, must: tuple[float, ...] = ()) -> list[float]:
    """Evenly spaced round ticks inside [lo, hi] (steps of 1, 2 or 5 times a power of ten),
    about ``most`` of them, that include the values in ``must`` lying inside: the step is made
    finer (up to three times as many ticks) until those values fall on it; only if none does
    are they added as they are."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        return []
    most = max(2, most)
    must = tuple(m for m in must if lo <= m <= hi)
    raw = (hi - lo) / (most - 1)
    exponent = math.floor(math.log10(raw))
    steps = [m * 10.0 ** e for e in range(exponent - 1, exponent + 2) for m in (1, 2, 5)]
    coarse = [s for s in steps if s >= 0.75 * raw]  # about ``most``, a few more at worst
    fine = [s for s in reversed(steps) if raw / 3 <= s < raw]
    step = coarse[0]
    for candidate in (coarse[0], *fine):
        if all(abs(m / candidate - round(m / candidate)) < 1e-9 for m in must):
            step = candidate
            break
    first = math.ceil(lo / step - 1e-9)
    ticks = [round(k * step, 12) for k in range(first, math.floor(hi / step + 1e-9) + 1)]
    for value in must:
        if not any(abs(value - t) < 1e-9 for t in ticks):
            # Off the step: drop the neighbours it would print its label on top of.
            ticks = [t for t in ticks if abs(t - value) >= step / 2 or t in must] + [value]
    return sorted(ticks)


def placed_yticks(ticks: list[float], ylim: tuple[float, float], rows: int,
                  must: tuple[float, ...] = (),
                  own: list[tuple[float, str]] = ()) -> tuple[list[float], list[str]]:
    """The y ticks as (positions, labels) for plotext: each label on the canvas row where a
    line at its value is drawn (``tick_row_value``). Of two labels on one row the first
    keeps it, except that a tick that must show wins, then a row's ``own`` label (value,
    text): the value of the lines lying on that row (``one_row_labels``)."""
    labels = tick_labels(ticks)
    placed: dict[float, tuple[float, str]] = {}
    for tick, label in zip(ticks, labels):
        at = tick_row_value(tick, *ylim, rows)
        if at not in placed or any(abs(tick - m) < 1e-9 for m in must):
            placed[at] = (tick, label)
    for value, label in own:
        at = tick_row_value(value, *ylim, rows)
        if at not in placed or not any(abs(placed[at][0] - m) < 1e-9 for m in must):
            placed[at] = (value, label)
    positions = sorted(placed)
    return positions, [placed[p][1] for p in positions]


def common_label(lo: float, hi: float) -> str | None:
    """The number every value from ``lo`` to ``hi`` reads as, to the most significant
    digits (4 at most) at which both ends agree; None if they differ even at 2."""
    for digits in (4, 3, 2):
        low, high = f"{lo:.{digits}g}", f"{hi:.{digits}g}"
        if low == high:
            return "0" if float(low) == 0 else low
    return None


def one_row_labels(ys_all: list[np.ndarray], ylim: tuple[float, float],
                   rows: int) -> list[tuple[float, str]]:
    """(value, label) for each canvas row on which whole lines lie (every finite y of a line
    inside the range, on that one row): their common value (``common_label``). A row spans a
    range/rows of values: at 80x24 a flat cost 0.693 in a range 0..2 lay on the row of the
    round tick "0.5", which it was read as; its own label says 0.6931. Lines that differ at
    two digits keep the round tick of their row."""
    if rows < 2 or not ylim[1] > ylim[0]:
        return []
    spans: dict[int, tuple[float, float]] = {}
    for ys in ys_all:
        finite = ys[np.isfinite(ys)]
        if not finite.size:
            continue
        lo, hi = float(finite.min()), float(finite.max())
        if lo < ylim[0] or hi > ylim[1]:
            continue
        row = braille_row(lo, *ylim, rows)
        if braille_row(hi, *ylim, rows) != row:
            continue
        if row in spans:
            lo, hi = min(lo, spans[row][0]), max(hi, spans[row][1])
        spans[row] = (lo, hi)
    labelled = [((lo + hi) / 2, common_label(lo, hi)) for lo, hi in spans.values()]
    return [(value, label) for value, label in labelled if label is not None]


def tick_labels(ticks: list[float]) -> list[str]:
    """The same number of decimals on every label of an axis, as few as tell them apart."""
    for decimals in range(0, 6):
        labels = [f"{t:.{decimals}f}" for t in ticks]
        if len(set(labels)) == len(labels) and all(
                abs(float(label) - t) < 1e-9 * max(1.0, abs(t)) for label, t in zip(labels, ticks)):
            break
    return ["0" if float(label) == 0 else label for label in labels]


def _limits(values: list[np.ndarray], given: tuple[float, float] | None) -> tuple[float, float]:
    if given is not None:
        return given
    finite = [v[np.isfinite(v)] for v in values]
    finite = [v for v in finite if v.size]
    if not finite:
        return 0.0, 1.0
    lo = min(float(v.min()) for v in finite)
    hi = max(float(v.max()) for v in finite)
    if hi - lo < 1e-12:
        lo, hi = lo - 0.5, hi + 0.5
    return lo, hi


# Canvas rows (inside the frame) a plot keeps beside the words of a step at 80x24: at 3
# a checkpoint's curves could not be told apart.
LEGIBLE_CANVAS_ROWS = 6
FLAT = 1e-4  # a y range this small against its values' size is a flat line, not a drop


def flat_value(ys_all: list[np.ndarray]) -> float | None:
    """The value every finite y is (to FLAT of its size): a flat cost, which the legend says
    is flat and whose range (unless one is given) would be stretched over the whole height,
    ticks repeating one number."""
    finite = [v[np.isfinite(v)] for v in ys_all]
    finite = [v for v in finite if v.size]
    if not finite:
        return None
    lo = min(float(v.min()) for v in finite)
    hi = max(float(v.max()) for v in finite)
    if hi - lo > FLAT * max(abs(lo), abs(hi), 1e-12):
        return None
    return (lo + hi) / 2


def flat_limits(value: float, rows: int) -> tuple[float, float]:
    """A y range of the value's own size with ``value`` at the centre of a braille dot row
    near the middle: noise far below the range's size stays on that one row."""
    span = max(abs(value), 1e-3)
    dots = BRAILLE_ROWS * max(rows, 1) - 1
    fraction = (2 * max(rows, 1) - 1) / dots if dots > 0 else 0.5
    lo = value - fraction * span
    return lo, lo + span


def legend_rows(data: Curves, width: int, palette: Palette,
                note: str = "") -> list[list[tuple[str, Style]]]:
    """The title, then each line's name in its colour, on as many rows as the width needs
    (the legend names every line at every plot size), as runs of (characters, style) on the
    plot's canvas colour."""
    canvas = _rich_color(palette.canvas)

    def style(rgb, bold=False) -> Style:
        return Style(color=_rich_color(rgb), bgcolor=canvas, bold=bold)

    entries: list[list[tuple[str, Style]]] = []
    if data.title:
        entries.append([(data.title, style(palette.ticks, bold=True))])
    if data.legend:
        # Every line is named: each on its own entry, or (a view that gives a note) the dim
        # shades of lines already named are said once, by the note beside a dim marker.
        grouped = [line for line in data.lines if data.legend_note and (
            line.dim and line.kind == "line"
            and any(o.color == line.color and not o.dim for o in data.lines))]
        for line in data.lines:
            if line in grouped:
                continue
            marker = "•" if line.kind == "scatter" else "━"
            entries.append([(f"{marker} {line.label}", style(line_color(line, palette)))])
        if grouped:
            entries.append([("━ ", style(dimmed(palette.ticks, palette))),
                            (data.legend_note, style(palette.muted))])
    if note:
        entries.append([(note, style(palette.muted))])
    gap = ("  ", Style(bgcolor=canvas))
    rows: list[list[tuple[str, Style]]] = []
    used: list[int] = []
    for entry in entries:
        length = sum(cell_len(chars) for chars, _ in entry)
        if rows and used[-1] + 2 + length <= width:
            rows[-1] += [gap, *entry]
            used[-1] += 2 + length
        else:
            rows.append(list(entry))
            used.append(length)
    out = []
    for runs, length in zip(rows, used):
        if length > width:  # one entry wider than the plot: cut it
            chars, run_style = runs[0]
            runs, length = [(set_cell_size(chars, width), run_style)], width
        out.append([*runs, (" " * (width - length), Style(bgcolor=canvas))])
    return out


def _rich_color(rgb: tuple[int, int, int]):
    from rich.color import Color as RichColor

    return RichColor.from_rgb(*rgb)


def build_plot_runs(data: Curves, width: int, height: int,
                    palette: Palette) -> list[list[tuple[str, Style]]]:
    """The plot as rows of (characters, style) runs: a legend row, then plotext's canvas.
    Pure: safe in a thread."""
    xs_all = [np.asarray(line.xs, dtype=float) for line in data.lines]
    ys_all = [np.asarray(line.ys, dtype=float) for line in data.lines]
    flat = flat_value(ys_all)
    note = tr("flat at {value}", value=f"{flat:.4g}") if flat is not None else ""
    legend_runs = legend_rows(data, width, palette, note)
    if width < 10 or height - len(legend_runs) < 5:
        return []
    height -= len(legend_runs)
    xlim = _limits(xs_all, data.xlim)
    # A flat line in a range of its own: the value once, on its row (no round ticks).
    flat_range = flat is not None and data.ylim is None
    ylim = flat_limits(flat, canvas_height(height, bool(data.xlabel))) if flat_range else (
        _limits(ys_all, data.ylim))
    # plotext fills in every canvas point between two points of a line: a point 1e119 above a
    # fixed y range (a run blowing up) would make it fill in ~1e119 of them. Clipped just
    # outside the range, the line leaves through the edge and stops there.
    span = ylim[1] - ylim[0]
    ys_all = [np.clip(ys, ylim[0] - span, ylim[1] + span) for ys in ys_all]
    with _BUILD_LOCK:
        # plotext is imported here, in the build thread, the first time a plot is built:
        # it is ~30 ms of launch that a first screen without a plot does not need.
        plt = new_plot(width, height)
        plt.canvas_color(palette.canvas)
        plt.axes_color(palette.canvas)
        plt.ticks_color(palette.ticks)
        for line, xs, ys in zip(data.lines, xs_all, ys_all):
            keep = np.isfinite(xs) & np.isfinite(ys)
            if not keep.any():
                continue
            if line.kind == "scatter":
                plt.scatter(xs[keep].tolist(), ys[keep].tolist(),
                            color=line_color(line, palette), marker="dot")
                continue
            # A line is not drawn across its NaN: each finite run is one stroke (a dashed
            # curve's gaps stay gaps).
            edges = np.flatnonzero(np.diff(np.concatenate(([0], keep.astype(np.int8), [0]))))
            for start, stop in zip(edges[::2], edges[1::2]):
                plt.plot(xs[start:stop].tolist(), ys[start:stop].tolist(),
                         color=line_color(line, palette), marker="braille")
        for x in data.vlines:
            plt.vline(x, color=palette.muted)
        plt.xlim(*xlim)
        plt.ylim(*ylim)
        # Our own round ticks: plotext's own are spaced by the data, not by round numbers.
        xticks = nice_ticks(*xlim, most=max(3, width // 10))
        # At most one y tick every other canvas row (the canvas is about height - 3 rows):
        # two ticks plotext puts on one row show one label or the other by the order of a
        # set of strings, which changes from run to run (hash randomisation).
        yticks = [] if flat_range else nice_ticks(
            *ylim, most=max(2, min(height // 3, (height - 3) // 2)), must=data.must_show_y)
        plt.xticks(xticks, tick_labels(xticks))
        rows = canvas_height(height, bool(data.xlabel), bool(xticks))
        plt.yticks(*placed_yticks(yticks, ylim, rows, data.must_show_y,
                                  one_row_labels(ys_all, ylim, rows)))
        if data.xlabel:
            plt.xlabel(data.xlabel)
        return [*legend_runs, *canvas_runs(plt)]


def _runs_text(rows: list[list[tuple[str, Style]]]) -> Text:
    """Rows of runs as one Text, each row ending in a newline (as plotext's build())."""
    text = Text(no_wrap=True, end="")
    for runs in rows:
        for chars, style in runs:
            text.append(chars, style)
        text.append("\n")
    return text


def _runs_strips(rows: list[list[tuple[str, Style]]]) -> list[Strip]:
    return [Strip([Segment(chars, style) for chars, style in runs]) for runs in rows]


class CurvePlot(Widget):
    """Shows a ``Curves`` view; ``show(data)`` any number of times a second, it redraws at
    most MAX_FPS times."""

    DEFAULT_CSS = """
    CurvePlot {
        width: 1fr;
        height: 1fr;
        min-height: 6;
    }
    """

    MAX_FPS = 12.0  # builds *start* at most this often; frames arrive 12 a second
    # Build on the UI thread instead (tests that want a plot drawn the moment data arrives).
    build_in_thread = True

    def __init__(self, *, id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes)
        self._data = Curves(())
        self._runs: list[list[tuple[str, Style]]] = []
        self._strips: list[Strip] = []
        self._text: Text | None = Text("")
        self._dirty = False
        self._building = False
        self._last_build = 0.0
        self._slot: Timer | None = None  # the throttle's wait for the next build's slot
        self._urgent = False  # data to build without waiting for a slot (``show``)
        self._generation = 0
        self._on_drawn: Callable[[], None] | None = None
        self._line_style: Style | None = None
        self.builds = 0  # how many plots were built (the benchmark reads it)

    # The plot is built off the UI loop: a panel shows the numbers that go with it when
    # ``on_drawn`` fires, so plot and numbers change in one repaint.
    deferred = True

    # -- public ------------------------------------------------------------------------------
    def measure_size(self) -> int:
        """How many points of a history are worth sending: about two per column."""
        return max(40, 2 * self.size.width)

    def show(self, data: Curves, on_drawn: Callable[[], None] | None = None, *,
             streamed: bool = False) -> None:
        """Draw ``data`` soon. ``on_drawn`` runs in the same UI tick the new plot is shown,
        so numbers shown beside the plot change with it, in one repaint instead of two.

        ``streamed``: one of a run's frames, built at most ``MAX_FPS`` times a second. Any
        other data (a key's: a reset, a knob) is built at once, even if a streamed frame
        waits for its slot: ``r`` just after a pause waited up to 1/12 s for the slot."""
        self._data = data
        if not self.display:  # hidden (shown only where there is room): built when shown
            if on_drawn is not None:
                on_drawn()
            return
        self._on_drawn = on_drawn
        if not streamed:
            self._urgent = True
        self._request_build()

    @property
    def data(self) -> Curves:
        return self._data

    def render(self) -> Text:
        if self._text is None:  # made on demand only (tests read it): drawing uses strips
            self._text = _runs_text(self._runs)
        return self._text

    def render_line(self, y: int) -> Strip:
        # Line API: the strips were made in the build thread, so a new frame costs the UI
        # loop almost nothing (rendering the Text here cost ~10-20 ms a frame).
        width = self.size.width
        if self._line_style is None:  # rich_style walks the DOM: once a frame, not a line
            self._line_style = self.rich_style
        if y < len(self._strips):
            return self._strips[y].crop_extend(0, width, self._line_style)
        return Strip.blank(width, self._line_style)

    # -- building ----------------------------------------------------------------------------
    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._request_build())

    def on_resize(self) -> None:
        self._request_build()

    def _request_build(self) -> None:
        self._dirty = True
        if self._slot is not None and self._urgent:
            self._slot.stop()  # waiting for a slot: built now instead
            self._slot, self._building = None, False
        if not self._building and self.is_mounted:
            wait = 1.0 / self.MAX_FPS - (time.monotonic() - self._last_build)
            if wait > 0 and not self._urgent:
                self._building = True  # a timer holds the slot until it fires
                self._slot = self.set_timer(wait, self._start_build)
            else:
                self._start_build()

    def _start_build(self) -> None:
        self._slot = None
        if not self.is_mounted:
            return
        self._urgent = False
        self._dirty = False
        self._building = True
        # Throttle from the start of a build: timing from its end made the period
        # 1/MAX_FPS + build time (~6.5 builds/s instead of 8).
        self._last_build = time.monotonic()
        self._generation += 1
        on_drawn, self._on_drawn = self._on_drawn, None  # belongs to the data built now
        args = (self._data, self.size.width, self.size.height,
                palette_from_theme(self.app.theme_variables), self._generation)
        if self.build_in_thread:
            self.run_worker(lambda: self._build_in_thread(*args, on_drawn), thread=True,
                            group="plot-build", exit_on_error=False)
        else:
            runs = build_plot_runs(*args[:4])
            self._apply(runs, _runs_strips(runs), args[4], on_drawn)

    def _build_in_thread(self, data, width, height, palette, generation, on_drawn) -> None:
        # A build holds the GIL for ~10-20 ms of pure Python: started while a key is being
        # handled (the plots of the step ``n`` shows, a plot resized by ``l``), it delayed
        # that key's layout by as much. It waits for the key's repaint (``KeyGate``).
        KEY_GATE.wait()
        runs = build_plot_runs(data, width, height, palette)
        strips = _runs_strips(runs)
        try:
            self.app.call_from_thread(self._apply, runs, strips, generation, on_drawn)
        except RuntimeError:  # the app closed while we were building
            pass

    def _apply(self, runs, strips: list[Strip], generation: int, on_drawn=None) -> None:
        self.builds += 1
        self._building = False
        if generation == self._generation:
            self._runs, self._strips, self._text = runs, strips, None
            self._line_style = None
            if on_drawn is not None:
                on_drawn()
            self.refresh()
        if self._dirty:
            self._request_build()
