"""Mechanisms of back-propagation in a deep network (claims C16, C17): every array's shape,
one unit's computation graph forward and back, a deep backward pass a line at a time,
gradient checking (and a backprop broken on purpose), the gradient's norm layer by layer in
deep networks, and the graders of the two predictions
(``lessons/course/backprop/lesson.toml``).

W[l] is (n[l], n[l-1]), and every gradient has its parameter's shape; back-propagation is the
chain rule applied one layer at a time, and gradient checking confirms it. Every shape and
number here is read from the engine's own arrays.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from engine import data as datasets
from engine.gradcheck import GradientCheck, gradient_check
from engine.network import ForwardCache, Network

from .. import looks
from ..checkpoints import Prediction, grader
from ..explorers import Explorer
from ..i18n import tr
from ..knobs import Knob
from ..registry import EXPERIMENT_KINDS, KNOBS, VIEWS
from ..views import View, difference, size_text
from ..view_data import Cell, Derivation, DerivationRow, Meter, Meters, Notes, Table
from .derivatives import where_output_dz_is_derived

FLOWER_M = inspect.signature(datasets.flower).parameters["m"].default  # the examples, m


def numbers(M: np.ndarray, most: int = 3) -> str:
    """The first few entries of an array, e.g. ``[+0.12 -0.40 +0.07 …]``."""
    flat = np.ravel(M)
    shown = " ".join(f"{x:+.2f}" for x in flat[:most])
    return f"[{shown}{' …' if flat.size > most else ''}]"


def shape_text(M: np.ndarray) -> str:
    return f"({', '.join(map(str, M.shape))})"


# -- the shapes of everything (C16) -----------------------------------------------------------------
@EXPERIMENT_KINDS.register("gradient_shapes")
@dataclass(frozen=True)
class ShapesSpec(Explorer):
    """A network of the given hidden sizes on the flower (m = 400): the arrays of one forward
    and one backward pass, for their shapes."""

    hidden: tuple[int, ...] = (4, 3)

    def text_slots(self) -> dict:
        """The layer sizes (``network``, and ``n0`` … ``nL`` one by one) and m, the examples."""
        dims = [2, *self.hidden, 1]
        return dict(network=str(dims), m=FLOWER_M,
                    **{f"n{l}": n for l, n in enumerate(dims)})

    @cached_property
    def net(self) -> Network:
        return Network([2, *self.hidden, 1], "tanh", init="small", init_seed=1)

    @cached_property
    def network_data(self):
        """The examples the arrays are computed on (``HoldsNetwork``: the network is drawn
        over their plane where the panel has room)."""
        return datasets.load("flower")

    @cached_property
    def arrays(self) -> tuple[ForwardCache, dict[str, np.ndarray]]:
        flower = self.network_data
        _, cache = self.net.forward(flower.X)
        return cache, self.net.backward(cache, flower.Y)


@VIEWS.register("shapes_table")
class ShapesTable(View):
    data_type = Table

    def measure(self, spec: ShapesSpec, size=None) -> Table:
        cache, grads = spec.arrays
        p = spec.net.params
        rows = []
        for l in range(1, spec.net.L + 1):
            W, b, Z = p[f"W{l}"], p[f"b{l}"], cache.Z[l]
            same = (grads[f"dW{l}"].shape == W.shape and grads[f"db{l}"].shape == b.shape
                    and grads[f"dZ{l}"].shape == Z.shape == cache.A[l].shape)
            rows.append((Cell(str(l)), Cell(shape_text(W)), Cell(shape_text(b)),
                         Cell(shape_text(Z)), Cell(tr("yes") if same else tr("NO"), alarm=not same)))
        dims = ", ".join(map(str, spec.net.layer_dims))
        return Table(("l", "W, dW", "b, db", "Z, A, dZ", tr("d· as its array")), tuple(rows),
                     title=tr("n = [{dims}], m = {m} examples", dims=dims, m=cache.A[0].shape[1]))


# -- one unit's computation graph ------------------------------------------------------------------
@EXPERIMENT_KINDS.register("unit_graph")
@dataclass(frozen=True)
class UnitGraph(Explorer):
    """One logistic unit and one example: x, w, b → z = w·x + b → a = σ(z) → L(a, y), forward
    and then backward a line at a time (``shown``)."""

    shown: int = 1
    seed: int = 4


    @cached_property
    def net(self) -> Network:
        rng = np.random.RandomState(self.seed)
        params = {"W1": np.round(rng.randn(1, 2) * 0.8, 2), "b1": np.array([[0.1]])}
        return Network([2, 1], [], "sigmoid", params=params)

    @cached_property
    def example(self) -> tuple[np.ndarray, np.ndarray]:
        rng = np.random.RandomState(self.seed + 1)
        return np.round(rng.randn(2, 1), 2), np.array([[1.0]])

    @cached_property
    def values(self) -> dict:
        """Every number of the graph, forward and backward, and the engine's gradients."""
        x, y = self.example
        W, b = self.net.params["W1"], self.net.params["b1"]
        _, cache = self.net.forward(x)
        z, a = float(cache.Z[1][0, 0]), float(cache.A[1][0, 0])
        grads = self.net.backward(cache, y)
        loss = -(y[0, 0] * np.log(a) + (1 - y[0, 0]) * np.log(1 - a))
        dL_da = -y[0, 0] / a + (1 - y[0, 0]) / (1 - a)
        da_dz = a * (1 - a)
        return dict(x=x[:, 0], y=float(y[0, 0]), w=W[0], b=float(b[0, 0]), z=z, a=a,
                    loss=float(loss), dL_da=float(dL_da), da_dz=float(da_dz),
                    dz=float(dL_da * da_dz), dw=x[:, 0] * dL_da * da_dz, db=float(dL_da * da_dz),
                    engine=grads)

    def rows(self) -> list[DerivationRow]:
        v = self.values
        x, w = v["x"], v["w"]
        return [
            DerivationRow(f"x = [{x[0]:+.2f} {x[1]:+.2f}], y = {v['y']:g}",
                          "one example", tr("given")),
            DerivationRow(f"w = [{w[0]:+.2f} {w[1]:+.2f}], b = {v['b']:+.2f}",
                          "the unit's parameters", tr("given")),
            DerivationRow("z = w·x + b", "forward", f"{v['z']:+.4f}"),
            DerivationRow("a = σ(z)", "forward", f"{v['a']:.4f}"),
            DerivationRow("L = -(y log a + (1 - y) log(1 - a))", "forward: the loss",
                          f"{v['loss']:.4f}"),
            DerivationRow("dL/da = -y/a + (1 - y)/(1 - a)", "backward: the loss's slope",
                          f"{v['dL_da']:+.4f}"),
            DerivationRow("da/dz = a(1 - a)", "the sigmoid's local slope",
                          f"{v['da_dz']:.4f}"),
            DerivationRow("dz = dL/da · da/dz  (= a - y)", "chain rule: local × the one before",
                          f"{v['dz']:+.4f}"),
            DerivationRow("dw = x · dz", "chain rule: dz/dw = x",
                          f"[{v['dw'][0]:+.4f} {v['dw'][1]:+.4f}]"),
            DerivationRow("db = dz", "chain rule: dz/db = 1", f"{v['db']:+.4f}"),
        ]


@VIEWS.register("unit_graph_drawing")
class UnitGraphDrawing(View):
    """The graph itself: the parts revealed so far drawn, the rest left as dots."""

    data_type = Notes

    def measure(self, graph: UnitGraph, size=None) -> Notes:
        k = graph.shown

        def node(name: str, line: int) -> str:
            return name if k >= line else "·" * len(name)

        return Notes((
            f"{node('x', 1)} ─┐",
            f"{node('w', 2)} ─┼─▶ {node('z', 3)} ─▶ {node('a', 4)} ─▶ {node('L', 5)}   " + tr("forward"),
            f"{node('b', 2)} ─┘",
            f"{node('dw, db', 9)} ◀─ {node('dz', 8)} ◀─ {node('da', 7)} ◀─ {node('dL', 6)}   "
            + tr("backward"),
        ))


@VIEWS.register("unit_graph_lines")
class UnitGraphView(View):
    data_type = Derivation

    def measure(self, graph: UnitGraph, size=None) -> Derivation:
        rows = graph.rows()
        # Every line revealed: the forward pass stays in view while the backward pass is
        # revealed (the view keeps the earlier lines short when room is short).
        return Derivation("x, w, b → z → a → L", tuple(rows[:graph.shown]),
                          "one example", len(rows),
                          note="dw and db are the engine's own gradients for this example")


# -- the backward pass of a deep network, layer by layer -------------------------------------------
@EXPERIMENT_KINDS.register("backward_steps")
@dataclass(frozen=True)
class BackwardSteps(Explorer):
    """A [2, 3, 3, 1] tanh network on 5 flower examples, its backward pass a line at a time."""

    shown: int = 1
    hidden: tuple[int, ...] = (3, 3)
    m: int = 5


    @cached_property
    def net(self) -> Network:
        return Network([2, *self.hidden, 1], "tanh", init="xavier", init_seed=1)

    @cached_property
    def pass_(self) -> tuple[ForwardCache, dict[str, np.ndarray], np.ndarray]:
        flower = datasets.load("flower")
        X, Y = flower.X[:, :: 400 // self.m][:, :self.m], flower.Y[:, :: 400 // self.m][:, :self.m]
        _, cache = self.net.forward(X)
        return cache, self.net.backward(cache, Y), Y

    def rows(self) -> list[DerivationRow]:
        cache, grads, Y = self.pass_
        p, L = self.net.params, self.net.L
        lesson, step = where_output_dz_is_derived()
        rows = [DerivationRow(f"dZ{L} = A{L} - Y",
                              tr("layer {l}: the output, derived in lesson {n}, step {k}",
                                 l=L, n=lesson, k=step),
                              f"{shape_text(grads[f'dZ{L}'])} {numbers(grads[f'dZ{L}'])}")]
        for l in range(L, 0, -1):
            rows.append(DerivationRow(f"dW{l} = dZ{l} A{l - 1}ᵀ / m", tr("layer {l}", l=l),
                                      f"{shape_text(grads[f'dW{l}'])} "
                                      f"{numbers(grads[f'dW{l}'])}"))
            rows.append(DerivationRow(f"db{l} = Σ dZ{l} / m", tr("layer {l}", l=l),
                                      f"{shape_text(grads[f'db{l}'])} "
                                      f"{numbers(grads[f'db{l}'])}"))
            if l > 1:
                dA = p[f"W{l}"].T @ grads[f"dZ{l}"]
                rows.append(DerivationRow(f"dA{l - 1} = W{l}ᵀ dZ{l}", tr("back through W{l}", l=l),
                                          f"{shape_text(dA)} {numbers(dA)}"))
                rows.append(DerivationRow(f"dZ{l - 1} = dA{l - 1} * g'(Z{l - 1})",
                                          tr("layer {l}: g' = 1 - A{l}²", l=l - 1),
                                          f"{shape_text(grads[f'dZ{l - 1}'])} "
                                          f"{numbers(grads[f'dZ{l - 1}'])}"))
        return rows

    @property
    def total(self) -> int:
        """How many lines ``rows`` gives: dZ[L], then dW, db for every layer and dA, dZ for
        every layer but the first (counted, not computed: the reveal knob's ladder is this
        long, and a test holds the two together)."""
        L = len(self.hidden) + 1
        return 1 + 2 * L + 2 * (L - 1)


@VIEWS.register("backward_lines")
class BackwardView(View):
    data_type = Derivation

    def measure(self, steps: BackwardSteps, size=None) -> Derivation:
        rows = steps.rows()
        dims = ", ".join(map(str, steps.net.layer_dims))
        # Every line revealed: the view keeps the earlier ones short when room is short.
        return Derivation(tr("backward through [{dims}] tanh", dims=dims),
                          tuple(rows[:steps.shown]), tr("m = {m} examples", m=steps.m),
                          len(rows),
                          note="every dW, db has its W's, b's shape: ready for the update")


# -- gradient checking ------------------------------------------------------------------------------
def backward_without_slope(net: Network, cache: ForwardCache, Y: np.ndarray) -> dict:
    """Back-propagation with a bug put in on purpose: the factor g'(Z[l-1]) is left out of
    dZ[l-1] (the most common mistake when writing it by hand)."""
    m, L = Y.shape[1], net.L
    grads = {}
    dZ = cache.A[L] - Y
    for l in range(L, 0, -1):
        grads[f"dW{l}"] = dZ @ cache.A[l - 1].T / m
        grads[f"db{l}"] = dZ.sum(axis=1, keepdims=True) / m
        if l > 1:
            dZ = net.params[f"W{l}"].T @ dZ  # missing: * g'(Z[l-1])
    return grads


@EXPERIMENT_KINDS.register("gradient_check")
@dataclass(frozen=True)
class GradCheckSpec(Explorer):
    """Two-sided differences of the cost against back-propagation, for every parameter of a
    [2, 4, 3, 1] tanh network on 20 flower examples; ``broken`` drops g'(Z) from backprop."""

    broken: bool = False
    hidden: tuple[int, ...] = (4, 3)


    @cached_property
    def net(self) -> Network:
        return Network([2, *self.hidden, 1], "tanh", init="xavier", init_seed=2)

    @cached_property
    def data(self) -> tuple[np.ndarray, np.ndarray]:
        flower = datasets.load("flower")
        return flower.X[:, ::20], flower.Y[:, ::20]

    @cached_property
    def network_data(self) -> datasets.Dataset:
        """The examples the gradients are checked on (``HoldsNetwork``: the network is drawn
        over their plane where the panel has room)."""
        X, Y = self.data
        return datasets.Dataset("flower", X, Y, "classification")

    @cached_property
    def check(self) -> GradientCheck:
        X, Y = self.data
        result = gradient_check(self.net, X, Y)
        if not self.broken:
            return result
        _, cache = self.net.forward(X)
        wrong = backward_without_slope(self.net, cache, Y)
        grad = np.array([wrong["d" + name.split("[")[0]][tuple(
            int(i) for i in name[name.index("[") + 1:-1].split(","))] for name in result.names])
        return GradientCheck(relative_difference(grad, result.grad_approx), grad,
                             result.grad_approx, result.names)


def relative_difference(g: np.ndarray, approx: np.ndarray) -> float:
    """||g - approx|| / (||g|| + ||approx||), the course's measure."""
    denominator = np.linalg.norm(g) + np.linalg.norm(approx)
    return float(np.linalg.norm(g - approx) / denominator) if denominator else 0.0


AGREES = 1e-7  # below it backprop agrees with the finite differences (engine.gradcheck)


@VIEWS.register("gradient_check_table")
class GradCheckTable(View):
    data_type = Table

    def measure(self, spec: GradCheckSpec, size=None) -> Table:
        check = spec.check
        rows = []
        for l in range(1, spec.net.L + 1):
            pick = np.array([n.startswith((f"W{l}[", f"b{l}[")) for n in check.names])
            diff = relative_difference(check.grad[pick], check.grad_approx[pick])
            rows.append((Cell(f"W{l}, b{l}"), Cell(str(int(pick.sum()))),
                         Cell(difference(diff, AGREES)),
                         Cell(tr("ok") if diff < AGREES else tr("WRONG"), alarm=diff >= AGREES)))
        verdict = tr("backprop agrees" if check.passed else "backprop is wrong")
        return Table((tr("layer"), tr("params"), tr("difference"), ""), tuple(rows),
                     title=tr("all: {difference} → {verdict} (threshold 1e-7)",
                              difference=difference(check.difference, AGREES), verdict=verdict))


@KNOBS.register("broken_backprop")
def broken_backprop() -> Knob:
    """Back-propagation as derived, or with g'(Z) dropped (``GradCheckSpec.broken``)."""
    return Knob("broken", "backprop", (False, True), "b", down_key="", wrap=True,
                fmt=lambda broken: "g'(Z) dropped" if broken else "as derived",
                describe="break back-propagation on purpose (drop g'(Z)): b")


# -- vanishing gradients ----------------------------------------------------------------------------
@EXPERIMENT_KINDS.register("depth_gradients")
@dataclass(frozen=True)
class DepthGradients(Explorer):
    """A deep sigmoid network (Xavier init) and a deep ReLU network (He init) of ``depth``
    hidden layers of 20, just initialised on the flower (standardised): ||dW[l]|| per layer."""

    depth: int = 5


    def norms(self, activation: str, init: str) -> list[float]:
        flower = datasets.load("flower")
        X = datasets.standardize(flower.X)
        net = Network([2, *(20,) * self.depth, 1], activation, init=init, init_seed=1)
        with np.errstate(all="ignore"):
            _, cache = net.forward(X)
            grads = net.backward(cache, flower.Y)
        return [float(np.linalg.norm(grads[f"dW{l}"])) for l in range(1, net.L + 1)]


@VIEWS.register("depth_meters")
@dataclass(frozen=True)
class DepthMeters(View):
    """||dW[l]|| of every layer, on a log scale, for the networks of ``activation`` units
    started with ``init``."""

    activation: str = "sigmoid"
    init: str = "xavier"
    data_type = Meters

    def measure(self, spec: DepthGradients, size=None) -> Meters:
        norms = self.norms_of(spec)
        rows = tuple(Meter(f"|dW{l}|", value, size_text(value), alarm=value < 1e-6)
                     for l, value in enumerate(norms, start=1))
        return Meters(tr("{activation}, {init} init: layer 1 (input) → output",
                         activation=looks.label(self.activation),
                         init=INIT_NAMES_SHOWN.get(self.init, self.init)), rows,
                      full=10.0, log=True, decades=9)

    def norms_of(self, spec: DepthGradients) -> list[float]:
        return spec.norms(self.activation, self.init)


# An initialisation by the name the course gives it (Xavier, He).
INIT_NAMES_SHOWN = {"xavier": "Xavier", "he": "He"}


REVEAL_KEYS = dict(key="down,enter", down_key="up", key_display="↓/↑")


@KNOBS.register("reveal")
def reveal(total: int, what: str = "line") -> Knob:
    """How many of ``total`` lines are shown (``shown``): the next with ↓ or Enter."""
    return Knob("shown", "lines", tuple(range(1, total + 1)), fmt=lambda n: f"{n}/{total}",
                describe=f"the next {what}: ↓ or Enter; ↑ goes back",
                ends=("the first line", "that was the last line"), **REVEAL_KEYS)


# -- checkpoints --------------------------------------------------------------------------------------
# C16: the shape of a gradient, read from the engine's own backward pass.
SHAPE_CHOICES = ("(3, 5)", "(5, 3)", "(3, 400)", "(5, 400)")


@grader("dw2_shape")
def dw2_shape() -> Prediction:
    """The shape of dW2 in a ``ShapesSpec``'s backward pass, one of ``SHAPE_CHOICES`` (the
    checkpoint's choices, in this order). Why: dW2's shape beside W2's, and dZ2's."""

    def outcome(spec: ShapesSpec) -> int:
        return SHAPE_CHOICES.index(shape_text(spec.arrays[1]["dW2"]))

    def why(spec: ShapesSpec) -> tuple[str, ...]:
        cache, grads = spec.arrays
        W2 = spec.net.params["W2"]
        return (tr("the engine's dW2 is {dW2}, as W2 {W2}: n[2] rows, n[1] columns.",
                   dW2=shape_text(grads['dW2']), W2=shape_text(W2)),
                tr("dZ2 is {dZ2}, one column an example: dW2 = dZ2 A1ᵀ / m sums them.",
                   dZ2=shape_text(grads['dZ2'])))

    return Prediction(outcome, why)


# C17: how much smaller the first layer's gradient is than the output layer's, in a deep
# network just initialised (the measured numbers are beside the step, in lesson.toml).
@EXPERIMENT_KINDS.register("deep_start")
@dataclass(frozen=True)
class DeepStart(Explorer):
    depth: int = 8
    activation: str = "sigmoid"
    init: str = "xavier"

    @cached_property
    def norms(self) -> list[float]:
        return DepthGradients(self.depth).norms(self.activation, self.init)

    def text_slots(self) -> dict:
        """``depth`` hidden layers, the output layer ``last``, the units' ``activation`` and
        the init by its name (``init_name``: "Xavier", "He")."""
        return dict(depth=self.depth, last=self.depth + 1, activation=self.activation,
                    init=self.init, init_name=self.init.capitalize())


def depth_ratio(spec: DeepStart) -> float:
    return spec.norms[-1] / spec.norms[0]


@grader("vanishing_ratio")
def vanishing_ratio() -> Prediction:
    """How many times ‖dW1‖ is smaller than the output layer's in a ``DeepStart``: less than
    10 (0), 10 to 1000 (1), more than 1000 (2). Why: both norms, and every layer's."""

    def outcome(spec: DeepStart) -> int:
        ratio = depth_ratio(spec)
        return 0 if ratio < 10 else 1 if ratio <= 1000 else 2

    def why(spec: DeepStart) -> tuple[str, ...]:
        L = len(spec.norms)
        return (tr("‖dW{L}‖ {last}, ‖dW1‖ {first}: {ratio} times smaller.", L=L,
                   last=f"{spec.norms[-1]:.1e}", first=f"{spec.norms[0]:.1e}",
                   ratio=f"{depth_ratio(spec):.1e}"),
                tr("By layer: {norms}.", norms=" ".join(f"{n:.1e}" for n in spec.norms)))

    return Prediction(outcome, why)
