"""Lesson 4: Random initialisation (claims C13, C14, C15).

Why all-zero weights fail (every hidden unit computes the same thing and gets the same
update, so the symmetry never breaks), why random weights fix it while biases may start at
zero, and why their scale matters: too small and a deep network's signal fades layer by layer,
too large and tanh or sigmoid units saturate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from engine import data as datasets
from engine.network import ForwardCache, Network
from engine.probes import hidden_unit_spreads

from . import looks, knobs
from .i18n import tr
from .base import Lesson, Step
from .checkpoints import Challenge, ChallengeCheck, Predict, PredictionCheck, inner_slots
from .experiments import DataSpec, RunSpec, TrainingSpec, Variant
from .explorers import Explorer
from .facts import run_to
from .knobs import Knob
from .views import (ACCURACY, COST, TEST_ACCURACY, CostCurves, DecisionMaps, GradientMeters,
                     RunTable, SpreadMeters, UnitMaps, View, percent, test_accuracy,
                     train_accuracy)
from .view_data import Histogram, Histograms, Notes


# -- at initialisation: a deep network's activations and gradients, layer by layer ----------------
SCALES = ("0.01", "0.1", "1", "10", "xavier", "he")


def scale_text(scale: str) -> str:
    return {"xavier": "Xavier √(1/n)", "he": "He √(2/n)"}.get(scale, f"randn × {scale}")


@dataclass(frozen=True)
class DeepAtInit(Explorer):
    """A deep network (``hidden`` layers, ``activation``) just initialised at ``scale``, on
    the flower data standardised: nothing trains; every number is one forward and one
    backward pass. Knobs: the scale and the activation."""

    scale: str = "0.01"
    activation: str = "tanh"
    hidden: tuple[int, ...] = (50, 50, 50, 50, 50)
    init_seed: int = 1


    @cached_property
    def data(self) -> datasets.Dataset:
        flower = datasets.load("flower")
        return datasets.Dataset("flower, standardised", datasets.standardize(flower.X),
                                flower.Y, "classification")

    @cached_property
    def network(self) -> Network:
        init, factor = ((self.scale, None) if self.scale in ("xavier", "he")
                        else ("small", float(self.scale)))
        return Network([2, *self.hidden, 1], self.activation, "sigmoid", init=init,
                       init_seed=self.init_seed, init_scale=factor)

    @cached_property
    def cache(self) -> ForwardCache:
        with np.errstate(all="ignore"):
            return self.network.forward(self.data.X)[1]

    @cached_property
    def grads(self) -> dict[str, np.ndarray]:
        with np.errstate(all="ignore"):
            return self.network.backward(self.cache, self.data.Y)

    @cached_property
    def cost(self) -> float:
        with np.errstate(all="ignore"):
            return self.network.cost_from_cache(self.cache, self.data.Y)

    def layer_rows(self) -> list[dict]:
        """Per hidden layer: saturated share, mean g'(z), |dW|, the spread of a."""
        rows = []
        for l in range(1, self.network.L):
            g = self.network.activations[l - 1]
            Z, A = self.cache.Z[l], self.cache.A[l]
            with np.errstate(all="ignore"):
                rows.append(dict(
                    layer=l,
                    saturated=float(np.mean(g.saturated(Z, A))) if g.saturates else None,
                    slope=float(np.mean(g.derivative(Z, A))),
                    a_std=float(np.std(A)),
                    dW=float(np.linalg.norm(self.grads[f"dW{l}"])),
                ))
        return rows


def _histogram(values: np.ndarray, lo: float, hi: float, bins: int = 40):
    finite = values[np.isfinite(values)]
    counts, edges = np.histogram(np.clip(finite, lo, hi), bins=bins, range=(lo, hi))
    return edges, counts


class ActivationHistograms(View):
    """a[l] of every hidden layer over the batch, on g's range."""

    data_type = Histograms

    def measure(self, deep: DeepAtInit, size: int | None = None) -> Histograms:
        bins = size or 40  # one bin a column the widget can draw
        g = deep.network.activations[0]
        lo, hi = g.value_range
        if not math.isfinite(hi):  # ReLU: up to what the layers reach
            hi = max(1e-3, max(float(np.max(deep.cache.A[l])) for l in range(1, deep.network.L)))
        rows = []
        for row in deep.layer_rows():
            A = deep.cache.A[row["layer"]].ravel()
            edges, counts = _histogram(A, lo, hi, bins)
            # The spread in numbers too: at 0.01 every layer is a spike at 0 on this axis,
            # but each is ten times narrower than the one before.
            rows.append(Histogram(tr("layer {l}", l=row["layer"]), edges, counts,
                                  f"σ {row['a_std']:.1e}", color=looks.color(deep.activation)))
        return Histograms(f"a[l], {looks.label(deep.activation)}, {scale_text(deep.scale)}",
                          tuple(rows), (lo, hi), "a")


class GradientHistograms(View):
    """dZ[l] of every hidden layer, on one shared range: a gradient that fades shows as a
    spike at 0."""

    data_type = Histograms

    def measure(self, deep: DeepAtInit, size: int | None = None) -> Histograms:
        bins = size or 40
        L = deep.network.L
        values = [deep.grads[f"dZ{l}"].ravel() for l in range(1, L)]
        finite = [v[np.isfinite(v)] for v in values]
        top = max((float(np.max(np.abs(v))) for v in finite if v.size), default=1.0) or 1.0
        rows = []
        for l, v in zip(range(1, L), values):
            edges, counts = _histogram(v, -top, top, bins)
            rows.append(Histogram(tr("layer {l}", l=l), edges, counts,
                                  f"|dW| {np.linalg.norm(deep.grads[f'dW{l}']):.1e}"))
        return Histograms(tr("dZ[l], the gradient reaching each layer"), tuple(rows), (-top, top),
                          "dZ")


class DeepSummary(View):
    data_type = Notes

    def measure(self, deep: DeepAtInit, size=None) -> Notes:
        rows = deep.layer_rows()
        lines = [f"starting cost J = {deep.cost:.3f}   (log 2 = 0.693)",
                 "mean g'(z) by layer: " + " ".join(f"{r['slope']:.2f}" for r in rows)]
        if rows[0]["saturated"] is not None:
            lines.append("saturated by layer:  " + " ".join(f"{r['saturated']:.0%}"
                                                            for r in rows))
        return Notes(tuple(lines))


# -- training runs ---------------------------------------------------------------------------------
# The course's Initialization assignment: circles (300, noise 0.05, seed 1; test 100, seed
# 2), [2, 10, 5, 1] ReLU, ReLU, sigmoid, lr 0.01, 15000 iterations, weights drawn with seed 3.
COURSE = TrainingSpec(
    DataSpec("circles", m=300, noise=0.05, seed=1, test_m=100, test_seed=2),
    RunSpec(hidden=(10, 5), activation="relu", init_seed=3, learning_rate=0.01),
    (Variant.of("zeros", init="zeros"), Variant.of("randn × 10", init="large"),
     Variant.of("He", init="he")),
    iterations=15000)

# All zeros: a tanh (or ReLU) hidden layer gets no gradient at all.
ZEROS = TrainingSpec(DataSpec("flower"), RunSpec(hidden=(4,), init="zeros"), iterations=2000)

# The same non-zero weight everywhere: it learns, as one unit would (the 4 units stay equal).
CONSTANT = TrainingSpec(
    DataSpec("flower"), RunSpec(init="constant", init_scale=0.5),
    (Variant.of("4 units", hidden=(4,)), Variant.of("1 unit", hidden=(1,))),
    iterations=3000)

# Random weights, zero biases: the course's randn × 0.01 start.
RANDOM = TrainingSpec(DataSpec("flower"), RunSpec(hidden=(4,)), iterations=3000)

# Logistic regression from zeros beside a hidden layer from zeros.
LOGISTIC = TrainingSpec(
    DataSpec("flower"), RunSpec(init="zeros"),
    (Variant.of("logistic regression", hidden=()), Variant.of("4 tanh units", hidden=(4,))),
    iterations=2000)

# Why 0.01 is not enough for a deep network: five tanh layers of 50 on the flower, lr 0.1.
DEEP = TrainingSpec(
    DataSpec("flower"), RunSpec(hidden=(50, 50, 50, 50, 50), init_seed=2, learning_rate=0.1),
    (Variant.of("randn × 0.01", init="small"), Variant.of("Xavier", init="xavier"),
     Variant.of("randn × 10", init="large")),
    iterations=1500)


def course_facts(spec: TrainingSpec) -> dict:
    experiment = run_to(spec)
    out = {}
    for key, run in zip(("zeros", "large", "he"), experiment.runs):
        out[key] = (f"{percent(train_accuracy(run, experiment))} / "
                    f"{percent(test_accuracy(run, experiment))}")
    return out


def zeros_facts(spec: TrainingSpec) -> dict:
    experiment = run_to(spec)
    run = experiment.runs[0]
    moved = [name for name, start in spec.build().runs[0].network.params.items()
             if not np.array_equal(start, run.network.params[name])]
    return dict(cost=f"{run.costs[-1]:.6f}", moved=", ".join(moved) or "nothing")


def constant_facts(spec: TrainingSpec) -> dict:
    experiment = run_to(spec)
    four, one = experiment.runs
    return dict(four_cost=f"{four.costs[-1]:.3f}", one_cost=f"{one.costs[-1]:.3f}",
                four_accuracy=percent(train_accuracy(four, experiment)),
                one_accuracy=percent(train_accuracy(one, experiment)))


def random_facts(spec: TrainingSpec) -> dict:
    experiment = run_to(spec)
    run = experiment.runs[0]
    return dict(accuracy=percent(train_accuracy(run, experiment)))


def logistic_facts(spec: TrainingSpec) -> dict:
    experiment = run_to(spec)
    lr, hidden = experiment.runs
    return dict(lr_accuracy=percent(train_accuracy(lr, experiment)),
                lr_cost=f"{lr.costs[-1]:.3f}", hidden_cost=f"{hidden.costs[-1]:.6f}")


def deep_facts(spec: TrainingSpec) -> dict:
    experiment = run_to(spec)
    small, xavier, large = experiment.runs
    return dict(small_cost=f"{small.costs[-1]:.6f}", xavier_cost=f"{xavier.costs[-1]:.3f}",
                large_start=f"{large.costs[0]:.1f}", large_cost=f"{large.costs[-1]:.2f}")


SCALE = Knob("scale", "init", SCALES, "i", fmt=scale_text,
             describe="the initial weights: next i, previous I (0.01 … 10, Xavier, He)")
DEEP_ACTIVATION = Knob("activation", "g", ("tanh", "sigmoid", "relu"), "a", wrap=True,
                       fmt=looks.label, describe="the hidden activation: next a, previous A")
ZERO_ACTIVATION = knobs.hidden_activation(names=("tanh", "relu"))

# -- checkpoints --------------------------------------------------------------------------------------
# C13: all zeros again, but sigmoid hidden units (g(0) = 0.5, not 0) on xor, whose classes are
# not 50/50 (272 of 500): the output gradient is not 0, so W2 moves and then W1 does, but
# every hidden unit gets the same update. Measured at 1000 (lr 1.2): largest |W1| 0.81, cost
# 0.693 → 0.566, layer 1's spread 0 exactly (4 units: rows rounded alike, see
# engine.initializers). With tanh units nothing moves; from randn × 0.01 they move apart.
ZERO_SIGMOID = TrainingSpec(DataSpec("xor"), RunSpec(hidden=(4,), activation="sigmoid",
                                                     init="zeros", learning_rate=1.2),
                            iterations=1000)
SYMMETRY_CHOICES = ("nothing moves: all stay 0", "they move, but stay identical",
                    "they move apart")


def zero_sigmoid_outcome(experiment) -> int:
    network = experiment.runs[0].network
    if not np.any(network.params["W1"]):
        return 0
    return 1 if hidden_unit_spreads(network)[0] == 0.0 else 2


def zero_sigmoid_why(experiment) -> tuple[str, ...]:
    run = experiment.runs[0]
    W1 = run.network.params["W1"]
    spread = hidden_unit_spreads(run.network)[0]
    return (f"largest |W1| {np.max(np.abs(W1)):.3f} (it started at 0); units' spread "
            f"{'0 exactly' if spread == 0 else f'{spread:.2e}'}.",
            f"cost {run.costs[0]:.3f} → {run.costs[-1]:.3f} at {experiment.total}.")


# C14: a deep tanh network (five layers of 16, lr 0.1, the flower) from plain randn × s: which
# s trains it? Measured at 1000: s ≤ 0.03 stays at 0.693 (log 2: the signal fades layer by
# layer), 0.1 → 0.653, 0.3 → 0.195, 1 → 0.122, 3 → 0.302 and 10 → 1.23 (tanh saturated,
# starting costs 4.5 and 9.3). Xavier's √(1/16) = 0.25 lies in the window that passes.
SCALE_GOAL = 0.25
INIT_SCALES = (0.001, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)


def scale_grade(spec: Challenge, experiment) -> tuple[bool, str]:
    run = experiment.runs[0]
    s = f"randn × {spec.run.init_scale:g}"
    if run.diverged:
        return False, f"{s}: diverged"
    start, end = run.costs[0], run.costs[-1]
    line = f"{s}: cost {start:.3f} → {end:.3f}"
    if end < SCALE_GOAL:
        return True, f"{line}, below {SCALE_GOAL:g}"
    if abs(end - math.log(2)) < 0.005:
        return False, f"{line}: still log 2, nothing learned"
    return False, f"{line}: not below {SCALE_GOAL:g}"


DEEP_SCALE = Challenge(
    DataSpec("flower"), RunSpec(hidden=(16, 16, 16, 16, 16), init="small", init_scale=0.01,
                                init_seed=2, learning_rate=0.1),
    iterations=1000,
    goal=f"Cost below {SCALE_GOAL:g} at the end, from W = randn × s (biases 0)",
    grade=scale_grade)
INIT_SCALE = Knob("run.init_scale", "randn ×", INIT_SCALES, "i", fmt=lambda s: f"{s:g}",
                  describe="the scale s of W = randn × s: larger i, smaller I")

LESSON = Lesson(
    id="initialization",
    title="Random initialisation",
    claims=("C13", "C14", "C15"),
    summary="Why not zeros, why randn × 0.01, and when that scale is too small or too large.",
    steps=(
        Step("The course's experiment", "01-course.md", COURSE,
             views=(DecisionMaps(), RunTable((COST, ACCURACY, TEST_ACCURACY))),
             pace=1000, claims=("C13", "C14"), facts=course_facts),
        Step("All zeros: nothing moves", "02-zeros.md", ZEROS,
             views=(GradientMeters(), SpreadMeters(), CostCurves()),
             knobs=(ZERO_ACTIVATION, knobs.learning_rate()), pace=100, claims=("C13",),
             facts=zeros_facts),
        Step("The same start for every unit", "03-constant.md", CONSTANT,
             views=(UnitMaps(), SpreadMeters(), RunTable((COST, ACCURACY))),
             knobs=(knobs.learning_rate(),), pace=300, claims=("C13",), facts=constant_facts),
        Step("Random weights, zero biases", "04-random.md", RANDOM,
             views=(UnitMaps(), SpreadMeters(), RunTable((COST, ACCURACY))),
             knobs=(knobs.learning_rate(),), pace=300, claims=("C15",), facts=random_facts),
        Step("Logistic regression from zeros", "05-logistic.md", LOGISTIC,
             views=(DecisionMaps(), RunTable((COST, ACCURACY))),
             knobs=(Knob("data.name", "data", ("flower", "moons"), "d", wrap=True,
                         describe="the dataset: next d, previous D"),),
             pace=100, claims=("C13",), facts=logistic_facts),
        Step("Too small, too large", "06-scale.md", DeepAtInit(),
             views=(ActivationHistograms(), GradientHistograms(), DeepSummary()),
             knobs=(SCALE, DEEP_ACTIVATION), claims=("C14",)),
        Step("Why 0.01, and when not", "07-deep.md", DEEP,
             views=(CostCurves(title="cost J (from 4 up: off the top)", ylim=(0.0, 4.0)),
                    RunTable((COST, ACCURACY))), pace=100, claims=("C14",),
             facts=deep_facts),
        Step("Checkpoint: zeros, with sigmoid units", "08-check-zeros.md",
             Predict(f"After {ZERO_SIGMOID.iterations} steps, the 4 hidden units …",
                     SYMMETRY_CHOICES, ZERO_SIGMOID, zero_sigmoid_outcome, zero_sigmoid_why),
             views=(PredictionCheck(), SpreadMeters(), CostCurves()),
             pace=100, claims=("C13",), facts=inner_slots, checkpoint="predict"),
        Step("Checkpoint: a scale for a deep network", "09-check-scale.md", DEEP_SCALE,
             views=(ChallengeCheck(), CostCurves(title="cost J (from 2 up: off the top)",
                                                 ylim=(0.0, 2.0)), RunTable((COST, ACCURACY))),
             knobs=(INIT_SCALE,), pace=100, claims=("C14",), checkpoint="challenge"),
    ),
)
