"""A line/scatter plot drawn with plotext, built off the UI loop and throttled.

plotext builds a plot in pure Python (~5-25 ms), so the widget never builds inside
``render``: new data marks the plot dirty, a thread worker builds the text, and the widget
shows the last built text until the next one is ready. Builds run at most ``MAX_FPS`` times a
second; data that arrives meanwhile is merged into the next build. Colours come from the
app's theme and follow it when it changes.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Sequence

import numpy as np
import plotext._utility as plotext_utility
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.color import Color
from textual.strip import Strip
from textual.widget import Widget
from textual_plotext.plot import Plot

# plotext keeps some module-level state; one build at a time keeps it consistent.
_BUILD_LOCK = threading.Lock()

SERIES_COLOR_VARIABLES = ("primary", "warning", "success", "accent", "error", "secondary")


@dataclass(frozen=True)
class Series:
    label: str
    xs: Sequence[float]
    ys: Sequence[float]
    kind: str = "line"      # "line" or "scatter"
    color: int | None = None  # index into the theme's series colours; None = by position
    dim: bool = False         # drawn in a muted colour (e.g. a derivative or data points)


@dataclass(frozen=True)
class PlotData:
    series: tuple[Series, ...] = ()
    title: str = ""
    xlabel: str = ""
    vlines: tuple[float, ...] = ()
    hlines: tuple[float, ...] = ()
    xlim: tuple[float, float] | None = None
    ylim: tuple[float, float] | None = None
    legend: bool = True
    extra: dict = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Palette:
    canvas: tuple[int, int, int]
    ticks: tuple[int, int, int]
    muted: tuple[int, int, int]
    series: tuple[tuple[int, int, int], ...]


def palette_from_theme(variables: dict[str, str]) -> Palette:
    def rgb(name: str, fallback: str) -> tuple[int, int, int]:
        try:
            return Color.parse(variables.get(name, fallback)).rgb
        except Exception:  # a theme without that variable: keep a readable default
            return Color.parse(fallback).rgb

    canvas = rgb("surface", "#1e1e1e")
    foreground = rgb("foreground", "#e0e0e0")
    muted = Color(*foreground).blend(Color(*canvas), 0.45).rgb
    # The theme's colours first; one a theme repeats (textual-dark's warning and accent are
    # the same orange) or that vanishes on the canvas is replaced by a fixed fallback, so
    # every series stays tellable apart.
    series: list[tuple[int, int, int]] = []
    spare = [c for c in FALLBACK_SERIES_COLORS]
    for name in SERIES_COLOR_VARIABLES:
        color = rgb(name, "#0178d4")
        if not _distinct(color, [*series, canvas]):
            color = next((c for c in spare if _distinct(c, [*series, canvas])), color)
        if color in spare:
            spare.remove(color)
        series.append(color)
    return Palette(canvas, foreground, muted, tuple(series))


FALLBACK_SERIES_COLORS = ((60, 180, 75), (230, 25, 75), (145, 30, 180), (70, 240, 240),
                          (240, 50, 230), (245, 130, 48))


def _distinct(color: tuple[int, int, int], others: list[tuple[int, int, int]]) -> bool:
    return all(sum(abs(a - b) for a, b in zip(color, other)) > 150 for other in others)


def build_plot_text(data: PlotData, width: int, height: int, palette: Palette) -> Text:
    """The plot as styled text, ``width`` x ``height`` cells. Pure: safe in a thread."""
    return _runs_text(build_plot_runs(data, width, height, palette))


def build_plot_runs(data: PlotData, width: int, height: int,
                    palette: Palette) -> list[list[tuple[str, Style]]]:
    """The plot as rows of (characters, style) runs. Pure: safe in a thread."""
    if width < 10 or height < 5:
        return []
    with _BUILD_LOCK:
        plt = Plot()
        plt.plotsize(width, height)
        plt._set_size(width, height)  # see textual-plotext's PlotextPlot.render
        plt.canvas_color(palette.canvas)
        plt.axes_color(palette.canvas)
        plt.ticks_color(palette.ticks)
        for i, s in enumerate(data.series):
            xs = np.asarray(s.xs, dtype=float)
            ys = np.asarray(s.ys, dtype=float)
            keep = np.isfinite(xs) & np.isfinite(ys)
            if not keep.any():
                continue
            index = i if s.color is None else s.color
            color = palette.muted if s.dim else palette.series[index % len(palette.series)]
            label = s.label if data.legend else None
            draw = plt.scatter if s.kind == "scatter" else plt.plot
            draw(xs[keep].tolist(), ys[keep].tolist(), label=label, color=color,
                 marker="dot" if s.kind == "scatter" else "braille")
        for x in data.vlines:
            plt.vline(x, color=palette.muted)
        for y in data.hlines:
            plt.hline(y, color=palette.muted)
        if data.xlim:
            plt.xlim(*data.xlim)
        if data.ylim:
            plt.ylim(*data.ylim)
        if data.title:
            plt.title(data.title)
        if data.xlabel:
            plt.xlabel(data.xlabel)
        # What plt.build() does, minus its ANSI string: we read plotext's character matrix
        # and build the Text directly. Parsing the ANSI back (Text.from_ansi) was half the
        # build time (~8 of ~16 ms for the loss plot) and made most of its garbage.
        plt._set_sizes()
        plt._build_matrix()
        return _matrix_runs(plt.monitor.matrix)


def _hashable(color):
    return tuple(color) if isinstance(color, list) else color


@lru_cache(maxsize=512)
def _cell_style(fullground, style, background) -> Style:
    """The rich Style plotext's ANSI codes for these colours stand for (cached)."""
    ansi = plotext_utility.colors_to_ansi(fullground, style, background)
    spans = Text.from_ansi(f"{ansi}x{plotext_utility.ansi_end}").spans
    return spans[0].style if spans else Style()


def _matrix_runs(matrix) -> list[list[tuple[str, Style]]]:
    """plotext's matrix (markers and colours per cell) as runs of cells with the same
    colours, rows top to bottom."""
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
    """Shows a PlotData; ``show(data)`` any number of times a second, it redraws at most
    MAX_FPS times."""

    DEFAULT_CSS = """
    CurvePlot {
        width: 1fr;
        height: 1fr;
        min-height: 6;
    }
    """

    MAX_FPS = 10.0  # builds *start* at most this often; snapshots arrive at ~10 a second
    # Build on the UI thread instead (tests that want a plot drawn the moment data arrives).
    build_in_thread = True

    def __init__(self, *, id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes)
        self._data = PlotData()
        self._runs: list[list[tuple[str, Style]]] = []
        self._strips: list[Strip] = []
        self._text: Text | None = Text("")
        self._dirty = False
        self._building = False
        self._last_build = 0.0
        self._generation = 0
        self._on_drawn: Callable[[], None] | None = None
        self._line_style: Style | None = None
        self.builds = 0  # how many plots were built (the benchmark reads it)

    # -- public ------------------------------------------------------------------------------
    def show(self, data: PlotData, on_drawn: Callable[[], None] | None = None) -> None:
        """Draw ``data`` soon. ``on_drawn`` runs in the same UI tick the new plot is shown,
        so numbers shown beside the plot change with it, in one repaint instead of two."""
        self._data = data
        self._on_drawn = on_drawn
        self._request_build()

    @property
    def data(self) -> PlotData:
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
        if not self._building and self.is_mounted:
            wait = 1.0 / self.MAX_FPS - (time.monotonic() - self._last_build)
            if wait > 0:
                self._building = True  # a timer holds the slot until it fires
                self.set_timer(wait, self._start_build)
            else:
                self._start_build()

    def _start_build(self) -> None:
        if not self.is_mounted:
            return
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
