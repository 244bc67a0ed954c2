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
from typing import Sequence

import numpy as np
from rich.text import Text
from textual.color import Color
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
    series = tuple(rgb(name, "#0178d4") for name in SERIES_COLOR_VARIABLES)
    return Palette(canvas, foreground, muted, series)


def build_plot_text(data: PlotData, width: int, height: int, palette: Palette) -> Text:
    """The plot as styled text, ``width`` x ``height`` cells. Pure: safe in a thread."""
    if width < 10 or height < 5:
        return Text("")
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
        return Text.from_ansi(plt.build(), no_wrap=True, end="")


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

    MAX_FPS = 8.0
    # Build on the UI thread instead (tests that want a plot drawn the moment data arrives).
    build_in_thread = True

    def __init__(self, *, id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes)
        self._data = PlotData()
        self._text = Text("")
        self._dirty = False
        self._building = False
        self._last_build = 0.0
        self._generation = 0
        self.builds = 0  # how many plots were built (the benchmark reads it)

    # -- public ------------------------------------------------------------------------------
    def show(self, data: PlotData) -> None:
        self._data = data
        self._request_build()

    @property
    def data(self) -> PlotData:
        return self._data

    def render(self) -> Text:
        return self._text

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
        self._generation += 1
        args = (self._data, self.size.width, self.size.height,
                palette_from_theme(self.app.theme_variables), self._generation)
        if self.build_in_thread:
            self.run_worker(lambda: self._build_in_thread(*args), thread=True,
                            group="plot-build", exit_on_error=False)
        else:
            self._apply(build_plot_text(*args[:4]), args[4])

    def _build_in_thread(self, data, width, height, palette, generation) -> None:
        text = build_plot_text(data, width, height, palette)
        try:
            self.app.call_from_thread(self._apply, text, generation)
        except RuntimeError:  # the app closed while we were building
            pass

    def _apply(self, text: Text, generation: int) -> None:
        self._last_build = time.monotonic()
        self.builds += 1
        self._building = False
        if generation == self._generation:
            self._text = text
            self.refresh()
        if self._dirty:
            self._request_build()
