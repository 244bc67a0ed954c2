"""Mechanisms of the activation functions: the two explorers (one layer's forward step, the
five shapes), their views and knobs, and the facts and graders of the lesson's training runs
(``lessons/course/activations/lesson.toml``)."""

from __future__ import annotations

import math

import numpy as np

from engine.activations import ACTIVATION_NAMES

from .. import knobs, looks
from ..checkpoints import Prediction, grader
from ..experiments import first_iteration_below
from ..explorers import ActivationExplorer, LayerStep
from ..facts import fact, run_to
from ..i18n import tr, tr_in
from ..wording import Phrase, iteration_or_never, when_first
from ..knobs import Knob
from ..registry import EXPERIMENT_KINDS, KNOBS, VIEWS
from ..views import (DEAD_UNITS, HIDDEN_MEAN, MSE, ActivationFormulas, ActivationPlot,
                     ActivationReadings, LayerArithmetic, LayerTable, percent, train_accuracy)

EXPERIMENT_KINDS.register("layer_step", LayerStep)
EXPERIMENT_KINDS.register("activation_explorer", ActivationExplorer)
for name, view in (("layer_table", LayerTable), ("layer_arithmetic", LayerArithmetic),
                   ("activation_plot", ActivationPlot),
                   ("activation_readings", ActivationReadings),
                   ("activation_formulas", ActivationFormulas)):
    VIEWS.register(name, view)


# -- the explorers' knobs ------------------------------------------------------------------------
@KNOBS.register("layer_activation")
def layer_activation() -> Knob:
    return Knob("activation", "g", ACTIVATION_NAMES, "g", wrap=True, fmt=looks.label,
                describe="the activation g applied to z: next g, previous G")


@KNOBS.register("layer_example")
def layer_example() -> Knob:
    return Knob("example", "example", tuple(range(1, 100)), "x",
                describe="the example x: next x, previous X")


@KNOBS.register("shown_activation")
def shown_activation(names: tuple[str, ...] = ("all", *ACTIVATION_NAMES)) -> Knob:
    """Which function the explorer draws (``all`` of them, or one)."""
    return Knob("shown", "showing", names, "a", wrap=True,
                fmt=lambda name: "all" if name == "all" else looks.label(name),
                describe="which function is drawn: next a, previous A"
                + (" (or all five)" if "all" in names else ""))


@KNOBS.register("show_slopes")
def show_slopes() -> Knob:
    return Knob("show_derivative", "slope g'", (False, True), "d", down_key="", wrap=True,
                fmt=lambda on: "on" if on else "off",
                describe="draw each function's slope g'(z) too (d turns it on and off)")


@KNOBS.register("z_cursor")
def z_cursor() -> Knob:
    return Knob("cursor", "z", knobs.Z_CURSOR, "right", down_key="left", key_display="←/→",
                fmt=lambda z: f"{z:+.2f}", describe="move the cursor along z: → right, ← left")


@KNOBS.register("explorer_leaky_slope")
def explorer_leaky_slope() -> Knob:
    """Leaky ReLU's slope, shown while a leaky ReLU curve is."""
    return knobs.leaky_slope("leaky_slope", applies=lambda spec: spec.shows_leaky)


# -- facts the texts quote, from the runs the panels show -----------------------------------------
@fact("output", "cost", "output_min", "output_max", "min_above_0", "max_below_1", "accuracy",
      "mse")
def output_facts(spec) -> dict:
    experiment = run_to(spec)
    run = experiment.runs[0]
    AL = run.forward().A[-1]
    out = dict(cost=f"{run.costs[-1]:.4f}", output_min=f"{AL.min():.3g}",
               output_max=f"{AL.max():.3g}", min_above_0=f"{AL.min():.1e}",
               max_below_1=f"{1 - AL.max():.1e}", accuracy="—", mse="—")
    if not experiment.regression:
        out["accuracy"] = percent(train_accuracy(run, experiment))
    else:
        out["mse"] = MSE.measure(run, experiment)
    return out


TANH_THRESHOLD = 0.4


def gap_closed(tanh_at: int | None, sigmoid_at: int | None,
               sigmoid_4x_at: int | None) -> float | None:
    """The share of sigmoid's lag behind tanh (iterations to the threshold) that four times
    α removes: 1 when sigmoid at 4α is as fast as tanh, 0 when 4α did not help. None when the
    runs do not measure it (tanh never got there, or sigmoid at α was not slower)."""
    if tanh_at is None or (sigmoid_at is not None and sigmoid_at <= tanh_at):
        return None
    if sigmoid_4x_at is None:
        return 0.0
    if sigmoid_at is None:  # sigmoid at α never got there: 4α removed the whole lag it reached
        return 1.0 if sigmoid_4x_at <= tanh_at else None
    return min(1.0, max(0.0, (sigmoid_at - sigmoid_4x_at) / (sigmoid_at - tanh_at)))  # 1: caught up


def slope_verdict(share: float | None, overshoots: bool = False,
                  threshold: float | None = None, lang: str | None = None) -> str:
    """What the three runs say about the two causes, in one sentence: the slope at z = 0
    (what 4α equalises) or the rest (zero-centring among it). ``overshoots``: sigmoid at 4α
    never got there and ended above sigmoid at α: the step is too large, which says nothing
    about either cause."""
    if overshoots:
        return tr_in(lang, "4α is too large a step for sigmoid here (it ends above sigmoid at "
                           "α): this start does not separate the causes.")
    if share is None:
        return tr_in(lang, "This start does not separate the causes: tanh was not faster at "
                           "the same α.")
    # The share is of the lag in reaching the threshold: the sentence says so (at the run's
    # end sigmoid at 4α may still be above tanh: 0.2626 against 0.2339 on screen).
    threshold = TANH_THRESHOLD if threshold is None else threshold
    # Whole percents rounded down: 99.6 % is not "100 %" beside "most of it" (seed 9).
    percent_closed = f"{math.floor(share * 100 + 1e-9)}%"
    if share >= 1:
        return tr_in(lang, "4α caught up with tanh: on the way to {threshold}, the slope at 0 "
                           "was the whole gap.", threshold=threshold)
    if share >= 0.5:
        return tr_in(lang, "4α removed {share} of the lag to {threshold}: the slope at 0 was "
                           "most of it; the rest has other causes, zero-centring among them.",
                     share=percent_closed, threshold=threshold)
    return tr_in(lang, "4α removed only {share} of the lag to {threshold}: here the slope at 0 "
                       "was the lesser cause.", share=percent_closed, threshold=threshold)


@fact("tanh_vs_sigmoid", "tanh_at", "sigmoid_at", "sigmoid_4x_at", "tanh_cost", "sigmoid_cost",
      "tanh_accuracy", "sigmoid_accuracy", "tanh_mean", "sigmoid_mean", "verdict",
      settings=("threshold",))
def tanh_vs_sigmoid_facts(spec) -> dict:
    """tanh at α, sigmoid at α, sigmoid at 4α (the runs in that order): 4α makes sigmoid's
    slope at z = 0 (1/4) times α equal tanh's (1) times α, so what lag remains is not the
    slope's."""
    experiment = run_to(spec)
    tanh, sigmoid, sigmoid_4x = experiment.runs
    n = spec.iterations
    reached = [first_iteration_below(run.costs, TANH_THRESHOLD) for run in experiment.runs]

    def below(at: int | None) -> Phrase:
        return Phrase(iteration_or_never, (at, n))

    overshoots = reached[2] is None and (sigmoid_4x.diverged
                                         or sigmoid_4x.costs[-1] > sigmoid.costs[-1])
    return dict(
        threshold=TANH_THRESHOLD, tanh_at=below(reached[0]), sigmoid_at=below(reached[1]),
        sigmoid_4x_at=below(reached[2]),
        tanh_cost=f"{tanh.costs[-1]:.3f}", sigmoid_cost=f"{sigmoid.costs[-1]:.3f}",
        tanh_accuracy=percent(train_accuracy(tanh, experiment)),
        sigmoid_accuracy=percent(train_accuracy(sigmoid, experiment)),
        tanh_mean=HIDDEN_MEAN.measure(tanh, experiment),
        sigmoid_mean=HIDDEN_MEAN.measure(sigmoid, experiment),
        verdict=Phrase(slope_verdict, (gap_closed(*reached), overshoots, TANH_THRESHOLD)),
    )


def cost_rises(costs: list[float]) -> int:
    """In how many steps the cost went up: 0 for a smooth descent, many when it jumps."""
    return int(np.sum(np.diff(np.asarray(costs)) > 0))


RELU_THRESHOLD = 0.3
TIE_POINTS = 2  # accuracies closer than this many percentage points are a tie


def accuracy_verdict(first: str, a: float, second: str, b: float,
                     lang: str | None = None) -> str:
    """Two accuracies (0 … 1) compared in words, a tie when they are within TIE_POINTS."""
    points = abs(a - b) * 100
    if points < TIE_POINTS:
        return tr_in(lang, "a tie (within {n} points)", n=TIE_POINTS)
    return tr_in(lang, "{name} ahead by {points:.0f} points", name=first if a > b else second,
              points=points)


@fact("relu_hidden", "relu_at", "tanh_at", "relu_cost", "tanh_cost", "relu_accuracy",
      "tanh_accuracy", "accuracy_verdict", "relu_rises", "tanh_rises", settings=("threshold",))
def relu_hidden_facts(spec) -> dict:
    experiment = run_to(spec)
    relu, tanh = experiment.runs
    n = spec.iterations

    def below(run) -> Phrase:
        return Phrase(iteration_or_never, (first_iteration_below(run.costs, RELU_THRESHOLD), n))

    relu_acc, tanh_acc = (train_accuracy(run, experiment) for run in (relu, tanh))
    return dict(
        threshold=RELU_THRESHOLD, relu_at=below(relu), tanh_at=below(tanh),
        relu_cost=f"{relu.costs[-1]:.3f}", tanh_cost=f"{tanh.costs[-1]:.3f}",
        relu_accuracy=percent(relu_acc), tanh_accuracy=percent(tanh_acc),
        accuracy_verdict=Phrase(accuracy_verdict, ("ReLU", relu_acc, "tanh", tanh_acc)),
        relu_rises=cost_rises(relu.costs), tanh_rises=cost_rises(tanh.costs),
    )


# The dead-ReLU step's runs are short (200 iterations of a small net): its text gives the
# spread over this many starts beside the one on screen, the seed pairs ``dnn-tutor claims``
# uses (``lessons.demonstrations.seeds``).
DEAD_RELU_STARTS = 10
STALLED = 0.9  # a run that ends below this accuracy on xor has stalled


def stalled(run, experiment) -> bool:
    """The run ended below STALLED accuracy, or diverged (it has no accuracy then)."""
    return run.diverged or train_accuracy(run, experiment) < STALLED


@fact("dead_relu", "relu_dead", "relu_accuracy", "leaky_accuracy", "relu_stalled",
      "leaky_stalled", settings=("starts", "stalled_below"))
def dead_relu_facts(spec) -> dict:
    """The run on screen (ReLU, then leaky ReLU), and over DEAD_RELU_STARTS starts (data and
    init seeds 1 … n, the step's settings otherwise) how many of each stalled: measured over
    seeds 0-9 at α 1, the first steps kill ReLU units in every start and most of them stay
    dead in 9, but ReLU stalls only in 6 of 10 (the others fit xor with the units left)."""
    from ..demonstrations import reseeded, seeds  # it reads this module's thresholds

    experiment = run_to(spec)
    relu, leaky = experiment.runs
    counts = [0, 0]
    for data_seed, init_seed in seeds(DEAD_RELU_STARTS):
        start = run_to(reseeded(spec, data_seed, init_seed))
        for i, run in enumerate(start.runs):
            counts[i] += stalled(run, start)
    dead = DEAD_UNITS.measure(relu, experiment)  # per layer; "—" for a diverged run
    return dict(
        relu_dead="—" if relu.diverged else sum(int(c) for c in dead.split()),
        relu_accuracy=percent(train_accuracy(relu, experiment)),
        leaky_accuracy=percent(train_accuracy(leaky, experiment)),
        relu_stalled=counts[0], leaky_stalled=counts[1],
        starts=DEAD_RELU_STARTS, stalled_below=f"{STALLED:.0%}",
    )


# -- graders ---------------------------------------------------------------------------------------
def mse_pair(experiment) -> tuple[float, float]:
    """The MSE of the two runs compared: the linear output's, then the tanh output's."""
    linear, tanh = experiment.runs
    return (float(MSE.measure(linear, experiment)), float(MSE.measure(tanh, experiment)))


@grader("tanh_output_mse")
def tanh_output_mse() -> Prediction:
    """A regression with a linear output (the first run) and a tanh one (the second): is the
    tanh output's MSE less than half the linear one's (0), within 2x (1), more than twice
    (2)? Why: both MSEs, and the tanh outputs' range against the data's."""

    def outcome(experiment) -> int:
        linear, tanh = mse_pair(experiment)
        ratio = tanh / linear
        return 0 if ratio < 0.5 else 1 if ratio <= 2 else 2

    def why(experiment) -> tuple[str, ...]:
        linear, tanh = mse_pair(experiment)
        AL, Y = experiment.runs[1].forward().A[-1], experiment.data.Y
        return (tr("MSE: linear {linear}, tanh {tanh} ({ratio}×).", linear=f"{linear:.4f}",
                   tanh=f"{tanh:.4f}", ratio=f"{tanh / linear:.1f}"),
                tr("tanh's ŷ stay in [{low}, {high}]; the y reach {y_low} … {y_high}.",
                   low=f"{AL.min():.2f}", high=f"{AL.max():.2f}", y_low=f"{Y.min():.2f}",
                   y_high=f"{Y.max():.2f}"))

    return Prediction(outcome, why)


@grader("first_below")
def first_below(threshold: float) -> Prediction:
    """Two runs, each at a rate of its own: which gets its cost below ``threshold`` first?
    Choices in this order: the first run, the second, neither (within the run). A tie, both
    on the same iteration, counts for neither run: the question has no winner then."""

    def reached(experiment) -> list[int | None]:
        return [first_iteration_below(run.costs, threshold) for run in experiment.runs]

    def outcome(experiment) -> int:
        first, second = reached(experiment)
        if first is None and second is None or first == second:
            return 2
        if second is None or (first is not None and first < second):
            return 0
        return 1

    def why(experiment) -> tuple[str, ...]:
        lines = []
        for run, at in zip(experiment.runs, reached(experiment)):
            when = (tr("never in {n} steps", n=experiment.total) if at is None
                    else tr("from iteration {at}", at=at))
            lines.append(tr("{label} (α {rate:g}): below {threshold:g} {when}; cost {cost:.3f} "
                            "at {n}.", label=run.shown_label, rate=run.spec.rate, threshold=threshold,
                            when=when, cost=run.costs[-1], n=experiment.total))
        return tuple(lines)

    return Prediction(outcome, why, (("threshold", threshold),))
