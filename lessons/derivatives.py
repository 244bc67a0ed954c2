"""Lesson 3: Derivatives of activation functions, step by step (claims C9, C10, C11, C12).

The sigmoid's slope derived line by line as the course note writes it, every line evaluated
at a point the learner moves (they all print the same number: each step is an identity); the
same for tanh; ReLU's and leaky ReLU's piecewise slopes and the convention at z = 0; every
slope checked against a finite difference; and the learner's own answer, checked numerically.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.activations import get_activation

from . import looks, knobs
from .i18n import tr


def _expressions():
    """The expression reader and the derivations, loaded when a derivation step is shown
    (their regular expressions and tables are ~8 ms of launch otherwise)."""
    from . import expressions

    return expressions
from .base import Lesson, Step
from .checkpoints import Predict, PredictionCheck
from .experiments import DataSpec, Run, RunSpec, TrainingExperiment, TrainingSpec
from .explorers import ActivationExplorer, Explorer
from .facts import run_to
from .knobs import Knob
from .views import (ACCURACY, COST, ActivationFormulas, ActivationPlot, ActivationReadings,
                     Column, RunTable, View)
from .view_data import Answer, Curves, Derivation, DerivationRow, Line, Notes

Z_PROBES = tuple(round(-4.0 + 0.5 * i, 1) for i in range(17))


# -- a derivation, a line at a time --------------------------------------------------------------
@dataclass(frozen=True)
class DerivationSpec(Explorer):
    """Which derivation (``function``), how many lines are shown, and the probe ``z``."""

    function: str = "sigmoid"
    shown: int = 1
    z: float = 0.5


    @property
    def total(self) -> int:
        return len(_expressions().DERIVATIONS[self.function])


class DerivationView(View):
    data_type = Derivation

    def measure(self, spec: DerivationSpec, size=None) -> Derivation:
        lines = _expressions().DERIVATIONS[spec.function][:spec.shown]
        values = _expressions().line_values(spec.function, spec.z)
        rows = tuple(DerivationRow(line.text, line.reason, f"{value:.6f}")
                     for line, value in zip(lines, values))
        a = float(get_activation(spec.function)(np.array([spec.z]))[0])
        return Derivation(f"{looks.label(spec.function)}'(z)", rows,
                          f"z = {spec.z:+.1f}, a = {a:.4f}", spec.total)


def reveal_knob(total: int) -> Knob:
    return Knob("shown", "lines", tuple(range(1, total + 1)), "down,enter", down_key="up",
                key_display="↓/↑", fmt=lambda n: f"{n} of {total}",
                describe="the next line of the derivation: ↓ or Enter; ↑ hides the last",
                ends=("the first line is the definition", "that was the last line"))


PROBE = Knob("z", "z", Z_PROBES, "right", down_key="left", key_display="←/→",
             fmt=lambda z: f"{z:+.1f}", describe="move the probe z: → right, ← left")


# -- a finite difference over the analytic slope ---------------------------------------------------
@dataclass(frozen=True)
class FiniteDifference(Explorer):
    """g'(z) beside the centred difference (g(z + h) - g(z - h)) / 2h, on a grid of z."""

    function: str = "sigmoid"
    h: float = 1e-3
    leaky_slope: float = 0.01


    @property
    def g(self):
        return get_activation(self.function, self.leaky_slope)

    def grid(self, points: int = 81) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        z = np.linspace(-4.0, 4.0, points)  # includes z = 0 (points odd)
        g = self.g
        analytic = g.derivative(z)
        numeric = (g(z + self.h) - g(z - self.h)) / (2 * self.h)
        return z, analytic, numeric


class FiniteDifferencePlot(View):
    data_type = Curves

    def measure(self, fd: FiniteDifference, size=None) -> Curves:
        z, analytic, numeric = fd.grid()
        color = looks.color(fd.function)
        label = looks.label(fd.function)
        return Curves((Line(f"{label}' (analytic)", z, analytic, color=color),
                       Line("finite difference", z, numeric, color=5, kind="scatter")),
                      title=f"{label}'(z), two ways", xlabel="z", must_show_y=(0.0, 1.0))


class FiniteDifferenceNotes(View):
    data_type = Notes

    def measure(self, fd: FiniteDifference, size=None) -> Notes:
        z, analytic, numeric = fd.grid()
        away = np.abs(z) > 2 * fd.h  # the kink of ReLU and leaky ReLU is its own story
        gap = float(np.max(np.abs(analytic - numeric)[away]))
        lines = [f"(g(z + h) - g(z - h)) / 2h with h = {fd.h:g}",
                 f"largest gap to g'(z) away from 0: {gap:.1e}"]
        if fd.function in ("relu", "leaky_relu"):
            at_zero = float(numeric[np.argmin(np.abs(z))])
            lines.append(f"at z = 0 the difference gives {at_zero:.4g}, the convention "
                         f"says {float(fd.g.derivative(np.array([0.0]))[0]):g}:")
            lines.append("the kink has no slope; one is chosen")
        return Notes(tuple(lines))


FUNCTION = Knob("function", "g", ("sigmoid", "tanh", "relu", "leaky_relu"), "a", wrap=True,
                fmt=looks.label, describe="the function: next a, previous A")


# -- z exactly 0 in a real run ------------------------------------------------------------------------
def _exact_zeros(run: Run, experiment: TrainingExperiment) -> str:
    """How many hidden pre-activations are exactly 0 now, of how many."""
    cache = run.forward()
    Z = [cache.Z[l] for l in range(1, run.network.L)]
    zeros = sum(int(np.count_nonzero(z == 0.0)) for z in Z)
    return f"{zeros} of {sum(z.size for z in Z):,}"


EXACT_ZEROS = Column("z = 0 exactly", _exact_zeros)

RELU_RUN = TrainingSpec(DataSpec("flower"), RunSpec(hidden=(16, 16), activation="relu",
                                                    init="he", learning_rate=0.05),
                        iterations=3000)


def relu_run_facts(spec: TrainingSpec) -> dict:
    experiment = run_to(spec)
    return dict(zeros=_exact_zeros(experiment.runs[0], experiment))


# -- the learner derives -----------------------------------------------------------------------------
@dataclass(frozen=True)
class DeriveExercise(Explorer):
    function: str = "sigmoid"
    answer: str = ""



class AnswerCheck(View):
    data_type = Answer

    def measure(self, exercise: DeriveExercise, size=None) -> Answer:
        label = looks.label(exercise.function)
        prompt = tr("With a = {label}(z), write {label}'(z) in terms of a "
                    "(a*(...), a**2, numbers; z too if you need it):", label=label)
        if not exercise.answer.strip():
            return Answer(prompt, "answer")
        verdict = _expressions().check_derivative(exercise.answer, exercise.function)
        message = (tr("right: it equals the slope at every point checked") if verdict.right
                   else verdict.message)
        return Answer(prompt, "answer", exercise.answer, f"{exercise.answer}: {message}",
                      verdict.right)


# -- checkpoint: two slopes at one z ---------------------------------------------------------------
@dataclass(frozen=True)
class SlopesAt(Explorer):
    """sigmoid and tanh over z, a cursor at ``z``, their slopes drawn once ``show_slopes``."""

    functions: tuple[str, ...] = ("sigmoid", "tanh")
    z: float = 3.0
    show_slopes: bool = False

    def slope(self, name: str) -> float:
        return float(get_activation(name).derivative(np.array([self.z]))[0])

    def value(self, name: str) -> float:
        return float(get_activation(name)(np.array([self.z]))[0])


class SlopesPlot(View):
    """The functions before the learner has chosen; their slopes after (the question is
    about the slopes, and a plot of both would hide one colour under the other)."""

    data_type = Curves

    def measure(self, spec: SlopesAt, size=None) -> Curves:
        z = np.linspace(-5.0, 5.0, 161)
        lines = []
        for name in spec.functions:
            g, look = get_activation(name), looks.ACTIVATIONS[name]
            if spec.show_slopes:
                lines.append(Line(look.label + "'", z, g.derivative(z), color=look.color))
            else:
                lines.append(Line(look.label, z, g(z), color=look.color))
        names = " and ".join(looks.label(n) + ("'" if spec.show_slopes else "")
                             for n in spec.functions)
        return Curves(tuple(lines), title=names, xlabel="z", vlines=(spec.z,),
                      xlim=(-5.0, 5.0),
                      ylim=(-0.05, 1.05) if spec.show_slopes else (-1.1, 1.1),
                      must_show_y=(0.0, 0.25, 1.0) if spec.show_slopes else (0.0, 1.0))


SLOPE_CHOICES = ("sigmoid'(z) is larger", "tanh'(z) is larger", "they are equal")


def slopes_outcome(spec: SlopesAt) -> int:
    sigmoid, tanh = spec.slope("sigmoid"), spec.slope("tanh")
    return 2 if np.isclose(sigmoid, tanh) else 0 if sigmoid > tanh else 1


def slopes_why(spec: SlopesAt) -> tuple[str, ...]:
    a_s, a_t = spec.value("sigmoid"), spec.value("tanh")
    s, t = spec.slope("sigmoid"), spec.slope("tanh")
    return (f"sigmoid: a = {a_s:.4f}, a(1 - a) = {s:.4f}",
            f"tanh: a = {a_t:.4f}, 1 - a² = {t:.4f}")


SLOPES = Predict(f"At z = {SlopesAt().z:g}, which slope is larger?", SLOPE_CHOICES, SlopesAt(),
                 slopes_outcome, slopes_why, reveal=(("show_slopes", True),))

LESSON = Lesson(
    id="derivatives",
    title="Derivatives of activation functions, step by step",
    claims=("C9", "C10", "C11", "C12"),
    summary="sigmoid' = a(1 - a), tanh' = 1 - a², ReLU's and leaky ReLU's piecewise slopes.",
    steps=(
        Step("The sigmoid's slope, line by line", "01-sigmoid.md", DerivationSpec("sigmoid"),
             views=(DerivationView(),), knobs=(reveal_knob(6), PROBE), claims=("C9",)),
        Step("tanh's slope", "02-tanh.md", DerivationSpec("tanh"),
             views=(DerivationView(),), knobs=(reveal_knob(5), PROBE), claims=("C10",)),
        Step("ReLU and leaky ReLU: a kink", "03-relu.md",
             ActivationExplorer(shown="relu", show_derivative=True, cursor=0.0),
             views=(ActivationPlot(), ActivationReadings(), ActivationFormulas()),
             knobs=(Knob("shown", "showing", ("relu", "leaky_relu"), "a", wrap=True,
                         fmt=looks.label, describe="ReLU or leaky ReLU: a"),
                    Knob("cursor", "z", tuple(round(-5.0 + 0.25 * i, 2) for i in range(41)),
                         "right", down_key="left", key_display="←/→",
                         fmt=lambda z: f"{z:+.2f}", describe="move the cursor along z"),
                    knobs.leaky_slope("leaky_slope",
                                      applies=lambda spec: spec.shown == "leaky_relu")),
             claims=("C11", "C12")),
        Step("z = 0 exactly, in a real run", "04-zero.md", RELU_RUN,
             views=(RunTable((COST, ACCURACY, EXACT_ZEROS)),),
             knobs=(knobs.learning_rate(),), pace=300, claims=("C11",), facts=relu_run_facts),
        Step("Checked numerically", "05-check.md", FiniteDifference(),
             views=(FiniteDifferencePlot(), FiniteDifferenceNotes()),
             knobs=(FUNCTION, Knob("h", "h", (1e-1, 1e-2, 1e-3, 1e-4, 1e-5), "k",
                                   fmt=lambda h: f"{h:g}",
                                   describe="the difference's step h: larger k, smaller K")),
             claims=("C9", "C10", "C11", "C12")),
        Step("Your turn", "06-derive.md", DeriveExercise(),
             views=(AnswerCheck(),),
             knobs=(Knob("function", "g", ("sigmoid", "tanh"), "a", wrap=True,
                         fmt=looks.label, describe="the function to derive: a"),),
             claims=("C9", "C10"), checkpoint="derive",
             facts=lambda spec: dict(
                 points=len(_expressions().Z_GRID) + len(_expressions().Z_RANDOM),
                 low=f"{_expressions().Z_GRID[0]:g}", high=f"{_expressions().Z_GRID[-1]:g}")),
        Step("Checkpoint: two slopes at z = 3", "07-check-slopes.md", SLOPES,
             views=(PredictionCheck(), SlopesPlot()), claims=("C9", "C10"),
             checkpoint="predict", facts=lambda spec: dict(z=f"{spec.inner.z:g}")),
    ),
)
