"""Reusable widgets: a curve plot (plotext) and live readouts."""

from .curve_plot import CurvePlot, PlotData, Series
from .readouts import Readouts

__all__ = ["CurvePlot", "PlotData", "Readouts", "Series"]
