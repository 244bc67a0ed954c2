"""Every claim of the course (C1 ... C18) measured on the run of the step that shows it, over
many seeds: what ``dnn-tutor claims`` prints and the claims test runs.

A ``Demonstration`` names its step (lesson id, step name: checked against the course when it
is looked up), says in one sentence what it measures, and measures one seed pair: it takes
the step's own spec (``step.spec``) with only its seeds replaced (``reseeded``), so when a
lesson's run changes, its check follows. The predicate states the claim as the course does
(the seed's claims.md), not one seed's numbers; claims that are identities (derivatives,
shapes, the collapse of linear layers) are measured too, and hold in N of N.

Every run is the step's at its full length: all 18 claims over 10 seeds take ~30 s on one
core, so no run needed shortening.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Callable

import numpy as np

from engine.activations import get_activation
from engine.gradcheck import gradient_check
from engine.network import Network

from .checkpoints import Predict
from .experiments import TrainingExperiment, TrainingSpec, first_iteration_below
from .knobs import with_values
from .mechanisms.activations import TANH_THRESHOLD, TIE_POINTS
from .model import Course, Step
from .views import TIE_SHARE


@dataclass(frozen=True)
class Measurement:
    """One seed pair's result: the measured value (``value``, in ``Demonstration.unit``) and
    whether the claim holds there."""

    value: float
    holds: bool


@dataclass(frozen=True)
class Demonstration:
    claim: str                    # "C1" ... "C18"
    lesson: str                   # the lesson's id
    step: str                     # the step's name (its text's stem)
    measures: str                 # one sentence: what is measured, and when the claim holds
    unit: str                     # how the value reads ("max |error|", "accuracy", ...)
    measure: Callable[[Step, int, int], Measurement]  # (step, data_seed, init_seed)

    def find_step(self, course: Course) -> Step:
        """The step in ``course``; KeyError naming what is missing when it is not there or
        does not list the claim among those it shows."""
        step = course.get(self.lesson).step(self.step)
        if self.claim not in step.claims:
            raise KeyError(f"step {self.lesson}/{self.step} shows {', '.join(step.claims)}, "
                           f"not {self.claim}")
        return step

    def run(self, course: Course, data_seed: int, init_seed: int) -> Measurement:
        return self.measure(self.find_step(course), data_seed, init_seed)


# -- the step's spec with new seeds ---------------------------------------------------------------
def reseeded(spec, data_seed: int, init_seed: int):
    """``spec`` with its data drawn from ``data_seed`` and every network initialised from
    ``init_seed`` (runs compared in a step all start from it, as they share one on screen);
    a test set, when the step has one, from another seed of the same generator. Explorers: their ``seed`` (the data they draw)
    and ``init_seed`` fields. A prediction: the run it asks about. A spec with no seed at all
    is a TypeError: measured N times it would count one run N times."""
    if isinstance(spec, Predict):
        return reseeded(spec.inner, data_seed, init_seed)
    if isinstance(spec, TrainingSpec):
        data = dataclasses.replace(spec.data, seed=data_seed,
                                   test_seed=None if spec.data.test_m else spec.data.test_seed)
        variants = tuple(dataclasses.replace(v, changes=tuple(
            (k, init_seed if k == "init_seed" else value) for k, value in v.changes))
            for v in spec.variants)
        return dataclasses.replace(spec, data=data, variants=variants,
                                   run=dataclasses.replace(spec.run, init_seed=init_seed))
    names = {f.name for f in dataclasses.fields(spec)}
    changes = {"seed": data_seed, "init_seed": init_seed}
    if not names & set(changes):
        raise TypeError(f"{type(spec).__name__} has no seed to replace")
    return dataclasses.replace(spec, **{k: v for k, v in changes.items() if k in names})


def trained(step: Step, data_seed: int, init_seed: int, **run_changes) -> TrainingExperiment:
    """The step's run from the seeds, trained to its end (``run_changes``: a field of the
    shared RunSpec changed, for a measurement beside the claim's own)."""
    spec = reseeded(step.spec, data_seed, init_seed)
    if run_changes:
        spec = dataclasses.replace(spec, run=dataclasses.replace(spec.run, **run_changes))
    return spec.build().run_to_end()


def final_cost(run) -> float:
    return float("inf") if run.diverged else run.costs[-1]


def by_label(experiment: TrainingExperiment) -> dict:
    return {run.label: run for run in experiment.runs}


def accuracy(run, X: np.ndarray, Y: np.ndarray) -> float:
    return run.trainer.accuracy(X, Y)


def majority(Y: np.ndarray) -> float:
    """The accuracy of always answering the more frequent class."""
    share = float(np.mean(Y))
    return max(share, 1 - share)


def row_spread(W: np.ndarray) -> float:
    """How far a layer's units (rows of W) are from all being the same: max over entries of
    (max - min) across the rows; 0 exactly when every unit has the same weights."""
    return float(np.max(np.ptp(W, axis=0))) if W.shape[0] > 1 else 0.0


def random_z(seed: int, n: int = 64) -> np.ndarray:
    """Points z in [-6, 6] from ``seed``, none within 1e-3 of 0 (a kink's difference is
    one-sided there; z = 0 itself is checked on its own)."""
    z = np.random.RandomState(seed).uniform(-6, 6, n)
    return z[np.abs(z) > 1e-3]


# -- one measurement per claim ---------------------------------------------------------------------
def c1_layer(step, data_seed, init_seed):
    # The step's layer with W, b and x drawn from the seed: a must be g(W x + b).
    spec = reseeded(step.spec, data_seed, init_seed)
    g = get_activation(spec.activation)
    error = float(np.max(np.abs(spec.a - g(spec.W @ spec.x + spec.b))))
    z = random_z(data_seed)
    nonlinear = not np.allclose(g(z[:-1] + z[1:]), g(z[:-1]) + g(z[1:]))
    return Measurement(error, error < 1e-12 and nonlinear)


# Final costs within TIE of each other: a tie, not a ranking (the step's rank column uses the
# same share). The step ranks at iteration 200, while every cost still falls (at its end every
# run fits): on the circles the costs are all near 0.6 there, and ReLU-type units lead tanh by
# 0.6-13 % (seeds 1-10).
TIE = TIE_SHARE


def c2_no_best(step, data_seed, init_seed):
    # Each dataset the step's knob offers: the final cost of each activation. Holds when no
    # one activation is best (or tied with the best, within TIE) on all of them. Value: the
    # activation closest to best everywhere, its worst excess over the best (cost/best - 1).
    names = next(knob.values for knob in step.knobs if knob.param == "data.name")
    excess: dict[str, float] = {}
    for name in names:
        spec = with_values(step.spec, {"data.name": name})
        experiment = reseeded(spec, data_seed, init_seed).build().run_to_end()
        costs = {run.label: final_cost(run) for run in experiment.runs}
        best = min(costs.values())
        for label, cost in costs.items():
            excess[label] = max(excess.get(label, 0.0), cost / best - 1)
    closest = min(excess.values())
    return Measurement(closest, closest > TIE)


def c3_sigmoid_output(step, data_seed, init_seed):
    experiment = trained(step, data_seed, init_seed)
    run = experiment.runs[0]
    A = run.network.predict_proba(experiment.data.X)
    acc = accuracy(run, experiment.data.X, experiment.data.Y)
    inside = bool(np.all((A > 0) & (A < 1)))
    return Measurement(acc, inside and acc > majority(experiment.data.Y))


def c4_tanh_vs_sigmoid(step, data_seed, init_seed):
    # At one α, hidden tanh gets below the step's cost threshold in fewer iterations than
    # hidden sigmoid ("converging faster"); a run that never gets there counts as the run's
    # length plus one. Value: sigmoid's iterations minus tanh's.
    experiment = trained(step, data_seed, init_seed)
    runs = by_label(experiment)

    def reached(label: str) -> int:
        at = first_iteration_below(runs[label].costs, TANH_THRESHOLD)
        return experiment.total + 1 if at is None else at

    lag = reached("sigmoid α") - reached("tanh α")
    return Measurement(lag, lag > 0)


def c5_relu_default(step, data_seed, init_seed):
    # ReLU, the course's default, trains the flower: its train accuracy is at least tanh's
    # less TIE_POINTS (the step shows them as a tie, not a ranking) and above the majority
    # answer by 20 points. Value: ReLU's accuracy minus tanh's, in points.
    experiment = trained(step, data_seed, init_seed)
    runs = by_label(experiment)
    X, Y = experiment.data.X, experiment.data.Y
    relu, tanh = accuracy(runs["ReLU"], X, Y), accuracy(runs["tanh"], X, Y)
    points = (relu - tanh) * 100
    return Measurement(points, points > -TIE_POINTS and relu > majority(Y) + 0.2)


def c6_leaky(step, data_seed, init_seed):
    # Units with z < 0 on every example: a ReLU one gets no gradient, a leaky one keeps
    # slope × its share. Holds when leaky ReLU ends with a cost no higher than ReLU's (equal
    # to 1e-3 counts: where no unit dies the two runs coincide); a diverged run's is inf.
    runs = by_label(trained(step, data_seed, init_seed))
    relu, leaky = final_cost(runs["ReLU"]), final_cost(runs["leaky ReLU"])
    return Measurement(relu - leaky, leaky <= relu + 1e-3)


def c7_collapse(step, data_seed, init_seed):
    # Every layer folded into one W, b: the same output as layer after layer.
    spec = reseeded(step.spec, data_seed, init_seed)
    W, b = np.eye(spec.layer_dims[0]), np.zeros((spec.layer_dims[0], 1))
    for l in range(1, spec.L + 1):
        W, b = spec.params[f"W{l}"] @ W, spec.params[f"W{l}"] @ b + spec.params[f"b{l}"]
    error = float(np.max(np.abs(W @ spec.x + b - spec.layer_by_layer(spec.L))))
    return Measurement(error, error < 1e-9)


def c8_linear_output(step, data_seed, init_seed):
    experiment = trained(step, data_seed, init_seed)
    runs = by_label(experiment)
    X, Y = experiment.data.X, experiment.data.Y
    mse = {label: float(np.mean((run.network.predict_proba(X) - Y) ** 2))
           for label, run in runs.items()}
    linear, tanh = mse["linear output"], mse["tanh output"]
    return Measurement(tanh / linear, linear < tanh)


def derivation_check(step, data_seed, init_seed):
    # Every line of the step's derivation equals the one before at random z, and the last
    # equals the centred difference of g.
    from .expressions import line_values

    g = get_activation(step.spec.function)
    worst = 0.0
    for z in random_z(data_seed, 16):
        values = np.array(line_values(step.spec.function, z))
        h = 1e-5
        numeric = (g(np.array(z + h)) - g(np.array(z - h))) / (2 * h)
        worst = max(worst, float(np.max(np.abs(np.diff(values)))),
                    float(abs(values[-1] - numeric)))
    return Measurement(worst, worst < 1e-6)


def piecewise_check(name: str):
    def measure(step, data_seed, init_seed):
        # The step's function (leaky ReLU at the step's slope) against 1 for z > 0 and its
        # slope for z < 0, the difference quotient agreeing, and g'(0) = 1 by convention.
        slope = step.spec.leaky_slope if name == "leaky_relu" else 0.0
        g = get_activation(name, step.spec.leaky_slope)
        z = random_z(data_seed)
        h = 1e-6
        expected = np.where(z > 0, 1.0, slope)
        numeric = (g(z + h) - g(z - h)) / (2 * h)
        error = float(max(np.max(np.abs(g.derivative(z) - expected)),
                          np.max(np.abs(numeric - expected))))
        at_zero = float(g.derivative(np.array([0.0]))[0])
        return Measurement(error, error < 1e-6 and at_zero == 1.0)
    return measure


def c13_zero_init(step, data_seed, init_seed):
    # From all-zero weights the hidden units' weight rows stay identical (spread 0) although
    # they move: value = the spread of W1's rows after training.
    experiment = trained(step, data_seed, init_seed)
    W1 = experiment.runs[0].network.params["W1"]
    moved = float(np.max(np.abs(W1))) > 0
    spread = row_spread(W1)
    return Measurement(spread, spread < 1e-9 and moved)


def c14_saturation(step, data_seed, init_seed):
    # The step's deep tanh net at randn × 10 and at randn × 0.01: the share of saturated
    # (unit, example) pairs over every hidden layer. Holds when the large scale saturates most
    # units (> 50 %) where the small one saturates none (< 1 %).
    def saturated(scale):
        spec = dataclasses.replace(reseeded(step.spec, data_seed, init_seed), scale=scale)
        rows = spec.layer_rows()
        return float(np.mean([row["saturated"] for row in rows]))

    large, small = saturated("10"), saturated("0.01")
    return Measurement(large, large > 0.5 and small < 0.01)


def c15_zero_bias(step, data_seed, init_seed):
    # Random W, zero b at the start: the units differ and the network learns the data.
    experiment = trained(step, data_seed, init_seed)
    run = experiment.runs[0]
    start = run.spec.network(experiment.data.X.shape[0], experiment.data.Y.shape[0])
    zero_bias = all(not np.any(start.params[f"b{l}"]) for l in range(1, start.L + 1))
    acc = accuracy(run, experiment.data.X, experiment.data.Y)
    broken = row_spread(run.network.params["W1"]) > 1e-3
    return Measurement(acc, zero_bias and broken and acc > majority(experiment.data.Y) + 0.1)


def c16_shapes(step, data_seed, init_seed):
    # The step's architecture initialised from the seed, one forward and backward pass on
    # data drawn from the seed: every W[l] and dW[l] is (n[l], n[l-1]).
    from engine import data

    dims = [2, *step.spec.hidden, 1]
    net = Network(dims, "tanh", init="small", init_seed=init_seed)
    flower = data.load("flower", seed=data_seed)
    _, cache = net.forward(flower.X)
    grads = net.backward(cache, flower.Y)
    wrong = sum(net.params[f"W{l}"].shape != (dims[l], dims[l - 1])
                or grads[f"dW{l}"].shape != (dims[l], dims[l - 1]) for l in range(1, len(dims)))
    return Measurement(float(wrong), wrong == 0)


def c17_gradient_check(step, data_seed, init_seed):
    # The step's check (its architecture, Xavier, 20 flower examples) from the seeds.
    from engine import data

    net = Network([2, *step.spec.hidden, 1], "tanh", init="xavier", init_seed=init_seed)
    flower = data.load("flower", seed=data_seed)
    check = gradient_check(net, flower.X[:, ::20], flower.Y[:, ::20])
    return Measurement(check.difference, check.passed)


def c18_boundaries(step, data_seed, init_seed):
    # Logistic regression (a line) against the deepest net of the step on held-out data:
    # holds when the deep net's test accuracy beats the line's by more than 10 points.
    experiment = trained(step, data_seed, init_seed)
    runs = experiment.runs
    line = next(run for run in runs if not run.spec.hidden)
    deep = max(runs, key=lambda run: len(run.spec.hidden))
    X, Y = experiment.test.X, experiment.test.Y
    gap = accuracy(deep, X, Y) - accuracy(line, X, Y)
    return Measurement(gap, gap > 0.10)


DEMONSTRATIONS: tuple[Demonstration, ...] = (
    Demonstration("C1", "activations", "01-layer",
                  "a = g(W x + b) for the layer's seeded W, b, x, with g not linear",
                  "max |a - g(Wx+b)|", c1_layer),
    Demonstration("C2", "why-nonlinear", "03-no-best",
                  "final cost of each activation on each dataset of the step; holds when none "
                  "is best (within 0.5 %) on all", "closest one's excess over best",
                  c2_no_best),
    Demonstration("C3", "activations", "05-sigmoid-output",
                  "the sigmoid output stays in (0, 1) and classifies above the majority class",
                  "train accuracy", c3_sigmoid_output),
    Demonstration("C4", "activations", "07-tanh-vs-sigmoid",
                  "hidden tanh gets below the step's cost threshold sooner than hidden "
                  "sigmoid at the same α", "iterations sigmoid - tanh", c4_tanh_vs_sigmoid),
    Demonstration("C5", "activations", "08-relu-hidden",
                  "hidden ReLU trains the flower: accuracy within 2 points of tanh's or above, "
                  "and 20 points above the majority answer", "accuracy ReLU - tanh (points)",
                  c5_relu_default),
    Demonstration("C6", "activations", "09-dead-relu",
                  "leaky ReLU ends with a cost no higher than ReLU's from the same start",
                  "cost ReLU - leaky", c6_leaky),
    Demonstration("C7", "why-nonlinear", "02-fold",
                  "the folded W, b give the same output as the linear layers one by one",
                  "max |error|", c7_collapse),
    Demonstration("C8", "activations", "10-check-tanh-output",
                  "a linear output unit fits the regression with a lower MSE than a tanh one",
                  "MSE tanh / linear", c8_linear_output),
    Demonstration("C9", "derivatives", "01-sigmoid",
                  "each line of sigmoid's derivation equals the last; the result equals the "
                  "difference quotient", "max |error|", derivation_check),
    Demonstration("C10", "derivatives", "02-tanh",
                  "each line of tanh's derivation equals the last; 1 - a² equals the "
                  "difference quotient", "max |error|", derivation_check),
    Demonstration("C11", "derivatives", "03-relu",
                  "ReLU' is 0 for z < 0, 1 for z > 0 (the difference quotient agrees), and 1 "
                  "at z = 0", "max |error|", piecewise_check("relu")),
    Demonstration("C12", "derivatives", "03-relu",
                  "leaky ReLU' is its slope for z < 0 and 1 for z > 0 (the difference "
                  "quotient agrees)", "max |error|", piecewise_check("leaky_relu")),
    Demonstration("C13", "initialization", "08-check-zeros",
                  "from zero weights the hidden units move but their W1 rows stay identical",
                  "W1 row spread", c13_zero_init),
    Demonstration("C14", "initialization", "06-scale",
                  "share of saturated tanh units over the hidden layers: most at randn × 10, "
                  "none at randn × 0.01", "saturated at ×10", c14_saturation),
    Demonstration("C15", "initialization", "04-random",
                  "random W, zero b: the units' W1 rows differ and the net beats the majority "
                  "class by 10 points", "train accuracy", c15_zero_bias),
    Demonstration("C16", "backprop", "01-shapes",
                  "every W[l] and dW[l] of the step's network has shape (n[l], n[l-1])",
                  "wrong shapes", c16_shapes),
    Demonstration("C17", "backprop", "04-check",
                  "back-propagation's gradient against two-sided differences (< 1e-7)",
                  "relative difference", c17_gradient_check),
    Demonstration("C18", "boundaries", "01-comparison",
                  "the deepest net's test accuracy beats logistic regression's (a line) by "
                  "over 10 points", "test accuracy gap", c18_boundaries),
)


def seeds(n: int) -> list[tuple[int, int]]:
    """The (data seed, init seed) pairs of an n-seed check: 1 … n for both."""
    return [(i, i) for i in range(1, n + 1)]


# -- beside the claims: checks of a step that no claim of the course states ---------------------
def depth_sooner_than_width(step, data_seed, init_seed):
    # The step's wide and deep runs (equal parameter counts, each at its own α) from the
    # seeds: holds when the deep one's cost gets below DEPTH_THRESHOLD first; a run that never
    # does counts as the run's length + 1. Trained only until both got there (the end of the
    # run otherwise): what comes after does not change the answer. Value: wide's iteration
    # over deep's.
    from .mechanisms.boundaries import DEPTH_THRESHOLD

    experiment = reseeded(step.spec, data_seed, init_seed).build()
    reached = [None, None]
    while not experiment.finished and None in reached:
        experiment.advance(100)
        reached = [None if run.diverged else first_iteration_below(run.costs, DEPTH_THRESHOLD)
                   for run in experiment.runs]
    wide, deep = (experiment.total + 1 if at is None else at for at in reached)
    return Measurement(wide / deep, deep < wide)


# "Depth or width" (boundaries): C18 says depth with nonlinear g draws complex boundaries; that
# depth gets there sooner than width at one parameter budget is this step's own measurement,
# so it is not among DEMONSTRATIONS (one per claim) but a check the lesson's tests run.
DEPTH_OR_WIDTH = Demonstration(
    "C18", "boundaries", "08-depth-or-width",
    "at one parameter budget, two tanh layers get the spiral's cost below the step's threshold "
    "before one wide layer does, each at its own α", "iterations wide / deep",
    depth_sooner_than_width)
