"""One widget per kind of view data (``lessons.view_data``): a panel composes them from here.

A view widget has ``show(data)``, ``measure_size()`` (what the view's probe should measure for
this widget's size, or None) and ``deferred`` (True when it draws later, off the UI loop,
and calls ``show(data, on_drawn, streamed=...)``'s callback when the picture is up; a
``streamed`` frame, one of a training run's, may wait for the widget's own frame rate).

Each widget's module is imported the first time a step shows that kind of view: a first
screen without a plot or a map does not pay for them at launch.
"""

from __future__ import annotations

import functools
import importlib


@functools.cache
def view_widgets() -> dict[type, str]:
    """Each kind of view data -> its widget (``module.Class`` in this package). Made at the
    first use: the view data's module needs NumPy, and the lesson screen's own widgets
    (imported from this package) are drawn before NumPy loads."""
    from lessons.diagram import NetworkPicture
    from lessons.view_data import (Answer, BoundaryMaps, Curves, Derivation, Histograms, Meters,
                                   Notes, Question, Table, Verdict)

    return {
        Curves: "curve_plot.CurvePlot",
        Table: "readouts.TableView",
        Notes: "readouts.NotesView",
        BoundaryMaps: "boundary_map.BoundaryMapView",
        Histograms: "layer_views.HistogramsView",
        Meters: "layer_views.MetersView",
        Derivation: "derivation.DerivationView",
        Answer: "derivation.AnswerView",
        Question: "checkpoint.QuestionView",
        Verdict: "checkpoint.VerdictView",
        NetworkPicture: "network_diagram.NetworkDiagramView",
    }


def view_widget(data_type: type) -> type:
    """The widget class that draws ``data_type``."""
    module, _, name = view_widgets()[data_type].rpartition(".")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
