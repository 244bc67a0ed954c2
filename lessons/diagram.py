"""The network drawn: every unit as a small map of its own output, the weights between them,
and one unit (the cursor's) in detail.

``NetworkDiagram`` is the view spec (the playground shows it); its probe measures a
``NetworkPicture`` from one run of a ``TrainingExperiment``. The widget that draws it is
``tui.widgets.network_diagram.NetworkDiagramView``.

What a unit's map is
--------------------
A unit j of layer l computes a[l]_j = g[l](W[l][j, :] a[l-1] + b[l][j]), a function of the
input x. Its *map* is that function over the plane the data lives in (the same bounds as the
decision map, ``lessons.views.plane_points``), one value a pixel, scaled to [0, 1] over the
activation's range: sigmoid [0, 1], tanh [-1, 1]; an unbounded one (ReLU, leaky ReLU, linear)
by what the plane shows of that unit (ReLU from 0, the others from the unit's own minimum,
to the unit's maximum), as ``lessons.views.UnitMaps`` scales its maps. A unit constant over
the plane (a dead ReLU unit) is 0.5. NaN (a diverged network) stays NaN: "no value".

For a 1-D input (the regression set "curve", X of shape (1, m)) a unit's map is its output
over x: one row of pixels, x ascending.

Speed: one forward pass over a coarse grid of the plane gives every layer's activations for
all the tiles (``ForwardCache.A[l]``); the cursor's large map is a second pass over a finer
grid. For a [2, 8, 8, 8, 1] network both together cost well under a millisecond of NumPy.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from . import looks
from .i18n import tr
from .protocols import HoldsNetwork
from .views import View, plane_points, signed
from .view_data import PointSet


@dataclass(frozen=True)
class DiagramSize:
    """What a diagram widget shows: each unit's tile is ``tile_nx`` x ``tile_ny`` pixels, the
    cursor's unit ``focus_nx`` x ``focus_ny`` (a terminal cell holds two pixels, one above
    the other). The UI tells the probe; a 1-D input uses one row whatever ``*_ny`` says."""

    tile_nx: int = 8
    tile_ny: int = 8
    focus_nx: int = 40
    focus_ny: int = 32


def number_text(value: float) -> str:
    """A weight or bias as the diagram prints it: ``+0.123``; "—" when it is not a number."""
    if not math.isfinite(value):
        return "—"
    return signed(value, 3) if abs(value) < 1000 else f"{value:+.1e}"


@dataclass(frozen=True, eq=False)
class UnitFocus:
    """The cursor's unit j of layer l in detail: its map large, what flows into it."""

    layer: int                    # l, 1..L
    unit: int                     # j, from 0 (the course writes it j + 1: "unit 3" is j = 2)
    activation: str               # g[l]'s label, e.g. "ReLU"
    weights: np.ndarray           # W[l][j, :], a copy: (n[l-1],)
    bias: float                   # b[l][j]
    output: np.ndarray            # (ny, nx) a[l]_j over the plane in [0, 1]; NaN: no value
    scale: tuple[float, float]    # the values of a[l]_j that 0 and 1 of ``output`` stand for

    @property
    def title(self) -> str:
        return tr("unit {j} of layer {l} · {g}", j=self.unit + 1, l=self.layer, g=tr(self.activation))

    @property
    def weight_label(self) -> str:
        """``W2[3,:]``: row j of W[l], as the course numbers units (from 1)."""
        return f"W{self.layer}[{self.unit + 1},:]"

    @property
    def bias_label(self) -> str:
        return f"b{self.layer}[{self.unit + 1}]"

    @property
    def weight_texts(self) -> tuple[str, ...]:
        return tuple(number_text(float(w)) for w in self.weights)

    @property
    def bias_text(self) -> str:
        return number_text(self.bias)

    @property
    def scale_texts(self) -> tuple[str, str]:
        return number_text(self.scale[0]), number_text(self.scale[1])


@dataclass(frozen=True, eq=False)
class NetworkPicture:
    """One network drawn: ``unit_maps[l - 1][j]`` is unit j of layer l over the input
    (``(n[l], ny, nx)`` per layer, l = 1..L, in [0, 1], NaN: no value; row 0 is the bottom of
    the plane as in ``BoundaryMap``), ``weights[l - 1]`` / ``biases[l - 1]`` copies of W[l] and
    b[l]. ``cursor`` is (l, j) with l in 1..L and j from 0, or None; ``focus`` that unit in
    detail (None without a cursor)."""

    layer_dims: tuple[int, ...]
    activations: tuple[str, ...]          # the engine's names of g[1] .. g[L]
    unit_maps: tuple[np.ndarray, ...]
    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...]
    bounds: tuple[float, float, float, float]   # x1 (or x) min, max, x2 min, max (0, 0 in 1-D)
    points: tuple[PointSet, ...] = ()     # drawn over the large map (2-D input only)
    cursor: tuple[int, int] | None = None
    focus: UnitFocus | None = None
    diverged: bool = False
    regression: bool = False
    label: str = ""                       # the run's
    features: tuple[str, ...] | None = None   # what the inputs are, if hand-made

    @property
    def L(self) -> int:
        return len(self.layer_dims) - 1

    @property
    def input_names(self) -> tuple[str, ...]:
        if self.features is not None:
            return self.features
        n_x = self.layer_dims[0]
        return ("x",) if n_x == 1 else tuple(f"x{k + 1}" for k in range(n_x))


def clamp_cursor(cursor, layer_dims) -> tuple[int, int] | None:
    """(l, j) moved into the network: l into 1..L, j into 0..n[l]-1; None stays None."""
    if cursor is None:
        return None
    layer, unit = (int(v) for v in cursor)
    layer = min(max(layer, 1), len(layer_dims) - 1)
    return layer, min(max(unit, 0), layer_dims[layer] - 1)


def _plane(bounds: tuple[float, float, float, float], n_x: int, nx: int, ny: int):
    """The input points of an nx x ny grid over ``bounds`` (one row over x in 1-D), x1 fastest,
    and the (rows, columns) shape they fold back into."""
    xs = np.linspace(bounds[0], bounds[1], max(1, nx))
    if n_x == 1:
        return xs[None, :], (1, xs.size)
    ys = np.linspace(bounds[2], bounds[3], max(1, ny))
    return np.vstack([np.tile(xs, ys.size), np.repeat(ys, xs.size)]), (ys.size, xs.size)


def scale_units(values: np.ndarray, value_range: tuple[float, float]):
    """Each unit's values (``(n, ...)``, one unit a row) scaled to [0, 1] over the activation's
    range, an unbounded end by what the unit's own finite values reach (an infinite value
    lands on its end); also the (low, high) each unit was scaled from. NaN stays NaN; no
    warnings."""
    n = values.shape[0]
    flat = values.reshape(n, -1)
    finite = np.isfinite(flat)
    some = finite.any(axis=1)
    lo_g, hi_g = value_range
    lo = np.full(n, lo_g, dtype=float)
    hi = np.full(n, hi_g, dtype=float)
    if not np.isfinite(hi_g):
        hi = np.where(some, np.where(finite, flat, -np.inf).max(axis=1, initial=-np.inf), 1.0)
    if not np.isfinite(lo_g):
        lo = np.where(some, np.where(finite, flat, np.inf).min(axis=1, initial=np.inf), 0.0)
    span = hi - lo
    constant = ~(span > 0)
    with np.errstate(all="ignore"):
        scaled = (flat - lo[:, None]) / np.where(constant, 1.0, span)[:, None]
    scaled[constant] = np.where(np.isnan(flat[constant]), np.nan, 0.5)
    return np.clip(scaled, 0.0, 1.0).reshape(values.shape), lo, hi


@dataclass(frozen=True)
class NetworkDiagram(View):
    """The network of run ``run`` drawn unit by unit, with the experiment's cursor
    (``experiment.spec.cursor``: (layer 1..L, unit from 0), or None) on one unit."""

    run: int = 0
    data_type = NetworkPicture

    def measure(self, experiment, size: DiagramSize | None = None) -> NetworkPicture:
        run = experiment.runs[min(self.run, len(experiment.runs) - 1)]
        return draw_network(run.network, experiment.data, experiment.test, size,
                            cursor=experiment.spec.cursor, diverged=run.diverged,
                            regression=experiment.regression, label=run.label)



class DrawnNetwork(View):
    """The network an experiment is (``HoldsNetwork``: a step's arrays read off one network),
    drawn as the playground draws a run's, without a cursor: its layers, units and weights."""

    data_type = NetworkPicture

    def measure(self, experiment: HoldsNetwork, size: DiagramSize | None = None) -> NetworkPicture:
        return draw_network(experiment.net, experiment.network_data, None, size)


def draw_network(network, data, test, size: DiagramSize | None = None, *, cursor=None,
                 diverged: bool = False, regression: bool = False,
                 label: str = "") -> NetworkPicture:
    """``network`` drawn over the plane of ``data`` (and ``test``, or None): each unit's map,
    the weights, and unit ``cursor`` (or None) in detail."""
    size = size or DiagramSize()
    dims = tuple(network.layer_dims)
    n_x = network.input_size  # the points' (x1, x2), whatever features they make
    if n_x == 2:
        bounds, points = plane_points(data, test)
    elif n_x == 1:
        x = data.X[0]
        bounds, points = (float(x.min()), float(x.max()), 0.0, 0.0), ()
    else:
        raise ValueError(f"a diagram draws 1-D or 2-D inputs, not {n_x}-D")
    X, shape = _plane(bounds, n_x, size.tile_nx, size.tile_ny)
    with np.errstate(all="ignore"):
        _, cache = network.forward(X)
    unit_maps = tuple(
        scale_units(cache.A[l].reshape(dims[l], *shape), g.value_range)[0]
        for l, g in enumerate(network.activations, start=1))
    params = network.params
    cursor = clamp_cursor(cursor, dims)
    focus = None
    if cursor is not None:
        focus = _focus(network, cursor, bounds, size)
    return NetworkPicture(
        layer_dims=dims,
        activations=tuple(g.name for g in network.activations),
        unit_maps=unit_maps,
        weights=tuple(params[f"W{l}"].copy() for l in range(1, len(dims))),
        biases=tuple(params[f"b{l}"].copy() for l in range(1, len(dims))),
        bounds=tuple(float(v) for v in bounds),
        points=points,
        cursor=cursor,
        focus=focus,
        diverged=diverged,
        regression=regression,
        label=label,
        features=network.features,
    )


def _focus(network, cursor: tuple[int, int], bounds, size: DiagramSize) -> UnitFocus:
    layer, unit = cursor
    X, shape = _plane(bounds, network.input_size, size.focus_nx, size.focus_ny)
    g = network.activations[layer - 1]
    with np.errstate(all="ignore"):
        _, cache = network.forward(X)
    scaled, lo, hi = scale_units(cache.A[layer][unit:unit + 1], g.value_range)
    return UnitFocus(
        layer=layer,
        unit=unit,
        activation=looks.label(g.name),
        weights=network.params[f"W{layer}"][unit].copy(),
        bias=float(network.params[f"b{layer}"][unit, 0]),
        output=scaled.reshape(shape),
        scale=(float(lo[0]), float(hi[0])),
    )
