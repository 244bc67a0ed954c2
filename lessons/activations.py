"""Lesson 1: Activation functions (claims C1, C3, C4, C5, C6, C8)."""

from __future__ import annotations

from .base import Lesson, Step
from .experiments import DataSpec, RunSpec, TrainingExperiment, first_iteration_below

# tanh vs sigmoid in the hidden layer: the course's flower network ([2, 4, 1], randn * 0.01
# with seed 2, lr 1.2), the hidden activation being the only difference.
TANH_VS_SIGMOID = dict(
    runs=(
        RunSpec("tanh", hidden=(4,), activation="tanh"),
        RunSpec("sigmoid", hidden=(4,), activation="sigmoid"),
    ),
    dataset=DataSpec("flower"),
    total_iterations=3000,
)

SIGMOID_OUTPUT = dict(
    runs=(RunSpec("tanh → sigmoid", hidden=(4,), activation="tanh"),),
    dataset=DataSpec("flower"),
    total_iterations=2000,
)

RELU_HIDDEN = dict(
    runs=(RunSpec("ReLU → sigmoid", hidden=(10,), activation="relu", init="he",
                  learning_rate=0.5),),
    dataset=DataSpec("flower"),
    total_iterations=3000,
)

LINEAR_OUTPUT = dict(
    runs=(RunSpec("tanh → linear", hidden=(16,), activation="tanh", output="linear",
                  init="xavier", learning_rate=0.1),),
    dataset=DataSpec("curve"),
    total_iterations=2000,
)


def tanh_vs_sigmoid_facts() -> dict:
    """The numbers the tanh-vs-sigmoid text quotes, from the same run the panel trains."""
    experiment = TrainingExperiment(**TANH_VS_SIGMOID)
    experiment.run_to_end()
    tanh, sigmoid = experiment.trainers
    threshold = 0.4
    n = experiment.total_iterations
    tanh_at = first_iteration_below(tanh.costs, threshold)
    sigmoid_at = first_iteration_below(sigmoid.costs, threshold)
    return dict(
        iterations=n,
        threshold=threshold,
        tanh_at=tanh_at if tanh_at is not None else f"never (in {n})",
        sigmoid_at=sigmoid_at if sigmoid_at is not None else f"never (in {n})",
        tanh_cost=f"{tanh.costs[-1]:.3f}",
        sigmoid_cost=f"{sigmoid.costs[-1]:.3f}",
        tanh_accuracy=f"{tanh.accuracy():.1%}",
        sigmoid_accuracy=f"{sigmoid.accuracy():.1%}",
    )


def _final_facts(spec: dict) -> dict:
    experiment = TrainingExperiment(**spec)
    experiment.run_to_end()
    snap = experiment.snapshot()
    run = snap.runs[0]
    out = dict(
        iterations=experiment.total_iterations,
        cost=f"{run.cost:.4f}",
        output_min=f"{run.output_min:.3g}",
        output_max=f"{run.output_max:.3g}",
        # How close the outputs came to 0 and 1: a sigmoid never reaches either.
        min_above_0=f"{run.output_min:.1e}",
        max_below_1=f"{1 - run.output_max:.1e}",
    )
    if run.accuracy is not None:
        out["accuracy"] = f"{run.accuracy:.1%}"
    return out


def sigmoid_output_facts() -> dict:
    return _final_facts(SIGMOID_OUTPUT)


def relu_hidden_facts() -> dict:
    return _final_facts(RELU_HIDDEN)


def linear_output_facts() -> dict:
    return _final_facts(LINEAR_OUTPUT)


LESSON = Lesson(
    id="activations",
    title="Activation functions",
    claims=("C1", "C3", "C4", "C5", "C6", "C8"),
    summary="z = Wx + b, then a = g(z): the shapes of g, and where each one is used.",
    steps=(
        Step("One layer: z = Wx + b, then a = g(z)", "01-layer.md", "layer",
             dict(n_x=2, n_units=3, seed=3, activation="relu"), claims=("C1",)),
        Step("Five shapes", "02-shapes.md", "activation",
             dict(shown="all", show_derivative=False), claims=("C3", "C4", "C5")),
        Step("Derivatives", "03-derivatives.md", "activation",
             dict(shown="sigmoid", show_derivative=True, cursor=0.0), claims=("C3", "C4")),
        Step("Leaky ReLU: a slope you choose", "04-leaky.md", "activation",
             dict(shown="leaky_relu", show_derivative=True, cursor=-2.0), claims=("C6",)),
        Step("Sigmoid at the output of a classifier", "05-sigmoid-output.md", "training",
             SIGMOID_OUTPUT, claims=("C3",), facts=sigmoid_output_facts),
        Step("Linear at the output of a regression", "06-linear-output.md", "training",
             LINEAR_OUTPUT, claims=("C8",), facts=linear_output_facts),
        Step("ReLU: the default hidden activation", "07-relu-hidden.md", "training",
             RELU_HIDDEN, claims=("C5",), facts=relu_hidden_facts),
        Step("tanh vs sigmoid in the hidden layer", "08-tanh-vs-sigmoid.md", "training",
             TANH_VS_SIGMOID, claims=("C4",), facts=tanh_vs_sigmoid_facts),
    ),
)
