"""Lesson 2: Why layers need nonlinear activations (claims C7, C2).

Without a nonlinear g, layers fold into one: W[L] ··· W[1] x + (the biases carried through)
is a single linear step, so a deep linear network draws the same straight boundary as one
logistic unit. The views here compute that fold live from the network's own parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from engine.activations import get_activation
from engine.probes import collapsed_linear_map, fold_linear_layers

from . import catalog, knobs
from .base import Lesson, Step
from .checkpoints import Predict, PredictionCheck, inner_slots
from .experiments import DataSpec, RunSpec, TrainingExperiment, TrainingSpec, Variant
from .explorers import Explorer
from .facts import run_to
from .knobs import Knob, with_values
from .probes import (ACCURACY, COST, DEAD_UNITS, RANK, CostCurves, DecisionMaps, RunTable,
                     View, difference, percent, train_accuracy)
from .views import Notes


# -- the fold, numbers written out --------------------------------------------------------------------
def vector_text(v: np.ndarray) -> str:
    return "[" + " ".join(f"{x:+.2f}" for x in np.ravel(v)) + "]"


def matrix_lines(M: np.ndarray) -> list[str]:
    """A small matrix as rows of signed numbers, one line each."""
    return ["[" + " ".join(f"{x:+.2f}" for x in row) + "]" for row in np.atleast_2d(M)]


def side_by_side(*blocks: list[str], joins: tuple[str, ...]) -> list[str]:
    """Matrices printed next to each other (``A B = C``), each block padded to its width,
    ``joins[i]`` between block i and i + 1 on the first line."""
    height = max(len(b) for b in blocks)
    widths = [max(len(line) for line in b) for b in blocks]
    out = []
    for r in range(height):
        parts = []
        for i, (block, width) in enumerate(zip(blocks, widths)):
            parts.append((block[r] if r < len(block) else "").ljust(width))
            if i < len(joins):
                parts.append(joins[i] if r == 0 else " " * len(joins[i]))
        out.append("".join(parts).rstrip())
    return out


@dataclass(frozen=True)
class LinearStack(Explorer):
    """A network whose layers all have g(z) = z, with seeded, rounded weights small enough to
    read (every layer 2 x 2 by default), folded one layer at a time.

    ``folded`` is how many layers have been folded into one so far (1 … L): a knob.
    """

    layer_dims: tuple[int, ...] = (2, 2, 2, 2, 2)
    seed: int = 1
    folded: int = 2


    @property
    def L(self) -> int:
        return len(self.layer_dims) - 1

    @cached_property
    def params(self) -> dict[str, np.ndarray]:
        rng = np.random.RandomState(self.seed)
        params = {}
        for l in range(1, self.L + 1):
            n, n_prev = self.layer_dims[l], self.layer_dims[l - 1]
            params[f"W{l}"] = np.round(rng.randn(n, n_prev) * 0.8, 1)
            params[f"b{l}"] = np.round(rng.randn(n, 1) * 0.5, 1)
        return params

    @cached_property
    def x(self) -> np.ndarray:
        return np.round(np.random.RandomState(self.seed + 1).randn(self.layer_dims[0], 1), 2)

    def layer_by_layer(self, k: int) -> np.ndarray:
        """A[k] computed the long way: z = W a + b, a = z, layer after layer."""
        a = self.x
        for l in range(1, k + 1):
            a = self.params[f"W{l}"] @ a + self.params[f"b{l}"]
        return a


# Folded and layer by layer differ by a few ulps of values near 1 (measured 1.1e-16 and 2.2e-16
# by CPU); below this the difference is rounding, whatever its digits.
ROUNDING = 1e-13  # 100 times a few ulps of 1


class FoldView(View):
    """Layers 1 … k of a linear stack folded into one layer, with its numbers."""

    data_type = Notes

    def probe(self, stack: LinearStack, size=None) -> Notes:
        p, k = stack.params, stack.folded
        W, b = fold_linear_layers(p, k)
        names = " ".join(f"W{l}" for l in range(k, 0, -1))
        lines = []
        if k == 1:
            lines.append("One layer: a[1] = W1 x + b1")
            lines += side_by_side(matrix_lines(p["W1"]), matrix_lines(p["b1"]),
                                  joins=("  b1 = ",))
        else:
            W_prev, b_prev = fold_linear_layers(p, k - 1)
            lines.append(f"a[{k}] = W{k} a[{k - 1}] + b{k}, and a[{k - 1}] = W' x + b':")
            lines.append(f"W{k} W' = {names}:")
            lines += side_by_side(matrix_lines(p[f"W{k}"]), matrix_lines(W_prev),
                                  matrix_lines(W), joins=(" ", " = "))
            lines.append(f"W{k} b' + b{k}:")
            lines += side_by_side(matrix_lines(p[f"W{k}"]), matrix_lines(b_prev),
                                  matrix_lines(p[f"b{k}"]), matrix_lines(b),
                                  joins=(" ", " + ", " = "))
        direct = W @ stack.x + b
        long_way = stack.layer_by_layer(k)
        lines.append("")
        lines.append(f"on x = {vector_text(stack.x)}:")
        lines.append(f"  layer by layer a[{k}] = {vector_text(long_way)}")
        lines.append(f"  folded W x + b  = {vector_text(direct)}")
        gap = difference(np.max(np.abs(direct - long_way)), ROUNDING)
        lines.append(f"  largest difference {gap}")
        return Notes(tuple(lines))


# -- a deep linear network beside a deep tanh one ------------------------------------------------
class CollapseView(View):
    """The first run (linear hidden layers) folded into one logistic unit, live."""

    data_type = Notes

    def probe(self, experiment: TrainingExperiment, size=None) -> Notes:
        run = experiment.runs[0]
        if run.diverged:
            return Notes(("diverged: r resets",))
        W, b = collapsed_linear_map(run.network)
        sigmoid = get_activation("sigmoid")
        with np.errstate(all="ignore"):
            one_unit = sigmoid(W @ experiment.data.X + b)
        deep = run.forward().A[-1]
        names = " ".join(f"W{l}" for l in range(run.network.L, 0, -1))
        return Notes((
            f"{names} = {vector_text(W)}   bias {b[0, 0]:+.3f}",
            f"one unit σ(W x + b) vs the {run.label} net:",
            f"largest difference {difference(float(np.max(np.abs(one_unit - deep))), ROUNDING)} "
            f"over {deep.shape[1]} examples",
        ))


def dataset_knob(names: tuple[str, ...]) -> Knob:
    return Knob("data.name", "data", names, "d", wrap=True,
                describe="the dataset: next d, previous D")

# Three hidden layers of 8 with g(z) = z (a sigmoid output), beside the same network with
# tanh, from the same start (Xavier init, seed 1): the linear one's boundary stays a line.
COLLAPSE = TrainingSpec(
    DataSpec("flower"), RunSpec(hidden=(8, 8, 8), init="xavier", init_seed=1,
                                learning_rate=0.3),
    (Variant.of("linear", activation="linear"), Variant.of("tanh", activation="tanh")),
    iterations=3000)


# No activation is best everywhere: sigmoid, tanh, ReLU and leaky ReLU hidden units, one
# network [2, 8, 1] (He init, seed 3), each at the rate that trained it best without jumps
# on circles (searched over 0.01 … 3; the same rates on moons). Ranked by cost at 2000:
# circles ReLU 0.018 ≈ leaky < tanh 0.044 < sigmoid 0.089; moons tanh 0.005 < sigmoid 0.019
# < ReLU 0.218 ≈ leaky (two ReLU units dead, stuck at 89 %). Over init seeds 0–9 the winner
# on circles is always ReLU or leaky ReLU and on moons always tanh; seed 3 shows the gap
# most plainly (in most seeds ReLU also fits the moons, just more slowly).
RATES = {"sigmoid": 1.2, "tanh": 0.5, "relu": 0.3, "leaky_relu": 0.3}
NO_BEST = TrainingSpec(
    DataSpec("circles"), RunSpec(hidden=(8,), init="he", init_seed=3),
    tuple(Variant.of(catalog.label(g), activation=g, learning_rate=rate)
          for g, rate in RATES.items()),
    iterations=2000)
OTHER_DATASET = {"circles": "moons", "moons": "circles"}


def ranking(experiment: TrainingExperiment) -> str:
    """The runs from the lowest cost to the highest, e.g. ``ReLU, leaky ReLU, tanh, sigmoid``."""
    order = sorted(experiment.runs, key=lambda run: int(RANK.measure(run, experiment)))
    return ", ".join(run.label for run in order)


def no_best_facts(spec: TrainingSpec) -> dict:
    experiment = run_to(spec)
    other = OTHER_DATASET[spec.data.name]
    elsewhere = run_to(with_values(spec, {"data.name": other}))
    return dict(
        rates=", ".join(f"{catalog.label(g)} {rate * spec.run.rate_scale:g}"
                        for g, rate in RATES.items()),
        ranking=ranking(experiment), other_dataset=other, other_ranking=ranking(elsewhere),
    )


def collapse_facts(spec: TrainingSpec) -> dict:
    experiment = run_to(spec)
    linear, tanh = experiment.runs
    return dict(linear_accuracy=percent(train_accuracy(linear, experiment)),
                tanh_accuracy=percent(train_accuracy(tanh, experiment)))


# -- checkpoints --------------------------------------------------------------------------------------
# C7: logistic regression beside three hidden layers of 8 with g(z) = z, on the moons (where
# a line already gets 88 %). Xavier init (seed 1), lr 0.3. Measured at 3000: both 88.0 %,
# both cost 0.260; the same over init seeds 0-2 and at lr 0.1 (and 47.0 % each on the flower).
DEEP_LINEAR = TrainingSpec(
    DataSpec("moons"), RunSpec(activation="linear", init="xavier", init_seed=1,
                               learning_rate=0.3),
    (Variant.of("logistic regression", hidden=()),
     Variant.of("3 linear layers", hidden=(8, 8, 8))),
    iterations=3000)
ACCURACY_BANDS = ("more accurate, by over 2 points", "about as accurate (within 2)",
                  "less accurate, by over 2 points")
BAND = 0.02


def deep_linear_outcome(experiment: TrainingExperiment) -> int:
    logistic, deep = (train_accuracy(run, experiment) for run in experiment.runs)
    return 0 if deep > logistic + BAND else 2 if deep < logistic - BAND else 1


def deep_linear_why(experiment: TrainingExperiment) -> tuple[str, ...]:
    logistic, deep = experiment.runs
    W, _b = collapsed_linear_map(deep.network)
    names = " ".join(f"W{l}" for l in range(deep.network.L, 0, -1))
    return tuple(f"{run.label}: {percent(train_accuracy(run, experiment))}, "
                 f"cost {run.costs[-1]:.3f}" for run in (deep, logistic)) + (
        f"{names} = {vector_text(W)}: one line.",)


# C2: the race of "No activation is best" on the flower, ReLU against tanh (the same [2, 8, 1]
# network, He init seed 3, each at its rate). On the circles ReLU led; here, measured at
# 2000: tanh 0.281 (88.7 %), ReLU 0.434 (79.5 %). Over init seeds 0-3 tanh always ends lower.
FLOWER_RACE = TrainingSpec(
    DataSpec("flower"), RunSpec(hidden=(8,), init="he", init_seed=3),
    tuple(Variant.of(catalog.label(g), activation=g, learning_rate=RATES[g])
          for g in ("relu", "tanh")),
    iterations=2000)


def flower_race_outcome(experiment: TrainingExperiment) -> int:
    costs = [run.costs[-1] if not run.diverged else float("inf") for run in experiment.runs]
    return int(np.argmin(costs))  # the choices are the runs, in order


def flower_race_why(experiment: TrainingExperiment) -> tuple[str, ...]:
    return tuple(f"{run.label}: cost {run.costs[-1]:.3f}, "
                 f"{percent(train_accuracy(run, experiment))}" for run in experiment.runs)


def flower_race_facts(spec: Predict) -> dict:
    return dict(inner_slots(spec), circles_ranking=ranking(run_to(NO_BEST)),
                rates=", ".join(f"{label} {run.rate:g}" for label, _c, run in spec.inner.runs()))


LESSON = Lesson(
    id="why-nonlinear",
    title="Why layers need nonlinear activations",
    claims=("C2", "C7"),
    summary="Without a nonlinear g, any number of layers folds into one linear layer.",
    steps=(
        Step("Linear layers fold into one", "01-collapse.md", COLLAPSE,
             views=(DecisionMaps(), CollapseView(), RunTable((COST, ACCURACY))),
             knobs=(dataset_knob(("flower", "circles")), knobs.learning_rate()), pace=300,
             claims=("C7",), facts=collapse_facts),
        Step("The fold, layer by layer", "02-fold.md", LinearStack(),
             views=(FoldView(),),
             knobs=(Knob("folded", "folded", (1, 2, 3, 4), "f", fmt=lambda k: f"{k} layers",
                         describe="fold one more layer in: f, one fewer: F"),),
             claims=("C7",)),
        Step("No activation is best everywhere", "03-no-best.md", NO_BEST,
             views=(CostCurves(), RunTable((COST, ACCURACY, RANK, DEAD_UNITS))),
             knobs=(dataset_knob(("circles", "moons")), knobs.rate_scale()), pace=100,
             claims=("C2",), facts=no_best_facts),
        Step("Checkpoint: deep, but linear", "04-check-linear.md",
             Predict(f"After {DEEP_LINEAR.iterations} steps, the 3 linear layers are …",
                     ACCURACY_BANDS, DEEP_LINEAR, deep_linear_outcome, deep_linear_why),
             views=(PredictionCheck(), DecisionMaps(), RunTable((COST, ACCURACY))),
             pace=300, claims=("C7",), facts=inner_slots, checkpoint="predict"),
        Step("Checkpoint: ReLU or tanh on the flower", "05-check-flower.md",
             Predict(f"Which ends with the lower cost at {FLOWER_RACE.iterations}?",
                     tuple(label for label, _color, _run in FLOWER_RACE.runs()), FLOWER_RACE,
                     flower_race_outcome, flower_race_why),
             # ReLU starts at 1.7: a fixed range keeps the two ends apart (0.28 and 0.43
             # share a row of cells on a scale up to 1.7).
             views=(PredictionCheck(), CostCurves(title="cost J (from 1 up: off the top)",
                                                  ylim=(0.0, 1.0)),
                    RunTable((COST, ACCURACY))),
             pace=100, claims=("C2",), facts=flower_race_facts, checkpoint="predict"),
    ),
)
