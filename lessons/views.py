"""Views a step declares, and the probes that measure each one's data from the experiment.

A view spec is frozen data in a lesson (``CostCurves()``, ``RunTable(COST, ACCURACY)``, ...).
Its ``probe(experiment, size)`` turns the experiment's current state into one value of a type
from ``lessons.view_data``; ``take_frame`` does that for every view of a step at one moment.
``size`` is what the UI can show (points across a plot, pixels of a map); ``None`` means a
sensible default, so lessons and tests can take frames without a terminal.

Probes run in the UI's training thread, between chunks of training, with the experiment
locked: they read the engine's arrays and copy what they keep.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

from engine import metrics
from engine import probes as engine_probes

from . import looks
from .i18n import tr
from .protocols import HoldsNetwork, HoldsResults
from .experiments import Run, TrainingExperiment, downsample
from .explorers import ActivationExplorer, LayerStep
from .view_data import (OUTPUT_SCALE, PLACEHOLDER, BoundaryMap, BoundaryMaps, Cell, Curves,
                        Line, MapSize, Meter, Meters, Notes, PointSet, Table)


@dataclass(frozen=True)
class Frame:
    """Every view's data at one moment, and where the run stands."""

    views: tuple
    iteration: int = 0
    total: int = 0
    finished: bool = False
    diverged: bool = False
    generation: int = 0   # which start of the experiment it belongs to (the UI sets it)
    # A hidden layer whose units are all dead in every run (``TrainingExperiment.dead_layer``):
    # the run goes on, but nothing at or below that layer can learn any more.
    dead_layer: int | None = None


def take_frame(experiment, views, sizes=None, generation: int = 0) -> Frame:
    sizes = sizes or [None] * len(views)
    holds = isinstance(experiment, HoldsResults)
    data = tuple(view.measure(experiment.held_for(view) if holds else experiment, size)
                 for view, size in zip(views, sizes))
    if not experiment.trains:
        return Frame(data, generation=generation)
    return Frame(data, experiment.iteration, experiment.total, experiment.finished,
                 experiment.diverged, generation, experiment.dead_layer)


class View:
    """Base of every view spec: ``data_type`` is what ``probe`` returns.

    A view with settings is a frozen dataclass; one without is a plain class (making a
    dataclass costs ~0.5 ms of launch, and the course has dozens of views)."""

    data_type: type = object
    height: str | None = None   # CSS height for the view's widget; None: the widget's own

    def measure(self, experiment, size=None):  # pragma: no cover - abstract
        raise NotImplementedError


# -- numbers, formatted one way everywhere --------------------------------------------------------
def percent(fraction: float) -> str:
    return f"{fraction:.1%}"


def difference(value: float, noise: float) -> str:
    """A difference that is only noise below ``noise`` (a power of ten: what rounding or a
    finite-difference step can make), shown as ``< 1e-7`` there: its digits change with the CPU
    (measured: a gradient check's 8.7e-10 on one and 2.0e-09 on another, a fold's 1.1e-16 and
    2.2e-16). ``0`` when there is none; above ``noise``, two digits: ``3.2e-02``."""
    if value == 0:
        return "0"
    if abs(value) < noise:
        return f"< 1e{round(math.log10(noise))}"
    return f"{value:.1e}"  # NaN and inf too, as they are


def signed(value: float, digits: int = 4) -> str:
    """``+0.1234``; a result that rounds to zero prints as ``0.0000`` (never ``-0.0000``)."""
    text = f"{value:+.{digits}f}"
    return f"{0:.{digits}f}".rjust(len(text)) if float(text) == 0 else text


# -- training views -------------------------------------------------------------------------------
@dataclass(frozen=True)
class CostCurves(View):
    # None: "cost J", or with a fixed range the top it clips at (a cost above it is drawn
    # at the top edge, and the title must say so).
    title: str | None = None
    # A fixed y range, when runs far apart would flatten the others (a huge starting cost).
    ylim: tuple[float, float] | None = None
    data_type = Curves

    def measure(self, experiment: TrainingExperiment, size: int | None = None) -> Curves:
        lines = []
        for run in experiment.runs:
            xs, ys = downsample(run.costs, size or 160)
            lines.append(Line(run.shown_label, xs, ys, color=run.color))
        return Curves(tuple(lines), title=self.title_text(), xlabel=tr("iteration"),
                      xlim=(0, experiment.total), ylim=self.ylim, legend=len(lines) > 1)

    def title_text(self) -> str:
        if self.title is not None:
            return tr(self.title)
        if self.ylim is None:
            return tr("cost J")
        return tr("cost J, clipped at {top:g}", top=self.ylim[1])


@dataclass(frozen=True)
class FitCurve(View):
    """A 1-D regression: the data points and each run's output ŷ over x."""

    points: int = 100
    data_type = Curves

    def measure(self, experiment: TrainingExperiment, size=None) -> Curves:
        x, y = experiment.data.X[0], experiment.data.Y[0]
        grid = np.linspace(x.min(), x.max(), self.points)
        lines = [Line(tr("data"), x, y, color=5, kind="scatter", dim=True)]
        for run in experiment.runs:
            with np.errstate(all="ignore"):
                fit = run.network.predict_proba(grid[None, :])[0]
            lines.append(Line(run.shown_label, grid, fit, color=run.color))  # the title says ŷ
        return Curves(tuple(lines), title=tr("ŷ over x"), xlabel="x")


class DecisionMaps(View):
    """Each run's output over the input plane, with the training (and test) points."""

    data_type = BoundaryMaps

    def measure(self, experiment: TrainingExperiment, size: MapSize | None = None) -> BoundaryMaps:
        size = size or MapSize()
        bounds, points = _map_points(experiment)
        maps = []
        for run in experiment.runs:
            grid = engine_probes.output_grid(run.network, bounds, size.nx, size.ny)
            output = grid.output
            if run.diverged:  # no boundary: the neutral surface, not what the overflowed
                output = np.full_like(output, 0.5)  # weights give (inf or NaN by CPU)
            maps.append(BoundaryMap(run.shown_label, bounds, output, points,
                                    caption=accuracy_caption(run, experiment),
                                    color=run.color))
        return BoundaryMaps(tuple(maps))


class PlaygroundMaps(DecisionMaps):
    """DecisionMaps for runs a learner can send off course: a diverged run's map (the neutral
    surface, as in every DecisionMaps) under a title that says so and how to recover."""

    def measure(self, experiment: TrainingExperiment, size: MapSize | None = None) -> BoundaryMaps:
        maps = super().measure(experiment, size).maps
        out = []
        for run, m in zip(experiment.runs, maps):
            if run.diverged:
                m = BoundaryMap(tr("{run}: diverged at iteration {at}", run=run.shown_label,
                                   at=run.diverged_at),
                                m.bounds, m.output, m.points,
                                caption=tr("r resets; a smaller α (E) or init scale (C)"),
                                color=run.color)
            out.append(m)
        return BoundaryMaps(tuple(out))


@dataclass(frozen=True)
class TrainTestCurves(View):
    """Each run's cost J on the training set (every iteration; a mini-batch's with
    ``--batch-size``) and, dimmed, on the test set (measured as it trains), on one plot."""

    title: str = "cost J: train, test (dim)"
    data_type = Curves

    def measure(self, experiment: TrainingExperiment, size: int | None = None) -> Curves:
        lines = []
        for run in experiment.runs:
            xs, ys = downsample(run.costs, size or 160)
            lines.append(Line(tr("{run} train", run=run.shown_label), xs, ys, color=run.color))
            if run.test_costs:
                its, costs = zip(*run.test_costs)
                idx, tys = downsample(list(costs), size or 160)
                txs = np.asarray(its, dtype=float)[idx.astype(int)]
                lines.append(Line(tr("{run} test", run=run.shown_label), txs, tys, color=run.color, dim=True))
        return Curves(tuple(lines), title=tr(self.title), xlabel=tr("iteration"),
                      xlim=(0, experiment.total), ylim=_blown_up_ylim(experiment),
                      legend=False)


def _blown_up_ylim(experiment: TrainingExperiment) -> tuple[float, float] | None:
    """A run whose cost blows up (1e119 on its way to inf) would flatten every curve, the
    other run's too, to a line at zero: then the plot shows up to ten times the largest
    starting cost and the blown-up run leaves through its top."""
    starts = [run.costs[0] for run in experiment.runs if run.costs]
    finite = [c for run in experiment.runs for c in run.costs if math.isfinite(c)]
    if not starts or not finite or not all(map(math.isfinite, starts)):
        return None
    top = 10 * max(starts)
    return (0.0, top) if max(finite) > top else None


def _map_points(experiment: TrainingExperiment) -> tuple[tuple, tuple[PointSet, ...]]:
    """The plane's bounds around every point drawn, and the point sets (test ones too)."""
    return plane_points(experiment.data, experiment.test)


def plane_points(data, test=None) -> tuple[tuple, tuple[PointSet, ...]]:
    """The plane's bounds around the points of ``data`` and ``test`` (or None), and their
    point sets."""
    X = data.X
    points = [PointSet(data.X, data.Y)]
    if test is not None:
        X = np.hstack([X, test.X])
        points.append(PointSet(test.X, test.Y, test=True))
    return engine_probes.grid_bounds(X), tuple(points)


@dataclass(frozen=True)
class UnitMaps(View):
    """What each unit of a hidden layer computes over the plane, then the output: one map a
    unit, its a[layer] from the bottom of g's range (class-0 colour) to the top (class 1).
    A tanh or sigmoid unit is a soft step across one straight line; the output combines them.
    Caption: the unit's weight into the next layer."""

    layer: int = 1
    data_type = BoundaryMaps

    def measure(self, experiment: TrainingExperiment, size: MapSize | None = None) -> BoundaryMaps:
        size = size or MapSize()
        run = experiment.runs[0]
        bounds, points = _map_points(experiment)
        g = run.network.activations[self.layer - 1]
        grids = engine_probes.layer_grids(run.network, bounds, size.nx, size.ny, self.layer)
        W_next = run.network.params[f"W{self.layer + 1}"]
        maps = []
        # Each unit's map spans g's range; an unbounded end (ReLU's top, linear's both) is
        # what that unit reaches over the plane, so the legend says min / max there.
        lo, hi = g.value_range
        scale = (f"a[{self.layer}]", f"{lo:g}" if np.isfinite(lo) else tr("min"),
                 f"{hi:g}" if np.isfinite(hi) else tr("max"))
        for i, grid in enumerate(grids):
            lo, hi = g.value_range
            values = grid.output
            if not np.isfinite(hi):  # ReLU, linear: scale by what the plane shows
                finite = values[np.isfinite(values)]
                lo = float(finite.min()) if finite.size and not np.isfinite(lo) else lo
                hi = float(finite.max()) if finite.size else 1.0
            with np.errstate(all="ignore"):
                scaled = (values - lo) / (hi - lo) if hi > lo else np.full_like(values, 0.5)
            weight = W_next[0, i] if W_next.shape[0] == 1 else np.linalg.norm(W_next[:, i])
            maps.append(BoundaryMap(tr("unit {i}", i=i + 1), bounds, scaled, points,
                                    caption=f"w {weight:+.2f}"))
        output = engine_probes.output_grid(run.network, bounds, size.nx, size.ny).output
        maps.append(BoundaryMap(tr("output"), bounds, output, points,
                                caption=accuracy_caption(run, experiment), color=run.color))
        return BoundaryMaps(tuple(maps), scales=(scale, OUTPUT_SCALE))


def accuracy_caption(run: Run, experiment: TrainingExperiment) -> str:
    if run.diverged:
        return tr("diverged")
    text = tr("train {value}", value=percent(train_accuracy(run, experiment)))
    if experiment.test is not None:
        text += "  " + tr("test {value}", value=percent(test_accuracy(run, experiment)))
    return text


# -- per-layer meters -------------------------------------------------------------------------------
def size_text(value: float) -> str:
    """A norm as a learner reads it: ``0 exactly`` is a state of its own, not a small number."""
    if value == 0:
        return tr("0 exactly")
    return f"{value:.2e}" if math.isfinite(value) else "—"


@dataclass(frozen=True)
class GradientMeters(View):
    """||dW[l]|| (and ||db[l]||) of every layer of the first run at its current parameters,
    on a log scale; an exact zero (a weight that cannot move) in the alarm colour."""

    biases: bool = True
    data_type = Meters

    def measure(self, experiment: TrainingExperiment, size=None) -> Meters:
        run = experiment.runs[0]
        grads = run.gradients() if not run.diverged else {}
        rows = []
        for l in range(1, run.network.L + 1):
            names = (f"dW{l}", f"db{l}") if self.biases else (f"dW{l}",)
            for name in names:
                value = float(np.linalg.norm(grads[name])) if name in grads else math.nan
                rows.append(Meter(f"|{name}|", value, size_text(value), alarm=value == 0))
        return Meters(tr("gradient sizes now ({run})", run=run.shown_label), tuple(rows), full=1.0,
                      log=True,
                      decades=8)


class SpreadMeters(View):
    """How different the units of each hidden layer are, per run: the RMS distance of the
    units' rows of [W|b] from their mean (engine.probes.unit_spread), 0 exactly when every
    unit is the same as the others."""

    data_type = Meters

    def measure(self, experiment: TrainingExperiment, size=None) -> Meters:
        rows = []
        several = len(experiment.runs) > 1
        for run in experiment.runs:
            p = run.network.params
            for l in range(1, run.network.L):
                if p[f"W{l}"].shape[0] < 2:
                    continue  # one unit: nothing to be different from
                value = engine_probes.unit_spread(p[f"W{l}"], p[f"b{l}"])
                label = f"{run.shown_label} " if several else ""
                rows.append(Meter(label + tr("layer {l}", l=l), value, size_text(value),
                                  alarm=value == 0))
        return Meters(tr("units' spread (0: all alike)"), tuple(rows), full=10.0, log=True,
                      decades=8)


# -- the run table and its columns ----------------------------------------------------------------
@dataclass(frozen=True)
class Column:
    header: str
    measure: Callable[[Run, TrainingExperiment], Cell | str]
    # A setting (a parameter count) is known before the run; a result is what the run
    # produces, withheld ("…") while a prediction's run is held.
    setting: bool = False


@dataclass(frozen=True)
class Withheld:
    """A training experiment whose results are withheld: a prediction's run, started but not
    ended (``checkpoints.PredictExperiment.held_for``). A run table shows its runs with "…"
    for every result, as the text does, not the start's numbers beside a later iteration."""

    start: TrainingExperiment


@dataclass(frozen=True)
class RunTable(View):
    """One row per run, its label first in its colour (left out for a single run: the map or
    curve above names it), then the declared columns."""

    columns: tuple[Column, ...] = ()
    data_type = Table

    def measure(self, experiment: TrainingExperiment | Withheld, size=None) -> Table:
        withheld = isinstance(experiment, Withheld)
        if withheld:
            experiment = experiment.start
        several = len(experiment.runs) > 1
        rows = []
        for run in experiment.runs:
            cells = [Cell(run.shown_label, color=run.color, bold=True)] if several else []
            for column in self.columns:
                value = (PLACEHOLDER if withheld and not column.setting
                         else column.measure(run, experiment))
                cells.append(value if isinstance(value, Cell) else Cell(value))
            rows.append(tuple(cells))
        header = (((tr("run"),) if several else ())
                  + tuple(tr(c.header) for c in self.columns))
        return Table(header, tuple(rows), first_is_label=several)


# -- what a large panel adds --------------------------------------------------------------------
@dataclass(frozen=True)
class IfRoom(View):
    """``view`` shown only where the panel has rows to spare after the step's own views
    (``tui.widgets.shared_place``): a large terminal's panel filled with what helps the step,
    instead of blank rows below width-bound maps or a table. Measures as ``view`` does."""

    view: View

    @property
    def data_type(self) -> type:  # type: ignore[override]
        return self.view.data_type

    def measure(self, experiment, size=None):
        return self.view.measure(experiment, size)


# Views measured from a training run's runs (``TrainingExperiment.runs``): a step showing only
# these has cost curves of the same runs to show where there is room.
RUN_VIEWS = (DecisionMaps, UnitMaps, RunTable)


def with_room_views(views: tuple[View, ...], spec=None) -> tuple[View, ...]:
    """A step's ``views`` and what a large panel adds to them, decided once for every lesson,
    shown where there is room (``IfRoom``):

    * a step whose pictures are maps or a table of a training run, and no plot: the runs'
      cost J over the iterations (``CostCurves``), below its last map (else at the end). The
      same runs as the maps and the table: the curve says how the numbers beside it were
      reached, and no step's text is contradicted by it;
    * a step whose experiment is one network (``HoldsNetwork``: its arrays' shapes read off
      it) and that draws no picture: that network drawn (``DrawnNetwork``), below the rest:
      its layers' units and the weights W[l] between them."""
    from .diagram import DrawnNetwork, NetworkPicture  # the diagram's module imports this one

    if isinstance(spec, HoldsNetwork) and not any(
            view.data_type in (Curves, BoundaryMaps, NetworkPicture) for view in views):
        return (*views, IfRoom(DrawnNetwork()))
    if (not any(isinstance(view, RUN_VIEWS) for view in views)
            or any(view.data_type is Curves for view in views)):
        return views
    maps = [i for i, view in enumerate(views) if view.data_type is BoundaryMaps]
    at = maps[-1] + 1 if maps else len(views)
    return (*views[:at], IfRoom(CostCurves()), *views[at:])


def train_accuracy(run: Run, experiment: TrainingExperiment) -> float:
    return metrics.accuracy(run.forward().A[-1], experiment.data.Y)


def test_accuracy(run: Run, experiment: TrainingExperiment) -> float:
    with np.errstate(all="ignore"):
        AL = run.network.predict_proba(experiment.test.X)
    return metrics.accuracy(AL, experiment.test.Y)


def cost_text(cost: float) -> str:
    """Four decimals; a cost too large for them (a run far off course) in e-notation."""
    if math.isnan(cost):
        return "—"
    return f"{cost:.4f}" if abs(cost) < 1e4 else f"{cost:.2e}"


def _cost(run: Run, experiment) -> Cell:
    if run.diverged:
        return Cell(tr("diverged"), alarm=True)
    if run.costs:
        return Cell(cost_text(run.costs[-1]))
    # Not a step taken yet: the start's cost, as the other columns show the start (a "—"
    # beside the start's accuracy read as if the cost were missing).
    trainer = run.trainer
    with np.errstate(all="ignore"):
        cost = run.network.cost_from_cache(run.forward(), trainer.Y, trainer.loss, trainer.l2)
    return Cell(cost_text(float(cost)))


def _accuracy(run: Run, experiment) -> str:
    return "—" if run.diverged else percent(train_accuracy(run, experiment))


def _test_accuracy(run: Run, experiment) -> str:
    return "—" if run.diverged or experiment.test is None else percent(
        test_accuracy(run, experiment))


def _mse(run: Run, experiment) -> str:
    if run.diverged:
        return "—"
    return f"{metrics.mean_squared_error(run.forward().A[-1], experiment.data.Y):.4f}"


def _score_text(score: metrics.Score) -> str:
    return percent(score.value) if score.kind == "accuracy" else f"MSE {score.value:.4f}"


def _train_score(run: Run, experiment) -> str:
    """``engine.metrics.evaluate``'s score, as ``dnn-tutor train`` prints it: the accuracy of
    a sigmoid output, the MSE of a linear one."""
    if run.diverged:
        return "—"
    with np.errstate(all="ignore"):
        return _score_text(metrics.evaluate(run.network, experiment.data.X, experiment.data.Y))


def _test_score(run: Run, experiment) -> str:
    if run.diverged or experiment.test is None:
        return "—"
    with np.errstate(all="ignore"):
        return _score_text(metrics.evaluate(run.network, experiment.test.X, experiment.test.Y))


def _output_range(run: Run, experiment) -> str:
    AL = run.forward().A[-1]
    finite = AL[np.isfinite(AL)]
    if run.diverged or not finite.size:
        return "—"
    return f"[{finite.min():.2f}, {finite.max():.2f}]"


def _closest_to_0(run: Run, experiment) -> str:
    """How close the outputs came to 0: a sigmoid's stay strictly above it."""
    AL = run.forward().A[-1]
    return "—" if run.diverged else f"{AL.min():.1e}"


def _closest_to_1(run: Run, experiment) -> str:
    AL = run.forward().A[-1]
    return "—" if run.diverged else f"{1.0 - AL.max():.1e}"


def _hidden_mean(run: Run, experiment) -> str:
    """The mean of the first hidden layer's activations over units and examples: about 0 for
    tanh (zero-centred), about 0.5 for sigmoid."""
    if run.diverged or not run.spec.hidden:
        return "—"
    return signed(float(np.mean(run.forward().A[1])), 3)


def _per_layer(counts: list[int], run: Run) -> str:
    """One count per hidden layer, first layer first: ``0 5 5``."""
    return " ".join(str(c) for c in counts)


def _dead_units(run: Run, experiment) -> str:
    """Dead hidden units, e.g. ``3/10`` a layer, as the engine defines them (``dead``: z < 0
    for every example, ReLU only). A leaky ReLU unit with a slope is never dead: 0. Other
    activations have no such state: "—"."""
    if run.diverged or run.spec.activation not in ("relu", "leaky_relu"):
        return "—"
    cache = run.forward()
    counts = []
    for l in range(1, run.network.L):
        dead = run.network.activations[l - 1].dead(cache.Z[l])
        counts.append(0 if dead is None else int(dead.sum()))
    return _per_layer(counts, run)


def _all_negative(run: Run, experiment) -> str:
    """Hidden units whose z is below 0 for every example, whatever the activation (for ReLU
    these are the dead ones; leaky ReLU's still learn, at its slope)."""
    if run.diverged or not run.spec.hidden:
        return "—"
    cache = run.forward()
    return _per_layer([engine_probes.negative_everywhere(cache.Z[l])
                       for l in range(1, run.network.L)], run)


# Costs within this share of each other are a tie, not a ranking (the rank column, the
# rankings a text quotes, and `dnn-tutor claims` all use it).
TIE_SHARE = 0.005


def rank_cost(run: Run) -> float:
    """What runs are ranked by: the cost now; a diverged run (or one not started) last."""
    if run.diverged or not run.costs:
        return math.inf
    return run.costs[-1]


def rank_of(run: Run, runs) -> int:
    """1 + the number of runs whose cost is lower by more than TIE_SHARE: tied runs share
    a rank (1, 1, 3, 4)."""
    mine = rank_cost(run)
    return 1 + sum(rank_cost(other) < mine * (1 - TIE_SHARE) for other in runs)


def _rank(run: Run, experiment) -> str:
    """1 for the run with the lowest cost now, 2 for the next, ...; tied runs (within
    TIE_SHARE) share a rank; no rank before the first step (no cost to order by yet)."""
    if not run.costs:
        return "—"
    return str(rank_of(run, experiment.runs))


COST = Column("cost", _cost)
RANK = Column("rank", _rank)
ACCURACY = Column("acc", _accuracy)
TEST_ACCURACY = Column("test acc", _test_accuracy)
MSE = Column("MSE", _mse)
TRAIN_SCORE = Column("train", _train_score)
TEST_SCORE = Column("test", _test_score)
OUTPUT_RANGE = Column("ŷ range", _output_range)
CLOSEST_TO_0 = Column("min ŷ", _closest_to_0)
CLOSEST_TO_1 = Column("1-max ŷ", _closest_to_1)
HIDDEN_MEAN = Column("mean a[1]", _hidden_mean)
DEAD_UNITS = Column("dead", _dead_units)
ALL_NEGATIVE = Column("z<0 all", _all_negative)


# -- the activation explorer's views ----------------------------------------------------------------
# In "all five", y is cut to ALL_FIVE_Y: ReLU, leaky ReLU and linear reach ±5 at the ends
# of z, and a range to 5 squashed sigmoid and tanh (their whole shape within ±1) into a
# sixth of the plot. Cut, the unbounded ones still show their kink and slope (a leaky
# slope of 0.5 too), and tanh's (-1, 1) takes half the plot or more.
ALL_FIVE_Y = (-1.5, 2.0)


def activation_ylim(explorer: ActivationExplorer) -> tuple[float, float]:
    """A y range that shows every shown curve, 0 and 1; in "all", cut to ALL_FIVE_Y
    (``all_five_cut`` says whether a curve leaves it)."""
    lo, hi = _activation_span(explorer)
    if explorer.shown == "all":
        lo, hi = max(lo, ALL_FIVE_Y[0]), min(hi, ALL_FIVE_Y[1])
    margin = max(0.1, 0.05 * (hi - lo))
    return lo - margin, hi + margin


def _activation_span(explorer: ActivationExplorer) -> tuple[float, float]:
    """The lowest and highest value of the shown curves, with 0 and 1; in "all" the linear
    function alone may leave it downwards (to -5 it would take most of the plot for itself:
    the others stay above -1)."""
    curves = explorer.curves(points=41)
    bounded = [c for c in curves if c.name != "linear" or explorer.shown != "all"]
    lo = min(0.0, *(float(np.nanmin(c.ys)) for c in bounded))  # nan: a dashed curve's gaps
    hi = max(1.0, *(float(np.nanmax(c.ys)) for c in curves))
    return lo, hi


def all_five_cut(explorer: ActivationExplorer) -> bool:
    """Whether "all five" cuts a curve at its y range (at the default z range it does)."""
    if explorer.shown != "all":
        return False
    lo, hi = activation_ylim(explorer)
    return any(float(np.nanmin(c.ys)) < lo or float(np.nanmax(c.ys)) > hi
               for c in explorer.curves(points=41))


class ActivationPlot(View):
    data_type = Curves

    def measure(self, explorer: ActivationExplorer, size=None) -> Curves:
        lines = tuple(
            Line(tr(c.label), c.xs, c.ys, color=looks.color(c.name), dim=c.derivative)
            for c in explorer.curves(points=161)
        )
        several = explorer.shown == "all"
        ylim = activation_ylim(explorer)
        title = tr("all five") if several else tr(looks.label(explorer.shown))
        if explorer.show_derivative:
            title += tr(" and their slopes g'") if several else tr(" and its slope g'")
        if all_five_cut(explorer):  # said, so a line leaving the plot is not read as ending
            title += tr(" (y clipped)")
        # Five dim slopes would fill the legend: one entry names them all.
        note = tr("dim: each one's slope g'") if several and explorer.show_derivative else ""
        return Curves(lines, title=title, vlines=(explorer.cursor,),
                      xlim=(explorer.z_min, explorer.z_max), ylim=ylim,
                      must_show_y=(0.0, 1.0), legend_note=note)


class ActivationReadings(View):
    data_type = Table

    def measure(self, explorer: ActivationExplorer, size=None) -> Table:
        rows = tuple(
            (Cell(tr(r["name"]), color=looks.color(r["key"]), bold=True), Cell(signed(r["value"])),
             Cell(signed(r["derivative"])), Cell(r["range"]))
            for r in explorer.readings()
        )
        return Table((f"z = {signed(explorer.cursor, 2)}", "g(z)", "g'(z)", tr("range")), rows)


class ActivationFormulas(View):
    data_type = Notes

    def measure(self, explorer: ActivationExplorer, size=None) -> Notes:
        if explorer.shown == "all":
            return Notes(())
        g = explorer.activations()[0]
        if explorer.shows_rescaled_sigmoid:
            return Notes((g.formula, g.derivative_formula,
                          tr("tanh(z) = 2σ(2z) - 1, dashed: largest gap {gap:.1e}",
                             gap=explorer.tanh_gap())))
        return Notes((g.formula, g.derivative_formula))


# -- the one-layer step's views -------------------------------------------------------------------
def _num(v: float) -> str:
    return f"{v:.2f}"


class LayerTable(View):
    data_type = Table

    def measure(self, layer: LayerStep, size=None) -> Table:
        z, a, W, b, x = layer.z, layer.a, layer.W, layer.b, layer.x
        header = (tr("unit"), *(["W"] + [""] * (layer.n_x - 1)), "x", "b", "z", "a")
        rows = []
        for i in range(max(layer.n_units, layer.n_x)):
            unit = i < layer.n_units
            cells = [str(i + 1) if unit else ""]
            cells += [_num(w) for w in W[i]] if unit else [""] * layer.n_x
            cells.append(_num(x[i, 0]) if i < layer.n_x else "")
            cells += [_num(b[i, 0]), _num(z[i, 0]), _num(a[i, 0])] if unit else ["", "", ""]
            rows.append(tuple(Cell(c, bold=j >= len(cells) - 2) for j, c in enumerate(cells)))
        title = tr("example {n}   g = {g}", n=layer.example, g=tr(looks.label(layer.activation)))
        return Table(header, tuple(rows), title=title)


class LayerArithmetic(View):
    data_type = Notes

    def measure(self, layer: LayerStep, size=None) -> Notes:
        W, b, x, z, a = layer.W, layer.b, layer.x, layer.z, layer.a
        terms = " + ".join(f"({W[0, j]:.2f})({x[j, 0]:.2f})" for j in range(layer.n_x))
        return Notes((
            f"z = W x + b:  W {W.shape} · x {x.shape} + b {b.shape}",
            f"a = g(z):  {layer.g.formula}",
            "",
            f"z₁ = {terms} + ({b[0, 0]:.2f})",
            f"   = {z[0, 0]:.2f}",
            f"a₁ = g({z[0, 0]:.2f}) = {a[0, 0]:.2f}",
        ))

