"""Lesson 1: Activation functions (claims C1, C3, C4, C5, C6, C8)."""

from __future__ import annotations

import numpy as np

from engine.activations import ACTIVATION_NAMES

from . import catalog, knobs
from .base import Lesson, Step
from .checkpoints import Predict, PredictionCheck, inner_slots
from .experiments import DataSpec, RunSpec, TrainingSpec, Variant, first_iteration_below
from .explorers import ActivationExplorer, LayerStep
from .facts import run_to
from .knobs import Knob
from .probes import (ACCURACY, ALL_NEGATIVE, CLOSEST_TO_0, CLOSEST_TO_1, COST, DEAD_UNITS,
                     HIDDEN_MEAN, MSE, OUTPUT_RANGE, ActivationFormulas, ActivationPlot, ActivationReadings,
                     CostCurves, DecisionMaps, FitCurve, LayerArithmetic, LayerTable, RunTable,
                     percent, train_accuracy)

# -- the explorers' knobs ----------------------------------------------------------------------------
LAYER_ACTIVATION = Knob("activation", "g", ACTIVATION_NAMES, "g", wrap=True,
                        fmt=lambda name: catalog.label(name),
                        describe="the activation g applied to z: next g, previous G")
EXAMPLE = Knob("example", "example", tuple(range(1, 100)), "x",
               describe="the example x: next x, previous X")

SHOWN = Knob("shown", "showing", ("all", *ACTIVATION_NAMES), "a", wrap=True,
             fmt=lambda name: "all" if name == "all" else catalog.label(name),
             describe="which function is drawn: next a, previous A (or all five)")
DERIVATIVE = Knob("show_derivative", "slope g'", (False, True), "d", down_key="", wrap=True,
                  fmt=lambda on: "on" if on else "off",
                  describe="draw each function's slope g'(z) too (d turns it on and off)")
CURSOR = Knob("cursor", "z", knobs.Z_CURSOR, "right", down_key="left", key_display="←/→",
              fmt=lambda z: f"{z:+.2f}", describe="move the cursor along z: → right, ← left")
SLOPE = knobs.leaky_slope("leaky_slope", applies=lambda spec: spec.shows_leaky)
EXPLORER_KNOBS = (SHOWN, DERIVATIVE, CURSOR, SLOPE)

SHAPE_VIEWS = (ActivationPlot(), ActivationReadings(), ActivationFormulas())


# -- the training steps ------------------------------------------------------------------------------
# Sigmoid at the output: the course's flower network ([2, 4, 1], tanh, randn * 0.01 with
# seed 2, lr 1.2).
SIGMOID_OUTPUT = TrainingSpec(DataSpec("flower"), RunSpec(hidden=(4,), activation="tanh"),
                              iterations=3000)

LINEAR_OUTPUT = TrainingSpec(
    DataSpec("curve"),
    RunSpec(hidden=(16,), activation="tanh", output="linear", init="xavier", learning_rate=0.1),
    iterations=3000)

# tanh vs sigmoid in the hidden layer: the course's flower network, the hidden activation the
# only difference.
TANH_VS_SIGMOID = TrainingSpec(
    DataSpec("flower"), RunSpec(hidden=(4,)),
    (Variant.of("tanh", activation="tanh"), Variant.of("sigmoid", activation="sigmoid")),
    iterations=3000)

# ReLU as the default: two hidden layers of 16 on flower, He init, lr 0.05, beside tanh from
# the same start. At this rate both descend smoothly and end close (ReLU slightly ahead); at
# 0.1 and above the ReLU run's cost starts to jump (measured: rises in ~1100 of 3000 steps).
RELU_HIDDEN = TrainingSpec(
    DataSpec("flower"), RunSpec(hidden=(16, 16), init="he", learning_rate=0.05),
    (Variant.of("ReLU", activation="relu"), Variant.of("tanh", activation="tanh")),
    iterations=3000)

# Dead ReLU units vs leaky ReLU: xor, three hidden layers of 8, He init (seed 1), lr 1. In
# the first ten steps five units of layers 2 and 3 each end up with z < 0 on every example;
# the ReLU ones stay dead and the network stalls near 73 %. The leaky ReLU units in the same
# place keep 0.01 of the gradient, most come back, and it reaches 100 %. At lr 0.5 ReLU
# still loses units but fits xor as well (measured; searched over five datasets, three
# depths, three rates and three seeds for a run where the difference is plain and both
# stay numerically calm: one-layer nets lost units only at rates where the cost blew up).
DEAD_RELU = TrainingSpec(
    DataSpec("xor"), RunSpec(hidden=(8, 8, 8), init="he", init_seed=1, learning_rate=1.0),
    (Variant.of("ReLU", activation="relu"), Variant.of("leaky ReLU", activation="leaky_relu")),
    iterations=200)

TRAINING_KNOBS = (knobs.learning_rate(), knobs.hidden_units())


# -- checkpoints --------------------------------------------------------------------------------------
# C8: the regression of "Linear at the output" with a tanh output unit beside the linear one
# (the same MSE cost, the same start). tanh's outputs stay inside (-1, 1) while the curve's y
# reach beyond ±1.5: measured MSE 0.0099 (linear) vs 0.141 (tanh), 14 times more; over init
# seeds 0-3 the ratio stays between 12 and 15.
TANH_OUTPUT = TrainingSpec(
    DataSpec("curve"),
    RunSpec(hidden=(16,), activation="tanh", init="xavier", learning_rate=0.1),
    (Variant.of("linear output", output="linear"), Variant.of("tanh output", output="tanh")),
    iterations=3000)
MSE_BANDS = ("less than half of linear's", "about the same (within 2×)",
             "more than twice linear's")


def mse_ratio(experiment) -> tuple[float, float]:
    linear, tanh = experiment.runs
    return (float(MSE.measure(linear, experiment)), float(MSE.measure(tanh, experiment)))


def tanh_output_outcome(experiment) -> int:
    linear, tanh = mse_ratio(experiment)
    ratio = tanh / linear
    return 0 if ratio < 0.5 else 1 if ratio <= 2 else 2


def tanh_output_why(experiment) -> tuple[str, ...]:
    linear, tanh = mse_ratio(experiment)
    run = experiment.runs[1]
    AL, Y = run.forward().A[-1], experiment.data.Y
    return (f"MSE: linear {linear:.4f}, tanh {tanh:.4f} ({tanh / linear:.1f}×).",
            f"tanh's ŷ stay in [{AL.min():.2f}, {AL.max():.2f}]; the y reach "
            f"{Y.min():.2f} … {Y.max():.2f}.")


# C5: four hidden layers of 16 on the flower, sigmoid units (Xavier) beside ReLU units (He),
# lr 0.1. Measured at 3000: sigmoid still at cost 0.690 (never below 0.4: the gradient
# reaching its first layers is a product of slopes of at most 0.25), ReLU 0.185, below 0.4
# before iteration 200. At lr 0.05 and 0.3, and with five layers, the same holds.
DEEP_HIDDEN = TrainingSpec(
    DataSpec("flower"), RunSpec(hidden=(16, 16, 16, 16), init_seed=1, learning_rate=0.1),
    (Variant.of("sigmoid", activation="sigmoid", init="xavier"),
     Variant.of("ReLU", activation="relu", init="he")),
    iterations=3000)
DEEP_THRESHOLD = 0.4
WHO_GETS_THERE = ("only sigmoid", "only ReLU", "both", "neither")


def deep_hidden_outcome(experiment) -> int:
    sigmoid, relu = (first_iteration_below(run.costs, DEEP_THRESHOLD) is not None
                     for run in experiment.runs)
    return {(True, False): 0, (False, True): 1, (True, True): 2, (False, False): 3}[
        (sigmoid, relu)]


def deep_hidden_why(experiment) -> tuple[str, ...]:
    lines = []
    for run in experiment.runs:
        at = first_iteration_below(run.costs, DEEP_THRESHOLD)
        when = "never" if at is None else f"from iteration {at}"
        lines.append(f"{run.label}: below {DEEP_THRESHOLD:g} {when}; cost {run.costs[-1]:.3f} "
                     f"at {experiment.total}.")
    return tuple(lines)


# -- facts the texts quote, from the runs the panels show -------------------------------------------
def output_facts(spec: TrainingSpec) -> dict:
    experiment = run_to(spec)
    run = experiment.runs[0]
    AL = run.forward().A[-1]
    out = dict(cost=f"{run.costs[-1]:.4f}", output_min=f"{AL.min():.3g}",
               output_max=f"{AL.max():.3g}", min_above_0=f"{AL.min():.1e}",
               max_below_1=f"{1 - AL.max():.1e}")
    if not experiment.regression:
        out["accuracy"] = percent(train_accuracy(run, experiment))
    else:
        out["mse"] = MSE.measure(run, experiment)
    return out


def tanh_vs_sigmoid_facts(spec: TrainingSpec) -> dict:
    experiment = run_to(spec)
    tanh, sigmoid = experiment.runs
    threshold = 0.4
    n = spec.iterations

    def below(run) -> str:
        at = first_iteration_below(run.costs, threshold)
        return f"never (in {n})" if at is None else str(at)

    return dict(
        threshold=threshold, tanh_at=below(tanh), sigmoid_at=below(sigmoid),
        tanh_cost=f"{tanh.costs[-1]:.3f}", sigmoid_cost=f"{sigmoid.costs[-1]:.3f}",
        tanh_accuracy=percent(train_accuracy(tanh, experiment)),
        sigmoid_accuracy=percent(train_accuracy(sigmoid, experiment)),
        tanh_mean=HIDDEN_MEAN.measure(tanh, experiment),
        sigmoid_mean=HIDDEN_MEAN.measure(sigmoid, experiment),
    )


def cost_rises(costs: list[float]) -> int:
    """In how many steps the cost went up: 0 for a smooth descent, many when it jumps."""
    return int(np.sum(np.diff(np.asarray(costs)) > 0))


def relu_hidden_facts(spec: TrainingSpec) -> dict:
    experiment = run_to(spec)
    relu, tanh = experiment.runs
    return dict(
        relu_cost=f"{relu.costs[-1]:.3f}", tanh_cost=f"{tanh.costs[-1]:.3f}",
        relu_accuracy=percent(train_accuracy(relu, experiment)),
        tanh_accuracy=percent(train_accuracy(tanh, experiment)),
        relu_rises=cost_rises(relu.costs), tanh_rises=cost_rises(tanh.costs),
    )


def dead_relu_facts(spec: TrainingSpec) -> dict:
    experiment = run_to(spec)
    relu, leaky = experiment.runs
    return dict(
        relu_dead=sum(int(c) for c in DEAD_UNITS.measure(relu, experiment).split()),
        relu_accuracy=percent(train_accuracy(relu, experiment)),
        leaky_accuracy=percent(train_accuracy(leaky, experiment)),
    )


LESSON = Lesson(
    id="activations",
    title="Activation functions",
    claims=("C1", "C3", "C4", "C5", "C6", "C8"),
    summary="z = Wx + b, then a = g(z): the shapes of g, and where each one is used.",
    steps=(
        Step("One layer: z = Wx + b, then a = g(z)", "01-layer.md",
             LayerStep(n_x=2, n_units=3, seed=3, activation="relu"),
             views=(LayerTable(), LayerArithmetic()), knobs=(LAYER_ACTIVATION, EXAMPLE),
             claims=("C1",)),
        Step("Five shapes", "02-shapes.md", ActivationExplorer(shown="all"),
             views=SHAPE_VIEWS, knobs=EXPLORER_KNOBS, claims=("C3", "C4", "C5")),
        Step("Slopes: g'(z)", "03-derivatives.md",
             ActivationExplorer(shown="sigmoid", show_derivative=True, cursor=0.0),
             views=SHAPE_VIEWS, knobs=EXPLORER_KNOBS, claims=("C3", "C4")),
        Step("Leaky ReLU: a slope you choose", "04-leaky.md",
             ActivationExplorer(shown="leaky_relu", show_derivative=True, cursor=-2.0),
             views=SHAPE_VIEWS, knobs=EXPLORER_KNOBS, claims=("C6",)),
        Step("Sigmoid at the output of a classifier", "05-sigmoid-output.md", SIGMOID_OUTPUT,
             views=(DecisionMaps(), RunTable((COST, ACCURACY, CLOSEST_TO_0, CLOSEST_TO_1))),
             knobs=TRAINING_KNOBS, pace=300, claims=("C3",), facts=output_facts),
        Step("Linear at the output of a regression", "06-linear-output.md", LINEAR_OUTPUT,
             views=(FitCurve(), RunTable((COST, MSE, OUTPUT_RANGE))),
             knobs=TRAINING_KNOBS, pace=300, claims=("C8",), facts=output_facts),
        Step("tanh vs sigmoid in the hidden layer", "07-tanh-vs-sigmoid.md", TANH_VS_SIGMOID,
             views=(CostCurves(), RunTable((COST, ACCURACY, HIDDEN_MEAN))),
             knobs=TRAINING_KNOBS, pace=300, claims=("C4",), facts=tanh_vs_sigmoid_facts),
        Step("ReLU: the default hidden activation", "08-relu-hidden.md", RELU_HIDDEN,
             views=(CostCurves(), RunTable((COST, ACCURACY))),
             knobs=(knobs.learning_rate(),), pace=300, claims=("C5",), facts=relu_hidden_facts),
        Step("Dead ReLU units, and leaky ReLU", "09-dead-relu.md", DEAD_RELU,
             views=(DecisionMaps(), RunTable((COST, ACCURACY, DEAD_UNITS, ALL_NEGATIVE))),
             knobs=(knobs.learning_rate(), knobs.leaky_slope()), pace=10, claims=("C6",),
             facts=dead_relu_facts),
        Step("Checkpoint: a tanh output for a regression", "10-check-tanh-output.md",
             Predict(f"After {TANH_OUTPUT.iterations} steps, the tanh output's MSE is …",
                     MSE_BANDS, TANH_OUTPUT, tanh_output_outcome, tanh_output_why),
             views=(PredictionCheck(), FitCurve(), RunTable((COST, MSE, OUTPUT_RANGE))),
             pace=300, claims=("C8",), facts=inner_slots, checkpoint="predict"),
        Step("Checkpoint: four layers deep", "11-check-deep.md",
             Predict(f"Which gets its cost below {DEEP_THRESHOLD:g} within "
                     f"{DEEP_HIDDEN.iterations} steps?",
                     WHO_GETS_THERE, DEEP_HIDDEN, deep_hidden_outcome, deep_hidden_why),
             views=(PredictionCheck(), CostCurves(), RunTable((COST, ACCURACY))),
             pace=300, claims=("C5",), checkpoint="predict",
             facts=lambda spec: {**inner_slots(spec), "threshold": f"{DEEP_THRESHOLD:g}"}),
    ),
)
